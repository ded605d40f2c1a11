import DepecheCore
import DepecheTestSupport
import Foundation
import GRDB
import Testing

@testable import DepecheStore

/// The code point offsets of the `occurrence`-th `needle` in `text`.
func span(_ needle: String, in text: String, occurrence: Int = 0) -> (start: Int, end: Int) {
    let haystack = Array(text.unicodeScalars)
    let pattern = Array(needle.unicodeScalars)
    var found = 0
    for start in 0...(haystack.count - pattern.count) where Array(haystack[start..<start + pattern.count]) == pattern {
        if found == occurrence { return (start, start + pattern.count) }
        found += 1
    }
    fatalError("'\(needle)' is not in the text")
}

func entity(
    _ mention: String,
    in text: String,
    _ type: Entity.Kind,
    canonical: String,
    occurrence: Int = 0
) -> Entity {
    let (start, end) = span(mention, in: text, occurrence: occurrence)
    return Entity(start: start, end: end, text: mention, type: type, canonical: canonical)
}

func document(
    _ id: String,
    title: String = "",
    published: String = "",
    text: String = "Un texte.",
    entities: (String) -> [Entity] = { _ in [] }
) -> Document {
    Document(
        id: id,
        source: Source(uri: "file:///corpus/\(id).txt", kind: "file"),
        text: text,
        metadata: Metadata(title: title, published: published, language: "fr"),
        entities: entities(text)
    )
}

func position(_ sequence: UInt64) -> RunPosition {
    RunPosition(sequence: sequence, input: 0, cursor: InputCursor([.line(number: Int(sequence) + 1, end: 0)]))
}

/// One value of a result row as text: NULL, integers and reals in SQLite's spelling.
func text(_ value: DatabaseValue) -> String {
    switch value.storage {
    case .null: "NULL"
    case .int64(let number): String(number)
    case .double(let number): String(number)
    case .string(let string): string
    case .blob(let data): "<\(data.count) bytes>"
    }
}

/// Runs `sql` on the store file through a connection of its own (so that only committed rows
/// are seen), every value as text.
func query(_ path: String, _ sql: String, _ arguments: StatementArguments = StatementArguments()) throws -> [[String]] {
    var configuration = Configuration()
    configuration.readonly = true
    let reader = try DatabaseQueue(path: path, configuration: configuration)
    return try reader.read { db in
        try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in row.databaseValues.map(text) }
    }
}

/// The first column of every row of `sql`.
func column(_ path: String, _ sql: String, _ arguments: StatementArguments = StatementArguments()) throws -> [String] {
    try query(path, sql, arguments).map { $0[0] }
}

/// Every row of the document tables (the ones that must not depend on commit points or resumes).
func documentRows(_ path: String) throws -> [[String]] {
    try query(path, "SELECT * FROM documents ORDER BY number")
        + query(path, "SELECT * FROM entities ORDER BY document_id, ordinal")
        + query(path, "SELECT * FROM timexes ORDER BY document_id, ordinal")
        + query(path, "SELECT * FROM annotations ORDER BY document_id, ordinal")
}

/// Runs `body` and returns the ``StageFailure`` it throws; throws (and records an issue) when it
/// throws none.
func failure(_ body: () throws -> Void) throws -> StageFailure {
    do {
        try body()
    } catch let failure as StageFailure {
        return failure
    }
    Issue.record("no failure was thrown")
    throw NoFailure()
}

/// The failure of opening a store at `path`.
func openingFailure(_ path: String) throws -> StageFailure {
    try failure { _ = try SQLiteStore(path: path) }
}

struct NoFailure: Error {}

/// The bytes of the file at `path`.
func bytes(_ path: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: path))
}
