/// A `Content-Type` header value split into its MIME type and charset.
struct MediaType: Sendable, Hashable {
    /// Lowercase, without parameters (`text/html`); empty when absent.
    var type: String
    /// Lowercase, unquoted; empty when absent.
    var charset: String

    init(type: String, charset: String = "") {
        self.type = type
        self.charset = charset
    }

    /// Parses `text/html; charset="ISO-8859-1"`; tolerant of spaces and case.
    init(header: String?) {
        guard let header else {
            self.init(type: "")
            return
        }
        let parts = header.split(separator: ";", omittingEmptySubsequences: false)
        let type = parts.first.map { $0.trimmingASCIISpaces().lowercased() } ?? ""
        var charset = ""
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingASCIISpaces().lowercased() == "charset" else { continue }
            var value = pair[1].trimmingASCIISpaces()
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            charset = value.lowercased()
        }
        self.init(type: type, charset: charset)
    }

    var isHTML: Bool { type == "text/html" || type == "application/xhtml+xml" }
    var isXML: Bool { type.hasSuffix("/xml") || type.hasSuffix("+xml") }
    var isJSON: Bool { type.hasSuffix("/json") || type.hasSuffix("+json") }
    var isText: Bool { type.hasPrefix("text/") }
    var isGzip: Bool { type == "application/gzip" || type == "application/x-gzip" }
}

extension StringProtocol {
    /// The string without leading and trailing spaces, tabs, CR and LF.
    func trimmingASCIISpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
