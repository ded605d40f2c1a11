/// A light reading of the tense around an expression, to resolve a weekday or a month without
/// a year: the nearest future or past marker in the same sentence (`a déclaré mercredi`,
/// `se tiendra jeudi`, `will meet on Friday`).
extension TemporalTagger {
    /// How far (in tokens) to look on each side.
    static let tenseWindow = 12

    /// How many times farther a marker after the expression counts than one before it: the
    /// verb an adjunct depends on usually comes first (`will double its flights … by August in
    /// the search for markets untouched`), and the words after often start another clause.
    static let followingMarkerWeight = 2

    /// Auxiliaries after which a participle in `-ed` is passive, not past.
    static let passiveAuxiliaries: Set<String> = ["be", "being"]

    /// `.future`, `.past`, or `.none` when no marker is near: the nearest marker in the same
    /// sentence, those after the expression counting as farther.
    func tense(around range: Range<Int>) -> Direction {
        var before: (distance: Int, direction: Direction)?
        if range.lowerBound > 0, !stream.tokens[range.lowerBound].lineBreakBefore {
            var index = range.lowerBound - 1
            while index >= 0, range.lowerBound - index <= Self.tenseWindow, !endsSentence(at: index) {
                let found = marker(at: index)
                if found != .none {
                    before = (range.lowerBound - index, found)
                    break
                }
                if stream.tokens[index].lineBreakBefore { break }
                index -= 1
            }
        }
        var index = range.upperBound
        // A marker after must be strictly nearer, once weighted, than the one before.
        let limit = min(Self.tenseWindow, before.map { ($0.distance - 1) / Self.followingMarkerWeight } ?? Int.max)
        while index < stream.count, index - range.upperBound < limit, !endsSentence(at: index),
            !stream.tokens[index].lineBreakBefore
        {
            let found = marker(at: index)
            if found != .none { return found }
            index += 1
        }
        return before?.direction ?? .none
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

    func marker(at index: Int) -> Direction {
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
