/// Amounts of time and what they become with a cue: `trois jours` (a duration), `il y a trois
/// jours` / `three days ago` (a date), `dans deux semaines`, `trois jours plus tard`,
/// `les trois derniers mois`, `the next four years`.
extension TemporalTagger {
    private enum Frame {
        case plain
        /// `il y a`: the date that far before the reference date.
        case ago
        /// `dans`: the date that far after the reference date.
        case later
        /// `in`: a date after the reference date when the sentence speaks of the future, else a duration.
        case laterIfFuture
        /// `les trois derniers mois`, `the past three years`: still a duration, cue included.
        case period
    }

    func duration(at index: Int) -> Match? {
        guard index < stream.count else { return nil }
        var frame = Frame.plain
        var position = index
        if let (end, _) = lexicon.agoPrefixes.match(stream, at: index) {
            frame = .ago
            position = end
        } else if let (end, _) = lexicon.inPrefixes.match(stream, at: index) {
            frame = .later
            position = end
        } else if let (end, _) = lexicon.tenseInPrefixes.match(stream, at: index) {
            frame = .laterIfFuture
            position = end
        } else if let (end, _) = lexicon.durationPrefixes.match(stream, at: index), end - index > 1,
            lexicon.articles.matches(stream, at: index)
        {
            frame = .period  // `the past`, `the next`
            position = end
        } else if let (end, _) = lexicon.articles.match(stream, at: index)
            ?? lexicon.demonstratives.match(stream, at: index)
        {
            frame = .period  // `les`, `ces`: only with a cue (`les trois derniers mois`)
            position = end
        }
        guard let amount = amount(at: position) else { return nil }
        var unitPosition = amount.end
        var hasCue = false
        if let (end, _) = lexicon.pastCues.match(stream, at: unitPosition)
            ?? lexicon.futureCues.match(stream, at: unitPosition)
        {
            hasCue = true
            unitPosition = end
        }
        // `20 more years`, `an additional year`.
        if !hasCue, let (end, _) = lexicon.amountExtras.match(stream, at: unitPosition) { unitPosition = end }
        if frame == .period && !hasCue && !lexicon.durationPrefixes.matches(stream, at: index) { return nil }
        if hasCue && frame != .period && frame != .plain { return nil }
        // `two-year`, `10-year` (an adjective, still a duration).
        let compound =
            stream.isSymbol(unitPosition, "-") && stream.isAttached(unitPosition)
            && stream.isAttached(unitPosition + 1) && (amount.value != nil || !amount.isDigits)
        if compound { unitPosition += 1 }
        // `4` at the end of a line and `Second round` on the next are not four seconds.
        guard unitPosition < stream.count, !stream.tokens[unitPosition].lineBreakBefore,
            let (afterUnit, unit) = lexicon.units.match(stream, at: unitPosition)
        else { return nil }
        guard acceptsAmount(amount, for: unit) else { return nil }
        // `three-quarters of its food` is a fraction; `a 6-month-old son` an age.
        if unit.base == .quarter, lexicon.quantityLinks.matches(stream, at: afterUnit) { return nil }
        if lexicon.ageSuffixes.matches(stream, at: afterUnit)
            || (stream.isSymbol(afterUnit, "-") && lexicon.ageSuffixes.matches(stream, at: afterUnit + 1))
        {
            return nil
        }
        // `une seconde fois` is an ordinal.
        if amount.isIndefiniteArticle, lexicon.ordinalUnits.matches(stream, at: unitPosition) { return nil }
        // `condamné à 2 ans et 6 mois` is a sentence, not an age.
        if frame == .plain, unit.base == .year, isAge(amount: amount, start: position, unitEnd: afterUnit),
            compoundDuration(unit, amount.value, from: position, after: afterUnit) == nil
        {
            return nil
        }
        var end = afterUnit
        var value = amount.value
        if let (halfEnd, _) = lexicon.halves.match(stream, at: end), let whole = value {
            value = whole + 0.5
            end = halfEnd
        }
        let mod = amount.isApproximate ? "APPROX" : ""
        // `3 h 21 min 16 s`, `2 ans et 3 mois`: one duration.
        // Not after `il y a`, `dans`, `in`: those count one unit (`il y a 2 ans`).
        if frame == .plain || frame == .period, amount.isDigits || frame == .plain,
            lexicon.agoPrefixes.match(stream, endingAt: position) == nil,
            lexicon.inPrefixes.match(stream, endingAt: position) == nil,
            lexicon.tenseInPrefixes.match(stream, endingAt: position) == nil,
            let (compoundEnd, compoundValue) = compoundDuration(unit, value, from: position, after: end)
        {
            return Match(
                range: (frame == .period ? index : position)..<compoundEnd,
                meaning: .duration(compoundValue),
                mod: mod
            )
        }
        if compound {
            return durationMatch(position..<end, unit: unit, amount: value, mod: mod)
        }

        switch frame {
        case .ago:
            return relativeMatch(index..<end, unit: unit, amount: value, sign: -1, anaphoric: false, mod: mod)
        case .later:
            return relativeMatch(position..<end, unit: unit, amount: value, sign: 1, anaphoric: false, mod: mod)
        case .laterIfFuture:
            guard tense(around: index..<end) == .future else {
                return durationMatch(position..<end, unit: unit, amount: value, mod: mod)
            }
            return relativeMatch(position..<end, unit: unit, amount: value, sign: 1, anaphoric: false, mod: mod)
        case .period:
            return durationMatch(index..<end, unit: unit, amount: value, mod: mod)
        case .plain:
            break
        }
        if let (suffixEnd, _) = lexicon.agoSuffixes.match(stream, at: end) {
            return relativeMatch(position..<suffixEnd, unit: unit, amount: value, sign: -1, anaphoric: false, mod: mod)
        }
        if !unit.base.isTimeOfDay {
            if let (suffixEnd, _) = lexicon.laterSuffixes.match(stream, at: end), closesPhrase(suffixEnd, after: end) {
                return relativeMatch(
                    position..<suffixEnd,
                    unit: unit,
                    amount: value,
                    sign: 1,
                    anaphoric: true,
                    mod: mod
                )
            }
            if let (suffixEnd, _) = lexicon.earlierSuffixes.match(stream, at: end), closesPhrase(suffixEnd, after: end)
            {
                return relativeMatch(
                    position..<suffixEnd,
                    unit: unit,
                    amount: value,
                    sign: -1,
                    anaphoric: true,
                    mod: mod
                )
            }
        }
        // `un jour`, `one day`: "some day", not a duration, unless a preposition says so.
        if value == 1, unit.base == .day, !amount.isDigits,
            lexicon.durationPrefixes.match(stream, endingAt: position) == nil
        {
            return nil
        }
        // `14 h` is a time (the time rule has it); `48 h`, `pendant 2 h` are durations.
        if lexicon.hourMarkers.matches(stream, at: amount.end), !lexicon.hourWords.matches(stream, at: amount.end),
            let hours = value, hours <= 24, !durationContext(before: position)
        {
            return nil
        }
        return durationMatch(position..<end, unit: unit, amount: value, mod: mod)
    }

