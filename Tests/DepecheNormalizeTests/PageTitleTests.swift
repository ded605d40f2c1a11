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

    @Test func theSiteNameComesOffEitherEndWhenThePageNamesTheSite() {
        #expect(
            PageTitle.strip("Le port s'agrandit | Ouest-Éclair", heading: "", siteName: "Ouest-Éclair")
                == "Le port s'agrandit"
        )
        #expect(
            PageTitle.strip("Ouest-Éclair : Le port s'agrandit", heading: "", siteName: "Ouest-Éclair")
                == "Le port s'agrandit"
        )
    }

    @Test func aShortLastPartComesOffWhenTheSiteIsNotNamed() {
        #expect(
            PageTitle.strip("Lorem ipsum dolor sit amet – My website", heading: "", siteName: "")
                == "Lorem ipsum dolor sit amet"
        )
        #expect(
            PageTitle.strip("Get your JavaScript code covered | Code | Nicolas Perriault", heading: "", siteName: "")
                == "Get your JavaScript code covered | Code"
        )
        // A long last part is part of the title; so is a part after a short beginning.
        #expect(
            PageTitle.strip("Biden signs the bill - here is what it means", heading: "", siteName: "")
                == "Biden signs the bill - here is what it means"
        )
        #expect(PageTitle.strip("Paris - Marseille", heading: "", siteName: "") == "Paris - Marseille")
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
