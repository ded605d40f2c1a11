import DepecheCore

/// Calendar dates: numeric dates, day + month (+ year), month (+ day) (+ year).
extension TemporalTagger {
    /// `2025-03-15`, `2025-03-15T14:30`, `15/03/2025`, `15.03.25`, `03/15/2025` (English).
    func numericDate(at index: Int) -> Match? {
        guard index < stream.count, stream.tokens[index].kind == .number else { return nil }
        // Not the middle of a longer numeric run (`1.15/03/2025`, phone numbers).
        if index >= 2, stream.isAttached(index), stream.tokens[index - 1].kind == .symbol,
            stream.tokens[index - 2].kind == .number, stream.isAttached(index - 1)
        {
            return nil
        }
        let first = stream.tokens[index]
        guard index + 4 < stream.count else { return nil }
        let separator = stream.tokens[index + 1]
        guard separator.kind == .symbol, ["-", "/", "."].contains(separator.key),
            stream.isAttached(index + 1), stream.isAttached(index + 2), stream.isAttached(index + 3),
            stream.isAttached(index + 4), stream.isSymbol(index + 3, separator.key),
            let a = first.numberValue, let b = stream.number(index + 2), let c = stream.number(index + 4)
        else { return nil }
        let end = index + 5
        // A fourth part (`06.12.34.56`) is not a date.
        if stream.isAttached(end), end < stream.count, stream.tokens[end].kind == .symbol,
            ["-", "/", "."].contains(stream.tokens[end].key), stream.isAttached(end + 1),
            stream.tokens[min(end + 1, stream.count - 1)].kind == .number
        {
            return nil
        }
        let middleDigits = stream.tokens[index + 2].digitCount
        let lastDigits = stream.tokens[index + 4].digitCount
        var year: Int
        var month: Int
        var day: Int
        if first.digitCount == 4 {
            guard middleDigits <= 2, lastDigits <= 2 else { return nil }
            (year, month, day) = (a, b, c)
        } else {
            guard first.digitCount <= 2, middleDigits <= 2 else { return nil }
            if lastDigits == 4 {
                year = c
            } else if lastDigits == 2, separator.key != "-" {
                year = c < 50 ? 2000 + c : 1900 + c
            } else {
                return nil
            }
            if readsMonthFirst, ISODay(year: year, month: a, day: b) != nil {
                (month, day) = (a, b)
            } else if ISODay(year: year, month: b, day: a) != nil {
                (month, day) = (b, a)
            } else {
                (month, day) = (a, b)
            }
        }
        guard (1000...2999).contains(year), ISODay(year: year, month: month, day: day) != nil else { return nil }
        var spec = PointSpec(day: .calendar(year: year, month: month, day: day))
        var matchEnd = end
        // ISO date-time: `T14:30[:00][Z|+02:00]`.
        if first.digitCount == 4, stream.isAttached(end), end < stream.count, stream.tokens[end].key == "t",
            stream.isAttached(end + 1), let hour = stream.number(end + 1), stream.isSymbol(end + 2, ":"),
            stream.isAttached(end + 3), let minute = stream.number(end + 3)
        {
            var time = TimeOfDay(hour: hour, minute: minute)
            matchEnd = end + 4
            if stream.isSymbol(matchEnd, ":"), stream.isAttached(matchEnd + 1), let second = stream.number(matchEnd + 1)
            {
                time.second = second
                matchEnd += 2
            }
            if time.isValid {
                spec.time = time
            } else {
                matchEnd = end
            }
        }
        return Match(range: index..<matchEnd, meaning: .point(spec))
    }

    /// A month name at `index` (an abbreviation may take a period): its end, month and kind.
    func monthName(at index: Int) -> (end: Int, month: Int, abbreviation: Bool)? {
        guard index < stream.count, stream.tokens[index].kind == .word else { return nil }
        let info = stream.infos[index]
        guard info.month > 0 else { return nil }
        var end = index + 1
        if info.monthIsAbbreviation, stream.isSymbol(end, "."), stream.isAttached(end) { end += 1 }
        return (end, Int(info.month), info.monthIsAbbreviation)
    }

