import DepecheCore
import Testing

@testable import DepecheNormalize

@Suite struct LanguageDetectionTests {
    @Test func detectsShortFrenchAndEnglishParagraphs() {
        #expect(
            LanguageDetector.detect(
                "Les ministres se retrouvent mardi pour discuter du budget, mais aucun accord n'est attendu avant l'été."
            ) == "fr"
        )
        #expect(
            LanguageDetector.detect(
                "The ministers will meet on Tuesday to discuss the budget, but no agreement is expected before summer."
            ) == "en"
        )
    }

    @Test func detectsGermanSpanishAndItalian() {
        #expect(
            LanguageDetector.detect(
                "Die Regierung hat am Dienstag über den Haushalt beraten und noch nicht entschieden."
            ) == "de"
        )
        #expect(
            LanguageDetector.detect("El gobierno se reunió el martes para hablar del presupuesto y no hubo acuerdo.")
                == "es"
        )
        #expect(
            LanguageDetector.detect("Il governo si è riunito martedì per discutere del bilancio, ma non c'è accordo.")
                == "it"
        )
    }

    @Test func saysNothingForTooShortOrUnknownText() {
        #expect(LanguageDetector.detect("Paris") == "")
        #expect(LanguageDetector.detect("le la") == "")
        #expect(LanguageDetector.detect("Москва и Санкт-Петербург получили новые средства на ремонт дорог.") == "")
        #expect(LanguageDetector.detect("") == "")
    }

    @Test func theLanguageOptionAppliesWhenTheDocumentDeclaresNone() throws {
        let text = "Quelques mots écrits ici."
        let forced = try NormalizeHarness.run(Document(id: "a", text: text), options: ["language": .string("it")])
        #expect(forced.metadata.language == "it")
        let html = try NormalizeHarness.run(
            html: "<html lang=\"de\"><body><p>Le texte est en français, mais la page dit allemand.</p></body></html>",
            options: ["language": .string("it")]
        )
        #expect(html.metadata.language == "de")
    }

    @Test func primarySubtagsAreLowercaseAndValidated() {
        #expect(LanguageDetector.primarySubtag("fr-FR") == "fr")
        #expect(LanguageDetector.primarySubtag("EN_us") == "en")
        #expect(LanguageDetector.primarySubtag("x") == "")
        #expect(LanguageDetector.primarySubtag("12") == "")
    }
}
