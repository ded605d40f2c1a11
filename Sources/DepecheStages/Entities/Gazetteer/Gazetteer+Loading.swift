import DepecheCore
import Foundation

/// A gazetteer file that cannot be read, with its location.
struct GazetteerFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    var path: String
    var line: Int
    var message: String

    var description: String { "\(path):\(line): \(message)" }
}

extension Gazetteer {
    /// One parsed line of a gazetteer file.
    struct Record: Sendable, Hashable {
        var entry: GazetteerEntry
        var aliases: [String]
    }

    /// Parses the tab-separated gazetteer format (see `Data/README.md`):
    ///
    ///     # canonical <TAB> type <TAB> label <TAB> id <TAB> alias|alias|...
    ///     United States	LOC	country	Q30	États-Unis|Etats-Unis|USA|US|U.S.
    ///
    /// Only the first two columns are required. Lines starting with `#` and blank lines are skipped.
    static func parse(_ text: String, path: String) throws(GazetteerFormatError) -> [Record] {
        var records: [Record] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.allSatisfy(\.isWhitespace) || line.hasPrefix("#") {
                continue
            }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard columns.count >= 2, !columns[0].isEmpty else {
                throw GazetteerFormatError(
                    path: path,
                    line: lineNumber,
                    message: "expected at least 'canonical<TAB>type', got \(columns.count) column(s)"
                )
            }
            guard let type = Entity.Kind(rawValue: columns[1].uppercased()) else {
                throw GazetteerFormatError(
                    path: path,
                    line: lineNumber,
                    message: "unknown type '\(columns[1])' (expected PER, ORG, LOC or MISC)"
                )
            }
            let aliases =
                columns.count > 4
                ? columns[4].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                    !$0.isEmpty
                }
                : []
            let entry = GazetteerEntry(
                canonical: columns[0],
                type: type,
                label: columns.count > 2 ? columns[2] : "",
                entityID: columns.count > 3 ? columns[3] : ""
            )
            records.append(Record(entry: entry, aliases: aliases))
        }
        return records
    }

    /// Reads and parses a gazetteer file.
    static func load(contentsOf url: URL) throws(GazetteerFormatError) -> [Record] {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw GazetteerFormatError(
                path: url.path,
                line: 0,
                message: "cannot read the file as UTF-8 (\(FileErrorText.describe(error)))"
            )
        }
        return try parse(text, path: url.path)
    }

    /// A gazetteer holding `records` in order: for an alias two entries share, the first wins.
    init(records: [Record], tokenizer: Tokenizer) {
        self.init()
        for record in records {
            add(record.entry, aliases: record.aliases, tokenizer: tokenizer)
        }
    }
}
