/// Reads what the first lines of a plain-text article say about it, without changing the text:
/// the headline (a short first line without a final period), a leading date (`date 2025-09-04 …`,
/// `Publié le 4 septembre 2025`, `Date: …`), header lines (`Title:`, `Author:`) and a byline
/// (`par John Irish`, `By Jane Doe and John Roe`).
enum PlainTextHeader {
    /// The longest first line read as a headline, in characters.
    static let maximumTitleLength = 200
    /// How many non-empty lines at the top are searched for header lines and a byline.
    static let headerLineCount = 6

    /// Keywords before a date on a line, lowercase, longest first within a family;
    /// `modified` tells an update date from a publication date.
    private static let dateKeywords: [(keyword: String, modified: Bool)] = [
        ("date de publication", false), ("date of publication", false), ("publication date", false),
        ("publié le", false), ("publiée le", false), ("publié", false), ("publiée", false),
        ("mis en ligne le", false), ("mis en ligne", false), ("published on", false), ("published", false),
        ("posted on", false), ("posted", false), ("dated", false), ("date", false),
        ("mis à jour le", true), ("mis à jour", true), ("modifié le", true), ("last updated on", true),
        ("last updated", true), ("updated on", true), ("updated", true),
    ]

    private static let titleKeywords = ["title", "titre", "headline"]
    private static let authorKeywords = ["author", "authors", "auteur", "auteurs", "auteure", "by", "par"]

    static func read(_ text: String, titleFromFirstLine: Bool, dayFirst: Bool?) -> ExtractedContent {
        var content = ExtractedContent()
        let lines = leadingLines(of: text)
        guard let first = lines.first else { return content }

        var titleCandidate: Substring? = first.text
        var titleLineFollowed = lines.count > 1
        var lineAfterTitle: Substring? = first.followedByText ? lines.dropFirst().first?.text : nil
        if let (date, modified, rest) = leadingDate(first.text, dayFirst: dayFirst, keywordRequired: false) {
            if modified {
                content.modified = date
            } else {
                content.published = date
                content.publishedOrigin = "text-header"
            }
            if rest.isEmpty {
                titleCandidate = lines.count > 1 ? lines[1].text : nil
                titleLineFollowed = lines.count > 2
                lineAfterTitle = lines.count > 1 && lines[1].followedByText ? lines.dropFirst(2).first?.text : nil
            } else {
                titleCandidate = rest
            }
        }
        for line in lines.prefix(headerLineCount).dropFirst() {
            if let (date, modified, rest) = leadingDate(line.text, dayFirst: dayFirst, keywordRequired: true),
                rest.isEmpty
            {
                if modified, content.modified.isEmpty {
                    content.modified = date
                } else if !modified, content.published.isEmpty {
                    content.published = date
                    content.publishedOrigin = "text-header"
                }
            } else if let value = headerValue(line.text, keywords: titleKeywords), content.title.isEmpty {
                content.title = TextCleaner.cleanLine(value)
            } else if let names = byline(line.text), content.authors.isEmpty {
                content.authors = names
            }
        }
        if content.title.isEmpty, titleFromFirstLine, titleLineFollowed, let candidate = titleCandidate,
            looksLikeHeadline(candidate, next: lineAfterTitle)
        {
            content.title = String(candidate)
        }
        if !content.title.isEmpty { content.titleOrigin = "text-header" }
        if !content.authors.isEmpty { content.authorsOrigin = "text-header" }
        if !content.modified.isEmpty { content.modifiedOrigin = "text-header" }
        return content
    }

