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

    @Test func readsTheLatestQuarterAsTheLastFullOneWithoutContext() throws {
        #expect(try values("Sales in the latest quarter rose.", language: "en") == ["2025-Q2"])
        #expect(try tag("the Latin Quarter", language: "en").isEmpty)
    }

    @Test func placesAQuarterStillToComeInThePreviousYearUnlessTheFutureIsMeant() throws {
        #expect(try values("Profit fell in the fourth quarter.", language: "en") == ["2024-Q4"])
        #expect(try values("Profit will rise in the fourth quarter.", language: "en") == ["2025-Q4"])
        #expect(try values("au troisième trimestre") == ["2025-Q3"])
    }
}
