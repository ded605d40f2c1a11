import DepecheCore

/// Which occurrence of a yearless date, holiday or quarter the text means.
extension Resolver {
    /// The year and quarter of a value like `1989-Q3`.
    static func quarter(of value: String) -> (year: Int, quarter: Int)? {
        let bytes = Array(value.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-"), bytes[5] == UInt8(ascii: "Q"),
            let year = Int(value.prefix(4)), let quarter = Int(value.suffix(1)), (1...4).contains(quarter)
        else { return nil }
        return (year, quarter)
    }

    /// The year of the occurrence of a holiday nearest `base` in `direction`, weighted towards
    /// the past like other dates without a year.
    static func year(of rule: HolidayRule, around base: ISODay, direction: Direction) -> Int {
        var best = base.year
        var bestDistance = Double.infinity
        for candidateYear in [base.year - 1, base.year, base.year + 1] {
            guard let date = rule.day(in: candidateYear) else { continue }
            let days = date.daysSinceEpoch - base.daysSinceEpoch
            switch direction {
            case .past where days > 0, .strictlyPast where days >= 0: continue
            case .future where days < 0, .strictlyFuture where days <= 0: continue
            default: break
            }
            let distance = days > 0 ? Double(days) * futureWeight : Double(-days)
            if distance < bestDistance { (best, bestDistance) = (candidateYear, distance) }
        }
        return best
    }

    /// How many months apart a month alone and the reference month must be for the month to
    /// belong to the next or previous year.
    static let monthAcrossYear = 10

    /// How much farther a future date counts than a past one when nothing says which way.
    static let futureWeight = 1.5

    /// The year of `month` (and `day`) nearest `base` in `direction`; with no direction, the
    /// closest occurrence, weighted towards the past.
    static func year(month: Int, day: Int?, around base: ISODay, direction: Direction) -> Int {
        // Compare on (month, day); a month alone compares on the month.
        let candidate = month * 100 + (day ?? 0)
        let reference = base.month * 100 + (day == nil ? 0 : base.day)
        let year = base.year
        switch direction {
        case .strictlyPast: return candidate < reference ? year : year - 1
        case .past: return candidate <= reference ? year : year - 1
        case .strictlyFuture: return candidate > reference ? year : year + 1
        case .future: return candidate >= reference ? year : year + 1
        case .current: return year
        case .none:
            // A month alone with no tense is the reference year's (`stepped down in March`,
            // `flights will double by August`), unless it lies most of a year away, across the
            // turn of the year (`December` read in January is last December).
            if day == nil {
                let gap = month - base.month
                if gap >= Self.monthAcrossYear { return year - 1 }
                if gap <= -Self.monthAcrossYear { return year + 1 }
                return year
            }
            // The nearest occurrence, news looking back more often than ahead: a future date
            // counts as half again as far (a month alone counts from its middle).
            var best = year
            var bestDistance = Double.infinity
            for candidateYear in [year - 1, year, year + 1] {
                guard let date = ISODay(year: candidateYear, month: month, day: day ?? 15) else { continue }
                let days = date.daysSinceEpoch - base.daysSinceEpoch
                if day == nil, candidateYear == year, month == base.month { return year }
                let distance = days > 0 ? Double(days) * Self.futureWeight : Double(-days)
                if distance < bestDistance { (best, bestDistance) = (candidateYear, distance) }
            }
            return best
        }
    }
}
