/// Years, decades, centuries, quarters and seasons.
extension TemporalTagger {
    /// A year alone: `2014`, guarded against quantities (`2000 euros`, `les 1500 soldats`) and
    /// labels (`article 2005`).
    func year(at index: Int, context: Bool) -> Match? {
        guard index < stream.count else { return nil }
        let token = stream.tokens[index]
        guard token.kind == .number, token.digitCount == 4, let value = token.numberValue,
            (1000...2199).contains(value)
        else { return nil }
        let next = index + 1
        // Part of a bigger number: `2014,5`, `3.2014`, `1 2014`, `2000 000`, `1990s`.
        if stream.isAttached(next), stream.isSymbol(next, ",") || stream.isSymbol(next, "."),
            stream.isAttached(next + 1), stream.number(next + 1) != nil
        {
            return nil
        }
        if stream.isAttached(index), index >= 2, stream.tokens[index - 1].kind == .symbol,
            [",", ".", "/", ":"].contains(stream.tokens[index - 1].key), stream.tokens[index - 2].kind == .number,
            !(stream.isSymbol(index - 1, "/") && stream.tokens[index - 2].digitCount == 4)  // `2002/2003`
        {
            return nil
        }
        if index > 0, stream.tokens[index - 1].kind == .number, token.spaceBefore, !token.lineBreakBefore,
            stream.tokens[index - 1].digitCount <= 3
        {
            return nil
        }
        if next < stream.count, stream.tokens[next].kind == .number, stream.tokens[next].digitCount == 3,
            !stream.tokens[next].lineBreakBefore
        {
            return nil
        }
        if stream.isAttached(next), next < stream.count, stream.tokens[next].kind == .word { return nil }
        if lexicon.notYearAfter.matches(stream, at: next) { return nil }
        if lexicon.notYearBefore.match(stream, endingAt: index) != nil { return nil }
        let cued = context || hasYearCue(before: index)
        if let (determinerStart, _) = lexicon.quantityDeterminers.match(stream, endingAt: index) {
            // `environ 1800 écoles`: an amount of what follows, unless a year cue comes before the
            // determiner (`depuis environ 2015`) or no noun follows (`jusqu'à 2030 la dette`).
            if !cued { return nil }
            if lexicon.strongYearCues.match(stream, endingAt: determinerStart) == nil, next < stream.count,
                stream.tokens[next].kind == .word, !stream.tokens[next].isCapitalized,
                !stream.tokens[next].lineBreakBefore,
                !lexicon.functionWords.matches(stream, at: next)
            {
                return nil
            }
        }
        // Outside 1900-2100, only a strong cue (`en 1789`) makes a number a year (not `de 1533`).
        if !(1900...2100).contains(value) && !context && lexicon.strongYearCues.match(stream, endingAt: index) == nil {
            return nil
        }
        // `the 1988 second quarter`, `the 1988 period` (the quarter the report is about).
        if let (end, quarter) = namedQuarter(at: next) {
            return Match(range: index..<end, meaning: .point(PointSpec(day: .quarter(quarter, year: value))))
        }
        if let (end, _) = lexicon.reportingPeriods.match(stream, at: next) {
            let day = PointSpec.Day.quarterReference(quarter: nil, year: value, yearOffset: 0, fromContext: false)
            return Match(range: index..<end, meaning: .point(PointSpec(day: day)))
        }
        return Match(range: index..<next, meaning: .point(PointSpec(day: .calendar(year: value, month: nil, day: nil))))
    }

    /// A year in words after a cue: `in nineteen ninety-six`, `the year two thousand`.
    func spokenYear(at index: Int, context: Bool) -> Match? {
        guard let (end, year) = spokenYearValue(at: index) else { return nil }
        // `nineteen ninety-six` reads as nothing but a year; `twenty ten` or `two thousand` may
        // be amounts or a time and need a cue.
        let unambiguous = (1800...1999).contains(year) && (18...19).contains(stream.infos[index].number)
        guard unambiguous || context || hasYearCue(before: index) || lexicon.monthsBefore(stream, index) else {
            return nil
        }
        return Match(range: index..<end, meaning: .point(PointSpec(day: .calendar(year: year, month: nil, day: nil))))
    }

