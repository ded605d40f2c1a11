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
        // TIMEX3 allows a decimal amount (`P1.5Y`, `PT30.4S`).
        let total = amount * factor
        let number = total == total.rounded() && abs(total) < 1e15 ? String(Int(total)) : String(total)
        return prefix + number + designator
    }
}

/// What a lexicon phrase means, read from the `phrases` table's mini-language:
/// `day:-1`, `anaphor:1`, `daypart:-1:NI`, `ref:PAST_REF`, `duration:PXY`, `set:P1D`, `holiday:12-25`.
enum PhraseMeaning: Sendable, Hashable {
    /// A day relative to the reference date (`hier` = -1).
    case relativeDay(Int)
    /// A day relative to the last date mentioned (`la veille` = -1).
    case anaphoricDay(Int)
    /// A part of a day relative to the reference date (`tonight`, `last night`).
    case relativeDayPart(Int, String)
    /// `PAST_REF`, `PRESENT_REF`, `FUTURE_REF`.
    case reference(String)
    case duration(String)
    case set(String)
    /// A fixed-date holiday: month and day.
    case holiday(Int, Int)

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
        case "ref":
            guard ["PAST_REF", "PRESENT_REF", "FUTURE_REF"].contains(parts[1]) else { return nil }
            self = .reference(parts[1])
        case "duration":
            self = .duration(parts[1])
        case "set":
            self = .set(parts.dropFirst().joined(separator: ":"))
        case "holiday":
            let monthDay = parts[1].split(separator: "-").compactMap { Int($0) }
            guard monthDay.count == 2, (1...12).contains(monthDay[0]), (1...31).contains(monthDay[1]) else {
                return nil
            }
            self = .holiday(monthDay[0], monthDay[1])
        default:
            return nil
        }
    }
}
