import DepecheCore

extension FetchStage {
    /// File extensions whose files may be feeds or sitemaps (sniffed from their root element).
    static let feedExtensions: Set<String> = ["xml", "rss", "atom", "json", "gz"]

    /// A local input with an explicit hint (`feed+file:///…`, `warc+file:///…`, ...).
    func emitLocal(_ path: String, hint: InputHint, context: StageContext, emit: DocumentEmitter) async throws {
        switch hint {
        case .warc:
            try await emitLocalWARC(path, context: context, emit: emit)
        case .page:
            let name = FileName.name(of: path)
            try await emit(try readDocument(path, id: FileName.stem(of: name), name: name, context: context))
        case .feed, .sitemap:
            let name = FileName.name(of: path)
            let file = try readDocument(path, id: FileName.stem(of: name), name: name, context: context)
            _ = try await expandFeedOrSitemap(file, path: path, hint: hint, context: context, emit: emit)
        }
    }

    /// Expands a local file that is a feed or a sitemap and returns true; returns false for any
    /// other file (without a hint, only `.xml`, `.rss`, `.atom`, `.json` and `.gz` files are looked at).
    func expandFeedOrSitemap(
        _ file: Document,
        path: String,
        hint: InputHint?,
        context: StageContext,
        emit: DocumentEmitter
    ) async throws -> Bool {
        let name = FileName.name(of: path)
        guard hint != nil || Self.feedExtensions.contains(FileName.fileExtension(of: name)) else { return false }
        let url = file.source.uri
        let bytes = try decompressedIfGzip(file.source.raw, url: url)
        let response = HTTPBody(
            head: HTTPHead(url: url, status: 200, mediaType: MediaType(type: "")),
            bytes: bytes,
            fetchedAtMilliseconds: file.source.fetchedAtMilliseconds
        )
        switch Self.classify(bytes, mediaType: MediaType(type: ""), hint: hint) {
        case .feedXML, .jsonFeed:
            try await emitFeed(bytes, from: response, context: context, emit: emit)
        case .sitemap:
            try await emitSitemap(bytes, url: url, input: url, context: context, emit: emit)
        case .warc, .page:
            if let hint {
                throw StageFailure(code: "invalid-input", message: "\(path): not a \(hint.rawValue)")
            }
            return false
        }
        return true
    }
}
