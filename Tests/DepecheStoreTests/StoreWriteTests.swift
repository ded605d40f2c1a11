import DepecheCore
import DepecheTestSupport
import Foundation
import GRDB
import Testing

@testable import DepecheStore

@Suite struct StoreWriteTests {
    /// A document with every field set.
    static func fullDocument() -> Document {
        let text = "Emmanuel Macron a reçu jeudi 4 septembre à l'Élysée. « Rien n'est joué », a-t-il dit."
        let macron = span("Emmanuel Macron", in: text)
        let elysee = span("Élysée", in: text)
        let jeudi = span("jeudi 4 septembre", in: text)
        let quote = span("« Rien n'est joué »", in: text)
        return Document(
            id: "sommet-2025",
            source: Source(
                uri: "https://example.org/sommet.html",
                kind: "http",
                fetchedAtMilliseconds: 1_757_000_000_000,
                contentType: "text/html",
                charset: "utf-8",
                raw: Array("<html>…</html>".utf8)
            ),
            text: text,
            metadata: Metadata(
                title: "Sommet à l'Élysée",
                authors: ["Anne Dupont", "Luc \"Le Chef\" Martin"],
                published: "2025-09-04T10:00:00+02:00",
                publishedOrigin: "json-ld",
                language: "fr",
                siteName: "Exemple",
                canonicalURL: "https://example.org/sommet",
                modified: "2025-09-05",
                titleOrigin: "html-meta",
                authorsOrigin: "json-ld",
                modifiedOrigin: "json-ld",
                languageOrigin: "html-lang",
                siteNameOrigin: "html-meta",
                canonicalURLOrigin: "html-link",
                paywalled: true,
                fingerprint: "0123456789abcdef",
                duplicateOf: "sommet-2024"
            ),
            entities: [
                Entity(
                    start: macron.start,
                    end: macron.end,
                    text: "Emmanuel Macron",
                    type: .person,
                    label: "politician",
                    canonical: "Emmanuel Macron",
                    entityID: "Q3052772",
                    confidence: 0.9
                ),
                Entity(start: elysee.start, end: elysee.end, text: "Élysée", type: .location, canonical: "Élysée"),
            ],
            timexes: [
                Timex(start: jeudi.start, end: jeudi.end, text: "jeudi 4 septembre", type: .date, value: "2025-09-04"),
                Timex(start: 0, end: 0, text: "", type: nil, value: "PRESENT_REF", mod: "APPROX"),
            ],
            annotations: [
                Annotation(
                    label: "quote",
                    start: quote.start,
                    end: quote.end,
                    values: ["speaker": "Emmanuel Macron", "kind": "direct"],
                    stage: "quotes"
                )
            ],
            attributes: ["fetch.requested_url": "https://example.org/s", "a": "1"],
            diagnostics: [Diagnostic(stage: "normalize", code: "invalid-utf8", severity: .warning, message: "fixed")],
            provenance: [Provenance(stage: "fetch", version: "1", atMilliseconds: 1_757_000_000_000)]
        )
    }

    @Test func createsTheSchemaInANewFileAndItsFolders() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("out/deeper/news.sqlite")
        let store = try SQLiteStore(path: path)
        #expect(store.path == path)
        let tables = try column(path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        for table in [
            "annotations", "documents", "documents_fts", "entities", "failures", "run_state", "runs", "timexes",
        ] {
            #expect(tables.contains(table), "no table \(table)")
        }
        #expect(try column(path, "PRAGMA application_id") == [String(StoreFile.applicationID)])
        #expect(try column(path, "PRAGMA journal_mode") == ["wal"])
        #expect(try column(path, "SELECT identifier FROM grdb_migrations") == ["v1"])
        let foreignKeys = try store.database.read { try Int.fetchOne($0, sql: "PRAGMA foreign_keys") }
        #expect(foreignKeys == 1)
        // Opening it again finds the store and changes nothing.
        _ = try SQLiteStore(path: path)
        #expect(try column(path, "SELECT identifier FROM grdb_migrations") == ["v1"])
    }

    @Test func writesADocumentWithEveryFieldAndItsChildRows() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("news.sqlite")
        let store = try SQLiteStore(path: path)
        try store.write(Self.fullDocument(), at: position(0))
        _ = try store.commit(through: 0)

