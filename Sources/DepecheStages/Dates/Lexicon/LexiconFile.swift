import Foundation

/// One language's lexicon as written in `Data/<language>.json`. Every table is optional, so a
/// new language can start small; keys are matched lowercased and without accents.
struct LexiconFile: Sendable, Decodable {
    var language: String
    var months: [String: Int] = [:]
    var monthAbbreviations: [String: Int] = [:]
    /// Months that are also common words (`May`, `march`): alone, they need a cue before them.
    var contextualMonths: [String] = []
    /// Months that are also names when capitalized (`Mars`, `Mai`): alone and capitalized
    /// inside a sentence, they need a cue before them.
    var capitalizedContextualMonths: [String] = []
    /// Words between a day and its month (`the 15th of March`).
    var dayMonthLinks: [String] = []
    var weekdays: [String: Int] = [:]
    var numbers: [String: Int] = [:]
    /// Number words that mean "about" (`une quinzaine`).
    var approximateNumbers: [String] = []
    /// Words that mean one before a unit (`un`, `a`).
    var indefiniteArticles: [String] = []
    /// Joins number words (`vingt et un`, `one hundred and five`).
    var numberJoiners: [String] = []
    /// Words between an approximate number and its unit (`une quinzaine de jours`).
    var quantityLinks: [String] = []
    /// Words between the two days of a range (`15 et 16 mars`, `du 15 au 18 mars`).
    var rangeLinks: [String] = []
    /// Adds a half after a unit (`un an et demi`).
    var halves: [String] = []
    /// Words that name the last part of a year like an ordinal (`the last half of 1989`).
    var finalParts: [String] = []
    /// Half of a year, counted only with a year after it (`the first half of 1990`), unlike a
    /// half of a game.
    var yearHalves: [String] = []
    /// Participles after a year that make it a span of one year, as in a financial report
    /// (`the year ended March 31`).
    var periodEnds: [String] = []
    /// Words between a date and the relative year it is in (`January of last year`).
    var relativeYearLinks: [String] = []
    /// After a demonstrative and a unit: the period of the last date mentioned (`cette année-là`).
    var anaphoricSuffixes: [String] = []
    /// Before a unit: the period of the last date mentioned (`that year`).
    var prefixAnaphoricCurrentCues: [String] = []
    /// Prepositions after which a part of the day needs no article (`en soirée`).
    var barePartOfDayPrepositions: [String] = []
    /// A capital letter before a period's number, with the periods in a year: `"q": 4` for
    /// `Q3 2025`, `"h": 2` for `H1`.
    var periodLetters: [String: Int] = [:]
    /// Period letters that are also other abbreviations (`un T3`, a flat): a date only with a
    /// year after them.
    var periodLettersNeedingYear: [String] = []
    /// Words before an age prefix that make it part of another phrase (`d'ici à dix ans`).
    var notAgeBefore: [String] = []
    /// Words before `the year` that make it the year a report is about (`for the year`); `true`
    /// for those that count only after a unit (`nine months of the year`).
    var reportYearLeads: [String: Bool] = [:]
    /// Words after a period that make it another one (`the year when`, `the year that`).
    var notPeriodAfter: [String] = []
    /// Unit abbreviations read only after a larger unit (`3 h 21 min 16 s`).
    var compoundUnits: [String: String] = [:]
    /// Articles before a day written in words (`le quatorze juillet`); none in English.
    var dayWordArticles: [String] = []
    /// Grammar words (prepositions, conjunctions, pronouns, articles) that show a number or a
    /// period ends before them (`jusqu'à 2030 la dette`, `that night at a hotel`).
    var functionWords: [String] = []
    /// Words after a holiday that make it another one (`le Nouvel An chinois`).
    var notHolidayAfter: [String] = []
    var ordinals: [String: Int] = [:]
    /// Letters written right after a digit to make an ordinal (`1er`, `3rd`).
    var ordinalSuffixes: [String] = []
    /// Units of duration: codes `Y`, `M`, `W`, `D`, `H`, `MIN`, `S`, `DE`, `CE`, `ML`, `Q`, `HALF`, `WE`,
    /// optionally with a multiplier (`Y5`).
    var units: [String: String] = [:]
    /// Units that name a calendar period after a determiner (`la semaine dernière`).
    var calendarUnits: [String: String] = [:]
    /// Season codes `SP`, `SU`, `FA`, `WI`.
    var seasons: [String: String] = [:]
    var contextualSeasons: [String] = []
    var seasonCues: [String] = []
    /// Part-of-day codes `MO`, `MI`, `AF`, `EV`, `NI`, `DT`.
    var partsOfDay: [String: String] = [:]
    /// Words between a day and a part of day (`jeudi dans la soirée`).
    var partOfDayLinks: [String] = []
    /// Words that are a time of day (`midi` = `12:00`).
    var timeWords: [String: String] = [:]
    /// Written after the hour (`14 h 30`, `3 o'clock`).
    var hourMarkers: [String] = []
    /// The word for hours as a unit (`heures`), a time only after a time preposition.
    var hourWords: [String] = []
    var minuteMarkers: [String] = []
    /// `am` or `pm` for each spelling.
    var meridiem: [String: String] = [:]
    var timePrepositions: [String] = []
    var articles: [String] = []
    var demonstratives: [String] = []
    /// `même`, `same`: `ce même lundi`.
    var sameWords: [String] = []
    /// Written after a period to point back from the reference date (`mardi dernier`).
    var pastCues: [String] = []
    var futureCues: [String] = []
    /// Written after a period to point from the last date mentioned (`le mois suivant`).
    var anaphoricPastCues: [String] = []
    var anaphoricFutureCues: [String] = []
    /// Written before a period (`last week`, `next Monday`, `this year`).
    var prefixPastCues: [String] = []
    var prefixFutureCues: [String] = []
    var prefixCurrentCues: [String] = []
    /// Written after a period for the current one (`ce mois-ci`).
    var currentSuffixes: [String] = []
    /// Words before an expression and the TIMEX3 `mod` they give (`début` = `START`).
    var modifiers: [String: String] = [:]
    /// Which modifiers may stand before a duration, and which before a date.
    var durationModifiers: [String] = []
    var pointModifiers: [String] = []
    /// Words between a modifier and its expression (`fin de l'année`).
    var modifierLinks: [String] = []
    var agoPrefixes: [String] = []
    var agoSuffixes: [String] = []
    /// Before an amount: a date after the reference date (`dans deux semaines`).
    var inPrefixes: [String] = []
    /// Before an amount: a date after the reference date when the sentence speaks of the
    /// future, else a duration (`in two weeks`).
    var tenseInPrefixes: [String] = []
    var laterSuffixes: [String] = []
    var earlierSuffixes: [String] = []
    /// Later/earlier suffixes that may relate to something else (`trois jours avant l'élection`):
    /// they count only before punctuation.
    var openSuffixes: [String] = []
    var durationPrefixes: [String] = []
    /// Words before a date that place it in the past (`depuis novembre`, `since March`).
    var pastPrepositions: [String] = []
    /// Words that make a lone four-digit number or a lone month read as a date (`en`, `since`).
    var yearCues: [String] = []
    var setEach: [String] = []
    var setPer: [String] = []
    var setFrequency: [String] = []
    var setAdverbs: [String: String] = [:]
    /// Unspecified amounts (`plusieurs`, `several`): `plusieurs mois` = `PXM`.
    var vagueQuantities: [String] = []
    /// `les années 1990`.
    var decadeWords: [String] = []
    var centuryWords: [String] = []
    /// Words before a number of years that make it an age (`âgé de`, `aged`).
    var agePrefixes: [String] = []
    /// Words after a number of years that make it an age (`old`).
    var ageSuffixes: [String] = []
    /// A word between a noun and an age (`une fillette de 6 ans`): a number of years after it
    /// is an age unless a `durationNouns` word comes before it (`une peine de 10 ans`).
    var ageLinks: [String] = []
    /// Nouns whose complement is a duration, not an age.
    var durationNouns: [String] = []
    /// Unspecified amounts that count only before years, months, weeks, decades (`des années`).
    var weakVagueQuantities: [String] = []
    /// Words before a season that make it an adjective (`Jeux d'hiver`).
    var seasonBlockers: [String] = []
    /// Words before an article and a part of the day that make it a time (`dans la nuit`).
    var partOfDayPrepositions: [String] = []
    /// Units that are also ordinals after an article (`une seconde fois`): they need a number.
    var ordinalUnits: [String] = []
    /// Cues that make a number outside 1900-2100 read as a year (`en 1789`, `since 1850`).
    var strongYearCues: [String] = []
    /// Fixed phrases and their meaning (see ``PhraseMeaning``).
    var phrases: [String: String] = [:]
    /// Words after a number that make it a quantity rather than a year (`2000 euros`).
    var notYearAfter: [String] = []
    /// Words before a number that make it a label rather than a year (`article 2005`).
    var notYearBefore: [String] = []
    /// Words before a number that make it a quantity when a noun follows (`les 1500 soldats`).
    var quantityDeterminers: [String] = []
    /// Words that mark the future or the past near an expression, for resolving weekdays and months.
    var futureVerbs: [String] = []
    var pastVerbs: [String] = []
    /// Nouns for the period a report covers (`quarter`, `period`): `the 1988 quarter`.
    var reportingPeriods: [String] = []
    /// Written before a period to point back from the last date mentioned (`the previous week`).
    var prefixAnaphoricPastCues: [String] = []
    /// Written before a period to point on from the last date mentioned (`the following year`).
    var prefixAnaphoricFutureCues: [String] = []
    /// Endings of participles (`basé`, `considérée`), with their accents: a present reference
    /// between a comma and one qualifies a noun (`Interflex, actuellement basé à`), not a date.
    var appositionParticiples: [String] = []
    /// Time zones written after a time (`5 p.m. EST`), kept in the expression.
    var timeZones: [String] = []
    /// Words between an amount and its unit that add to a duration already counted (`20 more
    /// years`, `an additional year`).
    var amountExtras: [String] = []
    var futureSuffixes: [String] = []
    var pastSuffixes: [String] = []

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case language, months, monthAbbreviations, contextualMonths, capitalizedContextualMonths, dayMonthLinks
        case weekdays, numbers, approximateNumbers
        case indefiniteArticles, numberJoiners, quantityLinks, rangeLinks, halves, ordinals, ordinalSuffixes, units,
            calendarUnits
        case seasons, contextualSeasons, seasonCues, partsOfDay, partOfDayLinks, timeWords, hourMarkers
        case hourWords, minuteMarkers, meridiem, timePrepositions, articles, demonstratives
        case sameWords, pastCues, futureCues, anaphoricPastCues, anaphoricFutureCues, prefixPastCues
        case prefixFutureCues, prefixCurrentCues, currentSuffixes, modifiers, durationModifiers
        case pointModifiers, modifierLinks, agoPrefixes, agoSuffixes, inPrefixes, laterSuffixes
        case earlierSuffixes, pastPrepositions, tenseInPrefixes, openSuffixes, durationPrefixes, yearCues, setEach,
            setPer, setFrequency
        case agePrefixes, ageSuffixes, ageLinks, durationNouns, weakVagueQuantities, seasonBlockers,
            partOfDayPrepositions
        case ordinalUnits, strongYearCues
        case setAdverbs, vagueQuantities, decadeWords, centuryWords, phrases, notYearAfter, notYearBefore
        case quantityDeterminers, futureVerbs, pastVerbs, futureSuffixes, pastSuffixes
        case reportingPeriods, prefixAnaphoricPastCues, prefixAnaphoricFutureCues, appositionParticiples, timeZones
        case amountExtras, finalParts, yearHalves, periodEnds, relativeYearLinks
        case anaphoricSuffixes, prefixAnaphoricCurrentCues, barePartOfDayPrepositions, periodLetters
        case periodLettersNeedingYear, notAgeBefore, reportYearLeads, notPeriodAfter, compoundUnits
        case dayWordArticles, functionWords, notHolidayAfter
    }

    init(language: String) {
        self.language = language
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // Unknown keys are errors, so that a typo in a lexicon does not silently drop a table.
        let known = Set(CodingKeys.allCases.map(\.stringValue))
        let any = try decoder.container(keyedBy: AnyKey.self)
        if let unknown = any.allKeys.first(where: { !known.contains($0.stringValue) }) {
            throw DecodingError.dataCorruptedError(
                forKey: unknown,
                in: any,
                debugDescription: "unknown lexicon table '\(unknown.stringValue)'"
            )
        }
        language = try container.decode(String.self, forKey: .language)
        func read<T: Decodable>(_ key: CodingKeys, _ value: inout T) throws {
            if let decoded = try container.decodeIfPresent(T.self, forKey: key) { value = decoded }
        }
        try read(.months, &months)
        try read(.monthAbbreviations, &monthAbbreviations)
        try read(.contextualMonths, &contextualMonths)
        try read(.capitalizedContextualMonths, &capitalizedContextualMonths)
        try read(.dayMonthLinks, &dayMonthLinks)
        try read(.weekdays, &weekdays)
        try read(.numbers, &numbers)
        try read(.approximateNumbers, &approximateNumbers)
        try read(.indefiniteArticles, &indefiniteArticles)
        try read(.numberJoiners, &numberJoiners)
        try read(.quantityLinks, &quantityLinks)
        try read(.rangeLinks, &rangeLinks)
        try read(.halves, &halves)
        try read(.finalParts, &finalParts)
        try read(.yearHalves, &yearHalves)
        try read(.periodEnds, &periodEnds)
        try read(.relativeYearLinks, &relativeYearLinks)
        try read(.anaphoricSuffixes, &anaphoricSuffixes)
        try read(.prefixAnaphoricCurrentCues, &prefixAnaphoricCurrentCues)
        try read(.barePartOfDayPrepositions, &barePartOfDayPrepositions)
        try read(.periodLetters, &periodLetters)
        try read(.periodLettersNeedingYear, &periodLettersNeedingYear)
        try read(.notAgeBefore, &notAgeBefore)
        try read(.reportYearLeads, &reportYearLeads)
        try read(.notPeriodAfter, &notPeriodAfter)
        try read(.compoundUnits, &compoundUnits)
        try read(.dayWordArticles, &dayWordArticles)
        try read(.functionWords, &functionWords)
        try read(.notHolidayAfter, &notHolidayAfter)
        try read(.ordinals, &ordinals)
        try read(.ordinalSuffixes, &ordinalSuffixes)
        try read(.units, &units)
        try read(.calendarUnits, &calendarUnits)
        try read(.seasons, &seasons)
        try read(.contextualSeasons, &contextualSeasons)
        try read(.seasonCues, &seasonCues)
        try read(.partsOfDay, &partsOfDay)
        try read(.partOfDayLinks, &partOfDayLinks)
        try read(.timeWords, &timeWords)
        try read(.hourMarkers, &hourMarkers)
        try read(.hourWords, &hourWords)
        try read(.minuteMarkers, &minuteMarkers)
        try read(.meridiem, &meridiem)
        try read(.timePrepositions, &timePrepositions)
        try read(.articles, &articles)
        try read(.demonstratives, &demonstratives)
        try read(.sameWords, &sameWords)
        try read(.pastCues, &pastCues)
        try read(.futureCues, &futureCues)
        try read(.anaphoricPastCues, &anaphoricPastCues)
        try read(.anaphoricFutureCues, &anaphoricFutureCues)
        try read(.prefixPastCues, &prefixPastCues)
        try read(.prefixFutureCues, &prefixFutureCues)
        try read(.prefixCurrentCues, &prefixCurrentCues)
        try read(.currentSuffixes, &currentSuffixes)
        try read(.modifiers, &modifiers)
        try read(.durationModifiers, &durationModifiers)
        try read(.pointModifiers, &pointModifiers)
        try read(.modifierLinks, &modifierLinks)
        try read(.agoPrefixes, &agoPrefixes)
        try read(.agoSuffixes, &agoSuffixes)
        try read(.inPrefixes, &inPrefixes)
        try read(.laterSuffixes, &laterSuffixes)
        try read(.earlierSuffixes, &earlierSuffixes)
        try read(.tenseInPrefixes, &tenseInPrefixes)
        try read(.openSuffixes, &openSuffixes)
        try read(.durationPrefixes, &durationPrefixes)
        try read(.pastPrepositions, &pastPrepositions)
        try read(.yearCues, &yearCues)
        try read(.setEach, &setEach)
        try read(.setPer, &setPer)
        try read(.setFrequency, &setFrequency)
        try read(.setAdverbs, &setAdverbs)
        try read(.vagueQuantities, &vagueQuantities)
        try read(.decadeWords, &decadeWords)
        try read(.centuryWords, &centuryWords)
        try read(.agePrefixes, &agePrefixes)
        try read(.ageSuffixes, &ageSuffixes)
        try read(.ageLinks, &ageLinks)
        try read(.durationNouns, &durationNouns)
        try read(.weakVagueQuantities, &weakVagueQuantities)
        try read(.seasonBlockers, &seasonBlockers)
        try read(.partOfDayPrepositions, &partOfDayPrepositions)
        try read(.ordinalUnits, &ordinalUnits)
        try read(.strongYearCues, &strongYearCues)
        try read(.phrases, &phrases)
        try read(.notYearAfter, &notYearAfter)
        try read(.notYearBefore, &notYearBefore)
        try read(.quantityDeterminers, &quantityDeterminers)
        try read(.futureVerbs, &futureVerbs)
        try read(.pastVerbs, &pastVerbs)
        try read(.reportingPeriods, &reportingPeriods)
        try read(.prefixAnaphoricPastCues, &prefixAnaphoricPastCues)
        try read(.prefixAnaphoricFutureCues, &prefixAnaphoricFutureCues)
        try read(.appositionParticiples, &appositionParticiples)
        try read(.timeZones, &timeZones)
        try read(.amountExtras, &amountExtras)
        try read(.futureSuffixes, &futureSuffixes)
        try read(.pastSuffixes, &pastSuffixes)
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

extension LexiconFile {
    /// The languages shipped in `Data/`.
    static let bundledLanguages = ["fr", "en"]

    /// Every bundled lexicon, read once.
    static let bundled: Result<[String: LexiconFile], LexiconError> = {
        var files: [String: LexiconFile] = [:]
        for language in bundledLanguages {
            switch load(language) {
            case .success(let file): files[language] = file
            case .failure(let error): return .failure(error)
            }
        }
        return .success(files)
    }()

    static func load(_ language: String) -> Result<LexiconFile, LexiconError> {
        guard
            let url = Bundle.module.url(forResource: language, withExtension: "json", subdirectory: "Data")
                ?? Bundle.module.url(forResource: language, withExtension: "json")
        else {
            return .failure(LexiconError(language: language, message: "Data/\(language).json is missing"))
        }
        do {
            let data = try Data(contentsOf: url)
            let file = try JSONDecoder().decode(LexiconFile.self, from: data)
            guard file.language == language else {
                return .failure(LexiconError(language: language, message: "declares language '\(file.language)'"))
            }
            return .success(file)
        } catch {
            return .failure(LexiconError(language: language, message: "\(error)"))
        }
    }
}

/// A bundled lexicon that cannot be read (a packaging defect).
struct LexiconError: Error, Sendable, CustomStringConvertible {
    var language: String
    var message: String
    var description: String { "dates lexicon '\(language)': \(message)" }
}
