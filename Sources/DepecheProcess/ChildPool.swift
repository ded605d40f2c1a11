import DepecheCore
import DepecheWire
import Dispatch
import Logging
import Synchronization

/// Runs documents through a stage's child processes and supervises them.
///
/// Documents wait in a queue and go to the ready child with the fewest in flight, up to
/// `in_flight` each. A child that fails is killed and replaced within the restart budget; the
/// documents it had in flight become suspects, each retried alone on a fresh child: one that
/// fails alone is recorded with the fault, the others go on. The state lives behind one lock;
/// process I/O runs on each child's threads.
final class ChildPool: Sendable {
    static let protocolVersion = 1

    let configuration: ExternalStageConfiguration
    let executable: String
    private let state: Mutex<State>
    private let version = Mutex<String?>(nil)
    /// Fails children that answer nothing for `timeout`; cancelled when the pool closes.
    private let watchdog: Mutex<(any DispatchSourceTimer)?>

    init(configuration: ExternalStageConfiguration, executable: String) {
        self.configuration = configuration
        self.executable = executable
        state = Mutex(State(configuration: configuration))
        let interval = min(max(configuration.timeout / 10, .milliseconds(10)), .milliseconds(250))
        watchdog = Mutex(nil)
        watchdog.withLock { watchdog in
            let timer = DispatchSource.makeTimerSource(queue: .global())
            timer.schedule(deadline: .now() + interval.dispatchInterval, repeating: interval.dispatchInterval)
            timer.setEventHandler { [weak self] in self?.checkTimeouts() }
            timer.resume()
            watchdog = timer
        }
    }

    deinit {
        shutdown(CancellationError())
    }

    /// Read for every document emitted: kept apart from the busy state lock.
    var stageVersion: String? { version.withLock { $0 } }
    var restartsUsed: Int { state.withLock { $0.restartsUsed } }

    var childPIDs: [Int32] {
        state.withLock { state in
            state.slots.compactMap { slot in
                switch slot.status {
                case .starting(let child?), .ready(let child): child.pid
                default: nil
                }
            }
        }
    }

    // MARK: Documents

