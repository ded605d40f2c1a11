import DepecheCore
import Foundation
import Testing

@testable import DepecheNormalize

/// Pages that used to come out empty or nearly so: the article sits in a wrapper named like
/// boilerplate, the page carries it only in JSON-LD, or the best-scoring container is tiny.
@Suite struct ExtractionCascadeTests {
    static let sentences = [
        "Le conseil municipal a voté, jeudi soir, le budget de la rénovation du port, attendu depuis dix ans.",
        "Les travaux commenceront à l'automne, dureront deux ans et coûteront, selon la mairie, 40 millions d'euros.",
        "The council said the harbour would stay open during the works, although two quays will close in turn.",
        "Fishermen, who had asked for the extension since 2015, welcomed the vote but worried about the schedule.",
        "Der Stadtrat will die Arbeiten im Herbst beginnen, die Fischer begrüßen die Entscheidung, bleiben aber skeptisch.",
    ]

    /// `count` paragraphs of prose, each two sentences, numbered so that every one is distinct.
    static func paragraphs(_ count: Int, tag: String = "p") -> String {
        (0..<count).map { index in
            let first = sentences[index % sentences.count]
            let second = sentences[(index + 2) % sentences.count]
            return "<\(tag)>\(index + 1). \(first) \(second)</\(tag)>"
        }.joined(separator: "\n")
    }

    /// A navigation list of `count` links, with no prose.
    static func links(_ count: Int) -> String {
        "<ul>" + (1...count).map { "<li><a href=\"/s/\($0)\">Rubrique numéro \($0)</a></li>" }.joined() + "</ul>"
    }

    static func page(head: String = "", _ body: String) -> String {
        "<html><head><title>Le port s'agrandit</title>\(head)</head><body>\(body)</body></html>"
    }

    @Test func anArticleInAWrapperNamedLikeALinkListIsKept() throws {
        // `mitte_links` is German for "middle left": the token `links` must not drop the article.
        let html = Self.page(
            """
            \(Self.links(30))
            <div id="mitte_links"><article><h1>Le port s'agrandit</h1>\(Self.paragraphs(6))</article></div>
            <div class="sidebar">\(Self.links(10))</div>
            """
        )
        let document = try NormalizeHarness.run(html: html)
        #expect(document.text.hasPrefix("Le port s'agrandit\n\n1. Le conseil municipal"))
        #expect(document.text.contains("6. Le conseil municipal"))
        #expect(!document.text.contains("Rubrique"))
    }

    @Test func aBlogPostWhoseClassesNameItsTagsAndAuthorIsKeptAndItsCommentsDropped() throws {
        let html = Self.page(
            """
            \(Self.links(60))
            <main>
            <article class="post tag-related-news category-comment author-jane"><h1>Le port s'agrandit</h1>
            <div class="entry-content">\(Self.paragraphs(4))</div></article>
            <section class="comments"><h2>3 commentaires</h2><div>Paul, le 4 mars : merci pour cet article,
            très complet, et pour les chiffres.</div><div>Anne, le 4 mars : et les riverains, qui paiera leurs
            nuisances pendant deux ans ?</div></section>
            </main>
            """
        )
        let document = try NormalizeHarness.run(html: html)
        #expect(document.text.contains("4. Fishermen"))
        #expect(!document.text.contains("riverains"))
        #expect(!document.text.contains("commentaires"))
        // Found by the scoring itself, not by a fallback.
        #expect(!NormalizeHarness.codes(document).contains("extraction-fallback"))
    }

    @Test func sectionsWhoseIdsAreMadeOfHeadingWordsAreRead() throws {
        // Documentation generators name sections after their headings: `sharing-with-a-team`.
        let html = Self.page(
            """
            <div class="body" role="main">
            <div class="section" id="sharing-with-a-single-developer"><h2>Sharing with a single developer</h2>
            \(Self.paragraphs(3))</div>
            <div class="section" id="related-work-and-other-tools"><h2>Other tools</h2>\(Self.paragraphs(3))</div>
            </div>
            """
        )
        let document = try NormalizeHarness.run(html: html)
        #expect(document.text.contains("Sharing with a single developer"))
        #expect(document.text.contains("Other tools"))
        #expect(document.text.split(separator: "\n\n").count == 8)
    }