    /// A year written after a month or a day (`mars 2025`, `March 15, 2025`, `octobre 98`).
    func yearAfterDate(at index: Int) -> (end: Int, year: Int)? {
        var position = index
        if stream.isSymbol(position, ",") { position += 1 }
        if let (end, _) = lexicon.dayMonthLinks.match(stream, at: position) { position = end }
        guard position < stream.count, !stream.tokens[position].lineBreakBefore else { return nil }
        // `'98`
        if stream.isSymbol(position, "'"), let short = stream.number(position + 1),
            stream.tokens[position + 1].digitCount == 2, stream.isAttached(position + 1)
        {
            return (position + 2, short < 50 ? 2000 + short : 1900 + short)
        }
        if let (end, year) = spokenYearValue(at: position) { return (end, year) }
        guard let value = stream.number(position) else { return nil }
        let digits = stream.tokens[position].digitCount
        if digits == 4, (1000...2999).contains(value) {
            if lexicon.notYearAfter.matches(stream, at: position + 1) { return nil }
            if stream.isSymbol(position + 1, ","), stream.isAttached(position + 1), stream.isAttached(position + 2),
                stream.number(position + 2) != nil
            {
                return nil
            }
            return (position + 1, value)
        }
        // A two-digit year only before punctuation or the end of the line (`octobre 98.`).
        if digits == 2, position == index, stream.tokens[position].spaceBefore {
            let next = position + 1
            let closes =
                next >= stream.count || stream.tokens[next].lineBreakBefore
                || (stream.tokens[next].kind == .symbol && [",", ".", ")", ";", ":"].contains(stream.tokens[next].key))
            if closes { return (next, value < 50 ? 2000 + value : 1900 + value) }
        }
        return nil
    }

    /// `15 mars 2025`, `1er avril`, `15 March`, `the 15th of March`, `15 et 16 mars`, `les 8, 10
    /// et 12 mai`.
    func dayMonth(at index: Int) -> [Match]? {
        guard let (afterDay, day) = dayNumber(at: index) else { return nil }
        if stream.isSymbol(afterDay, ","), let list = dayList(at: index, first: (afterDay, day)) { return list }
        // A range: `15 et 16 mars`, `du 15 au 18 mars`, `15-18 mars`.
        if let (afterLink, _) = lexicon.rangeLinks.match(stream, at: afterDay),
            let (afterSecond, secondDay) = dayNumber(at: afterLink, afterDash: stream.isAttached(afterLink)),
            let second = dayMonthTail(start: afterLink, afterDay: afterSecond, day: secondDay)
        {
            guard case .point(let spec) = second.meaning, case .calendar(let year, let month, _) = spec.day,
                let month, ISODay(year: year ?? 2024, month: month, day: day) != nil, day < secondDay
            else {
                // `won 6-3 May 4`: a score, not a range; the date comes after it.
                return stream.isAttached(afterLink) ? nil : [second]
            }
            let first = Match(
                range: index..<afterDay,
                meaning: .point(PointSpec(day: .calendar(year: year, month: month, day: day)))
            )
            return [first, second]
        }
        return dayMonthTail(start: index, afterDay: afterDay, day: day).map { [$0] }
    }

    /// The longest days listed in a day-month reading.
    static let maximumListedDays = 10

    /// `les 8, 10 et 12 mai 2018`: days separated by commas, then a range link and the last day
    /// with its month; each day a date of that month, in increasing order.
    private func dayList(at index: Int, first: (end: Int, day: Int)) -> [Match]? {
        var days = [(range: index..<first.end, day: first.day)]
        var position = first.end
        while stream.isSymbol(position, ","), days.count < Self.maximumListedDays,
            let (end, day) = dayNumber(at: position + 1), day > days[days.count - 1].day
        {
            days.append((position + 1..<end, day))
            position = end
        }
        guard days.count > 1, let (afterLink, _) = lexicon.rangeLinks.match(stream, at: position),
            !stream.isAttached(afterLink), let (afterLast, lastDay) = dayNumber(at: afterLink),
            lastDay > days[days.count - 1].day,
            let last = dayMonthTail(start: afterLink, afterDay: afterLast, day: lastDay),
            case .point(let spec) = last.meaning, case .calendar(let year, .some(let month), _) = spec.day
        else { return nil }
        var matches: [Match] = []
        for listed in days {
            guard ISODay(year: year ?? 2024, month: month, day: listed.day) != nil else { return nil }
            let day = PointSpec.Day.calendar(year: year, month: month, day: listed.day)
            matches.append(Match(range: listed.range, meaning: .point(PointSpec(day: day))))
        }
        matches.append(last)
        return matches
    }

