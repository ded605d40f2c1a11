import AsyncHTTPClient
import DepecheCore
import Logging
import NIOCore
import NIOHTTPCompression
import Synchronization

/// What a successful request gave: the final URL after redirects, the status and the headers
/// that matter to fetch.
struct HTTPHead: Sendable, Hashable {
    var url: String
    var status: Int
    var mediaType: MediaType
    var etag: String?
    var lastModified: String?
    var fromCache = false
}

/// A response read in full.
struct HTTPBody: Sendable, Hashable {
    var head: HTTPHead
    var bytes: [UInt8]
    var fetchedAtMilliseconds: Int64
}

/// The HTTP client of one fetch stage: one shared `HTTPClient` (created on the first request,
/// shut down by ``shutdown()``), robots.txt, politeness, retries, redirects and the
/// conditional-GET cache. Each request, redirect, retry, robots.txt and cache decision is logged
/// at the debug level (`depeche run --verbose`).
final class HTTPFetcher: Sendable {
    let settings: HTTPSettings
    let scheduler: HostScheduler
    let cache: ResponseCache?
    let logger: Logger
    private let robots = RobotsCache()
    private let client = Mutex<HTTPClient?>(nil)

    init(settings: HTTPSettings, logger: Logger = Logger(label: "depeche.fetch")) throws {
        self.settings = settings
        self.logger = logger
        self.scheduler = HostScheduler(
            perHost: settings.perHostConcurrency,
            global: settings.concurrency,
            delay: .milliseconds(settings.perHostDelayMilliseconds)
        )
        self.cache = try settings.cacheFolder.map { try ResponseCache(folder: $0) }
    }

    /// The shared client, created on first use: a run that reads only files starts no event loop.
    var sharedClient: HTTPClient {
        client.withLock { client in
            if let client { return client }
            let configuration = HTTPClient.Configuration(
                redirectConfiguration: .disallow,  // followed here, so that robots.txt sees every hop
                timeout: .init(
                    connect: .milliseconds(Int64(settings.connectTimeoutMilliseconds)),
                    read: .milliseconds(Int64(settings.readTimeoutMilliseconds))
                ),
                connectionPool: .init(),
                decompression: .enabled(limit: .none)  // the body limit applies to decompressed bytes
            )
            let created = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            client = created
            return created
        }
    }

    /// Shuts the shared client down, if one was created.
    func shutdown() async throws {
        let current = client.withLock { client in
            defer { client = nil }
            return client
        }
        try await current?.shutdown()
    }

    /// GETs `url` and reads the body in full (at most `max_body_bytes`), following redirects,
    /// obeying robots.txt and retrying 429 and 5xx. A final status other than 2xx (or a 304
    /// answered from the cache) is a failure.
    func get(_ url: String, accept: String = HTTPFetcher.defaultAccept) async throws -> HTTPBody {
        let limit = settings.maximumBodyBytes
        return try await exchange(url, accept: accept, conditional: true) { head, body in
            if head.fromCache { return body.cached }
            var bytes: [UInt8] = []
            for try await buffer in body.stream {
                if bytes.count + buffer.readableBytes > limit {
                    throw Self.tooLarge(head.url, limit: limit, known: nil)
                }
                bytes.append(contentsOf: buffer.readableBytesView)
            }
            return bytes
        }
    }

    static let defaultAccept =
        "text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml,application/atom+xml,"
        + "application/feed+json,application/json;q=0.8,text/plain;q=0.7,*/*;q=0.5"

    /// The body of a final response: a stream, or the cached bytes after a 304.
    struct ResponseBody: Sendable {
        var stream: HTTPClientResponse.Body
        var cached: [UInt8]
    }

