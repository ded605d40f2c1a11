import Testing

/// Earnings reports name a quarter once, then refer back to it (`the latest quarter`, `a year
/// earlier`, `the year-ago period`), as TimeBank annotates them. Against Thursday 2025-09-04.
@Suite("Quarters and reported periods")
struct ReportedPeriodTests {
    @Test func countsAYearEarlierFromTheQuarterLastMentioned() throws {
        #expect(
            try tag("Net income rose in the second quarter from $5 million a year earlier.", language: "en") == [
                Tagged(text: "second quarter", type: "DATE", value: "2025-Q2"),
                Tagged(text: "a year earlier", type: "DATE", value: "2024-Q2"),
            ]
        )
        #expect(
            try values(
                "Profit fell in the second quarter. In the year-ago quarter, it rose. Sales in the latest quarter "
                    + "fell from a year ago.",
                language: "en"
            ) == ["2025-Q2", "2024-Q2", "2025-Q2", "2024-Q2"]
        )
        // Without a quarter, `a year ago` is a year.
        #expect(try values("Sales fell from a year ago.", language: "en") == ["2024"])
    }

    @Test func readsQuartersNamedFromAYear() throws {
        #expect(
            try values(
                "Sales for this year's first quarter, last year's quarter and the 2023 third quarter.",
                language: "en"
            ) == ["2025-Q1", "2024-Q1", "2023-Q3"]
        )
        #expect(try values("In the 2024 period, it lost money.", language: "en") == ["2024-Q2"])
    }

    @Test func readsTheYearOfAReport() throws {
        // Thursday 2 November 1989.
        #expect(
            try tag(
                "For the year ended Sept. 30, Ralston earned $422 million. Sales for the full year rose, and "
                    + "it expects lower earnings for the fiscal year.",
                published: "1989-11-02",
                language: "en"
            ) == [
                Tagged(text: "the year", type: "DURATION", value: "P1Y"),
                Tagged(text: "Sept. 30", type: "DATE", value: "1989-09-30"),
                Tagged(text: "the full year", type: "DATE", value: "1989"),
                Tagged(text: "the fiscal year", type: "DATE", value: "1989"),
            ]
        )
        #expect(try values("Sales fell through the first nine months of the year.", language: "en") == ["P9M", "2025"])
        // Another year, or a title.
        #expect(try tag("It was the year when everything changed.", language: "en").isEmpty)
        #expect(try tag("He was named player of the year.", language: "en").isEmpty)
        #expect(try values("Sales were $450 million the year before.", language: "en").isEmpty)
        #expect(try values("Celebrations for the year 2000.", language: "en") == ["2000"])
        #expect(try tag("She was named Person of the Year.", language: "en").isEmpty)
    }

    @Test func readsQuartersAndHalvesWrittenWithALetter() throws {
        #expect(try values("Q3 2025 sales, H1 2026 guidance", language: "en") == ["2025-Q3", "2026-H1"])
        #expect(try values("Profit fell in Q4.", language: "en") == ["2024-Q4"])
        #expect(try values("au T3 2025 et au S1 2024") == ["2025-Q3", "2024-H1"])
        // Names and other abbreviations.
        #expect(try tag("the H1N1 virus and a Q5 rating", language: "en").isEmpty)
        #expect(try tag("un T3 à Paris").isEmpty)
        #expect(try tag("the Audi Q3 and Green H2 sales", language: "en").isEmpty)
        #expect(try values("In Q3, sales rose.", language: "en") == ["2025-Q3"])
        // A half still to come is last year's, unless the text speaks of the future.
        #expect(try values("Au second semestre, les ventes ont chuté.", published: "2025-03-10") == ["2024-H2"])
        #expect(
            try values("Au second semestre, les ventes devraient progresser.", published: "2025-03-10") == ["2025-H2"]
        )
    }

    @Test func readsTheLatestQuarterAsTheLastFullOneWithoutContext() throws {
        #expect(try values("Sales in the latest quarter rose.", language: "en") == ["2025-Q2"])
        #expect(try tag("the Latin Quarter", language: "en").isEmpty)
        #expect(try tag("as early as the quarter-finals, a now-defunct firm", language: "en").isEmpty)
    }

    @Test func placesAQuarterStillToComeInThePreviousYearUnlessTheFutureIsMeant() throws {
        #expect(try values("Profit fell in the fourth quarter.", language: "en") == ["2024-Q4"])
        #expect(try values("Profit will rise in the fourth quarter.", language: "en") == ["2025-Q4"])
        #expect(try values("au troisième trimestre") == ["2025-Q3"])
    }
}
