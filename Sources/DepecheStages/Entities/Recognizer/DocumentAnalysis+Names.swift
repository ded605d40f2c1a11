import DepecheCore

/// The rules for names the gazetteer does not know: runs of capitalized words, typed by the
/// cues around and inside them.
extension DocumentAnalysis {
    /// Lowercase particles that belong to a person's name: `Charles de Gaulle`, `Thiago Braz da Silva`.
    static let personParticles: Set<String> = [
        "de", "d'", "du", "van", "von", "der", "den", "ter", "ten", "zu", "di", "da", "do", "dos", "das", "del",
        "della", "bin", "ben", "ibn", "bint", "al", "el", "y",
    ]
    /// Capitalized particles that start a surname: `De Gendt`, `Van Rompuy`, `Di Maio`.
    static let surnameParticles: Set<String> = [
        "de", "du", "van", "von", "der", "den", "ter", "ten", "di", "da", "del", "della", "dos", "das", "mac",
    ]
    /// Capitalized articles that start a place or a title mid-sentence: `La Ciotat`, `Le Mans`.
    static let nameArticles: Set<String> = ["le", "la", "les", "l'"]

    /// Visits every capitalized word no mention covers yet.
    mutating func applyNameRules() {
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            guard isFree(index), token.kind == .word, !headingLines.contains(token.line) else {
                index += 1
                continue
            }
            if token.letterCase == .lower {
                index = lowercaseLocation(at: index) ?? index + 1
                continue
            }
            guard token.isCapitalized, !token.isElision else {
                index += 1
                continue
            }
            if addDemonym(at: index) {
                index += 1
                continue
            }
            index = max(classifyRun(index, runEnd(from: index)), index + 1)
        }
    }

    // MARK: Runs

    /// A capitalized word that may belong to a name.
    func isNameWord(_ index: Int) -> Bool {
        guard index < tokens.count else { return false }
        let token = tokens[index]
        return token.kind == .word && token.isCapitalized && !token.isElision
    }

    /// A lowercase word that may join two parts of a name: `de`, `d'`, `von`, `of`.
    func isConnector(_ index: Int) -> Bool {
        let token = tokens[index]
        return token.letterCase == .lower && lexicon.particles.contains(token.key)
    }

    /// The end of the run of free capitalized words starting at `start`, with the particles
    /// between them (`Charles de Gaulle`, `Ministère de la Défense`). An article joins only after
    /// a preposition (`de la`), so `du Parlement la Loi` stays two runs.
    func runEnd(from start: Int) -> Int {
        let line = tokens[start].line
        var index = start
        var end = start
        while index < tokens.count && tokens[index].line == line && isFree(index) {
            if isNameWord(index) {
                index += 1
                end = index
                continue
            }
            if index > start && isConnector(index) && !Self.articles.contains(tokens[index].key) {
                var next = index + 1
                if next < tokens.count && isConnector(next) { next += 1 }
                if next < tokens.count && tokens[next].line == line && isFree(next) && isNameWord(next) {
                    index = next
                    continue
                }
            }
            break
        }
        return end
    }

    /// Whether a capitalized particle at `index` starts a surname: `De Gendt`, and mid-sentence
    /// `La Ciotat`.
    private func keepsParticle(at index: Int, end: Int) -> Bool {
        let token = tokens[index]
        guard index + 1 < end, token.letterCase == .capitalized, isNameWord(index + 1),
            !lexicon.isNeverName(tokens[index + 1].key)
        else { return false }
        if Self.surnameParticles.contains(token.key) {
            return true
        }
        return Self.nameArticles.contains(token.key) && !token.isSentenceStart
    }

    /// The part of a run that may be a name, and whether a title announced a person.
    private struct NamePart {
        var start: Int
        var end: Int
        var personCue: Bool
    }

    /// Strips what a run starts with that is no name: titles (kept as a cue), function words,
    /// nationality adjectives, a sentence-initial common word, a description before a given name.
    /// A run that is only a nationality noun becomes a MISC mention and gives `nil`.
    private mutating func namePart(_ runStart: Int, _ runEnd: Int) -> NamePart? {
        var part = NamePart(start: runStart, end: runEnd, personCue: false)
        while part.start < part.end {
            if let length = lexicon.titles.longestPrefix(of: tokens, from: part.start, limit: part.end) {
                part.personCue = true
                part.start += length
                continue
            }
            let token = tokens[part.start]
            if lexicon.organizationHeads.contains(token.key) || lexicon.givenNames.contains(token.key)
                || lexicon.locationHeads.contains(token.key) || keepsParticle(at: part.start, end: part.end)
            {
                break
            }
            if part.start + 1 == part.end, token.letterCase == .capitalized,
                let canonical = lexicon.demonymNouns[token.key]
            {
                add(
                    Mention(
                        start: part.start,
                        end: part.end,
                        type: .miscellaneous,
                        label: "demonym",
                        canonical: canonical,
                        confidence: Confidence.demonym,
                        origin: .rule
                    )
                )
                return nil
            }
            if lexicon.isNeverName(token.key) || lexicon.demonymAdjectives.contains(token.key)
                || (token.isSentenceStart && lowercaseKeys.contains(token.key))
            {
                part.start += 1
                continue
            }
            break
        }
        if let nameStart = nameAfterInnerTitle(part.start, part.end) {
            part.start = nameStart
            part.personCue = true
        }
        // A word before a given name describes the person: `la Bermudienne Flora Duffy`.
        if part.end - part.start >= 3 && !lexicon.givenNames.contains(tokens[part.start].key)
            && lexicon.givenNames.contains(tokens[part.start + 1].key)
            && !lexicon.organizationHeads.contains(tokens[part.start].key)
        {
            part.start += 1
        }
        while part.end > part.start && isConnector(part.end - 1) {
            part.end -= 1
        }
        guard part.start < part.end else { return nil }
        if !part.personCue {
            part.personCue = hasPersonCue(before: part.start)
        }
        return part
    }

    /// Types the run `runStart..<runEnd` (or the part of it that is a name) and adds it.
    /// Returns where the scan goes on: after the run, or after its name when a particle that
    /// belongs to no person name cut it (`Tom Cotwell and House Speaker Dale Mirren`).
    mutating func classifyRun(_ runStart: Int, _ runEnd: Int) -> Int {
        guard let part = namePart(runStart, runEnd) else { return runEnd }
        let start = part.start
        var end = part.end
        let personCue = part.personCue
        let first = tokens[start]
        let isOrganization = lexicon.organizationHeads.contains(first.key)
        var next = runEnd
        if !isOrganization && !lexicon.locationHeads.contains(first.key) {
            end = personNameEnd(start, end)
            guard end > start else { return runEnd }
            if end < runEnd { next = end }
        }
        let length = end - start
        let last = tokens[end - 1]

        if isOrganization {
            addOrganization(start, runEnd: end)
            return next
        }
        if length >= 2 && lexicon.locationHeads.contains(first.key) {
            add(Mention(start: start, end: end, type: .location, confidence: Confidence.locationCue, origin: .rule))
            return next
        }
        if length >= 2 && lexicon.organizationTails.contains(last.key) {
            add(
                Mention(
                    start: start,
                    end: end,
                    type: .organization,
                    confidence: Confidence.organizationCue,
                    origin: .rule
                )
            )
            return next
        }
        if length >= 2 && lexicon.locationTails.contains(last.key) {
            add(Mention(start: start, end: end, type: .location, confidence: Confidence.locationCue, origin: .rule))
            return next
        }
        if personCue && !(length == 1 && first.isAbbreviation) {
            add(Mention(start: start, end: end, type: .person, confidence: Confidence.titleCue, origin: .rule))
            return next
        }
        if length >= 2 && lexicon.givenNames.contains(first.key) {
            add(Mention(start: start, end: end, type: .person, confidence: Confidence.givenName, origin: .rule))
            return next
        }
        if length == 1 {
            classifySingle(start)
            return next
        }
        guard !titleCaseLines.contains(first.line) else { return next }
        if hasPlaceCue(before: start) {
            add(
                Mention(start: start, end: end, type: .location, confidence: Confidence.placePreposition, origin: .rule)
            )
            return next
        }
        guard !Self.nameArticles.contains(first.key) else { return next }
        // Without a cue, `X de Y` is rather a thing of a place or person (`Jeux de Lillehammer`,
        // `Bleus de Laurent Blanc`): only the words before `de` can be a name, and the scan goes
        // on after them.
        if let preposition = (start..<end).first(where: {
            isConnector($0) && Self.prepositions.contains(tokens[$0].key)
        }) {
            guard preposition - start >= 2 else { return preposition }
            end = preposition
            next = preposition
        }
        // Plain capitalized words, none of them a common word of the document (`De Gendt` too).
        let wordsStart = Self.surnameParticles.contains(first.key) ? start + 1 : start
        let plainWords = (wordsStart..<end).allSatisfy { index in
            let token = tokens[index]
            if isConnector(index) { return true }
            return token.letterCase == .capitalized && (token.letterCount >= 2 || token.isAbbreviation)
                && !lexicon.isNeverName(token.key) && !lowercaseKeys.contains(token.key)
        }
        if plainWords {
            add(Mention(start: start, end: end, type: .person, confidence: Confidence.capitalizedWords, origin: .rule))
        }
        return next
    }

    /// After a title inside the run, the name: `House Speaker Mike Johnson` gives `Mike Johnson`.
    private func nameAfterInnerTitle(_ start: Int, _ end: Int) -> Int? {
        guard end - start >= 3, !lexicon.givenNames.contains(tokens[start].key),
            !lexicon.organizationHeads.contains(tokens[start].key)
        else { return nil }
        for position in start + 1..<end - 1 {
            guard let length = lexicon.titles.longestPrefix(of: tokens, from: position, limit: end) else { continue }
            let name = position + length
            if name < end && tokens[name].letterCount >= 2 && !tokens[name].isAbbreviation {
                return name
            }
        }
        return nil
    }

    /// Where a person's name ends: before the first particle that is no person particle (`of`,
    /// `the`, the `la` of `de la`), and before the particles that would then end it.
    private func personNameEnd(_ start: Int, _ end: Int) -> Int {
        var cut = end
        for index in start..<end where isConnector(index) && !Self.personParticles.contains(tokens[index].key) {
            cut = index
            break
        }
        while cut > start && isConnector(cut - 1) {
            cut -= 1
        }
        return cut
    }

    /// An organization that starts with a head word, if it names more than the head.
    private mutating func addOrganization(_ start: Int, runEnd: Int) {
        let adjectiveEnd = organizationAdjectivesEnd(from: runEnd)
        // `Parti du Caire` at a sentence start is a participle, not a party.
        if tokens[start].isSentenceStart && runEnd == start + 1 && adjectiveEnd == runEnd {
            return
        }
        let end = extendOrganization(from: start, runEnd: runEnd)
        let named = (start + 1..<end).contains { tokens[$0].letterCount >= 2 && !isConnector($0) }
        if named {
            add(
                Mention(
                    start: start,
                    end: end,
                    type: .organization,
                    confidence: Confidence.organizationCue,
                    origin: .rule
                )
            )
        }
    }
}
