import DepecheCore
import GRDB

/// Writes documents and failures as rows, inside the transaction of one commit.
struct StoreWriter {
    private let db: Database

    init(_ db: Database) {
        self.db = db
    }

    /// Inserts `document`, or replaces the row of the same id (keeping its `number`, so the
    /// full-text index follows) and all its child rows; deletes its failure row.
    func upsert(_ document: Document) throws {
        let row = document.storeRow
        let columns = row.map(\.column)
        let updates = columns.dropFirst().map { "\($0) = excluded.\($0)" }
        let sql =
            "INSERT INTO documents (\(columns.joined(separator: ", "))) "
            + "VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", "))) "
            + "ON CONFLICT (id) DO UPDATE SET \(updates.joined(separator: ", "))"
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(row.map(\.value)))

        let id = document.id
        for table in ["entities", "timexes", "annotations"] {
            try db.cachedStatement(sql: "DELETE FROM \(table) WHERE document_id = ?").execute(arguments: [id])
        }
        let entity = try db.cachedStatement(
            sql: "INSERT INTO entities (document_id, ordinal, start, end, text, type, label, canonical, entity_id, "
                + "confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        for (ordinal, mention) in document.entities.enumerated() {
            try entity.execute(arguments: [
                id, ordinal, mention.start, mention.end, mention.text, mention.type?.rawValue, mention.label.orNull,
                mention.canonical, mention.entityID.orNull, mention.storedConfidence,
            ])
        }
        let timex = try db.cachedStatement(
            sql: "INSERT INTO timexes (document_id, ordinal, start, end, text, type, value, mod) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        )
        for (ordinal, expression) in document.timexes.enumerated() {
            try timex.execute(arguments: [
                id, ordinal, expression.start, expression.end, expression.text, expression.type?.rawValue,
                expression.value, expression.mod.orNull,
            ])
        }
        let annotation = try db.cachedStatement(
            sql: "INSERT INTO annotations (document_id, ordinal, label, start, end, stage, key_values) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)"
        )
        for (ordinal, span) in document.annotations.enumerated() {
            try annotation.execute(arguments: [
                id, ordinal, span.label, span.start, span.end, span.stage, StoreJSON.object(span.values),
            ])
        }
        try db.cachedStatement(sql: "DELETE FROM failures WHERE id = ?").execute(arguments: [id])
    }

    /// Inserts `failure`, or replaces the failure row of the same id.
    func upsert(_ failure: FailureRecord, run: String?, recordedAt: String) throws {
        var (at, after): (String?, String?) = (nil, nil)
        switch failure.retry {
        case .source: break
        case .item(let cursor): at = Self.cursorJSON(cursor)
        case .input(let cursor): after = Self.cursorJSON(cursor)
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO failures (id, source, stage, code, message, input, at, after, run, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET source = excluded.source, stage = excluded.stage,
                    code = excluded.code, message = excluded.message, input = excluded.input,
                    at = excluded.at, after = excluded.after, run = excluded.run,
                    recorded_at = excluded.recorded_at
                """
        ).execute(arguments: [
            failure.id, failure.source, failure.stage, failure.code, failure.message,
            failure.input.isEmpty ? nil : failure.input, at, after, run, recordedAt,
        ])
    }

    /// A cursor as the failures file writes it: `[["line",12,4096]]`.
    static func cursorJSON(_ cursor: InputCursor) -> String {
        var writer = JSONLineWriter(reservingCapacity: 64)
        cursor.write(to: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}

extension Document {
    /// The `documents` row: every column but `number`, `id` first. No timestamp, no run: the same
    /// document always gives the same row.
    fileprivate var storeRow: [(column: String, value: (any DatabaseValueConvertible)?)] {
        [
            ("id", id),
            ("source_uri", source.uri),
            ("source_kind", source.kind),
            ("content_type", source.contentType.orNull),
            ("charset", source.charset.orNull),
            ("title", metadata.title.orNull),
            ("title_origin", metadata.titleOrigin.orNull),
            ("authors", StoreJSON.array(metadata.authors)),
            ("authors_origin", metadata.authorsOrigin.orNull),
            ("published", metadata.published.orNull),
            ("published_origin", metadata.publishedOrigin.orNull),
            ("modified", metadata.modified.orNull),
            ("modified_origin", metadata.modifiedOrigin.orNull),
            ("language", metadata.language.orNull),
            ("language_origin", metadata.languageOrigin.orNull),
            ("site_name", metadata.siteName.orNull),
            ("site_name_origin", metadata.siteNameOrigin.orNull),
            ("canonical_url", metadata.canonicalURL.orNull),
            ("canonical_url_origin", metadata.canonicalURLOrigin.orNull),
            ("paywalled", metadata.paywalled),
            ("fingerprint", metadata.fingerprint.orNull),
            ("duplicate_of", metadata.duplicateOf.orNull),
            ("text", text),
            ("words", text.split(whereSeparator: \.isWhitespace).count),
            ("attributes", StoreJSON.object(attributes)),
            ("diagnostics", StoreJSON.diagnostics(diagnostics)),
        ]
    }
}

extension Entity {
    /// The confidence as the decimal the `Float` prints (`0.9`, not `0.899999976`); NULL when the
    /// stage gave none (0) or it is not finite.
    fileprivate var storedConfidence: Double? {
        guard confidence != 0, confidence.isFinite else { return nil }
        return Double(confidence.description)
    }
}

extension String {
    /// NULL for the empty string ("unknown" or "none" in the document model).
    fileprivate var orNull: String? {
        isEmpty ? nil : self
    }
}

/// The JSON columns, written like the JSONL export writes the same values.
enum StoreJSON {
    static func array(_ values: [String]) -> String {
        var json = JSONLineWriter(reservingCapacity: 64)
        json.array { json in
            for value in values { json.string(value) }
        }
        return String(decoding: json.bytes, as: UTF8.self)
    }

    /// An object with keys sorted byte-wise.
    static func object(_ values: [String: String]) -> String {
        var json = JSONLineWriter(reservingCapacity: 64)
        json.object { json in
            for key in values.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                json.field(key, values[key]!)
            }
        }
        return String(decoding: json.bytes, as: UTF8.self)
    }

    /// `[{"stage","code","severity","message"}]`, as in the export.
    static func diagnostics(_ diagnostics: [Diagnostic]) -> String {
        var json = JSONLineWriter(reservingCapacity: 64)
        json.diagnostics(diagnostics)
        return String(decoding: json.bytes, as: UTF8.self)
    }
}
