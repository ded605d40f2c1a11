extension Lexicon {
    /// Merges and compiles `files`; later files win where two define the same phrase.
    init(files: [LexiconFile]) throws(LexiconError) {
        languages = files.map(\.language)
        for file in files {
            try add(file)
        }
        markPhraseStarts()
    }

    private mutating func add(_ file: LexiconFile) throws(LexiconError) {
        func fail(_ message: String) -> LexiconError { LexiconError(language: file.language, message: message) }

        for (word, month) in file.months {
            guard (1...12).contains(month) else { throw fail("month '\(word)' is \(month)") }
            update(word) { $0.month = Int8(month) }
        }
        for (word, month) in file.monthAbbreviations {
            guard (1...12).contains(month) else { throw fail("month '\(word)' is \(month)") }
            update(word) {
                if $0.month == 0 {
                    $0.month = Int8(month)
                    $0.monthIsAbbreviation = true
                }
            }
        }
        for word in file.contextualMonths { update(word) { $0.monthNeedsContext = true } }
        for word in file.capitalizedContextualMonths { update(word) { $0.monthNeedsContextWhenCapitalized = true } }
        for (word, weekday) in file.weekdays {
            guard (1...7).contains(weekday) else { throw fail("weekday '\(word)' is \(weekday)") }
            update(word) { $0.weekday = Int8(weekday) }
        }
        for (word, number) in file.numbers {
            guard number >= 0, number <= 1_000_000_000 else { throw fail("number '\(word)' is \(number)") }
            update(word) { $0.number = Int32(number) }
        }
        for word in file.approximateNumbers { update(word) { $0.numberIsApproximate = true } }
        for (word, ordinal) in file.ordinals {
            guard (1...100).contains(ordinal) else { throw fail("ordinal '\(word)' is \(ordinal)") }
            update(word) { $0.ordinal = Int16(ordinal) }
        }
        for (word, season) in file.seasons {
            guard let index = TimexFormat.seasons.firstIndex(of: season) else {
                throw fail("season '\(word)' is '\(season)'")
            }
            update(word) { $0.seasonIndex = UInt8(index + 1) }
        }
        for word in file.contextualSeasons { update(word) { $0.seasonNeedsContext = true } }

        for (phrase, code) in file.units {
            guard let unit = TemporalUnit(code: code) else { throw fail("unit '\(phrase)' has code '\(code)'") }
            units.insert(phrase, unit)
        }
        for (phrase, code) in file.calendarUnits {
            guard let unit = TemporalUnit(code: code) else { throw fail("unit '\(phrase)' has code '\(code)'") }
            calendarUnits.insert(phrase, unit)
        }
        for (phrase, code) in file.partsOfDay {
            guard ["MO", "MI", "AF", "EV", "NI", "DT"].contains(code) else {
                throw fail("part of day '\(phrase)' is '\(code)'")
            }
            partsOfDay.insert(phrase, code)
        }
        for (phrase, code) in file.timeWords {
            guard let time = TimeOfDay(code: code) else { throw fail("time word '\(phrase)' is '\(code)'") }
            timeWords.insert(phrase, time)
        }
        for (phrase, code) in file.meridiem {
            guard code == "am" || code == "pm" else { throw fail("meridiem '\(phrase)' is '\(code)'") }
            meridiem.insert(phrase, code == "pm")
        }
        for (phrase, mod) in file.modifiers {
            if file.durationModifiers.contains(phrase) { durationModifiers.insert(phrase, mod) }
            if file.pointModifiers.contains(phrase) { pointModifiers.insert(phrase, mod) }
        }
        for phrase in file.durationModifiers + file.pointModifiers where file.modifiers[phrase] == nil {
            throw fail("modifier '\(phrase)' is not in 'modifiers'")
        }
        for (phrase, code) in file.setAdverbs {
            setAdverbs.insert(phrase, code)
        }
        for (abbreviation, code) in file.compoundUnits {
            guard let unit = TemporalUnit(code: code) else { throw fail("unit '\(abbreviation)' has code '\(code)'") }
            compoundUnits.insert(abbreviation, unit)
        }
        for (lead, afterUnit) in file.reportYearLeads {
            reportYearLeads.insert(lead, afterUnit)
        }
        for (letter, count) in file.periodLetters {
            guard count == 2 || count == 4 else {
                throw fail("period letter '\(letter)' must count 2 (halves) or 4 (quarters), not \(count)")
            }
            periodLetters.insert(letter, count)
        }
        for (phrase, code) in file.phrases {
            guard let meaning = PhraseMeaning(code: code) else { throw fail("phrase '\(phrase)' means '\(code)'") }
            phrases.insert(phrase, meaning)
        }

        seasonCues.insert(file.seasonCues)
        partOfDayLinks.insert(file.partOfDayLinks)
        hourMarkers.insert(file.hourMarkers)
        hourWords.insert(file.hourWords)
        minuteMarkers.insert(file.minuteMarkers)
        timePrepositions.insert(file.timePrepositions)
        articles.insert(file.articles)
        demonstratives.insert(file.demonstratives)
        sameWords.insert(file.sameWords)
        pastCues.insert(file.pastCues)
        futureCues.insert(file.futureCues)
        anaphoricPastCues.insert(file.anaphoricPastCues)
        anaphoricFutureCues.insert(file.anaphoricFutureCues)
        prefixPastCues.insert(file.prefixPastCues)
        prefixFutureCues.insert(file.prefixFutureCues)
        prefixCurrentCues.insert(file.prefixCurrentCues)
        currentSuffixes.insert(file.currentSuffixes)
        modifierLinks.insert(file.modifierLinks)
        agoPrefixes.insert(file.agoPrefixes)
        agoSuffixes.insert(file.agoSuffixes)
        inPrefixes.insert(file.inPrefixes)
        laterSuffixes.insert(file.laterSuffixes)
        earlierSuffixes.insert(file.earlierSuffixes)
        durationPrefixes.insert(file.durationPrefixes)
        yearCues.insert(file.yearCues)
        setEach.insert(file.setEach)
        setPer.insert(file.setPer)
        setFrequency.insert(file.setFrequency)
        vagueQuantities.insert(file.vagueQuantities)
        decadeWords.insert(file.decadeWords)
        centuryWords.insert(file.centuryWords)
        notYearAfter.insert(file.notYearAfter)
        notYearBefore.insert(file.notYearBefore)
        quantityDeterminers.insert(file.quantityDeterminers)
        futureVerbs.insert(file.futureVerbs)
        pastVerbs.insert(file.pastVerbs)
        halves.insert(file.halves)
        finalParts.insert(file.finalParts)
        yearHalves.insert(file.yearHalves)
        periodEnds.insert(file.periodEnds)
        relativeYearLinks.insert(file.relativeYearLinks)
        anaphoricSuffixes.insert(file.anaphoricSuffixes)
        prefixAnaphoricCurrentCues.insert(file.prefixAnaphoricCurrentCues)
        barePartOfDayPrepositions.insert(file.barePartOfDayPrepositions)
        periodLettersNeedingYear.insert(file.periodLettersNeedingYear)
        notAgeBefore.insert(file.notAgeBefore)
        notPeriodAfter.insert(file.notPeriodAfter)
        dayWordArticles.insert(file.dayWordArticles)
        functionWords.insert(file.functionWords)
        notHolidayAfter.insert(file.notHolidayAfter)
        numberJoiners.insert(file.numberJoiners)
        indefiniteArticles.insert(file.indefiniteArticles)
        ordinalSuffixes.insert(file.ordinalSuffixes)
        dayMonthLinks.insert(file.dayMonthLinks)
        quantityLinks.insert(file.quantityLinks)
        rangeLinks.insert(file.rangeLinks)
        tenseInPrefixes.insert(file.tenseInPrefixes)
        openSuffixes.insert(file.openSuffixes)
        pastPrepositions.insert(file.pastPrepositions)
        ordinalUnits.insert(file.ordinalUnits)
        strongYearCues.insert(file.strongYearCues)
        agePrefixes.insert(file.agePrefixes)
        ageSuffixes.insert(file.ageSuffixes)
        ageLinks.insert(file.ageLinks)
        durationNouns.insert(file.durationNouns)
        weakVagueQuantities.insert(file.weakVagueQuantities)
        seasonBlockers.insert(file.seasonBlockers)
        partOfDayPrepositions.insert(file.partOfDayPrepositions)
        reportingPeriods.insert(file.reportingPeriods)
        prefixAnaphoricPastCues.insert(file.prefixAnaphoricPastCues)
        prefixAnaphoricFutureCues.insert(file.prefixAnaphoricFutureCues)
        timeZones.insert(file.timeZones)
        amountExtras.insert(file.amountExtras)
        appositionParticiples += file.appositionParticiples.map { $0.lowercased() }
        futureSuffixes += file.futureSuffixes.map(Folding.fold)
        pastSuffixes += file.pastSuffixes.map(Folding.fold)
    }

    /// Applies `change` to the info of the single-word `word`.
    private mutating func update(_ word: String, _ change: (inout WordInfo) -> Void) {
        let key = Folding.fold(word)
        let id: Int32
        if let existing = wordIDs[key] {
            id = existing
        } else {
            id = Int32(words.count)
            words.append(WordInfo())
            wordIDs[key] = id
        }
        change(&words[Int(id)])
        words[Int(id)].isKnown = true
    }

    private mutating func markPhraseStarts() {
        func mark<V>(_ table: PhraseTable<V>) {
            for key in table.firstKeys {
                update(key) { $0.starts.insert(table.table) }
            }
        }
        mark(units)
        mark(calendarUnits)
        mark(seasonCues)
        mark(partsOfDay)
        mark(partOfDayLinks)
        mark(timeWords)
        mark(hourMarkers)
        mark(hourWords)
        mark(minuteMarkers)
        mark(meridiem)
        mark(timePrepositions)
        mark(articles)
        mark(demonstratives)
        mark(sameWords)
        mark(pastCues)
        mark(futureCues)
        mark(anaphoricPastCues)
        mark(anaphoricFutureCues)
        mark(prefixPastCues)
        mark(prefixFutureCues)
        mark(prefixCurrentCues)
        mark(currentSuffixes)
        mark(durationModifiers)
        mark(pointModifiers)
        mark(modifierLinks)
        mark(agoPrefixes)
        mark(agoSuffixes)
        mark(inPrefixes)
        mark(laterSuffixes)
        mark(earlierSuffixes)
        mark(durationPrefixes)
        mark(yearCues)
        mark(setEach)
        mark(setPer)
        mark(setFrequency)
        mark(setAdverbs)
        mark(vagueQuantities)
        mark(decadeWords)
        mark(centuryWords)
        mark(phrases)
        mark(notYearAfter)
        mark(notYearBefore)
        mark(quantityDeterminers)
        mark(futureVerbs)
        mark(pastVerbs)
        mark(halves)
        mark(finalParts)
        mark(yearHalves)
        mark(periodEnds)
        mark(relativeYearLinks)
        mark(anaphoricSuffixes)
        mark(prefixAnaphoricCurrentCues)
        mark(barePartOfDayPrepositions)
        mark(periodLetters)
        mark(periodLettersNeedingYear)
        mark(notAgeBefore)
        mark(reportYearLeads)
        mark(notPeriodAfter)
        mark(compoundUnits)
        mark(dayWordArticles)
        mark(functionWords)
        mark(notHolidayAfter)
        mark(numberJoiners)
        mark(indefiniteArticles)
        mark(ordinalSuffixes)
        mark(dayMonthLinks)
        mark(quantityLinks)
        mark(rangeLinks)
        mark(tenseInPrefixes)
        mark(openSuffixes)
        mark(pastPrepositions)
        mark(ordinalUnits)
        mark(strongYearCues)
        mark(agePrefixes)
        mark(ageSuffixes)
        mark(ageLinks)
        mark(durationNouns)
        mark(weakVagueQuantities)
        mark(seasonBlockers)
        mark(partOfDayPrepositions)
        mark(reportingPeriods)
        mark(prefixAnaphoricPastCues)
        mark(prefixAnaphoricFutureCues)
        mark(timeZones)
        mark(amountExtras)
    }
}