        let row = try #require(
            try query(
                path,
                """
                SELECT number, id, source_uri, source_kind, content_type, charset, title, title_origin, authors,
                    authors_origin, published, published_origin, modified, modified_origin, language,
                    language_origin, site_name, site_name_origin, canonical_url, canonical_url_origin, paywalled,
                    fingerprint, duplicate_of, text, attributes, diagnostics
                FROM documents
                """
            ).first
        )
        #expect(
            row == [
                "1", "sommet-2025", "https://example.org/sommet.html", "http", "text/html", "utf-8",
                "Sommet à l'Élysée", "html-meta", #"["Anne Dupont","Luc \"Le Chef\" Martin"]"#, "json-ld",
                "2025-09-04T10:00:00+02:00", "json-ld", "2025-09-05", "json-ld", "fr", "html-lang", "Exemple",
                "html-meta", "https://example.org/sommet", "html-link", "1", "0123456789abcdef", "sommet-2024",
                Self.fullDocument().text, #"{"a":"1","fetch.requested_url":"https://example.org/s"}"#,
                #"[{"stage":"normalize","code":"invalid-utf8","severity":"warning","message":"fixed"}]"#,
            ]
        )
        #expect(
            try query(path, "SELECT * FROM entities ORDER BY ordinal") == [
                [
                    "sommet-2025", "0", "0", "15", "Emmanuel Macron", "PER", "politician", "Emmanuel Macron",
                    "Q3052772", "0.9",
                ],
                ["sommet-2025", "1", "45", "51", "Élysée", "LOC", "NULL", "Élysée", "NULL", "NULL"],
            ]
        )
        #expect(
            try query(path, "SELECT * FROM timexes ORDER BY ordinal") == [
                ["sommet-2025", "0", "23", "40", "jeudi 4 septembre", "DATE", "2025-09-04", "NULL"],
                ["sommet-2025", "1", "0", "0", "", "NULL", "PRESENT_REF", "APPROX"],
            ]
        )
        #expect(
            try query(path, "SELECT * FROM annotations") == [
                ["sommet-2025", "0", "quote", "53", "72", "quotes", #"{"kind":"direct","speaker":"Emmanuel Macron"}"#]
            ]
        )
        // The offsets are code points into the text, as in the export.
        let text = Array(Self.fullDocument().text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(text[45..<51])) == "Élysée")
    }

    @Test func emptyMetadataIsNullAndEmptyListsAreEmptyJSON() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("news.sqlite")
        let store = try SQLiteStore(path: path)
        try store.write(Document(id: "bare", source: Source(uri: "/corpus/bare.txt", kind: "file")), at: position(0))
        _ = try store.commit(through: 0)
        #expect(
            try query(
                path,
                "SELECT title, published, language, paywalled, authors, attributes, diagnostics, text FROM documents"
            )
                == [["NULL", "NULL", "NULL", "0", "[]", "{}", "[]", ""]]
        )
    }

    @Test func anUpsertReplacesTheRowAndItsChildRows() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("news.sqlite")
        let store = try SQLiteStore(path: path)
        var first = Self.fullDocument()
        first.metadata.title = "Ancien titre"
        try store.write(first, at: position(0))
        try store.write(document("other", text: "Rien."), at: position(1))
        _ = try store.commit(through: 1)
        #expect(try column(path, "SELECT COUNT(*) FROM entities WHERE document_id = 'sommet-2025'") == ["2"])

        var second = Self.fullDocument()
        second.metadata.title = "Nouveau titre"
        second.entities = [Entity(start: 0, end: 8, text: "Emmanuel", type: .person, canonical: "Emmanuel Macron")]
        second.timexes = []
        second.annotations = []
        try store.write(second, at: position(2))
        _ = try store.commit(through: 2)

        // The row keeps its number (the full-text index's rowid).
        #expect(
            try query(path, "SELECT number, id, title FROM documents ORDER BY number") == [
                ["1", "sommet-2025", "Nouveau titre"], ["2", "other", "NULL"],
            ]
        )
        #expect(
            try query(path, "SELECT document_id, ordinal, text FROM entities WHERE document_id = 'sommet-2025'") == [
                ["sommet-2025", "0", "Emmanuel"]
            ]
        )
        #expect(try column(path, "SELECT COUNT(*) FROM timexes") == ["0"])
        #expect(try column(path, "SELECT COUNT(*) FROM annotations") == ["0"])
        // The full-text index follows the new title, and forgets the old one.
        #expect(try column(path, "SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'nouveau'") == ["1"])
        #expect(try column(path, "SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'ancien'") == [])
        // Deleting a document deletes its mentions (foreign keys on, ON DELETE CASCADE).
        try store.database.write { try $0.execute(sql: "DELETE FROM documents WHERE id = 'sommet-2025'") }
        #expect(try column(path, "SELECT COUNT(*) FROM entities") == ["0"])
    }

    @Test func aCommitWritesOnlyWhatIsAtOrBeforeTheFrontier() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("news.sqlite")
        let store = try SQLiteStore(path: path)
        try store.write(document("a"), at: position(0))
        try store.write(document("b"), at: position(1))
        try store.record(
            FailureRecord(id: "c", source: "/c", stage: "fetch", code: "not-found", message: "m"),
            at: position(2)
        )
        try store.write(document("d"), at: position(3))
        #expect(store.pendingCount == 4)

        #expect(try store.commit(through: 1) == "sqlite")
        #expect(try column(path, "SELECT id FROM documents ORDER BY id") == ["a", "b"])
        #expect(try column(path, "SELECT COUNT(*) FROM failures") == ["0"])
        #expect(store.pendingCount == 2)

        _ = try store.commit(through: 1)
        #expect(try column(path, "SELECT id FROM documents ORDER BY id") == ["a", "b"])

        _ = try store.commit(through: 3)
        #expect(try column(path, "SELECT id FROM documents ORDER BY id") == ["a", "b", "d"])
        #expect(try column(path, "SELECT id FROM failures") == ["c"])
        #expect(store.pendingCount == 0)
    }

    @Test func documentsAreCopiedWithoutTheirRawBytes() throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteStore(path: folder.path("news.sqlite"))
        try store.write(Self.fullDocument(), at: position(0))
        #expect(store.pendingDocuments.map(\.source.raw) == [[]])
        #expect(store.pendingDocuments.map(\.provenance) == [[]])
    }

    @Test func theRowsDoNotDependOnCommitPointsOrArrivalOrder() throws {
        let folder = try TemporaryFolder()
        // Items as the export and the checkpointer hand them over: a failure of an earlier position
        // can arrive after a later document (the export stage is not the last one).
        let items: [(UInt64, Document?, FailureRecord?)] = [
            (
                0,
                document(
                    "a",
                    title: "A",
                    text: "Paris est là.",
                    entities: { [entity("Paris", in: $0, .location, canonical: "Paris")] }
                ), nil
            ),
            (2, document("c", title: "C"), nil),
            (1, nil, FailureRecord(id: "b", source: "/b", stage: "normalize", code: "empty", message: "m")),
            (
                3,
                document(
                    "d",
                    text: "Lyon, Lyon.",
                    entities: {
                        [
                            entity("Lyon", in: $0, .location, canonical: "Lyon"),
                            entity("Lyon", in: $0, .location, canonical: "Lyon", occurrence: 1),
                        ]
                    }
                ), nil
            ),
            (3, document("e"), nil),
            (4, document("a", title: "A again"), nil),
        ]
        func run(_ path: String, committingAfter commits: Set<Int>) throws -> [[String]] {
            let store = try SQLiteStore(path: path)
            for (index, (sequence, document, failure)) in items.enumerated() {
                if let document { try store.write(document, at: position(sequence)) }
                if let failure { try store.record(failure, at: position(sequence)) }
                // A commit goes through the last position all of whose items arrived.
                if commits.contains(index), sequence > 0 { _ = try store.commit(through: sequence - 1) }
            }
            _ = try store.commit(through: .max)
            return try documentRows(path) + query(path, "SELECT id, source, stage, code FROM failures")
        }
        let once = try run(folder.path("once.sqlite"), committingAfter: [])
        #expect(once.count > 6)
        #expect(try run(folder.path("every.sqlite"), committingAfter: Set(items.indices)) == once)
        #expect(try run(folder.path("some.sqlite"), committingAfter: [1, 4]) == once)
    }

    @Test func aResumedRunGivesTheRowsOfAnUninterruptedOne() throws {
        let folder = try TemporaryFolder()
        let documents = (0..<6).map { index in
            document("d\(index)", title: "Titre \(index)", text: "Marseille \(index).") {
                [entity("Marseille", in: $0, .location, canonical: "Marseille")]
            }
        }
        let whole = folder.path("whole.sqlite")
        do {
            let store = try SQLiteStore(path: whole)
            for (index, document) in documents.enumerated() { try store.write(document, at: position(UInt64(index))) }
            _ = try store.commit(through: .max)
        }
        let resumed = folder.path("resumed.sqlite")
        do {
            // The first process commits through position 1, then through 3, and is killed with 4
            // and 5 in memory before its state records the second commit.
            let store = try SQLiteStore(path: resumed)
            for (index, document) in documents.enumerated() { try store.write(document, at: position(UInt64(index))) }
            _ = try store.commit(through: 1)
            _ = try store.commit(through: 3)
        }
        do {
            // The next one resumes after position 1, numbers its positions from 0 again, and
            // writes 2 and 3 a second time.
            let store = try SQLiteStore(path: resumed)
            try store.begin(resumingFrom: "sqlite")
            for (index, document) in documents[2...].enumerated() {
                try store.write(document, at: position(UInt64(index)))
            }
            _ = try store.commit(through: .max)
            try store.publish()
            try store.publish()
        }
        #expect(try column(resumed, "SELECT COUNT(*) FROM documents") == ["6"])
        #expect(try documentRows(resumed) == documentRows(whole))
    }

    @Test func aSuccessRemovesTheFailureOfTheSameIdAndALaterFailureReplacesIt() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("news.sqlite")
        do {
            let store = try SQLiteStore(path: path)
            try store.record(
                FailureRecord(
                    id: "x",
                    source: "file:///dump.jsonl#L12",
                    stage: "fetch",
                    code: "unreadable",
                    message: "first"
                ),
                at: position(0)
            )
            try store.record(
                FailureRecord(id: "y", source: "/y", stage: "fetch", code: "not-found", message: "m"),
                at: position(1)
            )
            _ = try store.commit(through: 1)
            #expect(
                try query(path, "SELECT id, source, code, message FROM failures ORDER BY id") == [
                    ["x", "file:///dump.jsonl#L12", "unreadable", "first"], ["y", "/y", "not-found", "m"],
                ]
            )
        }
        let store = try SQLiteStore(path: path)
        try store.record(
            FailureRecord(id: "y", source: "/y", stage: "normalize", code: "empty", message: "second"),
            at: position(0)
        )
        try store.write(document("x"), at: position(1))
        _ = try store.commit(through: 1)
        #expect(
            try query(path, "SELECT id, stage, code, message FROM failures") == [["y", "normalize", "empty", "second"]]
        )
        #expect(try column(path, "SELECT id FROM documents") == ["x"])
    }

    @Test func aDocumentFailedAfterTheExportKeepsItsRowAndGetsAFailure() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("news.sqlite")
        let store = try SQLiteStore(path: path)
        // The failure (from a stage after export) may arrive before or after the write.
        try store.record(
            FailureRecord(id: "z", source: "/z", stage: "quotes", code: "stage-crashed", message: "m"),
            at: position(0)
        )
        try store.write(document("z"), at: position(0))
        _ = try store.commit(through: 0)
        #expect(try column(path, "SELECT id FROM documents") == ["z"])
        #expect(try column(path, "SELECT id FROM failures") == ["z"])
    }

    @Test func fullTextSearchFoldsAccentsAndCase() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("news.sqlite")
        let store = try SQLiteStore(path: path)
        try store.write(document("a", title: "Réunion à l'Élysée", text: "Le président a parlé."), at: position(0))
        try store.write(
            document("b", title: "Budget", text: "Rien sur le palais de l'ÉLYSÉE ici ? Si."),
            at: position(1)
        )
        try store.write(document("c", title: "Sport", text: "Le match à Marseille avec Nguyễn."), at: position(2))
        _ = try store.commit(through: 2)
        let sql = """
            SELECT d.id FROM documents_fts JOIN documents AS d ON d.number = documents_fts.rowid
            WHERE documents_fts MATCH ? ORDER BY d.id
            """
        #expect(try column(path, sql, ["elysee"]) == ["a", "b"])
        #expect(try column(path, sql, ["ELYSEE"]) == ["a", "b"])
        #expect(try column(path, sql, ["title:elysee"]) == ["a"])
        #expect(try column(path, sql, ["reunion"]) == ["a"])
        #expect(try column(path, sql, ["marseille"]) == ["c"])
        #expect(try column(path, sql, ["lyon"]) == [])
        // Letters with two diacritics fold too (`remove_diacritics 2`; 1 would keep "ễ").
        #expect(try column(path, sql, ["nguyen"]) == ["c"])
    }

    @Test func closingFoldsTheLogIntoTheFile() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("news.sqlite")
        let store = try SQLiteStore(path: path)
        try store.write(document("a"), at: position(0))
        _ = try store.commit(through: 0)
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        try store.close()
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: path + "-shm"))
        #expect(try column(path, "SELECT id FROM documents") == ["a"])
        try store.close()
        let late = try failure { try store.write(document("b"), at: position(1)) }
        #expect(late.message == "\(path): written after the store was closed")
    }
}
