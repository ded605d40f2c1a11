import DepecheCore
import DepecheTestSupport
import Foundation
import Testing

@testable import DepecheFetch

@Suite struct FetchHTTPTests {
    @Test func pageKeepsTheDeclaredCharsetTheBytesAndSendsTheUserAgent() async throws {
        let server = try await TestHTTPServer()
        // The header says ISO-8859-1, the bytes are UTF-8: fetch keeps both untouched for normalize.
        server.serve("/news/caf%C3%A9.html", TestResponse(type: "text/html; charset=ISO-8859-1", "<p>café</p>"))
        let fetch = try FetchHarness(["user_agent": .string("DepecheTest/1.0 (+tests)")])
        #expect(await fetch.run(server.url("/news/caf%C3%A9.html")) == nil)
        let document = try #require(fetch.documents.first)
        #expect(fetch.documents.count == 1)
        #expect(document.source.kind == "http")
        #expect(document.source.uri == server.url("/news/caf%C3%A9.html"))
        #expect(document.source.contentType == "text/html")
        #expect(document.source.charset == "iso-8859-1")
        #expect(document.source.raw == Array("<p>café</p>".utf8))
        #expect(document.source.fetchedAtMilliseconds > 0)
        #expect(document.attributes["fetch.from_cache"] == "false")
        #expect(document.id == "caf-C3-A9_" + URLIdentity.hash(server.url("/news/caf%C3%A9.html")).prefix(8))
        let request = try #require(server.requests(to: "/news/caf%C3%A9.html").first)
        #expect(request.headers["user-agent"] == "DepecheTest/1.0 (+tests)")
        #expect(request.headers["accept-encoding"] == "gzip, deflate")
        try await fetch.finish()
        try await server.shutdown()
    }

    @Test func redirectsAreFollowedAndTheRequestedURLIsKept() async throws {
        let server = try await TestHTTPServer()
        server.serve("/old", TestResponse(status: 301, headers: [("Location", "/middle")]))
        server.serve("/middle", TestResponse(status: 302, headers: [("Location", server.url("/new"))]))
        server.serve("/new", TestResponse(type: "text/html", "<p>moved</p>"))
        let fetch = try FetchHarness()
        #expect(await fetch.run(server.url("/old")) == nil)
        let document = try #require(fetch.documents.first)
        #expect(document.source.uri == server.url("/new"))
        #expect(document.attributes["fetch.requested_url"] == server.url("/old"))
        #expect(document.rawText == "<p>moved</p>")
        try await fetch.finish()
        try await server.shutdown()
    }

