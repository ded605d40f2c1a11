import DepecheCore
import Testing

@Suite("Offsets")
struct OffsetTests {
    @Test func countsCodePointsNotUTF16Units() throws {
        // 🇫🇷 is two code points (four UTF-16 units), 😀 one code point (two UTF-16 units).
        let text = "🇫🇷😀 Élysée, été : le 15 août à 14 h 30."
        let document = try process(text)
        let scalars = Array(text.unicodeScalars)
        #expect(document.timexes.map(\.text) == ["15 août", "14 h 30"])
        for timex in document.timexes {
            var covered = String.UnicodeScalarView()
            covered.append(contentsOf: scalars[timex.start..<timex.end])
            #expect(String(covered) == timex.text)
        }
        #expect(document.timexes.first?.start == 21)
        #expect(document.timexes.first?.end == 28)
    }

    @Test func handlesDecomposedAccentsNonBreakingSpacesAndCapitals() throws {
        let decomposed = "le 15 aou\u{0302}t"
        #expect(try single(decomposed) == Tagged(text: "15 aou\u{0302}t", type: "DATE", value: "2025-08-15"))
        #expect(
            try single("à 14\u{00A0}h\u{202F}30")
                == Tagged(text: "14\u{00A0}h\u{202F}30", type: "TIME", value: "2025-09-04T14:30")
        )
        #expect(try single("LE 15 MARS 2024") == Tagged(text: "15 MARS 2024", type: "DATE", value: "2024-03-15"))
        #expect(try single("le 15 fevrier") == Tagged(text: "15 fevrier", type: "DATE", value: "2025-02-15"))
    }

    @Test func returnsSortedNonOverlappingTimexes() throws {
        let document = try process(
            "Le 10 avril, à Bruxelles ; la veille, vers 20 h, puis jeudi soir et la semaine dernière, depuis plusieurs mois."
        )
        let starts = document.timexes.map(\.start)
        #expect(starts == starts.sorted())
        for (previous, next) in zip(document.timexes, document.timexes.dropFirst()) {
            #expect(previous.end <= next.start)
        }
        #expect(document.timexes.count == 6)
    }
}
