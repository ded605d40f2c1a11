import DepecheCore

/// Rules for single words: roads, acronyms, places after a preposition, nationality nouns, and
/// places named after a lowercase head word.
extension DocumentAnalysis {
    /// A lone capitalized word: a road, an acronym, a place after `à`/`in`, or a word to link later.
    mutating func classifySingle(_ index: Int) {
        let token = tokens[index]
        let hasDigits = token.key.unicodeScalars.contains { CharacterClass.isDigit($0) }
        if Self.isRoadNumber(token.key) {
            add(
                Mention(
                    start: index,
                    end: index + 1,
                    type: .location,
                    label: "road",
                    confidence: Confidence.lowercaseLocation,
                    origin: .rule
                )
            )
        } else if token.letterCase == .upper && (2...6).contains(token.letterCount) && !hasDigits
            && !token.isAbbreviation && !titleCaseLines.contains(token.line) && !Self.isRomanNumeral(token.key)
        {
            add(
                Mention(
                    start: index,
                    end: index + 1,
                    type: .organization,
                    confidence: Confidence.acronym,
                    origin: .rule
                )
            )
        } else if !token.isSentenceStart && token.letterCase == .capitalized && token.letterCount >= 2
            && !token.isAbbreviation && hasPlaceCue(before: index)
        {
            add(
                Mention(
                    start: index,
                    end: index + 1,
                    type: .location,
                    confidence: Confidence.placePreposition,
                    origin: .rule
                )
            )
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
    mutating func addDemonym(at index: Int) -> Bool {
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
                start: index,
                end: index + 1,
                type: .miscellaneous,
                label: "demonym",
                canonical: canonical,
                confidence: Confidence.demonym,
                origin: .rule
            )
        )
        return true
    }

    /// `mer Noire`, `golfe Persique`: a lowercase place word and a capitalized name, one place.
    /// With a particle between them, the head is only a cue: `lac du Bourget` gives `Bourget`.
    mutating func lowercaseLocation(at index: Int) -> Int? {
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
        add(Mention(start: start, end: end, type: .location, confidence: Confidence.lowercaseLocation, origin: .rule))
        return end
    }
}
