import DepecheCore
import Foundation
import Synchronization
import Testing

/// The runner and the checkpointer together, in process: what is committed when, and how a
/// resumed run continues.
@Suite struct CheckpointerTests {
    /// Expands a seed "name:count" into items placed at `.item(index:)`, skipping those at or
    /// before `resumeAfter`; the item "hang" sleeps until cancelled, items named "bad" fail.
    struct PlacingExpandStage: Stage {
        let name = "expand"
        let version = "1"
        let hangOn: String?

        func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws {
            let parts = document.id.split(separator: ":")
            let count = Int(parts[1])!
            var skipThrough = -1
            if case .item(let index, _)? = emit.resumeAfter?.marks.first { skipThrough = index }
            for index in 0..<count where index > skipThrough {
                let id = "\(parts[0])-\(index)"
                let cursor = InputCursor([.item(index: index, id: id)])
                if id == hangOn { try await Task.sleep(for: .seconds(3600)) }
                if index % 5 == 4 {
                    try await emit.fail(
                        id,
                        source: document.source,
                        StageFailure(code: "bad", message: "bad"),
                        at: cursor
                    )
                } else {
                    try await emit(Document(id: id, text: "text \(id)"), at: cursor)
                }
            }
        }
    }

    /// Emits every document twice (a stage with many outputs per input) and drops "*-3".
    struct DoublingStage: Stage {
        let name = "double"
        let version = "1"

        func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws {
            if document.id.hasSuffix("-3") { return }
            try await emit(document)
            var copy = document
            copy.id += "'"
            try await emit(copy)
        }
    }

    /// What an export would write: ids in arrival order, committed up to the frontier.
    final class MemoryOutput: DurableOutput, Stage {
        let name = "collect"
        let version = "1"
        let path = "/memory/out"
        var maximumConcurrency: Int? { 1 }
        private let state = Mutex<(written: [(UInt64, String)], committed: [String], published: Int)>(([], [], 0))

        var committed: [String] { state.withLock { $0.committed } }
        var published: Int { state.withLock { $0.published } }

        func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws {
            state.withLock { $0.written.append((emit.position.sequence, document.id)) }
            try await emit(document)
        }

        func record(_ failure: FailureRecord, at position: RunPosition) throws(StageFailure) {
            state.withLock { $0.written.append((position.sequence, "failed:" + failure.id)) }
        }

        func begin(resumingFrom committed: String?) throws(StageFailure) {
            state.withLock { state in
                state.written = []
                state.committed = Array(state.committed.prefix(committed.flatMap(Int.init) ?? 0))
            }
        }

        func commit(through frontier: UInt64) throws(StageFailure) -> String {
            state.withLock { state in
                while let first = state.written.first, first.0 <= frontier {
                    state.committed.append(first.1)
                    state.written.removeFirst()
                }
                return String(state.committed.count)
            }
        }

        func publish() throws(StageFailure) {
            state.withLock { $0.published += 1 }
        }
    }

    final class MemoryJournal: RunJournal {
        let saved = Mutex<RunState?>(nil)
        var location: String { "memory" }
        func load() throws(StageFailure) -> RunState? { saved.withLock { $0 } }
        func save(_ state: RunState) throws(StageFailure) { saved.withLock { $0 = state } }
    }

    static func run(
        _ output: MemoryOutput,
        journal: MemoryJournal,
        state: RunState,
        hangOn: String? = nil
    ) async throws -> Checkpointer {
        let outputs = RunOutputs()
        outputs.register(output)
        let checkpointer = Checkpointer(
            journal: journal,
            outputs: outputs,
            state: state,
            policy: .init(documents: 1, interval: .seconds(3600))
        )
        try checkpointer.begin()
        let runner = Runner(
            steps: [
                .init(stage: PlacingExpandStage(hangOn: hangOn), concurrency: 2),
                .init(stage: DoublingStage(), concurrency: 4),
                .init(stage: output, concurrency: 1),
            ],
            logger: testLogger
        )
        _ = try await runner.run(
            inputs: inputs(["a:12", "b:0", "c:9"]),
            failures: { _ in },
            checkpointer: checkpointer
        )
        return checkpointer
    }

