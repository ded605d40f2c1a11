import DepecheCore
import Testing

@testable import DepecheFetch

@Suite struct FetchPolitenessTests {
    @Test func robotsTxtDisallowsAndIsFetchedOncePerHost() async throws {
        let server = try await TestHTTPServer()
        server.serve(
            "/robots.txt",
            TestResponse(
                type: "text/plain",
                """
                User-agent: OtherBot
                Disallow: /

                User-agent: DepecheTest
                Disallow: /private/
                Allow: /private/open
                """
            )
        )
        server.serve("/private/page", TestResponse(type: "text/html", "<p>secret</p>"))
        server.serve("/private/open", TestResponse(type: "text/html", "<p>open</p>"))
        server.serve("/public", TestResponse(type: "text/html", "<p>public</p>"))
        let fetch = try FetchHarness(["user_agent": .string("DepecheTest/1.0")])
        let failure = try #require(await fetch.failure(server.url("/private/page")))
        #expect(
            failure
                == StageFailure(
                    code: "robots-disallowed",
                    message: "\(server.url("/private/page")): disallowed by \(server.url("/robots.txt")) for "
                        + "user-agent 'DepecheTest'; set the fetch option robots: false only for sites you may crawl"
                )
        )
        #expect(await fetch.run(server.url("/private/open")) == nil)
        #expect(await fetch.run(server.url("/public")) == nil)
        #expect(fetch.documents.map(\.rawText) == ["<p>open</p>", "<p>public</p>"])
        #expect(server.requests(to: "/robots.txt").count == 1)
        #expect(server.requests(to: "/private/page").isEmpty)
        try await fetch.finish()
        try await server.shutdown()
    }

    @Test func robotsTxtCanBeTurnedOff() async throws {
        let server = try await TestHTTPServer()
        server.serve("/robots.txt", TestResponse(type: "text/plain", "User-agent: *\nDisallow: /\n"))
        server.serve("/page", TestResponse(type: "text/html", "<p>page</p>"))
        let obeying = try FetchHarness()
        #expect(await obeying.failure(server.url("/page"))?.code == "robots-disallowed")
        let ignoring = try FetchHarness(["robots": .boolean(false)])
        #expect(await ignoring.run(server.url("/page")) == nil)
        #expect(ignoring.documents.count == 1)
        try await obeying.finish()
        try await ignoring.finish()
        try await server.shutdown()
    }

    @Test func anUnreachableRobotsTxtDisallowsEverythingAndAMissingOneNothing() async throws {
        let broken = try await TestHTTPServer()
        broken.serve("/robots.txt", TestResponse(status: 503, type: "text/plain", "down"))
        broken.serve("/page", TestResponse(type: "text/html", "<p>page</p>"))
        let missing = try await TestHTTPServer()
        missing.serve("/page", TestResponse(type: "text/html", "<p>page</p>"))
        let fetch = try FetchHarness(["retries": .integer(0)])
        let failure = try #require(await fetch.failure(broken.url("/page")))
        #expect(failure.code == "robots-disallowed")
        #expect(failure.message.contains("robots.txt unreachable or answered 5xx"))
        #expect(await fetch.run(missing.url("/page")) == nil)
        #expect(fetch.documents.count == 1)
        try await fetch.finish()
        try await broken.shutdown()
        try await missing.shutdown()
    }

    @Test func requestsToOneHostAreSpacedByTheDelay() async throws {
        let server = try await TestHTTPServer()
        for page in 1...3 { server.serve("/p\(page)", TestResponse(type: "text/html", "<p>\(page)</p>")) }
        // robots.txt goes first (and opens the connection); the three pages follow, each at least
        // the delay after the previous request started.
        let fetch = try FetchHarness(["per_host_delay_ms": .integer(300)])
        for page in 1...3 { #expect(await fetch.run(server.url("/p\(page)")) == nil) }
        #expect(server.requests.map(\.uri) == ["/robots.txt", "/p1", "/p2", "/p3"])
        // Arrivals are seen by the server, after a latency that varies on a loaded machine (up to
        // 110 ms seen while the whole suite runs), so the bound leaves room for it; without the
        // delay, the pages would follow each other within a few milliseconds.
        let arrivals = server.requests.map(\.arrival)
        for index in 2..<arrivals.count {
            #expect(arrivals[index] - arrivals[index - 1] >= .milliseconds(100))
        }
        try await fetch.finish()
        try await server.shutdown()
    }

    /// Runs 24 requests through `scheduler` over `hosts` hosts and returns the most that ran at
    /// once on one host and in all.
    func peaks(_ scheduler: HostScheduler, hosts: Int) async throws -> (perHost: Int, global: Int) {
        let counts = Locked<(perHost: [String: Int], global: Int, maxPerHost: Int, maxGlobal: Int)>(([:], 0, 0, 0))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<24 {
                let host = "h\(index % hosts)"
                group.addTask {
                    try await scheduler.withSlot(for: host) {
                        counts.withLock {
                            $0.perHost[host, default: 0] += 1
                            $0.global += 1
                            $0.maxPerHost = max($0.maxPerHost, $0.perHost[host, default: 0])
                            $0.maxGlobal = max($0.maxGlobal, $0.global)
                        }
                        try await Task.sleep(for: .milliseconds(5))
                        counts.withLock {
                            $0.perHost[host, default: 0] -= 1
                            $0.global -= 1
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        return counts.withLock { ($0.maxPerHost, $0.maxGlobal) }
    }

    @Test func theSchedulerKeepsToThePerHostLimit() async throws {
        let result = try await peaks(HostScheduler(perHost: 2, global: 10, delay: .zero), hosts: 1)
        #expect(result.perHost == 2)
    }

    @Test func theSchedulerKeepsToTheGlobalLimit() async throws {
        let result = try await peaks(HostScheduler(perHost: 5, global: 3, delay: .zero), hosts: 4)
        #expect(result.global == 3)
    }
}

@Suite struct RobotsRulesTests {
    let text = """
        # comments and unknown lines are ignored
        Sitemap: https://example.org/sitemap.xml
        User-agent: *
        Disallow: /

        User-agent: depeche
        user-agent: OtherBot
        Disallow: /archive/
        Allow: /archive/2025/
        Disallow: /*.pdf$
        Disallow: /search
        Allow: /search
        Disallow: /tmp*/cache
        """

    @Test func theCrawlersOwnGroupReplacesTheStarGroup() {
        let rules = RobotsRules(parsing: text, token: "Depeche")
        #expect(rules.allows("/news/1.html"))
        #expect(!RobotsRules(parsing: text, token: "SomeoneElse").allows("/news/1.html"))
        #expect(RobotsRules(parsing: text, token: "otherbot").allows("/news/1.html"))
    }

    @Test func theLongestMatchWinsAndAllowWinsATie() {
        let rules = RobotsRules(parsing: text, token: "depeche")
        #expect(!rules.allows("/archive/2024/x.html"))
        #expect(rules.allows("/archive/2025/x.html"))
        #expect(rules.allows("/search?q=a"))
    }

    @Test func wildcardsAndEndAnchorsMatch() {
        let rules = RobotsRules(parsing: text, token: "depeche")
        #expect(!rules.allows("/files/report.pdf"))
        #expect(rules.allows("/files/report.pdf?download=1"))
        #expect(!rules.allows("/tmp-2025/cache/x"))
        #expect(rules.allows("/tmp-2025/other"))
        #expect(RobotsRules.matches("/a*b*c$", "/axxbyyc"))
        #expect(!RobotsRules.matches("/a*b*c$", "/axxbyycd"))
    }

    @Test func robotsTxtItselfIsAlwaysAllowedAndPercentEncodingIsNormalized() {
        let rules = RobotsRules(parsing: "User-agent: *\nDisallow: /caf%c3%a9\n", token: "depeche")
        #expect(rules.allows("/robots.txt"))
        #expect(!rules.allows("/café"))
        #expect(!rules.allows("/caf%C3%A9/menu"))
        #expect(RobotsRules.denyAll.allows("/robots.txt"))
        #expect(!RobotsRules.denyAll.allows("/"))
    }
}
