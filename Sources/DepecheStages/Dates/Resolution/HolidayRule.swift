import DepecheCore

/// How a holiday falls in a given year: on a fixed day, a number of days from Easter Sunday,
/// or on the n-th weekday of a month (and a number of days after it).
enum HolidayRule: Sendable, Hashable {
    /// `12-25`.
    case fixed(month: Int, day: Int)
    /// Days after Easter Sunday (`1`: Easter Monday, `39`: Ascension, `-2`: Good Friday).
    case easter(Int)
    /// The `n`-th ISO `weekday` of `month`, `-1` for the last (Thanksgiving: November, Thursday, 4),
    /// shifted by `offset` days (Black Friday: Thanksgiving and 1).
    case nthWeekday(month: Int, weekday: Int, n: Int, offset: Int)

    /// Reads a lexicon code: `holiday:12-25`, `easter:1`, `weekday:11:4:4`, `weekday:11:4:4:1`.
    init?(kind: String, parts: [String]) {
        switch kind {
        case "holiday":
            let monthDay = parts.first?.split(separator: "-").compactMap { Int($0) } ?? []
            guard parts.count == 1, monthDay.count == 2, ISODay(year: 2024, month: monthDay[0], day: monthDay[1]) != nil
            else { return nil }
            self = .fixed(month: monthDay[0], day: monthDay[1])
        case "easter":
            guard parts.count == 1, let offset = Int(parts[0]), abs(offset) < 200 else { return nil }
            self = .easter(offset)
        case "weekday":
            let numbers = parts.compactMap { Int($0) }
            guard numbers.count == parts.count, numbers.count == 3 || numbers.count == 4,
                (1...12).contains(numbers[0]), (1...7).contains(numbers[1]),
                numbers[2] == -1 || (1...5).contains(numbers[2])
            else { return nil }
            let offset = numbers.count == 4 ? numbers[3] : 0
            guard abs(offset) < 28 else { return nil }
            self = .nthWeekday(month: numbers[0], weekday: numbers[1], n: numbers[2], offset: offset)
        default:
            return nil
        }
    }

    /// The day of the holiday in `year`, if it has one.
    func day(in year: Int) -> ISODay? {
        switch self {
        case .fixed(let month, let day):
            return ISODay(year: year, month: month, day: day)
        case .easter(let offset):
            return Self.easterSunday(year)?.adding(days: offset)
        case .nthWeekday(let month, let weekday, let n, let offset):
            if n > 0 {
                guard let first = ISODay(year: year, month: month, day: 1) else { return nil }
                let day = first.adding(days: (weekday - first.weekday + 7) % 7 + 7 * (n - 1))
                return day.month == month ? day.adding(days: offset) : nil
            }
            guard let last = ISODay(year: year, month: month, day: ISODay.daysIn(month: month, year: year)) else {
                return nil
            }
            return last.adding(days: offset - (last.weekday - weekday + 7) % 7)
        }
    }

    /// Easter Sunday of the Gregorian calendar (the anonymous Gregorian computus).
    static func easterSunday(_ year: Int) -> ISODay? {
        guard year > 1582 else { return nil }
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return ISODay(year: year, month: month, day: day)
    }
}
