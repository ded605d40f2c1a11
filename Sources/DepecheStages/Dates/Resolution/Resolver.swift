import DepecheCore

/// Turns matched expressions into TIMEX3 types and values, in text order.
///
/// Resolution follows the news conventions of TimeML: an underspecified date (`15 mars`,
/// `jeudi`, `novembre`) is placed relative to the reference date (the publication date),
/// using an explicit cue (`dernier`, `prochain`) or else the tense of the sentence; `la
/// veille` and `trois jours plus tard` count from the last full date mentioned.
///
/// With no reference date, nothing is guessed: the unknown parts are written with `X`
/// (`XXXX-03-15`, `XXXX-WXX-4`, and `XXXX-XX-XX` for a day like `hier` that has no calendar
/// part of its own), which TIMEX3 allows for underspecified values.
struct Resolver {
    let anchor: ISODay?
    /// The last full date the text mentioned (resolved), for anaphora and times.
    private(set) var lastDate: ISODay?
    /// The last quarter the text mentioned (resolved): `a year earlier` after it is that quarter
    /// a year before, as in earnings reports.
    private(set) var lastQuarter: (year: Int, quarter: Int)?
    /// The year and month of the last date the text mentioned at any precision (`1998`,
    /// `mai 2001`), for the periods counted from it (`cette année-là`, `the following year`).
    private(set) var lastMention: (year: Int, month: Int?)?

    init(anchor: ISODay?) {
        self.anchor = anchor
    }

    /// The year given by a relative year joined to a date (`mars l'an dernier`, `le 3 mars de
    /// l'année suivante`), or `nil` when none was joined or nothing anchors it.
    private func joinedYear(_ spec: PointSpec) -> Int? {
        guard let offset = spec.yearOffset else { return nil }
        let base = spec.yearFromLastMention ? (lastMention?.year ?? anchor?.year) : anchor?.year
        return base.map { $0 + offset }
    }

    /// The year and month of a DATE value that starts with a full year (`1998`, `2001-05`,
    /// `2001-05-03`, `1989-Q3`), or `nil` (`199`, `PAST_REF`, `XXXX-03`).
    static func yearAndMonth(of value: String) -> (year: Int, month: Int?)? {
        let bytes = Array(value.utf8.prefix(7))
        guard bytes.count >= 4, bytes[0..<4].allSatisfy({ (0x30...0x39).contains($0) }),
            bytes.count == 4 || bytes[4] == UInt8(ascii: "-"), let year = Int(value.prefix(4))
        else { return nil }
        guard bytes.count == 7, (0x30...0x39).contains(bytes[5]),
            let month = Int(String(decoding: bytes[5..<7], as: UTF8.self))
        else { return (year, nil) }
        return (year, month)
    }

    /// The type, value and mod of `match`; `tense` is read only when needed.
    mutating func resolve(_ match: Match, tense: () -> Direction) -> (type: DepecheCore.Timex.Kind, value: String) {
        switch match.meaning {
        case .duration(let value): return (.duration, value)
        case .set(let value): return (.set, value)
        case .reference(let value): return (.date, value)
        case .point(let spec):
            var (value, day) = dayValue(spec, tense: tense)
            if spec.dayShift != 0 {
                day = day?.adding(days: spec.dayShift)
                value = day?.description ?? "XXXX-XX-XX"
            }
            if let day { lastDate = day }
            if let mention = Self.yearAndMonth(of: value) { lastMention = mention }
            if spec.namesQuarter, let quarter = Self.quarter(of: value), isOver(quarter) || tense() == .past {
                lastQuarter = quarter
            }
            if let time = spec.time {
                return (.time, value + TimexFormat.time(time))
            }
            if let part = spec.partOfDay {
                return (.time, value + "T" + part)
            }
            if value.isEmpty { value = "XXXX-XX-XX" }
            return (.date, value)
        }
    }

