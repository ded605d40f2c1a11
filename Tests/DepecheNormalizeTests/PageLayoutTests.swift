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

    @Test func aDataTableWithLineBreaksInItsCellsKeepsItsRows() throws {
        let table = """
            <table><tr><th>Candidat</th><th>Voix</th></tr>
            <tr><td>Marie Durand<br>(DVG)</td><td>12 345</td></tr><tr><td>Paul Martin<br>(LR)</td><td>9 876</td></tr></table>
            """
        let html = ExtractionCascadeTests.page("<article><p>\(Self.sentences[0])</p>\(table)</article>")
        let document = try NormalizeHarness.run(html: html)
        #expect(document.text.hasSuffix("Candidat Voix\nMarie Durand\n(DVG) 12 345\nPaul Martin\n(LR) 9 876"))
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

    /// Paths of the strings of `json`, keys separated by spaces, and the strings, in order.
    static func strings(_ json: String) -> [(path: String, value: String)] {
        var paths = ScriptData.Paths()
        var found: [(Int, String)] = []
        ScriptData.scan(Array(json.utf8), into: &paths) { path, _, value in found.append((path, value)) }
        return found.map { (paths.name($0.0), $0.1) }
    }

    @Test func theScannerReadsEscapesKeysAndPathsInOrder() {
        let json =
            #"{"a":{"Items":[{"t":"caf\u00e9 \ud83d\ude00 \"q\" \\ \/ [,:]"},{"t":"deux"}]},"123":{"t":"x"},"#
            + #""Article:7":{"t":"y"},"n":[1,true,null]}"#
        let found = Self.strings(json)
        #expect(found.map(\.path) == ["a items * t", "a items * t", "# t", "article:7 t"])
        #expect(found.map(\.value) == ["café 😀 \"q\" \\ / [,:]", "deux", "x", "y"])
    }

    @Test func aListOfTeasersIsNotTakenForTheArticle() {
        let teasers = (1...12).map {
            #"{"headline":"Titre \#($0)","standfirst":"\#(Self.sentences[$0 % 5])","slug":"a-\#($0)"}"#
        }
        let body = Self.sentences.prefix(3).map { #"{"text":"\#($0)"}"# }
        let json =
            #"{"latestNews":[\#(teasers.joined(separator: ","))],"story":{"blocks":[\#(body.joined(separator: ","))]}}"#
        #expect(ScriptData.articleText([json]) == Self.sentences.prefix(3).joined(separator: "\n\n"))
    }

    @Test func aHugeKeyAndManyStringsAreReadInLinearTime() {
        // Hostile: a 300 KB key over 20,000 strings. Each string is filed under an interned path.
        let key = String(repeating: "k", count: 300_000)
        let values = (0..<20_000).map { #""mot un deux trois \#($0)""# }.joined(separator: ",")
        let json = #"{"\#(key)":[\#(values)]}"#
        var found: [Int] = []
        var paths = ScriptData.Paths()
        ScriptData.scan(Array(json.utf8), into: &paths) { path, _, _ in found.append(path) }
        #expect(Set(found).count == 1)
        #expect(paths.name(found[0]).utf8.count <= ScriptData.maximumKeyBytes + 2)
        let count = found.count
        #expect(count == 20_000)
    }

    @Test func tinyConfigurationScriptsDoNotCrowdOutTheArticleData() throws {
        let blocks = Self.sentences.map { ["type": "paragraph", "text": $0] }
        let configuration = String(repeating: "<script type=\"application/json\">{\"a\":1}</script>", count: 12)
        let html = try Self.nextPage(body: blocks).replacingOccurrences(of: "<body>", with: "<body>\(configuration)")
        let document = try NormalizeHarness.run(html: html)
        #expect(document.text == Self.sentences.joined(separator: "\n\n"))
    }

    @Test func aShortRenderedTextGivesWayToTheScriptDataArticle() throws {
        // The whole rendered page is one short line: the script data's article replaces it.
        let blocks = Self.sentences.map { ["type": "paragraph", "text": $0] }
        let html = try Self.nextPage(body: blocks).replacingOccurrences(
            of: "<div id=\"root\"></div>",
            with: "<p>Chargement de l'article en cours, merci de patienter quelques secondes.</p>"
        ).replacingOccurrences(of: ExtractionCascadeTests.links(20), with: "")
        let document = try NormalizeHarness.run(html: html)
        #expect(document.text == Self.sentences.joined(separator: "\n\n"))
    }

    @Test func aRenderedArticleAmongMenusIsNotReplacedByTeasersInItsScriptData() throws {
        let menus = (1...6).map { _ in ExtractionCascadeTests.links(40) }.joined()
        let teasers = (1...40).map {
            ["standfirst": "\(Self.sentences[$0 % 5]) \(Self.sentences[($0 + 1) % 5])", "title": "Titre \($0)"]
        }
        let data: [String: Any] = ["props": ["pageProps": ["latestNews": teasers]]]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: data), as: UTF8.self)
        let html = ExtractionCascadeTests.page(
            "\(menus)<article>\(ExtractionCascadeTests.paragraphs(4))</article>"
                + "<script id=\"__NEXT_DATA__\" type=\"application/json\">\(json)</script>"
        )
        let document = try NormalizeHarness.run(html: html)
        #expect(document.text.hasPrefix("1. Le conseil municipal"))
        #expect(!document.diagnostics.contains { $0.message.hasSuffix("kept script-data") })
    }

    @Test(arguments: [
        #"{"a":"#, #"{"a":"unterminated"#, #"]]]}}}"#, String(repeating: "[", count: 100_000), #"{"a":"\u12"}"#,
    ])
    func malformedScriptDataIsReadAsFarAsItGoes(json: String) {
        #expect(Self.strings(json).count <= 1)
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
