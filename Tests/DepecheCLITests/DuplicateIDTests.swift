import DepecheTestSupport
import Foundation
import Testing

/// One id per document of a run: a repeated id (two lines of a dump, or the same page from two
/// inputs) is renamed with a `duplicate-id` warning, so that no row of the store replaces
/// another and `dedupe` sees the copy.
@Suite struct DuplicateIDTests {
    @Test func repeatedIDsAreRenamedAndDedupeMarksTheCopy() async throws {
        let folder = try TemporaryFolder()
        let words = (0..<80).map { "mot\($0 % 23)x\($0 % 7)" }.joined(separator: " ")
        try folder.write(
            "monday.jsonl",
            "{\"id\": \"a\", \"text\": \"\(words)\"}\n{\"id\": \"b\", \"text\": \"Autre chose.\"}\n"
                + "{\"id\": \"a\", \"text\": \"Un autre article.\"}\n"
        )
        // The same article from a second input, under the same id.
        try folder.write("tuesday.jsonl", "{\"id\": \"a\", \"text\": \"\(words)\"}\n")
        try folder.write(
            "run.yaml",
            "inputs: [monday.jsonl, tuesday.jsonl]\noutput: out/news.sqlite\nstages: [fetch, normalize, dedupe, export]\n"
        )
        let result = try await Depeche.run(["run", "run.yaml", "-q"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let rows = ResumeTests.sqlite(
            folder.path("out/news.sqlite"),
            "SELECT id, duplicate_of FROM documents ORDER BY number"
        )
        #expect(rows == "a|\nb|\na~2|\na~3|a\n")
        let diagnostics = ResumeTests.sqlite(
            folder.path("out/news.sqlite"),
            "SELECT diagnostics FROM documents WHERE id = 'a~3'"
        )
        #expect(diagnostics.contains("\"code\":\"duplicate-id\""), "\(diagnostics)")
        #expect(diagnostics.contains("this one is 'a~3'"), "\(diagnostics)")
    }
}
