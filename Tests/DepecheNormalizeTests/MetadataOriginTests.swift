import DepecheCore
import Testing

@testable import DepecheNormalize

@Suite struct MetadataOriginTests {
    private let body = "<p>The council met on Tuesday evening and voted the budget for the coming year.</p>"

    @Test func jsonLDGivesEachFieldWithItsOrigin() throws {
        let document = try NormalizeHarness.run(
            html: """
                <html><head>
                <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Budget voted",
                "datePublished": "2025-09-04T08:30:00+02:00", "dateModified": "2025-09-05",
                "author": {"@type": "Person", "name": "Jane Doe"}, "inLanguage": "en-GB",
                "url": "https://news.example/budget?utm_source=rss#top",
                "publisher": {"@type": "Organization", "name": "City News"}}</script>
                </head><body>\(body)</body></html>
                """
        )
        let metadata = document.metadata
        #expect(metadata.title == "Budget voted")
        #expect(metadata.titleOrigin == "json-ld")
        #expect(metadata.published == "2025-09-04T08:30:00+02:00")
        #expect(metadata.publishedOrigin == "json-ld")
        #expect(metadata.modified == "2025-09-05")
        #expect(metadata.modifiedOrigin == "json-ld")
        #expect(metadata.authors == ["Jane Doe"])
        #expect(metadata.authorsOrigin == "json-ld")
        #expect(metadata.language == "en")
        #expect(metadata.languageOrigin == "json-ld")
        #expect(metadata.siteName == "City News")
        #expect(metadata.siteNameOrigin == "json-ld")
        #expect(metadata.canonicalURL == "https://news.example/budget")
        #expect(metadata.canonicalURLOrigin == "json-ld")
    }

    @Test func metaTagsLinksAndTheRootLanguage() throws {
        let document = try NormalizeHarness.run(
            html: """
                <html lang="fr-FR"><head><title>Le budget voté | Le Petit Écho</title>
                <meta property="og:site_name" content="Le Petit Écho">
                <meta property="article:published_time" content="2025-09-04">
                <meta property="article:modified_time" content="2025-09-04T18:00:00+02:00">
                <meta name="author" content="Par Jeanne Martin, correspondante à Rennes">
                <link rel="canonical" href="/politique/budget/"></head>
                <body>\(body)</body></html>
                """,
            url: "https://www.petitecho.example/politique/budget?xtor=RSS-1"
        )
        let metadata = document.metadata
        #expect(metadata.title == "Le budget voté")
        #expect(metadata.titleOrigin == "title-element")
        #expect(metadata.published == "2025-09-04")
        #expect(metadata.publishedOrigin == "html-meta")
        #expect(metadata.modified == "2025-09-04T18:00:00+02:00")
        #expect(metadata.modifiedOrigin == "html-meta")
        #expect(metadata.authors == ["Jeanne Martin"])
        #expect(metadata.authorsOrigin == "html-meta")
        #expect(metadata.language == "fr")
        #expect(metadata.languageOrigin == "html-lang")
        #expect(metadata.siteNameOrigin == "html-meta")
        #expect(metadata.canonicalURL == "https://www.petitecho.example/politique/budget")
        #expect(metadata.canonicalURLOrigin == "link-canonical")
    }

    @Test func theHeadingTitlesAPageWithoutMetadataAndTheLanguageIsDetected() throws {
        let document = try NormalizeHarness.run(
            html: """
                <html><body><h1>Le conseil vote le budget</h1>
                <p>Le conseil municipal a voté le budget mardi soir, après un long débat sur les écoles et les routes.</p>
                </body></html>
                """
        )
        #expect(document.metadata.title == "Le conseil vote le budget")
        #expect(document.metadata.titleOrigin == "heading")
        #expect(document.metadata.language == "fr")
        #expect(document.metadata.languageOrigin == "detected")
        #expect(document.metadata.published == "")
        #expect(document.metadata.authorsOrigin == "")
    }

    @Test func aBylineElementGivesTheAuthorsWhenNoMetadataDoes() throws {
        let document = try NormalizeHarness.run(
            html: """
                <html><body><article><h1>Storm</h1><p class="byline">By JOHN SMITH and Mary Jones, Staff Writers</p>
                <p>The storm closed the harbour on Saturday, as winds reached 120 km/h along the coast.</p>
                </article></body></html>
                """
        )
        #expect(document.metadata.authors == ["John Smith", "Mary Jones"])
        #expect(document.metadata.authorsOrigin == "byline")
    }

