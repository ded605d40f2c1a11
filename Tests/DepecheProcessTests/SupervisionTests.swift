import DepecheCore
import DepecheProcess
import DepecheTestSupport
import Logging
import Testing

/// A child that fails on one document of twenty: the run completes, the nineteen others come
/// back in order, and the culprit is recorded with the fault and the child's last stderr lines.
@Suite(.enabled(if: PythonStage.isAvailable, .init(rawValue: PythonStage.missing)))
struct SupervisionTests {
    @Test func recordsTheDocumentThatMakesTheChildExitWithAnError() async throws {
        let stage = try ProcessStage(pythonStage(inFlight: 4))
        let ids = documentIDs(20, marking: [7: "crash"])
        let result = try await run(stage, ids)
        expectProcessed(result, ids, except: ["doc-07-crash"])
        let failure = try #require(result.failure("doc-07-crash"))
        #expect(failure.code == "stage-crashed")
        #expect(failure.message.contains("crashed: it exited with status 7"))
        #expect(failure.message.contains("its last lines on stderr:\n"))
        #expect(failure.message.hasSuffix("crashing on doc-07-crash"))
        // One replacement to retry the suspects alone, one after the culprit is found.
        #expect(stage.restartsUsed == 2)
    }

    @Test func recordsTheSignalThatKilledTheChild() async throws {
        let stage = try ProcessStage(pythonStage(inFlight: 4))
        let ids = documentIDs(20, marking: [12: "segv"])
        let result = try await run(stage, ids)
        expectProcessed(result, ids, except: ["doc-12-segv"])
        let failure = try #require(result.failure("doc-12-segv"))
        #expect(failure.code == "stage-crashed")
        #expect(failure.message.contains("it was killed by signal 11 (SIGSEGV)"))
        #expect(failure.message.hasSuffix("segfaulting on doc-12-segv"))
    }

    @Test func killsAChildThatDoesNotAnswerWithinTheTimeout() async throws {
        let stage = try ProcessStage(pythonStage(inFlight: 4, timeout: .milliseconds(800)))
        let ids = documentIDs(20, marking: [5: "hang"])
        let result = try await run(stage, ids)
        expectProcessed(result, ids, except: ["doc-05-hang"])
        let failure = try #require(result.failure("doc-05-hang"))
        #expect(failure.code == "stage-timeout")
        #expect(failure.message.contains("did not answer within 800 ms (the stage's `timeout`) and was killed"))
        #expect(failure.message.hasSuffix("hanging on doc-05-hang"))
    }

    @Test func recordsTheDocumentThatMakesTheChildPrintOnStdout() async throws {
        let stage = try ProcessStage(pythonStage(inFlight: 4))
        let ids = documentIDs(20, marking: [9: "garbage"])
        let result = try await run(stage, ids)
        expectProcessed(result, ids, except: ["doc-09-garbage"])
        let failure = try #require(result.failure("doc-09-garbage"))
        #expect(failure.code == "protocol-error")
        #expect(failure.message.contains(#""this is not a frame\nthis is not a frame"#))
        #expect(failure.message.contains("stdout carries only frames, a stage logs to stderr"))
    }

    @Test func recognizesAShortStrayLineWithoutWaitingForTheTimeout() async throws {
        // A timeout far beyond any run: had the runner waited for it, the failure would be a
        // stage-timeout (after ten minutes), not a protocol error. No clock is read, so a loaded
        // machine cannot make it fail.
        let stage = try ProcessStage(pythonStage(inFlight: 4, timeout: .seconds(600)))
        let ids = documentIDs(10, marking: [2: "print"])
        let result = try await run(stage, ids)
        expectProcessed(result, ids, except: ["doc-02-print"])
        let failure = try #require(result.failure("doc-02-print"))
        #expect(failure.code == "protocol-error")
        // Whether the line arrives alone or with the answer behind it, it is quoted from its start.
        #expect(failure.message.contains(#"frame: "ok\n"#))
    }

    @Test func recordsTheDocumentWhoseAnswerIsOverTheFrameLimit() async throws {
        let stage = try ProcessStage(pythonStage(inFlight: 4, maxFrameBytes: 64 * 1024))
        let ids = documentIDs(20, marking: [3: "huge"])
        let result = try await run(stage, ids)
        expectProcessed(result, ids, except: ["doc-03-huge"])
        let failure = try #require(result.failure("doc-03-huge"))
        #expect(failure.code == "frame-too-large")
        #expect(failure.message.contains("over the limit of 65536 bytes"))
        #expect(failure.message.contains("raise the stage's `max_frame_bytes`"))
    }

    @Test func recordsTheDocumentOnWhichTheChildQuits() async throws {
        let stage = try ProcessStage(pythonStage(inFlight: 4))
        let ids = documentIDs(20, marking: [14: "exit"])
        let result = try await run(stage, ids)
        expectProcessed(result, ids, except: ["doc-14-exit"])
        let failure = try #require(result.failure("doc-14-exit"))
        #expect(failure.code == "stage-exited")
        #expect(failure.message.contains("exited with status 0 while the runner waited for an answer"))
        #expect(failure.message.hasSuffix("quitting on doc-14-exit"))
    }

    @Test func replacesAChildThatExitsEarlyWithoutLosingADocument() async throws {
        let logs = LogRecorder()
        let stage = try ProcessStage(pythonStage(["--exit-after", "6"], inFlight: 4, restarts: 10, logs: logs))
        let ids = documentIDs(20)
        let result = try await run(stage, ids)
        expectProcessed(result, ids)
        #expect(stage.restartsUsed >= 3)
        #expect(logs.contains(.warning, "exited with status 0 while the runner waited for an answer"))
    }

    @Test func keepsTheOtherChildrenWorkingWhileOneIsReplaced() async throws {
        let stage = try ProcessStage(pythonStage(processes: 3, inFlight: 2))
        let ids = documentIDs(30, marking: [4: "crash", 22: "crash"])
        let result = try await run(stage, ids)
        expectProcessed(result, ids, except: ["doc-04-crash", "doc-22-crash"])
        #expect(result.failures.allSatisfy { $0.code == "stage-crashed" })
    }

    @Test func failsTheRemainingDocumentsWhenTheRestartBudgetIsSpent() async throws {
        let stage = try ProcessStage(pythonStage(inFlight: 1, restarts: 1))
        let ids = documentIDs(10, marking: [4: "crash"])
        let result = try await run(stage, ids)
        #expect(result.ids == ["doc-01", "doc-02", "doc-03"])
        #expect(result.failures.map(\.id) == Array(ids[3...]))
        #expect(result.failure("doc-04-crash")?.code == "stage-crashed")
        let rest = result.failures.dropFirst()
        #expect(rest.allSatisfy { $0.code == "restart-budget-exhausted" })
        let message = try #require(rest.first?.message)
        #expect(message.contains("the restart budget (1, the stage's `restarts` option) is spent"))
        #expect(message.contains("Raise `restarts` or fix the stage."))
        #expect(stage.restartsUsed == 1)
    }

    @Test func failsTheSuspectsWhenNoRestartIsAllowed() async throws {
        let stage = try ProcessStage(pythonStage(inFlight: 4, restarts: 0))
        let ids = documentIDs(8, marking: [6: "crash"])
        let result = try await run(stage, ids)
        // Everything after the documents answered before the crash fails, and nothing hangs.
        #expect(result.documents.count + result.failures.count == 8)
        #expect(!result.failures.isEmpty)
        #expect(result.failures.allSatisfy { $0.code == "restart-budget-exhausted" })
        #expect(result.failures.first?.message.contains("The last child failure was stage-crashed") == true)
    }
}
