import Foundation
import Synchronization

/// Commits a run's outputs in batches and keeps its state, so that a run killed at any instant
/// loses at most one batch and the next run with the same configuration continues from there.
///
/// The runner tells it about every item that leaves the chain, in output order
/// (``arrived(_:failure:)``). Items come grouped by position: when an item with a new position
/// arrives, every output of the previous position has passed, so that position becomes the
/// *frontier*. A commit makes every output durable up to the frontier (``DurableOutput/commit(through:)``,
/// which syncs files) and then saves the state with the frontier and what each output returned:
/// the state never runs ahead of the outputs. A commit happens after ``Policy/documents`` items, when
/// ``Policy/interval`` has passed (the runner calls ``tick()``), on ``interrupt()``, and at ``finish()``.
public final class Checkpointer: Sendable {
    public struct Policy: Sendable, Hashable {
        /// Items (documents and failures) between two commits at most.
        public var documents: Int
        /// Time between two commits at most, while items arrive.
        public var interval: Duration

        public init(documents: Int = 500, interval: Duration = .seconds(2)) {
            self.documents = max(1, documents)
            self.interval = interval
        }
    }

    private struct State {
        var run: RunState
        /// The position of the items arriving now, and how many of them arrived.
        var current: RunPosition?
        var currentDocuments = 0
        var currentFailures = 0
        /// The last position whose every item arrived, not committed yet.
        var frontier: RunPosition?
        var pendingDocuments = 0
        var pendingFailures = 0
        var sinceCommit = 0
        var lastCommit: ContinuousClock.Instant
        /// A failed commit: the run must stop, and every later call throws it.
        var failure: StageFailure?
        /// After ``interrupt()`` or ``finish()``: nothing more is committed.
        var closed = false
    }

    public let outputs: RunOutputs
    public let journal: any RunJournal
    public let policy: Policy
    /// Where the interrupted run this one continues had committed to; `nil` for a fresh run.
    public let resumeFrontier: RunState.Frontier?
    /// What was committed before this process started (zero for a fresh run).
    public let resumedDocuments: Int
    public let resumedFailures: Int
    private let state: Mutex<State>
    private let clock = ContinuousClock()

    /// `state` is a fresh ``RunState``, or the saved state of the interrupted run to continue.
    public init(journal: any RunJournal, outputs: RunOutputs, state: RunState, policy: Policy = Policy()) {
        self.journal = journal
        self.outputs = outputs
        self.policy = policy
        resumeFrontier = state.frontier
        resumedDocuments = state.documents
        resumedFailures = state.failures
        self.state = Mutex(State(run: state, lastCommit: ContinuousClock().now))
    }

    /// Prepares every output (truncating partial files to what was committed when resuming) and
    /// saves the state as running.
    public func begin() throws(StageFailure) {
        try state.withLock { state throws(StageFailure) in
            // Killed while publishing: only the publication is left (``completePublication()``).
            guard state.run.status != .publishing else { return }
            let resuming = !state.run.outputs.isEmpty || state.run.frontier != nil
            for output in outputs.all {
                let committed = state.run.outputs[output.path]
                if resuming, committed == nil {
                    throw StageFailure(
                        code: "cannot-resume",
                        message: "\(output.path): this output is not part of the interrupted run recorded in "
                            + "\(journal.location); run with --restart to start over"
                    )
                }
                try output.begin(resumingFrom: resuming ? committed : nil)
            }
            state.run.status = .running
            state.run.updatedAt = RunState.timestamp(.now)
            try journal.save(state.run)
        }
    }

    /// An item left the chain at `position` (a document, or `failure`).
    public func arrived(_ position: RunPosition, failure: FailureRecord?) throws(StageFailure) {
        try state.withLock { state throws(StageFailure) in
            if let failure = state.failure { throw failure }
            guard !state.closed else { return }
            if state.current?.sequence != position.sequence {
                fold(&state)
                state.current = position
            }
            if let failure {
                state.currentFailures += 1
                for output in outputs.all {
                    try remember(&state) { () throws(StageFailure) in
                        try output.record(failure, at: position)
                    }
                }
            } else {
                state.currentDocuments += 1
            }
            state.sinceCommit += 1
        }
    }

