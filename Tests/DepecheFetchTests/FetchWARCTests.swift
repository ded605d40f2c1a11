import DepecheCore
import DepecheTestSupport
import Foundation
import Testing

@testable import DepecheFetch

/// WARC archives written by the tests: a warcinfo record, a request, and responses of several
/// kinds, each record optionally its own gzip member (as Common Crawl writes them).
enum WARCFixture {
    static func record(type: String, uri: String?, contentType: String, block: [UInt8], id: Int) -> [UInt8] {
        var header = "WARC/1.0\r\nWARC-Type: \(type)\r\nWARC-Record-ID: <urn:uuid:0000-\(id)>\r\n"
        header += "WARC-Date: 2025-09-04T08:00:0\(id % 10)Z\r\n"
        if let uri { header += "WARC-Target-URI: \(uri)\r\n" }
        header += "Content-Type: \(contentType)\r\nContent-Length: \(block.count)\r\n\r\n"
        return Array(header.utf8) + block + Array("\r\n\r\n".utf8)
    }

    static func response(_ status: String, _ headers: [String], _ body: [UInt8]) -> [UInt8] {
        Array(("HTTP/1.1 \(status)\r\n" + headers.map { $0 + "\r\n" }.joined() + "\r\n").utf8) + body
    }

    static var records: [[UInt8]] {
        [
            record(
                type: "warcinfo",
                uri: nil,
                contentType: "application/warc-fields",
                block: Array("software: test\r\n".utf8),
                id: 1
            ),
            record(
                type: "request",
                uri: "https://news.example/a.html",
                contentType: "application/http; msgtype=request",
                block: Array("GET /a.html HTTP/1.1\r\nHost: news.example\r\n\r\n".utf8),
                id: 2
            ),
            record(
                type: "response",
                uri: "https://news.example/a.html",
                contentType: "application/http; msgtype=response",
                block: response(
                    "200 OK",
                    ["Content-Type: text/html; charset=windows-1252"],
                    Array("<p>caf\u{E9}</p>".utf8)
                ),
                id: 3
            ),
            record(
                type: "response",
                uri: "https://news.example/gone.html",
                contentType: "application/http; msgtype=response",
                block: response("404 Not Found", ["Content-Type: text/html"], Array("<p>gone</p>".utf8)),
                id: 4
            ),
            record(
                type: "response",
                uri: "https://news.example/logo.png",
                contentType: "application/http; msgtype=response",
                block: response("200 OK", ["Content-Type: image/png"], [0x89, 0x50, 0x4E, 0x47]),
                id: 5
            ),
            record(
                type: "response",
                uri: "https://news.example/b.html",
                contentType: "application/http; msgtype=response",
                block: response(
                    "200 OK",
                    ["Content-Type: text/html", "Transfer-Encoding: chunked", "Content-Encoding: gzip"],
                    chunked(gzip("<p>b</p>"))
                ),
                id: 6
            ),
        ]
    }

    static func chunked(_ body: [UInt8]) -> [UInt8] {
        let half = body.count / 2
        var result: [UInt8] = Array("\(String(half, radix: 16))\r\n".utf8)
        result += body[..<half]
        result += Array("\r\n\(String(body.count - half, radix: 16))\r\n".utf8)
        result += body[half...]
        result += Array("\r\n0\r\n\r\n".utf8)
        return result
    }

    static var plain: [UInt8] { records.flatMap { $0 } }
    static var gzipped: [UInt8] { records.flatMap { gzip($0) } }
}

@Suite struct FetchWARCTests {
    func expectTheTwoPages(_ fetch: FetchHarness, archive: String) {
        #expect(fetch.documents.map(\.source.uri) == ["https://news.example/a.html", "https://news.example/b.html"])
        #expect(fetch.documents.map(\.rawText) == ["<p>caf\u{E9}</p>", "<p>b</p>"])
        let first = fetch.documents[0]
        #expect(first.id == URLIdentity.documentID(for: "https://news.example/a.html"))
        #expect(first.source.kind == "warc-record")
        #expect(first.source.contentType == "text/html")
        #expect(first.source.charset == "windows-1252")
        #expect(first.source.fetchedAtMilliseconds == 1_756_972_803_000)
        #expect(first.attributes["warc.record_id"] == "<urn:uuid:0000-3>")
        #expect(first.attributes["warc.archive"] == archive)
        #expect(fetch.outcome.failures.isEmpty)
    }

