import DepecheCore
import Testing

@testable import DepecheEntities

@Test func keepsElidedArticlesOutsideTheSpan() {
    let text = "Les alliés de l'Ukraine et d’Israël, l’OTAN et l'Élysée."
    #expect(
        spans(text) == [
            span("Ukraine", in: text, .location), span("Israël", in: text, .location),
            span("OTAN", in: text, .organization), span("Élysée", in: text, .location),
        ]
    )
}

@Test func findsHyphenatedPlaceNames() {
    let text = "La France, les Pays-Bas, le Royaume-Uni et Saint-Étienne."
    #expect(
        spans(text) == [
            span("France", in: text, .location), span("Pays-Bas", in: text, .location),
            span("Royaume-Uni", in: text, .location), span("Saint-Étienne", in: text, .location),
        ]
    )
}

@Test func readsNamesAfterTitles() {
    let text =
        "Le président ukrainien Oleh Hrytsenko a rencontré M. Dubreuil et le général Alexus Grynkewich, "
        + "puis le secrétaire général de l'Otan, Marek Wisniewski."
    #expect(
        spans(text) == [
            span("Oleh Hrytsenko", in: text, .person), span("Dubreuil", in: text, .person),
            span("Alexus Grynkewich", in: text, .person), span("Otan", in: text, .organization),
            span("Marek Wisniewski", in: text, .person),
        ]
    )
}

@Test func readsEnglishTitlesInsideTheRun() {
    let text = "Russian President Vladimir Putin met Sen. Tom Cotwell and House Speaker Dale Mirren."
    #expect(
        spans(text, language: "en") == [
            span("Vladimir Putin", in: text, .person), span("Tom Cotwell", in: text, .person),
            span("Dale Mirren", in: text, .person),
        ]
    )
}

@Test func readsPersonsFromGivenNames() {
    let text = "par John Irish, avec la contribution d'Andrew Gray à Bruxelles; version française Jean Terzian"
    #expect(
        spans(text) == [
            span("John Irish", in: text, .person), span("Andrew Gray", in: text, .person),
            span("Bruxelles", in: text, .location), span("Jean Terzian", in: text, .person),
        ]
    )
}

@Test func joinsAGivenNameToAKnownSurname() {
    let text = "Volodimir Zelensky a reçu Lara Trump et Jean-Marie Le Pen."
    let entities = recognize(text)
    #expect(entities.map(\.text) == ["Volodimir Zelensky", "Lara Trump", "Jean-Marie Le Pen"])
    #expect(entities.map(\.canonical) == ["Volodymyr Zelenskyy", "Lara Trump", "Jean-Marie Le Pen"])
}

@Test func readsOrganizationsFromTheirHeadWords() {
    let text = "Le Ministère de la Défense et l'Université de Strasbourg ont saisi le Bureau international du travail."
    #expect(
        spans(text) == [
            span("Ministère de la Défense", in: text, .organization),
            span("Université de Strasbourg", in: text, .organization),
            span("Bureau international du travail", in: text, .organization),
        ]
    )
}

@Test func readsPlacesAfterPlacePrepositions() {
    let text = "Des frappes à Kostopil et près de Velyka Novosilka, dans le golfe Persique et le lac du Bourget."
    #expect(
        spans(text) == [
            span("Kostopil", in: text, .location), span("Velyka Novosilka", in: text, .location),
            span("golfe Persique", in: text, .location), span("Bourget", in: text, .location),
        ]
    )
}

@Test func tagsNationalityNounsButNotAdjectives() {
    let text = "Les Européens et les Russes soutiennent l'armée ukrainienne. Les Occidentaux aussi."
    let entities = recognize(text)
    #expect(
        entities.map { ExpectedSpan(text: $0.text, start: $0.start, end: $0.end, type: $0.type) } == [
            span("Européens", in: text, .miscellaneous), span("Russes", in: text, .miscellaneous),
            span("Occidentaux", in: text, .miscellaneous),
        ]
    )
    #expect(entities.map(\.canonical) == ["Europeans", "Russians", "Westerners"])
}

@Test func ignoresSentenceStartsDaysHeadingsAndTitles() {
    let text = """
        Cependant, Selon les sources. Par ailleurs, Mardi, le Premier ministre a parlé de l'Article 5.
        CLARTÉ
        However, the Prime Minister said on Monday.
        """
    #expect(spans(text).isEmpty)
}

@Test func ignoresCommonAcronymsAndRomanNumerals() {
    let text = "Le PIB et la TVA du XXIe siècle, selon Louis XIV et l'ONG."
    #expect(spans(text).map(\.text) == ["Louis XIV"])
}

@Test func tagsUnknownAcronymsAsOrganizations() {
    let text = "Le syndicat FNSEA a rencontré la direction."
    #expect(spans(text) == [span("FNSEA", in: text, .organization)])
}

@Test func producesSortedNonOverlappingSpans() {
    let text = "Selon Reuters, Emmanuel Macron et le président Trump ont parlé de l'Ukraine à Paris."
    let entities = recognize(text)
    #expect(entities.map(\.text) == ["Reuters", "Emmanuel Macron", "Trump", "Ukraine", "Paris"])
    for (before, after) in zip(entities, entities.dropFirst()) {
        #expect(before.end <= after.start)
    }
    let scalars = Array(text.unicodeScalars)
    for entity in entities {
        #expect(String(String.UnicodeScalarView(scalars[entity.start..<entity.end])) == entity.text)
    }
}
