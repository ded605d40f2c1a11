/// A light reading of the tense around an expression, to resolve a weekday or a month without
/// a year: the nearest future or past marker in the same sentence (`a déclaré mercredi`,
/// `se tiendra jeudi`, `will meet on Friday`).
extension TemporalTagger {
    /// How far (in tokens) to look on each side.
    static let tenseWindow = 12

    /// Auxiliaries after which a participle in `-ed` is passive, not past.
    static let passiveAuxiliaries: Set<String> = ["be", "being"]

    /// `.future`, `.past`, or `.none` when no marker is near.
    func tense(around range: Range<Int>) -> Direction {
        var left = range.lowerBound - 1
        var right = range.upperBound
        var leftOpen = range.lowerBound > 0 && !stream.tokens[range.lowerBound].lineBreakBefore
        var rightOpen = right < stream.count && !stream.tokens[right].lineBreakBefore
        for _ in 0..<Self.tenseWindow {
            if leftOpen, left >= 0 {
                if endsSentence(at: left) {
                    leftOpen = false
                } else {
                    let found = marker(at: left)
                    if found != .none { return found }
                    if stream.tokens[left].lineBreakBefore { leftOpen = false }
                    left -= 1
                }
            }
            if rightOpen, right < stream.count {
                if endsSentence(at: right) || stream.tokens[right].lineBreakBefore {
                    rightOpen = false
                } else {
                    let found = marker(at: right)
                    if found != .none { return found }
                    right += 1
                }
            }
            if !leftOpen && !rightOpen { break }
        }
        return .none
    }

    /// Whether the token at `index` ends a sentence: the period of an initial or of an
    /// abbreviation spelled with initials (`N.J.`, `U.S.`) does not.
    private func endsSentence(at index: Int) -> Bool {
        let token = stream.tokens[index]
        guard token.endsSentence else { return false }
        guard token.key == ".", index > 0 else { return true }
        let previous = stream.tokens[index - 1]
        return !(previous.kind == .word && previous.key.unicodeScalars.count == 1 && previous.isCapitalized)
    }

    private func marker(at index: Int) -> Direction {
        let token = stream.tokens[index]
        guard token.kind == .word else { return .none }
        // `next to the embassy` is a place.
        if token.key == "next", index + 1 < stream.count, stream.tokens[index + 1].key == "to" { return .none }
        if lexicon.futureVerbs.matches(stream, at: index) { return .future }
        if lexicon.pastVerbs.matches(stream, at: index) { return .past }
        // Suffixes only on lowercase words: names and acronyms are not verbs.
        guard !token.isCapitalized else { return .none }
        if lexicon.hasFutureSuffix(token.key) { return .future }
        // A participle after `be` is passive and takes its tense from the auxiliary before it
        // (`will be named`).
        if lexicon.hasPastSuffix(token.key) {
            let passive = index > 0 && Self.passiveAuxiliaries.contains(stream.tokens[index - 1].key)
            return passive ? .none : .past
        }
        return .none
    }
}
