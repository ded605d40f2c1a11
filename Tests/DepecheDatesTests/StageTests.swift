import DepecheCore
import DepecheTestSupport
import Foundation
import Testing

@testable import DepecheDates

@Suite("The dates stage")
struct StageTests {
    @Test func declaresItsOptions() {
        let descriptor = StageDescriptor.dates
        #expect(descriptor.name == "dates")
        #expect(descriptor.option(named: "languages")?.kind == .stringList)
        #expect(descriptor.option(named: "languages")?.defaultValue == .list(["fr", "en"]))
        #expect(descriptor.option(named: "vague_references")?.defaultValue == .boolean(true))
        #expect(descriptor.option(named: "sets")?.defaultValue == .boolean(true))
    }

    @Test func rejectsALanguageWithNoLexicon() {
        let setup = StageSetup(options: StageOptions(["languages": .list(["fr", "de"])]), logger: testContext.logger)
        #expect(throws: StageFailure.self) { try StageDescriptor.dates.make(setup) }
        let empty = StageSetup(options: StageOptions(["languages": .list([])]), logger: testContext.logger)
        #expect(throws: StageFailure.self) { try StageDescriptor.dates.make(empty) }
    }

    @Test func usesTheDocumentLanguageOrEveryConfiguredLexicon() throws {
        // French rules only: `yesterday` means nothing; both (no language): it is a date.
        #expect(try process("hier and yesterday", language: "fr").timexes.map(\.text) == ["hier"])
        #expect(try process("hier and yesterday", language: "en").timexes.map(\.text) == ["yesterday"])
        #expect(try process("hier and yesterday", language: "").timexes.map(\.text) == ["hier", "yesterday"])
        #expect(try process("hier and yesterday", language: "de").timexes.map(\.text) == ["hier", "yesterday"])
        let frenchOnly =
            try StageDescriptor.dates.make(
                StageSetup(options: StageOptions(["languages": .list(["fr"])]), logger: testContext.logger)
            )
            as! any DocumentTransform
        #expect(try process("hier and yesterday", language: "", stage: frenchOnly).timexes.map(\.text) == ["hier"])
    }

    @Test func honoursTheVagueReferencesAndSetsOptions() throws {
        let options = StageOptions([
            "languages": .list(["fr"]), "vague_references": .boolean(false), "sets": .boolean(false),
        ])
        let stage =
            try StageDescriptor.dates.make(StageSetup(options: options, logger: testContext.logger))
            as! any DocumentTransform
        // Without sets, `chaque lundi` is just Monday.
        #expect(
            try process("récemment, chaque lundi, hier", stage: stage).timexes.map(\.value) == [
                "2025-09-01", "2025-09-03",
            ]
        )
    }

    @Test func reportsAnUnreadablePublicationDate() throws {
        let document = try process("hier", published: "4 septembre", reference: "2025-01-10")
        #expect(document.timexes.map(\.value) == ["2025-01-09"])
        #expect(document.diagnostics.map(\.code) == ["invalid-published"])
        #expect(document.diagnostics.first?.severity == .warning)
    }

    @Test func replacesEarlierTimexes() throws {
        var document = Document(id: "x", text: "hier")
        document.timexes = [Timex(start: 0, end: 1, text: "h", type: .date, value: "1999")]
        document.metadata.published = thursday
        try defaultStage.transform(&document, context: testContext)
        #expect(document.timexes.map(\.value) == ["2025-09-03"])
    }

    /// The two megabyte tests run on a thread of their own: they keep a core busy for seconds (minutes
    /// on a loaded machine), which must not hold up the cooperative pool the other tests wait on.
    @Test(.timeLimit(.minutes(10)))
    func readsAMegabyteOfDigitsSlashesAndMonthNames() async throws {
        try await blocking { try Self.megabyteOfDigitsSlashesAndMonthNames() }
    }

    private static func megabyteOfDigitsSlashesAndMonthNames() throws {
        let unit =
            "Le 12/03/2025 ou le 15 mars 2024, puis 1/2/3/4/5 et 06.12.34.56.78 ; mars/avril/mai 2000/2001/2002. "
        let expected = ["2025-03-12", "2024-03-15", "2025-03", "2025-04", "2000-05", "2001", "2002"]
        #expect(try values(unit) == expected)
        let repeats = 1_000_000 / unit.utf8.count + 1
        let document = try process(String(repeating: unit, count: repeats))
        #expect(document.timexes.count == expected.count * repeats)
        #expect(document.timexes.suffix(expected.count).map(\.value) == expected)
        #expect(document.timexes.last?.end == document.text.unicodeScalars.count - 2)
    }

    @Test(.timeLimit(.minutes(10)))
    func finishesInLinearTimeOnHostileInput() async throws {
        try await blocking { try Self.hostileInput() }
    }

    private static func hostileInput() throws {
        // A megabyte of digits, separators and month names: every token can start a rule.
        let pieces = [
            "12/03/2025", "mars", "2025", "/", "14", "h", "-", "1er", "avril", "2 000", "–", "30", "deux", ".",
        ]
        var text = ""
        var state: UInt64 = 7
        while text.utf8.count < 1_000_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let draw = Int(state >> 33)
            text += pieces[draw % pieces.count] + (draw % 7 == 0 ? "" : " ")
        }
        let document = try process(text)
        #expect(!document.timexes.isEmpty)
        let digits = String(repeating: "1/2-3 4.5:6 ", count: 80_000)
        #expect(try process(digits).timexes.isEmpty)
    }
}
