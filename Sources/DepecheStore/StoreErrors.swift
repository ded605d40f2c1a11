import DepecheCore
import GRDB

/// SQLite errors in words a user can act on: the one place where a `DatabaseError` becomes a
/// ``StageFailure`` (its SQL and arguments, which may hold article text, are never shown).
///
/// Codes: `not-a-store` (not a Depeche store), `store-damaged` (corrupt), `store-busy` (another
/// program holds the lock), `write-failed` (everything else: disk full, read-only, cannot open).
enum StoreErrors {
    /// Runs `body`, turning what it throws into a ``StageFailure``: a ``StageFailure`` goes through,
    /// anything else is described by ``failure(_:path:doing:)``.
    static func perform<Value>(
        _ path: String,
        _ action: String,
        _ body: () throws -> Value
    ) throws(StageFailure) -> Value {
        do {
            return try body()
        } catch let failure as StageFailure {
            throw failure
        } catch {
            throw Self.failure(error, path: path, doing: action)
        }
    }

    /// `error` as a failure whose message starts with `path: action:`.
    static func failure(_ error: any Error, path: String, doing action: String) -> StageFailure {
        if let failure = error as? StageFailure { return failure }
        guard let error = error as? DatabaseError else {
            return StageFailure(
                code: "write-failed",
                message:
                    "\(path): \(action): \(FileErrorText.describe(error)); check that the folder is writable and the disk has space"
            )
        }
        let (code, reason) = describe(error)
        return StageFailure(code: code, message: "\(path): \(action): \(reason)")
    }

    /// The failure code and the reason with what to do, for one SQLite error.
    private static func describe(_ error: DatabaseError) -> (code: String, reason: String) {
        switch error.resultCode {
        case .SQLITE_FULL:
            return (
                "write-failed",
                "the disk is full; free some space (or choose an output on another disk) and run again"
            )
        case .SQLITE_READONLY:
            return (
                "write-failed",
                "the file or its folder is read-only; check that the folder is writable (the store also writes "
                    + "-wal and -shm files beside it), or choose another output path"
            )
        case .SQLITE_CANTOPEN:
            return (
                "write-failed",
                "the file cannot be opened; check that the path names a file and that the folder exists and is "
                    + "writable"
            )
        case .SQLITE_PERM, .SQLITE_AUTH:
            return ("write-failed", "permission denied; check the permissions of the file and its folder")
        case .SQLITE_CORRUPT:
            return (
                "store-damaged",
                "the database file is damaged; choose another output path, or delete it to start a new store "
                    + "(sqlite3's .recover command may save its rows)"
            )
        case .SQLITE_NOTADB:
            return (
                "not-a-store",
                "this file is not a SQLite database; choose another output path (Depeche never modifies a file "
                    + "it did not create)"
            )
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return (
                "store-busy",
                "another program is writing to the store (another depeche run?); wait for it to finish, or choose "
                    + "another output path"
            )
        case .SQLITE_CONSTRAINT:
            return (
                "write-failed",
                "a row breaks the store's schema (\(error.message ?? "constraint failed")); this is a bug in "
                    + "Depeche: please report it"
            )
        case .SQLITE_ERROR:
            return (
                "store-incompatible",
                "SQLite refused a statement (\(error.message ?? "SQL error")); the store may come from another "
                    + "version of Depeche: choose another output path, or report it if this version created it"
            )
        case .SQLITE_IOERR:
            return (
                "write-failed",
                "input/output error (\(error.message ?? "disk I/O error")); check the disk, that the folder is "
                    + "writable and that the disk has space"
            )
        default:
            return (
                "write-failed",
                "SQLite error \(error.extendedResultCode.rawValue) (\(error.message ?? "no message")); check that "
                    + "the folder is writable and the disk has space"
            )
        }
    }
}
