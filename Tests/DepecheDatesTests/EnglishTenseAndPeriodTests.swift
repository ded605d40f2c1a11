import Testing

@testable import DepecheDates

/// English news: the tense that places a month or weekday without a year, possessive
/// weekdays, the halves and last quarter of a year, and which quarter a report is about.
struct EnglishTenseAndPeriodTests {
    @Test func readsAMonthWithoutTenseInTheReferenceYear() throws {
        #expect(try values("A mission in December.", published: "1998-03-04", language: "en") == ["1998-12"])
        #expect(try values("Prices in March.", published: "1989-11-02", language: "en") == ["1989-03"])
        // Across the turn of the year: December read in January, January read in November.
        #expect(try values("A mission in December.", published: "1998-01-20", language: "en") == ["1997-12"])
        #expect(try values("Talks in January.", published: "1989-11-20", language: "en") == ["1990-01"])
    }

    @Test func readsTheTenseOfAPassiveFromItsAuxiliary() throws {
        // `will be named`: future, although `named` ends in -ed.
        #expect(
            try values("She will be named commander in February.", published: "1998-03-04", language: "en") == [
                "1999-02"
            ]
        )
        #expect(try values("She was named commander in May.", published: "1998-03-04", language: "en") == ["1997-05"])
    }

    @Test func prefersTheVerbBeforeTheExpression() throws {
        // Friday 13 February 1998: `will double` governs `by August`; `untouched` qualifies markets.
        let text = "Qantas will almost double its flights by August in the search for new markets untouched."
        #expect(try values(text, published: "1998-02-13", language: "en") == ["1998-08"])
        // Nothing before: the verb after decides.
        #expect(try values("In August, the plant closed.", published: "1998-02-13", language: "en") == ["1997-08"])
    }

    @Test func readsWithinAsADurationWhateverTheTense() throws {
        #expect(
            try tag("The panel will finish its work within a year.", published: "1998-02-27", language: "en") == [
                Tagged(text: "a year", type: "DURATION", value: "P1Y")
            ]
        )
        // `in` with the future is a date.
        #expect(try values("The panel will finish in a year.", published: "1998-02-27", language: "en") == ["1999"])
    }

    @Test func looksPastThePeriodsOfInitials() throws {
        let text = "The car was found abandoned at the Newark, N.J., airport in December."
        #expect(try values(text, published: "1999-04-10", language: "en") == ["1998-12"])
    }

    @Test func readsIrregularPastVerbs() throws {
        #expect(
            try values("The company sold the unit in November.", published: "1989-10-30", language: "en") == ["1988-11"]
        )
        #expect(try values("KKR bought the chain in December.", published: "1989-10-30", language: "en") == ["1988-12"])
    }

    @Test func doesNotReadNextToAsTheFuture() throws {
        // Saturday 8 August 1998: without a tense, Friday is the day before.
        #expect(
            try tag("A blast next to the embassy Friday morning.", published: "1998-08-08", language: "en") == [
                Tagged(text: "Friday morning", type: "TIME", value: "1998-08-07TMO")
            ]
        )
    }

    @Test func readsAPossessiveWeekdayAsTheNearestLeaningPast() throws {
        // Friday 7 January 2000: the ruling was two days before, whatever `would` says.
        let text = "The relatives would look for ways to get around Wednesday's ruling."
        #expect(try values(text, published: "2000-01-07", language: "en") == ["2000-01-05"])
        #expect(
            try values("He will attend Wednesday's meeting.", published: "2000-01-07", language: "en") == ["2000-01-05"]
        )
        // Without the possessive, the future tense decides.
        #expect(
            try values("He will attend the meeting Wednesday.", published: "2000-01-07", language: "en") == [
                "2000-01-12"
            ]
        )
    }

    @Test func readsHalvesAndTheLastQuarterOfAYear() throws {
        #expect(
            try tag(
                "Earnings will be lower for the last half of 1989 and for 1990.",
                published: "1989-10-26",
                language: "en"
            )
                == [
                    Tagged(text: "the last half of 1989", type: "DATE", value: "1989-H2"),
                    Tagged(text: "1990", type: "DATE", value: "1990"),
                ]
        )
        #expect(
            try values("Sales rose in the first half of 1990.", published: "1989-10-26", language: "en") == ["1990-H1"]
        )
        #expect(
            try values("Profit rose in the final quarter of 1988.", published: "1989-10-26", language: "en") == [
                "1988-Q4"
            ]
        )
        // A half without a year is not a date: `the first half` of a game.
        #expect(try values("He scored twice in the first half.", published: "1989-10-26", language: "en") == [])
        #expect(try values("The stock sells at about half its value.", published: "1989-10-26", language: "en") == [])
    }

    @Test func doesNotTakeAForecastQuarterAsTheReportedOne() throws {
        // Monday 30 October 1989: the fourth quarter has not ended; the latest is the third.
        let forecast = "Aetna expects fourth-quarter earnings to fall. In the latest quarter, it lost $23 million."
        #expect(try values(forecast, published: "1989-10-30", language: "en") == ["1989-Q4", "1989-Q3"])
        // Reported in the past, the fourth quarter is a fiscal one that has ended.
        let fiscal = "Ralston reported a decline in fourth-quarter earnings. Sales in the latest period rose."
        #expect(try values(fiscal, published: "1989-11-02", language: "en") == ["1989-Q4", "1989-Q4"])
    }
}