    /// The first non-empty lines (already cleaned: trimmed, no blank runs), each with whether the
    /// next line follows it directly (no blank line between).
    private static func leadingLines(of text: String) -> [(text: Substring, followedByText: Bool)] {
        var lines: [(text: Substring, followedByText: Bool)] = []
        var previousWasText = false
        for line in text.prefix(4000).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty {
                previousWasText = false
                continue
            }
            if previousWasText, !lines.isEmpty { lines[lines.count - 1].followedByText = true }
            lines.append((line, false))
            previousWasText = true
            if lines.count > headerLineCount { break }
        }
        return lines
    }

    /// A date at the start of `line`, after a keyword (`date`, `Publié le`, `Updated:`) or, when
    /// `keywordRequired` is false, alone (ISO form only: `2025-09-04 Title`). Returns the date,
    /// whether it is an update date, and the rest of the line without separators.
    static func leadingDate(
        _ line: Substring,
        dayFirst: Bool?,
        keywordRequired: Bool
    ) -> (date: String, modified: Bool, rest: Substring)? {
        let lowered = line.lowercased()
        var afterKeyword: Substring?
        var modified = false
        for (keyword, isModified) in dateKeywords where lowered.hasPrefix(keyword) {
            let rest = line.dropFirst(keyword.count)
            guard rest.first.map({ !$0.isLetter && !$0.isNumber }) ?? true else { continue }
            afterKeyword = rest
            modified = isModified
            break
        }
        let datePart: Substring
        if let afterKeyword {
            datePart = afterKeyword.drop { $0 == " " || $0 == ":" || $0 == "-" || $0 == "–" }
        } else {
            guard !keywordRequired, startsWithISODate(line) else { return nil }
            datePart = line
        }
        guard let match = DateParser.parsePrefix(datePart, dayFirst: dayFirst) else { return nil }
        let restStart = datePart.unicodeScalars.index(datePart.startIndex, offsetBy: match.length)
        var rest = dropSeparators(datePart[restStart...])
        if let time = rest.prefixMatch(of: timeOfDay) {
            rest = dropSeparators(rest[time.range.upperBound...])
        }
        return (match.value, modified, rest)
    }

    private static func dropSeparators(_ text: Substring) -> Substring {
        text.drop { " ,:;|-–—·•".contains($0) }
    }

    /// A time after a header date (`à 10h30`, `at 9:05 a.m. GMT`), not part of the title.
    private static var timeOfDay: Regex<Substring> {
        /(?i)(?:(?:à|a|at|vers)\s+)?\d{1,2}\s?[h:]\s?\d{0,2}(?:\s?(?:am|pm|a\.m\.|p\.m\.))?(?:\s+(?:cet|cest|gmt|utc|bst|est|edt|pst|pdt))?(?![\p{L}\d])/
    }

    private static func startsWithISODate(_ line: Substring) -> Bool {
        let head = Array(line.utf8.prefix(5))
        return head.count == 5 && head[0..<4].allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && head[4] == UInt8(ascii: "-")
    }

    /// `Keyword: value` or `Keyword : value`.
    private static func headerValue(_ line: Substring, keywords: [String]) -> Substring? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let key = line[..<colon].trimmingASCIIWhitespace().lowercased()
        guard keywords.contains(key) else { return nil }
        let value = line[line.index(after: colon)...].trimmingASCIIWhitespace()
        return value.isEmpty ? nil : value
    }

    /// Name particles that may stay lowercase inside a name.
    private static let particles: Set<String> = [
        "de", "du", "des", "d", "la", "le", "van", "von", "der", "den", "di", "da", "del", "dos", "bin", "al", "el",
    ]

    /// `par John Irish`, `By Jane Doe and John Roe`, `Author: Jane Doe`: the names, or `nil`.
    static func byline(_ line: Substring) -> [String]? {
        guard line.count <= 100 else { return nil }
        var namesPart: Substring
        if let value = headerValue(line, keywords: authorKeywords) {
            namesPart = value
        } else {
            let lowered = line.lowercased()
            guard lowered.hasPrefix("par ") || lowered.hasPrefix("by ") else { return nil }
            namesPart = line.drop { $0 != " " }.dropFirst()
        }
        namesPart = namesPart.trimmingASCIIWhitespace()
        var names: [String] = []
        for piece in namesPart.split(separator: ",") {
            for name in splitConjunctions(piece) {
                let words = name.split(separator: " ")
                guard (1...5).contains(words.count) else { return nil }
                for word in words {
                    guard let first = word.first else { return nil }
                    if first.isUppercase { continue }
                    if particles.contains(word.lowercased()) { continue }
                    return nil
                }
                guard words.contains(where: { $0.first?.isUppercase == true }) else { return nil }
                names.append(words.joined(separator: " "))
            }
        }
        return names.isEmpty || names.count > 6 ? nil : names
    }

    private static func splitConjunctions(_ piece: Substring) -> [Substring] {
        var parts: [Substring] = [piece]
        for conjunction in [" et ", " and ", " & "] {
            parts = parts.flatMap { part in
                part.ranges(of: conjunction).isEmpty ? [part] : part.split(separator: conjunction)
            }
        }
        return parts.map { $0.trimmingASCIIWhitespace() }.filter { !$0.isEmpty }
    }

    /// Short, at least two words, mostly letters, starting with a capital, not ending like a
    /// sentence, a list item or a cut line (`-`, `¬`, a dateline's `--`), and not continued by a
    /// next line that starts in lowercase (a hard-wrapped sentence).
    static func looksLikeHeadline(_ line: Substring, next: Substring?) -> Bool {
        let count = line.count
        guard count >= 3, count <= maximumTitleLength, line.split(separator: " ").count >= 2,
            let last = line.last, let firstLetter = line.first(where: \.isLetter), firstLetter.isUppercase
        else { return false }
        // A closing quote or bracket after the final period still ends a sentence: `... separation."`.
        let core = line.reversed().drop { "\"'»”’)]".contains($0) }
        if core.first == "." && !core.starts(with: "...") { return false }
        if ",;:-_–—¬".contains(last) { return false }
        let visible = line.filter { !$0.isWhitespace }
        guard visible.filter(\.isLetter).count * 2 >= visible.count else { return false }
        if let start = next?.first, start.isLetter, start.isLowercase { return false }
        return true
    }
}