    /// The units a compound duration goes down through, largest first (weeks do not mix).
    private static let compoundOrder: [TemporalUnit.Base] = [.year, .month, .day, .hour, .minute, .second]

    /// `3 h 21 min 16 s`, `2 ans et 3 mois`: whole amounts of ever smaller units after `unit`,
    /// as one value (`PT3H21M16S`, `P2Y3M`); `nil` when nothing follows.
    private func compoundDuration(
        _ unit: TemporalUnit,
        _ amount: Double?,
        from start: Int,
        after end: Int
    ) -> (end: Int, value: String)? {
        guard let amount, amount == amount.rounded(), amount < 1e6, unit.multiplier == 1,
            var rank = Self.compoundOrder.firstIndex(of: unit.base)
        else { return nil }
        var parts = [(unit.base, Int(amount))]
        var position = end
        var matchEnd = end
        while parts.count < Self.compoundOrder.count {
            var start = position
            if let (linkEnd, _) = lexicon.numberJoiners.match(stream, at: start) { start = linkEnd }
            guard let number = stream.number(start), !stream.tokens[start].lineBreakBefore,
                let (unitEnd, next) = lexicon.units.match(stream, at: start + 1)
                    ?? lexicon.compoundUnits.match(stream, at: start + 1),
                next.multiplier == 1, let nextRank = Self.compoundOrder.firstIndex(of: next.base), nextRank > rank
            else { break }
            parts.append((next.base, number))
            rank = nextRank
            position = unitEnd
            matchEnd = unitEnd
        }
        // `en 2 heures 56`, `2 h 15 d'attente`: minutes without their unit after hours, when the
        // words around say duration (not `jusqu'à 19 h 30`, nor `en 24 heures 15 personnes`).
        if parts.count == 1, unit.base == .hour, let minutes = stream.number(position), minutes < 60,
            stream.tokens[position].digitCount == 2, !stream.tokens[position].lineBreakBefore,
            lexicon.quantityLinks.matches(stream, at: position + 1)
                || (followsDurationPrefix(start) && closesAmount(at: position + 1))
        {
            parts.append((.minute, minutes))
            matchEnd = position + 1
        }
        guard parts.count > 1 else { return nil }
        var value = "P"
        var inTime = false
        for (base, count) in parts {
            if base.isTimeOfDay, !inTime {
                value += "T"
                inTime = true
            }
            value += String(count) + (base == .minute ? "M" : base.rawValue)
        }
        return (matchEnd, value)
    }

    /// Whether nothing counted follows an amount at `index`: the end, punctuation, a new line or
    /// `et` (`en 2 heures 56 et…`), not a noun (`en 24 heures 15 personnes`).
    private func closesAmount(at index: Int) -> Bool {
        index >= stream.count || stream.tokens[index].kind != .word || stream.tokens[index].lineBreakBefore
            || lexicon.numberJoiners.matches(stream, at: index)
    }

