import DepecheCore
import Testing

@testable import DepecheNormalize

@Suite struct BoilerplateRemovalTests {
    @Test func keepsTheArticleAndDropsCookiesMenusShareBarsRelatedLinksCaptionsAndComments() throws {
        let document = try NormalizeHarness.run(
            bytes: NormalizeHarness.fixture("boilerplate-article.html"),
            contentType: "text/html"
        )
        #expect(
            document.text == """
                Le port de Lorient s'agrandit

                Le conseil régional a voté, jeudi soir, l'extension du quai des pêcheurs, attendue depuis dix ans.

                Les travaux commenceront à l'automne et dureront deux ans, selon la présidente de la région, \
                qui a salué « un projet structurant pour toute la filière ».

                Un chantier de 40 millions d'euros

                Le financement sera partagé entre l'État, la région et l'agglomération, qui apportera à elle \
                seule un quart de la somme.

                Longueur du quai : 300 mètres
                Tirant d'eau : 9 mètres

                Nous attendions ce vote depuis longtemps, et les armateurs aussi.

                Les premiers navires pourront accoster au nouveau quai au printemps 2027, si le calendrier est tenu.
                """
        )
        #expect(document.metadata.authors == ["Léa Morvan", "Yann Tanguy"])
        #expect(document.metadata.authorsOrigin == "json-ld")
        #expect(document.metadata.paywalled == false)
    }

    @Test func prefersTheDenseArticleToALongerListOfLinks() throws {
        let links = (1...40).map {
            "<li><a href=\"/n\($0)\">Another headline about the local news number \($0)</a></li>"
        }
        let document = try NormalizeHarness.run(
            html: """
                <html><body>
                <div class="links"><ul>\(links.joined())</ul></div>
                <div><p>The mayor opened the new library on Saturday, after two years of work, in front of a large crowd.</p>
                <p>It holds forty thousand books, a music room and a workshop for children, open every day but Monday.</p></div>
                </body></html>
                """
        )
        #expect(
            document.text == """
                The mayor opened the new library on Saturday, after two years of work, in front of a large crowd.

                It holds forty thousand books, a music room and a workshop for children, open every day but Monday.
                """
        )
    }

    @Test func dropsReadAlsoLinksInsideTheArticleButKeepsProseThatFollows() throws {
        let document = try NormalizeHarness.run(
            html: """
                <html><body><article>
                <p>The first paragraph of the story says what happened, where, and when it happened.</p>
                <h3>Related</h3>
                <ul><li><a href="/1">An older story</a></li><li><a href="/2">Another older story</a></li></ul>
                <p>The second paragraph explains why it matters to readers, with a quote from a witness.</p>
                <p>Read more: <a href="/3">the full report</a></p>
                </article></body></html>
                """
        )
        #expect(
            document.text == """
                The first paragraph of the story says what happened, where, and when it happened.

                The second paragraph explains why it matters to readers, with a quote from a witness.
                """
        )
    }

    @Test func aTeaserKeepsItsOpeningAndDropsTheLinkAndThePaywallNotice() throws {
        let document = try NormalizeHarness.run(
            html: """
                <html><body><main><section class="article__content">
                <p class="article__paragraph">Le gouvernement a présenté, mercredi, un projet de loi sur l'eau, \
                qui prévoit de nouvelles règles pour l'irrigation agricole.</p>
                <p class="article__paragraph"><a href="/planete/x.html">Lire aussi | Sécheresse : les nappes \
                au plus bas</a></p>
                <p class="article__paragraph">Les agriculteurs devront déclarer leurs prélèvements chaque mois, \
                et les préfets pourront les limiter dès le premier seuil d'alerte.</p>
                <p class="article__status">Il vous reste 68.5% de cet article à lire. La suite est réservée aux abonnés.</p>
                </section></main></body></html>
                """
        )
        #expect(
            document.text == """
                Le gouvernement a présenté, mercredi, un projet de loi sur l'eau, qui prévoit de nouvelles \
                règles pour l'irrigation agricole.

                Les agriculteurs devront déclarer leurs prélèvements chaque mois, et les préfets pourront \
                les limiter dès le premier seuil d'alerte.
                """
        )
        #expect(document.metadata.paywalled)
    }

    @Test func theJSONLDArticleBodyPointsToTheArticleAmongCompetingBlocks() throws {
        let paragraphs = [
            "The harbour authority announced on Monday that the new quay would open in the spring of next year "
                + "after three years of works in the old fishing port",
            "The works cost forty million euros and were paid for by the region and the state together "
                + "with a small share from the town and the chamber of commerce",
            "Ferries to the islands will use the new quay first and the fishing boats will follow them "
                + "once the cold stores and the new auction hall are ready",
        ]
        // Fewer bytes than the article, but its commas make it score higher without the hint.
        let other = String(repeating: "Weather, tides, traffic, ", count: 10) + "and the rest."
        func page(_ articleBody: String) -> String {
            """
            <html><head><script type="application/ld+json">{"@type": "NewsArticle", "articleBody": "\(articleBody)"}</script>
            </head><body><div><p>\(other)</p></div>
            <div>\(paragraphs.map { "<p>\($0)</p>" }.joined())</div></body></html>
            """
        }
        let hinted = try NormalizeHarness.run(html: page(paragraphs.joined(separator: " ")))
        #expect(hinted.text == paragraphs.joined(separator: "\n\n"))
        // Without the hint, the list wins the score, holds too little of the page, and the whole page is kept.
        let unhinted = try NormalizeHarness.run(html: page(""))
        #expect(unhinted.text == ([other] + paragraphs).joined(separator: "\n\n"))
    }

    @Test func aShortPageWithoutAContainerKeepsItsText() throws {
        let document = try NormalizeHarness.run(html: "<html><body><p>Short note.</p><p>Second line.</p></body></html>")
        #expect(document.text == "Short note.\n\nSecond line.")
    }

    @Test func phrasesAreMatchedAsWholeWordsAtTheStartOfShortBlocks() {
        #expect(BoilerplatePhrases.kind(of: "À lire aussi") == .related)
        #expect(BoilerplatePhrases.kind(of: "LIRE AUSSI : la suite") == .related)
        #expect(BoilerplatePhrases.kind(of: "Relatedly, the council voted") == nil)
        #expect(BoilerplatePhrases.kind(of: "Partager sur Facebook Twitter 12") == .share)
        #expect(BoilerplatePhrases.kind(of: "Partager un repas avec Facebook") == nil)
        #expect(BoilerplatePhrases.kind(of: "We use cookies to improve your experience.") == .cookie)
        #expect(BoilerplatePhrases.kind(of: "Il vous reste 80 % de cet article à lire.") == .paywall)
        #expect(BoilerplatePhrases.kind(of: "Facebook a annoncé jeudi de nouveaux résultats.") == nil)
        // Labels count only as a whole block.
        #expect(BoilerplatePhrases.kind(of: "Advertisement") == .label)
        #expect(BoilerplatePhrases.kind(of: " PUBLICITÉ ") == .label)
        #expect(BoilerplatePhrases.kind(of: "Anzeige:") == .label)
        #expect(BoilerplatePhrases.kind(of: "Photo") == .label)
        #expect(BoilerplatePhrases.kind(of: "Photo de famille au sommet de Bruxelles") == nil)
        #expect(BoilerplatePhrases.kind(of: "Publicidad engañosa: la multa confirmada") == nil)
    }

    @Test func classHintsReadLongWordsAnywhereAndShortOnesAsTokens() {
        #expect(ClassHint(classes: "socialShareBar", id: "").weakBoilerplate)
        #expect(ClassHint(classes: "article__comments", id: "").boilerplate)
        #expect(ClassHint(classes: "ad-slot", id: "").weakBoilerplate)
        #expect(ClassHint(classes: "headline", id: "").boilerplate == false)
        #expect(ClassHint(classes: "headline", id: "").weakBoilerplate == false)
        #expect(ClassHint(classes: "shadow", id: "").weakBoilerplate == false)
        // German, Spanish and Italian comment sections are boilerplate as well.
        #expect(ClassHint(classes: "leserkommentare", id: "").boilerplate)
        #expect(ClassHint(classes: "comentarios", id: "").boilerplate)
        #expect(ClassHint(classes: "articoli-correlati", id: "").boilerplate)
        // An id made of a heading's words says nothing of the element's role.
        #expect(
            ClassHint(classes: "section", id: "sharing-with-a-single-developer")
                == ClassHint(classes: "section", id: "")
        )
        #expect(ClassHint(classes: "", id: "share-bar").weakBoilerplate)
        #expect(ClassHint(classes: "", id: "article-body").likely)
        #expect(ClassHint(classes: "byline", id: "").byline)
    }

    @Test func oneValueCanNameSeveralKindsAtOnce() {
        let hint = ClassHint(classes: "post-author byline premium", id: "main-content")
        #expect(hint.likely)
        #expect(hint.byline)
        #expect(hint.paywall)
        #expect(hint.metadata)
        #expect(!hint.boilerplate)
        // Words sharing their first letters are each found (`comment` beside `content`, `consent`).
        let shared = ClassHint(classes: "content consent-box", id: "")
        #expect(shared.likely)
        #expect(shared.boilerplate)
    }

    /// Hints are read once per class value and page; an id still counts on every element.
    @Test func elementsSharingAClassAreJudgedWithTheirOwnIds() throws {
        let paragraphs = (1...5).map {
            "<p>Paragraphe \($0) de l'article, assez long pour compter comme de la prose.</p>"
        }
        // The comment box is inside the article's container, named like its paragraphs' boxes.
        let html = """
            <html><body><div class="story">
            <div class="box">\(paragraphs[0...2].joined())</div>
            <div class="box" id="comments"><p>Un commentaire de lecteur, qui ne fait pas partie de l'article.</p></div>
            <div class="box">\(paragraphs[3...4].joined())</div>
            </div></body></html>
            """
        let document = try NormalizeHarness.run(html: html)
        #expect(document.text.contains("Paragraphe 1"))
        #expect(document.text.contains("Paragraphe 5"))
        #expect(!document.text.contains("commentaire"))
    }

    @Test(arguments: [
        ("display:none", true), ("DISPLAY: None ;", true), ("color: red; visibility :\thidden", true),
        ("display: block", false), ("visibility: visible", false), ("", false),
    ])
    func inlineStylesThatHideAnElement(style: String, hides: Bool) {
        #expect(HTMLWalker.styleHides(style) == hides)
    }
}
