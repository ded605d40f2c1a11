/// Weekdays, fixed phrases (`hier`, `la veille`, `récemment`), times of day, and what may
/// follow a day (`soir`, `à 14 h`).
extension TemporalTagger {
    /// `jeudi`, `jeudi prochain`, `mardi dernier`, `lundi suivant`, `jeudi 4 septembre 2025`,
    /// `jeudi soir`.
    func weekday(at index: Int) -> Match? {
        guard index < stream.count, stream.tokens[index].kind == .word else { return nil }
        let weekday = Int(stream.infos[index].weekday)
        guard weekday > 0 else { return nil }
        var position = index + 1
        if stream.isSymbol(position, ",") { position += 1 }
        if let (afterArticle, _) = lexicon.articles.match(stream, at: position),
            stream.number(afterArticle) != nil || stream.infos[min(afterArticle, stream.count - 1)].ordinal == 1
        {
            position = afterArticle
        }
        if let dated = dayMonth(at: position), dated.count == 1, var match = dated.first {
            match.range = index..<match.end
            return match
        }
        if let dated = monthFirst(at: position, context: true), dated.end > position + 1 {
            return Match(range: index..<dated.end, meaning: dated.meaning)
        }
        var spec = PointSpec(day: .weekday(weekday))
        var end = directionCue(after: index + 1, into: &spec)
        end = extendDay(&spec, from: end)
        spec.leansPast = isPossessive(at: end)
        return Match(range: index..<end, meaning: .point(spec))
    }

    /// Whether a possessive `'s` starts at `index`, attached to the word before it.
    func isPossessive(at index: Int) -> Bool {
        stream.isSymbol(index, "'") && stream.isAttached(index) && stream.isAttached(index + 1)
            && stream.tokens[index + 1].key == "s"
    }

    /// Extends a day with what may follow it: a weekday (`aujourd'hui vendredi`) and a part of
    /// the day (`soir`, `dans la soirée`). A time after it (`jeudi à 14 h`) is a timex of its
    /// own, as in the French TimeBank, and takes its day from this one. Returns the new end.
    func extendDay(_ spec: inout PointSpec, from index: Int) -> Int {
        var end = index
        if end < stream.count, stream.infos[end].weekday > 0, case .relativeDay = spec.day {
            end += 1
        }
        if let (partEnd, part) = lexicon.partsOfDay.match(stream, at: end) {
            spec.partOfDay = part
            end = partEnd
        } else if let (linkEnd, _) = lexicon.partOfDayLinks.match(stream, at: end),
            let (partEnd, part) = lexicon.partsOfDay.match(stream, at: linkEnd)
        {
            spec.partOfDay = part
            end = partEnd
        }
        return end
    }

