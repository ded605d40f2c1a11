import DepecheCore
import DepecheWire
import Logging
import Synchronization
import Testing

/// Sample documents and in-process runs to compare the stage processes with.
enum Samples {
    static let html = """
        <html lang="fr"><head><title>Réunion à Paris | Le Journal</title>
        <meta property="article:published_time" content="2025-09-04T10:00:00+02:00"></head>
        <body><nav>Accueil</nav><article><h1>Réunion à Paris</h1>
        <p>Le président Emmanuel Macron a reçu jeudi le chancelier allemand Friedrich Merz à Paris.</p>
        <p>Ils se retrouveront le 15 octobre prochain à Berlin, puis dans trois mois.</p></article></body></html>
        """

    /// A document as fetch leaves it: raw HTML bytes.
    static func fetched(id: String = "reunion") -> Document {
        Document(
            id: id,
            source: Source(
                uri: "file:///corpus/\(id).html",
                kind: "file",
                fetchedAtMilliseconds: 1_757_000_000_000,
                contentType: "text/html",
                charset: "utf-8",
                raw: Array(html.utf8)
            )
        )
    }

    /// A document as normalize leaves it, with no publication date (dates then needs the run's).
    static func normalized(id: String, text: String, language: String = "fr") -> Document {
        Document(
            id: id,
            source: Source(uri: "file:///corpus/\(id).txt", kind: "file"),
            text: text,
            metadata: Metadata(title: "Titre \(id)", language: language),
            provenance: [Provenance(stage: "normalize", version: "0.1.0", atMilliseconds: 1_757_000_000_000)]
        )
    }

    static let logger = Logger(label: "depeche-stagekit-tests") { _ in SwiftLogNoOpLogHandler() }

    /// Runs `descriptor`'s stage in this process on `document`, as the runner would (without the
    /// provenance the runner appends).
    static func inProcess(
        _ descriptor: StageDescriptor,
        options: StageOptions? = nil,
        referenceDate: String? = nil,
        _ document: Document
    ) async throws -> [Document] {
        let stage = try descriptor.make(StageSetup(options: options ?? descriptor.defaultOptions, logger: logger))
        let collected = Collected()
        let emitter = DocumentEmitter(
            send: { collected.append($0) },
            fail: { id, _, failure in Issue.record("item \(id) failed in process: \(failure)") }
        )
        let context = StageContext(stageName: stage.name, referenceDate: referenceDate, logger: logger)
        try await stage.process(document, context: context, emit: emitter)
        return collected.documents
    }

    /// The documents of a result response, or a recorded issue.
    static func documents(
        _ response: StageResponse?,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> (sequence: UInt64, documents: [Document])? {
        guard case .result(let result)? = response else {
            Issue.record("expected a result, got \(String(describing: response))", sourceLocation: sourceLocation)
            return nil
        }
        #expect(result.error == nil, sourceLocation: sourceLocation)
        return (result.sequence, result.documents)
    }
}

private final class Collected: Sendable {
    private let storage = Mutex<[Document]>([])
    func append(_ document: Document) { storage.withLock { $0.append(document) } }
    var documents: [Document] { storage.withLock { $0 } }
}
