/// Periods named relative to the reference date (`la semaine dernière`, `cette année`,
/// `last week`, `ce matin`, `ce jeudi`) and sets (`chaque lundi`, `tous les ans`).
extension TemporalTagger {
    func relativeUnit(at index: Int) -> Match? {
        if let (afterDemonstrative, _) = lexicon.demonstratives.match(stream, at: index),
            let match = current(at: index, after: afterDemonstrative)
        {
            return match
        }
        if let (afterArticle, _) = lexicon.articles.match(stream, at: index),
            let (afterUnit, unit) = lexicon.calendarUnits.match(stream, at: afterArticle),
            let base = calendarBase(unit)
        {
            var spec = PointSpec(day: .relative(base, 0, anaphoric: false))
            // `l'année en cours`
            if let (suffixEnd, _) = lexicon.currentSuffixes.match(stream, at: afterUnit), base != .day {
                return Match(range: index..<suffixEnd, meaning: .point(spec))
            }
            let end = directionCue(after: afterUnit, into: &spec)
            // `le week-end`, `over the weekend`: the nearest one.
            if end == afterUnit, base == .weekend {
                return Match(range: index..<end, meaning: .point(spec))
            }
            guard end > afterUnit else { return nil }
            let step = spec.direction == .strictlyPast ? -1 : 1
            spec = PointSpec(day: .relative(base, step, anaphoric: spec.fromLastDate))
            return Match(range: index..<end, meaning: .point(spec))
        }
        return prefixed(at: index) ?? partOfDay(at: index)
    }

    /// `la nuit`, `la soirée`, `the morning` after `dans`, `pendant`, `in` (`en soirée` without
    /// an article): that part of the last date mentioned. Before a day, that part of the day
    /// (`la nuit de mardi à mercredi`, `la matinée du 3 mars`).
    private func partOfDay(at index: Int) -> Match? {
        var position = index
        if let (afterArticle, _) = lexicon.articles.match(stream, at: index) {
            position = afterArticle
        } else if lexicon.barePartOfDayPrepositions.match(stream, endingAt: index) == nil {
            return nil
        }
        guard let (end, part) = lexicon.partsOfDay.match(stream, at: position) else { return nil }
        if let named = partOfNamedDay(part, from: index, after: end) { return named }
        guard lexicon.partOfDayPrepositions.match(stream, endingAt: index) != nil else { return nil }
        return Match(range: index..<end, meaning: .point(PointSpec(day: .unspecified, partOfDay: part)))
    }

    /// `de mardi à mercredi`, `du 3 mars` after a part of the day ending at `end`: that part of
    /// the first day, as one expression.
    private func partOfNamedDay(_ part: String, from start: Int, after end: Int) -> Match? {
        guard !isReadingNestedDay, let (linkEnd, _) = lexicon.modifierLinks.match(stream, at: end),
            linkEnd < stream.count, !stream.tokens[linkEnd].lineBreakBefore
        else { return nil }
        isReadingNestedDay = true
        defer { isReadingNestedDay = false }
        guard let group = best(at: linkEnd), group.count <= 2, let day = group.first,
            case .point(var spec) = day.meaning, spec.namesDay(), day.mod.isEmpty
        else { return nil }
        var matchEnd = group[group.count - 1].end
        // `du samedi 30 au dimanche 31 août`: the first day's number, read with the second's month.
        var firstEnd = matchEnd
        if group.count == 1, case .weekday = spec.day, let (numberEnd, _) = dayNumber(at: firstEnd) {
            firstEnd = numberEnd
        }
        // `la nuit de mardi à mercredi prochain`, `de samedi à dimanche 2 mars`: the night that
        // ends on the second day, which says more (`la nuit du 3 au 4 mars` is a range already).
        if group.count == 1, let (rangeEnd, _) = lexicon.rangeLinks.match(stream, at: firstEnd),
            let next = best(at: rangeEnd), next.count == 1, case .point(var second) = next[0].meaning,
            second.namesDay(), next[0].mod.isEmpty
        {
            second.dayShift -= 1
            spec = second
            matchEnd = next[0].end
        }
        spec.partOfDay = part
        return Match(range: start..<matchEnd, meaning: .point(spec))
    }

