import DepecheCore

/// Passes that join words to names found elsewhere: a given name before a known surname, and a
/// lone word that repeats the surname of a person named in the document.
extension DocumentAnalysis {
    /// A capitalized word before a gazetteer surname: `Volodimir` + `Zelensky` extends the
    /// known person when the first names agree, `Lara` + `Trump` is someone else. A given name
    /// before a one-word place is a person too (`George Washington`).
    mutating func attachGivenNames() {
        for index in mentions.indices where !mentions[index].isRemoved && mentions[index].origin == .gazetteer {
            let mention = mentions[index]
            if let surnameEnd = surnameAfterPlace(mention) {
                add(
                    Mention(
                        start: mention.start,
                        end: surnameEnd,
                        type: .person,
                        confidence: Confidence.newPersonWithKnownWord,
                        origin: .rule
                    )
                )
                continue
            }
            let before = mention.start - 1
            guard before >= 0, isFree(before), tokens[before].line == tokens[mention.start].line,
                isNameWord(before), !tokens[before].isElision
            else { continue }
            let word = tokens[before]
            guard !lexicon.isNeverName(word.key), !lexicon.demonymAdjectives.contains(word.key),
                lexicon.titles.longestSuffix(of: tokens, endingAt: before) == nil
            else { continue }
            let isGivenName = lexicon.givenNames.contains(word.key) || (word.isAbbreviation && word.letterCount == 1)
            if mention.isSingleName {
                guard isGivenName || (!word.isSentenceStart && word.letterCase == .capitalized) else { continue }
                var extended = Mention(
                    start: before,
                    end: mention.end,
                    type: .person,
                    confidence: Confidence.newPersonWithKnownWord,
                    origin: .rule
                )
                if Self.sameFirstName(word.key, mention.canonical) {
                    extended.canonical = mention.canonical
                    extended.entityID = mention.entityID
                    extended.label = mention.label
                    extended.confidence = Confidence.knownPersonWithGivenName
                    extended.origin = .gazetteer
                }
                add(extended)
            } else if isGivenName && mention.length == 1 && mention.type == .location
                && !isNameWord(mention.end)
            {
                add(
                    Mention(
                        start: before,
                        end: mention.end,
                        type: .person,
                        confidence: Confidence.newPersonWithKnownWord,
                        origin: .rule
                    )
                )
            }
        }
    }

    /// `Nancy Reagan`, `Florence Parly`: a one-word place that is also a given name, followed by
    /// a capitalized word that is no common word, names a person. Returns the end of the name.
    private func surnameAfterPlace(_ mention: Mention) -> Int? {
        let next = mention.end
        guard mention.type == .location, mention.length == 1,
            lexicon.givenNames.contains(tokens[mention.start].key), next < tokens.count,
            tokens[next].line == tokens[mention.start].line, isFree(next), isNameWord(next),
            tokens[next].letterCase == .capitalized, !lexicon.isNeverName(tokens[next].key),
            !lexicon.demonymAdjectives.contains(tokens[next].key),
            lexicon.titles.longestPrefix(of: tokens, from: next, limit: next + 1) == nil
        else { return nil }
        let end = runEnd(from: next)
        let last = tokens[end - 1].key
        if lexicon.organizationTails.contains(last) || lexicon.locationTails.contains(last) {
            return nil
        }
        return end
    }

    /// Whether a written first name is a spelling of the canonical name's first word
    /// (`Volodimir` for `Volodymyr Zelenskyy`): the same first four letters, folded.
    static func sameFirstName(_ key: String, _ canonical: String) -> Bool {
        guard let firstWord = canonical.split(separator: " ").first else { return false }
        let known = Folding.key(firstWord)
        return key.prefix(4) == known.prefix(4)
    }

    /// Types the lone words left by the rules that repeat a name of the document: the last
    /// word of a person's full name (`Witkoff` after `Steve Witkoff`), or a one-word mention.
    mutating func linkPendingSingles() {
        var surnames: Set<String> = []
        var singles: [String: Entity.Kind] = [:]
        for mention in mentions where !mention.isRemoved {
            if mention.type == .person && mention.length >= 2 {
                surnames.insert(tokens[mention.end - 1].key)
            } else if mention.length == 1 && singles[tokens[mention.start].key] == nil {
                singles[tokens[mention.start].key] = mention.type
            }
        }
        for index in pendingSingles where isFree(index) {
            let key = tokens[index].key
            if surnames.contains(key) {
                add(
                    Mention(
                        start: index,
                        end: index + 1,
                        type: .person,
                        confidence: Confidence.surnameLink,
                        origin: .link
                    )
                )
            } else if let type = singles[key] {
                add(Mention(start: index, end: index + 1, type: type, confidence: Confidence.wordLink, origin: .link))
            }
        }
    }
}
