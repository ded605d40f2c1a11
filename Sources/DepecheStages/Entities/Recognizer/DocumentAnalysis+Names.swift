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
            let end = runEnd(from: index)
            classifyRun(index, end)
            index = max(end, index + 1)
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

    /// Types the run `runStart..<runEnd` (or the part of it that is a name) and adds it.
    mutating func classifyRun(_ runStart: Int, _ runEnd: Int) {
        var start = runStart
        var end = runEnd
        var personCue = false
        // Titles, function words and adjectives in front are cues or noise, not the name.
        while start < end {
            if let length = lexicon.titles.longestPrefix(of: tokens, from: start, limit: end) {
                personCue = true
                start += length
                continue
            }
            let token = tokens[start]
            if lexicon.organizationHeads.contains(token.key) || lexicon.givenNames.contains(token.key)
                || lexicon.locationHeads.contains(token.key) || keepsParticle(at: start, end: end)
            {
                break
            }
            if lexicon.isNeverName(token.key) || lexicon.demonymAdjectives.contains(token.key)
                || (token.isSentenceStart && lowercaseKeys.contains(token.key))
            {
                start += 1
                continue
            }
            break
        }
        if let nameStart = nameAfterInnerTitle(start, end) {
            start = nameStart
            personCue = true
        }
        // A word before a given name describes the person: `la Bermudienne Flora Duffy`.
        if end - start >= 3 && !lexicon.givenNames.contains(tokens[start].key)
            && lexicon.givenNames.contains(tokens[start + 1].key)
            && !lexicon.organizationHeads.contains(tokens[start].key)
        {
            start += 1
        }
        while end > start && isConnector(end - 1) {
            end -= 1
        }
        guard start < end else { return }
        if !personCue {
            personCue = hasPersonCue(before: start)
        }
        let first = tokens[start]
        let isOrganization = lexicon.organizationHeads.contains(first.key)
        if !isOrganization && !lexicon.locationHeads.contains(first.key) {
            end = personNameEnd(start, end)
        }
        let length = end - start
        let last = tokens[end - 1]

        if isOrganization {
            addOrganization(start, runEnd: end)
            return
        }
        if length >= 2 && lexicon.locationHeads.contains(first.key) {
            add(Mention(start: start, end: end, type: .location, confidence: 0.65, origin: .rule))
            return
        }
        if length >= 2 && lexicon.organizationTails.contains(last.key) {
            add(Mention(start: start, end: end, type: .organization, confidence: 0.7, origin: .rule))
            return
        }
        if length >= 2 && lexicon.locationTails.contains(last.key) {
            add(Mention(start: start, end: end, type: .location, confidence: 0.65, origin: .rule))
            return
        }
        if personCue && !(length == 1 && first.isAbbreviation) {
            add(Mention(start: start, end: end, type: .person, confidence: 0.8, origin: .rule))
            return
        }
        if length >= 2 && lexicon.givenNames.contains(first.key) {
            add(Mention(start: start, end: end, type: .person, confidence: 0.75, origin: .rule))
            return
        }
        if length == 1 {
            classifySingle(start)
            return
        }
        guard !titleCaseLines.contains(first.line) else { return }
        if hasPlaceCue(before: start) {
            add(Mention(start: start, end: end, type: .location, confidence: 0.55, origin: .rule))
            return
        }
        guard !Self.nameArticles.contains(first.key) else { return }
        // Two or three plain capitalized words, none of them a common word of the document.
        let plainWords = (start..<end).allSatisfy { index in
            let token = tokens[index]
            if isConnector(index) { return true }
            return token.letterCase == .capitalized && (token.letterCount >= 2 || token.isAbbreviation)
                && !lexicon.isNeverName(token.key) && !lowercaseKeys.contains(token.key)
        }
        if plainWords {
            add(Mention(start: start, end: end, type: .person, confidence: 0.5, origin: .rule))
        }
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
            add(Mention(start: start, end: end, type: .organization, confidence: 0.7, origin: .rule))
        }
    }

    /// A lone capitalized word: a road, an acronym, a place after `à`/`in`, or a word to link later.
    private mutating func classifySingle(_ index: Int) {
        let token = tokens[index]
        let hasDigits = token.key.unicodeScalars.contains { CharacterClass.isDigit($0) }
        if Self.isRoadNumber(token.key) {
            add(
                Mention(start: index, end: index + 1, type: .location, label: "road", confidence: 0.6, origin: .rule))
        } else if token.letterCase == .upper && (2...6).contains(token.letterCount) && !hasDigits
            && !token.isAbbreviation && !titleCaseLines.contains(token.line) && !Self.isRomanNumeral(token.key)
        {
            add(Mention(start: index, end: index + 1, type: .organization, confidence: 0.5, origin: .rule))
        } else if !token.isSentenceStart && token.letterCase == .capitalized && token.letterCount >= 2
            && !token.isAbbreviation && hasPlaceCue(before: index)
        {
            add(Mention(start: index, end: index + 1, type: .location, confidence: 0.55, origin: .rule))
        } else {
            pendingSingles.append(index)
        }
    }

    /// `A7`, `A62`: a French motorway.
    static func isRoadNumber(_ key: String) -> Bool {
        let scalars = Array(key.unicodeScalars)
        return (2...3).contains(scalars.count) && scalars[0] == "a"
            && scalars.dropFirst().allSatisfy { CharacterClass.isDigit($0) } && scalars[1] != "0"
    }

    /// `II`, `XIV`: a roman numeral, never an acronym.
    static func isRomanNumeral(_ key: String) -> Bool {
        key.unicodeScalars.allSatisfy { "ivxlcdm".unicodeScalars.contains($0) }
    }

    /// A nationality or group noun (`Européens`, `Russians`): MISC, unless a name follows it.
    private mutating func addDemonym(at index: Int) -> Bool {
        let token = tokens[index]
        guard token.letterCase == .capitalized, let canonical = lexicon.demonymNouns[token.key],
            !hasPersonCue(before: index)
        else { return false }
        let next = index + 1
        if next < tokens.count && tokens[next].line == token.line && isFree(next) && isNameWord(next)
            && !lexicon.isNeverName(tokens[next].key)
        {
            return false
        }
        add(
            Mention(
                start: index, end: index + 1, type: .miscellaneous, label: "demonym", canonical: canonical,
                confidence: 0.6, origin: .rule))
        return true
    }

    /// `mer Noire`, `golfe Persique`: a lowercase place word and a capitalized name, one place.
    /// With a particle between them, the head is only a cue: `lac du Bourget` gives `Bourget`.
    private mutating func lowercaseLocation(at index: Int) -> Int? {
        guard lexicon.locationHeads.contains(tokens[index].key), index + 1 < tokens.count,
            tokens[index + 1].line == tokens[index].line
        else { return nil }
        var nameStart = index + 1
        if isConnector(nameStart) {
            nameStart += 1
            if nameStart < tokens.count && isConnector(nameStart) { nameStart += 1 }
        }
        guard nameStart < tokens.count, isFree(nameStart), isNameWord(nameStart),
            !lexicon.isNeverName(tokens[nameStart].key)
        else { return nil }
        let end = runEnd(from: nameStart)
        let start = nameStart == index + 1 ? index : nameStart
        add(Mention(start: start, end: end, type: .location, confidence: 0.6, origin: .rule))
        return end
    }
}