    /// Whether `amount` can count `unit`: `des` only counts long units (`des années`, not
    /// `des heures scolaires`), and a year-like number does not count quarters or seconds
    /// (`the 1988 second quarter`).
    private func acceptsAmount(_ amount: Amount, for unit: TemporalUnit) -> Bool {
        if amount.value == nil, lexicon.weakVagueQuantities.matches(stream, at: amount.end - 1) {
            switch unit.base {
            case .year, .month, .week, .decade, .century, .millennium: break
            default: return false
            }
        }
        if amount.isDigits, let value = amount.value, value >= 1000 {
            switch unit.base {
            case .year, .month, .week, .day, .decade, .century, .millennium: break
            default: return false
            }
        }
        return true
    }

    /// Whether a number of years is someone's age: `âgé de 38 ans`, `52 years old`,
    /// `Alain Parmentier, 53 ans,`, `une fillette de 6 ans`, `les 6-16 ans`.
    private func isAge(amount: Amount, start: Int, unitEnd: Int) -> Bool {
        guard amount.value != nil else { return false }
        // `10 ans de prison`, `30 ans de carrière`: what follows makes it a duration.
        if lexicon.quantityLinks.matches(stream, at: unitEnd) { return false }
        if lexicon.ageSuffixes.matches(stream, at: unitEnd) { return true }
        if stream.isSymbol(unitEnd, "-"), lexicon.ageSuffixes.matches(stream, at: unitEnd + 1) { return true }
        // `âgé de 6 ans`, `à 10 ans`, but not `d'ici à dix ans`.
        if let (prefixStart, _) = lexicon.agePrefixes.match(stream, endingAt: start),
            lexicon.notAgeBefore.match(stream, endingAt: prefixStart) == nil
        {
            return true
        }
        // `une fillette de 6 ans`, `une femme d'une trentaine d'années`, but `une peine de 10 ans`.
        let phraseStart =
            amount.isApproximate ? (lexicon.indefiniteArticles.match(stream, endingAt: start)?.start ?? start) : start
        if amount.isDigits || amount.isApproximate,
            let (linkStart, _) = lexicon.ageLinks.match(stream, endingAt: phraseStart),
            linkStart > 0, stream.tokens[linkStart - 1].kind == .word
        {
            return lexicon.durationNouns.match(stream, endingAt: linkStart) == nil
                && lexicon.durationModifiers.match(stream, endingAt: start) == nil
        }
        guard amount.isDigits, start > 0 else { return false }
        // `6-16 ans`
        if stream.isSymbol(start - 1, "-"), stream.isAttached(start), start >= 2, stream.number(start - 2) != nil {
            return true
        }
        // `Alain Parmentier, 53 ans, employé` (after a name)
        if stream.isSymbol(start - 1, ","), start >= 2, stream.tokens[start - 2].isCapitalized,
            unitEnd >= stream.count || stream.isSymbol(unitEnd, ",")
                || stream.isSymbol(unitEnd, ".") || stream.isSymbol(unitEnd, ")")
        {
            return true
        }
        return false
    }

    /// Whether a suffix like `avant` / `après` ends the phrase (else it relates to something
    /// else: `trois jours avant l'élection`).
    func closesPhrase(_ suffixEnd: Int, after end: Int) -> Bool {
        guard lexicon.openSuffixes.matches(stream, at: end) else { return true }
        return suffixEnd >= stream.count || stream.tokens[suffixEnd].kind == .symbol
            || stream.tokens[suffixEnd].lineBreakBefore
    }

    private func durationMatch(_ range: Range<Int>, unit: TemporalUnit, amount: Double?, mod: String) -> Match {
        Match(range: range, meaning: .duration(unit.durationValue(amount)), mod: mod)
    }

    /// A date `amount` units before (`sign` -1) or after the reference date (or the last date
    /// mentioned, when `anaphoric`).
    private func relativeMatch(
        _ range: Range<Int>,
        unit: TemporalUnit,
        amount: Double?,
        sign: Int,
        anaphoric: Bool,
        mod: String
    ) -> Match {
        guard let amount, amount == amount.rounded(), amount < 10_000 else {
            if anaphoric {
                return Match(range: range, meaning: .duration(unit.durationValue(amount)), mod: mod)
            }
            return Match(range: range, meaning: .reference(sign < 0 ? "PAST_REF" : "FUTURE_REF"), mod: mod)
        }
        let steps = Int(amount) * unit.multiplier * sign
        let base: TemporalUnit.Base
        var count = steps
        switch unit.base {
        case .hour, .minute, .second:
            base = .day
            count = 0
        case .millennium:
            base = .century
            count = steps * 10
        default:
            base = unit.base
        }
        var spec = PointSpec(day: .relative(base, count, anaphoric: anaphoric))
        spec.yearBefore = unit.base == .year && steps == -1
        return Match(range: range, meaning: .point(spec), mod: mod)
    }
}
