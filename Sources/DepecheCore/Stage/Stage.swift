public import Logging

/// A step of the pipeline: it reads one document and emits zero, one or many.
///
/// A stage is a value that the runner may call concurrently from several tasks (up to the
/// configured `concurrency`), so it must be `Sendable` and keep no unsynchronized state.
/// A 1-to-1 stage conforms to ``DocumentTransform`` instead and writes one function.
///
/// Throwing from ``process(_:context:emit:)`` records the document as failed (with a
/// ``StageFailure`` code when the error is one) and the run goes on with the others.
public protocol Stage: Sendable {
    /// The name written in the configuration, such as `normalize`.
    var name: String { get }
    /// The stage's version, recorded in each document's provenance.
    var version: String { get }
    /// The most concurrent calls the stage supports; `nil` for no limit of its own.
    /// The export stage says 1 so that it writes documents in order.
    var maximumConcurrency: Int? { get }

    /// Processes one document, handing each resulting document to `emit` in order.
    func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws

    /// Called once after the last document, in chain order (flush and close files here).
    func finish(context: StageContext) async throws
}

extension Stage {
    public var maximumConcurrency: Int? { nil }
    public func finish(context: StageContext) async throws {}
}

/// A stage that turns each document into exactly one (the common case).
public protocol DocumentTransform: Stage {
    func transform(_ document: inout Document, context: StageContext) throws
}

extension DocumentTransform {
    public func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws {
        var document = document
        try transform(&document, context: context)
        try await emit(document)
    }
}

/// Hands documents from a stage to the next one. Suspends while the next one is busy
/// (back-pressure), so a stage that expands a folder of a million files never holds them all.
///
/// A stage that expands one input into many (a JSONL dump, a feed) reports an item it cannot
/// read with ``fail(_:source:_:)`` and goes on with the others, instead of throwing and losing them.
public struct DocumentEmitter: Sendable {
    private let send: @Sendable (Document) async throws -> Void
    private let failure: @Sendable (String, Source, StageFailure) async throws -> Void

    public init(
        send: @escaping @Sendable (Document) async throws -> Void,
        fail: @escaping @Sendable (_ id: String, _ source: Source, _ failure: StageFailure) async throws -> Void
    ) {
        self.send = send
        self.failure = fail
    }

    /// Passes `document` on to the next stage.
    public func callAsFunction(_ document: Document) async throws {
        try await send(document)
    }

    /// Records that the item `id` (from `source`) failed in this stage; the run goes on.
    public func fail(_ id: String, source: Source, _ failure: StageFailure) async throws {
        try await self.failure(id, source, failure)
    }
}

/// What a stage knows about the run while it processes a document.
public struct StageContext: Sendable {
    /// The name of the stage instance, as configured.
    public var stageName: String
    /// The run's default reference date (ISO day), for documents with no publication date.
    public var referenceDate: String?
    public var logger: Logger

    public init(stageName: String, referenceDate: String? = nil, logger: Logger) {
        self.stageName = stageName
        self.referenceDate = referenceDate
        self.logger = logger
    }

    /// A diagnostic attributed to this stage.
    public func diagnostic(_ code: String, _ severity: Diagnostic.Severity, _ message: String) -> Diagnostic {
        Diagnostic(stage: stageName, code: code, severity: severity, message: message)
    }
}

/// An error a stage throws for a document it cannot process. The runner records `code` and
/// `message` in the failures file; the message should say what is wrong and what to do.
public struct StageFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable machine-readable code: `not-found`, `unreadable`, `too-large`, `invalid-input`, ...
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