    @Test func aRedirectLoopFails() async throws {
        let server = try await TestHTTPServer()
        server.serve("/a", TestResponse(status: 302, headers: [("Location", "/b")]))
        server.serve("/b", TestResponse(status: 302, headers: [("Location", "/a")]))
        let fetch = try FetchHarness()
        let failure = try #require(await fetch.failure(server.url("/a")))
        #expect(failure.code == "redirect-loop")
        #expect(
            failure.message
                == "\(server.url("/a")): redirect loop (\(server.url("/b")) → \(server.url("/a")), already visited)"
        )
        try await fetch.finish()
        try await server.shutdown()
    }

    @Test func moreRedirectsThanTheLimitFail() async throws {
        let server = try await TestHTTPServer()
        for step in 0..<3 {
            server.serve("/r\(step)", TestResponse(status: 307, headers: [("Location", "/r\(step + 1)")]))
        }
        server.serve("/r3", TestResponse(type: "text/plain", "end"))
        let limited = try FetchHarness(["max_redirects": .integer(2)])
        let failure = try #require(await limited.failure(server.url("/r0")))
        #expect(failure.code == "too-many-redirects")
        #expect(
            failure.message.hasPrefix("\(server.url("/r0")): more than 2 redirects (the last to \(server.url("/r3")))")
        )
        let enough = try FetchHarness(["max_redirects": .integer(3)])
        #expect(await enough.run(server.url("/r0")) == nil)
        #expect(enough.documents.first?.rawText == "end")
        try await limited.finish()
        try await enough.finish()
        try await server.shutdown()
    }

    @Test func gzipBodiesAreDecompressed() async throws {
        let server = try await TestHTTPServer()
        let page = String(repeating: "<p>Le président a parlé.</p>", count: 50)
        server.serve(
            "/zipped",
            TestResponse(headers: [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], body: gzip(page))
        )
        let fetch = try FetchHarness()
        #expect(await fetch.run(server.url("/zipped")) == nil)
        #expect(fetch.documents.first?.rawText == page)
        try await fetch.finish()
        try await server.shutdown()
    }

    @Test func aBodyOverTheLimitFailsTooLarge() async throws {
        let server = try await TestHTTPServer()
        server.serve("/big", TestResponse(type: "text/plain", String(repeating: "a", count: 5_000)))
        // Small on the wire, large once decompressed: the limit applies while streaming.
        server.serve(
            "/bomb",
            TestResponse(
                headers: [("Content-Type", "text/plain"), ("Content-Encoding", "gzip")],
                body: gzip(String(repeating: "b", count: 200_000))
            )
        )
        server.serve("/small", TestResponse(type: "text/plain", String(repeating: "c", count: 1_000)))
        let fetch = try FetchHarness(["max_body_bytes": .integer(1_000)])
        let big = try #require(await fetch.failure(server.url("/big")))
        #expect(big.code == "too-large")
        #expect(
            big.message == "\(server.url("/big")): the body is 5000 bytes, over the limit of 1000 bytes; raise the "
                + "fetch option max_body_bytes to read it"
        )
        let bomb = try #require(await fetch.failure(server.url("/bomb")))
        #expect(bomb.code == "too-large")
        #expect(await fetch.run(server.url("/small")) == nil)
        #expect(fetch.documents.map(\.source.raw.count) == [1_000])
        try await fetch.finish()
        try await server.shutdown()
    }

    @Test func aSlowServerTimesOut() async throws {
        let server = try await TestHTTPServer()
        server.serve(
            "/slow",
            TestResponse(headers: [("Content-Type", "text/plain")], body: Array("late".utf8), delayMilliseconds: 3_000)
        )
        let fetch = try FetchHarness([
            "read_timeout_ms": .integer(300), "retries": .integer(0), "robots": .boolean(false),
        ])
        let failure = try #require(await fetch.failure(server.url("/slow")))
        #expect(failure.code == "timeout")
        #expect(failure.message.hasPrefix(server.url("/slow") + ": "))
        try await fetch.finish()
        try await server.shutdown()
    }

    /// A server that trickles its body (a byte every 200 ms: each byte well within the read
    /// timeout) is cut at request_timeout_ms, body included; the good pages of the batch go
    /// through. Without the bound the body would take ten minutes and arrive whole.
    @Test func aTricklingBodyIsCutAtTheRequestTimeout() async throws {
        let server = try await TestHTTPServer()
        var trickling = TestResponse(
            headers: [("Content-Type", "text/plain")],
            body: Array(repeating: 0x61, count: 3_000)
        )
        trickling.trickleMilliseconds = 200
        server.serve("/trickle", trickling)
        server.serve("/good", TestResponse(type: "text/plain", "bon"))
        // Only the request deadline can end this exchange before the ten minutes the whole body
        // takes, however loaded the machine: the read timeout is far beyond it.
        let fetch = try FetchHarness([
            "read_timeout_ms": .integer(3_600_000), "request_timeout_ms": .integer(1_000), "retries": .integer(0),
            "robots": .boolean(false), "per_host_delay_ms": .integer(0),
        ])
        let failure = try #require(await fetch.failure(server.url("/trickle")))
        #expect(failure.code == "timeout")
        #expect(
            failure.message == "\(server.url("/trickle")): the request took longer than request_timeout_ms "
                + "(1000 ms, body included)"
        )
        #expect(await fetch.run(server.url("/good")) == nil)
        #expect(fetch.documents.map(\.rawText) == ["bon"])
        try await fetch.finish()
        try await server.shutdown()
    }

    /// What `--verbose` shows of fetch: robots.txt, each request and its status, redirects,
    /// retries and cache decisions.
    @Test func requestsRedirectsRetriesAndTheCacheAreLoggedForVerbose() async throws {
        let server = try await TestHTTPServer()
        server.serve("/old", TestResponse(status: 301, headers: [("Location", "/new")]))
        server.route("/new") { _, count in
            count == 1
                ? TestResponse(status: 503, type: "text/plain", "busy")
                : TestResponse(
                    status: 200,
                    headers: [("Content-Type", "text/plain"), ("ETag", "\"v1\"")],
                    body: Array("ok".utf8)
                )
        }
        let cache = try TemporaryFolder()
        let recorder = LogRecorder()
        let fetch = try FetchHarness(["retries": .integer(1), "cache": .string(cache.path)], logger: recorder.logger)
        #expect(await fetch.run(server.url("/old")) == nil)
        try await fetch.finish()
        try await server.shutdown()
        let messages = recorder.messages
        let expected = [
            "robots.txt unavailable (not-found): everything allowed",
            "GET \(server.url("/old")): 301",
            "\(server.url("/old")) redirects to \(server.url("/new"))",
            "\(server.url("/new")) answered 503: retry 1 of 1 in",
            "GET \(server.url("/new")): 200",
            "\(server.url("/new")): kept in the cache for the next run",
        ]
        for fragment in expected {
            #expect(messages.contains { $0.contains(fragment) }, "no log line with '\(fragment)' in \(messages)")
        }
    }

    @Test func a503IsRetriedUntilItSucceeds() async throws {
        let server = try await TestHTTPServer()
        server.route("/flaky") { _, count in
            count < 3 ? TestResponse(status: 503, type: "text/plain", "busy") : TestResponse(type: "text/plain", "ok")
        }
        let fetch = try FetchHarness(["retries": .integer(3)])
        #expect(await fetch.run(server.url("/flaky")) == nil)
        #expect(fetch.documents.first?.rawText == "ok")
        #expect(server.requests(to: "/flaky").count == 3)
        try await fetch.finish()
        try await server.shutdown()
    }

    @Test func retriesRunOutWithServerError() async throws {
        let server = try await TestHTTPServer()
        server.serve("/down", TestResponse(status: 500, type: "text/plain", "broken"))
        let fetch = try FetchHarness(["retries": .integer(2)])
        let failure = try #require(await fetch.failure(server.url("/down")))
        #expect(
            failure
                == StageFailure(
                    code: "server-error",
                    message: "\(server.url("/down")): the server answered 500 after 3 attempts"
                )
        )
        #expect(server.requests(to: "/down").count == 3)
        try await fetch.finish()
        try await server.shutdown()
    }

    @Test func a429WaitsForRetryAfter() async throws {
        let server = try await TestHTTPServer()
        server.route("/limited") { _, count in
            count == 1
                ? TestResponse(status: 429, headers: [("Retry-After", "1")])
                : TestResponse(type: "text/plain", "served")
        }
        let fetch = try FetchHarness(["retries": .integer(1)])
        #expect(await fetch.run(server.url("/limited")) == nil)
        #expect(fetch.documents.first?.rawText == "served")
        let arrivals = server.requests(to: "/limited").map(\.arrival)
        #expect(arrivals.count == 2)
        // Retry-After: 1 means at least a second between the two requests (the backoff alone is 10 ms).
        #expect(arrivals[1] - arrivals[0] >= .milliseconds(950))
        try await fetch.finish()
        try await server.shutdown()
    }

    /// Retry-After asks for an hour; the cap makes it 20 ms. The time limit only tells the two
    /// apart (a hang of an hour from a capped wait), with room for any load on the machine.
    @Test(.timeLimit(.minutes(10))) func retryAfterIsCappedByMaxRetryDelay() async throws {
        let server = try await TestHTTPServer()
        server.route("/later") { _, count in
            count == 1
                ? TestResponse(status: 429, headers: [("Retry-After", "3600")])
                : TestResponse(type: "text/plain", "now")
        }
        let fetch = try FetchHarness(["retries": .integer(1), "max_retry_delay_ms": .integer(20)])
        #expect(await fetch.run(server.url("/later")) == nil)
        #expect(fetch.documents.first?.rawText == "now")
        try await fetch.finish()
        try await server.shutdown()
    }

    @Test func statusesBecomeFailuresNamingTheURL() async throws {
        let server = try await TestHTTPServer()
        server.serve("/secret", TestResponse(status: 403, type: "text/plain", "no"))
        let fetch = try FetchHarness()
        #expect(
            await fetch.failure(server.url("/missing"))
                == StageFailure(
                    code: "not-found",
                    message: "\(server.url("/missing")): the server answered 404 (not found)"
                )
        )
        #expect(await fetch.failure(server.url("/secret"))?.code == "forbidden")
        try await fetch.finish()
        try await server.shutdown()
    }

    @Test func aClosedPortIsConnectionRefused() async throws {
        let server = try await TestHTTPServer()
        let url = server.url("/gone")
        try await server.shutdown()
        // AsyncHTTPClient tries again until the connect timeout, then reports why it could not connect.
        let fetch = try FetchHarness(["robots": .boolean(false), "connect_timeout_ms": .integer(500)])
        let failure = try #require(await fetch.failure(url))
        #expect(
            failure == StageFailure(code: "connection-refused", message: "\(url): connection refused by the server")
        )
        try await fetch.finish()
    }

    @Test func anUnreachableHostFailsWithTheReasonEvenThroughRobotsTxt() async throws {
        let server = try await TestHTTPServer()
        let url = server.url("/page")
        try await server.shutdown()
        let fetch = try FetchHarness(["connect_timeout_ms": .integer(500)])
        let failure = try #require(await fetch.failure(url))
        #expect(failure.code == "connection-refused")
        #expect(
            failure.message
                == "\(url): the host could not be reached (its robots.txt: "
                + "\(server.url("/robots.txt")): connection refused by the server)"
        )
        try await fetch.finish()
    }

    @Test func anUnknownHostIsADNSFailure() async throws {
        // .invalid never resolves (RFC 6761).
        let fetch = try FetchHarness(["connect_timeout_ms": .integer(500), "robots": .boolean(false)])
        let failure = try #require(await fetch.failure("http://no-such-host.invalid/news.html"))
        #expect(failure.code == "dns-failure")
        #expect(failure.message.hasPrefix("http://no-such-host.invalid/news.html: the host name could not be resolved"))
        try await fetch.finish()
    }

    @Test func conditionalGETReusesTheCachedBodyOn304() async throws {
        let server = try await TestHTTPServer()
        server.route("/tagged") { request, _ in
            request.headers["if-none-match"] == "\"v1\""
                ? TestResponse(status: 304, headers: [("ETag", "\"v1\"")])
                : TestResponse(type: "text/html; charset=utf-8", "<p>first</p>", headers: [("ETag", "\"v1\"")])
        }
        server.route("/dated") { request, _ in
            request.headers["if-modified-since"] == "Thu, 04 Sep 2025 10:00:00 GMT"
                ? TestResponse(status: 304)
                : TestResponse(
                    type: "text/plain",
                    "dated",
                    headers: [("Last-Modified", "Thu, 04 Sep 2025 10:00:00 GMT")]
                )
        }
        let folder = NSTemporaryDirectory() + "depeche-fetch-cache-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for run in 1...2 {
            let fetch = try FetchHarness(["cache": .string(folder)])
            #expect(await fetch.run(server.url("/tagged")) == nil)
            #expect(await fetch.run(server.url("/dated")) == nil)
            #expect(fetch.documents.map(\.rawText) == ["<p>first</p>", "dated"])
            #expect(
                fetch.documents.map { $0.attributes["fetch.from_cache"] }
                    == Array(repeating: run == 2 ? "true" : "false", count: 2)
            )
            #expect(fetch.documents.first?.source.charset == "utf-8")
            try await fetch.finish()
        }
        #expect(server.requests(to: "/tagged").map { $0.headers["if-none-match"] } == [nil, "\"v1\""])
        try await server.shutdown()
    }
}
