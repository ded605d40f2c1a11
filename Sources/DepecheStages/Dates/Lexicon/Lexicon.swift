/// What the lexicons say about one word (one token key).
struct WordInfo: Sendable, Hashable {
    /// 1...12, or 0.
    var month: Int8 = 0
    var monthIsAbbreviation = false
    /// The month name is also a common word (`May`): alone, it needs a cue.
    var monthNeedsContext = false
    /// The capitalized month name is also a name (`Mars`): alone and capitalized, it needs a cue.
    var monthNeedsContextWhenCapitalized = false
    /// ISO weekday 1 (Monday) ... 7, or 0.
    var weekday: Int8 = 0
    /// The value of a number word, or -1.
    var number: Int32 = -1
    var numberIsApproximate = false
    /// The value of an ordinal word (`troisième`), or 0.
    var ordinal: Int16 = 0
    /// 1...4 for `SP`, `SU`, `FA`, `WI` (see ``season``), or 0.
    var seasonIndex: UInt8 = 0
    var seasonNeedsContext = false
    /// The tables that have a phrase starting with this word.
    var starts = TableSet()
    /// Whether any lexicon knows the word (``none`` is the only unknown info).
    var isKnown = false

    static let none = WordInfo()

    /// `SP`, `SU`, `FA`, `WI`, or `nil`.
    var season: String? {
        seasonIndex == 0 ? nil : TimexFormat.seasons[Int(seasonIndex) - 1]
    }
}

/// A set of ``Lexicon/Table``s, one bit each (up to 128 tables).
struct TableSet: Sendable, Hashable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    static let capacity = 128

    @inline(__always)
    func contains(_ table: Lexicon.Table) -> Bool {
        let bit = table.rawValue
        return bit < 64 ? low & (1 << UInt64(bit)) != 0 : high & (1 << UInt64(bit - 64)) != 0
    }

    mutating func insert(_ table: Lexicon.Table) {
        let bit = table.rawValue
        precondition(bit < Self.capacity, "more lexicon tables than TableSet holds")
        if bit < 64 { low |= 1 << UInt64(bit) } else { high |= 1 << UInt64(bit - 64) }
    }
}

/// The lexicons of one or more languages, merged and compiled for matching.
///
/// Built once per language selection when the stage is made; read-only afterwards.
struct Lexicon: Sendable {
    enum Table: Int, CaseIterable, Sendable {
        case units, calendarUnits, seasonCues, partsOfDay, partOfDayLinks, timeWords, hourMarkers, hourWords
        case minuteMarkers, meridiem, timePrepositions, articles, demonstratives, sameWords, pastCues
        case futureCues, anaphoricPastCues, anaphoricFutureCues, prefixPastCues, prefixFutureCues
        case prefixCurrentCues, currentSuffixes, durationModifiers, pointModifiers
        case modifierLinks, agoPrefixes, agoSuffixes, inPrefixes, laterSuffixes, earlierSuffixes
        case durationPrefixes, yearCues, setEach, setPer, setFrequency, setAdverbs
        case vagueQuantities, decadeWords, centuryWords, phrases, notYearAfter, notYearBefore
        case quantityDeterminers, futureVerbs, pastVerbs, halves, numberJoiners, indefiniteArticles
        case ordinalSuffixes, dayMonthLinks, quantityLinks, rangeLinks, tenseInPrefixes, openSuffixes
        case ordinalUnits, strongYearCues, pastPrepositions, agePrefixes, ageSuffixes, ageLinks, durationNouns
        case weakVagueQuantities, seasonBlockers, partOfDayPrepositions
        case reportingPeriods, prefixAnaphoricPastCues, prefixAnaphoricFutureCues, timeZones, amountExtras
        case finalParts, yearHalves, periodEnds, relativeYearLinks, anaphoricSuffixes, prefixAnaphoricCurrentCues
        case barePartOfDayPrepositions, periodLetters, periodLettersNeedingYear, notAgeBefore
        case reportYearLeads, notPeriodAfter, compoundUnits, dayWordArticles, functionWords, notHolidayAfter
    }

