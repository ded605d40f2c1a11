import DepecheCore
import DepecheFetch
import DepecheTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct FetchFileTests {
    @Test func readsAFileAsOneDocumentWithItsRawBytes() async throws {
        let path = fixture("corpus/a.txt")
        let fetch = try StageHarness(.fetch)
        let before = Int64(Date().timeIntervalSince1970 * 1000) - 1
        #expect(await fetch.process(seed(path)) == nil)
        let outcome = fetch.outcome
        #expect(outcome.ids == ["a"])
        #expect(outcome.failures.isEmpty)
        let document = try #require(outcome.documents.first)
        #expect(document.source.uri == "file://" + path)
        #expect(document.source.kind == "file")
        #expect(document.source.contentType == "text/plain")
        #expect(String(raw: document) == "Alpha: the first article.\n")
        #expect(document.text == "")
        #expect(document.source.fetchedAtMilliseconds >= before)
        #expect(document.diagnostics.isEmpty)
    }

    @Test(arguments: [
        ("corpus/b.html", "text/html"),
        ("corpus/Zeta.HTM", "text/html"),
        ("corpus/sub/c.xml", "application/xml"),
        ("corpus/sub/deeper/d.text", "text/plain"),
        ("sniff/page.dat", "text/html"),
        ("sniff/upper.dat", "text/html"),
        ("sniff/data.dat", "application/xml"),
        ("sniff/plain.dat", "text/plain"),
    ])
    func choosesTheContentTypeByExtensionThenByFirstBytes(file: String, contentType: String) async throws {
        let fetch = try StageHarness(.fetch)
        await fetch.process(seed(fixture(file)))
        #expect(fetch.outcome.documents.map(\.source.contentType) == [contentType])
    }

    @Test func emptyFileGivesADocumentWithAWarning() async throws {
        let fetch = try StageHarness(.fetch)
        await fetch.process(seed(fixture("empty.txt")))
        let document = try #require(fetch.outcome.documents.first)
        #expect(document.id == "empty")
        #expect(document.source.raw.isEmpty)
        #expect(
            document.diagnostics == [
                Diagnostic(
                    stage: "fetch",
                    code: "empty-file",
                    severity: .warning,
                    message: "\(fixture("empty.txt")) is empty"
                )
            ]
        )
    }

    @Test func missingPathFailsWithNotFoundAndSaysWhatToCheck() async throws {
        let path = fixture("corpus/a.tx")
        let fetch = try StageHarness(.fetch)
        let error = await fetch.process(seed(path))
        #expect(
            error as? StageFailure
                == StageFailure(
                    code: "not-found",
                    message: "\(path): no such file or folder (did you mean '\(fixture("corpus/a.txt"))'?); check the "
                        + "path (a relative input is read from the configuration file's folder, or from the working "
                        + "directory on the command line)"
                )
        )
        #expect(fetch.outcome.documents.isEmpty)
    }

    @Test func otherSchemesFailWithUnsupportedScheme() async throws {
        let fetch = try StageHarness(.fetch)
        let error = await fetch.process(seed("ftp://example.org/a.txt"))
        #expect(
            error as? StageFailure
                == StageFailure(
                    code: "unsupported-scheme",
                    message: "ftp://example.org/a.txt: 'ftp' URLs are not supported; give a file, a folder, a glob "
                        + "pattern, a file:// URL or an http(s) URL"
                )
        )
    }

    @Test func fileURLInputIsReadAsAPathAndURIsArePercentEncoded() async throws {
        let scratch = try TemporaryFolder()
        let path = try scratch.write("été #1 [draft].txt", "Summer")
        let url = "file://" + scratch.path + "/%C3%A9t%C3%A9%20%231%20%5Bdraft%5D.txt"
        let fetch = try StageHarness(.fetch)
        #expect(await fetch.process(seed(url)) == nil)
        let document = try #require(fetch.outcome.documents.first)
        #expect(document.id == "été #1 [draft]")
        #expect(document.source.uri == url)
        #expect(URL(string: document.source.uri)?.path == path)
        #expect(String(raw: document) == "Summer")
    }

    @Test func fileOverMaxBytesFailsWithTooLargeNamingSizeLimitAndOption() async throws {
        let path = fixture("corpus/a.txt")
        let fetch = try StageHarness(.fetch, options: ["max_bytes": .integer(10)])
        let error = await fetch.process(seed(path))
        #expect(
            error as? StageFailure
                == StageFailure(
                    code: "too-large",
                    message: "\(path): the file is 26 bytes, over the limit of 10 bytes; raise the fetch stage's "
                        + "max_bytes option to read it"
                )
        )
    }

    @Test func documentsThatAreNotSeedsPassThroughUnchanged() async throws {
        var document = Document(id: "x", source: Source(uri: "file:///nowhere/x.txt", kind: "file"), text: "Text")
        document.attributes["k"] = "v"
        let fetch = try StageHarness(.fetch)
        #expect(await fetch.process(document) == nil)
        #expect(fetch.outcome.documents == [document])
    }

    @Test(.enabled(if: getuid() != 0, "root reads every file"))
    func unreadableFileFailsWithUnreadable() async throws {
        let scratch = try TemporaryFolder()
        let path = try scratch.write("secret.txt", "x")
        chmod(path, 0)
        let fetch = try StageHarness(.fetch)
        let error = await fetch.process(seed(path))
        #expect((error as? StageFailure)?.code == "unreadable")
    }

    @Test func symbolicLinkLoopsFailOrAreSkippedWithoutHanging() async throws {
        let scratch = try TemporaryFolder()
        try scratch.write("corpus/a.txt", "A")
        try scratch.link("corpus/self.txt", to: scratch.path("corpus/self.txt"))
        try scratch.link("corpus/back", to: scratch.path("corpus"))
        let fetch = try StageHarness(.fetch)
        #expect(await fetch.process(seed(scratch.path("corpus"))) == nil)
        let outcome = fetch.outcome
        #expect(outcome.ids == ["a"])
        #expect(outcome.failures.map(\.code) == ["symlink-loop"])
        #expect(outcome.failures.map(\.id) == ["self"])

        let direct = try StageHarness(.fetch)
        let error = await direct.process(seed(scratch.path("corpus/self.txt")))
        #expect((error as? StageFailure)?.code == "symlink-loop")
    }
}
