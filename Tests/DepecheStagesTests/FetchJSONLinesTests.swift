import DepecheCore
import DepecheFetch
import DepecheTestSupport
import Testing

@Suite struct FetchJSONLinesTests {
    static let path = fixture("articles.jsonl")
    static let url = "file://" + path

    @Test func goodLinesBecomeDocumentsAndBadLinesFailInFileOrder() async throws {
        let fetch = try StageHarness(.fetch)
        #expect(await fetch.process(seed(Self.path)) == nil)
        #expect(
            fetch.outcome.order == [
                "d:a1", "d:articles-3", "f:articles-4", "f:articles-5", "f:no-text", "f:wrong-type", "d:h1",
                "d:ABC19980108.1830.0711", "d:crlf", "f:bad-authors", "d:last",
            ]
        )
    }

    /// The share of the dump read (bytes), for the progress line's time left.
    @Test func aDumpReportsTheShareOfItsBytesRead() async throws {
        let fetch = try StageHarness(.fetch)
        #expect(await fetch.process(seed(Self.path)) == nil)
        let progress = fetch.outcome.progress
        #expect(progress.count >= fetch.outcome.order.count)  // blank lines count too
        #expect(zip(progress, progress.dropFirst()).allSatisfy { $0 < $1 }, "\(progress)")
        #expect(progress.first.map { $0 > 0 && $0 < 0.5 } == true)
        #expect(progress.last == 1)
    }

    @Test func badLinesAreReportedWithPathLineAndReason() async throws {
        let fetch = try StageHarness(.fetch)
        await fetch.process(seed(Self.path))
        let path = Self.path
        #expect(
            fetch.outcome.failures == [
                .init(
                    id: "articles-4",
                    source: Self.url + "#L4",
                    code: "invalid-jsonl",
                    message: "\(path):4: not a JSON object: unexpected character '}' at column 26"
                ),
                .init(
                    id: "articles-5",
                    source: Self.url + "#L5",
                    code: "invalid-jsonl",
                    message: "\(path):5: not a JSON object: expected a JSON object ('{') at column 1"
                ),
                .init(
                    id: "no-text",
                    source: Self.url + "#L6",
                    code: "invalid-jsonl",
                    message: "\(path):6: the record has neither \"text\" nor \"html\": give the article in one of them"
                ),
                .init(
                    id: "wrong-type",
                    source: Self.url + "#L7",
                    code: "invalid-jsonl",
                    message: "\(path):7: \"text\" must be a string, not a number"
                ),
                .init(
                    id: "bad-authors",
                    source: Self.url + "#L12",
                    code: "invalid-jsonl",
                    message: "\(path):12: \"authors\" must be an array of strings, not a string"
                ),
            ]
        )
    }

    @Test func textRecordFillsTextRawAndMetadata() async throws {
        let fetch = try StageHarness(.fetch)
        await fetch.process(seed(Self.path))
        let document = try #require(fetch.outcome.document("a1"))
        let text = "Emmanuel Macron était à Lyon le 1er mai."
        #expect(document.text == text)
        #expect(document.source.raw == Array(text.utf8))
        #expect(document.source.uri == "https://example.org/news/a1")
        #expect(document.source.kind == "jsonl")
        #expect(document.source.contentType == "text/plain")
        #expect(document.source.fetchedAtMilliseconds > 0)
        #expect(
            document.metadata
                == Metadata(
                    title: "Un titre",
                    published: "2024-05-01",
                    publishedOrigin: "jsonl",
                    language: "fr",
                    titleOrigin: "jsonl",
                    languageOrigin: "jsonl"
                )
        )
    }

    @Test func lineWithoutIDIsNamedAfterFileAndLine() async throws {
        let fetch = try StageHarness(.fetch)
        await fetch.process(seed(Self.path))
        let document = try #require(fetch.outcome.document("articles-3"))
        #expect(document.source.uri == Self.url + "#L3")
        #expect(document.text == "A line without an id.")
    }

    @Test func htmlRecordKeepsMarkupInRawWithAuthorsAndAttributes() async throws {
        let fetch = try StageHarness(.fetch)
        await fetch.process(seed(Self.path))
        let document = try #require(fetch.outcome.document("h1"))
        #expect(document.text == "")
        #expect(String(raw: document) == "<p>Hello <b>world</b></p>")
        #expect(document.source.contentType == "text/html")
        #expect(document.metadata.authors == ["Ann Lee", "Bo Chen"])
        #expect(document.metadata.siteName == "Example")
        #expect(document.attributes == ["section": "world", "rank": "3", "paid": "false"])
    }

    /// The shape `/work/shared/eval/convert.py` writes: `{"id", "text", "published"}`, with
    /// `published` null when the corpus has no date, and JSON escapes.
    @Test func evaluationInputLinesAreReadWithEscapesAndNullDate() async throws {
        let fetch = try StageHarness(.fetch)
        await fetch.process(seed(Self.path))
        let document = try #require(fetch.outcome.document("ABC19980108.1830.0711"))
        #expect(document.text == "Line one.\nLine two été 😀 \"quoted\" back\\slash")
        #expect(document.metadata.published == "")
        #expect(document.metadata.publishedOrigin == "")
        #expect(fetch.outcome.document("crlf")?.text == "Windows line end")
        #expect(fetch.outcome.document("last")?.text == "No newline at the end of the file.")
    }

    @Test func emptyJSONLinesFileGivesNothing() async throws {
        let fetch = try StageHarness(.fetch)
        #expect(await fetch.process(seed(fixture("empty.jsonl"))) == nil)
        #expect(fetch.outcome.order.isEmpty)
    }

    /// An id of a megabyte is refused (it would be a key in every table and every message); the
    /// line is recorded under its line id, and the others go on.
    @Test func anIDOverAKilobyteFailsTheLine() async throws {
        let scratch = try TemporaryFolder()
        let huge = String(repeating: "i", count: 1_000_000)
        let path = try scratch.write(
            "ids.jsonl",
            "{\"id\":\"s1\",\"text\":\"one\"}\n{\"id\":\"\(huge)\",\"text\":\"two\"}\n"
                + "{\"id\":\"\(String(repeating: "k", count: 1_024))\",\"text\":\"three\"}\n"
        )
        let fetch = try StageHarness(.fetch)
        await fetch.process(seed(path))
        #expect(fetch.outcome.order == ["d:s1", "f:ids-2", "d:\(String(repeating: "k", count: 1_024))"])
        #expect(fetch.outcome.failures.first?.code == "invalid-jsonl")
        #expect(
            fetch.outcome.failures.first?.message.contains("\"id\" is 1000000 bytes, over the limit of 1024") == true
        )
    }

    @Test func lineOverMaxLineBytesFailsAndTheOthersGoOn() async throws {
        let scratch = try TemporaryFolder()
        let long = "{\"id\":\"long\",\"text\":\"" + String(repeating: "x", count: 3_000_000) + "\"}"
        let path = try scratch.write(
            "big.jsonl",
            "{\"id\":\"s1\",\"text\":\"one\"}\n\(long)\n{\"id\":\"s2\",\"text\":\"two\"}"
        )
        let fetch = try StageHarness(.fetch, options: ["max_line_bytes": .integer(2_000_000)])
        await fetch.process(seed(path))
        #expect(fetch.outcome.order == ["d:s1", "f:big-2", "d:s2"])
        #expect(
            fetch.outcome.failures.first?.message
                == "\(path):2: the line is 3000023 bytes, over the limit of 2000000 bytes; raise the fetch stage's "
                + "max_line_bytes option to read it"
        )
    }

    @Test func linesLongerThanTheReadBufferAreReadWhole() async throws {
        let scratch = try TemporaryFolder()
        let text = String(repeating: "Le président est à Paris. ", count: 100_000)
        let path = try scratch.write(
            "long.jsonl",
            "{\"id\":\"l1\",\"text\":\"\(text)\"}\n{\"id\":\"l2\",\"text\":\"b\"}\n"
        )
        let fetch = try StageHarness(.fetch)
        await fetch.process(seed(path))
        #expect(fetch.outcome.ids == ["l1", "l2"])
        #expect(fetch.outcome.document("l1")?.text == text)
    }

    @Test func invalidUTF8IsRepairedWithAWarning() async throws {
        let scratch = try TemporaryFolder()
        let path = try scratch.write(
            "latin1.jsonl",
            bytes: Array("{\"id\":\"u\",\"text\":\"caf".utf8) + [0xE9] + Array("\"}\n".utf8)
        )
        let fetch = try StageHarness(.fetch)
        await fetch.process(seed(path))
        let document = try #require(fetch.outcome.document("u"))
        #expect(document.text == "caf\u{FFFD}")
        #expect(document.diagnostics.map(\.code) == ["invalid-utf8"])
    }

    @Test func byteOrderMarkAndNumericIDAreAccepted() async throws {
        let scratch = try TemporaryFolder()
        let path = try scratch.write(
            "bom.jsonl",
            bytes: [0xEF, 0xBB, 0xBF] + Array("{\"id\":42,\"text\":\"t\"}\n".utf8)
        )
        let fetch = try StageHarness(.fetch)
        await fetch.process(seed(path))
        #expect(fetch.outcome.ids == ["42"])
    }
}
