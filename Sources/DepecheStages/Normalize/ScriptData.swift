import Foundation

/// The article text of a page that carries it only in a script's JSON: single-page apps (Next.js
/// `__NEXT_DATA__`, other `<script type="application/json">` data islands) render their article
/// in the browser, so the HTML itself holds a menu and an empty root element.
///
/// The JSON is scanned once, in document order, without building a tree. Every string that reads
/// as prose (words, mostly letters; HTML strings are read as HTML) is filed under its path, with
/// array positions and all-digit keys left out (`props.pageProps.article.body.*.text`), so that
/// the paragraphs of one rich-text body fall together. The path holding the most prose is the
/// article, unless its names say it is something else (`related`, `comments`, `navigation`: the
/// same words as for class names) or it is a list of teasers (objects in an array that also link
/// somewhere: `url`, `slug`, `href`).
enum ScriptData {
    /// Below this, a path's prose is not an article.
    static let minimumBytes = 250
    /// Deeper JSON is not read (a hostile page must not exhaust memory).
    static let maximumDepth = 256
    /// Keys are compared on their first bytes only.
    static let maximumKeyBytes = 64
    /// Keys whose strings are never prose.
    private static let ignoredKeys: Set<String> = [
        "url", "href", "src", "srcset", "id", "slug", "class", "classname", "style", "type", "__typename", "alt",
        "caption", "credit", "credits", "seo", "meta", "metadata", "canonical", "image", "images", "thumbnail",
    ]
    /// Keys that make an object in an array a teaser: it links to another page.
    private static let linkKeys: Set<String> = ["url", "href", "slug", "link", "permalink", "path", "uri"]

    /// The text of the path holding the most prose in `scripts`, paragraphs separated by blank
    /// lines; empty when no path holds `minimumBytes` of prose.
    static func articleText(_ scripts: [String]) -> String {
        var paths = Paths()
        var groups: [Int: Group] = [:]
        var teasers = Set<Int>()
        for script in scripts {
            scan(Array(script.utf8), into: &paths) { path, key, value in
                guard !ignoredKeys.contains(key) else { return }
                let visible = proseBytes(value)
                guard visible > 0 else { return }
                groups[path, default: Group()].append(value, visible: visible)
            } teaser: {
                teasers.formUnion($0)
            }
        }
        let ranked = groups.filter { $0.value.bytes >= minimumBytes && !teasers.contains($0.key) }.sorted {
            $0.value.bytes != $1.value.bytes ? $0.value.bytes > $1.value.bytes : $0.key < $1.key
        }
        guard
            let best = ranked.first(where: {
                let hint = ClassHint(classes: paths.name($0.key).suffix(400).description, id: "")
                return !hint.boilerplate && !hint.weakBoilerplate
            })
        else { return "" }
        return best.value.text()
    }

    /// Paths interned as numbers: a path is its parent's number and its last key.
    struct Paths {
        private struct Step: Hashable {
            var parent: Int
            var key: String
        }
        private var numbers: [Step: Int] = [:]
        private var steps: [Step] = []

        /// The number of `key` under `parent` (-1: the root).
        mutating func child(of parent: Int, _ key: String) -> Int {
            let step = Step(parent: parent, key: key)
            if let number = numbers[step] { return number }
            steps.append(step)
            numbers[step] = steps.count - 1
            return steps.count - 1
        }

        func key(_ path: Int) -> String { path >= 0 ? steps[path].key : "" }

        /// The path's keys, separated by spaces.
        func name(_ path: Int) -> String {
            var keys: [String] = []
            var current = path
            while current >= 0 {
                keys.append(steps[current].key)
                current = steps[current].parent
            }
            return keys.reversed().joined(separator: " ")
        }
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

    /// Calls `body` with each string value of the JSON `bytes`, its path's number in `paths` and
    /// its last key (object keys lowercased, all-digit keys as `#`, array elements as `*`), and `teaser` with
    /// the paths of the strings of each object that sits in an array and has a link key.
    /// Malformed JSON is read as far as it goes.
    static func scan(
        _ bytes: [UInt8],
        into paths: inout Paths,
        _ body: (_ path: Int, _ key: String, _ value: String) -> Void,
        teaser: (_ paths: Set<Int>) -> Void = { _ in }
    ) {
        /// An open object or array: its path's number, and for objects the path of the current
        /// key, whether a link key was seen, and the paths of the strings under it.
        struct Frame {
            var path: Int
            var isObject: Bool
            var keyPath: Int
            var links = false
            var strings = Set<Int>()
        }
        var frames: [Frame] = []
        var expectingKey = false
        var index = 0
        func valuePath() -> Int? {
            guard let top = frames.last else { return nil }
            return top.isObject ? top.keyPath : top.path
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x7B, 0x5B:  // { [
                guard frames.count < maximumDepth else { return }
                let parent = valuePath() ?? -1
                let path = byte == 0x7B ? parent : paths.child(of: parent, "*")
                frames.append(Frame(path: path, isObject: byte == 0x7B, keyPath: path))
                expectingKey = byte == 0x7B
                index += 1
            case 0x7D, 0x5D:  // } ]
                guard let closed = frames.popLast() else { return }
                if closed.isObject, closed.links, frames.last?.isObject == false {
                    teaser(closed.strings)
                }
                if !closed.strings.isEmpty, !frames.isEmpty {
                    frames[frames.count - 1].strings.formUnion(closed.strings)
                }
                expectingKey = false
                index += 1
            case 0x2C:  // ,
                expectingKey = frames.last?.isObject == true
                index += 1
            case 0x3A:  // :
                expectingKey = false
                index += 1
            case 0x22:  // "
                let (value, end) = string(bytes, from: index + 1)
                index = end
                guard !frames.isEmpty else { continue }
                let top = frames.count - 1
                if expectingKey, frames[top].isObject {
                    let key = normalizedKey(value)
                    frames[top].keyPath = paths.child(of: frames[top].path, key)
                    if linkKeys.contains(key) { frames[top].links = true }
                } else if let path = valuePath() {
                    frames[top].strings.insert(path)
                    body(path, paths.key(path), value)
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

    /// A key lowercased and cut to `maximumKeyBytes`; all digits (an id, a position) become `#`.
    private static func normalizedKey(_ key: String) -> String {
        if !key.isEmpty, key.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return "#" }
        return String(key.lowercased().prefix(maximumKeyBytes))
    }
}
