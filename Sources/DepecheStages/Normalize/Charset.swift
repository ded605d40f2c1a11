#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Character set names and the decoders behind them: UTF-8, UTF-16 and windows-1252 in Swift,
/// everything else through the C library's iconv.
enum Charset {
    /// Labels that mean UTF-8, windows-1252 or UTF-16 (WHATWG reads ISO-8859-1 and ASCII as windows-1252).
    private static let aliases: [String: String] = [
        "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8", "x-unicode20utf8": "utf-8", "unicode11utf8": "utf-8",
        "iso-8859-1": "windows-1252", "iso8859-1": "windows-1252", "iso_8859-1": "windows-1252",
        "iso88591": "windows-1252", "latin1": "windows-1252", "latin-1": "windows-1252", "l1": "windows-1252",
        "cp819": "windows-1252", "ibm819": "windows-1252", "iso-ir-100": "windows-1252",
        "iso_8859-1:1987": "windows-1252", "csisolatin1": "windows-1252", "us-ascii": "windows-1252",
        "ascii": "windows-1252", "ansi_x3.4-1968": "windows-1252", "cp1252": "windows-1252",
        "x-cp1252": "windows-1252", "windows1252": "windows-1252",
        "utf-16": "utf-16le", "utf16": "utf-16le", "unicode": "utf-16le", "ucs-2": "utf-16le",
        "utf16le": "utf-16le", "utf16be": "utf-16be",
        // Labels browsers accept that iconv does not know, mapped to the superset browsers use.
        "euc_kr": "cp949", "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "ksc5601": "cp949", "windows-949": "cp949",
        "x-sjis": "cp932", "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "ms_kanji": "cp932",
        "gb2312": "gbk", "x-gbk": "gbk", "chinese": "gbk", "csgb2312": "gbk", "x-euc-jp": "euc-jp",
        "iso-8859-8-i": "iso-8859-8", "x-mac-roman": "macintosh", "mac": "macintosh",
    ]

    /// The lowercase name used by the decoders, or `nil` for an empty label.
    static func canonicalName(_ label: String) -> String? {
        let trimmed = label.trimmingASCIIWhitespace(extra: ["\"", "'"]).lowercased()
        guard !trimmed.isEmpty, trimmed.count <= 40 else { return nil }
        return aliases[trimmed] ?? trimmed
    }

    static func canDecode(_ name: String) -> Bool {
        switch name {
        case "utf-8", "windows-1252", "utf-16le", "utf-16be": return true
        default:
            // iconv_open allocates a conversion descriptor; iconv_close frees it right away.
            let descriptor = iconv_open("UTF-8", name)
            guard descriptor != iconv_t(bitPattern: -1) else { return false }
            iconv_close(descriptor)
            return true
        }
    }

    /// The text and the number of sequences replaced by U+FFFD, or `nil` for an unknown charset.
    static func decode(_ bytes: ArraySlice<UInt8>, charset: String) -> (text: String, invalid: Int)? {
        switch charset {
        case "utf-8": decodeUTF8(bytes)
        case "windows-1252": (decodeWindows1252(bytes), 0)
        case "utf-16le": decodeUTF16(bytes, bigEndian: false)
        case "utf-16be": decodeUTF16(bytes, bigEndian: true)
        default: decodeWithIconv(bytes, charset: charset)
        }
    }

    static func decodeUTF8(_ bytes: ArraySlice<UInt8>) -> (text: String, invalid: Int) {
        if let text = String(validating: bytes, as: UTF8.self) { return (text, 0) }
        return (String(decoding: bytes, as: UTF8.self), UTF8Survey(bytes).invalid)
    }

    /// Code points of windows-1252 bytes 0x80...0x9F (the five undefined ones map to C1 controls,
    /// as in the WHATWG encoding standard; the text cleaner drops those).
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    static func decodeWindows1252(_ bytes: ArraySlice<UInt8>) -> String {
        // Each byte becomes at most 3 UTF-8 bytes (the euro sign and the quotes are 3).
        String(unsafeUninitializedCapacity: bytes.count * 3) { output in
            var written = 0
            for byte in bytes {
                if byte < 0x80 {
                    output[written] = byte
                    written += 1
                    continue
                }
                let value = byte < 0xA0 ? windows1252High[Int(byte - 0x80)] : UInt32(byte)
                if value < 0x800 {
                    output[written] = UInt8(0xC0 | value >> 6)
                    output[written + 1] = UInt8(0x80 | value & 0x3F)
                    written += 2
                } else {
                    output[written] = UInt8(0xE0 | value >> 12)
                    output[written + 1] = UInt8(0x80 | (value >> 6) & 0x3F)
                    output[written + 2] = UInt8(0x80 | value & 0x3F)
                    written += 3
                }
            }
            return written
        }
    }

    private static func decodeUTF16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> (text: String, invalid: Int) {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let first = UInt16(bytes[index])
            let second = UInt16(bytes[index + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        var invalid = index < bytes.endIndex ? 1 : 0
        var scalars = String.UnicodeScalarView()
        var parser = Unicode.UTF16.ForwardParser()
        var iterator = units.makeIterator()
        loop: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): scalars.append(UTF16.decode(encoded))
            case .error:
                invalid += 1
                scalars.append("\u{FFFD}")
            case .emptyInput: break loop
            }
        }
        if index < bytes.endIndex { scalars.append("\u{FFFD}") }
        return (String(scalars), invalid)
    }

    /// Any other character set, through iconv. Each byte iconv rejects becomes one U+FFFD.
    private static func decodeWithIconv(_ bytes: ArraySlice<UInt8>, charset: String) -> (text: String, invalid: Int)? {
        // iconv_open allocates a conversion descriptor; the deferred iconv_close frees it.
        let descriptor = iconv_open("UTF-8", charset)
        guard descriptor != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(descriptor) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 2)
        var invalid = 0
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = Array(bytes)
        input.withUnsafeMutableBytes { inputBuffer in
            guard let base = inputBuffer.baseAddress else { return }
            var inPointer: UnsafeMutablePointer<CChar>? = base.assumingMemoryBound(to: CChar.self)
            var inLeft = inputBuffer.count
            chunk.withUnsafeMutableBytes { chunkBuffer in
                let chunkStart = chunkBuffer.baseAddress!.assumingMemoryBound(to: CChar.self)
                while inLeft > 0 {
                    var outPointer: UnsafeMutablePointer<CChar>? = chunkStart
                    var outLeft = chunkBuffer.count
                    let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    let produced = chunkBuffer.count - outLeft
                    output.append(contentsOf: UnsafeRawBufferPointer(start: chunkBuffer.baseAddress, count: produced))
                    guard result == -1 else { continue }
                    switch errno {
                    case E2BIG:
                        continue
                    case EILSEQ:
                        invalid += 1
                        output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                        inPointer = inPointer.map { $0 + 1 }
                        inLeft -= 1
                    default:
                        // EINVAL: an incomplete sequence at the end of the input.
                        invalid += 1
                        output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                        inLeft = 0
                    }
                }
            }
        }
        return (String(decoding: output, as: UTF8.self), invalid)
    }
}

extension StringProtocol {
    /// The string without leading and trailing ASCII white space (and `extra` characters).
    func trimmingASCIIWhitespace(extra: Set<Character> = []) -> Substring {
        var slice = self[...]
        while let first = slice.first, (first.isASCII && first.isWhitespace) || extra.contains(first) {
            slice.removeFirst()
        }
        while let last = slice.last, (last.isASCII && last.isWhitespace) || extra.contains(last) {
            slice.removeLast()
        }
        return Substring(slice)
    }
}
