import DepecheTestSupport
import Foundation
import Testing

/// Nothing a user types destroys data: a mistyped input, or an output the run would read back, is
/// refused with status 2 before any output is touched.
@Suite struct OutputSafetyTests {
    /// A folder with a good export from an earlier run, `out/keep.jsonl`, and its text.
    static func folderWithAnExport() async throws -> (TemporaryFolder, String) {
        let folder = try TemporaryFolder()
        try folder.write("articles/a.txt", "Titre\n\nLe ministre a parlé hier à Berlin.\n")
        try folder.write("articles/b.txt", "Autre titre\n\nLa réunion a eu lieu à Lyon.\n")
        let first = try await Depeche.run(
            ["run", "-q", "--input", "articles", "--output", "out/keep.jsonl"],
            in: folder.path
        )
        #expect(first.status == 0, "\(first.stderr)")
        return (folder, try folder.read("out/keep.jsonl"))
    }

    @Test func aMistypedInputIsRefusedAndTheExportIsKept() async throws {
        let (folder, export) = try await Self.folderWithAnExport()
        let failures = try folder.read("out/keep.failures.jsonl")
        let state = try folder.read("out/keep.state.json")
        let result = try await Depeche.run(
            ["run", "-q", "--input", "articels", "--output", "out/keep.jsonl"],
            in: folder.path
        )
        #expect(result.status == 2)
        #expect(result.stderr == "depeche: input 'articels' does not exist (did you mean 'articles'?)\n")
        #expect(try folder.read("out/keep.jsonl") == export)
        #expect(try folder.read("out/keep.failures.jsonl") == failures)
        #expect(try folder.read("out/keep.state.json") == state)
        #expect(!folder.exists("out/keep.jsonl.partial"))
    }

    @Test func anOutputThatIsAnInputIsRefused() async throws {
        let folder = try TemporaryFolder()
        let dump = "{\"id\": \"a\", \"text\": \"Un article.\"}\n"
        try folder.write("same.jsonl", dump)
        let result = try await Depeche.run(
            ["run", "-q", "--input", "same.jsonl", "--output", "same.jsonl"],
            in: folder.path
        )
        #expect(result.status == 2)
        #expect(result.stderr.contains("the input 'same.jsonl' is also a file this run writes"), "\(result.stderr)")
        #expect(try folder.read("same.jsonl") == dump)
        // Another spelling of the same file: through a symbolic link, or with `./`.
        try FileManager.default.createSymbolicLink(
            atPath: folder.path("link.jsonl"),
            withDestinationPath: folder.path("same.jsonl")
        )
        let linked = try await Depeche.run(
            ["run", "-q", "--input", "link.jsonl", "--output", "./same.jsonl"],
            in: folder.path
        )
        #expect(linked.status == 2, "\(linked.stderr)")
        #expect(try folder.read("same.jsonl") == dump)
    }

    @Test func anOutputInsideAnInputFolderIsRefused() async throws {
        let (folder, _) = try await Self.folderWithAnExport()
        let result = try await Depeche.run(
            ["run", "-q", "--input", "articles/", "--output", "articles/out.jsonl"],
            in: folder.path
        )
        #expect(result.status == 2)
        #expect(
            result.stderr.contains("the output file 'articles/out.jsonl' is inside the input folder 'articles/'"),
            "\(result.stderr)"
        )
        #expect(!folder.exists("articles/out.jsonl"))
        #expect(!folder.exists("articles/out.failures.jsonl"))
        #expect(!folder.exists("articles/out.state.json"))
    }

    @Test func anInputPatternThatMatchesAFileTheRunWritesIsRefused() async throws {
        let folder = try TemporaryFolder()
        try folder.write("data/a.jsonl", "{\"id\": \"a\", \"text\": \"Un article.\"}\n")
        // The export itself does not match, its failures file does.
        let result = try await Depeche.run(
            ["run", "-q", "--input", "data/*.jsonl", "--output", "data/export.json"],
            in: folder.path
        )
        #expect(result.status == 2)
        #expect(
            result.stderr.contains("'data/*.jsonl' matches 'data/export.failures.jsonl'"),
            "\(result.stderr)"
        )
        // A pattern that matches none of them runs.
        let narrow = try await Depeche.run(
            ["run", "-q", "--input", "data/a*.jsonl", "--output", "data/export.json"],
            in: folder.path
        )
        #expect(narrow.status == 0, "\(narrow.stderr)")
    }

    @Test(arguments: ["out/", "out"])
    func aFolderGivenAsTheOutputIsRefusedBeforeTheRun(output: String) async throws {
        let (folder, _) = try await Self.folderWithAnExport()
        let result = try await Depeche.run(["run", "-q", "--input", "articles", "--output", output], in: folder.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("the output '\(output)' is a folder"), "\(result.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path("out")).sorted()
        #expect(left == [".keep.lock", "keep.failures.jsonl", "keep.jsonl", "keep.state.json"])
    }

    @Test func validateReportsAnOutputInsideAnInputFolderAtTheInputsLine() async throws {
        let folder = try TemporaryFolder()
        try folder.write("news/a.txt", "Titre\n\nTexte.\n")
        try folder.write("p.yaml", "inputs:\n  - news/\noutput: news/all.jsonl\n" + CommandLineTests.chain)
        let result = try await Depeche.run(["validate", "p.yaml"], in: folder.path)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("p.yaml:2:5: the output file 'news/all.jsonl' is inside the input folder"))
        let run = try await Depeche.run(["run", "p.yaml", "-q"], in: folder.path)
        #expect(run.status == 2)
        #expect(run.stderr == result.stderr)
    }
}
