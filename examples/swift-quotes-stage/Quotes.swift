import DepecheStageKit

/// Marks each quotation (« … », “…”, "…") as a `quote` annotation over the quoted text, with its
/// `speaker` when a speech verb names one next to it: `« … », a déclaré Emmanuel Macron`,
/// `John Smith said: "…"`. A speaker that is a PER entity also gets `speaker_canonical`.
@main struct Quotes: StageProgram {
    static let name = "quotes"
    static let version = "1.0.0"
    static let closingMarks: [Unicode.Scalar: Unicode.Scalar] = ["«": "»", "“": "”", "\"": "\""]
    static let speechVerbs: Set<String> = [
        "déclaré", "affirmé", "dit", "indiqué", "souligné", "ajouté", "estimé", "expliqué", "précisé", "assuré",
        "averti", "confié", "insisté", "répondu", "commenté", "annoncé", "rappelé", "jugé", "lancé", "martelé",
        "déclare", "affirme", "indique", "souligne", "ajoute", "estime", "explique", "précise", "assure",
        "said", "says", "told", "added", "stated", "declared", "explained", "noted", "warned", "insisted",
        "wrote", "argued", "announced", "replied", "continued", "adds", "tells",
    ]
    static let auxiliaries: Set<String> = ["a", "ont", "avait", "avaient", "has", "had", "have"]
    /// Capitalized words that are not part of a name: sentence starts and titles.
    static let notNames: Set<String> = [
        "il", "elle", "ils", "elles", "on", "je", "nous", "vous", "le", "la", "les", "ce", "cela", "ceci", "cette",
        "mais", "et", "he", "she", "they", "we", "i", "it", "the", "this", "that", "but", "and", "président",
        "president", "premier", "ministre", "prime", "minister", "secrétaire", "secretary", "chancelier",
        "chancellor", "général", "general", "m", "mme", "mr", "mrs", "ms", "dr", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday",
    ]
    let minWords: Int

    init(options: StageProgramOptions) throws {
        minWords = try options.integer("min_words") ?? 3
        guard minWords > 0 else {
            throw StageFailure(code: "invalid-options", message: "min_words must be at least 1, not \(minWords)")
        }
    }

    /// A word (letters, digits, inner `'`, `’` and `-`) or one punctuation mark, by scalar offsets.
    struct Token {
        var range: Range<Int>
        var text: String
        var isWord: Bool {
            text.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
        }
        var isCapitalized: Bool { text.unicodeScalars.first?.properties.isUppercase ?? false }
        var isNamePart: Bool { isCapitalized && !Quotes.notNames.contains(text.lowercased()) }
    }

    func process(_ document: inout Document) throws {
        let text = Array(document.text.unicodeScalars)  // offsets count code points
        let people = document.entities.filter { $0.type == .person }
        var index = 0
        while index < text.count {
            guard let mark = Self.closingMarks[text[index]],
                let close = text[(index + 1)...].firstIndex(where: { $0 == mark || $0 == "\n" }), text[close] == mark
            else {
                index += 1
                continue
            }
            let inner = Self.tokens(text, index + 1..<close)
            if inner.count(where: \.isWord) >= minWords, let first = inner.first, let last = inner.last {
                let lineStart = text[..<index].lastIndex(of: "\n").map { $0 + 1 } ?? 0
                let lineEnd = text[close...].firstIndex(of: "\n") ?? text.count
                let before = Self.tokens(text, max(lineStart, index - 150)..<index)
                let after = Self.tokens(text, close + 1..<min(lineEnd, close + 150))
                var quote = Annotation(label: "quote", start: first.range.lowerBound, end: last.range.upperBound)
                quote.stage = Self.name
                if let speaker = Self.speaker(after: after[...]) ?? Self.speaker(before: before[...]) {
                    let entity = people.first { $0.start < speaker.upperBound && speaker.lowerBound < $0.end }
                    quote.values["speaker"] = entity?.text ?? String(String.UnicodeScalarView(text[speaker]))
                    if let canonical = entity?.canonical, !canonical.isEmpty {
                        quote.values["speaker_canonical"] = canonical
                    }
                }
                document.annotations.append(quote)
            }
            index = close + 1
        }
    }

