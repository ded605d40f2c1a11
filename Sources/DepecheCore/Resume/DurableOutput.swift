import Synchronization

/// An output that a run commits in batches (the export file, the failures file, a SQLite store),
/// so that a run killed at any instant loses at most its last uncommitted batch and the next run
/// continues from the last commit.
///
/// The ``Checkpointer`` drives every registered output in the same order: ``begin(resumingFrom:)``
/// once before the first document, ``commit(through:)`` for every batch, ``publish()`` once after
/// the last commit of a run that finished. Between commits, the output receives the documents it
/// writes (the export stage hands them over with their ``RunPosition``) and, through
/// ``record(_:at:)``, the failures that reached the end of the chain, both in output order.
///
/// Implementations serialize their own state (they are called from the runner's tasks, its commit
/// timer and a signal handler's queue).
public protocol DurableOutput: AnyObject, Sendable {
    /// The output's absolute path; it names the output in the run's state.
    var path: String { get }

    /// Prepares the output before the first document. `committed` is what ``commit(through:)``
    /// returned at the last commit of the interrupted run this one continues, or `nil` for a
    /// fresh run. Throws when the output cannot continue from there (its partial file is gone or
    /// shorter than committed, say): the message should say so and name `--restart`.
    func begin(resumingFrom committed: String?) throws(StageFailure)

    /// A failure that reached the end of the chain at `position`. Outputs that keep no failures
    /// ignore it (the default).
    func record(_ failure: FailureRecord, at position: RunPosition) throws(StageFailure)

    /// Makes durable (written and synced) everything received for positions whose sequence is at
    /// most `frontier`, and nothing needs to be durable after it. Returns the token that
    /// ``begin(resumingFrom:)`` takes to continue from exactly there (a byte length, say).
    func commit(through frontier: UInt64) throws(StageFailure) -> String

    /// Called once after the last commit of a run that went through every input: publishes the
    /// output (renames a partial file into place). Calling it again does nothing.
    func publish() throws(StageFailure)

    /// Completes the publication of a run that was killed while publishing: every output was
    /// committed (`committed` is its last token), some may be published already. The default
    /// prepares the output from `committed` and publishes it, which does nothing to an output
    /// already in place.
    func completePublication(committed: String?) throws(StageFailure)
}

extension DurableOutput {
    public func record(_ failure: FailureRecord, at position: RunPosition) throws(StageFailure) {}

    public func completePublication(committed: String?) throws(StageFailure) {
        try begin(resumingFrom: committed)
        try publish()
    }
}

/// The durable outputs of one run. Stages register theirs when they are built (through
/// ``StageSetup/outputs``); the command line registers the failures file; the ``Checkpointer``
/// drives them all.
public final class RunOutputs: Sendable {
    private let outputs = Mutex<[any DurableOutput]>([])

    public init() {}

    public func register(_ output: any DurableOutput) {
        outputs.withLock { $0.append(output) }
    }

    /// The registered outputs, in registration order.
    public var all: [any DurableOutput] {
        outputs.withLock { $0 }
    }
}