    /// The value of the day part of `spec`, and the day itself when it is one resolved day.
    private func dayValue(_ spec: PointSpec, tense: () -> Direction) -> (String, ISODay?) {
        let base = spec.fromLastDate ? (lastDate ?? anchor) : anchor
        func direction() -> Direction {
            // A possessive weekday names an event the news has reported on: the nearest
            // occurrence, leaning to the past, whatever the verb of the sentence.
            if spec.directionNeedsLastDate, lastDate == nil { return spec.leansPast ? .none : tense() }
            guard spec.direction == .none, !spec.leansPast else { return spec.direction }
            return tense()
        }
        switch spec.day {
        case .unspecified:
            guard let day = lastDate ?? anchor else { return ("XXXX-XX-XX", nil) }
            return (day.description, nil)

        case .calendar(var year, let month, let day):
            if year == nil { year = joinedYear(spec) }
            // The tense decides the year of a month alone (`in March`); a day and month keep to the
            // nearest occurrence unless a cue says otherwise (`expire Nov. 21`).
            return calendar(year: year, month: month, day: day, base: base) {
                day == nil ? direction() : spec.direction
            }

        case .weekday(let weekday):
            guard let base else { return ("XXXX-WXX-\(weekday)", nil) }
            let back = (base.weekday - weekday + 7) % 7
            let forward = (weekday - base.weekday + 7) % 7
            let offset: Int
            switch direction() {
            case .strictlyPast: offset = back == 0 ? -7 : -back
            case .strictlyFuture: offset = forward == 0 ? 7 : forward
            case .future: offset = forward
            case .current: offset = back <= 3 ? -back : forward
            case .none: offset = back <= 4 ? -back : forward
            case .past: offset = -back
            }
            let resolved = base.adding(days: offset)
            return (resolved.description, resolved)

        case .nearestWeekday(let weekday):
            guard let base else { return ("XXXX-WXX-\(weekday)", nil) }
            let back = (base.weekday - weekday + 7) % 7
            let resolved = base.adding(days: back <= 3 ? -back : 7 - back)
            return (resolved.description, resolved)

        case .relativeDay(let offset):
            guard let anchor else { return ("XXXX-XX-XX", nil) }
            let resolved = anchor.adding(days: offset)
            return (resolved.description, resolved)

        case .anaphoricDay(let offset):
            guard let lastDate else { return ("XXXX-XX-XX", nil) }
            let resolved = lastDate.adding(days: offset)
            return (resolved.description, resolved)

        case .relative(let unit, let count, let anaphoric):
            if spec.yearBefore, unit == .year, let context = lastQuarter {
                return (quarterValue(context.year + count, context.quarter), nil)
            }
            var reference = anaphoric ? (lastDate ?? anchor) : anchor
            // A year or month counts from the last mention of any precision (`En 1998 … cette année-là`).
            if anaphoric, let mention = lastMention, unit == .year || (unit == .month && mention.month != nil) {
                reference = ISODay(year: mention.year, month: mention.month ?? 1, day: 1)
            }
            return relative(unit, count, from: reference)

        case .season(let season, let year):
            if let year { return ("\(TimexFormat.year(year))-\(season)", nil) }
            guard let anchor else { return ("XXXX-\(season)", nil) }
            let index = TimexFormat.seasons.firstIndex(of: season) ?? 0
            let current = anchor.seasonIndex
            // In January and February the current season, winter, began the year before: the
            // autumn just past (`last fall` read in February) is last year's.
            var resolvedYear = anchor.month <= 2 && index != current ? anchor.year - 1 : anchor.year
            switch direction() {
            case .strictlyPast: if index >= current { resolvedYear -= 1 }
            case .past: if index > current { resolvedYear -= 1 }
            case .strictlyFuture: if index <= current { resolvedYear += 1 }
            case .future: if index < current { resolvedYear += 1 }
            case .none, .current: break
            }
            return ("\(TimexFormat.year(resolvedYear))-\(season)", nil)

        case .quarter(let quarter, let year):
            guard let anchor, year == nil else {
                guard let year else { return ("XXXX-Q\(quarter)", nil) }
                return (quarterValue(year, quarter), nil)
            }
            // A quarter still to come this year is last year's, unless the text speaks of the future.
            var resolvedYear = anchor.year
            if quarter > anchor.quarter {
                switch direction() {
                case .future, .strictlyFuture: break
                default: resolvedYear -= 1
                }
            }
            return (quarterValue(resolvedYear, quarter), nil)

        case .quarterReference(let quarter, let year, let yearOffset, let fromContext):
            if let year, let quarter { return (quarterValue(year + yearOffset, quarter), nil) }
            if let context = lastQuarter, quarter == nil || fromContext {
                let base = year ?? (fromContext ? context.year : (anchor?.year ?? context.year))
                return (quarterValue(base + yearOffset, quarter ?? context.quarter), nil)
            }
            guard let anchor else {
                let yearText = year.map { TimexFormat.year($0 + yearOffset) } ?? "XXXX"
                return ("\(yearText)-Q\(quarter.map(String.init) ?? "X")", nil)
            }
            // No quarter yet: the last full quarter before the reference date.
            let previous = anchor.year * 4 + anchor.quarter - 2
            let resolvedQuarter = quarter ?? (previous % 4 + 1)
            let resolvedYear = year ?? (quarter == nil ? previous / 4 : anchor.year)
            return (quarterValue(resolvedYear + yearOffset, resolvedQuarter), nil)

        case .half(let half, let year):
            if let year { return ("\(TimexFormat.year(year))-H\(half)", nil) }
            guard let anchor else { return ("XXXX-H\(half)", nil) }
            // Like a quarter: a half still to come this year is last year's, unless the text
            // speaks of the future.
            var resolvedYear = anchor.year
            if half == 2, anchor.month <= 6 {
                switch direction() {
                case .future, .strictlyFuture: break
                default: resolvedYear -= 1
                }
            }
            return ("\(TimexFormat.year(resolvedYear))-H\(half)", nil)

        case .holiday(let rule, var year):
            if year == nil { year = joinedYear(spec) }
            guard let resolvedYear = year ?? anchor.map({ Self.year(of: rule, around: $0, direction: spec.direction) }),
                let resolved = rule.day(in: resolvedYear)
            else { return ("XXXX-XX-XX", nil) }
            return (resolved.description, resolved)

        case .decade(let decade):
            return (String(decade), nil)

        case .century(let century):
            return (TimexFormat.two(century), nil)
        }
    }

