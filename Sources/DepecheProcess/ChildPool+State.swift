import DepecheCore
import DepecheWire

/// The supervisor's bookkeeping, changed only under the pool's lock. Every transition returns
/// what to do once the lock is released in ``ChildPool/Actions``.
extension ChildPool {
    /// One document waiting for, or out on, a child.
    struct Job: Sendable {
        let documentID: String
        /// The encoded document.
        let payload: [UInt8]
        let continuation: CheckedContinuation<[Document], any Error>
        /// Why the job is a suspect: the loss of the child it was on.
        var lastLoss: ChildLoss?
    }

    /// A place for one child process, replaced in place after a failure.
    struct Slot {
        enum Status {
            case idle
            case starting(ChildProcess?)
            case ready(ChildProcess)
            case retired
        }

        var status = Status.idle
        /// Tells events of the current child from those of an earlier one.
        var generation = 0
        var everStarted = false
        /// Runs one suspect at a time and nothing else.
        var isolating = false
        var inFlight: [UInt64: Job] = [:]
        var nextSequence: UInt64 = 1
        /// Requests sent to the current child.
        var sent = 0
        /// When the child last answered, or got a request while it had none: the timeout counts from here.
        var progressMark = ContinuousClock.now

        /// The child when it is ready and has not failed.
        var liveChild: ChildProcess? {
            if case .ready(let child) = status, child.isAlive { child } else { nil }
        }
        var isIdle: Bool { if case .idle = status { true } else { false } }
        var isRetired: Bool { if case .retired = status { true } else { false } }
        var isStarting: Bool { if case .starting = status { true } else { false } }
        /// Starting, ready, or ready and failing: a slot that will report back.
        var isBusy: Bool { !isIdle && !isRetired }
    }

    enum Phase {
        case running
        case failed(StageFailure)
        case closed(any Error)
    }

    /// What to do after a transition, outside the lock.
    struct Actions {
        var resumes: [(CheckedContinuation<[Document], any Error>, Result<[Document], any Error>)] = []
        var starts: [(slot: Int, generation: Int)] = []
        var discards: [ChildProcess] = []
        var warnings: [String] = []
        /// Callers of ``ChildPool/prepare()`` to wake.
        var readiness: [(CheckedContinuation<Void, any Error>, Result<Void, any Error>)] = []

        mutating func fail(_ job: Job, _ error: any Error) {
            resumes.append((job.continuation, .failure(error)))
        }

        mutating func fail(_ jobs: some Sequence<Job>, _ error: any Error) {
            for job in jobs {
                fail(job, error)
            }
        }
    }

    struct State {
        let stageName: String
        let inFlightLimit: Int
        let restartBudget: Int
        var phase = Phase.running
        var slots: [Slot]
        var queue: [Job] = []
        /// Documents that were in flight on a child that failed: each is retried alone.
        var suspects: [Job] = []
        var restartsUsed = 0
        var started = false
        var lastLoss: ChildLoss?
        /// Waiting for a first child to be ready (``ChildPool/prepare()``).
        var readinessWaiters: [CheckedContinuation<Void, any Error>] = []

        init(configuration: ExternalStageConfiguration) {
            stageName = configuration.name
            inFlightLimit = configuration.inFlight
            restartBudget = configuration.restarts
            slots = Array(repeating: Slot(), count: configuration.processes)
        }

        func isCurrent(_ slot: Int, _ generation: Int) -> Bool {
            if case .running = phase { slots[slot].generation == generation } else { false }
        }

        // MARK: Events

        /// A child answered. Returns the child when the answer matches no request (a protocol
        /// violation the caller fails it for).
        mutating func received(
            _ response: ProcessResponse,
            slot: Int,
            generation: Int,
            now: ContinuousClock.Instant,
            into actions: inout Actions
        ) -> ChildProcess? {
            guard slots[slot].generation == generation, case .ready(let child) = slots[slot].status else { return nil }
            guard let job = slots[slot].inFlight.removeValue(forKey: response.sequence) else { return child }
            slots[slot].progressMark = now
            if let error = response.error {
                actions.resumes.append((job.continuation, .failure(error.failure)))
            } else {
                actions.resumes.append((job.continuation, .success(response.documents)))
            }
            dispatch(now: now, into: &actions)
            return nil
        }

