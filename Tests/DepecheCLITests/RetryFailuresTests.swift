import DepecheTestSupport
import Foundation
import Testing

/// `depeche run --retry-failures`: the recorded failures run again, exactly the failed items.
@Suite struct RetryFailuresTests {
    @Test func theFailedItemsRunAgainAndAreAddedToTheExport() async throws {
        let folder = try TemporaryFolder()
        // Line 2 of the dump is broken; the folder holds one file that the first run cannot find
        // through a broken link.
        try folder.write(
            "dump.jsonl",
            "{\"id\": \"a\", \"text\": \"Un.\"}\n{\"id\": \n{\"id\": \"c\", \"text\": \"Trois.\"}\n"
        )
        try folder.write("pages/one.txt", "Quatre.")
        try folder.link("pages/two.txt", to: folder.path("pages/.later/two.txt"))
        try folder.write(
            "run.yaml",
            """
            inputs: [dump.jsonl, pages/]
            output: out/news.jsonl
            stages: [fetch, normalize, export]

            """
        )
        let first = try await Depeche.run(["run", "run.yaml"], in: folder.path)
        #expect(first.status == 1, "\(first.stderr)")
        let failures = try folder.read("out/news.failures.jsonl")
        #expect(failures.contains("\"input\":\"dump.jsonl\",\"at\":[[\"line\",2,"), "\(failures)")
        #expect(failures.contains("\"input\":\"pages/\",\"at\":[[\"entry\",\"two.txt\"]]"), "\(failures)")
        let published = try folder.read("out/news.jsonl")
        #expect(published.split(separator: "\n").count == 3)

        // The causes are fixed: line 2 repaired (longer than before), the link's target written.
        try folder.write(
            "dump.jsonl",
            "{\"id\": \"a\", \"text\": \"Un.\"}\n{\"id\": \"b\", \"text\": \"Deux, réparé.\"}\n"
                + "{\"id\": \"c\", \"text\": \"Trois.\"}\n"
        )
        try folder.write("pages/.later/two.txt", "Cinq.")
        let retry = try await Depeche.run(["run", "run.yaml", "--retry-failures"], in: folder.path)
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(retry.stderr.contains("retrying 2 failures"), "\(retry.stderr)")
        let exported = try folder.read("out/news.jsonl")
        #expect(exported.hasPrefix(published), "the retry changed the lines already published")
        let ids = exported.split(separator: "\n").map { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(ids == ["a", "c", "one", "b", "two"])
        #expect(try folder.read("out/news.failures.jsonl").isEmpty)

        // Nothing left to retry.
        let again = try await Depeche.run(["run", "run.yaml", "--retry-failures"], in: folder.path)
        #expect(again.status == 2)
        #expect(again.stderr.contains("lists no failure"), "\(again.stderr)")
    }

    @Test func itemsThatFailAgainStayInTheFailuresFile() async throws {
        let folder = try TemporaryFolder()
        try folder.write("dump.jsonl", "{\"id\": \"a\", \"text\": \"Un.\"}\n{\"id\": \n")
        try folder.write("run.yaml", "inputs: [dump.jsonl]\noutput: out/news.jsonl\nstages: [fetch, export]\n")
        let first = try await Depeche.run(["run", "run.yaml"], in: folder.path)
        #expect(first.status == 1)
        let retry = try await Depeche.run(["run", "run.yaml", "--retry-failures"], in: folder.path)
        #expect(retry.status == 1, "\(retry.stderr)")
        let failures = try folder.read("out/news.failures.jsonl")
        #expect(failures.split(separator: "\n").count == 1)
        #expect(failures.contains("\"code\":\"invalid-jsonl\""))
        #expect(try folder.read("out/news.jsonl").split(separator: "\n").count == 1)
    }

    /// An archive cut short: the records before the cut went through; the retry reads the archive
    /// again after them, so none is exported twice.
    @Test func anInputCutShortIsRetriedAfterItsLastGoodItem() async throws {
        let folder = try TemporaryFolder()
        func record(_ index: Int) -> String {
            let body = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Article \(index), complet.</p>"
            return "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:\(index)>\r\n"
                + "WARC-Target-URI: https://news.example/\(index).html\r\n"
                + "Content-Type: application/http; msgtype=response\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)\r\n\r\n"
        }
        let archive = (0..<5).map(record).joined()
        let cut = archive.utf8.count - record(4).utf8.count - record(3).utf8.count / 2
        try folder.write("crawl.warc", bytes: Array(archive.utf8.prefix(cut)))
        try folder.write(
            "run.yaml",
            "inputs: [crawl.warc]\noutput: out/news.jsonl\nstages: [fetch, normalize, export]\n"
        )
        let first = try await Depeche.run(["run", "run.yaml"], in: folder.path)
        #expect(first.status == 1, "\(first.stderr)")
        let failures = try folder.read("out/news.failures.jsonl")
        #expect(failures.contains("\"code\":\"invalid-warc\""), "\(failures)")
        #expect(failures.contains("\"input\":\"crawl.warc\",\"after\":[[\"record\",2,null]]"), "\(failures)")
        #expect(try folder.read("out/news.jsonl").split(separator: "\n").count == 3)

        try folder.write("crawl.warc", archive)
        let retry = try await Depeche.run(["run", "run.yaml", "--retry-failures"], in: folder.path)
        #expect(retry.status == 0, "\(retry.stderr)")
        let texts = try folder.read("out/news.jsonl").split(separator: "\n").map { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["text"] as? String ?? ""
        }
        #expect(texts.map { $0.contains("Article") } == [true, true, true, true, true])
        #expect(Set(texts).count == 5, "a record was exported twice: \(texts)")
    }
}
