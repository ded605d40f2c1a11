import DepecheCore
import DepecheProcess
import DepecheTestSupport
import Foundation
import Logging
import Testing

/// A healthy child: documents go out and come back, in order, with what the handshake carried.
@Suite(.enabled(if: PythonStage.isAvailable, .init(rawValue: PythonStage.missing)))
struct ProcessStageTests {
    @Test func echoesEveryDocumentInOrderThroughTheRunner() async throws {
        let folder = try TemporaryFolder()
        let stage = try ProcessStage(
            pythonStage(
                processes: 2,
                inFlight: 4,
                environment: ["DEPECHE_TEST_ENV": "from the configuration"],
                workingDirectory: folder.path,
                optionsJSON: #"{"mode":"loud"}"#
            )
        )
        let ids = documentIDs(20)
        let result = try await run(stage, ids)
        expectProcessed(result, ids)
        let first = try #require(result.documents.first)
        #expect(first.attributes["options"] == #"{"mode":"loud"}"#)
        #expect(first.attributes["env"] == "from the configuration")
        let cwd = try #require(first.attributes["cwd"])
        #expect(
            URL(fileURLWithPath: cwd).resolvingSymlinksInPath()
                == URL(fileURLWithPath: folder.path).resolvingSymlinksInPath()
        )
        #expect(first.provenance.last?.stage == "python-echo")
        #expect(first.provenance.last?.version == "1.2.3")
        #expect(stage.version == "1.2.3")
        #expect(stage.restartsUsed == 0)
    }

    @Test func matchesAnswersToRequestsBySequenceWhenTheyComeOutOfOrder() async throws {
        let logs = LogRecorder()
        let stage = try ProcessStage(pythonStage(["--reorder", "8"], inFlight: 8, logs: logs))
        let ids = documentIDs(40)
        let result = try await run(stage, ids)
        expectProcessed(result, ids)
        #expect(logs.contains(.info, "[python-echo] answering"), "the fixture never reordered a batch")
    }

    @Test func emitsEveryDocumentOfAnAnswerInPlace() async throws {
        let stage = try ProcessStage(pythonStage())
        let ids = documentIDs(5, marking: [3: "double"])
        let result = try await run(stage, ids)
        #expect(result.ids == ["doc-01", "doc-02", "doc-03-double-a", "doc-03-double-b", "doc-04", "doc-05"])
        #expect(result.documents[2].text == "TEXT OF DOC-03-DOUBLE")
        #expect(result.failures.isEmpty)
    }

    @Test func recordsTheErrorAStageReturnsForADocument() async throws {
        let stage = try ProcessStage(pythonStage())
        let ids = documentIDs(6, marking: [4: "reject"])
        let result = try await run(stage, ids)
        expectProcessed(result, ids, except: ["doc-04-reject"])
        let failure = try #require(result.failure("doc-04-reject"))
        #expect(failure.code == "rejected")
        #expect(failure.message == "doc-04-reject is not for this stage")
        #expect(failure.stage == "python-echo")
        #expect(stage.restartsUsed == 0)
    }

    @Test func forwardsEachStderrLineToTheLoggerWithTheStageName() async throws {
        let logs = LogRecorder()
        let stage = try ProcessStage(pythonStage(logs: logs))
        _ = try await run(stage, documentIDs(2))
        let lines = logs.messages(.info)
        #expect(lines.contains { $0.hasPrefix("[python-echo] test stage started (pid ") })
        #expect(lines.contains("[python-echo] input closed, bye"))
        #expect(logs.messages(.warning).isEmpty)
    }

    /// With DEPECHE_PROCESS_BENCHMARK=N set, runs N documents and prints the throughput.
    @Test func keepsEveryDocumentOfALargeBatch() async throws {
        let stage = try ProcessStage(pythonStage(processes: 2, inFlight: 16))
        let benchmark = ProcessInfo.processInfo.environment["DEPECHE_PROCESS_BENCHMARK"].flatMap { Int($0) }
        let ids = (1...(benchmark ?? 2000)).map { "bulk-\($0)" }
        let clock = ContinuousClock()
        let started = clock.now
        let result = try await run(stage, ids)
        let elapsed = clock.now - started
        expectProcessed(result, ids)
        if benchmark != nil {
            let perSecond = Double(ids.count) / (elapsed / .seconds(1))
            print("\(ids.count) documents through 2 Python echo children: \(elapsed), \(Int(perSecond)) documents/s")
        }
    }

    @Test func refusesADocumentOverTheFrameLimitWithoutSendingIt() async throws {
        let stage = try ProcessStage(pythonStage(maxFrameBytes: 4096))
        let emitter = CollectingEmitter()
        let big = Document(id: "big", text: String(repeating: "a", count: 5000))
        let error = await #expect(throws: StageFailure.self) {
            try await stage.process(big, context: testContext, emit: emitter.emitter)
        }
        #expect(error?.code == "frame-too-large")
        #expect(stage.childPIDs.isEmpty, "a child was started for a document that could not be sent")
        try await stage.process(Document(id: "small", text: "ok"), context: testContext, emit: emitter.emitter)
        #expect(emitter.documents.map(\.text) == ["OK"])
        try await stage.finish(context: testContext)
    }
}
