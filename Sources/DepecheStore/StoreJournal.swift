public import DepecheCore
import Foundation
import GRDB

/// A run's state kept in its store: the `run_state` table holds the ``RunState`` of the current
/// (or last) run as JSON, and the `runs` table one row per run, updated at every save.
///
/// A save is one transaction in the same WAL as the documents, after the commit of the documents
/// it counts: after a crash, ``load()`` returns this state or the one saved before, and never one
/// that runs ahead of the rows.
public struct StoreJournal: RunJournal {
    public let store: SQLiteStore

    public init(store: SQLiteStore) {
        self.store = store
    }

    /// The store's path.
    public var location: String { store.path }

    public func load() throws(StageFailure) -> RunState? {
        let path = store.path
        let text = try StoreErrors.perform(path, "cannot read the run state") {
            try store.database.read { db in
                try String.fetchOne(db, sql: "SELECT state FROM run_state WHERE id = 1")
            }
        }
        guard let text else { return nil }
        return try RunState.read(Data(text.utf8), at: path)
    }

    public func save(_ state: RunState) throws(StageFailure) {
        let json = String(decoding: state.encoded(), as: UTF8.self)
        try StoreErrors.perform(store.path, "cannot save the run state") {
            try store.database.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO run_state (id, state) VALUES (1, ?)
                        ON CONFLICT (id) DO UPDATE SET state = excluded.state
                        """,
                    arguments: [json]
                )
                try db.execute(
                    sql: """
                        INSERT INTO runs (run, depeche_version, configuration, status, started_at, updated_at,
                            documents, failures, inputs)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (run) DO UPDATE SET depeche_version = excluded.depeche_version,
                            configuration = excluded.configuration, status = excluded.status,
                            started_at = excluded.started_at, updated_at = excluded.updated_at,
                            documents = excluded.documents, failures = excluded.failures, inputs = excluded.inputs
                        """,
                    arguments: [
                        state.run, state.depecheVersion, state.configuration, state.status.rawValue, state.startedAt,
                        state.updatedAt, state.documents, state.failures, state.inputs,
                    ]
                )
            }
        }
        store.setRun(state.run)
    }
}
