import DepecheCore

/// The statistical recognizer: the perceptron tagger finds the mentions, then the gazetteer names
/// them, lone surnames are linked to full names, and the ``Canonicalizer`` gives every mention
/// its identity.
///
/// After the tagger, known weak spots of statistical taggers are fixed by rule: elided articles,
/// articles and titles are trimmed off a mention (`l'OTAN` → `OTAN`, `le président Macron` →
/// `Macron`), and a lone word that is a grammar word, a weekday or a month is no entity (`Mardi`).
struct TaggedRecognizer: Sendable {
    /// The resources of one language, with its tagger.
    struct Language: Sendable {
        var resources: EntityResources
        var tagger: EntityTagger
    }

    var languages: [String: Language]
    /// The language used when a document's is unknown or has no model.
    var fallback: String
    var canonicalizer = Canonicalizer()

    /// The entities of `text`; `language` picks the model (the fallback's when unknown).
    func entities(in text: String, language: String?) -> [Entity] {
        guard let reader = language.flatMap({ languages[$0] }) ?? languages[fallback] else { return [] }
        let scalars = Array(text.unicodeScalars)
        let tokens = reader.resources.tokenizer.tokenize(scalars)
        var mentions = self.mentions(in: tokens, reader: reader, language: language ?? fallback)
        canonicalizer.resolve(&mentions, tokens: tokens)
        return mentions.entities(tokens: tokens, scalars: scalars)
    }

    /// The mentions of a tokenized text, sorted, before canonicalization.
    func mentions(in tokens: [Token], reader: Language, language: String) -> [Mention] {
        guard !tokens.isEmpty else { return [] }
        var resources = reader.tagger.resources
        resources.language = language
        let features = DocumentFeatures(tokens: tokens, resources: resources)
        let sentences = reader.resources.tokenizer.sentences(of: tokens)
        let tags = reader.tagger.tags(of: tokens, features: features, sentences: sentences)
        let lexicon = reader.resources.lexicon
        var mentions: [Mention] = []
        for span in EntityTag.spans(of: tags) {
            guard let mention = Self.trimmed(span, tokens: tokens, lexicon: lexicon) else { continue }
            mentions.append(mention)
        }
        mentions = Self.named(mentions, by: features.gazetteerMatches, tokens: tokens)
        Self.addUnclaimed(features.gazetteerMatches, to: &mentions, tokens: tokens)
        Self.linkSurnames(&mentions, tokens: tokens, lexicon: lexicon)
        return mentions
    }

    /// The mention of a tagged span, without the articles and titles before it, or `nil` when
    /// nothing of a name is left.
    static func trimmed(_ span: TagSpan, tokens: [Token], lexicon: Lexicon) -> Mention? {
        var start = span.start
        var end = span.end
        while start < end {
            let token = tokens[start]
            if token.isElision || token.isPunctuation || (token.letterCase == .lower && !token.isCapitalized) {
                start += 1
            } else if let title = lexicon.titles.longestPrefix(of: tokens, from: start, limit: end - 1) {
                start += title
            } else if token.isSentenceStart || token.letterCase == .capitalized,
                lexicon.functionWords.contains(token.key), end - start > 1
            {
                start += 1
            } else {
                break
            }
        }
        while end > start && tokens[end - 1].isPunctuation && tokens[end - 1].text != ")" {
            end -= 1
        }
        guard start < end else { return nil }
        let words = tokens[start..<end]
        guard words.contains(where: { $0.isCapitalized || $0.kind == .number }) else { return nil }
        if end - start == 1 {
            let token = tokens[start]
            if lexicon.isNeverName(token.key) && token.letterCase != .upper { return nil }
            if token.kind != .word { return nil }
        }
        return Mention(
            start: start,
            end: end,
            type: EntityTag.types[span.type],
            confidence: 0.8,
            origin: .rule
        )
    }

    /// Gives each mention the gazetteer's name when a gazetteer match covers it exactly, or ends
    /// it as a person's known surname with the same first name (`Volodimir Zelensky`); a match
    /// that contains a mention replaces it (`Banque centrale` in `Banque centrale européenne`).
    static func named(_ mentions: [Mention], by matches: [Gazetteer.Match], tokens: [Token]) -> [Mention] {
        var result: [Mention] = []
        var matchIndex = 0
        for var mention in mentions {
            while matchIndex < matches.count && matches[matchIndex].end <= mention.start {
                matchIndex += 1
            }
            var index = matchIndex
            while index < matches.count && matches[index].start < mention.end {
                let match = matches[index]
                index += 1
                let entry = match.entry
                let covers = match.start <= mention.start && match.end >= mention.end
                let endsPerson =
                    match.end == mention.end && match.start > mention.start && entry.type == .person
                    && mention.type == .person
                    && DocumentAnalysis.sameFirstName(tokens[mention.start].key, entry.canonical)
                guard covers || endsPerson else { continue }
                if covers {
                    mention.start = match.start
                    mention.end = match.end
                    if !(mention.type == .person && entry.type == .location) {
                        mention.type = entry.type
                    }
                }
                guard mention.type == entry.type else { break }
                mention.canonical = entry.canonical
                mention.entityID = entry.entityID
                mention.label = entry.label
                mention.origin = .gazetteer
                mention.isSingleName = match.alias.isSingleName
                mention.confidence = 0.9
                break
            }
            if let last = result.last, last.end > mention.start {
                if last.length >= mention.length { continue }
                result.removeLast()
            }
            result.append(mention)
        }
        return result
    }

    /// Adds the gazetteer matches that the tagger left alone and that cannot be ordinary words:
    /// several words, or one capitalized word that does not start a sentence.
    static func addUnclaimed(_ matches: [Gazetteer.Match], to mentions: inout [Mention], tokens: [Token]) {
        var covered = [Bool](repeating: false, count: tokens.count)
        for mention in mentions {
            for index in mention.start..<mention.end { covered[index] = true }
        }
        var added = false
        for match in matches where !(match.start..<match.end).contains(where: { covered[$0] }) {
            let first = tokens[match.start]
            guard first.isCapitalized else { continue }
            guard match.end - match.start > 1 || !first.isSentenceStart || first.letterCase == .upper else { continue }
            mentions.append(Mention(gazetteer: match, confidence: 0.7))
            added = true
        }
        if added { mentions.sort { $0.start < $1.start } }
    }

    /// A capitalized word the tagger left alone that repeats the last word of a person's full
    /// name in the document is that person (`Witkoff` after `Steve Witkoff`).
    static func linkSurnames(_ mentions: inout [Mention], tokens: [Token], lexicon: Lexicon) {
        var surnames: Set<String> = []
        var covered = [Bool](repeating: false, count: tokens.count)
        for mention in mentions {
            if mention.type == .person && mention.length >= 2 {
                surnames.insert(tokens[mention.end - 1].key)
            }
            for index in mention.start..<mention.end { covered[index] = true }
        }
        guard !surnames.isEmpty else { return }
        var added = false
        for (index, token) in tokens.enumerated() where !covered[index] && token.letterCase == .capitalized {
            guard surnames.contains(token.key), !lexicon.isNeverName(token.key) else { continue }
            let previousCovered = index > 0 && covered[index - 1] && tokens[index - 1].line == token.line
            let nextCovered = index + 1 < tokens.count && covered[index + 1] && tokens[index + 1].line == token.line
            guard !previousCovered, !nextCovered else { continue }
            mentions.append(
                Mention(start: index, end: index + 1, type: .person, confidence: Confidence.surnameLink, origin: .link)
            )
            added = true
        }
        if added { mentions.sort { $0.start < $1.start } }
    }
}
