import Testing

/// Against the publication date Thursday 2025-09-04.
@Suite("Weekdays and relative dates")
struct RelativeDateTests {
    @Test func resolvesWeekdaysToTheClosestPastDayByDefault() throws {
        #expect(try values("Une trentaine de dirigeants participent jeudi à des discussions.") == ["2025-09-04"])
        #expect(try values("S'exprimant mercredi à Paris, le président") == ["2025-09-03"])
        #expect(try values("Il a déclaré lundi que") == ["2025-09-01"])
        #expect(try values("Le texte a été signé vendredi.") == ["2025-08-29"])
    }

    @Test func resolvesWeekdaysToTheFutureWhenTheTenseOrACueSaysSo() throws {
        #expect(try values("Le sommet se tiendra vendredi à Paris.") == ["2025-09-05"])
        #expect(try values("Le président recevra lundi ses homologues.") == ["2025-09-08"])
        #expect(try values("jeudi prochain") == ["2025-09-11"])
        #expect(try values("lundi prochain") == ["2025-09-08"])
        #expect(try values("mardi dernier") == ["2025-09-02"])
        #expect(try values("jeudi dernier") == ["2025-08-28"])
        #expect(try values("The talks will resume on Monday.", language: "en") == ["2025-09-08"])
        #expect(try values("next Friday and last Monday", language: "en") == ["2025-09-05", "2025-09-01"])
    }

    @Test func resolvesDemonstrativeWeekdaysToTheNearestDay() throws {
        #expect(try values("ce lundi") == ["2025-09-01"])
        #expect(try values("ce vendredi") == ["2025-09-05"])
        #expect(try values("le lundi 8 septembre, puis ce même lundi après-midi") == ["2025-09-08", "2025-09-08TAF"])
    }

