import GRDB

/// The store's schema, one migration per version (docs/store.md describes every column).
///
/// Text columns hold NULL where the document model has an empty string for "unknown" or "none";
/// JSON columns hold compact JSON with sorted object keys (the same text as the JSONL export).
enum StoreSchema {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: version1)
            try db.create(virtualTable: "documents_fts", using: FTS5()) { table in
                // Triggers keep the index in step with `documents` (rowid = documents.number).
                table.synchronize(withTable: "documents")
                // Folds case and accents: `elysee` finds "Élysée".
                table.tokenizer = .unicode61(diacritics: .remove)
                table.column("title")
                table.column("text")
            }
        }
        return migrator
    }()

    private static let version1 = """
        CREATE TABLE documents (
            number INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            source_uri TEXT NOT NULL,
            source_kind TEXT NOT NULL,
            content_type TEXT,
            charset TEXT,
            title TEXT,
            title_origin TEXT,
            authors TEXT NOT NULL,
            authors_origin TEXT,
            published TEXT,
            published_origin TEXT,
            modified TEXT,
            modified_origin TEXT,
            language TEXT,
            language_origin TEXT,
            site_name TEXT,
            site_name_origin TEXT,
            canonical_url TEXT,
            canonical_url_origin TEXT,
            paywalled INTEGER NOT NULL CHECK (paywalled IN (0, 1)),
            fingerprint TEXT,
            duplicate_of TEXT,
            text TEXT NOT NULL,
            words INTEGER NOT NULL,
            attributes TEXT NOT NULL,
            diagnostics TEXT NOT NULL
        );
        CREATE INDEX documents_published ON documents(published);
        CREATE INDEX documents_language ON documents(language);
        CREATE INDEX documents_canonical_url ON documents(canonical_url);
        CREATE INDEX documents_fingerprint ON documents(fingerprint);

        CREATE TABLE entities (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            type TEXT,
            label TEXT,
            canonical TEXT NOT NULL,
            entity_id TEXT,
            confidence REAL,
            PRIMARY KEY (document_id, ordinal)
        ) WITHOUT ROWID;
        CREATE INDEX entities_canonical ON entities(canonical);
        CREATE INDEX entities_entity_id ON entities(entity_id);
        CREATE INDEX entities_type_canonical ON entities(type, canonical);

        CREATE TABLE timexes (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            type TEXT,
            value TEXT NOT NULL,
            mod TEXT,
            PRIMARY KEY (document_id, ordinal)
        ) WITHOUT ROWID;
        CREATE INDEX timexes_value ON timexes(value);

        CREATE TABLE annotations (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            label TEXT NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            stage TEXT NOT NULL,
            key_values TEXT NOT NULL,
            PRIMARY KEY (document_id, ordinal)
        ) WITHOUT ROWID;
        CREATE INDEX annotations_label ON annotations(label);

        CREATE TABLE failures (
            id TEXT NOT NULL PRIMARY KEY,
            source TEXT NOT NULL,
            stage TEXT NOT NULL,
            code TEXT NOT NULL,
            message TEXT NOT NULL,
            input TEXT,
            at TEXT,
            after TEXT,
            run TEXT,
            recorded_at TEXT NOT NULL
        );

        CREATE TABLE runs (
            run TEXT NOT NULL PRIMARY KEY,
            depeche_version TEXT NOT NULL,
            configuration TEXT NOT NULL,
            status TEXT NOT NULL,
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            documents INTEGER NOT NULL,
            failures INTEGER NOT NULL,
            inputs INTEGER NOT NULL
        );

        CREATE TABLE run_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            state TEXT NOT NULL
        );
        """
}