    let languages: [String]
    var wordIDs: [String: Int32] = [:]
    var words: [WordInfo] = [.none]

    var units = PhraseTable<TemporalUnit>(.units)
    var calendarUnits = PhraseTable<TemporalUnit>(.calendarUnits)
    var seasonCues = PhraseSet(.seasonCues)
    var partsOfDay = PhraseTable<String>(.partsOfDay)
    var partOfDayLinks = PhraseSet(.partOfDayLinks)
    /// Hour and minute.
    var timeWords = PhraseTable<TimeOfDay>(.timeWords)
    var hourMarkers = PhraseSet(.hourMarkers)
    var hourWords = PhraseSet(.hourWords)
    var minuteMarkers = PhraseSet(.minuteMarkers)
    /// `true` for pm.
    var meridiem = PhraseTable<Bool>(.meridiem)
    var timePrepositions = PhraseSet(.timePrepositions)
    var articles = PhraseSet(.articles)
    var demonstratives = PhraseSet(.demonstratives)
    var sameWords = PhraseSet(.sameWords)
    var pastCues = PhraseSet(.pastCues)
    var futureCues = PhraseSet(.futureCues)
    var anaphoricPastCues = PhraseSet(.anaphoricPastCues)
    var anaphoricFutureCues = PhraseSet(.anaphoricFutureCues)
    var prefixPastCues = PhraseSet(.prefixPastCues)
    var prefixFutureCues = PhraseSet(.prefixFutureCues)
    var prefixCurrentCues = PhraseSet(.prefixCurrentCues)
    var currentSuffixes = PhraseSet(.currentSuffixes)
    /// The TIMEX3 mod of each modifier (empty: none), for durations and for dates and times.
    var durationModifiers = PhraseTable<String>(.durationModifiers)
    var pointModifiers = PhraseTable<String>(.pointModifiers)
    var modifierLinks = PhraseSet(.modifierLinks)
    var agoPrefixes = PhraseSet(.agoPrefixes)
    var agoSuffixes = PhraseSet(.agoSuffixes)
    var inPrefixes = PhraseSet(.inPrefixes)
    var laterSuffixes = PhraseSet(.laterSuffixes)
    var earlierSuffixes = PhraseSet(.earlierSuffixes)
    var durationPrefixes = PhraseSet(.durationPrefixes)
    var yearCues = PhraseSet(.yearCues)
    var setEach = PhraseSet(.setEach)
    var setPer = PhraseSet(.setPer)
    var setFrequency = PhraseSet(.setFrequency)
    var setAdverbs = PhraseTable<String>(.setAdverbs)
    var vagueQuantities = PhraseSet(.vagueQuantities)
    var decadeWords = PhraseSet(.decadeWords)
    var centuryWords = PhraseSet(.centuryWords)
    var phrases = PhraseTable<PhraseMeaning>(.phrases)
    var notYearAfter = PhraseSet(.notYearAfter)
    var notYearBefore = PhraseSet(.notYearBefore)
    var quantityDeterminers = PhraseSet(.quantityDeterminers)
    /// `quarter`, `period` (`the 1988 quarter`).
    var reportingPeriods = PhraseSet(.reportingPeriods)
    var prefixAnaphoricPastCues = PhraseSet(.prefixAnaphoricPastCues)
    var prefixAnaphoricFutureCues = PhraseSet(.prefixAnaphoricFutureCues)
    var timeZones = PhraseSet(.timeZones)
    var amountExtras = PhraseSet(.amountExtras)
    var futureVerbs = PhraseSet(.futureVerbs)
    var pastVerbs = PhraseSet(.pastVerbs)
    var halves = PhraseSet(.halves)
    var finalParts = PhraseSet(.finalParts)
    var yearHalves = PhraseSet(.yearHalves)
    var periodEnds = PhraseSet(.periodEnds)
    var relativeYearLinks = PhraseSet(.relativeYearLinks)
    var anaphoricSuffixes = PhraseSet(.anaphoricSuffixes)
    var prefixAnaphoricCurrentCues = PhraseSet(.prefixAnaphoricCurrentCues)
    var barePartOfDayPrepositions = PhraseSet(.barePartOfDayPrepositions)
    var periodLetters = PhraseTable<Int>(.periodLetters)
    var periodLettersNeedingYear = PhraseSet(.periodLettersNeedingYear)
    var notAgeBefore = PhraseSet(.notAgeBefore)
    var reportYearLeads = PhraseTable<Bool>(.reportYearLeads)
    var notPeriodAfter = PhraseSet(.notPeriodAfter)
    var compoundUnits = PhraseTable<TemporalUnit>(.compoundUnits)
    var dayWordArticles = PhraseSet(.dayWordArticles)
    var functionWords = PhraseSet(.functionWords)
    var notHolidayAfter = PhraseSet(.notHolidayAfter)
    var numberJoiners = PhraseSet(.numberJoiners)
    var indefiniteArticles = PhraseSet(.indefiniteArticles)
    var ordinalSuffixes = PhraseSet(.ordinalSuffixes)
    var dayMonthLinks = PhraseSet(.dayMonthLinks)
    var quantityLinks = PhraseSet(.quantityLinks)
    var rangeLinks = PhraseSet(.rangeLinks)
    var tenseInPrefixes = PhraseSet(.tenseInPrefixes)
    var openSuffixes = PhraseSet(.openSuffixes)
    var pastPrepositions = PhraseSet(.pastPrepositions)
    var ordinalUnits = PhraseSet(.ordinalUnits)
    var strongYearCues = PhraseSet(.strongYearCues)
    var agePrefixes = PhraseSet(.agePrefixes)
    var ageSuffixes = PhraseSet(.ageSuffixes)
    var ageLinks = PhraseSet(.ageLinks)
    var durationNouns = PhraseSet(.durationNouns)
    var weakVagueQuantities = PhraseSet(.weakVagueQuantities)
    var seasonBlockers = PhraseSet(.seasonBlockers)
    var partOfDayPrepositions = PhraseSet(.partOfDayPrepositions)
    var futureSuffixes: [String] = []
    var pastSuffixes: [String] = []
    /// Lowercased, with their accents (`é` is not `e`).
    var appositionParticiples: [String] = []

