import DepecheCore
import DepecheTestSupport
import Foundation
import GRDB
import Testing

@testable import DepecheStore

/// docs/store.md against the program: its tables, columns and indexes are the schema's, and every
/// SQL query it shows runs on a small store and answers what the text says.
@Suite struct StoreDocumentationTests {
    static let documentation: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("docs/store.md"), encoding: .utf8)) ?? ""
    }()

    /// The lines of the section that starts with the line `heading`, up to the next heading.
    static func section(_ heading: String) -> [Substring] {
        let lines = documentation.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0 == heading }) else { return [] }
        let rest = lines[(start + 1)...]
        let end = rest.firstIndex { $0.hasPrefix("#") } ?? rest.endIndex
        return Array(rest[..<end])
    }

    /// The cells of the section's table rows (not the header or the rule), backticks removed.
    static func rows(_ heading: String) -> [[String]] {
        section(heading).filter { $0.hasPrefix("| `") }.map { line in
            line.split(separator: "|").map {
                $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "")
            }
        }
    }

    /// A store holding the documents the example questions are about.
    static func exampleStore(_ folder: TemporaryFolder) throws -> String {
        let path = folder.path("news.sqlite")
        let store = try SQLiteStore(path: path)
        let documents = [
            document(
                "a1",
                title: "Macron à Marseille",
                published: "2025-09-04",
                text: "Emmanuel Macron était à Marseille jeudi, loin de l'Élysée."
            ) {
                [
                    entity("Emmanuel Macron", in: $0, .person, canonical: "Emmanuel Macron"),
                    entity("Marseille", in: $0, .location, canonical: "Marseille"),
                    entity("Élysée", in: $0, .location, canonical: "Élysée"),
                ]
            },
            document(
                "a2",
                title: "Le budget",
                published: "2025-09-12T08:00:00+02:00",
                text: "Macron parle du budget. Macron revient à Marseille."
            ) {
                [
                    entity("Macron", in: $0, .person, canonical: "Emmanuel Macron"),
                    entity("Macron", in: $0, .person, canonical: "Emmanuel Macron", occurrence: 1),
                    entity("Marseille", in: $0, .location, canonical: "Marseille"),
                ]
            },
            document(
                "a3",
                title: "Le port",
                published: "2025-10-01",
                text: "Benoît Payan inaugure le port de Marseille."
            ) {
                [
                    entity("Benoît Payan", in: $0, .person, canonical: "Benoît Payan"),
                    entity("Marseille", in: $0, .location, canonical: "Marseille"),
                ]
            },
            document("a4", title: "Paris", published: "2025-09-20", text: "Il pleut à Paris.") {
                [entity("Paris", in: $0, .location, canonical: "Paris")]
            },
        ]
        for (index, document) in documents.enumerated() { try store.write(document, at: position(UInt64(index))) }
        try store.record(
            FailureRecord(
                id: "missing",
                source: "/data/missing",
                stage: "fetch",
                code: "not-found",
                message: "no such file"
            ),
            at: position(4)
        )
        _ = try store.commit(through: 4)
        return path
    }

    @Test func documentsEveryTableAndColumn() throws {
        #expect(!Self.documentation.isEmpty, "docs/store.md is missing")
        let folder = try TemporaryFolder()
        let path = try Self.exampleStore(folder)
        let tables = try column(
            path,
            """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                AND name != 'grdb_migrations' AND name NOT LIKE 'documents_fts_%' ORDER BY name
            """
        )
        #expect(tables.count == 8)
        for table in tables {
            let documented = Self.rows("### `\(table)`")
            let columns = try query(path, "SELECT name, type, \"notnull\" FROM pragma_table_info(?)", [table])
            #expect(documented.map { $0[0] } == columns.map { $0[0] }, "the columns of \(table)")
            guard table != "documents_fts" else { continue }
            for (row, column) in zip(documented, columns) where row[0] == column[0] {
                #expect(row[1].hasPrefix(column[1]), "the type of \(table).\(column[0])")
                #expect(row[1].contains("NOT NULL") == (column[2] == "1"), "NOT NULL on \(table).\(column[0])")
            }
        }
    }

    @Test func documentsEveryIndex() throws {
        let folder = try TemporaryFolder()
        let path = try Self.exampleStore(folder)
        let indexes = try column(
            path,
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"
        )
        let documented = Self.rows("## Indexes")
        #expect(documented.map { $0[0] }.sorted() == indexes)
        for row in documented {
            let columns = try column(path, "SELECT name FROM pragma_index_info(?) ORDER BY seqno", [row[0]])
            let table = try column(path, "SELECT tbl_name FROM sqlite_master WHERE name = ?", [row[0]])
            #expect(row[1] == "\(table.first ?? "?")(\(columns.joined(separator: ", ")))", "index \(row[0])")
        }
    }

    @Test func theExampleQueriesRunAndAnswerTheirQuestions() throws {
        let folder = try TemporaryFolder()
        let path = try Self.exampleStore(folder)
        let blocks = Self.section("## Example questions").split { $0.hasPrefix("```") }.enumerated()
            .filter { $0.offset % 2 == 1 }.map { $0.element.joined(separator: "\n") }
        let expected: [[[String]]] = [
            // The most mentioned people.
            [["Emmanuel Macron", "3", "2"], ["Benoît Payan", "1", "1"]],
            // Marseille in September 2025.
            [["a1", "2025-09-04", "Macron à Marseille"], ["a2", "2025-09-12T08:00:00+02:00", "Le budget"]],
            // Full text, accents folded.
            [["a1", "Macron à Marseille", "…était à Marseille jeudi, loin de l'[Élysée]."]],
            // Failures to retry.
            [["/data/missing", "fetch", "not-found", "no such file"]],
        ]
        #expect(blocks.count == expected.count)
        for (sql, rows) in zip(blocks, expected) {
            #expect(try query(path, sql) == rows, "\(sql)")
        }
        // Each query is also fine for the sqlite3 shell: one statement, ending with a semicolon.
        for sql in blocks {
            #expect(sql.hasSuffix(";") && sql.filter { $0 == ";" }.count == 1)
        }
    }
}
