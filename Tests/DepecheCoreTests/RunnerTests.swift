import DepecheCore
import Testing

@Suite struct RunnerTests {
    @Test func keepsInputOrderWhateverTheConcurrency() async throws {
        let names = (1...200).map { "doc\($0):1" }
        let recorder = RecordingStage()
        let runner = Runner(
            steps: [
                .init(stage: ExpandStage(), concurrency: 8),
                .init(stage: UppercaseStage(), concurrency: 8),
                .init(stage: recorder, concurrency: 8),
            ],
            logger: testLogger
        )
        let summary = try await runner.run(inputs: inputs(names), failures: { _ in })
        #expect(recorder.ids == (1...200).map { "doc\($0)-1" })
        #expect(summary.documents == 200)
        #expect(summary.failures == 0)
        #expect(recorder.didFinish)
    }

    @Test func expandsOneDocumentIntoManyInPlace() async throws {
        let recorder = RecordingStage()
        let runner = Runner(
            steps: [.init(stage: ExpandStage(), concurrency: 4), .init(stage: recorder, concurrency: 1)],
            logger: testLogger
        )
        let summary = try await runner.run(inputs: inputs(["a:3", "b:0", "c:2"]), failures: { _ in })
        #expect(recorder.ids == ["a-1", "a-2", "a-3", "c-1", "c-2"])
        #expect(summary.documents == 5)
        #expect(summary.stages.map(\.emitted) == [5, 5])
    }

    @Test func recordsFailuresInOrderAndGoesOn() async throws {
        let collector = FailureCollector()
        let recorder = RecordingStage()
        let runner = Runner(
            steps: [
                .init(stage: ExpandStage(), concurrency: 3),
                .init(stage: UppercaseStage(failing: ["x-2", "y-1"]), concurrency: 3),
                .init(stage: recorder, concurrency: 1),
            ],
            logger: testLogger
        )
        let summary = try await runner.run(
            inputs: inputs(["x:3", "broken", "half:3", "y:2"]),
            failures: { collector.append($0) }
        )
        #expect(recorder.ids == ["x-1", "x-3", "half-1", "half-3", "y-2"])
        // The runner adds the input each failure came from (the test stages place no cursor).
        #expect(collector.records.map(\.input) == ["x:3", "broken", "half:3", "y:2"])
        // Without cursors, items are retried from their source; the seed that failed, as its input.
        #expect(collector.records.map(\.retry) == [.source, .input(after: InputCursor()), .source, .source])
        #expect(
            collector.records.map {
                FailureRecord(id: $0.id, source: $0.source, stage: $0.stage, code: $0.code, message: $0.message)
            } == [
                FailureRecord(
                    id: "x-2",
                    source: "x:3",
                    stage: "upper",
                    code: "test-failure",
                    message: "document x-2 is marked to fail"
                ),
                FailureRecord(
                    id: "broken",
                    source: "broken",
                    stage: "expand",
                    code: "bad-seed",
                    message: "seed 'broken' is not name:count"
                ),
                FailureRecord(
                    id: "half-2",
                    source: "half:3",
                    stage: "expand",
                    code: "item",
                    message: "item 2 is broken"
                ),
                FailureRecord(
                    id: "y-1",
                    source: "y:2",
                    stage: "upper",
                    code: "test-failure",
                    message: "document y-1 is marked to fail"
                ),
            ]
        )
        #expect(summary.documents == 5)
        #expect(summary.failures == 4)
        #expect(summary.stages.map(\.failures) == [2, 2, 0])
    }

    @Test func appendsProvenanceForEachStage() async throws {
        final class Last: Stage, @unchecked Sendable {
            let name = "last"
            let version = "9"
            var documents: [Document] = []
            var maximumConcurrency: Int? { 1 }
            func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws {
                documents.append(document)
                try await emit(document)
            }
        }
        let last = Last()
        let runner = Runner(
            steps: [
                .init(stage: ExpandStage(), concurrency: 1), .init(stage: FilterStage(), concurrency: 2),
                .init(stage: last, concurrency: 1),
            ],
            logger: testLogger
        )
        _ = try await runner.run(inputs: inputs(["p:1"]), failures: { _ in })
        let document = try #require(last.documents.first)
        #expect(document.provenance.map(\.stage) == ["expand", "filter"])
        #expect(document.provenance.map(\.version) == ["1", "1"])
        #expect(document.provenance.allSatisfy { $0.atMilliseconds > 1_700_000_000_000 })
        #expect(document.attributes == ["seen-by": "filter"])
    }

    @Test func aFailingFailureSinkStopsTheRunWithItsError() async throws {
        struct DiskFull: Error {}
        let runner = Runner(steps: [.init(stage: ExpandStage(), concurrency: 1)], logger: testLogger)
        await #expect(throws: DiskFull.self) {
            _ = try await runner.run(inputs: inputs(["bad"]), failures: { _ in throw DiskFull() })
        }
    }

    @Test func respectsAStagesMaximumConcurrency() {
        let step = Runner.Step(stage: RecordingStage(), concurrency: 16)
        #expect(step.concurrency == 1)
        #expect(Runner.Step(stage: UppercaseStage(), concurrency: 0).concurrency == 1)
    }

    @Test func failureRecordsAreJSONLines() {
        let record = FailureRecord(
            id: "a\"b",
            source: "file:///x",
            stage: "fetch",
            code: "not-found",
            message: "line\nbreak\u{1}"
        )
        #expect(
            record.jsonLine
                == #"{"id":"a\"b","source":"file:///x","stage":"fetch","code":"not-found","message":"line\nbreak\u0001"}"#
        )
    }
}
