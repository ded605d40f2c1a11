import DepecheCore
import Testing

@testable import DepecheEntities

private let tokenizer = EntityResources.standard.tokenizer

/// A small gazetteer written in the file format, for tests that must not depend on the shipped data.
private func gazetteer(_ tsv: String) throws -> Gazetteer {
    Gazetteer(records: try Gazetteer.parse(tsv, path: "test.tsv"), tokenizer: tokenizer)
}

private func match(_ text: String, in gazetteer: Gazetteer, language: String? = nil) -> (String, String)? {
    let tokens = tokenizer.tokenize(text)
    for start in tokens.indices {
        if let match = gazetteer.longestMatch(in: tokens, at: start, language: language) {
            let scalars = Array(text.unicodeScalars)
            let covered = scalars[tokens[match.start].start..<tokens[match.end - 1].end]
            return (String(String.UnicodeScalarView(covered)), match.entry.canonical)
        }
    }
    return nil
}

@Test func matchesTheLongestAliasAcrossAccentsAndCase() throws {
    let places = try gazetteer(
        """
        United States\tLOC\tcountry\tQ30\tÉtats-Unis|USA|États-Unis d'Amérique
        """
    )
    #expect(match("les États-Unis d’Amérique ont", in: places)! == ("États-Unis d’Amérique", "United States"))
    #expect(match("les Etats-Unis", in: places)! == ("Etats-Unis", "United States"))
    #expect(match("LES ETATS-UNIS", in: places)! == ("ETATS-UNIS", "United States"))
}

@Test func requiresCapitalsWhereTheAliasHasThem() throws {
    let places = try gazetteer(
        """
        Nice\tLOC\tcity
        United States\tLOC\tcountry\t\tUS
        NATO\tORG\t\t\tOTAN
        """
    )
    #expect(match("une ville nice", in: places) == nil)
    #expect(match("à Nice", in: places)! == ("Nice", "Nice"))
    #expect(match("help us", in: places) == nil)
    #expect(match("the US army", in: places)! == ("US", "United States"))
    // Four capitals or more: the capitalized form matches too.
    #expect(match("l'Otan", in: places)! == ("Otan", "NATO"))
}

@Test func keepsTheLoosestCaseOfAliasesThatFoldAlike() throws {
    let places = try gazetteer("White House\tLOC\tbuilding\t\tMaison Blanche|Maison blanche")
    #expect(match("la Maison blanche", in: places)! == ("Maison blanche", "White House"))
    #expect(match("la maison blanche", in: places) == nil)
}

@Test func restrictsAliasesTaggedWithALanguage() throws {
    let cities = try gazetteer(
        """
        Mexico\tLOC\tcountry\t\tMexique|Mexico@en
        Mexico City\tLOC\tcity\t\tMexico@fr
        """
    )
    #expect(match("à Mexico", in: cities, language: "fr")! == ("Mexico", "Mexico City"))
    #expect(match("in Mexico", in: cities, language: "en")! == ("Mexico", "Mexico"))
}

@Test func leavesBracketedContextOutsideTheSpan() throws {
    let people = try gazetteer("Pope Francis\tPER\treligious-leader\t\t[pape] François")
    #expect(match("le pape François a dit", in: people)! == ("François", "Pope Francis"))
    #expect(match("François a dit", in: people) == nil)
}

@Test func marksSurnameAliases() throws {
    let people = try gazetteer("Marine Le Pen\tPER\tpolitician\t\tLe Pen|Marine")
    let tokens = tokenizer.tokenize("Le Pen")
    #expect(people.longestMatch(in: tokens, at: 0, language: nil)?.alias.isSingleName == true)
}

@Test func reportsMalformedLinesWithTheirLocation() {
    #expect(
        throws: GazetteerFormatError(
            path: "x.tsv",
            line: 2,
            message: "unknown type 'PERSON' (expected PER, ORG, LOC or MISC)"
        )
    ) {
        _ = try Gazetteer.parse("# comment\nJohn\tPERSON\n", path: "x.tsv")
    }
    #expect(throws: GazetteerFormatError.self) {
        _ = try Gazetteer.parse("OnlyOneColumn\n", path: "x.tsv")
    }
}

@Test func unifiesTheShippedSpellingVariants() {
    let expected: [String: String] = [
        "Kiev": "Kyiv", "Kyiv": "Kyiv", "OTAN": "NATO", "Otan": "NATO", "NATO": "NATO",
        "Poutine": "Vladimir Putin", "Putin": "Vladimir Putin", "Vladimir Poutine": "Vladimir Putin",
        "États-Unis": "United States", "Etats-Unis": "United States", "USA": "United States",
        "États-Unis d'Amérique": "United States", "Royaume-Uni": "United Kingdom",
        "Grande-Bretagne": "United Kingdom", "UK": "United Kingdom", "Volodymyr Zelensky": "Volodymyr Zelenskyy",
        "Volodimir Zelensky": "Volodymyr Zelenskyy", "Zelenskyy": "Volodymyr Zelenskyy",
        "Washington": "Washington, D.C.", "Élysée": "Élysée Palace", "Elysée": "Élysée Palace",
    ]
    let gazetteer = EntityResources.standard.gazetteer
    for (alias, canonical) in expected {
        #expect(gazetteer.entries(named: alias, tokenizer: tokenizer).first?.canonical == canonical, "\(alias)")
    }
}

@Test func shippedGazetteersHaveNoClashingAliases() {
    let clashes = EntityResources.standard.gazetteer.shadowedEntries().map { $0.map(\.canonical) }
    #expect(clashes.isEmpty)
    #expect(EntityResources.standard.gazetteer.entries.count > 1_000)
}
