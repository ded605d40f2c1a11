import DepecheCore
import Logging

extension FetchStage {
    /// One document per feed item, in feed order; the item's article page is fetched as the
    /// `fetch_articles` option says.
    func emitFeed(_ bytes: [UInt8], from response: HTTPBody, context: StageContext, emit: DocumentEmitter) async throws
    {
        let url = response.head.url
        let feed: Feed
        do {
            feed =
                Self.classify(bytes, mediaType: response.head.mediaType, hint: .feed) == .jsonFeed
                ? try Feed.parseJSON(bytes, base: url) : try Feed.parseXML(bytes, base: url)
        } catch let error as Feed.Failure {
            throw StageFailure(code: "invalid-feed", message: "\(url): not a readable feed: \(error.message)")
        }
        if feed.items.isEmpty {
            context.logger.warning("the feed has no items", metadata: ["url": "\(url)"])
        }
        let items = Array(feed.items.prefix(settings.maximumURLs))
        let fetchedAt = response.fetchedAtMilliseconds
        let identify: (Int) -> String = { items[$0].guid.isEmpty ? items[$0].link : items[$0].guid }
        try await emitInOrder(
            items.indices.map { $0 },
            window: fetcher.settings.concurrency,
            emit: emit,
            identify: identify
        ) { index in
            await self.feedItemOutcome(
                items[index],
                number: index + 1,
                feed: feed,
                url: url,
                fetchedAt: fetchedAt,
                context: context
            )
        }
    }

    /// The document of one item: its article page, or its own content.
    private func feedItemOutcome(
        _ item: FeedItem,
        number: Int,
        feed: Feed,
        url: String,
        fetchedAt: Int64,
        context: StageContext
    ) async -> ItemOutcome {
        let key = item.link.isEmpty ? (item.guid.isEmpty ? "\(url)#item-\(number)" : item.guid) : item.link
        let id = URLIdentity.documentID(for: key)
        let wantsPage =
            !item.link.isEmpty
            && (settings.fetchArticles == .always || (settings.fetchArticles == .auto && item.content.isEmpty))
        var document: Document
        var diagnostics: [Diagnostic] = []
        if wantsPage {
            switch await fetchPage(item.link, kind: "feed-item", context: context) {
            case .success(let page):
                document = page
                document.id = id
            case .failure(let failure):
                guard !item.body.isEmpty else {
                    return .failure(id: id, source: Source(uri: item.link, kind: "feed-item"), failure)
                }
                document = itemDocument(item, id: id, uri: key, fetchedAt: fetchedAt)
                diagnostics.append(
                    context.diagnostic(
                        "article-unavailable",
                        .warning,
                        "the article page could not be fetched (\(failure.code): \(failure.message)); the document "
                            + "holds the feed's summary"
                    )
                )
            }
        } else {
            document = itemDocument(item, id: id, uri: key, fetchedAt: fetchedAt)
        }
        document.metadata.fill(
            origin: "feed",
            title: item.title,
            authors: item.authors,
            published: item.published,
            modified: item.modified
        )
        if item.skippedReferences > 0 {
            let count = item.skippedReferences
            diagnostics.append(
                context.diagnostic(
                    "xml-entities-ignored",
                    .info,
                    "the feed's DTD declares entities, which are never expanded; \(count) reference"
                        + "\(count == 1 ? " was" : "s were") left out of the item"
                )
            )
        }
        if !item.unreadableDate.isEmpty {
            diagnostics.append(
                context.diagnostic("unreadable-date", .info, "the item's date '\(item.unreadableDate)' is not a date")
            )
        }
        document.attributes["feed.url"] = url
        document.attributes["feed.format"] = feed.format.rawValue
        if !feed.title.isEmpty { document.attributes["feed.title"] = feed.title }
        if !item.guid.isEmpty { document.attributes["feed.guid"] = item.guid }
        if !item.summary.isEmpty { document.attributes["feed.summary"] = item.summary }
        document.diagnostics += diagnostics
        return .document(document)
    }

    /// An item as its own document: its content (or summary) as the raw bytes, UTF-8.
    private func itemDocument(_ item: FeedItem, id: String, uri: String, fetchedAt: Int64) -> Document {
        var document = Document(
            id: id,
            source: Source(
                uri: uri,
                kind: "feed-item",
                fetchedAtMilliseconds: fetchedAt,
                contentType: item.contentType,
                charset: "utf-8",
                raw: Array(item.body.utf8)
            )
        )
        document.attributes["feed.content"] = item.content.isEmpty ? "summary" : "full"
        return document
    }
}

extension Metadata {
    /// Sets each value that is not empty, with `origin` as where it came from (`feed`,
    /// `sitemap`, `jsonl`): an empty value leaves the field (and its origin) as it was.
    mutating func fill(
        origin: String,
        title: String = "",
        authors: [String] = [],
        published: String = "",
        modified: String = "",
        language: String = "",
        siteName: String = "",
        canonicalURL: String = ""
    ) {
        if !title.isEmpty { (self.title, titleOrigin) = (title, origin) }
        if !authors.isEmpty { (self.authors, authorsOrigin) = (authors, origin) }
        if !published.isEmpty { (self.published, publishedOrigin) = (published, origin) }
        if !modified.isEmpty { (self.modified, modifiedOrigin) = (modified, origin) }
        if !language.isEmpty { (self.language, languageOrigin) = (language, origin) }
        if !siteName.isEmpty { (self.siteName, siteNameOrigin) = (siteName, origin) }
        if !canonicalURL.isEmpty { (self.canonicalURL, canonicalURLOrigin) = (canonicalURL, origin) }
    }
}
