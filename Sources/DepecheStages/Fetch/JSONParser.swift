/// Why a line is not the JSON object expected; `column` counts bytes from 1.
struct JSONParseError: Error, Sendable, Hashable {
    var message: String
    var column: Int
}

/// A strict RFC 8259 parser for one JSON Lines record, on bytes (no Foundation, no copies of the
/// line). Only the top-level fields asked for are built; the others are checked and skipped, so a
/// record carrying large unrelated fields costs little. Invalid UTF-8 inside strings is replaced
/// by U+FFFD and reported with ``repairedUTF8``.
struct JSONParser {
    static let maximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private(set) var repairedUTF8 = false

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The top-level object of `line`, with only the fields named in `keys` (the last one wins
    /// when a key repeats), and whether a string had to be repaired.
    static func object(
        in line: [UInt8],
        keeping keys: Set<String>
    ) throws(JSONParseError) -> (fields: [String: JSONValue], repairedUTF8: Bool) {
        let result = line.withUnsafeBufferPointer { buffer -> Result<([String: JSONValue], Bool), JSONParseError> in
            var parser = JSONParser(buffer)
            do throws(JSONParseError) {
                parser.skipWhitespace()
                guard parser.peek() == UInt8(ascii: "{") else {
                    throw parser.failure(parser.peek() == nil ? "empty line" : "expected a JSON object ('{')")
                }
                let fields = try parser.object(depth: 1, keeping: keys)
                parser.skipWhitespace()
                guard parser.index == buffer.count else { throw parser.failure("unexpected text after the object") }
                return .success((fields, parser.repairedUTF8))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    // MARK: Values

    private mutating func value(depth: Int, keep: Bool) throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard let byte = peek() else { throw failure("unexpected end of line") }
        switch byte {
        case UInt8(ascii: "{"):
            return .object(try object(depth: depth + 1, keeping: keep ? nil : []))
        case UInt8(ascii: "["):
            return .array(try array(depth: depth + 1, keep: keep))
        case UInt8(ascii: "\""):
            return .string(try string(keep: keep))
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try number(keep: keep))
        default:
            throw failure("unexpected character '\(Self.display(byte))'")
        }
    }

    /// An object; `keys` limits the fields kept (`nil`: all of them).
    private mutating func object(depth: Int, keeping keys: Set<String>?) throws(JSONParseError) -> [String: JSONValue] {
        guard depth <= Self.maximumDepth else { throw failure("nested deeper than \(Self.maximumDepth) levels") }
        index += 1
        var fields: [String: JSONValue] = [:]
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return fields
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw failure("expected a field name in double quotes") }
            let key = try string(keep: true)
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw failure("expected ':' after the field name \"\(key)\"") }
            index += 1
            let wanted = keys.map { $0.contains(key) } ?? true
            let fieldValue = try value(depth: depth, keep: wanted)
            if wanted { fields[key] = fieldValue }
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ",")?: index += 1
            case UInt8(ascii: "}")?:
                index += 1
                return fields
            case nil: throw failure("unexpected end of line: the object is not closed with '}'")
            default: throw failure("expected ',' or '}'")
            }
        }
    }

    private mutating func array(depth: Int, keep: Bool) throws(JSONParseError) -> [JSONValue] {
        guard depth <= Self.maximumDepth else { throw failure("nested deeper than \(Self.maximumDepth) levels") }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return elements
        }
        while true {
            let element = try value(depth: depth, keep: keep)
            if keep { elements.append(element) }
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ",")?: index += 1
            case UInt8(ascii: "]")?:
                index += 1
                return elements
            case nil: throw failure("unexpected end of line: the array is not closed with ']'")
            default: throw failure("expected ',' or ']'")
            }
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
            UnsafeBufferPointer(start: word.utf8Start, count: count).elementsEqual(bytes[index..<index + count])
        else { throw failure("unexpected character '\(Self.display(bytes[index]))'") }
        index += count
    }

    private mutating func number(keep: Bool) throws(JSONParseError) -> String {
        let begin = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        if peek() == UInt8(ascii: "0") {
            index += 1
        } else if try digits() == 0 {
            throw failure("invalid number")
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard try digits() > 0 else { throw failure("invalid number: expected a digit after '.'") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard try digits() > 0 else { throw failure("invalid number: expected a digit in the exponent") }
        }
        return keep ? String(decoding: bytes[begin..<index], as: UTF8.self) : ""
    }

    private mutating func digits() throws(JSONParseError) -> Int {
        let begin = index
        while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
        return index - begin
    }

    // MARK: Strings

    private mutating func string(keep: Bool) throws(JSONParseError) -> String {
        index += 1
        let begin = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return keep ? makeString(bytes[begin..<index - 1]) : ""
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 {
                throw failure("control character U+00\(Self.hex(byte)) in a string: write it as an escape")
            }
            index += 1
        }
        var decoded = Array(bytes[begin..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return keep ? makeString(decoded[...]) : ""
            case UInt8(ascii: "\\"):
                try escape(into: &decoded)
            case ..<0x20:
                index -= 1
                throw failure("control character U+00\(Self.hex(byte)) in a string: write it as an escape")
            default:
                decoded.append(byte)
            }
        }
        throw failure("unterminated string")
    }

    private mutating func escape(into decoded: inout [UInt8]) throws(JSONParseError) {
        guard let byte = peek() else { throw failure("unterminated string") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(byte)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hexQuad()
            if (0xD800...0xDBFF).contains(scalar) {
                if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                    let save = index
                    index += 2
                    let low = try hexQuad()
                    if (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        index = save
                    }
                }
            }
            if let value = Unicode.Scalar(scalar) {
                decoded.append(contentsOf: UTF8.encode(value)!)
            } else {
                repairedUTF8 = true
                decoded.append(contentsOf: [0xEF, 0xBF, 0xBD])
            }
        default:
            index -= 1
            throw failure("invalid escape '\\\(Self.display(byte))'")
        }
    }

    private mutating func hexQuad() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("invalid \\u escape: expected 4 hexadecimal digits") }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("invalid \\u escape: expected 4 hexadecimal digits")
            }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }

    private mutating func makeString<C: Collection<UInt8>>(_ utf8: C) -> String {
        if let valid = String(validating: utf8, as: UTF8.self) { return valid }
        repairedUTF8 = true
        return String(decoding: utf8, as: UTF8.self)
    }

    // MARK: Helpers

    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    private func failure(_ message: String) -> JSONParseError {
        JSONParseError(message: message, column: index + 1)
    }

    private static func display(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "\\x" + hex(byte)
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
