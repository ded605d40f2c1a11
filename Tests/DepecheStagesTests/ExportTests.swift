import DepecheCore
import DepecheExport
import DepecheFetch
import DepecheTestSupport
import Foundation
import Logging
import Synchronization
import Testing

@Suite struct ExportTests {
    static let fullDocument = Document(
        id: "doc-1",
        source: Source(
            uri: "file:///data/a%20b.txt",
            kind: "file",
            fetchedAtMilliseconds: 1_700_000_000_000,
            contentType: "text/plain",
            charset: "utf-8",
            raw: Array("raw".utf8)
        ),
        text: "Macron à Paris.\n\"Tab\"\there",
        metadata: Metadata(
            title: "Un \"titre\"",
            authors: ["Ann Lee"],
            published: "2024-05-01",
            publishedOrigin: "jsonl",
            language: "fr",
            siteName: "Site/News"
        ),
        entities: [
            Entity(
                start: 0,
                end: 6,
                text: "Macron",
                type: .person,
                canonical: "Emmanuel Macron",
                entityID: "Q3052772",
                confidence: 0.9
            ),
            Entity(start: 9, end: 14, text: "Paris", type: .location, label: "city", canonical: "Paris"),
        ],
        timexes: [
            Timex(start: 0, end: 4, text: "2024", type: .date, value: "2024"),
            Timex(start: 5, end: 10, text: "about", type: .duration, value: "P1D", mod: "APPROX"),
        ],
        annotations: [Annotation(label: "quote", start: 16, end: 21, values: ["z": "1", "a": "2"], stage: "custom")],
        attributes: ["b": "2", "a": "1", "é": "3"],
        diagnostics: [
            Diagnostic(stage: "normalize", code: "invalid-utf8", severity: .warning, message: "bytes replaced")
        ],
        provenance: [Provenance(stage: "fetch", version: "1", atMilliseconds: 1_700_000_000_001)]
    )

    static let fullLine =
        #"{"id":"doc-1","source":{"uri":"file:///data/a%20b.txt","kind":"file","content_type":"text/plain"},"#
        + #""title":"Un \"titre\"","published":"2024-05-01","published_origin":"jsonl","modified":"","language":"fr","#
        + #""authors":["Ann Lee"],"#
        + #""site_name":"Site/News","canonical_url":"","origins":{},"paywalled":false,"fingerprint":"","duplicate_of":"","text":"Macron à Paris.\n\"Tab\"\there","#
        + #""entities":[{"start":0,"end":6,"text":"Macron","type":"PER","canonical":"Emmanuel Macron","#
        + #""entity_id":"Q3052772","confidence":0.9},"#
        + #"{"start":9,"end":14,"text":"Paris","type":"LOC","canonical":"Paris","label":"city"}],"#
        + #""timexes":[{"start":0,"end":4,"text":"2024","type":"DATE","value":"2024"},"#
        + #"{"start":5,"end":10,"text":"about","type":"DURATION","value":"P1D","mod":"APPROX"}],"#
        + #""annotations":[{"label":"quote","start":16,"end":21,"stage":"custom","values":{"a":"2","z":"1"}}],"#
        + #""attributes":{"a":"1","b":"2","é":"3"},"#
        + #""diagnostics":[{"stage":"normalize","code":"invalid-utf8","severity":"warning","message":"bytes replaced"}]}"#
        + "\n"

    static let emptyLine =
        #"{"id":"empty","source":{"uri":"","kind":"","content_type":""},"title":"","published":"","published_origin":"","modified":"","#
        + #""language":"","authors":[],"site_name":"","canonical_url":"","origins":{},"paywalled":false,"fingerprint":"","duplicate_of":"","text":"","entities":[],"timexes":[],"annotations":[],"attributes":{},"#
        + #""diagnostics":[]}"# + "\n"

    @Test func writesEachDocumentAsOneExactJSONLineAndPassesItOn() async throws {
        let scratch = try TemporaryFolder()
        let export = try StageHarness(.export, options: ["path": .string(scratch.path("out.jsonl"))])
        #expect(await export.process(Self.fullDocument) == nil)
        #expect(await export.process(Document(id: "empty")) == nil)
        try await export.finish()
        #expect(try scratch.read("out.jsonl") == Self.fullLine + Self.emptyLine)
        #expect(export.outcome.documents == [Self.fullDocument, Document(id: "empty")])
    }

