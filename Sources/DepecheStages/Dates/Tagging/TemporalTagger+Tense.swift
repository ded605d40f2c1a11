/// A light reading of the tense around an expression, to resolve a weekday or a month without
/// a year: the nearest future or past marker in the same sentence (`a déclaré mercredi`,
/// `se tiendra jeudi`, `will meet on Friday`).
extension TemporalTagger {
    /// How far (in tokens) to look on each side.
    static let tenseWindow = 8

    /// `.future`, `.past`, or `.none` when no marker is near.
    func tense(around range: Range<Int>) -> Direction {
        var left = range.lowerBound - 1
        var right = range.upperBound
        var leftOpen = range.lowerBound > 0 && !stream.tokens[range.lowerBound].lineBreakBefore
        var rightOpen = right < stream.count && !stream.tokens[right].lineBreakBefore
        for _ in 0..<Self.tenseWindow {
            if leftOpen, left >= 0 {
                if stream.tokens[left].endsSentence {
                    leftOpen = false
                } else {
                    let found = marker(at: left)
                    if found != .none { return found }
                    if stream.tokens[left].lineBreakBefore { leftOpen = false }
                    left -= 1
                }
            }
            if rightOpen, right < stream.count {
                if stream.tokens[right].endsSentence || stream.tokens[right].lineBreakBefore {
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

    private func marker(at index: Int) -> Direction {
        let token = stream.tokens[index]
        guard token.kind == .word else { return .none }
        if lexicon.futureVerbs.matches(stream, at: index) { return .future }
        if lexicon.pastVerbs.matches(stream, at: index) { return .past }
        // Suffixes only on lowercase words: names and acronyms are not verbs.
        guard !token.isCapitalized else { return .none }
        if lexicon.hasFutureSuffix(token.key) { return .future }
        if lexicon.hasPastSuffix(token.key) { return .past }
        return .none
    }
}
