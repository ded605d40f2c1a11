import DepecheCore
import Foundation
import Testing

@testable import DepecheNormalize

@Suite struct XMLExtractionTests {
    @Test func readsTextTitleDateAndLanguageOfALatin1FeedItem() throws {
        let document = try NormalizeHarness.run(
            bytes: NormalizeHarness.fixture("feed-item.xml"),
            contentType: "application/xml"
        )
        #expect(
            document.text == """
                Le café du port rouvre
                Tue, 04 Mar 2025 08:30:00 +0100
                Le café rouvre samedi après travaux.
                Les habitués sont ravis.
                """
        )
        #expect(document.metadata.title == "Le café du port rouvre")
        #expect(document.metadata.published == "2025-03-04T08:30:00+01:00")
        #expect(document.metadata.publishedOrigin == "xml")
        #expect(document.metadata.language == "fr")
    }

    @Test func aBillionLaughsDocumentIsNotExpanded() throws {
        // Expanded, the entities would make gigabytes of "lol"; the text says they were not.
        let document = try NormalizeHarness.run(
            bytes: NormalizeHarness.fixture("billion-laughs.xml"),
            contentType: "application/xml"
        )
        #expect(document.text == "Laughs\nBefore after")
        #expect(!document.text.contains("lollol"))
        #expect(NormalizeHarness.codes(document) == ["xml-entities-ignored"])
        #expect(
            document.diagnostics.first?.message
                == "the document's DTD declares entities, which are never expanded; 1 reference was left out of the text"
        )
    }

    @Test func referencesToDTDEntitiesAreLeftOut() throws {
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY who \"World\">]><d>Hello &who;! &amp; bye</d>"
        let document = try NormalizeHarness.run(bytes: Array(xml.utf8), contentType: "text/xml")
        #expect(document.text == "Hello ! & bye")
        #expect(
            document.diagnostics.first?.message
                == "the document's DTD declares entities, which are never expanded; 1 reference was left out of the text"
        )
    }

    /// A reference to a nested entity (1,000 bytes expanded) once halted libxml2 and lost the rest
    /// of the article.
    @Test func theTextAfterANestedEntityReferenceIsKept() throws {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE article [
            <!ENTITY a "xxxxxxxxxx">
            <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
            <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
            ]>
            <article><title>Titre</title><p>Avant la référence &c; après la référence.</p><p>Suite.</p></article>
            """
        let document = try NormalizeHarness.run(bytes: Array(xml.utf8), contentType: "application/xml")
        #expect(document.text == "Titre\nAvant la référence après la référence.\nSuite.")
        #expect(
            document.diagnostics.map(\.message) == [
                "the document's DTD declares entities, which are never expanded; 1 reference was left out of the text"
            ]
        )
    }

    @Test func xhtmlServedAsXMLIsReadAsHTML() throws {
        let xhtml = """
            <?xml version="1.0" encoding="utf-8"?>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><title>Page</title>
            <script>var hidden = 1;</script></head><body><p>Visible <b>text</b></p></body></html>
            """
        let document = try NormalizeHarness.run(bytes: Array(xhtml.utf8), contentType: "application/xml")
        #expect(document.text == "Visible text")
        #expect(document.metadata.title == "Page")
        #expect(document.metadata.language == "en")
    }
}
