import Foundation
import Synchronization

/// Live counters of a run, safe to read from a progress reporter while the run goes on.
public final class RunStatistics: Sendable {
    struct StageCounters {
        var name: String
        var emitted = 0
        var failed = 0
        var busy: Duration = .zero
        /// Documents inside the stage right now.
        var active = 0
    }

    private struct State {
        var stages: [StageCounters] = []
        var completed = 0
        var failed = 0
        var warned = 0
        var inputs = 0
        /// Inputs the end of the chain has reached (the index of the furthest, plus one).
        var inputsReached = 0
    }

    private let state = Mutex(State())

    public init() {}

    func start(stages names: [String], inputs: Int) {
        state.withLock {
            $0.stages = names.map { StageCounters(name: $0) }
            $0.inputs = inputs
        }
    }

    func entered(stage index: Int) {
        state.withLock { $0.stages[index].active += 1 }
    }

    func left(stage index: Int) {
        state.withLock { $0.stages[index].active -= 1 }
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

    func documentCompleted(input: Int, warned: Bool) {
        state.withLock {
            $0.completed += 1
            if warned { $0.warned += 1 }
            $0.inputsReached = max($0.inputsReached, input + 1)
        }
    }

    func documentFailed(input: Int) {
        state.withLock {
            $0.failed += 1
            $0.inputsReached = max($0.inputsReached, input + 1)
        }
    }

    /// A snapshot for a progress line.
    public var snapshot: RunProgress {
        state.withLock { state in
            RunProgress(
                completed: state.completed,
                failed: state.failed,
                discovered: (state.stages.first?.emitted ?? 0) + (state.stages.first?.failed ?? 0),
                warned: state.warned,
                inputs: state.inputs,
                inputsReached: min(state.inputsReached, state.inputs),
                busiest: state.stages.last { $0.active > 0 }.map { ($0.name, $0.active) }
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
public struct RunProgress: Sendable {
    /// Documents that went through the whole chain.
    public var completed: Int
    /// Documents (or inputs) recorded as failed.
    public var failed: Int
    /// Documents the first stage has produced or failed so far (read, not a total).
    public var discovered: Int
    /// Completed documents with a warning or error diagnostic.
    public var warned = 0
    /// The run's inputs, and how far the end of the chain has reached in them.
    public var inputs = 0
    public var inputsReached = 0
    /// The stage nearest the end of the chain with documents inside it, and how many.
    public var busiest: (stage: String, documents: Int)?

    public init(
        completed: Int,
        failed: Int,
        discovered: Int,
        warned: Int = 0,
        inputs: Int = 0,
        inputsReached: Int = 0,
        busiest: (stage: String, documents: Int)? = nil
    ) {
        self.completed = completed
        self.failed = failed
        self.discovered = discovered
        self.warned = warned
        self.inputs = inputs
        self.inputsReached = inputsReached
        self.busiest = busiest
    }

    /// The progress line: `1,234 documents (1,300 read) · 3 failed · 12 with warnings · input 2 of
    /// 5 · 45.3 docs/s · 2:13`, plus `· waiting on fetch (2 in flight)` when no document has
    /// finished for `stalled` (an unreachable host, a slow stage).
    public func line(elapsed: Duration, stalled: Duration? = nil) -> String {
        let seconds = elapsed.components.seconds
        var parts = [
            "\(Count.grouped(completed)) document\(completed == 1 ? "" : "s") (\(Count.grouped(discovered)) read)"
        ]
        if failed > 0 { parts.append("\(Count.grouped(failed)) failed") }
        if warned > 0 { parts.append("\(Count.grouped(warned)) with warnings") }
        if inputs > 1 { parts.append("input \(Count.grouped(max(inputsReached, 1))) of \(Count.grouped(inputs))") }
        let exact = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = Double(completed) / max(0.001, exact)
        parts.append(String(format: "%.1f docs/s", rate))
        parts.append(
            seconds >= 3600
                ? String(format: "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String(format: "%d:%02d", seconds / 60, seconds % 60)
        )
        if let stalled, stalled >= .seconds(3), let busiest {
            parts.append(
                "waiting on \(busiest.stage) (\(busiest.documents) in flight for \(stalled.components.seconds) s)"
            )
        }
        return parts.joined(separator: " · ")
    }
}

/// Numbers as people read them: 10,240.
public enum Count {
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }
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
