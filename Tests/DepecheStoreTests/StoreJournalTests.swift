import DepecheCore
import DepecheTestSupport
import Foundation
import GRDB
import Testing

@testable import DepecheStore

@Suite struct StoreJournalTests {
    static func state() -> RunState {
        var state = RunState(
            run: "run-1",
            depecheVersion: "0.1.0",
            configuration: "fingerprint-1",
            inputs: 2,
            startedAt: Date(timeIntervalSince1970: 1_757_000_000)
        )
        state.frontier = RunState.Frontier(
            input: 1,
            cursor: InputCursor([.entry("2024/dump.jsonl"), .line(number: 12, end: 4096)])
        )
        state.documents = 10
        state.failures = 2
        state.outputs = ["/out/news.sqlite": "sqlite", "/out/news.failures.jsonl": "512"]
        return state
    }

    @Test func savesAndLoadsTheStateAndItsRunsRow() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("news.sqlite")
        let store = try SQLiteStore(path: path)
        let journal = store.journal
        #expect(journal.location == path)
        #expect(try journal.load() == nil)

        var state = Self.state()
        try journal.save(state)
        #expect(try journal.load() == state)
        // A new connection (the next process) reads the same state.
        #expect(try SQLiteStore(path: path).journal.load() == state)
        #expect(
            try query(path, "SELECT * FROM runs") == [
                [
                    "run-1", "0.1.0", "fingerprint-1", "running", "2025-09-04T15:33:20Z", "2025-09-04T15:33:20Z", "10",
                    "2", "2",
                ]
            ]
        )

        state.status = .finished
        state.documents = 12
        state.updatedAt = "2025-09-04T16:00:00Z"
        try journal.save(state)
        #expect(try journal.load() == state)
        #expect(try column(path, "SELECT COUNT(*) FROM run_state") == ["1"])
        #expect(
            try query(path, "SELECT status, updated_at, documents FROM runs") == [
                ["finished", "2025-09-04T16:00:00Z", "12"]
            ]
        )
        #expect(try column(path, "SELECT state FROM run_state") == [String(decoding: state.encoded(), as: UTF8.self)])

        // The next run keeps the first one's row and replaces the state.
        let next = RunState(run: "run-2", depecheVersion: "0.1.0", configuration: "fingerprint-2", inputs: 1)
        try journal.save(next)
        #expect(try journal.load() == next)
        #expect(try column(path, "SELECT run FROM runs ORDER BY run") == ["run-1", "run-2"])
    }

    @Test func failuresNameTheRunTheJournalSaved() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("news.sqlite")
        let store = try SQLiteStore(path: path)
        try store.journal.save(Self.state())
        try store.record(
            FailureRecord(id: "x", source: "/x", stage: "fetch", code: "not-found", message: "m"),
            at: position(0)
        )
        _ = try store.commit(through: 0)
        let row = try #require(try query(path, "SELECT run, recorded_at FROM failures").first)
        #expect(row[0] == "run-1")
        #expect(row[1].hasSuffix("Z") && row[1].count == 20)
    }

    @Test func refusesADamagedOrNewerState() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("news.sqlite")
        let store = try SQLiteStore(path: path)
        try store.database.write { try $0.execute(sql: "INSERT INTO run_state VALUES (1, 'not json')") }
        let damaged = try failure { _ = try store.journal.load() }
        #expect(damaged.code == "state-unreadable")
        #expect(damaged.message.contains(path))
        #expect(damaged.message.contains("--restart"))

        var newer = Self.state()
        newer.format = RunState.currentFormat + 1
        try store.journal.save(newer)
        let refused = try failure { _ = try store.journal.load() }
        #expect(refused.code == "state-unreadable")
        #expect(refused.message.contains("newer Depeche"))
    }

    /// The store and its journal driven by the real checkpointer, interrupted, then resumed.
    @Test func theCheckpointerCommitsRowsBeforeTheStateAndAResumedRunCompletesThem() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("news.sqlite")
        let documents = (0..<7).map { document("d\($0)", text: "Texte \($0).") }
        let fresh = RunState(run: "run-1", depecheVersion: "0.1.0", configuration: "f", inputs: 1)

        let interrupted: RunState
        do {
            let store = try SQLiteStore(path: path)
            let outputs = RunOutputs()
            outputs.register(store)
            let checkpointer = Checkpointer(
                journal: store.journal,
                outputs: outputs,
                state: fresh,
                policy: .init(documents: 2, interval: .seconds(3600))
            )
            try checkpointer.begin()
            for (index, document) in documents.prefix(5).enumerated() {
                let position = position(UInt64(index))
                try store.write(document, at: position)
                try checkpointer.arrived(position, failure: nil)
            }
            interrupted = checkpointer.interrupt()
        }
        // Everything up to the frontier is in the store, nothing after it.
        let frontier = try #require(interrupted.frontier)
        #expect(frontier.cursor == InputCursor([.line(number: 4, end: 0)]))
        #expect(interrupted.documents == 4)
        #expect(try column(path, "SELECT id FROM documents ORDER BY number") == ["d0", "d1", "d2", "d3"])
        #expect(try query(path, "SELECT status, documents FROM runs") == [["running", "4"]])

        let store = try SQLiteStore(path: path)
        let saved = try #require(try store.journal.load())
        #expect(saved == interrupted)
        let outputs = RunOutputs()
        outputs.register(store)
        let checkpointer = Checkpointer(journal: store.journal, outputs: outputs, state: saved)
        try checkpointer.begin()
        for (index, document) in documents[4...].enumerated() {
            let position = position(UInt64(index))
            try store.write(document, at: position)
            try checkpointer.arrived(position, failure: nil)
        }
        let failure = FailureRecord(
            id: "bad",
            source: "file:///dump.jsonl#L8",
            stage: "fetch",
            code: "unreadable",
            message: "m"
        )
        try store.record(failure, at: position(3))
        try checkpointer.arrived(position(3), failure: failure)
        let final = try checkpointer.finish()
        #expect(final.status == .finished)
        #expect(final.documents == 7)
        #expect(final.failures == 1)
        #expect(try column(path, "SELECT id FROM documents ORDER BY number") == documents.map(\.id))
        #expect(try query(path, "SELECT id, run FROM failures") == [["bad", "run-1"]])
        #expect(
            try query(path, "SELECT run, status, documents, failures FROM runs") == [["run-1", "finished", "7", "1"]]
        )
        #expect(try store.journal.load() == final)
    }
}