    /// After `ce`, `cette`, `this`: the current week, month, year, morning, Thursday, summer.
    private func current(at index: Int, after demonstrative: Int) -> Match? {
        var position = demonstrative
        var same = false
        if let (end, _) = lexicon.sameWords.match(stream, at: position) {
            position = end
            same = true
        }
        if let (afterUnit, unit) = lexicon.calendarUnits.match(stream, at: position), let base = calendarBase(unit) {
            if base == .year, !same, let possessed = yearsQuarter(after: afterUnit, yearOffset: 0) {
                return Match(range: index..<possessed.end, meaning: .point(PointSpec(day: possessed.day)))
            }
            // `cette année-là`: the year of the last date mentioned.
            if let (suffixEnd, _) = lexicon.anaphoricSuffixes.match(stream, at: afterUnit) {
                let day: PointSpec.Day = base == .day ? .anaphoricDay(0) : .relative(base, 0, anaphoric: true)
                return Match(range: index..<suffixEnd, meaning: .point(PointSpec(day: day)))
            }
            var end = afterUnit
            if let (suffixEnd, _) = lexicon.currentSuffixes.match(stream, at: end) { end = suffixEnd }
            let spec = PointSpec(day: base == .day ? .relativeDay(0) : .relative(base, 0, anaphoric: false))
            return Match(range: index..<end, meaning: .point(spec))
        }
        if let (afterPart, part) = lexicon.partsOfDay.match(stream, at: position) {
            // `ce soir-là`: that part of the last date mentioned.
            if let (suffixEnd, _) = lexicon.anaphoricSuffixes.match(stream, at: afterPart) {
                return Match(
                    range: index..<suffixEnd,
                    meaning: .point(PointSpec(day: .anaphoricDay(0), partOfDay: part))
                )
            }
            var spec = PointSpec(day: .relativeDay(0), partOfDay: part)
            let end = extendDay(&spec, from: afterPart)
            return Match(range: index..<end, meaning: .point(spec))
        }
        if position < stream.count, stream.infos[position].weekday > 0 {
            var spec = PointSpec(day: .nearestWeekday(Int(stream.infos[position].weekday)))
            spec.fromLastDate = same
            let end = extendDay(&spec, from: position + 1)
            return Match(range: index..<end, meaning: .point(spec))
        }
        if position < stream.count, let seasonCode = stream.infos[position].season {
            var spec = PointSpec(day: .season(seasonCode, year: nil))
            spec.direction = .current
            return Match(range: index..<position + 1, meaning: .point(spec))
        }
        return nil
    }

