public import DepecheCore
import DepecheWire
import Foundation

/// A stage that runs in child processes speaking the stage protocol (docs/stages.md): a custom
/// stage in any language (`run:`), or a built-in one isolated behind `depeche stage NAME`.
///
/// The children start at ``prepare()`` (the command line calls it before reading any input, so
/// that a stage that cannot start stops the run there), or else on the first document. Each call of ``process(_:context:emit:)`` sends
/// one request to the ready child with the fewest in flight (waiting when all have
/// `in_flight`), awaits the response matched by sequence number, and emits its documents in
/// order, or throws its error as a ``StageFailure``.
///
/// Supervision: a child that crashes, exits early, writes something that is not a frame,
/// sends a frame over `max_frame_bytes`, or answers nothing for `timeout` is killed and
/// replaced (each replacement counts against `restarts`). The documents it had in flight are
/// retried one at a time on a fresh child; the one that fails alone is recorded with the fault
/// (`stage-crashed`, `stage-exited`, `stage-timeout`, `protocol-error`, `frame-too-large`) and
/// the child's last stderr lines; the others go on. With the budget spent and no child left,
/// documents fail with `restart-budget-exhausted`. A child that answers the handshake with
/// another protocol version, or with `fatal`, stops the stage: every document fails with that
/// reason.
///
/// Children never outlive the stage: ``finish(context:)`` ends them gracefully, cancelling a
/// call or releasing the stage kills them, and ``ChildProcessRegistry`` covers SIGINT/SIGTERM.
///
/// For the runner's `concurrency` of this step, use ``recommendedConcurrency`` (children × in
/// flight): fewer calls leave children idle, more just wait here.
public final class ProcessStage: PreparedStage {
    public let configuration: ExternalStageConfiguration
    private let pool: ChildPool

    /// Checks the configuration and finds the program; starts nothing yet. Throws a
    /// ``StageFailure`` (code `invalid-options` or `stage-start-failed`) that names the problem.
    public init(_ configuration: ExternalStageConfiguration) throws {
        let problems = configuration.problems
        guard problems.isEmpty else {
            throw StageFailure(code: "invalid-options", message: problems.joined(separator: "; "))
        }
        let executable = try ExecutableLookup.resolve(
            configuration.command[0],
            environment: configuration.environment,
            workingDirectory: configuration.workingDirectory
        )
        self.configuration = configuration
        pool = ChildPool(configuration: configuration, executable: executable)
    }

    deinit {
        pool.shutdown(CancellationError())
    }

    public var name: String { configuration.name }

    /// The version the child gave in its handshake (`unknown` before the first one).
    public var version: String { pool.stageVersion ?? "unknown" }

    /// Calls worth running at once: every child with `in_flight` requests.
    public var recommendedConcurrency: Int { configuration.processes * configuration.inFlight }

    /// Children replaced so far in this run.
    public var restartsUsed: Int { pool.restartsUsed }

    /// The process ids of the current children.
    public var childPIDs: [Int32] { pool.childPIDs }

    public func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws {
        let payload: [UInt8]
        do {
            payload = try WireCodec.encode(document)
        } catch {
            throw StageFailure(
                code: "invalid-document",
                message: "document '\(document.id)' cannot be sent to stage '\(name)': \(error)"
            )
        }
        let size = ProcessRequestFrame.payloadSize(documentBytes: payload.count)
        guard size <= configuration.maxFrameBytes else {
            throw StageFailure(
                code: "frame-too-large",
                message: "document '\(document.id)' takes \(size) bytes on the wire, over the limit of "
                    + "\(configuration.maxFrameBytes) bytes for stage '\(name)'; raise the stage's `max_frame_bytes`"
            )
        }
        let documents = try await pool.submit(payload, documentID: document.id)
        for output in documents {
            try await emit(output)
        }
    }

    /// Starts the children now and waits until one has answered the handshake, so that a stage
    /// that cannot run (it refuses its options, speaks another protocol version, or exits
    /// before answering) is known before any document is read. Throws the stage's
    /// ``StageFailure``; afterwards every document would fail with it.
    public func prepare() async throws {
        do {
            try await pool.prepare()
        } catch let failure as StageFailure {
            throw failure
        } catch let loss as ChildLoss {
            throw loss.failure
        }
    }

    /// Closes every child's stdin and waits for it to exit (5 s, then SIGTERM, then SIGKILL
    /// 2 s later by default). A child that does not exit with status 0 is logged as a warning.
    public func finish(context: StageContext) async throws {
        await pool.finish()
    }

    /// Ends the children as ``finish(context:)`` does, outside a run (after ``prepare()``).
    public func stop() async {
        await pool.finish()
    }

    /// Kills every child now; documents waiting or in flight fail. For a run that is stopping.
    public func terminate() {
        pool.shutdown(CancellationError())
    }
}