    private func dayMonthTail(start: Int, afterDay: Int, day: Int) -> Match? {
        var position = afterDay
        if let (end, _) = lexicon.dayMonthLinks.match(stream, at: position) {
            position = end
        } else if stream.isSymbol(position, "-"), stream.isAttached(position), stream.isAttached(position + 1) {
            // `le 11-Novembre`, `le 8-Mai`: a day named after its date.
            position += 1
        }
        guard let (afterMonth, month, _) = monthName(at: position) else { return nil }
        guard ISODay(year: 2024, month: month, day: day) != nil else { return nil }
        var end = afterMonth
        var year: Int?
        if let found = yearAfterDate(at: end) {
            guard ISODay(year: found.year, month: month, day: day) != nil else { return nil }
            year = found.year
            end = found.end
        }
        var spec = PointSpec(day: .calendar(year: year, month: month, day: day))
        if year == nil {
            end = directionCue(after: end, into: &spec)
            if spec.direction == .none, isSince(start) { spec.direction = .past }
        }
        end = extendDay(&spec, from: end)
        return Match(range: start..<end, meaning: .point(spec))
    }

    /// `April 24 and 25`, `March 15-18, 2025`: two days of a month named first.
    func monthFirstRange(at index: Int) -> [Match]? {
        guard let first = monthFirst(at: index, context: true), case .point(let firstSpec) = first.meaning,
            case .calendar(nil, .some(let month), .some(let day)) = firstSpec.day, firstSpec.partOfDay == nil,
            firstSpec.direction == .none, let (afterLink, _) = lexicon.rangeLinks.match(stream, at: first.end),
            let (afterSecond, secondDay) = dayNumber(at: afterLink, afterDash: stream.isAttached(afterLink)),
            stream.tokens[afterLink].kind == .number, secondDay > day,
            ISODay(year: 2024, month: month, day: secondDay) != nil, !startsDatedMonth(at: afterSecond)
        else { return nil }
        var end = afterSecond
        var year: Int?
        if let found = yearAfterDate(at: end), ISODay(year: found.year, month: month, day: secondDay) != nil {
            year = found.year
            end = found.end
        } else if end < stream.count, stream.tokens[end].kind == .word, !stream.tokens[end].lineBreakBefore,
            !lexicon.functionWords.matches(stream, at: end)
        {
            // `March 15 and 16 people`: a count.
            return nil
        }
        let firstMatch = Match(
            range: first.range,
            meaning: .point(PointSpec(day: .calendar(year: year, month: month, day: day)))
        )
        let second = Match(
            range: afterLink..<end,
            meaning: .point(PointSpec(day: .calendar(year: year, month: month, day: secondDay)))
        )
        return [firstMatch, second]
    }

    /// Whether a month with its year starts at `index` (`15 juillet 2017`), or a month that cannot
    /// be a name (`juillet`, not `May` in `On March 29 May announced`).
    private func startsDatedMonth(at index: Int) -> Bool {
        guard let (afterMonth, _, _) = monthName(at: index) else { return false }
        if yearAfterDate(at: afterMonth) != nil { return true }
        let info = stream.infos[index]
        return
            !(info.monthNeedsContext || (info.monthNeedsContextWhenCapitalized && stream.tokens[index].isCapitalized))
    }