    /// `last week`, `next Monday`, `this summer`, `the past year` (a duration), `last May`.
    private func prefixed(at index: Int) -> Match? {
        var position = index
        var hasArticle = false
        if let (end, _) = lexicon.articles.match(stream, at: position) {
            position = end
            hasArticle = true
        }
        if hasArticle, let match = anaphoricPrefixed(at: index, after: position) { return match }
        // `that year`, `later that month`: the period of the last date mentioned.
        if !hasArticle, let (afterCue, _) = lexicon.prefixAnaphoricCurrentCues.match(stream, at: position),
            let (afterUnit, unit) = lexicon.calendarUnits.match(stream, at: afterCue), let base = calendarBase(unit),
            base != .day, demonstrativeLeadsPeriod(at: index, periodEnd: afterUnit)
        {
            return Match(range: index..<afterUnit, meaning: .point(PointSpec(day: .relative(base, 0, anaphoric: true))))
        }
        let step: Int
        if let (end, _) = lexicon.prefixPastCues.match(stream, at: position) {
            step = -1
            position = end
        } else if let (end, _) = lexicon.prefixFutureCues.match(stream, at: position) {
            step = 1
            position = end
        } else if let (end, _) = lexicon.prefixCurrentCues.match(stream, at: position) {
            step = 0
            position = end
        } else {
            return nil
        }
        let direction: Direction = step < 0 ? .strictlyPast : step > 0 ? .strictlyFuture : .current
        if let (afterUnit, unit) = lexicon.calendarUnits.match(stream, at: position), let base = calendarBase(unit) {
            // `the past year`, `the last week`, `the next month` name the period before or after the
            // current one, as TimeBank annotates them; `the past day`, `the last quarter` are a
            // stretch of time.
            // `the last week of August`, `the last year of his term`: a stretch inside something else.
            if hasArticle && step != 0
                && (![.year, .month, .week, .decade].contains(base)
                    || lexicon.quantityLinks.matches(stream, at: afterUnit))
            {
                return Match(range: index..<afterUnit, meaning: .duration(unit.durationValue(1)))
            }
            if base == .year, let possessed = yearsQuarter(after: afterUnit, yearOffset: step) {
                return Match(range: index..<possessed.end, meaning: .point(PointSpec(day: possessed.day)))
            }
            let day: PointSpec.Day = base == .day ? .relativeDay(step) : .relative(base, step, anaphoric: false)
            return Match(range: index..<afterUnit, meaning: .point(PointSpec(day: day)))
        }
        guard !hasArticle, position < stream.count else { return nil }
        let info = stream.infos[position]
        if info.weekday > 0 {
            var spec = PointSpec(day: step == 0 ? .nearestWeekday(Int(info.weekday)) : .weekday(Int(info.weekday)))
            spec.direction = direction
            let end = extendDay(&spec, from: position + 1)
            return Match(range: index..<end, meaning: .point(spec))
        }
        if info.month > 0, !info.monthNeedsContext || stream.tokens[position].isCapitalized,
            let dated = monthFirst(at: position, context: true), case .point(var spec) = dated.meaning
        {
            if case .calendar(nil, _, _) = spec.day { spec.direction = direction }
            return Match(range: index..<dated.end, meaning: .point(spec))
        }
        if let seasonCode = info.season {
            var spec = PointSpec(day: .season(seasonCode, year: nil))
            spec.direction = direction
            return Match(range: index..<position + 1, meaning: .point(spec))
        }
        if step == 0, let (afterPart, part) = lexicon.partsOfDay.match(stream, at: position) {
            var spec = PointSpec(day: .relativeDay(0), partOfDay: part)
            let end = extendDay(&spec, from: afterPart)
            return Match(range: index..<end, meaning: .point(spec))
        }
        return nil
    }

    /// Whether `that` at `index` starts a period ending at `periodEnd` (`later that year`,
    /// `imports that year`, `he died that night.`) rather than a clause (`found that
    /// year-over-year sales`, `said that night shifts will end`): the period must not start a
    /// compound word, and after a verb it must not be followed by a word that a compound noun
    /// would be made of.
    func demonstrativeLeadsPeriod(at index: Int, periodEnd: Int) -> Bool {
        if stream.isSymbol(periodEnd, "-"), stream.isAttached(periodEnd) { return false }
        guard index > 0, !startsSentence(index), stream.tokens[index - 1].kind == .word,
            lexicon.yearCues.match(stream, endingAt: index) == nil,
            lexicon.laterSuffixes.match(stream, endingAt: index) == nil,
            lexicon.earlierSuffixes.match(stream, endingAt: index) == nil
        else { return true }
        guard marker(at: index - 1) != .none, periodEnd < stream.count else { return true }
        let next = stream.tokens[periodEnd]
        return next.kind != .word || next.isCapitalized || next.lineBreakBefore
            || lexicon.functionWords.matches(stream, at: periodEnd)
    }