    /// Every item of `position` (and of the positions before it) has arrived: it becomes the
    /// frontier. Commits when a batch is full.
    public func completed(_ position: RunPosition) throws(StageFailure) {
        try state.withLock { state throws(StageFailure) in
            if let failure = state.failure { throw failure }
            guard !state.closed else { return }
            if let current = state.current, current.sequence <= position.sequence { fold(&state) }
            state.frontier = position
            if state.sinceCommit >= policy.documents {
                try commit(&state)
            }
        }
    }

    /// The items of the current position are complete: counts them as pending.
    private func fold(_ state: inout State) {
        if let current = state.current {
            if (state.frontier?.sequence ?? 0) < current.sequence || state.frontier == nil { state.frontier = current }
            state.pendingDocuments += state.currentDocuments
            state.pendingFailures += state.currentFailures
        }
        state.current = nil
        state.currentDocuments = 0
        state.currentFailures = 0
    }

    /// Commits when the interval has passed since the last commit and something is pending.
    public func tick() throws(StageFailure) {
        try state.withLock { state throws(StageFailure) in
            if let failure = state.failure { throw failure }
            guard !state.closed, state.frontier != nil, clock.now - state.lastCommit >= policy.interval else { return }
            try commit(&state)
        }
    }

    /// The run was interrupted: commits up to the frontier and commits nothing after. Returns the
    /// state as saved (what the next run will resume from).
    @discardableResult
    public func interrupt() -> RunState {
        state.withLock { state in
            if !state.closed, state.failure == nil {
                try? commit(&state)
            }
            state.closed = true
            return state.run
        }
    }

    /// Every item arrived: commits them all, then publishes the outputs and marks the run
    /// finished. Returns the final state.
    @discardableResult
    public func finish() throws(StageFailure) -> RunState {
        try state.withLock { state throws(StageFailure) in
            if let failure = state.failure { throw failure }
            // Interrupted (Ctrl-C) just before: publish nothing, the process is about to exit.
            guard !state.closed else {
                throw StageFailure(code: "interrupted", message: "the run was interrupted before it could publish")
            }
            fold(&state)
            try commit(&state, through: UInt64.max)
            state.run.status = .publishing
            try save(&state)
            for output in outputs.all {
                try remember(&state) { () throws(StageFailure) in
                    try output.publish()
                }
            }
            state.run.status = .finished
            try save(&state)
            state.closed = true
            return state.run
        }
    }

    /// Completes the publication of a run killed while publishing (its state says `publishing`):
    /// each output is published from its last commit, then the run is marked finished.
    @discardableResult
    public func completePublication() throws(StageFailure) -> RunState {
        try state.withLock { state throws(StageFailure) in
            for output in outputs.all {
                let committed = state.run.outputs[output.path]
                try remember(&state) { () throws(StageFailure) in
                    try output.completePublication(committed: committed)
                }
            }
            state.run.status = .finished
            try save(&state)
            state.closed = true
            return state.run
        }
    }

    /// The state as last saved or about to be: committed counts include this process's commits.
    public var current: RunState {
        state.withLock { $0.run }
    }

    private func commit(_ state: inout State, through sequence: UInt64? = nil) throws(StageFailure) {
        state.sinceCommit = 0
        state.lastCommit = clock.now
        guard let frontier = state.frontier else { return }
        let through = sequence ?? frontier.sequence
        var tokens = state.run.outputs
        for output in outputs.all {
            try remember(&state) { () throws(StageFailure) in
                tokens[output.path] = try output.commit(through: through)
            }
        }
        state.run.outputs = tokens
        state.run.frontier = RunState.Frontier(input: frontier.input, cursor: frontier.cursor)
        state.run.documents += state.pendingDocuments
        state.run.failures += state.pendingFailures
        state.pendingDocuments = 0
        state.pendingFailures = 0
        state.frontier = nil
        try save(&state)
    }

    /// Runs `body`; a failure is kept, so that every later call throws it (the run must stop).
    private func remember<Value>(
        _ state: inout State,
        _ body: () throws(StageFailure) -> Value
    ) throws(StageFailure) -> Value {
        do throws(StageFailure) {
            return try body()
        } catch {
            state.failure = error
            throw error
        }
    }

    private func save(_ state: inout State) throws(StageFailure) {
        state.run.updatedAt = RunState.timestamp(.now)
        let run = state.run
        try remember(&state) { () throws(StageFailure) in
            try journal.save(run)
        }
    }
}
