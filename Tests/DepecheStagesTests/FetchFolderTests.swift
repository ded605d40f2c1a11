import DepecheCore
import DepecheFetch
import DepecheTestSupport
import Testing

@Suite struct FetchFolderTests {
    /// The fixture corpus in byte-wise order of relative path: `Zeta.HTM` (upper case first),
    /// `a.txt`, `b.html`, (`notes.md` skipped), `sub.txt` (`.` sorts before `/`), `sub/c.xml`,
    /// `sub/deeper/d.text`, `sub/feed.jsonl` (two lines).
    static let corpusIDs = ["Zeta", "a", "b", "sub", "c", "d", "feed-1", "feed-2"]

    @Test func folderIsWalkedRecursivelyInByteOrderSkippingUnsupportedExtensions() async throws {
        let fetch = try StageHarness(.fetch)
        #expect(await fetch.process(seed(fixture("corpus"))) == nil)
        let outcome = fetch.outcome
        #expect(outcome.ids == Self.corpusIDs)
        #expect(outcome.failures.isEmpty)
        #expect(outcome.document("c")?.source.uri == "file://" + fixture("corpus/sub/c.xml"))
        #expect(outcome.document("feed-2")?.source.contentType == "text/html")
        #expect(outcome.document("feed-1")?.source.uri == "file://" + fixture("corpus/sub/feed.jsonl") + "#L1")
    }

    @Test func folderOrderIsTheSameOnEveryRun() async throws {
        var runs: [[String]] = []
        for _ in 0..<3 {
            let fetch = try StageHarness(.fetch)
            await fetch.process(seed(fixture("corpus/")))
            runs.append(fetch.outcome.documents.map(\.source.uri))
        }
        #expect(runs[0].count == 8)
        #expect(runs[1] == runs[0])
        #expect(runs[2] == runs[0])
    }

    @Test func hiddenFilesAndFoldersAreSkipped() async throws {
        let scratch = try TemporaryFolder()
        try scratch.write("visible.txt", "v")
        try scratch.write(".hidden.txt", "h")
        try scratch.write(".git/config.txt", "g")
        try scratch.write("dir/.cache/cached.txt", "c")
        try scratch.write("dir/kept.html", "k")
        try scratch.write("image.png", "p")
        let fetch = try StageHarness(.fetch)
        await fetch.process(seed(scratch.path))
        #expect(fetch.outcome.ids == ["kept", "visible"])
    }

    @Test func extensionsOptionChoosesTheFilesReadCaseInsensitively() async throws {
        let fetch = try StageHarness(.fetch, options: ["extensions": .list(["md", ".TXT"])])
        await fetch.process(seed(fixture("corpus")))
        #expect(fetch.outcome.ids == ["a", "notes", "sub"])
    }

    @Test func sameFileNameInTwoFoldersGetsDistinctIDs() async throws {
        let scratch = try TemporaryFolder()
        try scratch.write("a/index.html", "1")
        try scratch.write("b/index.html", "2")
        try scratch.write("index.txt", "3")
        let fetch = try StageHarness(.fetch)
        await fetch.process(seed(scratch.path))
        let outcome = fetch.outcome
        #expect(outcome.ids == ["index", "b/index", "index.txt"])
        #expect(outcome.documents.map { $0.diagnostics.map(\.code) } == [[], ["duplicate-id"], ["duplicate-id"]])
    }

    @Test func emptyFolderGivesNothing() async throws {
        let scratch = try TemporaryFolder()
        let fetch = try StageHarness(.fetch)
        #expect(await fetch.process(seed(scratch.path)) == nil)
        #expect(fetch.outcome.order.isEmpty)
    }

    // MARK: Glob patterns

    @Test(arguments: [
        ("corpus/*.t?t", ["a", "sub"]),
        ("corpus/[a-b].*", ["a", "b"]),
        ("corpus/[!a-z]*", ["Zeta"]),
        ("corpus/**/*.txt", ["a", "sub"]),
        ("corpus/**/*.text", ["d"]),
        ("corpus/*/*", ["c", "feed-1", "feed-2"]),
        ("corpus/**", ["Zeta", "a", "b", "notes", "sub", "c", "d", "feed-1", "feed-2"]),
        ("*/sub/**/d.*", ["d"]),
    ])
    func globMatchesFilesInPathOrder(pattern: String, ids: [String]) async throws {
        let fetch = try StageHarness(.fetch)
        #expect(await fetch.process(seed(fixture(pattern))) == nil)
        #expect(fetch.outcome.ids == ids)
    }

    @Test func globMatchingNothingFailsWithNoMatch() async throws {
        let pattern = fixture("corpus/*.pdf")
        let fetch = try StageHarness(.fetch)
        let error = await fetch.process(seed(pattern))
        #expect(
            error as? StageFailure
                == StageFailure(
                    code: "no-match",
                    message: "\(pattern): the pattern matched no file (searched below \(fixture("corpus"))); check "
                        + "the pattern, and note that * and ? do not match hidden names"
                )
        )
    }

    @Test func globBelowAMissingFolderFailsWithNoMatch() async throws {
        let fetch = try StageHarness(.fetch)
        let error = await fetch.process(seed(fixture("nowhere/**/*.txt")))
        #expect((error as? StageFailure)?.code == "no-match")
    }

    @Test func globSkipsHiddenNamesUnlessThePatternNamesThem() async throws {
        let scratch = try TemporaryFolder()
        try scratch.write("a.txt", "a")
        try scratch.write(".b.txt", "b")
        try scratch.write(".git/c.txt", "c")
        try scratch.write("d/e.txt", "e")
        for (pattern, ids) in [("*.txt", ["a"]), ("**/*.txt", ["a", "e"]), (".*.txt", [".b"]), (".git/*", ["c"])] {
            let fetch = try StageHarness(.fetch)
            await fetch.process(seed(scratch.path(pattern)))
            #expect(fetch.outcome.ids == ids, "\(pattern)")
        }
    }

    @Test func anExistingPathWithPatternCharactersIsReadAsAPath() async throws {
        let scratch = try TemporaryFolder()
        try scratch.write("report[1].txt", "r")
        try scratch.write("report1.txt", "1")
        let fetch = try StageHarness(.fetch)
        await fetch.process(seed(scratch.path("report[1].txt")))
        #expect(fetch.outcome.ids == ["report[1]"])
    }
}
