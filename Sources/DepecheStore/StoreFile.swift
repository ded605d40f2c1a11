import DepecheCore
import Foundation
import GRDB

/// Opening a store file: the checks that keep Depeche away from files it did not create, then the
/// connection's setup and the schema's migrations.
///
/// A file is taken as a store when it is missing or empty, or when it is a SQLite database whose
/// `PRAGMA application_id` is ``applicationID``. A SQLite database with that id and no table is
/// one whose creation was interrupted. Anything else is refused before a byte of it is written:
/// the checks only read, and the journal mode (which rewrites the header) is set after them.
enum StoreFile {
    /// `PRAGMA application_id` of every Depeche store: the ASCII of "DPCH".
    static let applicationID: Int32 = 0x4450_4348

    /// The first 16 bytes of every SQLite 3 database file.
    private static let sqliteHeader = Array("SQLite format 3\0".utf8)

    /// Opens or creates the store at `path` (absolute), ready to write: WAL mode, foreign keys on,
    /// schema migrated.
    static func open(_ path: String) throws(StageFailure) -> DatabaseQueue {
        try createFolder(for: path)
        try checkHeader(path)
        var configuration = Configuration()
        configuration.label = "depeche-store"
        configuration.foreignKeysEnabled = true
        // Another program reading the store (sqlite3, say) holds the lock for a moment.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // The run's state is saved after the outputs' commit in the same WAL, and writes are
            // idempotent: a power cut loses at most the last commits, which the next run redoes.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let database = try StoreErrors.perform(path, "cannot open the store") {
            try DatabaseQueue(path: path, configuration: configuration)
        }
        try StoreErrors.perform(path, "cannot read the store") {
            try claim(database, path)
        }
        try StoreErrors.perform(path, "cannot set up the store") {
            try database.writeWithoutTransaction { db in
                // Returns the mode in force: `delete` on file systems without shared memory,
                // where the store still works, one writer at a time.
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            }
            try StoreSchema.migrator.migrate(database)
        }
        try checkColumns(database, path)
        return database
    }

    /// The columns of every table of this version's schema, read from a database migrated in memory.
    private static let expectedColumns: [String: [String]] = {
        // The schema is the program's own: a failure here is a programming error.
        let memory = try! DatabaseQueue()
        try! StoreSchema.migrator.migrate(memory)
        return try! memory.read(columns)
    }()

    private static func columns(_ db: Database) throws -> [String: [String]] {
        let tables = try String.fetchAll(
            db,
            sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                + "AND name NOT LIKE 'documents_fts%' AND name != 'grdb_migrations'"
        )
        var columns: [String: [String]] = [:]
        for table in tables {
            columns[table] = try db.columns(in: table).map(\.name)
        }
        return columns
    }

    /// Refuses a store whose tables differ from this version's (one written by a development build
    /// under the same schema version), before anything is written to it.
    private static func checkColumns(_ database: DatabaseQueue, _ path: String) throws(StageFailure) {
        let found = try StoreErrors.perform(path, "cannot read the store") { try database.read(columns) }
        var differences: [String] = []
        for (table, expected) in expectedColumns.sorted(by: { $0.key < $1.key }) {
            let missing = expected.filter { !(found[table] ?? []).contains($0) }
            if found[table] == nil {
                differences.append("no table \(table)")
            } else if !missing.isEmpty {
                differences.append("\(table) lacks \(missing.joined(separator: ", "))")
            }
        }
        guard differences.isEmpty else {
            throw StageFailure(
                code: "store-incompatible",
                message:
                    "\(path): this store's tables differ from this version's (\(differences.joined(separator: "; "))); "
                    + "it was written by another build of Depeche. Move it away or choose another output path "
                    + "(Depeche does not change it)"
            )
        }
    }

    /// Checks that the database is a Depeche store or empty, and marks an empty one as a store.
    private static func claim(_ database: DatabaseQueue, _ path: String) throws {
        try database.inDatabase { db in
            let identifier = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            let objects = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") ?? 0
            switch identifier {
            case applicationID:
                let unknown = try StoreSchema.migrator.appliedIdentifiers(db)
                    .subtracting(StoreSchema.migrator.migrations)
                guard unknown.isEmpty else {
                    throw StageFailure(
                        code: "store-too-new",
                        message: "\(path): this store was written by a newer Depeche (its schema has "
                            + "\(unknown.sorted().joined(separator: ", ")), which this version does not know); "
                            + "use that version, or choose another output path"
                    )
                }
            case 0 where objects == 0:
                // A new (or empty) database: claim it before anything else is written.
                try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            default:
                let what =
                    objects == 0
                    ? "it is marked as another program's (application id \(identifier))"
                    : "it holds \(objects) tables or indexes of another program"
                throw StageFailure(
                    code: "not-a-store",
                    message: "\(path): this SQLite database was not created by Depeche (\(what)); choose another "
                        + "output path (Depeche never modifies a database it did not create)"
                )
            }
        }
    }

    /// Refuses a folder, and a file that is neither empty nor SQLite, without opening it with SQLite.
    private static func checkHeader(_ path: String) throws(StageFailure) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return }
        if isFolder.boolValue {
            throw StageFailure(
                code: "not-a-store",
                message: "\(path): this is a folder, not a store; give the path of a file (out/news.sqlite)"
            )
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StageFailure(
                code: "write-failed",
                message: "\(path): cannot read the file; check its permissions, or choose another output path"
            )
        }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: sqliteHeader.count)) ?? Data()
        guard !start.isEmpty else { return }
        guard Array(start) == sqliteHeader else {
            throw StageFailure(
                code: "not-a-store",
                message: "\(path): this file is not a SQLite database (another kind of file has this name); choose "
                    + "another output path (Depeche never modifies a file it did not create)"
            )
        }
    }

    private static func createFolder(for path: String) throws(StageFailure) {
        let folder = (path as NSString).deletingLastPathComponent
        guard !folder.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw StageFailure(
                code: "write-failed",
                message: "\(path): cannot create the folder \(folder): \(FileErrorText.describe(error)); check the "
                    + "output path and that the folder is writable"
            )
        }
    }
}