    /// Runs one encoded document through a child: its output documents, or the failure.
    func submit(_ payload: [UInt8], documentID: String) async throws -> [Document] {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                var actions = Actions()
                state.withLock { state in
                    state.queue.append(Job(documentID: documentID, payload: payload, continuation: continuation))
                    state.dispatch(now: ContinuousClock.now, into: &actions)
                }
                perform(actions)
            }
        } onCancel: {
            // The run is being torn down: its children must not outlive it.
            shutdown(CancellationError())
        }
    }

    /// Starts the children now, rather than at the first document, and returns once one has
    /// answered the handshake. Throws the stage's failure when none can: a refused handshake
    /// (bad options, another protocol version), a program that exits or crashes before
    /// answering, or no answer within the handshake timeout.
    func prepare() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            var actions = Actions()
            state.withLock { state in
                state.readinessWaiters.append(continuation)
                state.dispatch(now: ContinuousClock.now, into: &actions)
            }
            perform(actions)
        }
    }

    private func handle(_ event: ChildProcess.Event, slot: Int, generation: Int) {
        var actions = Actions()
        switch event {
        case .response(let response):
            let violator = state.withLock { state in
                state.received(response, slot: slot, generation: generation, now: ContinuousClock.now, into: &actions)
            }
            violator?.fail(ChildFault.unexpected("it answered sequence \(response.sequence), which is not pending"))
        case .lost(let loss):
            state.withLock { state in
                state.lost(loss, slot: slot, generation: generation, now: ContinuousClock.now, into: &actions)
            }
        }
        perform(actions)
    }

    private func checkTimeouts() {
        let now = ContinuousClock.now
        let limit = configuration.timeout
        let hung = state.withLock { state in
            state.slots.compactMap { slot -> ChildProcess? in
                guard let child = slot.liveChild, !slot.inFlight.isEmpty, now - slot.progressMark > limit else {
                    return nil
                }
                return child
            }
        }
        for child in hung {
            child.fail(.timedOut(limit))
        }
    }

    private func stopWatchdog() {
        watchdog.withLock { timer in
            timer?.cancel()
            timer = nil
        }
    }

    private func perform(_ actions: Actions) {
        for warning in actions.warnings {
            configuration.logger.warning("\(warning)")
        }
        for child in actions.discards {
            child.discard()
        }
        for start in actions.starts {
            Task { await self.start(slot: start.slot, generation: start.generation) }
        }
        for (continuation, result) in actions.resumes {
            continuation.resume(with: result)
        }
        for (continuation, result) in actions.readiness {
            continuation.resume(with: result)
        }
    }

    // MARK: Children

    private func start(slot: Int, generation: Int) async {
        let child: ChildProcess
        do {
            child = try ChildProcess(executable: executable, configuration: configuration) { [weak self] event in
                self?.handle(event, slot: slot, generation: generation)
            }
        } catch {
            failStage(error)
            return
        }
        let current = state.withLock { state in
            guard state.isCurrent(slot, generation) else { return false }
            state.slots[slot].status = .starting(child)
            return true
        }
        guard current else {
            child.discard()
            return
        }
        let request = HandshakeRequest(
            protocolVersion: Self.protocolVersion,
            stageName: configuration.name,
            optionsJSON: configuration.optionsJSON,
            maxInFlight: configuration.inFlight,
            maxFrameBytes: configuration.maxFrameBytes
        )
        do {
            let answer = try await child.handshake(request, timeout: configuration.handshakeTimeout)
            guard answer.protocolVersion == Self.protocolVersion else {
                child.discard()
                throw StageFailure(
                    code: "protocol-version",
                    message: "stage '\(configuration.name)' speaks protocol version \(answer.protocolVersion), "
                        + "this runner speaks version \(Self.protocolVersion)"
                )
            }
            // Before any document can reach the child: provenance records it.
            version.withLock { $0 = answer.stageVersion }
            var actions = Actions()
            let accepted = state.withLock { state in
                guard state.isCurrent(slot, generation) else { return false }
                state.slots[slot].status = .ready(child)
                state.slots[slot].progressMark = ContinuousClock.now
                state.dispatch(now: ContinuousClock.now, into: &actions)
                return true
            }
            if !accepted {
                child.discard()
            }
            configuration.logger.debug(
                "stage '\(configuration.name)' child pid \(child.pid) is ready",
                metadata: [
                    "version": "\(answer.stageVersion)",
                    "capabilities": "\(answer.capabilities.joined(separator: ","))",
                ]
            )
            perform(actions)
        } catch is CancellationError {
            return  // discarded: the stage is shutting down
        } catch {
            failStage(error)
        }
    }

    private func failStage(_ error: any Error) {
        let failure =
            (error as? StageFailure) ?? (error as? ChildLoss)?.failure
            ?? StageFailure(code: "stage-start-failed", message: "stage '\(configuration.name)': \(error)")
        var actions = Actions()
        state.withLock { $0.failStage(failure, into: &actions) }
        perform(actions)
    }

    // MARK: Ending

    /// Kills every child now; every document waiting or in flight fails with `error`.
    func shutdown(_ error: any Error) {
        var actions = Actions()
        _ = state.withLock { $0.close(error, discarding: true, into: &actions) }
        stopWatchdog()
        perform(actions)
    }

    /// Ends the stream: each ready child gets EOF on stdin and a grace period to exit, then
    /// SIGTERM, then SIGKILL. A child that does not exit with status 0 is logged as a warning.
    func finish() async {
        var actions = Actions()
        let finished = StageFailure(
            code: "stage-finished",
            message: "stage '\(configuration.name)' has finished and takes no more documents"
        )
        let children = state.withLock { $0.close(finished, discarding: false, into: &actions) }
        stopWatchdog()
        perform(actions)
        let configuration = self.configuration
        await withTaskGroup(of: Void.self) { group in
            for child in children {
                group.addTask {
                    let status = await child.shutdown(
                        exitGrace: configuration.exitGrace,
                        terminateGrace: configuration.terminateGrace
                    )
                    if status?.isSuccess != true {
                        let ending = status?.description ?? "could not be reaped"
                        configuration.logger.warning(
                            "stage '\(configuration.name)' child pid \(child.pid) \(ending) at the end of the run"
                        )
                    }
                }
            }
        }
        // Whatever is still unanswered never will be.
        var leftovers = Actions()
        let unanswered = StageFailure(
            code: "stage-exited",
            message: "stage '\(configuration.name)' exited at the end of the run without answering"
        )
        _ = state.withLock { $0.close(unanswered, discarding: true, into: &leftovers) }
        perform(leftovers)
    }
}
