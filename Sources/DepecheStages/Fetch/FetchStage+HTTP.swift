import DepecheCore

/// What a fetched body holds, from the hint, the content type, the URL and the first bytes.
enum BodyKind: Sendable, Hashable {
    case feedXML, jsonFeed, sitemap, warc, page
}

extension FetchStage {
    /// One http(s) input: a page, a feed, a sitemap (index) or a WARC archive.
    func fetchURL(
        _ url: URLParts,
        _ input: String,
        hint: InputHint?,
        context: StageContext,
        emit: DocumentEmitter
    ) async throws {
        if hint == .warc || (hint == nil && Self.looksLikeWARC(url.path)) {
            try await emitRemoteWARC(input, context: context, emit: emit)
            return
        }
        let response = try await fetcher.get(input)
        let bytes = try decompressedIfGzip(response.bytes, url: input)
        switch Self.classify(bytes, mediaType: response.head.mediaType, hint: hint) {
        case .feedXML, .jsonFeed:
            try await emitFeed(bytes, from: response, context: context, emit: emit)
        case .sitemap:
            try await emitSitemap(bytes, url: response.head.url, input: input, context: context, emit: emit)
        case .warc:
            var remaining: [UInt8]? = bytes
            var reader = WARCReader(maximumBlockBytes: fetcher.settings.maximumBodyBytes) {
                defer { remaining = nil }
                return remaining
            }
            try await emitWARC(&reader, uri: input, context: context, emit: emit)
        case .page:
            try await emit(pageDocument(response, requested: input, kind: "http", context: context))
        }
    }

    static func looksLikeWARC(_ path: String) -> Bool {
        let path = path.split(separator: "?").first.map { $0.lowercased() } ?? ""
        return path.hasSuffix(".warc") || path.hasSuffix(".warc.gz")
    }

    /// A gzip body (a `sitemap.xml.gz` served as `application/gzip`) decompressed; others unchanged.
    func decompressedIfGzip(_ bytes: [UInt8], url: String) throws -> [UInt8] {
        guard Gunzip.isGzip(bytes) else { return bytes }
        do {
            return try Gunzip.decompress(bytes, limit: fetcher.settings.maximumBodyBytes)
        } catch let error as Gunzip.Failure where error.overLimit {
            throw StageFailure(
                code: "too-large",
                message: "\(url): \(error.message); raise the fetch option max_body_bytes to read it"
            )
        } catch let error as Gunzip.Failure {
            throw StageFailure(code: "invalid-gzip", message: "\(url): \(error.message)")
        }
    }

    /// Feed, sitemap, WARC or page: the hint decides, then the content type, then the root element.
    static func classify(_ bytes: [UInt8], mediaType: MediaType, hint: InputHint?) -> BodyKind {
        let startsWithBrace =
            bytes.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) } == UInt8(ascii: "{")
        switch hint {
        case .feed: return startsWithBrace ? .jsonFeed : .feedXML
        case .sitemap: return .sitemap
        case .warc: return .warc
        case .page: return .page
        case nil: break
        }
        switch mediaType.type {
        case "application/rss+xml", "application/atom+xml", "application/rdf+xml": return .feedXML
        case "application/feed+json": return .jsonFeed
        case "application/warc": return .warc
        default: break
        }
        if startsWithBrace, mediaType.isJSON || mediaType.type.isEmpty || mediaType.isText,
            DocumentFormat.isJSONFeed(bytes)
        {
            return .jsonFeed
        }
        if bytes.starts(with: Array("WARC/".utf8)) { return .warc }
        switch DocumentFormat.sniffXML(bytes) {
        case .feed: return .feedXML
        case .sitemap: return .sitemap
        case .other: return .page
        }
    }

    /// The document of a fetched page.
    func pageDocument(_ response: HTTPBody, requested: String, kind: String, context: StageContext) -> Document {
        let head = response.head
        var document = Document(
            id: URLIdentity.documentID(for: requested),
            source: Source(
                uri: head.url,
                kind: kind,
                fetchedAtMilliseconds: response.fetchedAtMilliseconds,
                contentType: head.mediaType.type.isEmpty ? ContentType.sniff(response.bytes) : head.mediaType.type,
                charset: head.mediaType.charset,
                raw: response.bytes
            )
        )
        document.attributes["fetch.from_cache"] = head.fromCache ? "true" : "false"
        if head.url != requested { document.attributes["fetch.requested_url"] = requested }
        if response.bytes.isEmpty {
            document.diagnostics.append(context.diagnostic("empty-body", .warning, "\(head.url): the body is empty"))
        }
        return document
    }

    /// Fetches one page for a feed item or a sitemap entry; a failure becomes the item's failure.
    func fetchPage(_ url: String, kind: String, context: StageContext) async -> Result<Document, StageFailure> {
        do {
            let response = try await fetcher.get(url)
            return .success(pageDocument(response, requested: url, kind: kind, context: context))
        } catch let failure as StageFailure {
            return .failure(failure)
        } catch {
            return .failure(HTTPFetcher.transportFailure(url, error))
        }
    }
}
