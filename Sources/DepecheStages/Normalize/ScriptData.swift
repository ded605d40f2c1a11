import Foundation

/// The article text of a page that carries it only in a script's JSON: single-page apps (Next.js
/// `__NEXT_DATA__`, other `<script type="application/json">` data islands) render their article
/// in the browser, so the HTML itself holds a menu and an empty root element.
///
/// The JSON is scanned once, in document order, without building a tree. Every string that reads
/// as prose (words, mostly letters; HTML strings are read as HTML) is filed under its path with
/// array indices and numbers left out (`props.pageProps.article.body.*.text`), so that the
/// paragraphs of one rich-text body fall together. The path holding the most prose is the article,
/// unless its names say it is something else (`related`, `comments`, `navigation`: the same words
/// as for class names).
enum ScriptData {
    /// Below this, a path's prose is not an article.
    static let minimumBytes = 250
    /// Deeper JSON is not read (a hostile page must not exhaust memory).
    static let maximumDepth = 256
    /// Keys whose strings are never prose.
    private static let ignoredKeys: Set<String> = [
        "url", "href", "src", "srcset", "id", "slug", "class", "classname", "style", "type", "__typename", "alt",
        "caption", "credit", "credits", "seo", "meta", "metadata", "canonical", "image", "images", "thumbnail",
    ]

    /// The text of the path holding the most prose in `scripts`, paragraphs separated by blank
    /// lines; empty when no path holds `minimumBytes` of prose.
    static func articleText(_ scripts: [String]) -> String {
        var groups: [String: Group] = [:]
        for script in scripts {
            scan(Array(script.utf8)) { path, value in
                guard let last = path.last, !ignoredKeys.contains(last) else { return }
                let visible = proseBytes(value)
                guard visible > 0 else { return }
                let key = path.joined(separator: ".")
                groups[key, default: Group()].append(value, visible: visible)
            }
        }
        let ranked = groups.filter { $0.value.bytes >= minimumBytes }.sorted {
            $0.value.bytes != $1.value.bytes ? $0.value.bytes > $1.value.bytes : $0.key < $1.key
        }
        guard
            let best = ranked.first(where: {
                let hint = ClassHint(classes: $0.key.replacingOccurrences(of: ".", with: " "), id: "")
                return !hint.boilerplate && !hint.weakBoilerplate
            })
        else { return "" }
        return best.value.text()
    }

    /// The prose strings found under one path, in document order.
    private struct Group {
        var values: [String] = []
        var bytes = 0

        mutating func append(_ value: String, visible: Int) {
            guard values.last != value else { return }
            values.append(value)
            bytes += visible
        }

        /// The strings as text: HTML strings read through the HTML extractor (without its own
        /// script data, so that a page cannot make this recursive).
        func text() -> String {
            values.compactMap { value -> String? in
                guard looksLikeHTML(value) else { return value.trimmingCharacters(in: .whitespacesAndNewlines) }
                return HTMLExtractor.extract(value, scriptData: false)?.text
            }
            .filter { !$0.isEmpty }
            .joined(separator: "\n\n")
        }
    }

