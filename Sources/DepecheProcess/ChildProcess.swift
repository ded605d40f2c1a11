import DepecheCore
import DepecheWire
import Dispatch
import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One running stage process: its three pipes, a reader thread for stdout (frames) and one for
/// stderr (log lines), and a serial queue that writes requests to stdin.
///
/// It reports each response and, once, its loss to `events`; the ``ChildPool`` owns the
/// requests and decides what a loss means for them. Every fault ends the same way: the child's
/// process group is killed, its exit status and last stderr lines are collected, and the loss
/// is reported (or thrown from ``handshake(_:timeout:)`` while it is pending).
final class ChildProcess: Sendable {
    enum Event: Sendable {
        case response(ProcessResponse)
        case lost(ChildLoss)
    }

    enum Phase: Sendable, Equatable {
        case handshaking
        case running
        /// The runner closed stdin: EOF on stdout is the normal end.
        case closing
        /// A fault was seen: the child is being killed and its loss put together.
        case failing
        /// Killed on purpose (stage shut down, handshake refused): nothing more is reported.
        case discarded
    }

    struct State {
        var phase = Phase.handshaking
        var handshakeWaiter: CheckedContinuation<HandshakeResponse, any Error>?
        /// The loss of a child that failed before its handshake was sent, for ``handshake(_:timeout:)``.
        var lossBeforeHandshake: ChildLoss?
        var stderrTail: [String] = []
        var killedByRunner = false
        /// The start and size of an incomplete frame on stdout, if any.
        var unfinishedOutput: (head: [UInt8], size: Int) = ([], 0)
    }

    static let stderrTailLength = 20
    static let stderrLineLimit = 1000

    let pid: Int32
    let stageName: String
    let maxFrameBytes: Int
    let logger: Logger
    let events: @Sendable (Event) -> Void
    let state = Mutex(State())
    /// Opened when stderr reached EOF and every line was forwarded.
    let stderrDrained = Latch()
    let termination: Termination
    let input: FileHandle
    let output: FileHandle
    let errors: FileHandle
    let writer: DispatchQueue
    /// Frames waiting for the writer.
    let outbox = Mutex(Outbox())
    /// Set on `writer` when stdin is closed.
    let inputClosed = Atomic<Bool>(false)
    let alive = Atomic<Bool>(true)

    /// Starts `executable` as configured. Throws a `stage-start-failed` failure when it cannot.
    init(
        executable: String,
        configuration: ExternalStageConfiguration,
        events: @escaping @Sendable (Event) -> Void
    ) throws(StageFailure) {
        _ = ChildSignal.brokenPipesDoNotKill
        stageName = configuration.name
        maxFrameBytes = configuration.maxFrameBytes
        logger = configuration.logger
        self.events = events
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(configuration.command.dropFirst())
        process.environment = ProcessInfo.processInfo.environment.merging(configuration.environment) { $1 }
        if let directory = configuration.workingDirectory {
            process.currentDirectoryURL = URL(fileURLWithPath: directory, isDirectory: true)
        }
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let termination = Termination()
        process.terminationHandler = { process in termination.record(process) }
        do {
            try Self.runWithNoSignalBlocked(process)
        } catch {
            throw StageFailure(
                code: "stage-start-failed",
                message: "cannot start stage '\(configuration.name)' (\(executable)): \(FileErrorText.describe(error))"
            )
        }
        // Foundation closed the child's ends of the pipes in this process.
        pid = process.processIdentifier
        termination.register(pid)
        self.termination = termination
        input = stdin.fileHandleForWriting
        output = stdout.fileHandleForReading
        errors = stderr.fileHandleForReading
        writer = DispatchQueue(label: "depeche.stage.\(configuration.name).\(pid).stdin")
        startThreads()
    }

    /// Starts `process` with an empty signal mask. posix_spawn gives the child the mask of the
    /// thread that spawns it, and the runner's threads (libdispatch workers) block SIGHUP,
    /// SIGINT, SIGQUIT, SIGALRM and SIGTERM: a stage started from one could not be stopped
    /// politely nor use those signals. Foundation's `Process` does not reset the mask, so the
    /// calling thread's mask is emptied for the spawn and restored at once.
    private static func runWithNoSignalBlocked(_ process: Process) throws {
        var empty = sigset_t()
        sigemptyset(&empty)
        var previous = sigset_t()
        pthread_sigmask(SIG_SETMASK, &empty, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        try process.run()
    }

    deinit {
        // Reader threads keep a child alive until its stdout closes, so this only matters for
        // a child that closed stdout and kept running.
        if !termination.latch.isOpen {
            ChildSignal.send(SIGKILL, toGroupOf: pid)
        }
    }

    /// Whether requests may still be sent: no fault seen and not closing.
    var isAlive: Bool { alive.load(ordering: .relaxed) }

    var phase: Phase { state.withLock { $0.phase } }

    /// Opened when the process has exited and been reaped.
    var exited: Latch { termination.latch }

    // MARK: Protocol

    /// Sends the handshake and waits for the answer. Throws ``ChildLoss`` when the child fails
    /// first (a `fatal` answer, garbage, an exit, no answer within `timeout`).
    func handshake(_ request: HandshakeRequest, timeout: Duration) async throws -> HandshakeResponse {
        var frame: [UInt8] = []
        try WireCodec.appendFrame(.handshake(request), to: &frame)
        return try await withCheckedThrowingContinuation { continuation in
            let refusal = state.withLock { state -> (any Error)? in
                if let loss = state.lossBeforeHandshake { return loss }
                // Failing before the handshake was sent: the loss is on its way to this waiter.
                guard state.phase == .handshaking || state.phase == .failing else { return CancellationError() }
                state.handshakeWaiter = continuation
                return nil
            }
            if let refusal {
                continuation.resume(throwing: refusal)
                return
            }
            enqueueWrite(frame)
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout.dispatchInterval) { [weak self] in
                guard let self, self.phase == .handshaking else { return }
                self.fail(.handshakeTimedOut(timeout))
            }
        }
    }

    /// Routes a frame read from stdout. `false` stops the reader (the child is being failed).
    func deliver(_ response: StageResponse) -> Bool {
        switch response {
        case .handshake(let handshake):
            let waiter = state.withLock { state -> CheckedContinuation<HandshakeResponse, any Error>? in
                guard state.phase == .handshaking else { return nil }
                state.phase = .running
                defer { state.handshakeWaiter = nil }
                return state.handshakeWaiter
            }
            guard let waiter else {
                fail(.unexpected("it sent a second handshake"))
                return false
            }
            waiter.resume(returning: handshake)
            return true
        case .fatal(let error):
            fail(.fatal(code: error.code, message: error.message))
            return false
        case .result(let result):
            guard phase != .handshaking else {
                fail(.unexpected("it sent a result (sequence \(result.sequence)) before its handshake"))
                return false
            }
            events(.response(result))
            return true
        }
    }
}