    /// A fixed phrase of the lexicon (`hier`, `la veille`, `récemment`, `Noël`).
    func phrase(at index: Int) -> Match? {
        guard let (end, meaning) = lexicon.phrases.match(stream, at: index) else { return nil }
        // `the quarter-finals`, `now-defunct`: the first part of a compound word (but `decades-long`
        // still lasts decades).
        if stream.isSymbol(end, "-"), stream.isAttached(end), stream.isAttached(end + 1), end + 1 < stream.count,
            stream.tokens[end + 1].kind == .word
        {
            if case .duration = meaning {} else { return nil }
        }
        switch meaning {
        case .relativeDay(let offset):
            // `l'armée, aujourd'hui considérée comme`: nowadays, qualifying a noun.
            if offset == 0, isAsideOrApposition(index..<end), !stream.isSymbol(end, ",") { return nil }
            var spec = PointSpec(day: .relativeDay(offset))
            let extended = extendDay(&spec, from: end)
            return Match(range: index..<extended, meaning: .point(spec))
        case .anaphoricDay(let offset):
            if lexicon.prefixAnaphoricCurrentCues.matches(stream, at: index),
                !demonstrativeLeadsPeriod(at: index, periodEnd: end)
            {
                return nil
            }
            if let counted = dayCounted(offset, from: index, after: end) { return counted }
            // `the day before returning`: `before` relates to what follows.
            if lexicon.openSuffixes.matches(stream, at: end - 1), !closesPhrase(end, after: end - 1) { return nil }
            var spec = PointSpec(day: .anaphoricDay(offset))
            let extended = extendDay(&spec, from: end)
            return Match(range: index..<extended, meaning: .point(spec))
        case .relativeDayPart(let offset, let part):
            var spec = PointSpec(day: .relativeDay(offset), partOfDay: part)
            let extended = extendDay(&spec, from: end)
            return Match(range: index..<extended, meaning: .point(spec))
        case .anaphoricDayPart(let offset, let part):
            // `He said that night shifts will end`.
            if lexicon.prefixAnaphoricCurrentCues.matches(stream, at: index),
                !demonstrativeLeadsPeriod(at: index, periodEnd: end)
            {
                return nil
            }
            return Match(range: index..<end, meaning: .point(PointSpec(day: .anaphoricDay(offset), partOfDay: part)))
        case .reference(let value):
            guard options.vagueReferences, !isAsideOrApposition(index..<end) || value != "PRESENT_REF" else {
                return nil
            }
            return Match(range: index..<end, meaning: .reference(value))
        case .duration(let value):
            // `52 years old`: a unit after a number is not a phrase of its own.
            if index > 0, stream.tokens[index - 1].kind == .number { return nil }
            return Match(range: index..<end, meaning: .duration(value))
        case .relativeYear(let offset, let mod):
            // `Person of the Year` is a title.
            guard !stream.tokens[(index + 1)..<end].contains(where: \.isCapitalized) else { return nil }
            // `for the year`, `earlier in the year`, `nine months of the year`, but not `the year
            // when everything changed` or `player of the year`.
            if mod.isEmpty, lexicon.articles.matches(stream, at: index), !leadsReportYear(index) { return nil }
            if mod.isEmpty, end < stream.count {
                let after = stream.tokens[end]
                if lexicon.notPeriodAfter.matches(stream, at: end) { return nil }
                // `the year ended March 31` is the span of a fiscal year.
                if lexicon.periodEnds.matches(stream, at: end) {
                    return Match(range: index..<end, meaning: .duration("P1Y"))
                }
                // `the year before`, `the year 2000`, `the year Nixon resigned`: another year.
                if after.kind == .number || after.isCapitalized || lexicon.laterSuffixes.matches(stream, at: end)
                    || lexicon.earlierSuffixes.matches(stream, at: end) || lexicon.agoSuffixes.matches(stream, at: end)
                    || lexicon.pastPrepositions.matches(stream, at: end)
                {
                    return nil
                }
            }
            let spec = PointSpec(day: .relative(.year, offset, anaphoric: false))
            return Match(range: index..<end, meaning: .point(spec), mod: mod)
        case .set(let value):
            guard options.sets else { return nil }
            return Match(range: index..<end, meaning: .set(value))
        case .reportedPeriod(let offset):
            // `the Latin Quarter` is a place.
            guard !stream.tokens[(index + 1)..<end].contains(where: \.isCapitalized) else { return nil }
            var quarter: Int?
            var matchEnd = end
            // `the year-ago third quarter`, `year-earlier quarter`.
            if let (afterQuarter, named) = namedQuarter(at: end) {
                quarter = named
                matchEnd = afterQuarter
            } else if let (afterWord, _) = lexicon.reportingPeriods.match(stream, at: end) {
                matchEnd = afterWord
            }
            let day = PointSpec.Day.quarterReference(quarter: quarter, year: nil, yearOffset: offset, fromContext: true)
            return Match(range: index..<matchEnd, meaning: .point(PointSpec(day: day)))
        case .holiday(let rule):
            // `le Nouvel An chinois`, `le Noël orthodoxe`: another calendar's.
            if lexicon.notHolidayAfter.matches(stream, at: end) { return nil }
            var matchEnd = end
            var year: Int?
            if let found = yearAfterDate(at: end) {
                year = found.year
                matchEnd = found.end
            }
            var spec = PointSpec(day: .holiday(rule, year: year))
            if case .fixed(let month, let day) = rule {
                spec.day = .calendar(year: year, month: month, day: day)
            }
            if year == nil { matchEnd = directionCue(after: matchEnd, into: &spec) }
            return Match(range: index..<matchEnd, meaning: .point(spec))
        }
    }

    /// Whether the words before `index` make the year after them the year a report is about: a
    /// time preposition (`for`, `earlier in`), or `of` after a unit (`nine months of`).
    private func leadsReportYear(_ index: Int) -> Bool {
        guard let (leadStart, isOf) = lexicon.reportYearLeads.match(stream, endingAt: index) else { return false }
        return !isOf || lexicon.units.match(stream, endingAt: leadStart) != nil
    }

