import Foundation
import Testing

@testable import DepecheDates

@Suite("Lexicons")
struct LexiconTests {
    @Test func loadsTheBundledLexicons() throws {
        let files = try LexiconFile.bundled.get()
        #expect(Set(files.keys) == ["fr", "en"])
        let french = try Lexicon(files: [files["fr"]!])
        #expect(french.info("aout").month == 8)
        #expect(french.info("jeudi").weekday == 4)
        #expect(french.info("quinze").number == 15)
        #expect(french.info("printemps").season == "SP")
        #expect(french.info("yesterday") == WordInfo.none)
    }

    @Test func fitsEveryTableInATableSet() {
        #expect(Lexicon.Table.allCases.count <= TableSet.capacity)
        var set = TableSet()
        set.insert(Lexicon.Table.allCases.last!)
        #expect(set.contains(Lexicon.Table.allCases.last!))
        #expect(!set.contains(Lexicon.Table.allCases.first!))
    }

    @Test func rejectsUnknownTablesAndBadCodes() throws {
        let typo = Data(#"{"language": "xx", "monts": {"a": 1}}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(LexiconFile.self, from: typo) }
        var file = LexiconFile(language: "xx")
        file.units = ["fortnight": "Z2"]
        #expect(throws: LexiconError.self) { try Lexicon(files: [file]) }
        file.units = [:]
        file.phrases = ["today": "day:soon"]
        #expect(throws: LexiconError.self) { try Lexicon(files: [file]) }
    }

    @Test func matchesPhrasesAcrossApostrophesHyphensAndAccents() throws {
        var file = LexiconFile(language: "xx")
        file.phrases = ["aujourd'hui": "day:0", "avant-hier": "day:-2"]
        file.agoPrefixes = ["il y a"]
        file.pastVerbs = ["a"]
        let lexicon = try Lexicon(files: [file])
        let stream = TokenStream(text: "Aujourd’hui, avant hier, il y a, à", lexicon: lexicon)
        #expect(lexicon.phrases.match(stream, at: 0)?.value == .relativeDay(0))
        #expect(lexicon.phrases.match(stream, at: 4)?.value == .relativeDay(-2))
        #expect(lexicon.agoPrefixes.matches(stream, at: 7))
        // `a` written without an accent does not match `à`.
        #expect(lexicon.pastVerbs.matches(stream, at: 9))
        #expect(!lexicon.pastVerbs.matches(stream, at: 11))
    }

    @Test func writesDurationsOfEveryUnit() {
        #expect(TemporalUnit(code: "Y")!.durationValue(4) == "P4Y")
        #expect(TemporalUnit(code: "H")!.durationValue(2) == "PT2H")
        #expect(TemporalUnit(code: "MIN")!.durationValue(30) == "PT30M")
        #expect(TemporalUnit(code: "DE")!.durationValue(2) == "P20Y")
        #expect(TemporalUnit(code: "Q")!.durationValue(1) == "P3M")
        #expect(TemporalUnit(code: "Y5")!.durationValue(1) == "P5Y")
        #expect(TemporalUnit(code: "Y")!.durationValue(1.5) == "P1Y6M")
        #expect(TemporalUnit(code: "H")!.durationValue(5.5) == "PT5H30M")
        #expect(TemporalUnit(code: "D")!.durationValue(0.5) == "PT12H")
        #expect(TemporalUnit(code: "S")!.durationValue(30.4) == "PT30.4S")
        #expect(TemporalUnit(code: "M")!.durationValue(nil) == "PXM")
        #expect(TemporalUnit(code: "DE")!.durationValue(nil) == "PXDE")
        #expect(TemporalUnit(code: "Z") == nil)
    }
}
