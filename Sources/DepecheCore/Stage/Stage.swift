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

/// A stage that runs somewhere else (child processes, servers) and is started before the run
/// reads any input, so that one that cannot run stops the run there.
public protocol PreparedStage: Stage {
    /// Starts the stage and waits until it is ready; throws a ``StageFailure`` saying why it
    /// cannot run.
    func prepare() async throws
    /// Ends what ``prepare()`` started, outside a run (for `depeche validate`).
    func stop() async
    /// Ends everything now; documents in flight fail. For a run that is stopping.
    func terminate()
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
/// read with ``fail(_:source:_:at:)`` and goes on with the others, instead of throwing and losing them.
///
/// The first stage of a chain (fetch) places each item it emits inside its input with an
/// ``InputCursor`` (`emit(document, at: cursor)`), and skips the items at or before
/// ``resumeAfter`` when it is set, so that a resumed run continues where the interrupted one
/// stopped. Later stages' cursors are ignored: their outputs keep the position of their input.
public struct DocumentEmitter: Sendable {
    /// Where an emitted item stands inside its input.
    public enum Placement: Sendable, Hashable {
        /// At the position of the document being processed (no cursor given).
        case input
        /// At this cursor, shared with other items (the items of a feed inside a folder's file):
        /// the place is complete when an item at another place follows.
        case within(InputCursor)
        /// The one item at this cursor: the place is complete as soon as it is emitted.
        case item(InputCursor)

        /// The placement of an item at `placement` inside the item at `mark`.
        public func inside(_ mark: InputCursor.Mark) -> Placement {
            switch self {
            case .input: .within(InputCursor([mark]))
            case .within(let cursor): .within(InputCursor([mark] + cursor.marks))
            case .item(let cursor): .item(InputCursor([mark] + cursor.marks))
            }
        }
    }

    /// The position in the run's input of the document being processed.
    public let position: RunPosition
    /// Set on the seed of the input an interrupted run stopped in: every item at or before this
    /// cursor was committed, so an expanding stage emits only the items after it.
    public let resumeAfter: InputCursor?
    /// Set when only some items of the input are wanted (`depeche run --retry-failures`): an
    /// expanding stage emits the items at these cursors and no other.
    public let select: [InputCursor]?
    private let send: @Sendable (Document, Placement) async throws -> Void
    private let failure: @Sendable (String, Source, StageFailure, Placement) async throws -> Void
    private let progressSink: (@Sendable (Double) -> Void)?

    /// An emitter for a document at `position`; `emit` and `fail` receive the placement of each
    /// item, `progress` the share of the input read so far (see ``progress(_:)``).
    public init(
        position: RunPosition,
        resumeAfter: InputCursor?,
        select: [InputCursor]? = nil,
        emit: @escaping @Sendable (Document, Placement) async throws -> Void,
        fail:
            @escaping @Sendable (_ id: String, _ source: Source, _ failure: StageFailure, Placement) async throws
            -> Void,
        progress: (@Sendable (Double) -> Void)? = nil
    ) {
        self.position = position
        self.resumeAfter = resumeAfter
        self.select = select
        self.send = emit
        self.failure = fail
        self.progressSink = progress
    }

    /// Tells the run how much of its input the first stage has read, from 0 to 1 (the bytes of a
    /// dump, the entries of a folder, the items of a feed), for the progress line's estimate of
    /// the time left. Emitters for items inside an item (a dump inside a folder) ignore it: the
    /// outermost expansion reports.
    public func progress(_ fraction: Double) {
        progressSink?(min(1, max(0, fraction)))
    }

    /// An emitter that ignores placements (for tests and tools that drive a stage by hand).
    public init(
        send: @escaping @Sendable (Document) async throws -> Void,
        fail: @escaping @Sendable (_ id: String, _ source: Source, _ failure: StageFailure) async throws -> Void
    ) {
        self.init(
            position: RunPosition(input: 0),
            resumeAfter: nil,
            emit: { document, _ in try await send(document) },
            fail: { id, source, failure, _ in try await fail(id, source, failure) }
        )
    }

    /// Passes `document` on to the next stage. In the first stage, `cursor` places it inside the
    /// input as the one item at that cursor.
    public func callAsFunction(_ document: Document, at cursor: InputCursor? = nil) async throws {
        try await send(document, cursor.map { .item($0) } ?? .input)
    }

    /// Passes `document` on, placed at `placement` (see ``Placement``).
    public func callAsFunction(_ document: Document, placed placement: Placement) async throws {
        try await send(document, placement)
    }

    /// Records that the item `id` (from `source`, at `cursor` inside the input) failed in this
    /// stage; the run goes on.
    public func fail(_ id: String, source: Source, _ failure: StageFailure, at cursor: InputCursor? = nil) async throws
    {
        try await self.failure(id, source, failure, cursor.map { .item($0) } ?? .input)
    }

    /// Records a failed item placed at `placement`.
    public func fail(_ id: String, source: Source, _ failure: StageFailure, placed placement: Placement) async throws {
        try await self.failure(id, source, failure, placement)
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
