import Synchronization

/// Live counters of a run, safe to read from a progress reporter while the run goes on.
public final class RunStatistics: Sendable {
    struct StageCounters {
        var name: String
        var emitted = 0
        var failed = 0
        var busy: Duration = .zero
    }

    private struct State {
        var stages: [StageCounters] = []
        var completed = 0
        var failed = 0
    }

    private let state = Mutex(State())

    public init() {}

    func start(stages names: [String]) {
        state.withLock { $0.stages = names.map { StageCounters(name: $0) } }
    }

    func emitted(stage index: Int) {
        state.withLock { $0.stages[index].emitted += 1 }
    }

    func failed(stage index: Int) {
        state.withLock { $0.stages[index].failed += 1 }
    }

    func busy(stage index: Int, for duration: Duration) {
        state.withLock { $0.stages[index].busy += duration }
    }

    func documentCompleted() {
        state.withLock { $0.completed += 1 }
    }

    func documentFailed() {
        state.withLock { $0.failed += 1 }
    }

    /// A snapshot for a progress line.
    public var snapshot: RunProgress {
        state.withLock { state in
            RunProgress(
                completed: state.completed,
                failed: state.failed,
                discovered: (state.stages.first?.emitted ?? 0) + (state.stages.first?.failed ?? 0)
            )
        }
    }

    func summary(elapsed: Duration) -> RunSummary {
        state.withLock { state in
            RunSummary(
                documents: state.completed,
                failures: state.failed,
                elapsed: elapsed,
                stages: state.stages.map {
                    RunSummary.StageSummary(name: $0.name, emitted: $0.emitted, failures: $0.failed, busy: $0.busy)
                }
            )
        }
    }
}

/// Where a run stands.
public struct RunProgress: Sendable, Hashable {
    /// Documents that went through the whole chain.
    public var completed: Int
    /// Documents (or inputs) recorded as failed.
    public var failed: Int
    /// Documents the first stage has produced or failed so far: the best known total.
    public var discovered: Int
}

/// What a run did.
public struct RunSummary: Sendable, Hashable {
    public struct StageSummary: Sendable, Hashable {
        public var name: String
        /// Documents the stage passed on.
        public var emitted: Int
        public var failures: Int
        /// Time spent inside the stage, summed over concurrent calls.
        public var busy: Duration
    }

    /// Documents that went through the whole chain.
    public var documents: Int
    public var failures: Int
    public var elapsed: Duration
    public var stages: [StageSummary]
}
