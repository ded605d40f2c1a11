import DepecheCore

/// The context a name rule reads: a title before a name, a preposition before a place, the
/// words that continue an organization's name.
extension DocumentAnalysis {
    /// French and English prepositions that link a title or a head word to its complement.
    static let prepositions: Set<String> = ["de", "du", "des", "d'", "of"]
    /// Articles that may follow those prepositions.
    static let articles: Set<String> = ["la", "le", "les", "l'", "the"]

    /// Whether a title announces a person just before `start`:
    /// `le président ukrainien X`, `M. X`, `le secrétaire général de l'Otan, X`,
    /// `le ministre des Affaires étrangères X`, `the president, X`.
    func hasPersonCue(before start: Int) -> Bool {
        var index = start - 1
        if index >= 0 && tokens[index].key == "," {
            index -= 1
        }
        index = skipTitleModifiers(from: index)
        if index >= 0 && lexicon.titles.longestSuffix(of: tokens, endingAt: index) != nil {
            return true
        }
        // A complement between the title and the name: `de la Défense`, `de l'Otan`.
        if index >= 0 && tokens[index].letterCase == .lower && !lexicon.particles.contains(tokens[index].key) {
            index -= 1
        }
        guard index >= 0 else { return false }
        if let covering = mention(at: index) {
            index = covering.start - 1
        } else if tokens[index].isCapitalized && tokens[index].kind == .word {
            index -= 1
        } else {
            return false
        }
        if index >= 0 && Self.articles.contains(tokens[index].key) {
            index -= 1
        }
        guard index >= 0, Self.prepositions.contains(tokens[index].key) else { return false }
        index = skipTitleModifiers(from: index - 1)
        return index >= 0 && lexicon.titles.longestSuffix(of: tokens, endingAt: index) != nil
    }

    /// Steps back over up to three words such as `ukrainien`, `spécial`, `américain`.
    private func skipTitleModifiers(from index: Int) -> Int {
        var index = index
        var skipped = 0
        while index >= 0 && skipped < 3 && tokens[index].kind == .word
            && (lexicon.demonymAdjectives.contains(tokens[index].key)
                || lexicon.titleModifiers.contains(tokens[index].key))
        {
            index -= 1
            skipped += 1
        }
        return index
    }

    /// Whether a place preposition (`à`, `in`, `près de`) comes just before `start`.
    func hasPlaceCue(before start: Int) -> Bool {
        start > 0 && tokens[start - 1].line == tokens[start].line
            && lexicon.placeCues.longestSuffix(of: tokens, endingAt: start - 1) != nil
    }

    /// The end of the lowercase adjectives after `end`: `nationale`, `européenne`, `chinois`.
    func organizationAdjectivesEnd(from end: Int) -> Int {
        let line = end > 0 ? tokens[end - 1].line : 0
        var end = end
        while end < tokens.count && tokens[end].line == line && isFree(end) && tokens[end].letterCase == .lower
            && (lexicon.organizationAdjectives.contains(tokens[end].key)
                || lexicon.demonymAdjectives.contains(tokens[end].key))
        {
            end += 1
        }
        return end
    }

    /// Extends an organization that starts with a head word (`Banque`, `Ministère`, `Université`)
    /// over the adjectives and up to three complements that follow: `Parti communiste chinois`,
    /// `Université de Paris`, `Ministère de la Défense`, `Bureau international du travail`,
    /// `Organisation mondiale de la santé`.
    func extendOrganization(from start: Int, runEnd: Int) -> Int {
        let line = tokens[start].line
        var end = organizationAdjectivesEnd(from: runEnd)
        // A name after the adjectives: `Université nationale Ivan-Franko`.
        if end > runEnd && end < tokens.count && tokens[end].line == line && isFree(end) && isNameWord(end)
            && !lexicon.isNeverName(tokens[end].key)
        {
            end = self.runEnd(from: end)
        }
        for _ in 0..<3 {
            var next = end
            guard next < tokens.count, tokens[next].line == line, isFree(next),
                Self.prepositions.contains(tokens[next].key)
            else { break }
            next += 1
            if next < tokens.count && Self.articles.contains(tokens[next].key) {
                next += 1
            }
            guard next < tokens.count, tokens[next].line == line,
                lexicon.titles.longestPrefix(of: tokens, from: next, limit: next + 1) == nil
            else { break }
            if let covering = mention(at: next), covering.start == next,
                covering.type == .location || covering.type == .organization
            {
                end = covering.end
                continue
            }
            guard isFree(next), tokens[next].letterCount >= 2, lexicon.canContinueName(tokens[next].key) else {
                break
            }
            if isNameWord(next) {
                end = self.runEnd(from: next)
                continue
            }
            // A lowercase noun and up to two words after it: `de la sécurité des transports`.
            end = next + 1
            while end < tokens.count && end < next + 3 && tokens[end].line == line && isFree(end)
                && tokens[end].kind == .word && tokens[end].letterCase == .lower
                && lexicon.canContinueName(tokens[end].key)
            {
                end += 1
            }
        }
        return end
    }
}
