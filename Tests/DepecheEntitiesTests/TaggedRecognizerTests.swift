import DepecheCore
import Testing

@testable import DepecheEntities

/// The stage's default recognizer: the shipped models and gazetteer.
private let tagged: TaggedRecognizer? = EntityModels.standardRecognizer

private func entities(_ text: String, language: String = "fr") throws -> [Entity] {
    let recognizer = try #require(tagged, "the shipped models are missing")
    return recognizer.entities(in: text, language: language)
}

private let frenchResources = try? EntityResources(languages: ["fr"], gazetteerFiles: [])

/// The mention that ``TaggedRecognizer/trimmed(_:tokens:lexicon:)`` keeps of `tokens[range]`, as text.
private func trimmed(_ text: String, _ range: Range<Int>, type: Int = 0) throws -> String? {
    let resources = try #require(frenchResources)
    let tokens = resources.tokenizer.tokenize(text)
    let span = TagSpan(start: range.lowerBound, end: range.upperBound, type: type)
    guard let mention = TaggedRecognizer.trimmed(span, tokens: tokens, lexicon: resources.lexicon) else { return nil }
    return tokens[mention.start..<mention.end].map(\.text).joined(separator: " ")
}

@Test func shipsAFrenchAndAnEnglishModel() {
    #expect(EntityModels.languages == ["en", "fr"])
    #expect(EntityModels.shipped("fr")?.model.usesClusters == true)
    #expect((EntityModels.shipped("fr")?.clusters.count ?? 0) > 100_000)
    #expect(EntityModels.shipped("en")?.model.language == "en")
}

@Test func keepsArticlesAndTitlesOutOfNames() throws {
    // Spans as a tagger might return them, trimmed by rule.
    #expect(try trimmed("Il a rejoint l'OTAN hier.", 3..<5, type: 1) == "OTAN")
    #expect(try trimmed("Selon le président Emmanuel Macron, non.", 2..<5) == "Emmanuel Macron")
    #expect(try trimmed("Hier, M. Lecornu est venu.", 2..<4) == "Lecornu")
    #expect(try trimmed("Mardi, Paris vote.", 0..<1, type: 2) == nil)
    #expect(try trimmed("Il viendra en septembre prochain.", 3..<4, type: 3) == nil)
    #expect(try trimmed("la coalition des volontaires", 0..<4, type: 1) == nil)
}

@Test func findsNamesWithoutTitlesArticlesOrWeekdays() throws {
    let found = try entities("Mardi, le président Emmanuel Macron a reçu à Paris le secrétaire général de l'OTAN.")
    #expect(found.map(\.text) == ["Emmanuel Macron", "Paris", "OTAN"])
    #expect(found.map(\.type) == [.person, .location, .organization])
    #expect(found.map(\.canonical) == ["Emmanuel Macron", "Paris", "NATO"])
}

@Test func doesNotTakeSentenceInitialWordsForNames() throws {
    let found = try entities("Cependant, les négociations continuent. Lundi, Ensuite et Selon ne sont pas des noms.")
    #expect(found.isEmpty)
}

@Test func unifiesSpellingVariantsAcrossDocumentsWithTheTagger() throws {
    let documents = [
        ("Les Etats-Unis et l'Otan soutiennent Kiev, selon Volodimir Zelensky.", "fr"),
        ("Les États-Unis et l'OTAN soutiennent Kyiv, selon Volodymyr Zelensky.", "fr"),
        ("The USA and NATO support Kyiv, according to Volodymyr Zelenskyy.", "en"),
    ]
    for (text, language) in documents {
        let found = try entities(text, language: language)
        #expect(found.map(\.canonical) == ["United States", "NATO", "Kyiv", "Volodymyr Zelenskyy"], "\(text)")
    }
    let putin = try entities("Vladimir Poutine a parlé.").map(\.canonical)
    let putinEnglish = try entities("Vladimir Putin spoke.", language: "en").map(\.canonical)
    #expect(putin == ["Vladimir Putin"])
    #expect(putinEnglish == ["Vladimir Putin"])
}

@Test func linksALoneSurnameToTheFullNameBeforeIt() throws {
    let found = try entities(
        "L'émissaire américain Steve Witkoff est arrivé à Moscou jeudi. Witkoff doit rencontrer le chef du Kremlin."
    )
    let witkoff = found.filter { $0.text.hasSuffix("Witkoff") }
    #expect(witkoff.map(\.text) == ["Steve Witkoff", "Witkoff"])
    #expect(witkoff.map(\.canonical) == ["Steve Witkoff", "Steve Witkoff"])
    #expect(witkoff.map(\.type) == [.person, .person])
}

@Test func picksTheModelByLanguage() throws {
    let english = try entities("The meeting took place in Geneva on Monday with Antonio Guterres.", language: "en")
    #expect(english.map(\.text) == ["Geneva", "Antonio Guterres"])
    #expect(english.map(\.type) == [.location, .person])
}
