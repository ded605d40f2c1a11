/// Finds temporal expressions in a token stream: a left-to-right scan that, at each token,
/// tries every rule, keeps the longest match and jumps past it. Every rule looks ahead a
/// bounded number of tokens, so the scan is linear in the text length. A class, so that rules
/// read the lexicon and the tokens in place instead of copying them.
final class TemporalTagger {
    struct Options: Sendable, Hashable {
        /// Tag `PAST_REF` / `PRESENT_REF` / `FUTURE_REF` expressions (`récemment`, `désormais`).
        var vagueReferences = true
        /// Tag sets (`chaque lundi`, `tous les ans`).
        var sets = true
    }

    let lexicon: Lexicon
    let stream: TokenStream
    let options: Options
    /// Whether the lexicons are English only (numeric dates then read month first).
    let readsMonthFirst: Bool
    /// Set while a rule looks for the day another expression builds on (`la veille du
    /// 14 juillet`, `la nuit de mardi à mercredi`), so that such lookups never nest and the scan
    /// stays linear.
    var isReadingNestedDay = false

    init(lexicon: Lexicon, stream: TokenStream, options: Options = Options()) {
        self.lexicon = lexicon
        self.stream = stream
        self.options = options
        readsMonthFirst = lexicon.languages == ["en"]
    }

    /// Every expression, in text order, without overlaps.
    func scan() -> [Match] {
        var found: [Match] = []
        var index = 0
        while index < stream.count {
            guard let group = best(at: index), let last = group.last, last.end > index,
                !isSuperseded(start: index, end: last.end)
            else {
                index += 1
                continue
            }
            found.append(contentsOf: group)
            index = last.end
        }
        return joiningRelativeYears(found)
    }

    /// Joins a date without a year to the relative year right after it (`January this year`,
    /// `June of last year`, `en mars l'an dernier`): one date in that year.
    private func joiningRelativeYears(_ matches: [Match]) -> [Match] {
        guard matches.count > 1 else { return matches }
        var joined: [Match] = []
        joined.reserveCapacity(matches.count)
        var index = 0
        while index < matches.count {
            var match = matches[index]
            if index + 1 < matches.count, case .point(var spec) = match.meaning, spec.takesRelativeYear,
                case .point(let next) = matches[index + 1].meaning, matches[index + 1].mod.isEmpty,
                case .relative(.year, let offset, let anaphoric) = next.day, next.partOfDay == nil
            {
                var gap = match.end
                if let (end, _) = lexicon.relativeYearLinks.match(stream, at: gap) { gap = end }
                if gap == matches[index + 1].start, !stream.tokens[gap].lineBreakBefore {
                    spec.yearOffset = offset
                    spec.yearFromLastMention = anaphoric
                    match = Match(range: match.start..<matches[index + 1].end, meaning: .point(spec), mod: match.mod)
                    index += 1
                    // The first days of a range or list share the year (`du 15 au 18 mars l'an dernier`,
                    // `les 8, 10 et 12 mai l'an dernier`).
                    var previous = joined.count - 1
                    var rangeStart = match.start
                    while case .calendar(_, .some(let month), _) = spec.day, previous >= 0,
                        case .point(var first) = joined[previous].meaning,
                        case .calendar(nil, .some(month), .some) = first.day, first.yearOffset == nil,
                        let linkEnd = stream.isSymbol(joined[previous].end, ",")
                            ? joined[previous].end + 1
                            : lexicon.rangeLinks.match(stream, at: joined[previous].end)?.end,
                        linkEnd == rangeStart
                    {
                        first.yearOffset = offset
                        first.yearFromLastMention = anaphoric
                        joined[previous].meaning = .point(first)
                        rangeStart = joined[previous].start
                        previous -= 1
                    }
                }
            }
            joined.append(match)
            index += 1
        }
        return joined
    }

    /// Whether an expression at least as long starts inside `start..<end` and goes past it
    /// (`in the past two months` is `the past two months`, not `in the past`).
    private func isSuperseded(start: Int, end: Int) -> Bool {
        for inner in (start + 1)..<end {
            if let other = best(at: inner)?.last, other.end > end, other.end - inner >= end - start {
                return true
            }
        }
        return false
    }

    /// Whether an expression may start at token `index`: a number, a word some lexicon knows,
    /// a capitalized roman numeral (`XXe`), or an apostrophe (`'90s`). Most words are none of
    /// these, which keeps the scan cheap.
    @inline(__always)
    private func mayStart(_ index: Int) -> Bool {
        let token = stream.tokens[index]
        switch token.kind {
        case .number: return true
        case .symbol: return token.key == "'"
        case .word:
            if stream.infos[index].isKnown { return true }
            guard token.isCapitalized, let first = token.key.utf8.first else { return false }
            return first == UInt8(ascii: "x") || first == UInt8(ascii: "v") || first == UInt8(ascii: "i")
                || first == UInt8(ascii: "l") || first == UInt8(ascii: "c")
        }
    }

