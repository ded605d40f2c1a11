import DepecheCore
import Foundation

/// Annotated sentences read from CoNLL-style files: one token per line, the token in the first
/// column and an IOB tag (IOB1 or IOB2; `E-`/`S-`/`L-`/`U-` are read too) in another; blank lines
/// end sentences and `-DOCSTART-` lines end documents.
///
/// The tag column is the first one (after the token) that holds only tags over PER, ORG, LOC and
/// MISC in the whole file, so `word POS chunk NER` (CoNLL-2003) and `word tag4 tagfull` both work.
struct CoNLLCorpus: Sendable {
    struct Sentence: Sendable, Hashable {
        var words: [String]
        var spans: [TagSpan]
    }

    /// Documents, each a list of sentences.
    var documents: [[Sentence]] = []

    var sentenceCount: Int { documents.reduce(0) { $0 + $1.count } }
    var tokenCount: Int { documents.reduce(0) { $0 + $1.reduce(0) { $0 + $1.words.count } } }

    static let typeNames: [String: Int] = [
        "PER": 0, "PERS": 0, "PERSON": 0, "ORG": 1, "ORGANIZATION": 1, "LOC": 2, "LOCATION": 2, "GPE": 2,
        "MISC": 3,
    ]

    init() {}

    init(contentsOf url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        try self.init(text: text, name: url.path)
    }

    init(text: String, name: String = "corpus") throws {
        // Tab-separated lines keep spaces inside tokens (`20 000`); others split on spaces.
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let tabbed = line.contains("\t")
            return line.split(whereSeparator: { tabbed ? $0 == "\t" : $0 == " " }).map(String.init)
        }
        guard let column = Self.tagColumn(rows) else {
            throw ModelFormatError(message: "\(name): no column of IOB tags over PER, ORG, LOC, MISC")
        }
        var documents: [[Sentence]] = []
        var document: [Sentence] = []
        var words: [String] = []
        var tags: [String] = []
        func closeSentence() {
            if !words.isEmpty {
                document.append(Sentence(words: words, spans: Self.spans(tags)))
            }
            words = []
            tags = []
        }
        for row in rows {
            if row.isEmpty {
                closeSentence()
            } else if row[0] == "-DOCSTART-" {
                closeSentence()
                if !document.isEmpty { documents.append(document) }
                document = []
            } else if row.count > column {
                var word = row[0]
                if word.count > 3, word.hasPrefix("fr:") || word.hasPrefix("en:") { word.removeFirst(3) }
                words.append(word)
                tags.append(row[column])
            }
        }
        closeSentence()
        if !document.isEmpty { documents.append(document) }
        self.documents = documents
    }

    private static func isTag(_ tag: String) -> Bool {
        if tag == "O" { return true }
        guard tag.count > 2, tag.dropFirst().hasPrefix("-"), "BIELSU".contains(tag.first ?? " ") else { return false }
        return typeNames[String(tag.dropFirst(2)).uppercased()] != nil
    }

    private static func tagColumn(_ rows: [[String]]) -> Int? {
        let content = rows.filter { !$0.isEmpty && $0[0] != "-DOCSTART-" }
        guard let width = content.map(\.count).min(), width >= 2 else { return nil }
        return (1..<width).first { column in content.allSatisfy { isTag($0[column]) } }
    }

    /// Spans from IOB1, IOB2 or IOBES tags.
    static func spans(_ tags: [String]) -> [TagSpan] {
        var spans: [TagSpan] = []
        var open: TagSpan?
        for (index, tag) in tags.enumerated() {
            guard tag != "O", let type = typeNames[String(tag.dropFirst(2)).uppercased()] else {
                if let span = open { spans.append(span) }
                open = nil
                continue
            }
            let prefix = tag.first
            if prefix == "B" || prefix == "S" || prefix == "U" || open?.type != type {
                if let span = open { spans.append(span) }
                open = TagSpan(start: index, end: index + 1, type: type)
            } else {
                open?.end = index + 1
            }
            if prefix == "E" || prefix == "L" || prefix == "S" || prefix == "U" {
                if let span = open { spans.append(span) }
                open = nil
            }
        }
        if let span = open { spans.append(span) }
        return spans
    }

    /// Drops MISC spans made only of nationality words (`German`, `Européens`): Depeche's
    /// convention, shared by WiNER and Sequoia, is that nationality words are not entities.
    mutating func dropNationalityMISC(lexicon: Lexicon) {
        for documentIndex in documents.indices {
            for sentenceIndex in documents[documentIndex].indices {
                let sentence = documents[documentIndex][sentenceIndex]
                documents[documentIndex][sentenceIndex].spans = sentence.spans.filter { span in
                    guard span.type == 3 else { return true }
                    return !sentence.words[span.start..<span.end].allSatisfy { word in
                        let key = Folding.key(word)
                        return lexicon.demonymAdjectives.contains(key) || lexicon.demonymNouns[key] != nil
                            || word.allSatisfy { $0 == "-" }
                    }
                }
            }
        }
    }
}
