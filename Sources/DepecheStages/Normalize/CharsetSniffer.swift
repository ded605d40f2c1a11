/// Finds the character set a document declares inside itself, by scanning its first bytes as
/// ASCII (every declaration that matters is ASCII-compatible).
enum CharsetSniffer {
    /// How far into an HTML page a `<meta>` declaration is looked for.
    static let htmlScanLength = 4096

    /// `<meta charset="...">` or `<meta http-equiv="Content-Type" content="...; charset=...">`.
    static func htmlMetaCharset(_ bytes: [UInt8]) -> String? {
        let head = lowercasedASCII(bytes.prefix(htmlScanLength))
        var searchStart = head.startIndex
        while let meta = find(Array("<meta".utf8), in: head[...], from: searchStart) {
            let tagEnd = head[meta...].firstIndex(of: UInt8(ascii: ">")) ?? head.endIndex
            let tag = head[meta..<tagEnd]
            if let value = attributeValue(named: "charset", in: tag) {
                return value
            }
            if attributeValue(named: "http-equiv", in: tag) == "content-type",
                let content = attributeValue(named: "content", in: tag),
                let charsetStart = find(Array("charset=".utf8), in: Array(content.utf8)[...], from: 0)
            {
                let rest = Array(content.utf8)[(charsetStart + 8)...]
                let value = rest.prefix { !" ;\"'".utf8.contains($0) }
                if !value.isEmpty { return String(decoding: value, as: UTF8.self) }
            }
            searchStart = tagEnd
        }
        return nil
    }

    /// The `encoding` of an XML declaration (`<?xml version="1.0" encoding="ISO-8859-1"?>`).
    static func xmlDeclarationEncoding(_ bytes: [UInt8]) -> String? {
        let head = lowercasedASCII(bytes.prefix(256))
        var start = 0
        while start < head.count, " \t\r\n".utf8.contains(head[start]) { start += 1 }
        guard head[start...].starts(with: Array("<?xml".utf8)) else { return nil }
        let end = find(Array("?>".utf8), in: head[...], from: start) ?? head.count
        return attributeValue(named: "encoding", in: head[start..<end])
    }

    private static func lowercasedASCII(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    }

    /// The index of the first `needle` in `haystack` at or after `start` (indices of the slice).
    private static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>, from start: Int) -> Int? {
        let last = haystack.endIndex - needle.count
        var index = max(start, haystack.startIndex)
        while index <= last {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }

    /// The value of `name=` (quoted or not) in a lowercased tag; `nil` when absent or empty.
    private static func attributeValue(named name: String, in tag: ArraySlice<UInt8>) -> String? {
        let pattern = Array(name.utf8)
        var index = tag.startIndex
        while index < tag.endIndex {
            guard let nameStart = find(pattern, in: tag, from: index) else { return nil }
            var cursor = nameStart + pattern.count
            index = cursor
            // The name must stand alone: `http-equiv` must not match `equiv`, `xcharset` not `charset`.
            if nameStart > tag.startIndex {
                let before = tag[nameStart - 1]
                guard
                    before == 0x20 || before == 0x09 || before == 0x0A || before == 0x0D || before == 0x22
                        || before == 0x27 || before == 0x2F
                else { continue }
            }
            while cursor < tag.endIndex, tag[cursor] == 0x20 { cursor += 1 }
            guard cursor < tag.endIndex, tag[cursor] == UInt8(ascii: "=") else { continue }
            cursor += 1
            while cursor < tag.endIndex, tag[cursor] == 0x20 { cursor += 1 }
            guard cursor < tag.endIndex else { return nil }
            let quote = tag[cursor]
            var value: ArraySlice<UInt8>
            if quote == 0x22 || quote == 0x27 {
                let rest = tag[(cursor + 1)...]
                value = rest.prefix { $0 != quote }
            } else {
                value = tag[cursor...].prefix { !" \t\r\n/>;".utf8.contains($0) }
            }
            let text = String(decoding: value, as: UTF8.self).trimmingASCIIWhitespace()
            return text.isEmpty ? nil : String(text)
        }
        return nil
    }
}
