/// One item of an RSS, Atom or JSON Feed, with what fetch keeps of it.
struct FeedItem: Sendable, Hashable {
    /// The article's URL (absolute); empty when the item has none.
    var link = ""
    var guid = ""
    var title = ""
    /// ISO 8601 (see ``FeedDate``); empty when the item gives none or an unreadable one.
    var published = ""
    var modified = ""
    var authors: [String] = []
    /// The item's summary or description, as the feed gives it (often HTML).
    var summary = ""
    /// The item's full content (`content:encoded`, Atom `content`, `content_html`); empty when absent.
    var content = ""
    /// `text/html` or `text/plain`: how ``content`` (or else ``summary``) is written.
    var contentType = "text/html"
    /// The date text as written, when it could not be read (reported as a diagnostic).
    var unreadableDate = ""
    /// References to the feed's DTD entities in the item, left out of its text (a diagnostic).
    var skippedReferences = 0

    /// The full content, else the summary.
    var body: String { content.isEmpty ? summary : content }
}

/// A parsed feed.
struct Feed: Sendable, Hashable {
    enum Format: String, Sendable {
        case rss, atom, rdf
        case jsonFeed = "json-feed"
    }

    var format: Format
    var title: String
    var items: [FeedItem]
}

/// What an XML or JSON document is, from its root.
enum DocumentFormat: Sendable, Hashable {
    case feed
    case sitemap
    case other

    /// Looks at the root element's name (`rss`, `feed`, `RDF` → feed; `urlset`, `sitemapindex`
    /// → sitemap) in the first bytes, without parsing the document.
    static func sniffXML(_ bytes: [UInt8]) -> DocumentFormat {
        var index = 0
        let count = min(bytes.count, 4096)
        while index < count {
            guard let open = bytes[index..<count].firstIndex(of: UInt8(ascii: "<")) else { return .other }
            index = open + 1
            guard index < count else { return .other }
            let next = bytes[index]
            if next == UInt8(ascii: "?") || next == UInt8(ascii: "!") { continue }
            var end = index
            while end < count, bytes[end] > 0x20, bytes[end] != UInt8(ascii: ">"), bytes[end] != UInt8(ascii: "/") {
                end += 1
            }
            var name = String(decoding: bytes[index..<end], as: UTF8.self)
            if let colon = name.lastIndex(of: ":") { name = String(name[name.index(after: colon)...]) }
            switch name.lowercased() {
            case "rss", "feed", "rdf": return .feed
            case "urlset", "sitemapindex": return .sitemap
            default: return .other
            }
        }
        return .other
    }

    /// A JSON Feed says so in its `version` (`https://jsonfeed.org/version/1.1`).
    static func isJSONFeed(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
        return head.contains("jsonfeed.org/version")
    }
}