    /// Whether `quarter` ended before the reference date. One still running or to come is the
    /// period a report is about only in a past sentence (a fiscal year: `reported a decline in
    /// fourth-quarter earnings`); otherwise it is a forecast (`fourth-quarter earnings are
    /// expected to fall`), and later references (`the latest quarter`) do not count from it.
    private func isOver(_ quarter: (year: Int, quarter: Int)) -> Bool {
        guard let anchor else { return true }
        return quarter.year * 4 + quarter.quarter < anchor.year * 4 + anchor.quarter
    }

    /// `1989-Q3`.
    private func quarterValue(_ year: Int, _ quarter: Int) -> String {
        "\(TimexFormat.year(year))-Q\(quarter)"
    }

    private func calendar(
        year: Int?,
        month: Int?,
        day: Int?,
        base: ISODay?,
        direction: () -> Direction
    ) -> (String, ISODay?) {
        guard let month else {
            guard let year else { return ("XXXX", nil) }
            return (TimexFormat.year(year), nil)
        }
        if let year {
            guard let day else { return ("\(TimexFormat.year(year))-\(TimexFormat.two(month))", nil) }
            guard let resolved = ISODay(year: year, month: month, day: day) else {
                return ("\(TimexFormat.year(year))-\(TimexFormat.two(month))-\(TimexFormat.two(day))", nil)
            }
            return (resolved.description, resolved)
        }
        guard let base else {
            guard let day else { return ("XXXX-\(TimexFormat.two(month))", nil) }
            return ("XXXX-\(TimexFormat.two(month))-\(TimexFormat.two(day))", nil)
        }
        let resolvedYear = Self.year(month: month, day: day, around: base, direction: direction())
        guard let day else { return ("\(TimexFormat.year(resolvedYear))-\(TimexFormat.two(month))", nil) }
        let resolved = ISODay(year: resolvedYear, month: month, day: day)
        return (resolved?.description ?? "XXXX-\(TimexFormat.two(month))-\(TimexFormat.two(day))", resolved)
    }

    private func relative(_ unit: TemporalUnit.Base, _ count: Int, from reference: ISODay?) -> (String, ISODay?) {
        guard let reference else {
            switch unit {
            case .year: return ("XXXX", nil)
            case .month: return ("XXXX-XX", nil)
            case .week: return ("XXXX-WXX", nil)
            case .weekend: return ("XXXX-WXX-WE", nil)
            case .quarter: return ("XXXX-QX", nil)
            case .half: return ("XXXX-HX", nil)
            case .decade: return ("XXX", nil)
            case .century, .millennium: return ("XX", nil)
            case .day, .hour, .minute, .second: return ("XXXX-XX-XX", nil)
            }
        }
        switch unit {
        case .year:
            return (TimexFormat.year(reference.year + count), nil)
        case .month:
            return (reference.adding(months: count).monthValue, nil)
        case .week:
            return (reference.adding(days: 7 * count).weekValue, nil)
        case .weekend:
            // `ce week-end` early in the week is the one just past.
            let shift = count == 0 && reference.weekday <= 2 ? -7 : 0
            return (reference.adding(days: 7 * count + shift).weekValue + "-WE", nil)
        case .day, .hour, .minute, .second:
            let resolved = reference.adding(days: count)
            return (resolved.description, resolved)
        case .quarter:
            let index = reference.year * 4 + (reference.quarter - 1) + count
            let year = index >= 0 ? index / 4 : (index - 3) / 4
            return ("\(TimexFormat.year(year))-Q\(index - year * 4 + 1)", nil)
        case .half:
            let index = reference.year * 2 + (reference.month <= 6 ? 0 : 1) + count
            let year = index >= 0 ? index / 2 : (index - 1) / 2
            return ("\(TimexFormat.year(year))-H\(index - year * 2 + 1)", nil)
        case .decade:
            return (String(reference.year / 10 + count), nil)
        case .century, .millennium:
            return (TimexFormat.two(reference.year / 100 + count), nil)
        }
    }
}
