import DepecheCore
import Testing

@testable import DepecheNormalize

@Suite struct PlainTextTests {
    @Test func aLeadingDateHeaderBecomesThePublicationDateAndTheRestOfTheLineTheTitle() throws {
        let document = try NormalizeHarness.run(
            bytes: NormalizeHarness.fixture("dated-article.txt"),
            contentType: "text/plain"
        )
        #expect(
            document.text == """
                date 2024-10-08 Les ministres européens discutent du budget agricole, pas d'accord en vue

                par Marie Dupont

                Les ministres de l'Agriculture des pays de l'Union se retrouvent mardi à Luxembourg pour discuter \
                du budget de la politique agricole commune.

                La réunion, prévue depuis le printemps, doit durer deux jours.
                """
        )
        let metadata = document.metadata
        #expect(metadata.published == "2024-10-08")
        #expect(metadata.publishedOrigin == "text-header")
        #expect(metadata.title == "Les ministres européens discutent du budget agricole, pas d'accord en vue")
        #expect(metadata.authors == ["Marie Dupont"])
        #expect(metadata.language == "fr")
    }

    @Test func theFirstLineIsTheTitleWhenItLooksLikeAHeadline() throws {
        let text = "Les États-Unis promettent des garanties à l'Ukraine\nLes États-Unis se sont joints à leurs alliés."
        #expect(
            try NormalizeHarness.run(Document(id: "a", text: text)).metadata.title
                == "Les États-Unis promettent des garanties à l'Ukraine"
        )
    }

    @Test func aFirstLineThatIsASentenceIsNotATitle() throws {
        let sentence = "Le conseil a voté le budget mardi soir.\nLa séance a duré quatre heures."
        #expect(try NormalizeHarness.run(Document(id: "a", text: sentence)).metadata.title == "")
        let alone = "Un titre sans suite"
        #expect(try NormalizeHarness.run(Document(id: "b", text: alone)).metadata.title == "")
        let long = String(repeating: "mot ", count: 60) + "\nsuite"
        #expect(try NormalizeHarness.run(Document(id: "c", text: long)).metadata.title == "")
        let disabled = try NormalizeHarness.run(
            Document(id: "d", text: "Un vrai titre\nLe texte suit."),
            options: ["title_from_first_line": .boolean(false)]
        )
        #expect(disabled.metadata.title == "")
    }

    @Test func datelinesWrappedSentencesAndNoiseAreNotTitles() throws {
        let notTitles = [
            "CAPE TOWN, South Africa (AP) --\nThe parliament met on Monday.",
            "MIAMI _\nThe storm moved north.",
            "chauler ta colle !\nLa suite du texte.",
            "Reuters said the manager resigned to pursue other interests\nwhich the agency called amicable.",
            "Reuters said the manager resigned, a move termed an \"amicable separation.\"\n\nMore text.",
            "Mais les vertus simplificatrices ne suffisent pas à transformer un pri¬\nsonnier.",
            "îSt : : îlî : : S «ÎSSE^11^ ?\nLa suite.",
        ]
        for text in notTitles {
            #expect(try NormalizeHarness.run(Document(id: "a", text: text)).metadata.title == "", "\(text)")
        }
        let question = "Faut-il taxer les géants du numérique ?\nLe débat reprend au Parlement."
        #expect(
            try NormalizeHarness.run(Document(id: "q", text: question)).metadata.title
                == "Faut-il taxer les géants du numérique ?"
        )
    }

    @Test func headerLinesGiveDateAndAuthors() throws {
        let text = """
            Flood warning for the valley
            Published: September 4, 2025
            By Jane Doe and John Roe

            The river rose two metres overnight.
            """
        let metadata = try NormalizeHarness.run(Document(id: "a", text: text)).metadata
        #expect(metadata.title == "Flood warning for the valley")
        #expect(metadata.published == "2025-09-04")
        #expect(metadata.publishedOrigin == "text-header")
        #expect(metadata.authors == ["Jane Doe", "John Roe"])
        #expect(metadata.language == "en")
    }

    @Test func aFrenchWrittenDateAfterPublieLeIsRead() throws {
        let text = "Publié le jeudi 4 septembre 2025 à 10h30\nLe sommet s'ouvre à Paris\n\nLes dirigeants arrivent."
        let metadata = try NormalizeHarness.run(Document(id: "a", text: text)).metadata
        #expect(metadata.published == "2025-09-04")
        #expect(metadata.title == "Le sommet s'ouvre à Paris")
    }

    @Test func aBareYearIsNeverAPublicationDate() throws {
        let text = "Date 2025 Un bilan de l'année\nLe texte suit ici avec des mots."
        let metadata = try NormalizeHarness.run(Document(id: "a", text: text)).metadata
        #expect(metadata.published == "")
        #expect(metadata.publishedOrigin == "")
    }

    @Test func inputMetadataWinsOverWhatTheTextSays() throws {
        var document = Document(id: "a", text: "date 2025-09-04 Un titre\nLe texte.")
        document.metadata.published = "2024-01-02"
        document.metadata.publishedOrigin = "jsonl"
        document.metadata.title = "Given title"
        document.metadata.language = "fr-CA"
        let result = try NormalizeHarness.run(document)
        #expect(result.metadata.published == "2024-01-02")
        #expect(result.metadata.publishedOrigin == "jsonl")
        #expect(result.metadata.title == "Given title")
        #expect(result.metadata.language == "fr")
    }

    @Test func whitespaceIsCleanedAndParagraphsKept() throws {
        let text =
            "  Titre\u{A0}\u{A0}du   jour \t\r\n\r\n\r\n\r\nPremier\u{202F}: paragraphe.  \n  Suite\u{2028}fin\u{AD}ale\n\n\n"
        #expect(
            try NormalizeHarness.run(Document(id: "a", text: text)).text
                == "Titre du jour\n\nPremier : paragraphe.\nSuite\nfinale"
        )
    }

    @Test func textIsComposedToNFC() throws {
        let decomposed = "Cafe\u{301} et sœur, Ångström\u{212B}"
        let text = try NormalizeHarness.run(Document(id: "a", text: decomposed)).text
        #expect(text == "Caf\u{E9} et sœur, Ångström\u{C5}")
        #expect(text.unicodeScalars.count == 23)
    }
}