    /// The visible bytes of `value` if it reads as prose (four words or more, mostly letters, not
    /// a URL or code), else 0. Tags of HTML strings are not counted.
    static func proseBytes(_ value: String) -> Int {
        var visible = 0
        var letters = 0
        var spaces = 0
        var inTag = false
        var previousSpace = true
        for byte in value.utf8 {
            if byte == 0x3C {
                inTag = true
                continue
            }
            if inTag {
                if byte == 0x3E { inTag = false }
                continue
            }
            if byte == 0x7B || byte == 0x7D { return 0 }  // braces: code, CSS or a template
            if byte <= 0x20 {
                if !previousSpace { spaces += 1 }
                previousSpace = true
                continue
            }
            previousSpace = false
            visible += 1
            // ASCII letters, and every byte of a non-ASCII character (accented and other scripts).
            if (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte >= 0x80 { letters += 1 }
        }
        guard spaces >= 3, letters * 10 >= visible * 6, !value.hasPrefix("http") else { return 0 }
        return visible
    }

    private static func looksLikeHTML(_ value: String) -> Bool {
        value.contains("</") || value.contains("<br") || value.contains("<p>") || value.contains("<p ")
    }

    /// Calls `body` with each string value of the JSON `bytes` and its path: object keys lowercased
    /// with digit runs as `#`, array elements as `*`. Malformed JSON is read as far as it goes.
    static func scan(_ bytes: [UInt8], _ body: (_ path: [String], _ value: String) -> Void) {
        var path: [String] = []
        var isObject: [Bool] = []
        var expectingKey = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x7B, 0x5B:  // { [
                guard isObject.count < maximumDepth else { return }
                isObject.append(byte == 0x7B)
                path.append(byte == 0x7B ? "" : "*")
                expectingKey = byte == 0x7B
                index += 1
            case 0x7D, 0x5D:  // } ]
                guard !isObject.isEmpty else { return }
                isObject.removeLast()
                path.removeLast()
                expectingKey = false
                index += 1
            case 0x2C:  // ,
                expectingKey = isObject.last == true
                index += 1
            case 0x3A:  // :
                expectingKey = false
                index += 1
            case 0x22:  // "
                let (value, end) = string(bytes, from: index + 1)
                index = end
                if expectingKey, !path.isEmpty {
                    path[path.count - 1] = normalizedKey(value)
                } else if !path.isEmpty {
                    body(path, value)
                }
            default:
                index += 1
            }
        }
    }

    /// The string starting after the quote at `start - 1`, unescaped, and the index after its
    /// closing quote.
    private static func string(_ bytes: [UInt8], from start: Int) -> (String, Int) {
        var index = start
        var plain = true
        while index < bytes.count, bytes[index] != 0x22 {
            if bytes[index] == 0x5C {
                plain = false
                index += 1
            }
            index += 1
        }
        let end = min(index, bytes.count)
        let raw = bytes[start..<end]
        let value = plain ? String(decoding: raw, as: UTF8.self) : unescape(raw)
        return (value, min(end + 1, bytes.count))
    }

    private static func unescape(_ raw: ArraySlice<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        var bytes: [UInt8] = []
        var index = raw.startIndex
        func flush() {
            scalars.append(contentsOf: String(decoding: bytes, as: UTF8.self).unicodeScalars)
            bytes.removeAll(keepingCapacity: true)
        }
        func hex(at position: Int) -> UInt32? {
            guard position + 4 <= raw.endIndex else { return nil }
            return UInt32(String(decoding: raw[position..<position + 4], as: UTF8.self), radix: 16)
        }
        while index < raw.endIndex {
            let byte = raw[index]
            guard byte == 0x5C, index + 1 < raw.endIndex else {
                bytes.append(byte)
                index += 1
                continue
            }
            let escaped = raw[index + 1]
            index += 2
            switch escaped {
            case 0x6E: bytes.append(0x0A)  // n
            case 0x74: bytes.append(0x09)  // t
            case 0x72: bytes.append(0x0D)  // r
            case 0x62, 0x66: bytes.append(0x20)  // b, f
            case 0x75:  // u
                guard var code = hex(at: index) else { continue }
                index += 4
                if code >= 0xD800, code < 0xDC00, index + 6 <= raw.endIndex, raw[index] == 0x5C, raw[index + 1] == 0x75,
                    let low = hex(at: index + 2), low >= 0xDC00, low < 0xE000
                {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                flush()
                scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            default: bytes.append(escaped)  // " \ / and anything else
            }
        }
        flush()
        return String(scalars)
    }

    private static func normalizedKey(_ key: String) -> String {
        var result = ""
        var previousDigit = false
        for character in key.lowercased() {
            if character.isASCII, character.isNumber {
                if !previousDigit { result.append("#") }
                previousDigit = true
            } else {
                result.append(character)
                previousDigit = false
            }
        }
        return result
    }
}
