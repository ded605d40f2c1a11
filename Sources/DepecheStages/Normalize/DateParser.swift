import DepecheCore

/// Reads publication dates as they appear in meta tags, JSON-LD and text headers, and writes them
/// as the document model wants them: an ISO day (`2025-09-04`), or an ISO date-time when the
/// source gives a time with a UTC offset (`2025-09-04T08:30:00+02:00`). A date-time without an
/// offset keeps only its day; a year or a month alone is never a date.
///
/// Forms read: ISO 8601 (`2025-09-04`, `2025-09-04T08:30:00Z`, `2025/09/04`), RFC 2822
/// (`Thu, 04 Sep 2025 08:30:00 +0200`), French and English written dates (`jeudi 4 septembre 2025`,
/// `1er sept. 2025`, `September 4, 2025`, `4 Sep 2025`) and numeric day-month-year dates when the
/// order is certain (`25/12/2025`, or `04/09/2025` when the caller says days come first).
enum DateParser {
    struct Match: Sendable, Hashable {
        var value: String
        /// Unicode scalars of the input covered by the date (and its time, when read).
        var length: Int
    }

    /// The date at the start of `text`, which may go on after it.
    static func parsePrefix(_ text: some StringProtocol, dayFirst: Bool? = nil) -> Match? {
        let tokens = DateTokenizer.tokens(of: text)
        guard !tokens.isEmpty else { return nil }
        let cursor = TokenCursor(tokens: tokens)
        return parseISO(cursor) ?? parseWritten(cursor) ?? parseNumeric(cursor, dayFirst: dayFirst)
    }

    /// The date a meta value or JSON-LD property holds, or `nil`.
    static func normalize(_ value: some StringProtocol) -> String? {
        parsePrefix(value.trimmingASCIIWhitespace())?.value
    }

    // MARK: Forms

    private static func parseISO(_ cursor: TokenCursor) -> Match? {
        var probe = cursor
        guard let year = probe.number(digits: 4...4), let separator = probe.symbol(in: "-/"),
            let month = probe.number(digits: 1...2), probe.symbol(in: String(separator)) != nil,
            let dayValue = probe.number(digits: 1...2), let isoDay = makeDay(year, month, dayValue)
        else { return nil }
        let dayEnd = probe.previousEnd
        if separator == "-", let time = parseTime(&probe), let offset = time.offset {
            return Match(value: "\(isoDay)T\(time.clock)\(offset)", length: time.end)
        }
        return Match(value: "\(isoDay)", length: dayEnd)
    }

    /// `[weekday[,]] 4[er|th] September[.][,] 2025` or `[weekday[,]] September[.] 4[th][,] 2025`,
    /// with an RFC 2822 time and zone after it when present.
    private static func parseWritten(_ cursor: TokenCursor) -> Match? {
        var probe = cursor
        if let word = probe.peekWord(), weekdays.contains(word) {
            _ = probe.word()
            _ = probe.symbol(in: ",")
        }
        let dayValue: Int
        let monthValue: Int
        if let number = probe.number(digits: 1...2) {
            dayValue = number
            if let suffix = probe.peekWord(), ordinalSuffixes.contains(suffix) { _ = probe.word() }
            _ = probe.symbol(in: ".")
            guard let word = probe.word(), let month = months[word] else { return nil }
            monthValue = month
            _ = probe.symbol(in: ".")
        } else if let word = probe.word(), let month = months[word] {
            monthValue = month
            _ = probe.symbol(in: ".")
            guard let number = probe.number(digits: 1...2) else { return nil }
            dayValue = number
            if let suffix = probe.peekWord(), ordinalSuffixes.contains(suffix) { _ = probe.word() }
        } else {
            return nil
        }
        _ = probe.symbol(in: ",")
        guard let year = probe.number(digits: 4...4), let isoDay = makeDay(year, monthValue, dayValue) else {
            return nil
        }
        let dayEnd = probe.previousEnd
        if let time = parseTime(&probe), let offset = time.offset {
            return Match(value: "\(isoDay)T\(time.clock)\(offset)", length: time.end)
        }
        return Match(value: "\(isoDay)", length: dayEnd)
    }

    /// `25/12/2025`, `25.12.2025`, `25-12-2025`: day first unless only month-first makes sense.
    private static func parseNumeric(_ cursor: TokenCursor, dayFirst: Bool?) -> Match? {
        var probe = cursor
        guard let first = probe.number(digits: 1...2), let separator = probe.symbol(in: "/.-"),
            let second = probe.number(digits: 1...2), probe.symbol(in: String(separator)) != nil,
            let year = probe.number(digits: 4...4)
        else { return nil }
        let dayMonth: (Int, Int)
        if first > 12, second <= 12 {
            dayMonth = (first, second)
        } else if second > 12, first <= 12 {
            dayMonth = (second, first)
        } else if first == second {
            dayMonth = (first, second)
        } else if let dayFirst {
            dayMonth = dayFirst ? (first, second) : (second, first)
        } else {
            return nil
        }
        guard let isoDay = makeDay(year, dayMonth.1, dayMonth.0) else { return nil }
        return Match(value: "\(isoDay)", length: probe.previousEnd)
    }

    /// `T08:30[:00[.123]]` then `Z`, `+02:00`, `+0200`, `GMT`, `UTC`: the clock and the offset.
    private static func parseTime(_ probe: inout TokenCursor) -> (clock: String, offset: String?, end: Int)? {
        var time = probe
        if time.peekWord() == "t" { _ = time.word() }
        guard let hour = time.number(digits: 1...2), hour < 24, time.symbol(in: ":") != nil,
            let minute = time.number(digits: 2...2), minute < 60
        else { return nil }
        var second = 0
        var save = time
        if time.symbol(in: ":") != nil, let value = time.number(digits: 2...2), value < 61 {
            second = value
            save = time
            if time.symbol(in: ".,") != nil, time.number(digits: 1...9) != nil { save = time }
        }
        time = save
        let clock = "\(twoDigits(hour)):\(twoDigits(minute)):\(twoDigits(min(second, 59)))"
        var offset: String?
        var zone = time
        if let word = zone.word(), ["z", "gmt", "utc", "ut"].contains(word) {
            offset = "Z"
            time = zone
        } else {
            zone = time
            if let sign = zone.symbol(in: "+-"), let digits = zone.digits() {
                var hours: Int?
                var minutes = 0
                if digits.count == 4, let value = Int(digits) {
                    hours = value / 100
                    minutes = value % 100
                } else if digits.count <= 2, let value = Int(digits) {
                    hours = value
                    var rest = zone
                    if rest.symbol(in: ":") != nil, let value = rest.number(digits: 2...2) {
                        minutes = value
                        zone = rest
                    }
                }
                if let hours, hours <= 14, minutes < 60 {
                    offset = hours == 0 && minutes == 0 ? "Z" : "\(sign)\(twoDigits(hours)):\(twoDigits(minutes))"
                    time = zone
                }
            }
        }
        probe = time
        return (clock, offset, time.previousEnd)
    }

    private static func makeDay(_ year: Int, _ month: Int, _ day: Int) -> ISODay? {
        guard (1900...2100).contains(year) else { return nil }
        return ISODay(year: year, month: month, day: day)
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    // MARK: Words

    static let months: [String: Int] = [
        "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "fév": 2, "mars": 3,
        "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8,
        "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12, "déc": 12,
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
        "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
        "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]

    static let weekdays: Set<String> = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    ]

    private static let ordinalSuffixes: Set<String> = ["er", "st", "nd", "rd", "th"]
}
