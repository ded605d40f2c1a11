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
        try folder.link("pages/two.txt", to: folder.path("later/two.txt"))
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
        try folder.write("later/two.txt", "Cinq.")
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
}
