public import DepecheCore
import Foundation
import GRDB
import Synchronization

/// A run's documents and failures in one SQLite file (`out/news.sqlite`): one row per document
/// in `documents`, its mentions in `entities`, `timexes` and `annotations`, a full-text index
/// (`documents_fts`), and the run's state (see ``StoreJournal``). docs/store.md describes the
/// schema.
///
/// As a ``DurableOutput``: the export stage hands each document over with ``write(_:at:)``, the
/// ``Checkpointer`` hands over failures with ``record(_:at:)``; both are kept in memory until the
/// next ``commit(through:)``, which writes every one at or before the frontier in one
/// transaction, in position order. A document is upserted by id (its old row and child rows are
/// replaced), so writing it again gives the same rows: a resumed run needs no truncation, and
/// when more than ``pendingLimit`` items wait (one position with many items) they are written
/// ahead of the commit, which keeps memory bounded.
///
/// Opening refuses a file that is not a Depeche store (another program's SQLite database, or not
/// SQLite at all) without changing a byte of it. Every error is a ``StageFailure`` whose message
/// names the path and says what to do.
public final class SQLiteStore: DurableOutput, DocumentCatalog {
    /// The store file's absolute path.
    public let path: String
    /// The connection (WAL mode, foreign keys on). Internal: tests read the rows through it.
    let database: DatabaseQueue
    private let pending = Mutex(Pending())
    /// Held for a whole commit, so that two commits write their batches in order.
    private let committing = Mutex(())

    /// What was received and not committed yet.
    private struct Pending {
        var items: [Item] = []
        /// The arrival number of the next item (orders items of one position).
        var arrivals = 0
        /// The run the failures belong to (set by the journal).
        var run: String?
        /// A failed commit (the store may miss rows) or a closed store: every later call throws it.
        var failure: StageFailure?
    }

    private struct Item {
        enum Content {
            case document(Document)
            case failure(FailureRecord, recordedAt: String)
        }

        var sequence: UInt64
        var arrival: Int
        var content: Content

        /// Position order; at one position, documents before failures (a document that a later
        /// stage failed keeps its row and gets a failure row), then arrival order.
        static func inWriteOrder(_ left: Item, _ right: Item) -> Bool {
            if left.sequence != right.sequence { return left.sequence < right.sequence }
            if left.rank != right.rank { return left.rank < right.rank }
            return left.arrival < right.arrival
        }

        private var rank: Int {
            switch content {
            case .document: 0
            case .failure: 1
            }
        }
    }

    /// Opens the store at `path` (relative paths are resolved against the working directory), or
    /// creates it with its missing parent folders.
    ///
    /// Throws `not-a-store` for a file that is not a Depeche store, `store-too-new` for a store
    /// written by a newer Depeche, `store-damaged` for a corrupt one, `write-failed` when the file
    /// cannot be created or opened.
    public init(path: String) throws(StageFailure) {
        let path = PathResolver.absolute(path, relativeTo: FileManager.default.currentDirectoryPath)
        self.path = path
        database = try StoreFile.open(path)
    }

    /// The journal that keeps the run's state in this store (the `run_state` and `runs` tables).
    public var journal: StoreJournal {
        StoreJournal(store: self)
    }

    /// Whether `path` names a store rather than a JSON Lines or CSV export: it ends in `.sqlite` or
    /// `.db` (any letter case), the extensions ``Pipeline/companionPath(forOutput:suffix:workingDirectory:)``
    /// removes.
    public static func isStorePath(_ path: String) -> Bool {
        let lowercased = path.lowercased()
        return lowercased.hasSuffix(".sqlite") || lowercased.hasSuffix(".db")
    }

    /// Keeps `document`, the output of the item at `position`, for the next commit. The raw
    /// bytes and provenance (which the store does not keep) are dropped at once.
    public func write(_ document: Document, at position: RunPosition) throws(StageFailure) {
        var kept = document
        kept.source.raw = []
        kept.provenance = []
        try receive(.document(kept), at: position)
    }

    /// Closes the connection: the WAL is folded into the file and its `-wal` and `-shm` companions
    /// are removed, so that the file alone holds the store (releasing the store does the same).
    /// What was not committed is dropped, and every later call but `close` throws. Calling it
    /// again does nothing.
    public func close() throws(StageFailure) {
        try committing.withLock { _ throws(StageFailure) in
            pending.withLock { pending in
                pending.items = []
                pending.failure =
                    pending.failure
                    ?? StageFailure(code: "write-failed", message: "\(path): written after the store was closed")
            }
            do {
                try database.close()
            } catch {
                throw StoreErrors.failure(error, path: path, doing: "cannot close the store")
            }
        }
    }