    /// Runs the request loop for `url` and hands the final 2xx response to `consume`, inside the
    /// host's politeness slot. A `streaming` exchange (a WARC archive read record by record) is
    /// not bound by `request_timeout_ms`, only by the connect and read timeouts.
    func exchange(
        _ url: String,
        accept: String,
        conditional: Bool,
        streaming: Bool = false,
        consume: @escaping @Sendable (HTTPHead, ResponseBody) async throws -> [UInt8]
    ) async throws -> HTTPBody {
        var current = url
        var visited: Set<String> = [url]
        var redirects = 0
        while true {
            guard let parts = URLParts(current) else {
                throw StageFailure(code: "invalid-url", message: "\(current): not an absolute http(s) URL")
            }
            if settings.robots, parts.path != "/robots.txt" {
                let rules = await robotsRules(for: parts)
                if let reason = rules.unreachable {
                    throw StageFailure(
                        code: reason.code,
                        message: "\(current): the host could not be reached (its robots.txt: \(reason.message))"
                    )
                }
                guard rules.allows(parts.path) else {
                    throw StageFailure(
                        code: "robots-disallowed",
                        message: "\(current): disallowed by \(parts.origin)/robots.txt for user-agent "
                            + "'\(settings.robotsToken)'"
                            + (rules.disallowAll
                                ? " (robots.txt unreachable or answered 5xx: everything is disallowed)" : "")
                            + (current == url ? "" : " (redirected from \(url))")
                            + "; set the fetch option robots: false only for sites you may crawl"
                    )
                }
            }
            let outcome = try await attempt(
                current,
                parts: parts,
                accept: accept,
                conditional: conditional,
                streaming: streaming,
                consume
            )
            switch outcome {
            case .done(let body):
                return body
            case .redirect(let location):
                guard let next = parts.resolve(location) else {
                    throw StageFailure(
                        code: "invalid-redirect",
                        message: "\(current): redirected to '\(location)', which is not an http(s) URL"
                    )
                }
                guard !visited.contains(next) else {
                    throw StageFailure(
                        code: "redirect-loop",
                        message: "\(url): redirect loop (\(current) → \(next), already visited)"
                    )
                }
                redirects += 1
                guard redirects <= settings.maximumRedirects else {
                    throw StageFailure(
                        code: "too-many-redirects",
                        message: "\(url): more than \(settings.maximumRedirects) redirects (the last to \(next)); "
                            + "raise the fetch option max_redirects to follow more"
                    )
                }
                logger.debug("\(current) redirects to \(next)")
                visited.insert(next)
                current = next
            }
        }
    }

    enum Outcome: Sendable {
        case done(HTTPBody)
        case redirect(String)
    }

    /// robots.txt of the URL's origin, fetched once per origin and run.
    private func robotsRules(for parts: URLParts) async -> RobotsRules {
        await robots.rules(for: parts.origin) {
            do {
                let body = try await self.exchange(
                    parts.origin + "/robots.txt",
                    accept: "text/plain",
                    conditional: false
                ) { _, body in
                    var bytes: [UInt8] = []
                    for try await buffer in body.stream where bytes.count < 512 * 1024 {
                        bytes.append(contentsOf: buffer.readableBytesView.prefix(512 * 1024 - bytes.count))
                    }
                    return bytes
                }
                self.logger.debug("\(parts.origin)/robots.txt read: its rules apply to '\(self.settings.robotsToken)'")
                return RobotsRules(
                    parsing: String(decoding: body.bytes, as: UTF8.self),
                    token: self.settings.robotsToken
                )
            } catch let failure as StageFailure {
                // RFC 9309 2.3.1: "unavailable" (4xx) allows everything; "unreachable" (5xx, network) nothing.
                if ["not-found", "forbidden", "http-error"].contains(failure.code) {
                    self.logger.debug("\(parts.origin)/robots.txt unavailable (\(failure.code)): everything allowed")
                    return .allowAll
                }
                self.logger.debug("\(parts.origin)/robots.txt unreachable (\(failure.code)): nothing allowed")
                var rules = RobotsRules.denyAll
                if ["dns-failure", "connection-refused", "connection-failed", "timeout"].contains(failure.code) {
                    rules.unreachable = failure
                }
                return rules
            } catch {
                return .denyAll
            }
        }
    }
}