    @Test func anArticleThatStandsOutIsKeptBesideALongerLiveFeed() throws {
        // The feed holds more prose than the article, but the article scores far above it.
        let feed = (1...30).map {
            "<div class=\"item\"><p>Mise à jour \($0) : la séance du conseil municipal reprend après une longue pause.</p></div>"
        }
        let html = Self.page(
            """
            <div class="article-content"><h1>Le port s'agrandit</h1>\(Self.paragraphs(8))</div>
            <div class="column"><div class="wrap"><div class="live">\(feed.joined())</div></div></div>
            """
        )
        let document = try NormalizeHarness.run(html: html)
        #expect(document.text.contains("8. The council said"))
        #expect(!document.text.contains("Mise à jour"))
    }

    @Test func aPageThatCarriesItsArticleOnlyInJSONLDGivesThatArticle() throws {
        let body = (0..<5).map { Self.sentences[$0] }.joined(separator: "\n\n")
        let head = """
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"Le port s'agrandit",
            "articleBody":"\(body.replacingOccurrences(of: "\n", with: "\\n"))"}</script>
            """
        let html = Self.page(
            head: head,
            "<div id=\"root\"></div>\(Self.links(40))<noscript>Activez JavaScript.</noscript>"
        )
        let document = try NormalizeHarness.run(html: html)
        #expect(document.text == body)
        let fallback = try #require(document.diagnostics.first { $0.code == "extraction-fallback" })
        #expect(fallback.severity == .info)
        #expect(fallback.message.hasSuffix("kept json-ld"))
    }

    /// (the article's markup, the start of the text, the strategy the fallback keeps)
    static let fallbacks: [(String, String, String)] = [
        // An article element inside a wrapper named like a sidebar: read with the wrapper's name ignored.
        (
            "<div class=\"layout-with-sidebar\"><article><h1>Le port s'agrandit</h1>\(paragraphs(5))</article></div>"
                + "<div><p>Abonnez-vous à notre lettre.</p></div>",
            "Le port s'agrandit\n\n1. Le conseil municipal", "article-element"
        ),
        // No article element: the paragraphs of the page are the last fallback.
        (
            "<div class=\"menu-layout\"><h1>Le port s'agrandit</h1>\(paragraphs(5))</div>",
            "1. Le conseil municipal", "paragraphs"
        ),
    ]

    @Test(arguments: fallbacks) func anArticleInAWrapperNamedLikeBoilerplateIsFoundByAFallback(
        article: String,
        opening: String,
        strategy: String
    ) throws {
        let document = try NormalizeHarness.run(html: Self.page("\(Self.links(120))\(article)"))
        #expect(document.text.hasPrefix(opening))
        #expect(document.text.contains("5. Der Stadtrat"))
        #expect(!document.text.contains("Rubrique"))
        let fallback = try #require(document.diagnostics.first { $0.code == "extraction-fallback" })
        #expect(fallback.message.hasSuffix("kept \(strategy)"))
    }

    @Test func aLongPageThatKeepsLittleTextSaysSo() throws {
        let html = Self.page("\(Self.links(120))<div class=\"story\"><p>Le port s'agrandit, dit la mairie.</p></div>")
        let document = try NormalizeHarness.run(html: html)
        let short = try #require(document.diagnostics.first { $0.code == "extraction-short" })
        #expect(short.message.contains("characters"))
    }

    @Test func aShortPageGetsNoExtractionDiagnostic() throws {
        let document = try NormalizeHarness.run(html: Self.page("<p>Le port s'agrandit.</p>"))
        #expect(NormalizeHarness.codes(document).isEmpty)
    }
}
