import DepecheCore
import Synchronization
import Testing

@testable import DepecheNormalize

@Suite struct HTMLExtractionTests {
    @Test func extractsArticleTextWithoutScriptsNavigationOrHiddenElements() throws {
        let document = try NormalizeHarness.run(
            bytes: NormalizeHarness.fixture("news-article.html"),
            contentType: "text/html"
        )
        #expect(
            document.text == """
                Les pluies reviennent sur la Bretagne

                Après trois semaines de sécheresse, les nuages sont de retour.

                Météo-France annonce des averses dès jeudi à Brest, puis à Rennes.
                Les agriculteurs s’en réjouissent.

                Brest : 12 mm
                Rennes : 8 mm

                Le week-end restera frais.
                """
        )
        #expect(document.source.raw.isEmpty)
        #expect(document.diagnostics.isEmpty)
    }

    @Test func readsMetaTagsForTitleDatesAuthorSiteCanonicalAndLanguage() throws {
        let document = try NormalizeHarness.run(
            bytes: NormalizeHarness.fixture("news-article.html"),
            contentType: "text/html"
        )
        let metadata = document.metadata
        #expect(metadata.title == "Les pluies reviennent sur la Bretagne")
        #expect(metadata.siteName == "La Gazette du Port")
        #expect(metadata.published == "2025-03-14T07:45:00+01:00")
        #expect(metadata.publishedOrigin == "html-meta")
        #expect(metadata.modified == "2025-03-14T09:10:00+01:00")
        #expect(metadata.authors == ["Anne Le Goff"])
        #expect(metadata.canonicalURL == "https://gazette.example/meteo/pluies-bretagne")
        #expect(metadata.language == "fr")
    }

    @Test func readsJSONLDEvenWhenWrappedInACommentWithRawLineBreaks() throws {
        let document = try NormalizeHarness.run(bytes: NormalizeHarness.fixture("jsonld-article.html"))
        let metadata = document.metadata
        #expect(metadata.title == "Storm closes the harbour")
        #expect(metadata.published == "2024-11-02T18:30:00Z")
        #expect(metadata.publishedOrigin == "json-ld")
        #expect(metadata.modified == "2024-11-03")
        #expect(metadata.authors == ["Jane Doe", "John Roe"])
        #expect(metadata.siteName == "Daily Planet")
        #expect(metadata.language == "en")
        #expect(
            document.text == """
                Storm closes the harbour

                The harbour was closed on Saturday as winds reached 120 km/h.

                Wind 120 km/h
                Waves 6 m

                Ferries will resume on Monday.
                """
        )
    }

    @Test func takesThePublicationTimeFromTheArticleNotTheSidebar() throws {
        let document = try NormalizeHarness.run(bytes: NormalizeHarness.fixture("time-element.html"))
        #expect(document.metadata.published == "2023-06-21T14:05:00+02:00")
        #expect(document.metadata.publishedOrigin == "time-element")
        #expect(document.metadata.title == "Council approves the new bridge")
        // The `meta` line with the date is not body text.
        #expect(document.text == "Council approves the new bridge\n\nThe vote was unanimous.")
    }

    @Test func stripsTheSiteNameFromTheTitleElement() throws {
        let document = try NormalizeHarness.run(
            html: """
                <html><head><title>Wildfire near Marseille | Sud Matin</title>
                <meta property="og:site_name" content="Sud Matin"></head>
                <body><p>Firefighters are on site.</p></body></html>
                """
        )
        #expect(document.metadata.title == "Wildfire near Marseille")
        #expect(PageTitle.stripSiteName("Sud Matin - Wildfire", siteName: "Sud Matin") == "Wildfire")
        #expect(PageTitle.stripSiteName("Wildfire | Other", siteName: "Sud Matin") == "Wildfire | Other")
    }

    @Test func prependsTheHeadingWhenTheArticleElementLeavesItOut() throws {
        let document = try NormalizeHarness.run(
            html: """
                <html><body><h1>Budget adopted</h1><div class="nav">Home</div>
                <article><p>The assembly adopted the budget on Tuesday night after a long debate.</p></article>
                </body></html>
                """
        )
        #expect(
            document.text == "Budget adopted\n\nThe assembly adopted the budget on Tuesday night after a long debate."
        )
        #expect(document.metadata.title == "Budget adopted")
    }

    @Test func keepsLineBreaksInsidePreformattedText() throws {
        let document = try NormalizeHarness.run(html: "<p>Code:</p><pre>a  =  1\nb = 2</pre><p>End</p>")
        #expect(document.text == "Code:\n\na = 1\nb = 2\n\nEnd")
    }

    @Test func readsThePageThatAnUnclosedNoscriptSwallowed() throws {
        let paragraph = "<p>" + String(repeating: "The council met again to discuss the harbour. ", count: 12) + "</p>"
        let document = try NormalizeHarness.run(
            html: "<html><body><noscript><div id=\"fallback\"></noscript>\(paragraph)<p>End.</p></body></html>"
        )
        #expect(document.text.hasPrefix("The council met again"))
        #expect(document.text.hasSuffix("harbour.\n\nEnd."))
        let closed = try NormalizeHarness.run(
            html: "<html><body><noscript><p>Enable JavaScript</p></noscript><p>Story.</p></body></html>"
        )
        #expect(closed.text == "Story.")
    }

    @Test func survivesVeryDeepNesting() throws {
        let depth = 100_000
        let html =
            "<html><body>" + String(repeating: "<div><span>", count: depth) + "deep text"
            + String(repeating: "</span></div>", count: depth) + "<p>after</p></body></html>"
        let document = try NormalizeHarness.run(html: html)
        #expect(document.text.hasPrefix("deep text"))
        #expect(document.text.hasSuffix("after"))
    }

    @Test func everyParsedDocumentIsFreed() async throws {
        let page = try NormalizeHarness.fixture("news-article.html")
        let feed = try NormalizeHarness.fixture("feed-item.xml")
        for _ in 0..<50 {
            _ = try NormalizeHarness.run(bytes: page, contentType: "text/html")
            _ = try NormalizeHarness.run(bytes: feed, contentType: "application/xml")
        }
        // Other tests parse in parallel: wait until none holds a document.
        var live = LibXMLDocument.liveCount.load(ordering: .relaxed)
        for _ in 0..<200 where live != 0 {
            try await Task.sleep(for: .milliseconds(50))
            live = LibXMLDocument.liveCount.load(ordering: .relaxed)
        }
        #expect(live == 0)
    }

    @Test func anEmptyPageGivesAnEmptyTextAndADiagnostic() throws {
        let document = try NormalizeHarness.run(
            html: "<html><head><script>var a = 1;</script></head><body></body></html>"
        )
        #expect(document.text == "")
        #expect(NormalizeHarness.codes(document) == ["empty-document"])
    }
}