    /// How many documents and failures wait for the next commit.
    var pendingCount: Int {
        pending.withLock { $0.items.count }
    }

    /// The documents that wait for the next commit, as kept.
    var pendingDocuments: [Document] {
        pending.withLock { pending in
            pending.items.compactMap { item in
                if case .document(let document) = item.content { document } else { nil }
            }
        }
    }

    /// The run recorded in the failure rows from now on (the journal sets it when it saves).
    func setRun(_ run: String) {
        pending.withLock { $0.run = run }
    }

    // MARK: DocumentCatalog

    /// Every document of the store, in the order they were first written (their `number`).
    public func forEachDocument(_ body: (CatalogEntry) throws -> Void) throws(StageFailure) {
        do {
            try database.read { db in
                let rows = try Row.fetchCursor(
                    db,
                    sql: "SELECT id, source_uri, canonical_url, fingerprint, words FROM documents ORDER BY number"
                )
                while let row = try rows.next() {
                    try body(
                        CatalogEntry(
                            id: row["id"],
                            sourceURI: row["source_uri"],
                            canonicalURL: row["canonical_url"] ?? "",
                            fingerprint: row["fingerprint"] ?? "",
                            words: row["words"]
                        )
                    )
                }
            }
        } catch let error as StageFailure {
            throw error
        } catch {
            throw StoreErrors.failure(error, path: path, doing: "cannot read the store's documents")
        }
    }

    // MARK: DurableOutput

    /// Nothing to prepare: uncommitted rows never reached the file. Any token is accepted.
    public func begin(resumingFrom committed: String?) throws(StageFailure) {
        try pending.withLock { pending throws(StageFailure) in
            if let failure = pending.failure { throw failure }
        }
    }

    public func record(_ failure: FailureRecord, at position: RunPosition) throws(StageFailure) {
        try receive(.failure(failure, recordedAt: RunState.timestamp(.now)), at: position)
    }

    /// Writes every document and failure received for positions up to `frontier` in one
    /// transaction, and keeps the others. Returns `"sqlite"`: the store needs nothing to resume.
    public func commit(through frontier: UInt64) throws(StageFailure) -> String {
        try committing.withLock { _ throws(StageFailure) in
            let (batch, run) = try pending.withLock { pending throws(StageFailure) in
                if let failure = pending.failure { throw failure }
                let batch = pending.items.filter { $0.sequence <= frontier }
                pending.items.removeAll { $0.sequence <= frontier }
                return (batch.sorted(by: Item.inWriteOrder), pending.run)
            }
            try write(batch, run: run)
            return "sqlite"
        }
    }

    /// The rows are already committed: refreshes SQLite's statistics for the query planner.
    /// Calling it again does the same.
    public func publish() throws(StageFailure) {
        try committing.withLock { _ throws(StageFailure) in
            if let failure = pending.withLock({ $0.failure }) { throw failure }
            do {
                try database.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA optimize")
                }
            } catch {
                throw StoreErrors.failure(error, path: path, doing: "cannot optimize the store")
            }
        }
    }

    /// Items kept at most before they are written ahead of a commit.
    static let pendingLimit = 2_000

    private func receive(_ content: Item.Content, at position: RunPosition) throws(StageFailure) {
        let full = try pending.withLock { pending throws(StageFailure) in
            if let failure = pending.failure { throw failure }
            pending.items.append(Item(sequence: position.sequence, arrival: pending.arrivals, content: content))
            pending.arrivals += 1
            return pending.items.count >= Self.pendingLimit
        }
        // A position that holds many items (a feed read by a first stage that places none) is
        // committed only when it is complete: its rows are written ahead, which upserts make
        // harmless (a resumed run writes them again, to the same rows), so memory stays bounded.
        if full { try writeAhead() }
    }

    private func writeAhead() throws(StageFailure) {
        try committing.withLock { _ throws(StageFailure) in
            let (batch, run) = pending.withLock { pending in
                defer { pending.items.removeAll() }
                return (pending.items.sorted(by: Item.inWriteOrder), pending.run)
            }
            try write(batch, run: run)
        }
    }

    private func write(_ batch: [Item], run: String?) throws(StageFailure) {
        guard !batch.isEmpty else { return }
        do {
            try database.write { db in
                let writer = StoreWriter(db)
                for item in batch {
                    switch item.content {
                    case .document(let document):
                        try writer.upsert(document)
                    case .failure(let failure, let recordedAt):
                        try writer.upsert(failure, run: run, recordedAt: recordedAt)
                    }
                }
            }
        } catch {
            let failure = StoreErrors.failure(error, path: path, doing: "cannot write the store")
            pending.withLock { $0.failure = failure }
            throw failure
        }
    }
}