    /// Whether a `:` at `index` joins an hour to its minutes (`15:30`), not a clause (`Oct. 26:`).
    func isClockTime(_ index: Int) -> Bool {
        stream.isSymbol(index, ":") && stream.isAttached(index) && stream.isAttached(index + 1)
            && stream.number(index + 1) != nil
    }

    /// Whether `depuis` / `since` (maybe with an article: `depuis le 15 août`) stands before `index`.
    func isSince(_ index: Int) -> Bool {
        if lexicon.pastPrepositions.match(stream, endingAt: index) != nil { return true }
        if let (articleStart, _) = lexicon.articles.match(stream, endingAt: index) {
            return lexicon.pastPrepositions.match(stream, endingAt: articleStart) != nil
        }
        return false
    }

    /// `mars 2025`, `March 15th, 2025`, `novembre`, `juin prochain`, `last May` (via relativeUnit).
    func monthFirst(at index: Int, context: Bool) -> Match? {
        guard let (afterMonth, month, abbreviation) = monthName(at: index) else { return nil }
        // `March 15`, `March 15th, 2025`, but not `le 14 juillet 15 juillet 2017`, where the day
        // belongs to the month after it.
        if let (afterDay, day) = dayNumber(at: afterMonth), stream.tokens[afterMonth].kind == .number,
            !startsDatedMonth(at: afterDay),
            !lexicon.units.matches(stream, at: afterDay), !lexicon.hourMarkers.matches(stream, at: afterDay),
            !isClockTime(afterDay), ISODay(year: 2024, month: month, day: day) != nil
        {
            var end = afterDay
            var year: Int?
            if let found = yearAfterDate(at: end), ISODay(year: found.year, month: month, day: day) != nil {
                year = found.year
                end = found.end
            }
            var spec = PointSpec(day: .calendar(year: year, month: month, day: day))
            if year == nil {
                end = directionCue(after: end, into: &spec)
                if spec.direction == .none, isSince(index) { spec.direction = .past }
            }
            end = extendDay(&spec, from: end)
            return Match(range: index..<end, meaning: .point(spec))
        }
        if let (end, year) = yearAfterDate(at: afterMonth) {
            return Match(
                range: index..<end,
                meaning: .point(PointSpec(day: .calendar(year: year, month: month, day: nil)))
            )
        }
        guard !abbreviation else { return nil }
        let token = stream.tokens[index]
        let info = stream.infos[index]
        var spec = PointSpec(day: .calendar(year: nil, month: month, day: nil))
        let end = directionCue(after: afterMonth, into: &spec)
        if spec.direction == .none, isSince(index) { spec.direction = .past }
        let cued = context || end > afterMonth || hasYearCue(before: index)
        if info.monthNeedsContext && (!cued || !token.isCapitalized) { return nil }
        // `Mars` (the planet) needs a real date cue: `en Mars`, not `vers Mars`.
        if info.monthNeedsContextWhenCapitalized && token.isCapitalized
            && !(end > afterMonth || hasYearCue(before: index))
        {
            return nil
        }
        return Match(range: index..<end, meaning: .point(spec))
    }

    /// Whether a cue that makes a lone month or number read as a date stands before `index`.
    func hasYearCue(before index: Int) -> Bool {
        lexicon.yearCues.match(stream, endingAt: index) != nil
    }

    /// Reads `dernier` / `prochain` / `suivant` / `précédent` after an expression into `spec`.
    func directionCue(after index: Int, into spec: inout PointSpec) -> Int {
        if let (end, _) = lexicon.pastCues.match(stream, at: index) {
            spec.direction = .strictlyPast
            return end
        }
        if let (end, _) = lexicon.futureCues.match(stream, at: index) {
            spec.direction = .strictlyFuture
            return end
        }
        if let (end, _) = lexicon.anaphoricPastCues.match(stream, at: index) {
            spec.direction = .strictlyPast
            spec.fromLastDate = true
            return end
        }
        if let (end, _) = lexicon.anaphoricFutureCues.match(stream, at: index) {
            spec.direction = .strictlyFuture
            spec.fromLastDate = true
            return end
        }
        return index
    }
}
