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
        /// How much of its input the first stage has read, as it last said.
        var share: InputShare?
    }

    /// The share of an input read, when it was first and last reported.
    struct InputShare {
        var input: Int
        var first: Double
        var firstTime: ContinuousClock.Instant
        var last: Double
        var lastTime: ContinuousClock.Instant
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

    func inputProgress(input: Int, _ fraction: Double) {
        let now = ContinuousClock.now
        state.withLock {
            if let share = $0.share, share.input == input {
                $0.share?.last = max(share.last, fraction)
                $0.share?.lastTime = now
            } else {
                $0.share = InputShare(input: input, first: fraction, firstTime: now, last: fraction, lastTime: now)
            }
        }
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
        let now = ContinuousClock.now
        return state.withLock { state in
            var progress = RunProgress(
                completed: state.completed,
                failed: state.failed,
                discovered: (state.stages.first?.emitted ?? 0) + (state.stages.first?.failed ?? 0),
                warned: state.warned,
                inputs: state.inputs,
                inputsReached: min(state.inputsReached, state.inputs),
                busiest: state.stages.last { $0.active > 0 }.map { ($0.name, $0.active) }
            )
            // The share said of the input the line names, not of one the run has left.
            if let share = state.share, share.input == max(state.inputsReached, 1) - 1 {
                progress.inputShare = share.last
                progress.remaining = Self.remaining(share, inputs: state.inputs, now: now)
            }
            return progress
        }
    }

    /// The time left at the pace the input has been read at since its first report: only in the
    /// run's last input (the size of the inputs after the current one is not known), and only
    /// once 1% of it and 5 seconds have gone by, so that the estimate is not a guess.
    static func remaining(_ share: InputShare, inputs: Int, now: ContinuousClock.Instant) -> Duration? {
        guard share.input == inputs - 1 else { return nil }
        let read = share.last - share.first
        let spent = share.lastTime - share.firstTime
        guard read >= 0.01, spent >= .seconds(5) else { return nil }
        let left = spent * ((1 - share.last) / read) - (now - share.lastTime)
        return max(.zero, left)
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
    /// The share of the current input read by the first stage, when it says (0 to 1).
    public var inputShare: Double?
    /// The estimated time left, when it can be estimated (see ``RunStatistics``).
    public var remaining: Duration?

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
    /// 5 (40% read) · 45.3 docs/s · 2:13 · about 3:20 left`, plus `· waiting on fetch (2 in flight)`
    /// when no document has finished for `stalled` (an unreachable host, a slow stage).
    public func line(elapsed: Duration, stalled: Duration? = nil) -> String {
        let seconds = elapsed.components.seconds
        var parts = [
            "\(Count.grouped(completed)) document\(completed == 1 ? "" : "s") (\(Count.grouped(discovered)) read)"
        ]
        if failed > 0 { parts.append("\(Count.grouped(failed)) failed") }
        if warned > 0 { parts.append("\(Count.grouped(warned)) with warnings") }
        let percent = inputShare.map { "\(Int(($0 * 100).rounded(.down)))%" }
        if inputs > 1 {
            let input = "input \(Count.grouped(max(inputsReached, 1))) of \(Count.grouped(inputs))"
            parts.append(percent.map { "\(input) (\($0) read)" } ?? input)
        } else if let percent {
            parts.append("\(percent) read")
        }
        let exact = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = Double(completed) / max(0.001, exact)
        parts.append(String(format: "%.1f docs/s", rate))
        parts.append(Self.clock(seconds))
        if let remaining {
            parts.append("about \(Self.clock(remaining.components.seconds)) left")
        }
        if let stalled, stalled >= .seconds(3), let busiest {
            parts.append(
                "waiting on \(busiest.stage) (\(busiest.documents) in flight for \(stalled.components.seconds) s)"
            )
        }
        return parts.joined(separator: " · ")
    }
}

extension RunProgress {
    /// `2:13`, or `1:02:13` from an hour.
    static func clock(_ seconds: Int64) -> String {
        seconds >= 3600
            ? String(format: "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
            : String(format: "%d:%02d", seconds / 60, seconds % 60)
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
