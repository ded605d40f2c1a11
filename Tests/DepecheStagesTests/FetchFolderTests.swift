import DepecheCore
import DepecheFetch
import DepecheTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// The share of the folder walked, for the progress line's time left: from 0, never going back
    /// (the feed inside the folder does not report its own lines), short of 1 until the walk ends.
    @Test func folderWalkReportsTheShareWalked() async throws {
        let fetch = try StageHarness(.fetch)
        #expect(await fetch.process(seed(fixture("corpus"))) == nil)
        let progress = fetch.outcome.progress
        #expect(progress.first == 0)
        #expect(progress.count >= Self.corpusIDs.count - 2)
        #expect(zip(progress, progress.dropFirst()).allSatisfy { $0 <= $1 }, "\(progress)")
        #expect(progress.last.map { $0 > 0.5 && $0 < 1 } == true, "\(progress)")
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

    /// An input folder with nothing to read leaves a trace: it fails, saying what fetch reads.
    @Test func emptyFolderFailsWithEmptyFolder() async throws {
        let scratch = try TemporaryFolder()
        try scratch.write("notes.md", "not read")
        try scratch.write(".hidden.txt", "not read")
        let fetch = try StageHarness(.fetch)
        let error = await fetch.process(seed(scratch.path)) as? StageFailure
        #expect(error?.code == "empty-folder")
        #expect(error?.message.contains("holds no file to read") == true)
        #expect(error?.message.contains(".html") == true)
        #expect(fetch.outcome.documents.isEmpty)
    }

    // MARK: Symbolic links and special files

    /// Links inside the input folder are followed; a link out of it is recorded (`outside-input`)
    /// and not read, unless `follow_links: true`.
    @Test func linksOutOfTheInputFolderAreRecordedNotFollowed() async throws {
        let scratch = try TemporaryFolder()
        try scratch.write("corpus/a.txt", "A")
        try scratch.write("corpus/sub/b.txt", "B")
        try scratch.write("private/secret.txt", "S")
        try scratch.link("corpus/inner.txt", to: scratch.path("corpus/sub/b.txt"))
        try scratch.link("corpus/leak.txt", to: scratch.path("private/secret.txt"))
        try scratch.link("corpus/leaks", to: scratch.path("private"))
        let fetch = try StageHarness(.fetch)
        #expect(await fetch.process(seed(scratch.path("corpus"))) == nil)
        let outcome = fetch.outcome
        #expect(outcome.ids == ["a", "inner", "b"])
        #expect(outcome.failures.map(\.id) == ["leak", "leaks"])
        #expect(outcome.failures.map(\.code) == ["outside-input", "outside-input"])
        #expect(outcome.failures.first?.message.contains("follow_links: true") == true)
        #expect(!outcome.documents.contains { String(raw: $0) == "S" })

        let following = try StageHarness(.fetch, options: ["follow_links": .boolean(true)])
        #expect(await following.process(seed(scratch.path("corpus"))) == nil)
        #expect(following.outcome.ids == ["a", "inner", "leak", "secret", "b"])
        #expect(following.outcome.failures.isEmpty)
    }

    /// A glob pattern is walked from its fixed folder: a link out of it is recorded too.
    @Test func globDoesNotFollowLinksOutOfItsFolder() async throws {
        let scratch = try TemporaryFolder()
        try scratch.write("corpus/a.txt", "A")
        try scratch.write("private/secret.txt", "S")
        try scratch.link("corpus/leak.txt", to: scratch.path("private/secret.txt"))
        let fetch = try StageHarness(.fetch)
        #expect(await fetch.process(seed(scratch.path("corpus/*.txt"))) == nil)
        #expect(fetch.outcome.ids == ["a"])
        #expect(fetch.outcome.failures.map(\.code) == ["outside-input"])
    }

    /// A FIFO named like an article is recorded, never opened (opening it would block the run).
    @Test func aFIFOInAFolderIsRecordedWithoutBlocking() async throws {
        let scratch = try TemporaryFolder()
        try scratch.write("a.txt", "A")
        #expect(mkfifo(scratch.path("pipe.txt"), 0o600) == 0)
        let fetch = try StageHarness(.fetch)
        #expect(await fetch.process(seed(scratch.path)) == nil)
        #expect(fetch.outcome.ids == ["a"])
        #expect(fetch.outcome.failures.map(\.id) == ["pipe"])
        #expect(fetch.outcome.failures.first?.message.contains("not a regular file") == true)
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