    /// `the following year`, `the previous Friday`: counted from the last date mentioned.
    private func anaphoricPrefixed(at index: Int, after article: Int) -> Match? {
        let step: Int
        var position = article
        if let (end, _) = lexicon.prefixAnaphoricPastCues.match(stream, at: position) {
            step = -1
            position = end
        } else if let (end, _) = lexicon.prefixAnaphoricFutureCues.match(stream, at: position) {
            step = 1
            position = end
        } else {
            return nil
        }
        if let (afterUnit, unit) = lexicon.calendarUnits.match(stream, at: position), let base = calendarBase(unit) {
            let day: PointSpec.Day = base == .day ? .anaphoricDay(step) : .relative(base, step, anaphoric: true)
            return Match(range: index..<afterUnit, meaning: .point(PointSpec(day: day)))
        }
        guard position < stream.count, stream.infos[position].weekday > 0 else { return nil }
        var spec = PointSpec(day: .weekday(Int(stream.infos[position].weekday)))
        spec.direction = step < 0 ? .strictlyPast : .strictlyFuture
        spec.fromLastDate = true
        let end = extendDay(&spec, from: position + 1)
        return Match(range: index..<end, meaning: .point(spec))
    }

    /// `this year's third quarter`, `last year's quarter`: a possessive and a quarter after a year.
    private func yearsQuarter(after index: Int, yearOffset: Int) -> (end: Int, day: PointSpec.Day)? {
        guard stream.isSymbol(index, "'"), stream.isAttached(index), stream.isAttached(index + 1),
            index + 1 < stream.count, stream.tokens[index + 1].key == "s"
        else { return nil }
        let position = index + 2
        if let (end, quarter) = namedQuarter(at: position) {
            return (end, .quarterReference(quarter: quarter, year: nil, yearOffset: yearOffset, fromContext: false))
        }
        if let (end, _) = lexicon.reportingPeriods.match(stream, at: position) {
            return (end, .quarterReference(quarter: nil, year: nil, yearOffset: yearOffset, fromContext: false))
        }
        return nil
    }

    /// `chaque lundi`, `tous les ans`, `toutes les deux semaines`, `deux fois par an`, `par jour`,
    /// `quotidiennement`, `les lundis`, `le mercredi` (habitual).
    func set(at index: Int) -> Match? {
        guard options.sets, index < stream.count else { return nil }
        if let (end, value) = lexicon.setAdverbs.match(stream, at: index) {
            return Match(range: index..<end, meaning: .set(value))
        }
        if let (afterEach, _) = lexicon.setEach.match(stream, at: index),
            let match = setBody(at: index, after: afterEach)
        {
            return match
        }
        // `deux fois par an`, `three times a year`.
        if let amount = amount(at: index), amount.value != nil,
            let (afterTimes, _) = lexicon.setFrequency.match(stream, at: amount.end),
            let (afterPer, _) = lexicon.setPer.match(stream, at: afterTimes),
            let (end, unit) = lexicon.units.match(stream, at: afterPer)
        {
            return Match(range: index..<end, meaning: .set(unit.durationValue(1)))
        }
        // `$33 million a year`, `50,000 CDs a year`: after a quantity, `a year` is a rate.
        if let (afterArticle, _) = lexicon.indefiniteArticles.match(stream, at: index), index > 0,
            lexicon.setPer.matches(stream, at: index), followsQuantity(index),
            let (end, unit) = lexicon.calendarUnits.match(stream, at: afterArticle), calendarBase(unit) != nil
        {
            return Match(range: index..<end, meaning: .set(unit.durationValue(1)))
        }
        // `par an`, `per year` (not `a year`: that one is a duration).
        if !lexicon.indefiniteArticles.matches(stream, at: index),
            let (afterPer, _) = lexicon.setPer.match(stream, at: index),
            let (end, unit) = lexicon.calendarUnits.match(stream, at: afterPer), calendarBase(unit) != nil
        {
            return Match(range: index..<end, meaning: .set(unit.durationValue(1)))
        }
        // `le mercredi` (every Wednesday), `les lundis`: a weekday after an article, with no date.
        if let (afterArticle, _) = lexicon.articles.match(stream, at: index),
            let weekday = pluralWeekday(at: afterArticle)
        {
            let next = afterArticle + 1
            let plural = weekday.plural
            let dated =
                stream.number(next) != nil || (next < stream.count && stream.infos[next].ordinal == 1)
                || lexicon.pastCues.matches(stream, at: next) || lexicon.futureCues.matches(stream, at: next)
                || lexicon.anaphoricPastCues.matches(stream, at: next)
                || lexicon.anaphoricFutureCues.matches(stream, at: next) || stream.isSymbol(next, ",")
            guard plural || !dated, !lexicon.sameWords.matches(stream, at: next) else { return nil }
            guard plural || stream.tokens[index].key != "the" else { return nil }
            var value = "XXXX-WXX-\(weekday.value)"
            var end = next
            if let (partEnd, part) = lexicon.partsOfDay.match(stream, at: end) {
                value += "T" + part
                end = partEnd
                // `le dimanche soir 25`: a date after all.
                guard plural || stream.number(end) == nil else { return nil }
            }
            return Match(range: index..<end, meaning: .set(value))
        }
        return nil
    }

