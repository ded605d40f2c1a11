import DepecheCore

/// Calendar arithmetic and TIMEX3 formatting on top of `ISODay`.
extension ISODay {
    /// 1 for January 1st.
    var dayOfYear: Int {
        daysSinceEpoch - ISODay(year: year, month: 1, day: 1)!.daysSinceEpoch + 1
    }

    /// The ISO 8601 week-numbering year and week (the week that holds the Thursday).
    var isoWeek: (year: Int, week: Int) {
        let thursday = adding(days: 4 - weekday)
        return (thursday.year, (thursday.dayOfYear - 1) / 7 + 1)
    }

    /// The same day `months` months later, clamped to the month's length.
    func adding(months: Int) -> ISODay {
        let index = year * 12 + (month - 1) + months
        let newYear = index >= 0 ? index / 12 : (index - 11) / 12
        let newMonth = index - newYear * 12 + 1
        let newDay = min(day, ISODay.daysIn(month: newMonth, year: newYear))
        return ISODay(year: newYear, month: newMonth, day: newDay)!
    }

    /// `2025-W35`.
    var weekValue: String {
        let (weekYear, week) = isoWeek
        return "\(TimexFormat.year(weekYear))-W\(TimexFormat.two(week))"
    }

    /// `2025-09`.
    var monthValue: String { "\(TimexFormat.year(year))-\(TimexFormat.two(month))" }

    /// 1...4.
    var quarter: Int { (month - 1) / 3 + 1 }

    /// The season index of the month: 0 spring (March-May), 1 summer, 2 autumn, 3 winter.
    var seasonIndex: Int {
        switch month {
        case 3...5: 0
        case 6...8: 1
        case 9...11: 2
        default: 3
        }
    }
}

/// Zero-padded pieces of TIMEX3 values.
enum TimexFormat {
    static func two(_ value: Int) -> String {
        value < 10 && value >= 0 ? "0\(value)" : String(value)
    }

    static func year(_ value: Int) -> String {
        guard value >= 0 else { return String(value) }
        let digits = String(value)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    static func time(_ time: TimeOfDay) -> String {
        var text = "T\(two(time.hour)):\(two(time.minute))"
        if let second = time.second { text += ":\(two(second))" }
        return text
    }

    static let seasons = ["SP", "SU", "FA", "WI"]
}
