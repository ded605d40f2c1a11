import DepecheCore
import Testing

/// With neither a publication date nor a reference date, nothing is guessed: unknown parts stay
/// `X` and the machine's clock is never read.
@Suite("No reference date")
struct NoAnchorTests {
    @Test func keepsUnknownPartsOfDatesUnresolved() throws {
        #expect(
            try values("Le 15 mars, jeudi, novembre, au printemps, le 1er avril", published: "")
                == ["XXXX-03-15", "XXXX-WXX-4", "XXXX-11", "XXXX-SP", "XXXX-04-01"]
        )
    }

    @Test func writesRelativeExpressionsWithTheirGranularity() throws {
        #expect(
            try values("hier, la semaine dernière, le mois prochain, l'an dernier, il y a trois jours", published: "")
                == ["XXXX-XX-XX", "XXXX-WXX", "XXXX-XX", "XXXX", "XXXX-XX-XX"]
        )
        #expect(
            try values("ce matin, à 14 h, jeudi soir", published: "")
                == ["XXXX-XX-XXTMO", "XXXX-XX-XXT14:00", "XXXX-WXX-4TEV"]
        )
    }

    @Test func keepsExplicitValuesAndReferences() throws {
        #expect(
            try values("le 15 mars 2024, en 2014, trois jours, récemment", published: "")
                == ["2024-03-15", "2014", "P3D", "PAST_REF"]
        )
    }

    @Test func usesTheRunsReferenceDateWhenThereIsNoPublicationDate() throws {
        let document = try process("jeudi et hier", published: "", reference: "2025-09-04")
        #expect(document.timexes.map(\.value) == ["2025-09-04", "2025-09-03"])
    }

    @Test func usesTheDayOfAPublicationDateTime() throws {
        #expect(try values("hier", published: "2025-09-04T23:30:00+02:00") == ["2025-09-03"])
    }
}
