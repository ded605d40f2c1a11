import DepecheCore
import Foundation
import Testing

@testable import DepecheNormalize

/// Pages whose article is not in paragraphs: `<br>`-separated text, tables that lay out the page,
/// single-page apps that carry the article only in a script's JSON.
@Suite struct PageLayoutTests {
    static let sentences = ExtractionCascadeTests.sentences

    @Test func textSeparatedByDoubleLineBreaksComesOutAsParagraphs() throws {
        let html = ExtractionCascadeTests.page(
            "\(ExtractionCascadeTests.links(30))<div class=\"texte\">\(Self.sentences.joined(separator: "<br> <br>"))"
                + "<br>Dernière ligne, sur une ligne à elle.</div>"
        )
        let document = try NormalizeHarness.run(html: html)
        #expect(
            document.text
                == Self.sentences.dropLast().joined(separator: "\n\n") + "\n\n" + Self.sentences.last!
                + "\nDernière ligne, sur une ligne à elle."
        )
    }

    @Test func aTableThatLaysOutThePageKeepsItsArticleCellAndDropsTheLinkColumns() throws {
        let column = (1...25).map { "<a href=\"/r/\($0)\">Rubrique \($0)</a>" }.joined(separator: "<br>")
        let html = ExtractionCascadeTests.page(
            """
            <table width="100%"><tr><td width="20%">\(column)</td>
            <td><b>Le port s'agrandit</b><br><br>\(Self.sentences.joined(separator: "<br><br>"))</td>
            <td width="15%">\(column)</td></tr></table>
            """
        )
        let document = try NormalizeHarness.run(html: html)
        #expect(document.text == (["Le port s'agrandit"] + Self.sentences).joined(separator: "\n\n"))
    }

    @Test func aDataTableKeepsOneLinePerRow() throws {
        let rows = [("Lorient", "57 000"), ("Vannes", "54 000"), ("Quimper", "63 000")]
        let table =
            "<table><tr><th>Ville</th><th>Habitants</th></tr>"
            + rows.map { "<tr><td>\($0.0)</td><td>\($0.1)</td></tr>" }.joined() + "</table>"
        let html = ExtractionCascadeTests.page("<article><p>\(Self.sentences[0])</p>\(table)</article>")
        let document = try NormalizeHarness.run(html: html)
        #expect(document.text.hasSuffix("Ville Habitants\nLorient 57 000\nVannes 54 000\nQuimper 63 000"))
    }

    /// A Next.js page: a menu and an empty root in the HTML, the article in `__NEXT_DATA__`, beside
    /// a longer list of related teasers that must not be taken for it.
    static func nextPage(body: Any) throws -> String {
        let related = (1...12).map {
            ["title": "Article \($0)", "summary": "\(sentences[$0 % 5]) \(sentences[($0 + 1) % 5])"]
        }
        let data: [String: Any] = [
            "props": [
                "pageProps": [
                    "article": ["headline": "Le port s'agrandit", "body": body, "url": "https://example.org/a b c d"],
                    "relatedArticles": related,
                ]
            ],
            "page": "/[slug]",
        ]
        let json = String(
            decoding: try JSONSerialization.data(withJSONObject: data, options: [.sortedKeys]),
            as: UTF8.self
        )
        return ExtractionCascadeTests.page(
            "<div id=\"__next\">\(ExtractionCascadeTests.links(20))<div id=\"root\"></div></div>"
                + "<script id=\"__NEXT_DATA__\" type=\"application/json\">\(json)</script>"
        )
    }

    @Test func aSinglePageAppGivesTheArticleOfItsScriptData() throws {
        let blocks = Self.sentences.map { ["type": "paragraph", "text": $0] }
        let document = try NormalizeHarness.run(html: try Self.nextPage(body: blocks))
        #expect(document.text == Self.sentences.joined(separator: "\n\n"))
        let fallback = try #require(document.diagnostics.first { $0.code == "extraction-fallback" })
        #expect(fallback.message.hasSuffix("kept script-data"))
        #expect(!NormalizeHarness.codes(document).contains("empty-document"))
    }

    @Test func scriptDataHoldingHTMLIsReadAsHTML() throws {
        let html = Self.sentences.map { "<p>\($0)</p>" }.joined() + "<figure><figcaption>Le port.</figcaption></figure>"
        let document = try NormalizeHarness.run(html: try Self.nextPage(body: html))
        #expect(document.text == Self.sentences.joined(separator: "\n\n"))
    }

    @Test func aRenderedArticleIsNotReplacedByItsScriptData() throws {
        // Server-side rendering: the article is in the HTML and in the data; the HTML is read.
        let blocks = Self.sentences.map { ["type": "paragraph", "text": $0] }
        var html = try Self.nextPage(body: blocks)
        let rendered = "<article><h1>Le port s'agrandit</h1>\(ExtractionCascadeTests.paragraphs(5))</article>"
        html = html.replacingOccurrences(of: "<div id=\"root\"></div>", with: rendered)
        let document = try NormalizeHarness.run(html: html)
        #expect(document.text.hasPrefix("Le port s'agrandit\n\n1. Le conseil municipal"))
        #expect(!NormalizeHarness.codes(document).contains("extraction-fallback"))
    }

    @Test func theScannerReadsEscapesKeysAndPathsInOrder() {
        let json =
            #"{"a":{"Items":[{"t":"caf\u00e9 \ud83d\ude00 \"q\" \\ \/"},{"t":"deux"}]},"Block123":{"t":"x"},"n":[1,true,null]}"#
        var found: [(String, String)] = []
        ScriptData.scan(Array(json.utf8)) { found.append(($0.joined(separator: "."), $1)) }
        #expect(found.map(\.0) == ["a.items.*.t", "a.items.*.t", "block#.t"])
        #expect(found.map(\.1) == ["café 😀 \"q\" \\ /", "deux", "x"])
    }

    @Test(arguments: [
        #"{"a":"#, #"{"a":"unterminated"#, #"]]]}}}"#, String(repeating: "[", count: 100_000), #"{"a":"\u12"}"#,
    ])
    func malformedScriptDataIsReadAsFarAsItGoes(json: String) {
        var count = 0
        ScriptData.scan(Array(json.utf8)) { _, _ in count += 1 }
        #expect(count <= 1)
        #expect(ScriptData.articleText([json]).isEmpty)
    }

    @Test(arguments: [
        ("Le conseil municipal a voté jeudi soir.", true), ("https://example.org/a b c d", false),
        ("function () { return 1; } x y z", false), ("4 5 6 7 8 9 10", false), ("deux mots", false),
    ])
    func proseIsWordsMostlyLetters(value: String, isProse: Bool) {
        #expect((ScriptData.proseBytes(value) > 0) == isProse)
    }
}