    /// The longest candidate starting at `index` (a group: a range like `15 et 16 mars` gives two).
    func best(at index: Int) -> [Match]? {
        guard mayStart(index) else { return nil }
        var best: [Match]?
        func consider(_ group: [Match]?) {
            guard let group, let last = group.last, !group.isEmpty else { return }
            if let current = best?.last, current.end >= last.end { return }
            best = group
        }
        consider(modified(at: index))
        for rule in Rule.allCases {
            consider(apply(rule, at: index, context: false))
        }
        return best
    }

    /// The rules, in priority order for matches of equal length.
    enum Rule: CaseIterable {
        case numericDate, dayMonth, monthFirst, weekday, time, phrase, relativeUnit, set, duration, season
        case year, spokenYear, decade, centuryOrQuarter, periodLetter, monthFirstRange
    }

    /// Applies `rule` at token `index`; `context` says a cue before it (a modifier) makes a
    /// lone month or year read as a date.
    func apply(_ rule: Rule, at index: Int, context: Bool) -> [Match]? {
        switch rule {
        case .numericDate: numericDate(at: index).map { [$0] }
        case .dayMonth: dayMonth(at: index)
        case .monthFirst: monthFirst(at: index, context: context).map { [$0] }
        case .weekday: weekday(at: index).map { [$0] }
        case .time: time(at: index).map { [$0] }
        case .phrase: phrase(at: index).map { [$0] }
        case .relativeUnit: relativeUnit(at: index).map { [$0] }
        case .set: set(at: index).map { [$0] }
        case .duration: duration(at: index).map { [$0] }
        case .season: season(at: index, context: context).map { [$0] }
        case .year: year(at: index, context: context).map { [$0] }
        case .spokenYear: spokenYear(at: index, context: context).map { [$0] }
        case .decade: decade(at: index).map { [$0] }
        case .centuryOrQuarter: centuryOrQuarter(at: index).map { [$0] }
        case .periodLetter: periodLetter(at: index).map { [$0] }
        case .monthFirstRange: monthFirstRange(at: index)
        }
    }

    /// A modifier (`début`, `fin de`, `environ`, `mi-`) followed by an expression it can modify.
    private func modified(at index: Int) -> [Match]? {
        var best: [Match]?
        if let (afterModifier, mod) = lexicon.pointModifiers.match(stream, at: index) {
            for start in coreStarts(after: afterModifier) {
                var candidates = Rule.allCases.compactMap { apply($0, at: start, context: true) }
                if let bare = currentPeriod(at: start) { candidates.append([bare]) }
                for group in candidates {
                    guard group.count == 1, var match = group.first, match.start == start else { continue }
                    guard case .point = match.meaning else { continue }
                    match.range = index..<match.end
                    if !mod.isEmpty { match.mod = mod }
                    if best == nil || best![0].end < match.end { best = [match] }
                }
            }
        }
        // `over the past decade` is during it, not more than it.
        if let (afterModifier, mod) = lexicon.durationModifiers.match(stream, at: index),
            !lexicon.articles.matches(stream, at: afterModifier)
        {
            for start in coreStarts(after: afterModifier) {
                for rule in Rule.allCases {
                    guard let group = apply(rule, at: start, context: true), group.count == 1, var match = group.first,
                        match.start == start
                    else { continue }
                    switch match.meaning {
                    case .duration: break
                    case .point(let spec) where spec.time != nil: break
                    default: continue
                    }
                    match.range = index..<match.end
                    if !mod.isEmpty { match.mod = mod }
                    // `plus de 24 heures` is a duration rather than a time, at the same length.
                    if let current = best?.first, current.end == match.end, case .duration = match.meaning,
                        case .point = current.meaning
                    {
                        best = [match]
                    }
                    if best == nil || best![0].end < match.end { best = [match] }
                }
            }
        }
        return best
    }

    /// Where the modified expression may start: right after the modifier, or after a link
    /// word (`fin de l'année`, `mi-mars`).
    private func coreStarts(after index: Int) -> [Int] {
        var starts = [index]
        if let (end, _) = lexicon.modifierLinks.match(stream, at: index) { starts.append(end) }
        return starts
    }

    /// `l'année`, `la semaine`, `the year` with no cue: the current period, only after a
    /// modifier (`fin de l'année`, `the end of the year`).
    private func currentPeriod(at index: Int) -> Match? {
        var position = index
        if let (end, _) = lexicon.articles.match(stream, at: position) { position = end }
        guard let (end, unit) = lexicon.calendarUnits.match(stream, at: position) else { return nil }
        guard let base = calendarBase(unit) else { return nil }
        return Match(range: index..<end, meaning: .point(PointSpec(day: .relative(base, 0, anaphoric: false))))
    }

    /// The calendar base of a unit that names a calendar period, or `nil`.
    func calendarBase(_ unit: TemporalUnit) -> TemporalUnit.Base? {
        guard unit.multiplier == 1 else { return nil }
        switch unit.base {
        case .year, .month, .week, .day, .quarter, .half, .weekend, .decade, .century: return unit.base
        default: return nil
        }
    }
}