    private func setBody(at index: Int, after position: Int) -> Match? {
        if let weekday = pluralWeekday(at: position) {
            var value = "XXXX-WXX-\(weekday.value)"
            var end = position + 1
            if let (partEnd, part) = lexicon.partsOfDay.match(stream, at: end) {
                value += "T" + part
                end = partEnd
            }
            return Match(range: index..<end, meaning: .set(value))
        }
        if let amount = amount(at: position), let value = amount.value, !amount.isIndefiniteArticle,
            let (end, unit) = lexicon.units.match(stream, at: amount.end)
        {
            return Match(range: index..<end, meaning: .set(unit.durationValue(value)))
        }
        if let (end, unit) = lexicon.units.match(stream, at: position) {
            // `every weekend` recurs on the weekend of each week.
            if unit.base == .weekend, unit.multiplier == 1 {
                return Match(range: index..<end, meaning: .set("XXXX-WXX-WE"))
            }
            return Match(range: index..<end, meaning: .set(unit.durationValue(1)))
        }
        if let (end, part) = lexicon.partsOfDay.match(stream, at: position) {
            return Match(range: index..<end, meaning: .set("XXXX-XX-XXT" + part))
        }
        if position < stream.count, stream.tokens[position].kind == .word {
            let info = stream.infos[position]
            if info.month > 0 {
                let month = info.month < 10 ? "0\(info.month)" : "\(info.month)"
                return Match(range: index..<position + 1, meaning: .set("XXXX-" + month))
            }
            if let seasonCode = info.season {
                return Match(range: index..<position + 1, meaning: .set("XXXX-" + seasonCode))
            }
        }
        return nil
    }

    /// Whether a quantity ends right before `index` (`$33 million`, `50,000 CDs`, `20%`): a
    /// number, possibly followed by one word (a unit, a plural noun).
    private func followsQuantity(_ index: Int) -> Bool {
        var position = index - 1
        var words = 0
        while position >= 0, words <= 1 {
            let token = stream.tokens[position]
            if token.kind == .number || stream.infos[position].number >= 100 { return true }
            if token.kind == .symbol, token.key == "%" || token.key == "$" || token.key == "€" { return true }
            guard token.kind == .word, !token.isCapitalized else { return false }
            words += 1
            position -= 1
        }
        return false
    }

    /// A weekday, singular or plural (`lundi`, `lundis`, `Mondays`).
    private func pluralWeekday(at index: Int) -> (value: Int, plural: Bool)? {
        guard index < stream.count, stream.tokens[index].kind == .word else { return nil }
        let weekday = stream.infos[index].weekday
        if weekday > 0 { return (Int(weekday), false) }
        let key = stream.tokens[index].key
        guard key.hasSuffix("s") else { return nil }
        let singular = lexicon.info(String(key.dropLast())).weekday
        return singular > 0 ? (Int(singular), true) : nil
    }
}
