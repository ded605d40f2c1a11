import DepecheCore

/// Turns raw bytes into a Swift string: BOM first, then the declared character sets in order,
/// except that bytes which are valid UTF-8 are read as UTF-8 whatever the declaration says.
/// Undeclared bytes that are not UTF-8 are read as windows-1252 (what browsers do for
/// ISO-8859-1 and unlabelled Western pages).
enum ByteDecoder {
    struct Decoded: Sendable, Hashable {
        var text: String
        /// The character set actually used, lowercase (`utf-8`, `windows-1252`, ...).
        var charset: String
        var findings: [Finding] = []
    }

    /// A character set declaration and where it was found (`transport`, `<meta>`, ...), for messages.
    struct Declaration: Sendable, Hashable {
        var label: String
        var origin: String
    }

    /// The character set of a byte order mark, and its length.
    static func byteOrderMark(_ bytes: [UInt8]) -> (charset: String, length: Int)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return ("utf-8", 3) }
        if bytes.starts(with: [0xFF, 0xFE]) { return ("utf-16le", 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return ("utf-16be", 2) }
        return nil
    }

    static func decode(_ bytes: [UInt8], declarations: [Declaration]) -> Decoded {
        if let bom = byteOrderMark(bytes) {
            return decode(bytes[bom.length...], as: bom.charset)
        }
        let declared = declarations.lazy.compactMap { declaration -> (String, Declaration)? in
            guard let name = Charset.canonicalName(declaration.label) else { return nil }
            return (name, declaration)
        }.first
        if let (name, _) = declared, name.hasPrefix("utf-16") {
            return decode(bytes[...], as: name)
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            var decoded = Decoded(text: text, charset: "utf-8")
            if let (name, declaration) = declared, name != "utf-8", bytes.contains(where: { $0 >= 0x80 }) {
                decoded.findings.append(
                    Finding(
                        "charset-mismatch",
                        .info,
                        "\(declaration.origin) declares '\(declaration.label)' but the bytes are valid UTF-8; read as UTF-8"
                    )
                )
            }
            return decoded
        }
        if let (name, declaration) = declared, name != "utf-8" {
            if Charset.canDecode(name) {
                return decode(bytes[...], as: name)
            }
            var fallback = decodeUndeclared(bytes)
            fallback.findings.insert(
                Finding(
                    "unknown-charset",
                    .warning,
                    "\(declaration.origin) declares '\(declaration.label)', which cannot be decoded here; read as \(fallback.charset)"
                ),
                at: 0
            )
            return fallback
        }
        var decoded = decodeUndeclared(bytes)
        if let (_, declaration) = declared, decoded.charset != "utf-8" {
            decoded.findings.append(
                Finding(
                    "charset-mismatch",
                    .info,
                    "\(declaration.origin) declares '\(declaration.label)' but the bytes are not UTF-8; read as windows-1252"
                )
            )
        }
        return decoded
    }

    /// Bytes that are not valid UTF-8 and declare nothing usable: UTF-8 with some broken
    /// sequences (at most two per valid multibyte one) stays UTF-8, each broken sequence becoming
    /// U+FFFD; otherwise windows-1252.
    private static func decodeUndeclared(_ bytes: [UInt8]) -> Decoded {
        let survey = UTF8Survey(bytes)
        // Text in windows-1252 almost never forms a valid UTF-8 multibyte sequence by chance.
        if survey.validMultibyte > 0, survey.validMultibyte * 2 >= survey.invalid {
            return decode(bytes[...], as: "utf-8")
        }
        return Decoded(text: Charset.decodeWindows1252(bytes[...]), charset: "windows-1252")
    }

    /// Decodes with a known character set, reporting replaced sequences.
    private static func decode(_ bytes: ArraySlice<UInt8>, as charset: String) -> Decoded {
        switch charset {
        case "utf-8":
            let (text, invalid) = Charset.decodeUTF8(bytes)
            var decoded = Decoded(text: text, charset: "utf-8")
            if invalid > 0 {
                decoded.findings.append(
                    Finding(
                        "invalid-utf8",
                        .warning,
                        "\(invalid) invalid UTF-8 sequence\(invalid == 1 ? " was" : "s were") replaced by U+FFFD"
                    )
                )
            }
            return decoded
        default:
            let result = Charset.decode(bytes, charset: charset) ?? (Charset.decodeWindows1252(bytes), 0)
            var decoded = Decoded(text: result.text, charset: charset)
            if result.invalid > 0 {
                decoded.findings.append(
                    Finding(
                        "invalid-bytes",
                        .warning,
                        "\(result.invalid) byte sequences invalid in \(charset) were replaced by U+FFFD"
                    )
                )
            }
            return decoded
        }
    }
}

/// Counts, in bytes that failed UTF-8 validation, the well-formed multibyte sequences and the
/// ill-formed ones (each maximal ill-formed subpart counts once, as it becomes one U+FFFD).
struct UTF8Survey {
    var validMultibyte = 0
    var invalid = 0

    init(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBufferPointer { survey($0) }
    }

    init(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { survey($0) }
    }

    private mutating func survey(_ bytes: UnsafeBufferPointer<UInt8>) {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // The allowed range of the second byte and the sequence length (Unicode table 3-7).
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default:
                invalid += 1
                index += 1
                continue
            }
            // A maximal subpart: the lead plus as many valid continuation bytes as there are.
            var consumed = 1
            while consumed < length, index + consumed < count {
                let byte = bytes[index + consumed]
                let valid = consumed == 1 ? (low...high).contains(byte) : (0x80...0xBF).contains(byte)
                guard valid else { break }
                consumed += 1
            }
            if consumed == length {
                validMultibyte += 1
            } else {
                invalid += 1
            }
            index += consumed
        }
    }
}
