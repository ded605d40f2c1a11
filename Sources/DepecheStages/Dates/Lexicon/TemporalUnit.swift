/// A unit of time as lexicons name it (`an`, `weeks`, `quinquennat`), with a multiplier.
struct TemporalUnit: Sendable, Hashable {
    enum Base: String, Sendable, Hashable, CaseIterable {
        case year = "Y"
        case month = "M"
        case week = "W"
        case day = "D"
        case hour = "H"
        case minute = "MIN"
        case second = "S"
        case decade = "DE"
        case century = "CE"
        case millennium = "ML"
        case quarter = "Q"
        case half = "HALF"
        case weekend = "WE"

        /// Whether ISO 8601 writes the unit after `T` (`PT3H`).
        var isTimeOfDay: Bool { self == .hour || self == .minute || self == .second }
    }

    var base: Base
    /// How many `base` units one lexicon unit is (`quinquennat` = 5 years).
    var multiplier: Int

    /// The unit a fraction of `base` is written in, and how many of it make one `base`.
    private static func smallerUnit(_ base: Base) -> (Base, Int)? {
        switch base {
        case .year: (.month, 12)
        case .week: (.day, 7)
        case .day: (.hour, 24)
        case .hour: (.minute, 60)
        case .minute: (.second, 60)
        default: nil
        }
    }

    /// Reads a lexicon code: `Y`, `MIN`, `Y5` (five years), `W2` (a fortnight).
    init?(code: String) {
        let letters = String(code.prefix { $0.isLetter })
        guard let base = Base(rawValue: letters) else { return nil }
        let rest = code.dropFirst(letters.count)
        if rest.isEmpty {
            self.init(base: base, multiplier: 1)
        } else if let multiplier = Int(rest), multiplier > 0 {
            self.init(base: base, multiplier: multiplier)
        } else {
            return nil
        }
    }

    init(base: Base, multiplier: Int = 1) {
        self.base = base
        self.multiplier = multiplier
    }

    /// The TIMEX3 duration for `amount` units (`nil` amount: unspecified, `PXY`).
    ///
    /// Decades, centuries and millennia are written in years (`P10Y`), as TimeBank does;
    /// quarters and halves in months; week-ends as two days.
    func durationValue(_ amount: Double?) -> String {
        var base = self.base
        var factor = Double(multiplier)
        switch base {
        case .decade: (base, factor) = (.year, factor * 10)
        case .century: (base, factor) = (.year, factor * 100)
        case .millennium: (base, factor) = (.year, factor * 1000)
        case .quarter: (base, factor) = (.month, factor * 3)
        case .half: (base, factor) = (.month, factor * 6)
        case .weekend: (base, factor) = (.day, factor * 2)
        default: break
        }
        let designator = base == .minute ? "M" : base.rawValue
        let prefix = base.isTimeOfDay ? "PT" : "P"
        guard let amount else {
            switch self.base {
            case .decade: return "PXDE"
            case .century: return "PXCE"
            default: return prefix + "X" + designator
            }
        }
        let total = amount * factor
        // A fraction goes to the next smaller unit when it comes out whole (`P1Y6M`, `PT5H30M`);
        // TIMEX3 allows a decimal amount otherwise (`PT30.4S`).
        let whole = total.rounded(.down)
        if whole != total, whole >= 0, total < 1e9, let (smaller, ratio) = Self.smallerUnit(base) {
            let rest = (total - whole) * Double(ratio)
            if rest == rest.rounded() {
                let restPrefix = smaller.isTimeOfDay && !base.isTimeOfDay ? "T" : ""
                let restDesignator = smaller == .minute ? "M" : smaller.rawValue
                let wholePart = whole > 0 ? String(Int(whole)) + designator : ""
                return prefix + wholePart + restPrefix + String(Int(rest)) + restDesignator
            }
        }
        let number = total == total.rounded() && abs(total) < 1e15 ? String(Int(total)) : String(total)
        return prefix + number + designator
    }
}

/// What a lexicon phrase means, read from the `phrases` table's mini-language:
/// `day:-1`, `anaphor:1`, `daypart:-1:NI`, `ref:PAST_REF`, `duration:PXY`, `set:P1D`, `holiday:12-25`,
/// `easter:1`, `weekday:11:4:4`, `period:-1`, `year:0:END`, `anaphorpart:1:MO`.
enum PhraseMeaning: Sendable, Hashable {
    /// A day relative to the reference date (`hier` = -1).
    case relativeDay(Int)
    /// A day relative to the last date mentioned (`la veille` = -1).
    case anaphoricDay(Int)
    /// A part of a day relative to the reference date (`tonight`, `last night`).
    case relativeDayPart(Int, String)
    /// A part of a day relative to the last date mentioned (`le matin même`, `the next morning`).
    case anaphoricDayPart(Int, String)
    /// `PAST_REF`, `PRESENT_REF`, `FUTURE_REF`.
    case reference(String)
    case duration(String)
    case set(String)
    /// A holiday: `holiday:12-25` (a fixed day), `easter:1` (Easter Monday), `weekday:11:4:4`
    /// (the fourth Thursday of November).
    case holiday(HolidayRule)
    /// The period a report is about (`the latest quarter`, 0) or the same period some years
    /// before (`the year-ago quarter`, -1).
    case reportedPeriod(Int)
    /// A year relative to the reference date with a TIMEX3 `mod` (`year-end`: 0, `END`).
    case relativeYear(Int, mod: String)

    init?(code: String) {
        let parts = code.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else { return nil }
        switch parts[0] {
        case "day":
            guard let offset = Int(parts[1]) else { return nil }
            self = .relativeDay(offset)
        case "anaphor":
            guard let offset = Int(parts[1]) else { return nil }
            self = .anaphoricDay(offset)
        case "daypart":
            guard parts.count == 3, let offset = Int(parts[1]) else { return nil }
            self = .relativeDayPart(offset, parts[2])
        case "anaphorpart":
            guard parts.count == 3, let offset = Int(parts[1]) else { return nil }
            self = .anaphoricDayPart(offset, parts[2])
        case "ref":
            guard ["PAST_REF", "PRESENT_REF", "FUTURE_REF"].contains(parts[1]) else { return nil }
            self = .reference(parts[1])
        case "duration":
            self = .duration(parts[1])
        case "set":
            self = .set(parts.dropFirst().joined(separator: ":"))
        case "period":
            guard let offset = Int(parts[1]) else { return nil }
            self = .reportedPeriod(offset)
        case "year":
            guard parts.count == 3, let offset = Int(parts[1]) else { return nil }
            self = .relativeYear(offset, mod: parts[2])
        case "holiday", "easter", "weekday":
            guard let rule = HolidayRule(kind: parts[0], parts: Array(parts.dropFirst())) else { return nil }
            self = .holiday(rule)
        default:
            return nil
        }
    }
}
