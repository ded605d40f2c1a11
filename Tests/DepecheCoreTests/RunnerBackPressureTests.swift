import DepecheCore
import Synchronization
import Testing

/// Counts what a producer emitted and a consumer received, and the largest gap between the two.
final class Gauge: Sendable {
    private struct State {
        var produced = 0
        var consumed = 0
        var widest = 0
    }

    private let state = Mutex(State())

    func produce() {
        state.withLock {
            $0.produced += 1
            $0.widest = max($0.widest, $0.produced - $0.consumed)
        }
    }

    func consume() {
        state.withLock { $0.consumed += 1 }
    }

    var widest: Int { state.withLock { $0.widest } }
    var consumed: Int { state.withLock { $0.consumed } }
}

/// Emits `count` small documents for its one seed, counting each.
struct FloodStage: Stage {
    let name = "flood"
    let version = "1"
    let count: Int
    let gauge: Gauge

    func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws {
        for index in 0..<count {
            gauge.produce()
            try await emit(Document(id: "\(index)"))
        }
    }
}

/// Slow consumer.
struct DrainStage: Stage {
    let name = "drain"
    let version = "1"
    let gauge: Gauge

    func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws {
        await Task.yield()
        gauge.consume()
        try await emit(document)
    }
}

@Suite struct RunnerBackPressureTests {
    @Test func aStageThatExpandsAnInputNeverRunsFarAheadOfTheNextOne() async throws {
        let gauge = Gauge()
        let runner = Runner(
            steps: [
                .init(stage: FloodStage(count: 20_000, gauge: gauge), concurrency: 4),
                .init(stage: DrainStage(gauge: gauge), concurrency: 4),
            ],
            logger: testLogger
        )
        let summary = try await runner.run(inputs: inputs(["seed"]), failures: { _ in })
        #expect(summary.documents == 20_000)
        #expect(gauge.consumed == 20_000)
        // Rendezvous hand-offs: only the documents inside the drain stage and the hand-offs
        // themselves may be outstanding, never the whole expansion.
        #expect(gauge.widest <= 16, "the producer ran \(gauge.widest) documents ahead")
    }
}

@Suite struct RunnerCancellationTests {
    @Test func aCancelledRunThrowsAndNeverFinishesItsStages() async throws {
        let gauge = Gauge()
        let recorder = RecordingStage()
        let runner = Runner(
            steps: [
                .init(stage: FloodStage(count: 1_000_000, gauge: gauge), concurrency: 2),
                .init(stage: DrainStage(gauge: gauge), concurrency: 2),
                .init(stage: recorder, concurrency: 1),
            ],
            logger: testLogger
        )
        let run = Task { try await runner.run(inputs: inputs(["seed"]), failures: { _ in }) }
        while gauge.consumed < 100 { await Task.yield() }
        run.cancel()
        await #expect(throws: CancellationError.self) { _ = try await run.value }
        #expect(!recorder.didFinish, "finish() publishes the export: a cancelled run must not call it")
        #expect(gauge.consumed < 1_000_000)
    }
}