    /// `la veille du 14 juillet`, `the day after Christmas`: `offset` days from the day named
    /// right after the phrase ending at `end`, as one expression.
    private func dayCounted(_ offset: Int, from start: Int, after end: Int) -> Match? {
        guard !isReadingNestedDay else { return nil }
        var position = end
        // `la veille du 14 juillet` needs its link; `the day before Christmas` ends with one.
        // Without it, a weekday in apposition names the same day (`le lendemain mardi`): the
        // first such weekday after (or before) the last date mentioned.
        if let (linkEnd, _) = lexicon.modifierLinks.match(stream, at: position) {
            position = linkEnd
        } else if !lexicon.openSuffixes.matches(stream, at: end - 1) {
            guard abs(offset) == 1, position < stream.count, !stream.tokens[position].lineBreakBefore,
                stream.tokens[position].kind == .word, stream.infos[position].weekday > 0
            else { return nil }
            var spec = PointSpec(day: .weekday(Int(stream.infos[position].weekday)))
            spec.direction = offset < 0 ? .strictlyPast : .strictlyFuture
            spec.fromLastDate = true
            spec.directionNeedsLastDate = true
            let matchEnd = extendDay(&spec, from: position + 1)
            return Match(range: start..<matchEnd, meaning: .point(spec))
        }
        guard position < stream.count, !stream.tokens[position].lineBreakBefore else { return nil }
        isReadingNestedDay = true
        defer { isReadingNestedDay = false }
        guard let group = best(at: position), group.count == 1, let target = group.first,
            case .point(var spec) = target.meaning, spec.namesDay(withPart: true), target.mod.isEmpty
        else { return nil }
        spec.dayShift += offset
        return Match(range: start..<target.end, meaning: .point(spec))
    }

    /// Whether the words at `range` are a discourse aside (`la question, maintenant, c'est`) or
    /// qualify a noun in apposition (`Interflex, actuellement basé à Londres`): not a date.
    func isAsideOrApposition(_ range: Range<Int>) -> Bool {
        let before = range.lowerBound - 1
        guard before > 0, stream.isSymbol(before, ","), !startsSentence(before) else { return false }
        let after = range.upperBound
        if stream.isSymbol(after, ",") { return true }
        guard after < stream.count, stream.tokens[after].kind == .word, !stream.tokens[after].isCapitalized,
            !lexicon.appositionParticiples.isEmpty
        else { return false }
        let word = stream.text(scalarRange: stream.tokens[after].start..<stream.tokens[after].end).lowercased()
        return lexicon.appositionParticiples.contains { word.count > $0.count + 2 && word.hasSuffix($0) }
    }

    /// A time alone: `14 h 30`, `22 h`, `2:30 p.m.`, `à midi`, `3 p.m. Tuesday`.
    func time(at index: Int) -> Match? {
        let afterPreposition = lexicon.timePrepositions.match(stream, endingAt: index) != nil
        guard let (timeEnd, time) = timeOfDay(at: index, afterPreposition: afterPreposition) else { return nil }
        var spec = PointSpec(day: .unspecified, time: time)
        var end = timeEnd
        if let (zoneEnd, _) = lexicon.timeZones.match(stream, at: end) { end = zoneEnd }
        var matchEnd = end
        // `3 p.m. Tuesday`, `2 p.m. yesterday`, `vers 15 h 30, hier`, `5 p.m. EST, Nov. 6`.
        let dayStart = stream.isSymbol(end, ",") ? end + 1 : end
        if let dated = monthFirst(at: dayStart, context: true), dated.end > dayStart + 1,
            case .point(let dateSpec) = dated.meaning, case .calendar(_, _, .some) = dateSpec.day
        {
            spec.day = dateSpec.day
            spec.direction = dateSpec.direction
            matchEnd = dated.end
        } else if dayStart < stream.count, stream.infos[dayStart].weekday > 0, stream.tokens[dayStart].kind == .word,
            dayStart == end || !lexicon.partsOfDay.matches(stream, at: dayStart + 1)
        {
            spec.day = .weekday(Int(stream.infos[dayStart].weekday))
            matchEnd = dayStart + 1
        } else if let (phraseEnd, meaning) = lexicon.phrases.match(stream, at: dayStart),
            case .relativeDay(let offset) = meaning
        {
            spec.day = .relativeDay(offset)
            matchEnd = phraseEnd
        }
        return Match(range: index..<matchEnd, meaning: .point(spec))
    }

