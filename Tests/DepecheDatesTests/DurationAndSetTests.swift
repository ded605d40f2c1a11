import Testing

@Suite("Durations and sets")
struct DurationAndSetTests {
    @Test func readsDurationsWithDigitsAndNumberWords() throws {
        #expect(
            try tag("quatre ans, trois jours, 10 ans, deux heures, 30 minutes") == [
                Tagged(text: "quatre ans", type: "DURATION", value: "P4Y"),
                Tagged(text: "trois jours", type: "DURATION", value: "P3D"),
                Tagged(text: "10 ans", type: "DURATION", value: "P10Y"),
                Tagged(text: "deux heures", type: "DURATION", value: "PT2H"),
                Tagged(text: "30 minutes", type: "DURATION", value: "PT30M"),
            ]
        )
        #expect(
            try values("vingt et un jours, quatre-vingt-dix ans, dix-huit mois, cent ans")
                == ["P21D", "P90Y", "P18M", "P100Y"]
        )
        #expect(try values("un an et demi, une semaine, un quinquennat") == ["P1Y6M", "P1W", "P5Y"])
        #expect(try values("about 5 1/2 hours, a minute and a half", language: "en") == ["PT5H30M", "PT1M30S"])
        #expect(try values("for two weeks and a decade", language: "en") == ["P2W", "P10Y"])
        #expect(try values("Je l'ai couru en 30,4 secondes.") == ["PT30.4S"])
        #expect(try values("a two-year term", language: "en") == ["P2Y"])
        #expect(
            try values("for at least 20 more years, an additional year, a several-year tenure", language: "en")
                == ["P20Y", "P1Y", "PXY"]
        )
        #expect(try values("trois autres jours") == ["P3D"])
    }

    @Test func readsUnspecifiedDurations() throws {
        #expect(
            try tag("depuis plusieurs mois, pendant plusieurs années, depuis longtemps, quelques jours") == [
                Tagged(text: "plusieurs mois", type: "DURATION", value: "PXM"),
                Tagged(text: "plusieurs années", type: "DURATION", value: "PXY"),
                Tagged(text: "depuis longtemps", type: "DURATION", value: "PXY"),
                Tagged(text: "quelques jours", type: "DURATION", value: "PXD"),
            ]
        )
        #expect(try values("des années de guerre") == ["PXY"])
        #expect(try values("several weeks", language: "en") == ["PXW"])
    }

    @Test func readsPeriodsCountedBackOrForward() throws {
        #expect(
            try tag("les trois derniers mois") == [
                Tagged(text: "les trois derniers mois", type: "DURATION", value: "P3M")
            ]
        )
        #expect(try values("pour les cinq prochaines années, dans les deux prochains mois") == ["P5Y", "P2M"])
        #expect(try values("the past two years", language: "en") == ["P2Y"])
        #expect(try values("the next four years", language: "en") == ["P4Y"])
        // A single period is the one before or after the current one, as TimeBank has it.
        #expect(
            try values("Hate groups grew over the past year and will shrink the next month.", language: "en") == [
                "2024", "2025-10",
            ]
        )
        #expect(try values("a loss in the last quarter", language: "en") == ["P3M"])
        #expect(try values("the last week of August", language: "en") == ["P1W", "2025-08"])
    }

    @Test func readsCompoundDurations() throws {
        #expect(
            try tag("Il s'impose en 3 h 21 min 16 s.") == [
                Tagged(text: "3 h 21 min 16 s", type: "DURATION", value: "PT3H21M16S")
            ]
        )
        #expect(try values("une peine de 2 ans et 3 mois") == ["P2Y3M"])
        // A list is not one duration.
        #expect(try values("deux ans, trois jours") == ["P2Y", "P3D"])
        #expect(try values("condamné à 2 ans et 6 mois de prison") == ["P2Y6M"])
        #expect(try values("for 2 hours and 30 minutes", language: "en") == ["PT2H30M"])
        #expect(try values("the government's decades-long battle", language: "en") == ["PXDE"])
        // `il y a` counts one unit; a clock time with `min` after a preposition stays a time.
        #expect(try values("il y a 2 ans et 3 mois") == ["2023", "P3M"])
        #expect(try values("à 14 h 30 min") == ["2025-09-04T14:30"])
        #expect(
            try tag("pendant plus de 24 heures") == [
                Tagged(text: "plus de 24 heures", type: "DURATION", value: "PT24H", mod: "MORE_THAN")
            ]
        )
    }

    @Test func doesNotReadAgesAsDurations() throws {
        #expect(try tag("Un chauffeur de 38 ans a été agressé.").isEmpty)
        #expect(try tag("Alain Parmentier, 53 ans, employé de la société").isEmpty)
        #expect(try tag("une fillette âgée de 6 ans").isEmpty)
        #expect(try tag("les 6-16 ans et les moins de 17 ans").isEmpty)
        #expect(try tag("a 44-year-old man, 52 years old", language: "en").isEmpty)
        #expect(try tag("une femme d'une trentaine d'années est tombée").isEmpty)
        #expect(try tag("a 6-month-old son", language: "en").isEmpty)
        #expect(try values("une peine de 10 ans de prison") == ["P10Y"])
        #expect(try values("depuis plus de 10 ans") == ["P10Y"])
        #expect(try values("des excédents d'ici à dix ans") == ["P10Y"])
        #expect(try tag("Il avait 73 ans ; il aurait eu 74 ans.").isEmpty)
        #expect(try values("il a 30 ans de carrière") == ["P30Y"])
        #expect(try tag("les enfants jusqu'à 18 ans et à 10 ans").isEmpty)
        // `over` and `under` before an amount are modifiers, not ages.
        #expect(
            try tag("The money can be used over three years.", language: "en") == [
                Tagged(text: "over three years", type: "DURATION", value: "P3Y", mod: "MORE_THAN")
            ]
        )
        // `over the past two decades` is during them.
        #expect(
            try tag("Threats became routine over the past two decades.", language: "en") == [
                Tagged(text: "the past two decades", type: "DURATION", value: "P20Y")
            ]
        )
    }

    @Test func readsSets() throws {
        #expect(
            try tag("chaque lundi, tous les ans, tous les jours") == [
                Tagged(text: "chaque lundi", type: "SET", value: "XXXX-WXX-1"),
                Tagged(text: "tous les ans", type: "SET", value: "P1Y"),
                Tagged(text: "tous les jours", type: "SET", value: "P1D"),
            ]
        )
        #expect(
            try values("toutes les deux semaines, deux fois par an, chaque année, les lundis, tous les jeudis soir")
                == ["P2W", "P1Y", "P1Y", "XXXX-WXX-1", "XXXX-WXX-4TEV"]
        )
        #expect(try values("quotidiennement, 5 000 morts par jour") == ["P1D", "P1D"])
        #expect(try values("every Monday, daily, $5 million a year", language: "en") == ["XXXX-WXX-1", "P1D", "P1Y"])
        #expect(try values("tous les week-ends") == ["XXXX-WXX-WE"])
        #expect(try values("every weekend", language: "en") == ["XXXX-WXX-WE"])
    }
}
