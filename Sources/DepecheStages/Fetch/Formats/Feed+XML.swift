extension Feed {
    /// A feed or sitemap that cannot be read: the XML parser's failure, whose message the
    /// format's own checks share.
    typealias Failure = XMLTree.Failure

    static let contentNamespace = "http://purl.org/rss/1.0/modules/content/"
    static let dublinCoreNamespace = "http://purl.org/dc/elements/1.1/"

    /// Parses RSS 2.0 (and 0.9x), RSS 1.0 (RDF) or Atom; relative links are resolved against `base`.
    static func parseXML(_ bytes: [UInt8], base: String) throws -> Feed {
        let root = try XMLTree.parse(bytes)
        let baseURL = URLParts(base)
        func absolute(_ link: String) -> String {
            guard !link.isEmpty else { return "" }
            return baseURL?.resolve(link) ?? link
        }
        switch root.name.lowercased() {
        case "rss":
            guard let channel = root.child("channel") else { throw Failure(message: "an RSS feed without <channel>") }
            let items = channel.children("item").map { rssItem($0, absolute) }
            return Feed(format: .rss, title: channel.childText("title"), items: items)
        case "rdf":
            let channel = root.child("channel")
            let items = root.children("item").map { rssItem($0, absolute) }
            return Feed(format: .rdf, title: channel?.childText("title") ?? "", items: items)
        case "feed":
            let items = root.children("entry").map { atomEntry($0, absolute) }
            return Feed(format: .atom, title: root.childText("title"), items: items)
        default:
            throw Failure(message: "the root element is <\(root.name)>, not <rss>, <feed> or <rdf:RDF>")
        }
    }

    private static func rssItem(_ item: XMLElement, _ absolute: (String) -> String) -> FeedItem {
        var result = FeedItem()
        result.skippedReferences = item.skippedReferences
        result.title = item.childText("title")
        let guid = item.child("guid")
        result.guid = guid?.text.trimmingASCIISpaces() ?? ""
        var link = item.childText("link")
        if link.isEmpty, let guid, guid.attributes["isPermaLink"] != "false", result.guid.contains("://") {
            link = result.guid
        }
        result.link = absolute(link)
        let date =
            [item.childText("pubDate"), item.childText("date", namespace: dublinCoreNamespace)]
            .first { !$0.isEmpty } ?? ""
        setDate(date, of: &result)
        result.summary = item.childText("description")
        result.content = item.childText("encoded", namespace: contentNamespace)
        result.authors = (item.children("author") + item.children("creator"))
            .map { $0.text.trimmingASCIISpaces() }
            .filter { !$0.isEmpty }
        return result
    }

    private static func atomEntry(_ entry: XMLElement, _ absolute: (String) -> String) -> FeedItem {
        var result = FeedItem()
        result.skippedReferences = entry.skippedReferences
        result.title = entry.childText("title")
        result.guid = entry.childText("id")
        let links = entry.children("link")
        let alternate =
            links.first { ($0.attributes["rel"] ?? "alternate") == "alternate" && $0.attributes["type"] != nil }
            ?? links.first { ($0.attributes["rel"] ?? "alternate") == "alternate" }
        result.link = absolute(alternate?.attributes["href"] ?? "")
        let published = entry.childText("published")
        let updated = entry.childText("updated")
        setDate(published.isEmpty ? updated : published, of: &result)
        if !published.isEmpty, let date = FeedDate.parse(updated) { result.modified = date.iso }
        result.summary = atomText(entry.child("summary"))
        if let content = entry.child("content"), content.attributes["src"] == nil {
            result.content = atomText(content)
            if content.attributes["type"] == "text" { result.contentType = "text/plain" }
        }
        result.authors = entry.children("author").map { $0.childText("name") }.filter { !$0.isEmpty }
        return result
    }

    /// An Atom text construct as HTML: `html` is already HTML, `xhtml` is its markup, `text` stays text.
    private static func atomText(_ element: XMLElement?) -> String {
        guard let element else { return "" }
        if element.attributes["type"] == "xhtml" { return element.markup.trimmingASCIISpaces() }
        return element.text.trimmingASCIISpaces()
    }

    static func setDate(_ text: String, of item: inout FeedItem) {
        guard !text.isEmpty else { return }
        if let date = FeedDate.parse(text) {
            item.published = date.iso
        } else {
            item.unreadableDate = text
        }
    }
}