    static func tokens(_ text: [Unicode.Scalar], _ range: Range<Int>) -> [Token] {
        func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || "'’-".unicodeScalars.contains(scalar)
        }
        var tokens: [Token] = []
        var start = range.lowerBound
        while start < range.upperBound {
            var end = start + 1
            if isWordScalar(text[start]) {
                while end < range.upperBound && isWordScalar(text[end]) { end += 1 }
            }
            if !text[start].properties.isWhitespace {
                tokens.append(Token(range: start..<end, text: String(String.UnicodeScalarView(text[start..<end]))))
            }
            start = end
        }
        return tokens
    }

    /// `», a déclaré (le président) Emmanuel Macron`, `", said John Smith"`, `», selon X`, `", John Smith said`.
    static func speaker(after tokens: ArraySlice<Token>) -> Range<Int>? {
        var rest = tokens.first?.text == "," ? tokens.dropFirst() : tokens
        let word = rest.first?.text.lowercased() ?? ""
        if word == "selon" || word == "according" {
            return name(at: rest.dropFirst(word == "according" && rest.dropFirst().first?.text == "to" ? 2 : 1))
        }
        if auxiliaries.contains(word) { rest = rest.dropFirst() }
        let verb = rest.first.map(isSpeechVerb) ?? false
        if verb { rest = rest.dropFirst() }
        // Skip a short title: `a déclaré le Premier ministre britannique Rishi Sunak`.
        for _ in 0..<5 where rest.first.map({ $0.isWord && !$0.isNamePart && !isSpeechVerb($0) }) ?? false {
            if let word = rest.first?.text, ["que", "that"].contains(word) || word.hasPrefix("qu") { return nil }
            rest = rest.dropFirst()
        }
        if verb { return name(at: rest) }
        guard let found = name(at: rest) else { return nil }
        var next = rest.drop { $0.range.lowerBound < found.upperBound }  // `», Emmanuel Macron a déclaré`
        if auxiliaries.contains(next.first?.text ?? "") { next = next.dropFirst() }
        return next.first.map(isSpeechVerb) ?? false ? found : nil
    }

    /// `Emmanuel Macron a déclaré : «`, `John Smith said: "`, `John Smith told reporters: "`.
    static func speaker(before tokens: ArraySlice<Token>) -> Range<Int>? {
        var rest = [":", ","].contains(tokens.last?.text) ? tokens.dropLast() : tokens
        // Skip up to two lowercase words after the verb: `told reporters`, `a déclaré mercredi`.
        for _ in 0..<2 where rest.last.map({ $0.isWord && !$0.isCapitalized && !isSpeechVerb($0) }) ?? false {
            rest = rest.dropLast()
        }
        guard let verb = rest.last, isSpeechVerb(verb) else { return nil }
        rest = rest.dropLast()
        if auxiliaries.contains(rest.last?.text ?? "") { rest = rest.dropLast() }
        let names = rest.reversed().prefix(while: \.isNamePart).prefix(4)
        guard let first = names.last, let last = names.first else { return nil }
        return first.range.lowerBound..<last.range.upperBound
    }

    static func isSpeechVerb(_ token: Token) -> Bool { speechVerbs.contains(token.text.lowercased()) }

    /// The 1 to 4 capitalized words at the start of `tokens`.
    static func name(at tokens: ArraySlice<Token>) -> Range<Int>? {
        let names = tokens.prefix(while: \.isNamePart).prefix(4)
        guard let first = names.first, let last = names.last else { return nil }
        return first.range.lowerBound..<last.range.upperBound
    }
}