    /// The end and value of a year written in words: `nineteen ninety-six` (a pair of two-digit
    /// numbers), `two thousand`, `two thousand and one`.
    func spokenYearValue(at index: Int) -> (end: Int, year: Int)? {
        guard index < stream.count, stream.tokens[index].kind == .word else { return nil }
        let century = Int(stream.infos[index].number)
        if (10...21).contains(century), !stream.isSymbol(index + 1, "-"),
            let rest = numberWords(at: index + 1), let value = rest.value, !rest.isApproximate,
            (10...99).contains(Int(value)), stream.infos[index + 1].number >= 10
        {
            guard !lexicon.units.matches(stream, at: rest.end), !lexicon.notYearAfter.matches(stream, at: rest.end)
            else { return nil }
            return (rest.end, century * 100 + Int(value))
        }
        if let whole = numberWords(at: index), let value = whole.value, (2000...2099).contains(Int(value)),
            !whole.isApproximate, !lexicon.units.matches(stream, at: whole.end),
            !lexicon.notYearAfter.matches(stream, at: whole.end)
        {
            return (whole.end, Int(value))
        }
        return nil
    }

    /// An ordinal quarter: `third quarter`, `third-quarter`, `troisième trimestre`; its end and number.
    func namedQuarter(at index: Int) -> (end: Int, quarter: Int)? {
        guard let (afterOrdinal, value) = ordinal(at: index), (1...4).contains(value) else { return nil }
        var position = afterOrdinal
        if stream.isSymbol(position, "-"), stream.isAttached(position) { position += 1 }
        guard let (end, unit) = lexicon.calendarUnits.match(stream, at: position), unit.base == .quarter,
            unit.multiplier == 1
        else { return nil }
        return (end, value)
    }

    /// `les années 1990`, `années 90`, `the 1990s`, `the '90s`.
    func decade(at index: Int) -> Match? {
        guard index < stream.count else { return nil }
        if let (afterWord, _) = lexicon.decadeWords.match(stream, at: index), let value = stream.number(afterWord) {
            let digits = stream.tokens[afterWord].digitCount
            if digits == 4, value % 10 == 0, (1000...2199).contains(value) {
                return Match(range: index..<afterWord + 1, meaning: .point(PointSpec(day: .decade(value / 10))))
            }
            if digits == 2, value % 10 == 0, value > 0 {
                return Match(range: index..<afterWord + 1, meaning: .point(PointSpec(day: .decade(190 + value / 10))))
            }
            return nil
        }
        var position = index
        let apostrophe = stream.isSymbol(position, "'")
        if apostrophe { position += 1 }
        guard let value = stream.number(position), value % 10 == 0, stream.isAttached(position + 1),
            position + 1 < stream.count, stream.tokens[position + 1].key == "s"
        else { return nil }
        let digits = stream.tokens[position].digitCount
        if digits == 4, (1000...2199).contains(value) {
            return Match(range: index..<position + 2, meaning: .point(PointSpec(day: .decade(value / 10))))
        }
        if digits == 2 {
            return Match(range: index..<position + 2, meaning: .point(PointSpec(day: .decade(190 + value / 10))))
        }
        return nil
    }

    /// `XXe siècle`, `21st century`, `le troisième trimestre 2025`, `third-quarter`, `premier semestre`.
    func centuryOrQuarter(at index: Int) -> Match? {
        if let match = finalPart(at: index) { return match }
        guard let (afterOrdinal, value) = ordinal(at: index) else { return nil }
        var position = afterOrdinal
        if stream.isSymbol(position, "-"), stream.isAttached(position) { position += 1 }
        if let (end, _) = lexicon.centuryWords.match(stream, at: position) {
            guard (1...30).contains(value) else { return nil }
            return Match(range: index..<end, meaning: .point(PointSpec(day: .century(value - 1))))
        }
        if let (afterHalf, _) = lexicon.yearHalves.match(stream, at: position) {
            guard (1...2).contains(value), let found = yearAfterDate(at: afterHalf) else { return nil }
            return Match(range: index..<found.end, meaning: .point(PointSpec(day: .half(value, year: found.year))))
        }
        guard let (afterUnit, unit) = lexicon.calendarUnits.match(stream, at: position) else { return nil }
        var year: Int?
        var end = afterUnit
        var yearPosition = afterUnit
        if let (linkEnd, _) = lexicon.modifierLinks.match(stream, at: yearPosition) { yearPosition = linkEnd }
        if let found = yearAfterDate(at: yearPosition) {
            year = found.year
            end = found.end
        }
        switch unit.base {
        case .quarter where (1...4).contains(value) && unit.multiplier == 1:
            return Match(range: index..<end, meaning: .point(PointSpec(day: .quarter(value, year: year))))
        case .half where (1...2).contains(value) && unit.multiplier == 1:
            return Match(range: index..<end, meaning: .point(PointSpec(day: .half(value, year: year))))
        default:
            return nil
        }
    }

