import DepecheCore
import Logging

extension FetchStage {
    /// The pages a sitemap lists, each fetched, in sitemap order; a sitemap index is followed
    /// depth first, down to `sitemap_depth` levels.
    func emitSitemap(
        _ bytes: [UInt8],
        url: String,
        input: String,
        context: StageContext,
        emit: DocumentEmitter
    ) async throws {
        var entries: [Sitemap.Entry] = []
        var visited: Set<String> = [url]
        try await collect(bytes, url: url, depth: 0, entries: &entries, visited: &visited, context: context, emit: emit)
        if entries.count >= settings.maximumURLs {
            context.logger.warning(
                "the sitemap lists more pages than max_urls; the rest are skipped",
                metadata: ["url": "\(input)", "max_urls": "\(settings.maximumURLs)"]
            )
        }
        try await emitInOrder(entries, window: fetcher.settings.concurrency, emit: emit, identify: \.location) {
            entry in
            await self.sitemapOutcome(entry, context: context)
        }
    }

    /// Adds the entries of one sitemap, or of the sitemaps an index lists, up to `max_urls`.
    private func collect(
        _ bytes: [UInt8],
        url: String,
        depth: Int,
        entries: inout [Sitemap.Entry],
        visited: inout Set<String>,
        context: StageContext,
        emit: DocumentEmitter
    ) async throws {
        let sitemap: Sitemap
        do {
            sitemap = try Sitemap.parse(bytes, base: url)
        } catch let error as Sitemap.Failure {
            throw StageFailure(code: "invalid-sitemap", message: "\(url): not a readable sitemap: \(error.message)")
        }
        switch sitemap {
        case .urls(let list):
            entries += list.prefix(settings.maximumURLs - entries.count).map { entry in
                var entry = entry
                entry.sitemap = url
                return entry
            }
        case .index(let children):
            for child in children where entries.count < settings.maximumURLs {
                guard visited.insert(child.location).inserted else { continue }
                let source = Source(uri: child.location, kind: "sitemap")
                let id = URLIdentity.documentID(for: child.location)
                guard depth < settings.sitemapDepth else {
                    try await emit.fail(
                        id,
                        source: source,
                        StageFailure(
                            code: "sitemap-too-deep",
                            message: "\(child.location): a sitemap \(depth + 1) levels below the input, over "
                                + "sitemap_depth (\(settings.sitemapDepth)); raise the option to follow it"
                        )
                    )
                    continue
                }
                do {
                    let response = try await fetcher.get(child.location)
                    let body = try decompressedIfGzip(response.bytes, url: child.location)
                    try await collect(
                        body,
                        url: response.head.url,
                        depth: depth + 1,
                        entries: &entries,
                        visited: &visited,
                        context: context,
                        emit: emit
                    )
                } catch let failure as StageFailure {
                    try await emit.fail(id, source: source, failure)
                }
            }
        }
    }

    /// The page of one sitemap entry, with the sitemap's dates and news fields.
    private func sitemapOutcome(_ entry: Sitemap.Entry, context: StageContext) async -> ItemOutcome {
        let id = URLIdentity.documentID(for: entry.location)
        switch await fetchPage(entry.location, kind: "sitemap-url", context: context) {
        case .failure(let failure):
            return .failure(id: id, source: Source(uri: entry.location, kind: "sitemap-url"), failure)
        case .success(var document):
            document.metadata.fill(
                origin: "sitemap",
                title: entry.title,
                published: entry.published,
                modified: entry.lastModified,
                language: entry.language,
                siteName: entry.publicationName
            )
            document.attributes["sitemap.url"] = entry.sitemap
            if !entry.lastModified.isEmpty { document.attributes["sitemap.lastmod"] = entry.lastModified }
            return .document(document)
        }
    }
}