    /// Whether a month name stands right before `index` (`January nineteen ninety-seven`).
    func monthsBefore(_ stream: TokenStream, _ index: Int) -> Bool {
        index > 0 && stream.tokens[index - 1].kind == .word && stream.infos[index - 1].month > 0
    }

    /// The info of a token key (``WordInfo/none`` for a word no lexicon knows).
    @inline(__always)
    func info(_ key: String) -> WordInfo {
        guard let id = wordIDs[key] else { return .none }
        return words[Int(id)]
    }

    /// Whether `key` ends with a future-tense ending, with at least three letters before it
    /// (`recevra`, not `front`).
    func hasFutureSuffix(_ key: String) -> Bool {
        futureSuffixes.contains { key.utf8.count >= $0.utf8.count + 3 && key.hasSuffix($0) }
    }

    func hasPastSuffix(_ key: String) -> Bool {
        pastSuffixes.contains { key.utf8.count >= $0.utf8.count + 3 && key.hasSuffix($0) }
    }
}

/// An hour and minute (`24:00` is midnight at the end of the day, as TIMEX3 writes it).
struct TimeOfDay: Sendable, Hashable {
    var hour: Int
    var minute: Int
    var second: Int?

    init(hour: Int, minute: Int, second: Int? = nil) {
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Reads `HH:MM`.
    init?(code: String) {
        let parts = code.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, (0...24).contains(parts[0]), (0...59).contains(parts[1]) else { return nil }
        self.init(hour: parts[0], minute: parts[1])
    }

    var isValid: Bool {
        (0...24).contains(hour) && (0...59).contains(minute) && (hour < 24 || minute == 0)
            && (second.map { (0...59).contains($0) } ?? true)
    }
}