    /// The time of day at `index`: its end and value. `afterPreposition` allows forms that are
    /// durations otherwise (`à 15 heures`, `à midi`).
    func timeOfDay(at index: Int, afterPreposition: Bool) -> (end: Int, time: TimeOfDay)? {
        guard index < stream.count else { return nil }
        let token = stream.tokens[index]
        if token.kind == .word {
            guard afterPreposition, let (end, time) = lexicon.timeWords.match(stream, at: index) else { return nil }
            return (end, time)
        }
        guard token.kind == .number, token.digitCount <= 2, let hour = token.numberValue, hour <= 24 else {
            return nil
        }
        if index > 0, stream.isAttached(index), stream.tokens[index - 1].kind == .symbol,
            [",", ".", ":", "/"].contains(stream.tokens[index - 1].key)
        {
            return nil
        }
        let next = index + 1
        // `14 h 30`, `14h30`, `14 heures`, `3 o'clock`.
        if let (markerEnd, _) = lexicon.hourMarkers.match(stream, at: next) {
            let isWord = lexicon.hourWords.matches(stream, at: next)
            var end = markerEnd
            var minute = 0
            if let value = stream.number(end), stream.tokens[end].digitCount == 2, value < 60,
                !stream.tokens[end].lineBreakBefore, !lexicon.units.matches(stream, at: end + 1)
            {
                minute = value
                end += 1
                // `en 2 heures 56`, `avec 2 h 15 d'attente`: a duration.
                if !afterPreposition, followsDurationPrefix(index) || lexicon.quantityLinks.matches(stream, at: end) {
                    return nil
                }
                if let (minuteEnd, _) = lexicon.minuteMarkers.match(stream, at: end) {
                    // `en 3 h 21 min 16 s` is a duration; `à 14 h 30 min` a time.
                    guard afterPreposition else { return nil }
                    end = minuteEnd
                }
            } else {
                if isWord && !afterPreposition { return nil }
                if durationContext(before: index) { return nil }
            }
            // `24 heures` lasts a day; midnight is written `minuit`.
            if hour == 24, minute == 0 { return nil }
            let time = TimeOfDay(hour: hour, minute: minute)
            guard time.isValid else { return nil }
            return (end, time)
        }
        // `14:30`, `2:30 p.m.`
        if stream.isSymbol(next, ":"), stream.isAttached(next), stream.isAttached(next + 1),
            let minute = stream.number(next + 1), stream.tokens[next + 1].digitCount == 2
        {
            var end = next + 2
            var time = TimeOfDay(hour: hour, minute: minute)
            if stream.isSymbol(end, ":"), stream.isAttached(end), let second = stream.number(end + 1),
                stream.tokens[end + 1].digitCount == 2
            {
                time.second = second
                end += 2
            }
            // `un temps de 1:11.93`: a race time, not the clock.
            if stream.isSymbol(end, "."), stream.isAttached(end), stream.isAttached(end + 1),
                stream.number(end + 1) != nil
            {
                return nil
            }
            if let (meridiemEnd, pm) = lexicon.meridiem.match(stream, at: end) {
                guard hour >= 1, hour <= 12 else { return nil }
                time.hour = twentyFourHour(hour, pm: pm)
                end = meridiemEnd
            } else if token.digitCount < 2 && !afterPreposition {
                return nil
            }
            guard time.isValid else { return nil }
            return (end, time)
        }
        // `2 p.m.`
        if let (meridiemEnd, pm) = lexicon.meridiem.match(stream, at: next), hour >= 1, hour <= 12 {
            return (meridiemEnd, TimeOfDay(hour: twentyFourHour(hour, pm: pm), minute: 0))
        }
        return nil
    }

    private func twentyFourHour(_ hour: Int, pm: Bool) -> Int {
        if pm { return hour == 12 ? 12 : hour + 12 }
        return hour == 12 ? 0 : hour
    }

    /// Whether the words before `index` make a number of hours a duration (`pendant 2 h`, `en 48 h`,
    /// `les 24 h`).
    /// Whether a duration prefix ends at `index` that is not a time preposition (`pendant`, `en`,
    /// `au bout de`, but not `depuis` or `de`, which also introduce times).
    func followsDurationPrefix(_ index: Int) -> Bool {
        guard let prefix = lexicon.durationPrefixes.match(stream, endingAt: index) else { return false }
        guard let preposition = lexicon.timePrepositions.match(stream, endingAt: index) else { return true }
        return prefix.start < preposition.start
    }

    func durationContext(before index: Int) -> Bool {
        if followsDurationPrefix(index) { return true }
        if lexicon.timePrepositions.match(stream, endingAt: index) != nil { return false }
        if lexicon.articles.match(stream, endingAt: index) != nil { return true }
        // `environ 2 h`, but `à environ 14 h` is on the clock.
        if let (modifierStart, _) = lexicon.durationModifiers.match(stream, endingAt: index) {
            return lexicon.timePrepositions.match(stream, endingAt: modifierStart) == nil
        }
        return false
    }
}
