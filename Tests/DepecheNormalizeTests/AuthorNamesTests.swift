import Testing

@testable import DepecheNormalize

@Suite struct AuthorNamesTests {
    @Test func splitsBylinesAndDropsTheirPrefixes() {
        #expect(AuthorNames.clean(["Par Jeanne Martin et Paul Roux"]) == ["Jeanne Martin", "Paul Roux"])
        #expect(AuthorNames.clean(["By Jane Doe and John Roe"]) == ["Jane Doe", "John Roe"])
        #expect(AuthorNames.clean(["Jane Doe, John Roe & Ann Lee"]) == ["Jane Doe", "John Roe", "Ann Lee"])
        #expect(AuthorNames.clean(["Propos recueillis par Marie Curie"]) == ["Marie Curie"])
    }

    @Test func dropsJobTitlesDesksAndNoise() {
        #expect(AuthorNames.clean(["Jane Doe, Senior Correspondent"]) == ["Jane Doe"])
        #expect(AuthorNames.clean(["Paul Roux - Envoyé spécial à Kiev"]) == ["Paul Roux"])
        #expect(AuthorNames.clean(["La rédaction"]) == [])
        #expect(AuthorNames.clean(["https://example.com/author/jane"]) == [])
        #expect(AuthorNames.clean(["jane@example.com"]) == [])
        #expect(AuthorNames.clean(["Marine Le Pen"]) == ["Marine Le Pen"])
    }

    @Test func keepsAgenciesAndDropsTheSiteName() {
        #expect(AuthorNames.clean(["Le Monde avec AFP"], excluding: ["Le Monde"]) == ["AFP"])
        #expect(AuthorNames.clean(["Le Monde avec AFP"]) == ["AFP"])
        #expect(AuthorNames.clean(["Jean Dupont avec Reuters"]) == ["Jean Dupont", "Reuters"])
        #expect(AuthorNames.clean(["Associated Press"]) == ["AP"])
        #expect(AuthorNames.clean(["Ouest Littoral"], excluding: ["Ouest Littoral"]) == [])
    }

    @Test func namesInCapitalsAreCapitalizedAndDuplicatesDropped() {
        #expect(AuthorNames.clean(["JANE DOE", "Jane Doe"]) == ["Jane Doe"])
    }
}
