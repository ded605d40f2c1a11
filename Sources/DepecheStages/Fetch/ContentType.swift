/// Content types fetch assigns, by extension or by the first bytes.
enum ContentType {
    static let plainText = "text/plain"
    static let html = "text/html"
    static let xml = "application/xml"

    /// The type for a known extension (lowercase, without the dot), or `nil`.
    static func forExtension(_ fileExtension: String) -> String? {
        switch fileExtension {
        case "txt", "text": plainText
        case "html", "htm", "xhtml": html
        case "xml": xml
        default: nil
        }
    }

    /// Guesses from the first bytes: `<html` or `<!doctype html` is HTML, `<?xml` is XML, anything
    /// else plain text. A UTF-8 byte order mark and leading white space are skipped; case is ignored.
    static func sniff(_ bytes: [UInt8]) -> String {
        var index = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D, 0x0C].contains(bytes[index]) { index += 1 }
        let head = bytes[index..<min(bytes.count, index + 14)].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        if head.starts(with: Array("<html".utf8)) || head.starts(with: Array("<!doctype html".utf8)) {
            return html
        }
        if head.starts(with: Array("<?xml".utf8)) { return xml }
        return plainText
    }
}