    @Test func resolvesRelativeDays() throws {
        #expect(
            try tag("hier, aujourd'hui, demain, avant-hier et après-demain") == [
                Tagged(text: "hier", type: "DATE", value: "2025-09-03"),
                Tagged(text: "aujourd'hui", type: "DATE", value: "2025-09-04"),
                Tagged(text: "demain", type: "DATE", value: "2025-09-05"),
                Tagged(text: "avant-hier", type: "DATE", value: "2025-09-02"),
                Tagged(text: "après-demain", type: "DATE", value: "2025-09-06"),
            ]
        )
        #expect(try values("aujourd’hui") == ["2025-09-04"])
        #expect(try values("yesterday and tomorrow", language: "en") == ["2025-09-03", "2025-09-05"])
    }

    @Test func anchorsLaVeilleAndLeLendemainOnTheLastDateMentioned() throws {
        #expect(
            try values("Le 10 avril, les ministres se sont réunis ; la veille, ils avaient dîné.")
                == ["2025-04-10", "2025-04-09"]
        )
        #expect(try values("Mardi 2 septembre 2025, puis le lendemain") == ["2025-09-02", "2025-09-03"])
        #expect(try values("trois jours plus tard", published: thursday) == ["2025-09-07"])
    }

    @Test func countsLaVeilleFromTheDayNamedAfterIt() throws {
        #expect(
            try tag("La veille du 14 juillet, il a parlé.") == [
                Tagged(text: "La veille du 14 juillet", type: "DATE", value: "2025-07-13")
            ]
        )
        #expect(try values("le lendemain de Noël") == ["2025-12-26"])
        #expect(
            try values("The day before last Tuesday's hearing, he went.", published: "2000-02-24", language: "en") == [
                "2000-02-21"
            ]
        )
        #expect(try values("la veille du 14 juillet au soir") == ["2025-07-13TEV"])
        // A weekday in apposition names that day: after the last date mentioned, else by the tense.
        #expect(
            try values("Le 10 avril, il est parti. Le lendemain vendredi, il est revenu.") == [
                "2025-04-10", "2025-04-11",
            ]
        )
        #expect(try values("Il est mort le lendemain mardi.") == ["2025-09-02"])
        // Before an event, the day stays anaphoric.
        #expect(try tag("la veille de l'élection") == [Tagged(text: "la veille", type: "DATE", value: "XXXX-XX-XX")])
    }

    @Test func readsThatYearAsTheYearLastMentioned() throws {
        #expect(
            try tag("En 1998, il a quitté Paris. Cette année-là, il a tout perdu.") == [
                Tagged(text: "1998", type: "DATE", value: "1998"),
                Tagged(text: "Cette année-là", type: "DATE", value: "1998"),
            ]
        )
        #expect(try values("En mai 2001. Ce mois-là fut chaud.") == ["2001-05", "2001-05"])
        #expect(try values("En 1995, puis l'année suivante") == ["1995", "1996"])
        #expect(
            try values("He fled in June 1998 and returned later that year.", language: "en") == ["1998-06", "1998"]
        )
        #expect(try values("He was elected in 1998. Imports rose that year.", language: "en") == ["1998", "1998"])
        #expect(
            try values("On Feb. 22 he came. He stayed that night at a hotel.", language: "en") == [
                "2025-02-22", "2025-02-22TNI",
            ]
        )
        // `that` opening a clause.
        for text in [
            "The report found that year-over-year sales rose.", "Unions warned that month-long strikes loom.",
            "He said that night shifts will end.", "She argued that morning traffic is worse.",
        ] {
            #expect(try tag(text, language: "en").isEmpty)
        }
        // Without a date before it, the reference year.
        #expect(try values("Imports rose that year.", language: "en") == ["2025"])
        #expect(try values("cette année") == ["2025"])
    }

    @Test func countsTheFollowingAndPreviousPeriodsFromTheLastDate() throws {
        #expect(
            try values("On May 22, 1995, he was promoted, and the following year he left.", language: "en")
                == ["1995-05-22", "1996"]
        )
        #expect(
            try values("It closed on Friday, Oct. 27, 1989, down from the previous Friday.", language: "en")
                == ["1989-10-27", "1989-10-20"]
        )
        #expect(try values("later in the day before returning home", language: "en").isEmpty)
        #expect(
            try values(
                "On March 3, 2025, they met; the next day they signed, and three days later they left.",
                language: "en"
            )
                == ["2025-03-03", "2025-03-04", "2025-03-07"]
        )
        #expect(
            try values("He will arrive on Monday, and leave the following Friday.", language: "en")
                == ["2025-09-08", "2025-09-12"]
        )
    }

    @Test func leavesLaVeilleUnknownWithoutAPreviousDate() throws {
        #expect(
            try single("après avoir discuté la veille des modalités")
                == Tagged(text: "la veille", type: "DATE", value: "XXXX-XX-XX")
        )
    }

    @Test func resolvesCalendarPeriodsRelativeToThePublicationDate() throws {
        #expect(
            try tag("la semaine dernière, le mois prochain, l'an dernier, l'année dernière") == [
                Tagged(text: "la semaine dernière", type: "DATE", value: "2025-W35"),
                Tagged(text: "le mois prochain", type: "DATE", value: "2025-10"),
                Tagged(text: "l'an dernier", type: "DATE", value: "2024"),
                Tagged(text: "l'année dernière", type: "DATE", value: "2024"),
            ]
        )
        #expect(
            try values("cette semaine, ce mois-ci, cette année, la semaine prochaine, l’année prochaine")
                == ["2025-W36", "2025-09", "2025", "2025-W37", "2026"]
        )
        #expect(try values("le week-end dernier") == ["2025-W35-WE"])
        #expect(try values("ce week-end") == ["2025-W36-WE"])
        #expect(try values("last week, next month, this year", language: "en") == ["2025-W35", "2025-10", "2025"])
        #expect(try values("l'année suivante", published: thursday) == ["2026"])
    }

    @Test func readsADateNamedWithARelativeYearAsOne() throws {
        #expect(
            try tag("Il a été arrêté en mars l'an dernier.") == [
                Tagged(text: "mars l'an dernier", type: "DATE", value: "2024-03")
            ]
        )
        #expect(try values("Le 3 janvier de l'année prochaine.") == ["2026-01-03"])
        #expect(try values("In January this year, police officers gave up.", language: "en") == ["2025-01"])
        #expect(try values("It began in October of last year.", language: "en") == ["2024-10"])
        #expect(
            try tag("They will join in early April next year.", language: "en") == [
                Tagged(text: "early April next year", type: "DATE", value: "2026-04", mod: "START")
            ]
        )
        #expect(try values("du 15 au 18 mars l'an dernier") == ["2024-03-15", "2024-03-18"])
        #expect(try values("les 8, 10 et 12 mai l'an dernier") == ["2024-05-08", "2024-05-10", "2024-05-12"])
        #expect(try values("à Pâques l'an prochain") == ["2026-04-05"])
        #expect(try values("Thanksgiving last year", language: "en") == ["2024-11-28"])
        #expect(
            try values("En 1998, il est élu. Le 3 mars de l'année suivante, il démissionne.") == ["1998", "1999-03-03"]
        )
        #expect(try values("En 1998, il part. En janvier cette année-là, il revient.") == ["1998", "1998-01"])
        // Two expressions when a word comes between.
        #expect(try values("In January, sales rose this year.", language: "en") == ["2025-01", "2025"])
    }

    @Test func resolvesAgoAndInExpressions() throws {
        #expect(
            try tag("il y a trois jours") == [Tagged(text: "il y a trois jours", type: "DATE", value: "2025-09-01")]
        )
        #expect(
            try values("il y a deux ans, il y a trois mois, il y a deux semaines") == ["2023", "2025-06", "2025-W34"]
        )
        #expect(try tag("dans deux semaines") == [Tagged(text: "deux semaines", type: "DATE", value: "2025-W38")])
        #expect(try values("dans six mois") == ["2026-03"])
        #expect(try values("two days ago", language: "en") == ["2025-09-02"])
        #expect(try values("They will meet in three weeks.", language: "en") == ["2025-W39"])
        #expect(
            try tag("It was built in three weeks.", language: "en")
                == [Tagged(text: "three weeks", type: "DURATION", value: "P3W")]
        )
        #expect(try values("il y a quelques jours") == ["PAST_REF"])
    }

    @Test func readsTextInCapitals() throws {
        #expect(
            try values("JE SUIS PARTI HIER. LA SEMAINE DERNIÈRE, IL Y A TROIS JOURS.")
                == ["2025-09-03", "2025-W35", "2025-09-01"]
        )
    }

    @Test func resolvesSeasons() throws {
        #expect(try single("au printemps") == Tagged(text: "printemps", type: "DATE", value: "2025-SP"))
        #expect(try values("l'été dernier, cet hiver, l'automne 2024") == ["2025-SU", "2025-WI", "2024-FA"])
        #expect(try values("l'hiver prochain") == ["2025-WI"])
        #expect(try values("this summer and last spring", language: "en") == ["2025-SU", "2025-SP"])
    }
}
