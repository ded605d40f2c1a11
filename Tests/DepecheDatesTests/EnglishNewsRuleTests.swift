import Testing

@testable import DepecheDates

/// English news constructions: deadlines that point ahead, seasons read in January and
/// February, clock times with `in the morning`, and `year-end`.
struct EnglishNewsRuleTests {
    @Test func readsUntilAndAsSoonAsAsTheFuture() throws {
        // Thursday 4 September 2025: the next Tuesday is the 9th, the last one the 2nd.
        #expect(try values("The relatives have until 9 a.m. Tuesday to sign.", language: "en") == ["2025-09-09T09:00"])
        #expect(try values("They could leave as soon as Tuesday.", language: "en") == ["2025-09-09"])
        #expect(try values("Protesters were planning a march on Monday.", language: "en") == ["2025-09-08"])
        #expect(try values("Protesters marched on Monday.", language: "en") == ["2025-09-01"])
    }

    @Test func readsLastSeasonInWinterAsLastYears() throws {
        // In February the autumn just past began the year before.
        #expect(try values("Gains began last fall.", published: "1998-02-06", language: "en") == ["1997-FA"])
        #expect(try values("Prices rose last summer.", published: "1998-02-06", language: "en") == ["1997-SU"])
        #expect(try values("Gains began last fall.", published: "1998-11-20", language: "en") == ["1997-FA"])
        #expect(try values("Sales fell last spring.", published: "1998-11-20", language: "en") == ["1998-SP"])
        #expect(try values("Work resumes next spring.", published: "1998-02-06", language: "en") == ["1998-SP"])
    }

    @Test func readsClockTimesInTheMorningAndAfternoon() throws {
        #expect(
            try tag("He will leave at 4 in the morning.", language: "en") == [
                Tagged(text: "4 in the morning", type: "TIME", value: "2025-09-04T04:00")
            ]
        )
        #expect(try values("The vote is at 3 in the afternoon.", language: "en") == ["2025-09-04T15:00"])
        #expect(try values("He appears at midday, a statement said.", language: "en") == ["2025-09-04T12:00"])
    }

    @Test func readsYearEndAsTheEndOfThisYear() throws {
        for text in [
            "The deal should close by year-end.", "Cuts are due by year end.", "It should be in place by year's end.",
        ] {
            #expect(try tag(text, language: "en").map(\.value) == ["2025"])
            #expect(try tag(text, language: "en").map(\.mod) == ["END"])
        }
        #expect(try tag("by year-end", published: "1989-11-02", language: "en").map(\.value) == ["1989"])
    }
}