    @Test func aPlainWARCFileGivesOneDocumentPerPageResponse() async throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("crawl.warc", bytes: Data(WARCFixture.plain))
        let fetch = try FetchHarness()
        #expect(await fetch.run(path) == nil)
        expectTheTwoPages(fetch, archive: "file://" + path)
    }

    @Test func aGzipWARCWithOneMemberPerRecordReadsTheSame() async throws {
        let folder = try TemporaryFolder()
        try folder.write("archives/crawl.warc.gz", bytes: Data(WARCFixture.gzipped))
        let fetch = try FetchHarness()
        #expect(await fetch.run(folder.path("archives")) == nil)  // found by walking the folder
        expectTheTwoPages(fetch, archive: "file://" + folder.path("archives/crawl.warc.gz"))
    }

    @Test func allRecordsCanBeKept() async throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("crawl.warc", bytes: Data(WARCFixture.plain))
        let fetch = try FetchHarness(["warc_records": .string("all")])
        #expect(await fetch.run(path) == nil)
        #expect(fetch.documents.map { $0.attributes["warc.status"] } == ["200", "404", "200", "200"])
    }

    @Test func aWARCOverHTTPIsStreamed() async throws {
        let server = try await TestHTTPServer()
        server.serve(
            "/crawl.warc.gz",
            TestResponse(headers: [("Content-Type", "application/warc")], body: WARCFixture.gzipped)
        )
        let fetch = try FetchHarness()
        #expect(await fetch.run(server.url("/crawl.warc.gz")) == nil)
        expectTheTwoPages(fetch, archive: server.url("/crawl.warc.gz"))
        try await fetch.finish()
        try await server.shutdown()
    }

    /// A server that sends the first records of an archive and then trickles the rest (a byte every
    /// 200 ms, well within the read timeout) is cut at request_timeout_ms of waiting for one record;
    /// the page read before stays. Without the bound the rest would take minutes and the run would
    /// wait for it: only the bound can end this exchange early, however loaded the machine.
    @Test func aTricklingArchiveIsCutAtTheRequestTimeoutForOneRecord() async throws {
        let server = try await TestHTTPServer()
        var trickling = TestResponse(headers: [("Content-Type", "application/warc")], body: WARCFixture.plain)
        trickling.trickleMilliseconds = 200
        trickling.trickleAfter = WARCFixture.records.prefix(3).map(\.count).reduce(0, +)
        server.serve("/crawl.warc", trickling)
        let fetch = try FetchHarness([
            "read_timeout_ms": .integer(3_600_000), "request_timeout_ms": .integer(1_000), "retries": .integer(0),
            "robots": .boolean(false),
        ])
        let failure = try #require(await fetch.failure(server.url("/crawl.warc")))
        #expect(failure.code == "timeout")
        #expect(
            failure.message
                == "\(server.url("/crawl.warc")): the server took longer than request_timeout_ms (1000 ms) to send "
                + "one record of the archive"
        )
        #expect(fetch.documents.map(\.source.uri) == ["https://news.example/a.html"])
        try await fetch.finish()
        try await server.shutdown()
    }

    @Test func aTruncatedArchiveFailsAfterTheRecordsBeforeTheCut() async throws {
        let folder = try TemporaryFolder()
        let plain = WARCFixture.plain
        let cut = WARCFixture.records.prefix(3).map(\.count).reduce(0, +) + 40
        let path = try folder.write("cut.warc", bytes: Data(plain[..<cut]))
        let fetch = try FetchHarness()
        let failure = try #require(await fetch.run(path) as? StageFailure)
        #expect(failure.code == "invalid-warc")
        #expect(failure.message.hasPrefix("file://\(path): "))
        #expect(fetch.documents.map(\.source.uri) == ["https://news.example/a.html"])
    }

    @Test func aRecordOverTheLimitIsAFailureAndTheArchiveGoesOn() async throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("crawl.warc", bytes: Data(WARCFixture.plain))
        let fetch = try FetchHarness(["max_body_bytes": .integer(80)])
        #expect(await fetch.run(path) == nil)
        #expect(fetch.outcome.failures.map(\.code).contains("too-large"))
    }
}
