import DepecheCore

/// The rules for names the gazetteer does not know: runs of capitalized words, typed by the
/// cues around and inside them.
extension DocumentAnalysis {
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
    /// between them (`Charles de Gaulle`, `Ministère de la Défense`).
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
            if index > start && isConnector(index) {
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
            if lexicon.organizationHeads.contains(token.key) || lexicon.givenNames.contains(token.key) {
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
        while end > start && isConnector(end - 1) {
            end -= 1
        }
        guard start < end else { return }
        if start == runStart && !personCue {
            personCue = hasPersonCue(before: start)
        }
        let first = tokens[start]
        let named = lexicon.givenNames.contains(first.key) || personCue
        if !named && !lexicon.organizationHeads.contains(first.key) && !lexicon.locationHeads.contains(first.key),
            let connector = (start..<end).first(where: { isConnector($0) })
        {
            end = connector
        }
        let length = end - start
        let last = tokens[end - 1]

        if lexicon.organizationHeads.contains(first.key) {
            let organizationEnd = extendOrganization(from: start, runEnd: end)
            if organizationEnd - start >= 2 {
                add(Mention(start: start, end: organizationEnd, type: .organization, confidence: 0.7, origin: .rule))
            }
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
        let plainWords = (start..<end).allSatisfy { index in
            let token = tokens[index]
            return token.letterCase == .capitalized && (token.letterCount >= 2 || token.isAbbreviation)
                && !lexicon.isNeverName(token.key)
        }
        if plainWords {
            add(Mention(start: start, end: end, type: .person, confidence: 0.5, origin: .rule))
        }
    }

    /// A lone capitalized word: an acronym, a place after `à`/`in`, or a word to link later.
    private mutating func classifySingle(_ index: Int) {
        let token = tokens[index]
        let isAcronym =
            token.letterCase == .upper && (2...6).contains(token.letterCount) && !token.isAbbreviation
            && !titleCaseLines.contains(token.line)
        if isAcronym {
            add(Mention(start: index, end: index + 1, type: .organization, confidence: 0.5, origin: .rule))
        } else if !token.isSentenceStart && token.letterCase == .capitalized && token.letterCount >= 2
            && !token.isAbbreviation && hasPlaceCue(before: index)
        {
            add(Mention(start: index, end: index + 1, type: .location, confidence: 0.55, origin: .rule))
        } else {
            pendingSingles.append(index)
        }
    }

    /// A nationality or group noun (`Européens`, `Russians`): MISC, unless a name follows it.
    private mutating func addDemonym(at index: Int) -> Bool {
        let token = tokens[index]
        guard token.letterCase == .capitalized, let canonical = lexicon.demonymNouns[token.key] else { return false }
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

    /// `mer Noire`, `golfe Persique`, `lac Léman`: a lowercase place word and a capitalized name.
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
        add(Mention(start: index, end: end, type: .location, confidence: 0.6, origin: .rule))
        return end
    }
}
