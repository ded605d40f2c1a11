import DepecheCore
import Testing

@testable import DepecheNormalize

@Suite struct PageTitleTests {
    typealias Candidate = PageTitle.Candidate

    @Test func aDeclaredTitleThatSharesNoWordWithThePageIsASummaryNotTheTitle() {
        // Wikipedia's JSON-LD `headline` is the article's one-line description.
        let chosen = PageTitle.choose(
            declared: [
                Candidate(value: "constitutional monarchy in Oceania", origin: "json-ld"),
                Candidate(value: "New Zealand", origin: "json-ld"),
            ],
            titleElement: "New Zealand - Wikipedia",
            heading: "New Zealand",
            siteName: ""
        )
        #expect(chosen == ("New Zealand", "json-ld"))
    }

    /// (title, site name, title once stripped)
    static let stripped: [(String, String, String)] = [
        // The page names its site: it comes off either end.
        ("Le port s'agrandit | Ouest-Éclair", "Ouest-Éclair", "Le port s'agrandit"),
        ("Ouest-Éclair : Le port s'agrandit", "Ouest-Éclair", "Le port s'agrandit"),
        // It does not: a short last part comes off.
        ("Lorem ipsum dolor sit amet – My website", "", "Lorem ipsum dolor sit amet"),
        ("Get your JavaScript code covered | Code | Nicolas Perriault", "", "Get your JavaScript code covered | Code"),
        // A long last part is part of the title; so is a part after a short beginning.
        ("Biden signs the bill - here is what it means", "", "Biden signs the bill - here is what it means"),
        ("Paris - Marseille", "", "Paris - Marseille"),
    ]

    @Test(arguments: stripped) func theSiteNameComesOff(title: String, siteName: String, expected: String) {
        #expect(PageTitle.strip(title, heading: "", siteName: siteName) == expected)
    }

    @Test func theHeadingPicksItsPartOfTheTitle() {
        #expect(
            PageTitle.strip(
                "Heise online - Mac & i - 1Password generiert Einmal-Passwörter",
                heading: "1Password generiert Einmal-Passwörter",
                siteName: ""
            ) == "1Password generiert Einmal-Passwörter"
        )
    }

    @Test func theTitleElementAndThenTheHeadingAreTheLastResorts() {
        #expect(
            PageTitle.choose(declared: [], titleElement: "", heading: "Le port s'agrandit", siteName: "") == (
                "Le port s'agrandit", "heading"
            )
        )
        #expect(
            PageTitle.choose(
                declared: [Candidate(value: "  ", origin: "html-meta")],
                titleElement: "",
                heading: "",
                siteName: ""
            ) == ("", "")
        )
    }

    @Test func metaTagsMayNameSeveralPropertiesAtOnce() throws {
        // RDFa: `property="og:title twitter:title"` declares both.
        let html = """
            <html><head><title>Accueil</title>
            <meta property="dc:title og:title" content="Le port s'agrandit">
            <meta property="dc:creator article:author" content="Léa Morvan"></head>
            <body><h1>Le port s'agrandit</h1><p>Le conseil a voté le budget.</p></body></html>
            """
        let document = try NormalizeHarness.run(html: html)
        #expect(document.metadata.title == "Le port s'agrandit")
        #expect(document.metadata.titleOrigin == "html-meta")
        #expect(document.metadata.authors == ["Léa Morvan"])
    }

    @Test func aDublinCoreOrParselyTitleIsReadWhenNoOtherIsDeclared() throws {
        let html = """
            <html><head><meta name="parsely-title" content="Le port de Lorient s'agrandit"></head>
            <body><h1>Le port de Lorient s'agrandit enfin</h1><p>Le conseil a voté le budget.</p></body></html>
            """
        let document = try NormalizeHarness.run(html: html)
        #expect(document.metadata.title == "Le port de Lorient s'agrandit")
    }
}