    static func freshState() -> RunState {
        RunState(run: "test", depecheVersion: "test", configuration: "test", inputs: 3)
    }

    @Test func aFinishedRunCommitsEverythingInOrderAndPublishesOnce() async throws {
        let output = MemoryOutput()
        let journal = MemoryJournal()
        let checkpointer = try await Self.run(output, journal: journal, state: Self.freshState())
        let expected = Self.expectedOutput()
        #expect(output.committed == expected)
        #expect(output.published == 1)
        let state = try #require(journal.saved.withLock { $0 })
        #expect(state.status == .finished)
        #expect(state.documents == expected.filter { !$0.hasPrefix("failed:") }.count)
        #expect(state.failures == expected.filter { $0.hasPrefix("failed:") }.count)
        #expect(state.frontier == RunState.Frontier(input: 2, cursor: InputCursor([.item(index: 8, id: "c-8")])))
        #expect(checkpointer.current == state)
    }

    /// The output of an uninterrupted run: items 4 and 9 of each input fail, "-3" is dropped,
    /// every other document comes twice.
    static func expectedOutput() -> [String] {
        var ids: [String] = []
        for (name, count) in [("a", 12), ("c", 9)] {
            for index in 0..<count {
                let id = "\(name)-\(index)"
                if index % 5 == 4 {
                    ids.append("failed:" + id)
                } else if index != 3 {
                    ids += [id, id + "'"]
                }
            }
        }
        return ids
    }

    @Test func aRunStoppedInTheMiddleResumesToTheSameOutput() async throws {
        let output = MemoryOutput()
        let journal = MemoryJournal()
        // The first run hangs on c-2: everything before it is committed as soon as it is complete.
        let first = Task { try await Self.run(output, journal: journal, state: Self.freshState(), hangOn: "c-2") }
        let before = Array(Self.expectedOutput().prefix { !$0.hasPrefix("c-2") })
        // Waits for the commit, not for a time: the bound only keeps a broken build from hanging.
        let deadline = ContinuousClock.now + .seconds(600)
        while output.committed.count < before.count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        first.cancel()
        _ = try? await first.value
        #expect(output.committed == before)
        #expect(output.published == 0)
        let interrupted = try #require(journal.saved.withLock { $0 })
        #expect(interrupted.status == .running)
        #expect(interrupted.frontier == RunState.Frontier(input: 2, cursor: InputCursor([.item(index: 1, id: "c-1")])))

        // The resumed run skips input a, the empty input b, and c's first two items.
        _ = try await Self.run(output, journal: journal, state: interrupted)
        #expect(output.committed == Self.expectedOutput())
        #expect(output.published == 1)
        #expect(journal.saved.withLock { $0 }?.status == .finished)
    }

    @Test func aFailedCommitStopsTheRunAndKeepsTheLastGoodState() async throws {
        final class FullDisk: DurableOutput {
            let path = "/memory/full"
            let commits = Mutex(0)
            func begin(resumingFrom committed: String?) throws(StageFailure) {}
            func commit(through frontier: UInt64) throws(StageFailure) -> String {
                let count = commits.withLock { count in
                    count += 1
                    return count
                }
                if count > 3 { throw StageFailure(code: "write-failed", message: "no space left") }
                return String(count)
            }
            func publish() throws(StageFailure) {}
        }
        let journal = MemoryJournal()
        let outputs = RunOutputs()
        outputs.register(FullDisk())
        let checkpointer = Checkpointer(
            journal: journal,
            outputs: outputs,
            state: Self.freshState(),
            policy: .init(documents: 1, interval: .seconds(3600))
        )
        try checkpointer.begin()
        let runner = Runner(steps: [.init(stage: PlacingExpandStage(hangOn: nil), concurrency: 1)], logger: testLogger)
        await #expect(throws: StageFailure.self) {
            _ = try await runner.run(inputs: inputs(["a:40"]), failures: { _ in }, checkpointer: checkpointer)
        }
        let state = try #require(journal.saved.withLock { $0 })
        #expect(state.outputs["/memory/full"] == "3")
        #expect(state.status == .running)
    }
}
