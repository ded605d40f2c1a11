import DepecheCore
import Testing

@testable import DepecheEntities

@Test func linksASurnameToTheFullNameBeforeIt() {
    let text = "L'émissaire Steve Witkoff est arrivé. Witkoff a rencontré Kyle Brannigan. Selon Brannigan, rien."
    let entities = recognize(text)
    #expect(entities.map(\.text) == ["Steve Witkoff", "Witkoff", "Kyle Brannigan", "Brannigan"])
    #expect(entities.map(\.type) == [.person, .person, .person, .person])
    #expect(entities.map(\.canonical) == ["Steve Witkoff", "Steve Witkoff", "Kyle Brannigan", "Kyle Brannigan"])
}

@Test func linksASurnameToAFullNameAfterIt() {
    let text = "Brannigan arrive à Paris.\nLe ministre Kyle Brannigan a parlé."
    let entities = recognize(text)
    #expect(entities.map(\.text) == ["Brannigan", "Paris", "Kyle Brannigan"])
    #expect(entities.first?.type == .person)
    #expect(entities.first?.canonical == "Kyle Brannigan")
}

@Test func givesKnownSurnamesTheGazetteerName() {
    #expect(
        canonicals("Le président Macron et Mme Meloni.") == ["Macron": "Emmanuel Macron", "Meloni": "Giorgia Meloni"]
    )
}

@Test func unifiesSpellingVariantsAcrossDocuments() {
    let documents = [
        "Les Etats-Unis et l'Otan à Kiev, avec Volodimir Zelensky.",
        "Les États-Unis et l'OTAN à Kyiv, avec Volodymyr Zelensky.",
        "The USA and NATO in Kyiv with Zelenskyy.",
    ]
    let canonicalSets = documents.map { text in recognize(text).map(\.canonical) }
    for names in canonicalSets {
        #expect(names == ["United States", "NATO", "Kyiv", "Volodymyr Zelenskyy"])
    }
}

@Test func givesAnAcronymInParenthesesTheNameBeforeIt() {
    let text = "L'Agence nationale de sécurité du médicament (ANSM) a tranché. L'ANSM confirme."
    let entities = recognize(text)
    #expect(entities.map(\.text) == ["Agence nationale de sécurité du médicament", "ANSM", "ANSM"])
    #expect(Set(entities.map(\.canonical)) == ["Agence nationale de sécurité du médicament"])
}

@Test func tidiesTheCanonicalOfUnknownNames() {
    let entities = recognize("Selon M. Jean TERZIAN, puis M. Terzian.")
    #expect(entities.map(\.text) == ["Jean TERZIAN", "Terzian"])
    #expect(entities.map(\.canonical) == ["Jean Terzian", "Jean Terzian"])
}

@Test func keepsEntityIDsAndLabelsFromTheGazetteer() {
    let entity = recognize("Poutine et la France.")
    #expect(entity.map(\.entityID) == ["Q7747", "Q142"])
    #expect(entity.map(\.label) == ["head-of-state", "country"])
    #expect(entity.allSatisfy { $0.confidence > 0.5 })
}