        /// A child was lost. A document that was alone on it, and either its first or the
        /// culprit by the fault's nature, fails; the others become suspects, retried alone.
        mutating func lost(
            _ loss: ChildLoss,
            slot: Int,
            generation: Int,
            now: ContinuousClock.Instant,
            into actions: inout Actions
        ) {
            guard slots[slot].generation == generation else { return }
            let jobs = slots[slot].inFlight.sorted { $0.key < $1.key }.map(\.value)
            let (wasIsolating, sent) = (slots[slot].isolating, slots[slot].sent)
            slots[slot].inFlight = [:]
            slots[slot].isolating = false
            slots[slot].sent = 0
            if !slots[slot].isRetired {
                slots[slot].status = .idle
            }
            lastLoss = loss
            switch phase {
            case .running: break
            case .failed(let failure):
                actions.fail(jobs, failure)
                return
            case .closed(let error):
                actions.fail(jobs, error)
                return
            }
            let suspects = jobs.map { job in
                var job = job
                job.lastLoss = loss
                return job
            }
            if jobs.count == 1, sent == 1 || (wasIsolating && loss.pointsAtDocument) {
                actions.fail(jobs[0], loss.failure)
                actions.warnings.append(
                    "document '\(jobs[0].documentID)' failed in stage '\(stageName)' (\(loss.code)): \(loss.summary)"
                )
            } else if wasIsolating {
                self.suspects.insert(contentsOf: suspects, at: 0)
                actions.warnings.append(
                    "\(loss.summary); the document it was given alone is retried on a fresh child"
                )
            } else if !jobs.isEmpty {
                self.suspects.append(contentsOf: suspects)
                actions.warnings.append(
                    "\(loss.summary); the \(jobs.count) document(s) it had in flight are retried one at a time"
                )
            } else {
                actions.warnings.append(loss.summary)
            }
            dispatch(now: now, into: &actions)
        }

        /// The stage cannot run at all: every document, now and later, fails with `failure`.
        mutating func failStage(_ failure: StageFailure, into actions: inout Actions) {
            guard case .running = phase else { return }
            phase = .failed(failure)
            if readinessWaiters.isEmpty || !queue.isEmpty {  // else the caller of prepare() reports it
                actions.warnings.append("stage '\(stageName)' cannot run, every document fails: \(failure.message)")
            }
            for index in slots.indices {
                actions.fail(slots[index].inFlight.values, failure)
                slots[index].inFlight = [:]
                switch slots[index].status {
                case .starting(let child?), .ready(let child): actions.discards.append(child)
                default: break
                }
                slots[index].status = .retired
                slots[index].generation += 1
            }
            dispatch(now: .now, into: &actions)
        }

        /// Stops taking documents. With `discarding`, kills every child and fails what is in
        /// flight; otherwise returns the ready children for a graceful end.
        /// Closing again with `discarding` fails what is still in flight with `error`.
        mutating func close(_ error: any Error, discarding: Bool, into actions: inout Actions) -> [ChildProcess] {
            if case .closed = phase {
                guard discarding else { return [] }
            } else {
                phase = .closed(error)
            }
            var graceful: [ChildProcess] = []
            for index in slots.indices {
                switch slots[index].status {
                case .ready(let child) where !discarding:
                    graceful.append(child)
                    continue
                case .starting(let child?), .ready(let child):
                    actions.discards.append(child)
                default: break
                }
                actions.fail(slots[index].inFlight.values, error)
                slots[index].inFlight = [:]
                slots[index].status = .retired
                slots[index].generation += 1
            }
            dispatch(now: .now, into: &actions)
            return graceful
        }
    }
}