    @Test func theArticlesBylineWinsOverThoseOfTeasersAndAuthorBoxes() throws {
        let prose = "The storm closed the harbour on Saturday, as winds reached 120 km/h along the coast."
        let teaser = "<div class=\"teaser\"><h3>Floods</h3><span class=\"byline\">By Paul Martin</span></div>"
        let document = try NormalizeHarness.run(
            html: """
                <html><body>\(teaser)
                <article><h1>Storm</h1><div class="meta"><span class="author">Anna Berg</span> and
                <span class="author">Tom Keller</span></div>
                <p>\(prose)</p><p>\(prose)</p><p>\(prose)</p></article>
                <div class="author-box"><span class="byline">About the author: Zoe Lane</span></div>
                \(teaser)</body></html>
                """
        )
        // Both co-authors (two elements a word apart), not the teasers' or the author box's names.
        #expect(document.metadata.authors == ["Anna Berg", "Tom Keller"])
        #expect(document.metadata.authorsOrigin == "byline")
    }

    @Test func aBylineOutsideTheArticleIsReadWhenTheArticleHasNone() throws {
        let prose = "The storm closed the harbour on Saturday, as winds reached 120 km/h along the coast."
        let document = try NormalizeHarness.run(
            html: """
                <html><body><div class="top"><span class="byline">By Paul Martin</span></div>
                <article><h1>Storm</h1><p>\(prose)</p><p>\(prose)</p><p>\(prose)</p></article></body></html>
                """
        )
        #expect(document.metadata.authors == ["Paul Martin"])
    }

    @Test func theURLPathGivesADayOnlyWhenItHasOne() throws {
        let dated = try NormalizeHarness.run(
            html: "<html><body>\(body)</body></html>",
            url: "https://news.example/2025/09/04/budget-voted/"
        )
        #expect(dated.metadata.published == "2025-09-04")
        #expect(dated.metadata.publishedOrigin == "url")
        let monthOnly = try NormalizeHarness.run(
            html: "<html><body>\(body)</body></html>",
            url: "https://news.example/2025/09/budget-voted/"
        )
        #expect(monthOnly.metadata.published == "")
        #expect(URLDate.day(in: "https://news.example/politique/20250904-budget") == "2025-09-04")
        #expect(URLDate.day(in: "https://news.example/a/2025-02-30-x") == nil)
        #expect(URLDate.day(in: "https://news.example/id/202509041234") == nil)
    }

    @Test func aBareYearNeverBecomesTheFirstOfJanuary() throws {
        let document = try NormalizeHarness.run(
            html: """
                <html><head><meta property="article:published_time" content="2025">
                <script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024"}</script></head>
                <body><article><time datetime="2025-09">September</time>\(body)</article></body></html>
                """
        )
        #expect(document.metadata.published == "")
        #expect(document.metadata.publishedOrigin == "")
    }

    @Test func aMorePreciseDateOfThePageRefinesTheFeedsDay() throws {
        let page = """
            <html><head><meta property="article:published_time" content="2025-09-04T08:30:00+02:00"></head>
            <body>\(body)</body></html>
            """
        func run(published: String, origin: String) throws -> Metadata {
            let source = Source(
                uri: "https://news.example/a",
                kind: "feed-item",
                contentType: "text/html",
                raw: Array(page.utf8)
            )
            let document = Document(
                id: "a",
                source: source,
                metadata: Metadata(published: published, publishedOrigin: origin)
            )
            return try NormalizeHarness.run(document).metadata
        }
        let refined = try run(published: "2025-09-04", origin: "feed")
        #expect(refined.published == "2025-09-04T08:30:00+02:00")
        #expect(refined.publishedOrigin == "html-meta")
        let distant = try run(published: "2025-08-01", origin: "feed")
        #expect(distant.published == "2025-08-01")
        #expect(distant.publishedOrigin == "feed")
        let given = try run(published: "2025-09-04", origin: "jsonl")
        #expect(given.published == "2025-09-04")
        #expect(given.publishedOrigin == "jsonl")
    }

    @Test func paywalledTeasersAreFlagged() throws {
        let schema = try NormalizeHarness.run(
            html: """
                <html><head><script type="application/ld+json">{"@type": "NewsArticle", "isAccessibleForFree": "False"}</script>
                </head><body>\(body)</body></html>
                """
        )
        #expect(schema.metadata.paywalled)
        let notice = try NormalizeHarness.run(
            html: "<html><body>\(body)<p>Il vous reste 80 % de cet article à lire.</p></body></html>"
        )
        #expect(notice.metadata.paywalled)
        #expect(notice.text == "The council met on Tuesday evening and voted the budget for the coming year.")
        let free = try NormalizeHarness.run(html: "<html><body>\(body)</body></html>")
        #expect(free.metadata.paywalled == false)
    }
}
