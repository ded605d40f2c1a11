/// Writes one JSON object with keys in the order given: fast, deterministic, no Foundation.
///
/// Strings are escaped per RFC 8259 (quote, backslash, control characters); other characters,
/// non-ASCII included, are written as UTF-8.
public struct JSONObjectWriter: Sendable {
    private var output = "{"
    private var first = true

    public init() {}

    private mutating func key(_ name: String) {
        if !first { output += "," }
        first = false
        JSONObjectWriter.appendString(name, to: &output)
        output += ":"
    }

    public mutating func field(_ name: String, _ value: String) {
        key(name)
        JSONObjectWriter.appendString(value, to: &output)
    }

    public mutating func field(_ name: String, _ value: Int) {
        key(name)
        output += String(value)
    }

    public mutating func field(_ name: String, _ value: Bool) {
        key(name)
        output += value ? "true" : "false"
    }

    /// A value already encoded as JSON (a nested object or array).
    public mutating func field(_ name: String, json: String) {
        key(name)
        output += json
    }

    public mutating func finish() -> String {
        output += "}"
        return output
    }

    /// Appends `value` as a quoted JSON string.
    public static func appendString(_ value: String, to output: inout String) {
        output += "\""
        var pending = value.unicodeScalars.startIndex
        let scalars = value.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let escape: String?
            switch scalar {
            case "\"": escape = "\\\""
            case "\\": escape = "\\\\"
            case "\n": escape = "\\n"
            case "\r": escape = "\\r"
            case "\t": escape = "\\t"
            case "\u{08}": escape = "\\b"
            case "\u{0C}": escape = "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: escape = nil
            }
            if let escape {
                output.unicodeScalars.append(contentsOf: scalars[pending..<index])
                output += escape
                pending = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        output.unicodeScalars.append(contentsOf: scalars[pending..<scalars.endIndex])
        output += "\""
    }
}
