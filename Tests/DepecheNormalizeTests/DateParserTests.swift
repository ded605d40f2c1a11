import Testing

@testable import DepecheNormalize

@Suite struct DateParserTests {
    @Test func readsISODatesAndKeepsTimesOnlyWithAnOffset() {
        #expect(DateParser.normalize("2025-09-04") == "2025-09-04")
        #expect(DateParser.normalize("2025-09-04T08:30:00+02:00") == "2025-09-04T08:30:00+02:00")
        #expect(DateParser.normalize("2025-09-04T08:30:00.123Z") == "2025-09-04T08:30:00Z")
        #expect(DateParser.normalize("2025-09-04T08:30") == "2025-09-04")
        #expect(DateParser.normalize("2025-09-04 08:30:00 -0500") == "2025-09-04T08:30:00-05:00")
        #expect(DateParser.normalize("2025/09/04") == "2025-09-04")
    }

    @Test func readsRFC2822AndWrittenDates() {
        #expect(DateParser.normalize("Thu, 04 Sep 2025 08:30:00 GMT") == "2025-09-04T08:30:00Z")
        #expect(DateParser.normalize("jeudi 4 septembre 2025") == "2025-09-04")
        #expect(DateParser.normalize("1er févr. 2024") == "2024-02-01")
        #expect(DateParser.normalize("September 4th, 2025") == "2025-09-04")
        #expect(DateParser.normalize("4 Sep 2025, 10:00") == "2025-09-04")
    }

    @Test func rejectsYearsMonthsImpossibleDaysAndAmbiguousNumbers() {
        #expect(DateParser.normalize("2025") == nil)
        #expect(DateParser.normalize("septembre 2025") == nil)
        #expect(DateParser.normalize("2025-02-30") == nil)
        #expect(DateParser.normalize("04/09/2025") == nil)
        #expect(DateParser.normalize("25/12/2025") == "2025-12-25")
        #expect(DateParser.parsePrefix("04/09/2025", dayFirst: true)?.value == "2025-09-04")
        #expect(DateParser.normalize("hello") == nil)
    }

    @Test func reportsHowMuchOfTheTextTheDateCovers() {
        #expect(
            DateParser.parsePrefix("2025-09-04 Réunion des alliés") == DateParser.Match(value: "2025-09-04", length: 10)
        )
        #expect(DateParser.parsePrefix("4 septembre 2025, à Paris")?.length == 16)
    }
}