    @Test func includeTextFalseDropsTheTextAndIncludeRawAddsTheBytes() async throws {
        let scratch = try TemporaryFolder()
        let export = try StageHarness(
            .export,
            options: [
                "path": .string(scratch.path("out.jsonl")), "include_text": .boolean(false),
                "include_raw": .boolean(true),
            ]
        )
        await export.process(Document(id: "t", source: Source(raw: Array("a\"b".utf8)), text: "gone"))
        await export.process(Document(id: "b", source: Source(raw: [0xFF, 0x00, 0x41])))
        try await export.finish()
        let prefix =
            #""title":"","published":"","published_origin":"","modified":"","language":"","authors":[],"#
            + #""site_name":"","canonical_url":"","origins":{},"paywalled":false,"fingerprint":"","duplicate_of":"","entities":[],"#
            + #""timexes":[],"annotations":[],"attributes":{},"diagnostics":[]}"#
        #expect(
            try scratch.read("out.jsonl")
                == #"{"id":"t","source":{"uri":"","kind":"","content_type":"","raw":"a\"b"},"# + prefix + "\n"
                + #"{"id":"b","source":{"uri":"","kind":"","content_type":"","raw_base64":"/wBB"},"# + prefix + "\n"
        )
    }

    @Test func publishesAtomicallyOnFinishCreatingParentFolders() async throws {
        let scratch = try TemporaryFolder()
        let path = scratch.path("runs/2024/out.jsonl")
        let export = try StageHarness(.export, outputPath: path)
        await export.process(Document(id: "empty"))
        #expect(scratch.exists("runs/2024/out.jsonl.partial"))
        #expect(!scratch.exists("runs/2024/out.jsonl"))
        try await export.finish()
        #expect(!scratch.exists("runs/2024/out.jsonl.partial"))
        #expect(try scratch.read("runs/2024/out.jsonl") == Self.emptyLine)
    }

    @Test func previousExportStaysInPlaceUntilTheNewOneIsFinished() async throws {
        let scratch = try TemporaryFolder()
        try scratch.write("out.jsonl", "previous run\n")
        let export = try StageHarness(.export, outputPath: scratch.path("out.jsonl"))
        await export.process(Document(id: "empty"))
        #expect(try scratch.read("out.jsonl") == "previous run\n")
        try await export.finish()
        #expect(try scratch.read("out.jsonl") == Self.emptyLine)
    }

    @Test func runWithoutDocumentsWritesAnEmptyFile() async throws {
        let scratch = try TemporaryFolder()
        let export = try StageHarness(.export, outputPath: scratch.path("out.jsonl"))
        try await export.finish()
        #expect(try scratch.read("out.jsonl") == "")
    }

    @Test func sameInputGivesAByteIdenticalExport() async throws {
        let scratch = try TemporaryFolder()
        var exports: [Data] = []
        for run in 0..<2 {
            let fetch = try StageHarness(.fetch)
            await fetch.process(seed(fixture("corpus")))
            await fetch.process(seed(fixture("articles.jsonl")))
            let path = scratch.path("run\(run).jsonl")
            let export = try StageHarness(.export, options: ["include_raw": .boolean(true)], outputPath: path)
            for document in fetch.outcome.documents { await export.process(document) }
            try await export.finish()
            exports.append(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        #expect(exports[0].count > 1000)
        #expect(exports[0] == exports[1])
    }

    @Test func missingPathIsAConfigurationError() throws {
        #expect(
            throws: StageFailure(
                code: "invalid-option",
                message: "no output path: set the export stage's `path` option, or the run's `output` (--output on "
                    + "the command line)"
            )
        ) {
            try StageHarness(.export)
        }
    }

    @Test func csvFormatWritesOneQuotedRowPerDocument() async throws {
        let scratch = try TemporaryFolder()
        let export = try StageHarness(.export, outputPath: scratch.path("out.csv"))
        await export.process(Self.fullDocument)
        await export.process(Document(id: "b,\"c\"", metadata: Metadata(title: "Two\nlines")))
        try await export.finish()
        #expect(
            try scratch.read("out.csv")
                == "id,source,title,published,language,entities,timexes\n"
                + "doc-1,file:///data/a%20b.txt,\"Un \"\"titre\"\"\",2024-05-01,fr,2,2\n"
                + "\"b,\"\"c\"\"\",,\"Two\nlines\",,,0,0\n"
        )
    }

    @Test func formatOptionOverridesThePathExtension() async throws {
        let scratch = try TemporaryFolder()
        let export = try StageHarness(
            .export,
            options: ["format": .string("jsonl")],
            outputPath: scratch.path("out.csv")
        )
        await export.process(Document(id: "empty"))
        try await export.finish()
        #expect(try scratch.read("out.csv") == Self.emptyLine)
    }

    /// fetch → export through the real runner: documents keep input order, failures go to the sink.
    @Test func runnerFeedsFetchIntoExportInInputOrder() async throws {
        let scratch = try TemporaryFolder()
        let setup = { (options: StageOptions) in
            StageSetup(options: options, outputPath: scratch.path("out.jsonl"), logger: .init(label: "test"))
        }
        let runner = Runner(
            steps: [
                Runner.Step(
                    stage: try StageDescriptor.fetch.make(setup(StageDescriptor.fetch.defaultOptions)),
                    concurrency: 2
                ),
                Runner.Step(
                    stage: try StageDescriptor.export.make(setup(StageDescriptor.export.defaultOptions)),
                    concurrency: 2
                ),
            ],
            logger: .init(label: "test")
        )
        let failures = FailureSink()
        _ = try await runner.run(
            inputs: [
                .init(written: "corpus", resolved: fixture("corpus")),
                .init(written: "missing.txt", resolved: fixture("missing.txt")),
                .init(written: "articles.jsonl", resolved: fixture("articles.jsonl")),
            ],
            failures: { failures.append($0) }
        )
        let ids = try scratch.read("out.jsonl").split(separator: "\n").map {
            String($0.split(separator: "\"")[3])
        }
        #expect(
            ids == FetchFolderTests.corpusIDs + ["a1", "articles-3", "h1", "ABC19980108.1830.0711", "crlf", "last"]
        )
        #expect(failures.records.map(\.code) == ["not-found"] + Array(repeating: "invalid-jsonl", count: 5))
        #expect(failures.records.first?.id == "missing.txt")
    }
}

/// Collects failure records from the runner.
final class FailureSink: Sendable {
    private let storage = Mutex<[FailureRecord]>([])
    func append(_ record: FailureRecord) { storage.withLock { $0.append(record) } }
    var records: [FailureRecord] { storage.withLock { $0 } }
}
