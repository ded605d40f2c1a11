import DepecheCore
import Testing

@Suite struct ISODayTests {
    @Test func parsesDaysAndDateTimes() {
        #expect(ISODay("2025-09-04")?.description == "2025-09-04")
        #expect(ISODay("2025-09-04T08:30:00+02:00")?.description == "2025-09-04")
        #expect(ISODay("2024-02-29") != nil)
        #expect(ISODay("2025-02-29") == nil)
        #expect(ISODay("2025-13-01") == nil)
        #expect(ISODay("2025-9-4") == nil)
        #expect(ISODay("2025-09-04X") == nil)
    }

    @Test func computesWeekdaysAndOffsets() throws {
        let thursday = try #require(ISODay("2025-09-04"))
        #expect(thursday.weekday == 4)
        #expect(thursday.adding(days: -1).description == "2025-09-03")
        #expect(thursday.adding(days: 120).description == "2026-01-02")
        #expect(ISODay("1969-12-31")?.daysSinceEpoch == -1)
        #expect(ISODay(daysSinceEpoch: 0).description == "1970-01-01")
    }
}
