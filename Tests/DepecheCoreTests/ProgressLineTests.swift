import Foundation
import Testing

@testable import DepecheCore

/// The progress line says what is done, what was read so far (not a total), the warnings, how far
/// in the inputs the run is, the time, and what it waits on when nothing finishes.
@Suite struct ProgressLineTests {
    @Test func theLineSaysWhatIsDoneAndWhereTheRunIs() {
        let progress = RunProgress(
            completed: 1_234,
            failed: 3,
            discovered: 1_300,
            warned: 12,
            inputs: 5,
            inputsReached: 2,
            busiest: ("entities", 4)
        )
        #expect(
            progress.line(elapsed: .seconds(133))
                == "1,234 documents (1,300 read) · 3 failed · 12 with warnings · input 2 of 5 · 9.3 docs/s · 2:13"
        )
        #expect(progress.line(elapsed: .seconds(3_725)).hasSuffix(" · 1:02:05"))
    }

    @Test func theLineSaysHowMuchOfTheInputIsReadAndTheTimeLeft() {
        var progress = RunProgress(completed: 500, failed: 0, discovered: 510, inputs: 1)
        progress.inputShare = 0.257
        progress.remaining = .seconds(3_725)
        #expect(
            progress.line(elapsed: .seconds(100))
                == "500 documents (510 read) · 25% read · 5.0 docs/s · 1:40 · about 1:02:05 left"
        )
        progress.inputs = 3
        progress.inputsReached = 2
        progress.remaining = nil
        #expect(progress.line(elapsed: .seconds(100)).contains(" · input 2 of 3 (25% read) · 5.0 docs/s · 1:40"))
    }

    /// The README shows the line as the program writes it.
    @Test func theReadmeShowsTheLineAsWritten() throws {
        var progress = RunProgress(
            completed: 1_234,
            failed: 3,
            discovered: 1_300,
            warned: 12,
            inputs: 5,
            inputsReached: 5
        )
        progress.inputShare = 0.4
        progress.remaining = .seconds(200)
        let line = progress.line(elapsed: .seconds(133))
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8).replacingOccurrences(of: "\n", with: " ")
        #expect(text.contains("(`\(line)`,"), "\(line)")
    }

    /// The share read belongs to the input the line names: once the run has moved on to an input
    /// that says nothing of its progress (a single file), the previous input's share is not shown.
    @Test func theShareReadIsThatOfTheInputTheLineNames() {
        let statistics = RunStatistics()
        statistics.start(stages: ["fetch"], inputs: 3)
        statistics.inputProgress(input: 0, 0.25)
        #expect(statistics.snapshot.inputShare == 0.25)
        statistics.documentCompleted(input: 0, warned: false)
        statistics.inputProgress(input: 0, 0.5)
        #expect(statistics.snapshot.inputShare == 0.5)
        #expect(statistics.snapshot.line(elapsed: .seconds(1)).contains("input 1 of 3 (50% read)"))
        statistics.documentCompleted(input: 1, warned: false)
        #expect(statistics.snapshot.inputShare == nil)
        #expect(statistics.snapshot.line(elapsed: .seconds(1)).contains("input 2 of 3 ·"))
    }

    /// The time left comes from the pace of the last input since its first report, and only once
    /// it means something.
    @Test func theTimeLeftIsEstimatedOnlyWhenItMeansSomething() {
        let start = ContinuousClock.now
        func share(input: Int = 1, from first: Double, to last: Double, after seconds: Int) -> RunStatistics.InputShare
        {
            .init(input: input, first: first, firstTime: start, last: last, lastTime: start + .seconds(seconds))
        }
        let now = start + .seconds(60)
        // 10% → 30% in 60 s: 70% left at 20% a minute is 3.5 minutes.
        #expect(RunStatistics.remaining(share(from: 0.1, to: 0.3, after: 60), inputs: 2, now: now) == .seconds(210))
        // Counted from the last report: 20 s later, 20 s less.
        #expect(
            RunStatistics.remaining(share(from: 0.1, to: 0.3, after: 60), inputs: 2, now: now + .seconds(20))
                == .seconds(190)
        )
        // Not the last input, too little read, or too soon: no estimate.
        #expect(RunStatistics.remaining(share(input: 0, from: 0.1, to: 0.3, after: 60), inputs: 2, now: now) == nil)
        #expect(RunStatistics.remaining(share(from: 0.1, to: 0.105, after: 60), inputs: 2, now: now) == nil)
        #expect(RunStatistics.remaining(share(from: 0.1, to: 0.3, after: 2), inputs: 2, now: now) == nil)
    }

    @Test func aRunThatFinishesNothingSaysWhatItWaitsOn() {
        let waiting = RunProgress(completed: 0, failed: 0, discovered: 0, inputs: 1, busiest: ("fetch", 1))
        #expect(
            waiting.line(elapsed: .seconds(7), stalled: .seconds(7))
                == "0 documents (0 read) · 0.0 docs/s · 0:07 · waiting on fetch (1 in flight for 7 s)"
        )
        #expect(!waiting.line(elapsed: .seconds(2), stalled: .seconds(2)).contains("waiting"))
    }
}

/// A run's live counters: inputs reached, documents with warnings, nothing left inside a stage.
@Suite struct RunStatisticsTests {
    /// Adds a warning to the documents whose id starts with `w`.
    struct WarningStage: DocumentTransform {
        let name = "warn"
        let version = "1"
        func transform(_ document: inout Document, context: StageContext) throws {
            if document.id.hasPrefix("w") {
                document.diagnostics.append(context.diagnostic("odd", .warning, "a warning"))
            }
        }
    }

    @Test func countsInputsReachedAndDocumentsWithWarnings() async throws {
        let statistics = RunStatistics()
        let runner = Runner(
            steps: [.init(stage: ExpandStage(), concurrency: 2), .init(stage: WarningStage(), concurrency: 2)],
            logger: testLogger
        )
        _ = try await runner.run(inputs: inputs(["a:2", "w:3", "b:1"]), failures: { _ in }, statistics: statistics)
        let progress = statistics.snapshot
        #expect(progress.completed == 6)
        #expect(progress.warned == 3)
        #expect(progress.inputs == 3)
        #expect(progress.inputsReached == 3)
        #expect(progress.busiest == nil)
    }
}
