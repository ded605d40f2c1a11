/// A sitemap (`<urlset>`) or a sitemap index (`<sitemapindex>`), news sitemaps included.
enum Sitemap: Sendable, Hashable {
    /// One page listed by a sitemap.
    struct Entry: Sendable, Hashable {
        var location: String
        /// `lastmod`, ISO 8601; empty when absent or unreadable.
        var lastModified = ""
        /// `news:publication_date`, ISO 8601.
        var published = ""
        /// `news:title`.
        var title = ""
        /// `news:publication/news:language`.
        var language = ""
        /// `news:publication/news:name`.
        var publicationName = ""
        /// The sitemap that lists the entry.
        var sitemap = ""
    }

    case urls([Entry])
    /// Child sitemaps, with their `lastmod`.
    case index([Entry])

    /// A sitemap that cannot be read (the XML parser's failure type, shared with feeds).
    typealias Failure = XMLTree.Failure

    static let newsNamespace = "http://www.google.com/schemas/sitemap-news/0.9"

    /// Parses `bytes` (already decompressed); relative locations are resolved against `base`.
    static func parse(_ bytes: [UInt8], base: String) throws -> Sitemap {
        let root = try XMLTree.parse(bytes)
        let baseURL = URLParts(base)
        func entry(_ element: XMLElement) -> Entry? {
            let location = element.childText("loc")
            guard !location.isEmpty else { return nil }
            var result = Entry(location: baseURL?.resolve(location) ?? location)
            if let date = FeedDate.iso8601(element.childText("lastmod")) { result.lastModified = date.iso }
            if let news = element.child("news", namespace: newsNamespace) {
                if let date = FeedDate.parse(news.childText("publication_date")) { result.published = date.iso }
                result.title = news.childText("title")
                if let publication = news.child("publication") {
                    result.language = publication.childText("language")
                    result.publicationName = publication.childText("name")
                }
            }
            return result
        }
        switch root.name {
        case "urlset":
            return .urls(root.children("url").compactMap(entry))
        case "sitemapindex":
            return .index(root.children("sitemap").compactMap(entry))
        default:
            throw Failure(message: "the root element is <\(root.name)>, not <urlset> or <sitemapindex>")
        }
    }
}
