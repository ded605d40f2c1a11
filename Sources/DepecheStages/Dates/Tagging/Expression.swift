/// Which way an expression points from its anchor.
enum Direction: Sendable, Hashable {
    case none
    /// The latest occurrence at or before the anchor (weak: from the tense).
    case past
    /// The earliest occurrence at or after the anchor (weak: from the tense).
    case future
    /// Strictly before the anchor (`mardi dernier`).
    case strictlyPast
    /// Strictly after the anchor (`mardi prochain`).
    case strictlyFuture
    /// In the anchor's year (`cet été`, `this September`).
    case current
}

/// A point or period on the calendar, as the text says it, before resolution.
struct PointSpec: Sendable, Hashable {
    enum Day: Sendable, Hashable {
        /// Nothing about the day: a time alone (`à 14 h`), resolved on the last date mentioned.
        case unspecified
        /// Explicit calendar fields; a missing year is resolved against the anchor.
        case calendar(year: Int?, month: Int?, day: Int?)
        /// `jeudi`, `jeudi prochain`.
        case weekday(Int)
        /// `ce jeudi`: the occurrence nearest the anchor (`ce même lundi`: nearest the last date).
        case nearestWeekday(Int)
        /// `hier` = -1, relative to the reference date.
        case relativeDay(Int)
        /// `la veille` = -1, relative to the last date mentioned; unknown without one.
        case anaphoricDay(Int)
        /// `la semaine dernière` (week, -1), `il y a trois mois` (month, -3); anaphoric ones
        /// (`l'année suivante`, `trois jours plus tard`) count from the last date mentioned.
        case relative(TemporalUnit.Base, Int, anaphoric: Bool)
        /// `printemps` (`SP`), with an optional explicit year.
        case season(String, year: Int?)
        /// `le troisième trimestre` (`Q3`), `le premier semestre` (`H1`).
        case quarter(Int, year: Int?)
        case half(Int, year: Int?)
        /// A quarter named by reference to the period the text reports on (`the latest quarter`,
        /// `the year-ago period`, `the 1988 quarter`, `this year's third quarter`): `quarter`
        /// (else the quarter last mentioned, else the last full quarter before the reference date)
        /// in `year` (else the reference year, or the year of the quarter last mentioned when
        /// `fromContext`), shifted by `yearOffset` years.
        case quarterReference(quarter: Int?, year: Int?, yearOffset: Int, fromContext: Bool)
        /// A holiday that moves from year to year (`Pâques`, `Thanksgiving`), in `year` or the
        /// occurrence nearest the reference date.
        case holiday(HolidayRule, year: Int?)
        /// The first three digits of the decade's years (`199` for the 1990s).
        case decade(Int)
        /// The first two digits of the century's years (`19` for the twentieth century).
        case century(Int)
    }

    var day: Day
    var direction: Direction = .none
    /// Resolve from the last date mentioned instead of the reference date (`le lundi suivant`).
    var fromLastDate = false
    /// `MO`, `AF`, `EV`, `NI`, ...
    var partOfDay: String?
    var time: TimeOfDay?
    /// `a year ago`, `a year earlier`: after a quarter, the same quarter a year before.
    var yearBefore = false
    /// A possessive weekday (`Wednesday's ruling`): an event already named, taken as the
    /// nearest occurrence leaning to the past rather than from the tense of the sentence.
    var leansPast = false
    /// The reference year shifted by this many years, for a date named with a relative year
    /// (`January this year`, `en mars l'an dernier`); from the year last mentioned when
    /// `yearFromLastMention` (`le 3 mars de l'année suivante`, `en janvier cette année-là`).
    var yearOffset: Int?
    var yearFromLastMention = false
    /// Days added to the resolved day (`la veille du 14 juillet`: -1).
    var dayShift = 0
    /// The direction holds only from a last date mentioned (`le lendemain mardi`); without one,
    /// the tense of the sentence decides, as for a weekday alone.
    var directionNeedsLastDate = false

    /// Whether a relative year right after the expression gives its year (`janvier l'an dernier`,
    /// `Thanksgiving last year`): a month or holiday without a year.
    var takesRelativeYear: Bool {
        switch day {
        case .calendar(nil, .some, _), .holiday(_, nil): yearOffset == nil
        default: false
        }
    }

    /// Whether the expression names one day of the calendar (not a time, month or period), or
    /// a part of one day when `withPart` (`le 14 juillet au soir`).
    func namesDay(withPart: Bool = false) -> Bool {
        guard time == nil, withPart || partOfDay == nil else { return false }
        switch day {
        case .calendar(_, _, .some), .weekday, .nearestWeekday, .relativeDay, .holiday: return true
        default: return false
        }
    }

    /// Whether the expression names the quarter a report is about (`the third quarter`), which
    /// later references (`a year earlier`, `the latest period`) count from; a quarter reached
    /// by reference (`the year-ago quarter`) is not one.
    var namesQuarter: Bool {
        switch day {
        case .quarter: true
        case .quarterReference(let quarter, let year, let yearOffset, _):
            quarter != nil && year == nil && yearOffset == 0
        default: false
        }
    }
}

/// What a matched expression means, before resolution.
enum Meaning: Sendable, Hashable {
    case point(PointSpec)
    /// A TIMEX3 duration value (`P4Y`, `PXM`).
    case duration(String)
    /// A TIMEX3 set value (`P1D`, `XXXX-WXX-1`).
    case set(String)
    /// `PAST_REF`, `PRESENT_REF`, `FUTURE_REF`.
    case reference(String)
}

/// One expression found in the token stream.
struct Match: Sendable, Hashable {
    /// Token indices, half-open.
    var range: Range<Int>
    var meaning: Meaning
    var mod: String = ""

    var start: Int { range.lowerBound }
    var end: Int { range.upperBound }
}
