import AsyncHTTPClient
import DepecheCore
import Foundation
import Logging
import NIOCore
import NIOHTTP1

extension HTTPFetcher {
    /// One URL, with its retries.
    func attempt(
        _ url: String,
        parts: URLParts,
        accept: String,
        conditional: Bool,
        streaming: Bool,
        _ consume: @escaping @Sendable (HTTPHead, ResponseBody) async throws -> [UInt8]
    ) async throws -> Outcome {
        var attempt = 0
        while true {
            let result = try await scheduler.withSlot(for: parts.origin) {
                try await self.request(
                    url,
                    accept: accept,
                    conditional: conditional,
                    streaming: streaming,
                    consume
                )
            }
            switch result {
            case .final(let outcome):
                return outcome
            case .retry(let status, let retryAfter):
                guard attempt < settings.retries else {
                    throw Self.statusFailure(url, status: status, attempts: attempt + 1)
                }
                let backoff = settings.retryBackoffMilliseconds << min(attempt, 20)
                let delay = min(retryAfter ?? backoff, settings.maximumRetryDelayMilliseconds)
                attempt += 1
                logger.debug("\(url) answered \(status): retry \(attempt) of \(settings.retries) in \(delay) ms")
                try await Task.sleep(for: .milliseconds(delay))
            }
        }
    }

    enum RequestResult: Sendable {
        case final(Outcome)
        /// A 429 or 5xx, and the Retry-After delay in milliseconds when the server gave one.
        case retry(status: Int, retryAfter: Int?)
    }

    /// One request, bounded as a whole by `request_timeout_ms`: connecting, the head and the
    /// body. The client's own deadline stops at the head and its read timeout restarts at every
    /// byte, so a server that trickles its body a byte every few seconds would hold the batch
    /// forever without this bound. A streamed body (a WARC archive read as it arrives) is bound
    /// by the read timeout only.
    func request(
        _ url: String,
        accept: String,
        conditional: Bool,
        streaming: Bool,
        _ consume: @escaping @Sendable (HTTPHead, ResponseBody) async throws -> [UInt8]
    ) async throws -> RequestResult {
        guard !streaming else {
            return try await exchange(url, accept: accept, conditional: conditional, streaming: true, consume)
        }
        let limit = Duration.milliseconds(Int64(settings.requestTimeoutMilliseconds))
        return try await withThrowingTaskGroup(of: RequestResult?.self) { group in
            group.addTask {
                try await self.exchange(url, accept: accept, conditional: conditional, streaming: false, consume)
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else {
                throw StageFailure(
                    code: "timeout",
                    message: "\(url): the request took longer than request_timeout_ms "
                        + "(\(settings.requestTimeoutMilliseconds) ms, body included)"
                )
            }
            return result
        }
    }

    /// One request: sends it, sorts the status, and reads the body of a final answer.
    private func exchange(
        _ url: String,
        accept: String,
        conditional: Bool,
        streaming: Bool,
        _ consume: @Sendable (HTTPHead, ResponseBody) async throws -> [UInt8]
    ) async throws -> RequestResult {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "User-Agent", value: settings.userAgent)
        request.headers.add(name: "Accept", value: accept)
        request.headers.add(name: "Accept-Encoding", value: "gzip, deflate")
        let cached = conditional ? cache?.lookup(url) : nil
        if let entry = cached?.entry {
            if let etag = entry.etag { request.headers.add(name: "If-None-Match", value: etag) }
            if let date = entry.lastModified { request.headers.add(name: "If-Modified-Since", value: date) }
        }
        let response: HTTPClientResponse
        let fetchedAt = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        do {
            response = try await sharedClient.execute(
                request,
                timeout: streaming ? .hours(24) : .milliseconds(Int64(settings.requestTimeoutMilliseconds))
            )
        } catch {
            throw Self.transportFailure(url, error)
        }
        let status = Int(response.status.code)
        let headers = response.headers
        logger.debug(
            "GET \(url): \(status)",
            metadata: ["validators": "\(cached == nil ? "none" : "sent")"]
        )
        var head = HTTPHead(
            url: url,
            status: status,
            mediaType: MediaType(header: headers.first(name: "Content-Type")),
            etag: headers.first(name: "ETag"),
            lastModified: headers.first(name: "Last-Modified")
        )
        switch status {
        case 200..<300:
            break
        case 304 where cached != nil:
            let (entry, bytes) = cached!
            head.mediaType = MediaType(type: entry.contentType, charset: entry.charset)
            head.fromCache = true
            logger.debug("\(url): not modified, the cached body is used")
            head.etag = head.etag ?? entry.etag
            head.lastModified = head.lastModified ?? entry.lastModified
            let body = ResponseBody(stream: response.body, cached: bytes)
            return .final(
                .done(HTTPBody(head: head, bytes: try await consume(head, body), fetchedAtMilliseconds: fetchedAt))
            )
        case 301, 302, 303, 307, 308:
            guard let location = headers.first(name: "Location") else {
                throw Self.statusFailure(url, status: status, attempts: 1)
            }
            return .final(.redirect(location))
        case 429, 500..<600:
            return .retry(status: status, retryAfter: Self.retryAfterMilliseconds(headers.first(name: "Retry-After")))
        default:
            throw Self.statusFailure(url, status: status, attempts: 1)
        }
        if let length = headers.first(name: "Content-Length").flatMap(Int.init),
            headers.first(name: "Content-Encoding") == nil, length > settings.maximumBodyBytes
        {
            throw Self.tooLarge(url, limit: settings.maximumBodyBytes, known: length)
        }
        let bytes: [UInt8]
        do {
            bytes = try await consume(head, ResponseBody(stream: response.body, cached: []))
        } catch let failure as StageFailure {
            throw failure
        } catch let cancellation as CancellationError {
            throw cancellation
        } catch {
            throw Self.transportFailure(url, error)
        }
        if let cache, head.etag != nil || head.lastModified != nil {
            logger.debug("\(url): kept in the cache for the next run")
            cache.store(
                ResponseCache.Entry(
                    url: url,
                    etag: head.etag,
                    lastModified: head.lastModified,
                    contentType: head.mediaType.type,
                    charset: head.mediaType.charset,
                    finalURL: url
                ),
                body: bytes
            )
        }
        return .final(.done(HTTPBody(head: head, bytes: bytes, fetchedAtMilliseconds: fetchedAt)))
    }
}
