import AsyncHTTPClient
import DepecheCore
import Foundation

extension HTTPFetcher {
    /// The failure for a final status that is not a success, each class with its own code:
    /// `not-found` (404, 410), `forbidden` (401, 403), `rate-limited` (429), `server-error` (5xx),
    /// `http-error` (any other).
    static func statusFailure(_ url: String, status: Int, attempts: Int) -> StageFailure {
        let tries = attempts > 1 ? " after \(attempts) attempts" : ""
        switch status {
        case 404, 410:
            return StageFailure(code: "not-found", message: "\(url): the server answered \(status) (not found)")
        case 401, 403:
            return StageFailure(
                code: "forbidden",
                message: "\(url): the server answered \(status) (access refused); the page may need a login"
            )
        case 429:
            return StageFailure(
                code: "rate-limited",
                message: "\(url): the server answered 429 (too many requests)\(tries); raise per_host_delay_ms or "
                    + "retries"
            )
        case 500..<600:
            return StageFailure(code: "server-error", message: "\(url): the server answered \(status)\(tries)")
        case 300..<400:
            return StageFailure(code: "http-error", message: "\(url): redirect \(status) without a Location header")
        default:
            return StageFailure(code: "http-error", message: "\(url): the server answered \(status)")
        }
    }

    static func tooLarge(_ url: String, limit: Int, known: Int?) -> StageFailure {
        let size = known.map { "the body is \($0) bytes" } ?? "the body is over \(limit) bytes"
        return StageFailure(
            code: "too-large",
            message: "\(url): \(size), over the limit of \(limit) bytes; raise the fetch option max_body_bytes to "
                + "read it"
        )
    }

    /// A transport error as a failure: `timeout`, `dns-failure`, `connection-refused`,
    /// `connection-failed`.
    static func transportFailure(_ url: String, _ error: any Error) -> StageFailure {
        if let failure = error as? StageFailure { return failure }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout:
                return StageFailure(
                    code: "timeout",
                    message: "\(url): could not connect in time (connect_timeout_ms)"
                )
            case .readTimeout:
                return StageFailure(
                    code: "timeout",
                    message: "\(url): the server stopped sending (read_timeout_ms)"
                )
            case .deadlineExceeded:
                return StageFailure(
                    code: "timeout",
                    message: "\(url): the request took longer than request_timeout_ms"
                )
            default:
                break
            }
        }
        let text = String(describing: error)
        let lowered = text.lowercased()
        if lowered.contains("connection refused") || lowered.contains("connectionrefused")
            || lowered.contains("econnrefused")
        {
            return StageFailure(code: "connection-refused", message: "\(url): connection refused by the server")
        }
        if lowered.contains("dns") || lowered.contains("getaddrinfo") || lowered.contains("name or service")
            || lowered.contains("resolution")
        {
            return StageFailure(code: "dns-failure", message: "\(url): the host name could not be resolved (\(text))")
        }
        if lowered.contains("timeout") || lowered.contains("timedout") {
            return StageFailure(code: "timeout", message: "\(url): timed out (\(text))")
        }
        return StageFailure(code: "connection-failed", message: "\(url): \(text)")
    }

    /// `Retry-After` in milliseconds: delay-seconds or an HTTP date; `nil` when absent or unreadable.
    static func retryAfterMilliseconds(_ header: String?) -> Int? {
        guard let header = header?.trimmingASCIISpaces(), !header.isEmpty else { return nil }
        if let seconds = Int(header) { return max(0, seconds) * 1000 }
        guard let date = FeedDate.rfc822(header), date.time != nil else { return nil }
        let delay = Double(date.unixSeconds) - Date().timeIntervalSince1970
        return max(0, Int(delay * 1000))
    }
}

/// robots.txt rules by origin, each fetched once even when many requests ask at the same time.
actor RobotsCache {
    private var entries: [String: Task<RobotsRules, Never>] = [:]

    func rules(for origin: String, load: @escaping @Sendable () async -> RobotsRules) async -> RobotsRules {
        if let task = entries[origin] { return await task.value }
        let task = Task { await load() }
        entries[origin] = task
        return await task.value
    }
}
