import Testing

@Suite("False positives")
struct FalsePositiveTests {
    @Test func ignoresWordsThatLookLikeDates() throws {
        #expect(try tag("La mission vers Mars est prête. Sa mer préférée.").isEmpty)
        #expect(try tag("Mai Nguyen a remporté l'épreuve.").isEmpty)
        #expect(try tag("Il a été élu. Elle avait été prévenue.").isEmpty)
        #expect(try tag("les Jeux olympiques d'hiver et le sport d'été").isEmpty)
        #expect(try tag("It may rain; they march on.", language: "en").isEmpty)
        #expect(try tag("sur la ligne de front, un jour peut-être").isEmpty)
        #expect(try single("Le 15 Mars, la mission est partie.")?.value == "2025-03-15")
        #expect(try single("Elle est née en Mai 1990.")?.value == "1990-05")
    }

    @Test func ignoresNumbersThatAreNotYears() throws {
        #expect(try tag("2 000 soldats et 1 500 euros").isEmpty)
        #expect(try tag("2000 euros, 1500 habitants, les 1200 soldats, 2025 voix").isEmpty)
        #expect(try tag("l'Article 5 de l'OTAN et l'article 2005 du code").isEmpty)
        #expect(try tag("un score de 3-1, puis 2-0").isEmpty)
        #expect(try tag("Appelez le 01 23 45 67 89 ou le 06.12.34.56.78.").isEmpty)
        #expect(try tag("une hausse de 3,2025 % et 12 000 000 de dollars").isEmpty)
    }

    @Test func ignoresPresentAdverbsInAsidesAndAppositions() throws {
        #expect(try tag("le programme Interflex, actuellement basé au Royaume-Uni, sera transféré").isEmpty)
        #expect(try tag("l'armée ukrainienne, aujourd’hui considérée comme l'une des plus performantes").isEmpty)
        #expect(try tag("« la question, maintenant, c'est de savoir »").isEmpty)
        #expect(try values("Désormais, l'accent est mis sur les garanties.") == ["PRESENT_REF"])
        #expect(try values("Il est actuellement en poste, aujourd'hui, à Paris.") == ["PRESENT_REF", "2025-09-04"])
    }

    @Test func ignoresGenericUsesOfTimeWords() throws {
        #expect(try tag("les heures supplémentaires, des heures scolaires").isEmpty)
        #expect(try tag("dans le futur règlement du conflit").isEmpty)
        #expect(try tag("le Midi de la France").isEmpty)
    }
}
