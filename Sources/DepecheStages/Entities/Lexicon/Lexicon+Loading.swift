import Foundation

/// The raw word lists of one lexicon folder, before tokenization.
struct LexiconLists: Sendable, Hashable {
    /// File name without extension → entries, in file order.
    var lists: [String: [String]] = [:]
    /// Rows of `demonyms.tsv`: canonical, nouns, adjectives.
    var demonyms: [[String]] = []

    /// Reads every `*.txt` list and `demonyms.tsv` in `directory`; a missing folder is empty.
    static func read(directory: URL) throws(GazetteerFormatError) -> LexiconLists {
        var result = LexiconLists()
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for file in files.sorted() where file.hasSuffix(".txt") || file == "demonyms.tsv" {
            let url = directory.appendingPathComponent(file)
            let text: String
            do {
                text = try String(contentsOf: url, encoding: .utf8)
            } catch {
                throw GazetteerFormatError(path: url.path, line: 0, message: "cannot read the file as UTF-8")
            }
            if file.hasSuffix(".txt") {
                result.lists[String(file.dropLast(4)), default: []] += parseList(text)
            } else if file == "demonyms.tsv" {
                result.demonyms += try parseTable(text, path: url.path, columns: 2)
            }
        }
        return result
    }

    /// Entries separated by newlines or commas; `#` starts a comment to the end of the line.
    static func parseList(_ text: String) -> [String] {
        var entries: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            for item in content.split(separator: ",") {
                let entry = item.trimmingCharacters(in: .whitespaces)
                if !entry.isEmpty {
                    entries.append(entry)
                }
            }
        }
        return entries
    }

    /// Tab-separated rows with at least `columns` columns; `#` lines are comments.
    static func parseTable(_ text: String, path: String, columns: Int) throws(GazetteerFormatError) -> [[String]] {
        var rows: [[String]] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy(\.isWhitespace) || line.hasPrefix("#") { continue }
            let row = line.split(separator: "\t", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard row.count >= columns else {
                throw GazetteerFormatError(
                    path: path,
                    line: number + 1,
                    message: "expected \(columns) tab-separated columns"
                )
            }
            rows.append(row)
        }
        return rows
    }

    subscript(name: String) -> [String] { lists[name] ?? [] }
}

extension Lexicon {
    /// Folds each entry of `entries` into a set of keys.
    private static func keys(_ entries: [String]) -> Set<String> {
        Set(entries.map { Folding.key($0) })
    }

    /// Builds the lexicon of the given folders' lists; `tokenizer` splits the multi-word phrases.
    init(lists folders: [LexiconLists], tokenizer: Tokenizer) {
        self.init()
        abbreviations = tokenizer.abbreviations
        terminalAbbreviations = tokenizer.terminalAbbreviations
        for lists in folders {
            givenNames.formUnion(Self.keys(lists["given-names"]))
            particles.formUnion(Self.keys(lists["particles"]))
            functionWords.formUnion(Self.keys(lists["function-words"]))
            commonNouns.formUnion(Self.keys(lists["common-nouns"]))
            titles.formUnion(PhraseSet(lists["titles"], tokenizer: tokenizer))
            titleModifiers.formUnion(Self.keys(lists["title-modifiers"]))
            organizationHeads.formUnion(Self.keys(lists["organization-heads"]))
            organizationTails.formUnion(Self.keys(lists["organization-tails"]))
            organizationAdjectives.formUnion(Self.keys(lists["organization-adjectives"]))
            locationHeads.formUnion(Self.keys(lists["location-heads"]))
            locationTails.formUnion(Self.keys(lists["location-tails"]))
            placeCues.formUnion(PhraseSet(lists["place-cues"], tokenizer: tokenizer))
            for row in lists.demonyms {
                let nouns = row[1].split(separator: "|").map { Folding.key($0.trimmingCharacters(in: .whitespaces)) }
                for noun in nouns where demonymNouns[noun] == nil {
                    demonymNouns[noun] = row[0]
                }
                demonymAdjectives.formUnion(nouns)
                if row.count > 2 {
                    demonymAdjectives.formUnion(
                        row[2].split(separator: "|").map { Folding.key($0.trimmingCharacters(in: .whitespaces)) }
                    )
                }
            }
        }
    }

    /// The tokenizer for the given folders' abbreviations (the phrases and aliases need it).
    ///
    /// `abbreviations.txt` lists words written with a final period (`M.`, `Dr.`);
    /// `sentence-final-abbreviations.txt` those that may also end a sentence (`etc.`, `Inc.`).
    static func tokenizer(for folders: [LexiconLists]) -> Tokenizer {
        func bare(_ entry: String) -> String {
            let key = Folding.key(entry)
            return key.hasSuffix(".") ? String(key.dropLast()) : key
        }
        var abbreviations = Set<String>()
        var terminal = Set<String>()
        for lists in folders {
            abbreviations.formUnion(lists["abbreviations"].map(bare))
            terminal.formUnion(lists["sentence-final-abbreviations"].map(bare))
        }
        return Tokenizer(abbreviations: abbreviations.union(terminal), terminalAbbreviations: terminal)
    }
}