    /// `Q3 2025`, `Q4`, `H1 2026`, `T3 2025`: a capital letter and the period's number, and the
    /// year, required for letters that are also other abbreviations.
    func periodLetter(at index: Int) -> Match? {
        guard index + 1 < stream.count, stream.tokens[index].isCapitalized,
            stream.tokens[index].end - stream.tokens[index].start == 1,
            let (afterLetter, count) = lexicon.periodLetters.match(stream, at: index), afterLetter == index + 1,
            stream.isAttached(afterLetter), let number = stream.number(afterLetter), (1...count).contains(number),
            stream.tokens[afterLetter].digitCount == 1
        else { return nil }
        let afterNumber = afterLetter + 1
        // `Q3X`, `H1N1`: a name.
        if afterNumber < stream.count, stream.isAttached(afterNumber), stream.tokens[afterNumber].kind != .symbol {
            return nil
        }
        let found = yearAfterDate(at: afterNumber)
        // `the Audi Q3`, `Green H2`: after a name, a model or a product.
        let afterName =
            !startsSentence(index) && stream.tokens[index - 1].kind == .word && stream.tokens[index - 1].isCapitalized
            && !startsSentence(index - 1)
        if found == nil, afterName || lexicon.periodLettersNeedingYear.matches(stream, at: index) { return nil }
        let day: PointSpec.Day = count == 4 ? .quarter(number, year: found?.year) : .half(number, year: found?.year)
        return Match(range: index..<(found?.end ?? afterNumber), meaning: .point(PointSpec(day: day)))
    }

    /// `the last half of 1989`, `the final quarter of 1988`: the last half or quarter of a
    /// year given after it (without the year, `the last quarter` is a span of three months).
    private func finalPart(at index: Int) -> Match? {
        var position = index
        if let (afterArticle, _) = lexicon.articles.match(stream, at: position) { position = afterArticle }
        guard let (afterWord, _) = lexicon.finalParts.match(stream, at: position) else { return nil }
        let day: PointSpec.Day
        let found: (end: Int, year: Int)?
        if let (afterHalf, _) = lexicon.yearHalves.match(stream, at: afterWord) {
            found = yearAfterDate(at: afterHalf)
            day = .half(2, year: found?.year)
        } else if let (afterUnit, unit) = lexicon.calendarUnits.match(stream, at: afterWord), unit.multiplier == 1,
            unit.base == .quarter
        {
            found = yearAfterDate(at: afterUnit)
            day = .quarter(4, year: found?.year)
        } else {
            return nil
        }
        guard let found else { return nil }
        return Match(range: index..<found.end, meaning: .point(PointSpec(day: day)))
    }

    /// `printemps`, `printemps 2024`, `l'été dernier`, `summer of 2024`; `été` (a participle
    /// too) only after a cue.
    func season(at index: Int, context: Bool) -> Match? {
        guard index < stream.count, stream.tokens[index].kind == .word else { return nil }
        let info = stream.infos[index]
        guard let seasonCode = info.season else { return nil }
        var end = index + 1
        var year: Int?
        var position = end
        if let (linkEnd, _) = lexicon.dayMonthLinks.match(stream, at: position) { position = linkEnd }
        if let found = yearAfterDate(at: position) {
            year = found.year
            end = found.end
        }
        if year == nil, lexicon.seasonBlockers.match(stream, endingAt: index) != nil { return nil }
        var spec = PointSpec(day: .season(seasonCode, year: year))
        if year == nil { end = directionCue(after: end, into: &spec) }
        let cued = context || year != nil || end > index + 1 || lexicon.seasonCues.match(stream, endingAt: index) != nil
        if info.seasonNeedsContext && !cued { return nil }
        if stream.tokens[index].isCapitalized && !cued && !startsSentence(index) { return nil }
        return Match(range: index..<end, meaning: .point(spec))
    }

    /// Whether token `index` is the first of its sentence or line.
    func startsSentence(_ index: Int) -> Bool {
        index == 0 || stream.tokens[index].lineBreakBefore || stream.tokens[index - 1].endsSentence
            || stream.isSymbol(index - 1, "«") || stream.isSymbol(index - 1, "\"")
    }
}
