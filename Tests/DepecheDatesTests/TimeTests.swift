import Testing

@Suite("Times and parts of the day")
struct TimeTests {
    @Test func readsTimesOfDayOnThePublicationDate() throws {
        #expect(
            try tag("à 14 h 30, puis à 22 h") == [
                Tagged(text: "14 h 30", type: "TIME", value: "2025-09-04T14:30"),
                Tagged(text: "22 h", type: "TIME", value: "2025-09-04T22:00"),
            ]
        )
        #expect(try values("à 14h30 et à 15 heures") == ["2025-09-04T14:30", "2025-09-04T15:00"])
        #expect(try values("at 2:30 p.m. or 9 a.m.", language: "en") == ["2025-09-04T14:30", "2025-09-04T09:00"])
        #expect(try values("à midi") == ["2025-09-04T12:00"])
        #expect(
            try tag("vers 14 h") == [Tagged(text: "vers 14 h", type: "TIME", value: "2025-09-04T14:00", mod: "APPROX")]
        )
    }

    @Test func anchorsTimesOnTheLastDateMentioned() throws {
        #expect(try values("Mardi, vers 21 h 45, un incendie") == ["2025-09-02", "2025-09-02T21:45"])
        #expect(
            try values("Le 4 août 2025 à 10 h, puis à 18 h.") == ["2025-08-04", "2025-08-04T10:00", "2025-08-04T18:00"]
        )
        #expect(
            try tag("Vers 0 h 40, mercredi, deux voitures") == [
                Tagged(text: "Vers 0 h 40, mercredi", type: "TIME", value: "2025-09-03T00:40", mod: "APPROX")
            ]
        )
        #expect(
            try tag("vers 15 h 30, hier") == [
                Tagged(text: "vers 15 h 30, hier", type: "TIME", value: "2025-09-03T15:30", mod: "APPROX")
            ]
        )
    }

    @Test func readsPartsOfTheDay() throws {
        #expect(
            try tag("ce matin, jeudi soir, hier soir, demain matin") == [
                Tagged(text: "ce matin", type: "TIME", value: "2025-09-04TMO"),
                Tagged(text: "jeudi soir", type: "TIME", value: "2025-09-04TEV"),
                Tagged(text: "hier soir", type: "TIME", value: "2025-09-03TEV"),
                Tagged(text: "demain matin", type: "TIME", value: "2025-09-05TMO"),
            ]
        )
        #expect(try values("cette nuit, cet après-midi") == ["2025-09-04TNI", "2025-09-04TAF"])
        #expect(try values("Hier, le feu a repris dans la nuit.") == ["2025-09-03", "2025-09-03TNI"])
        #expect(try values("this morning and last night", language: "en") == ["2025-09-04TMO", "2025-09-03TNI"])
    }

    @Test func readsThePartOfTheDayLastMentioned() throws {
        #expect(
            try values("Il était hier à Strasbourg, où le matin même une opération a eu lieu.") == [
                "2025-09-03", "2025-09-03TMO",
            ]
        )
        #expect(try values("Le 3 mars, ce soir-là, il pleuvait.") == ["2025-03-03", "2025-03-03TEV"])
        #expect(
            try values("He appeared in court on Feb. 22. The next morning, he left.", language: "en") == [
                "2025-02-22", "2025-02-23TMO",
            ]
        )
        #expect(try values("that night", language: "en") == ["XXXX-XX-XXTNI"])
    }

    @Test func readsThePartOfANamedDay() throws {
        #expect(
            try tag("Il est mort dans la nuit de mardi à mercredi.") == [
                Tagged(text: "la nuit de mardi à mercredi", type: "TIME", value: "2025-09-02TNI")
            ]
        )
        #expect(try values("dans la matinée de mardi") == ["2025-09-02TMO"])
        #expect(try values("dans la soirée du 3 mars") == ["2025-03-03TEV"])
        #expect(try values("la nuit du 3 au 4 mars") == ["2025-03-03TNI"])
        #expect(try values("dans la nuit de samedi à dimanche 2 mars") == ["2025-03-01TNI"])
        #expect(try values("dans la nuit de mardi à mercredi prochain") == ["2025-09-09TNI"])
        #expect(try values("dans la nuit du samedi 30 au dimanche 31 août") == ["2025-08-30TNI"])
        // Without an article after `en`.
        #expect(
            try values("Le 2 mars, en soirée, puis en début d'après-midi") == [
                "2025-03-02", "2025-03-02TEV", "2025-03-02TAF",
            ]
        )
        #expect(try tag("La nuit est tombée.").isEmpty)
    }

    @Test func keepsHoursThatAreDurations() throws {
        #expect(
            try tag("pendant 2 h, en 48 h, 24 heures") == [
                Tagged(text: "2 h", type: "DURATION", value: "PT2H"),
                Tagged(text: "48 h", type: "DURATION", value: "PT48H"),
                Tagged(text: "24 heures", type: "DURATION", value: "PT24H"),
            ]
        )
        // `24 heures` lasts a day; `au bout de` counts; `de` + a time is a time (`le vol de 18 h 40`).
        #expect(try values("une grève de 24 heures, au bout de 5 heures") == ["PT24H", "PT5H"])
        #expect(
            try values("le vol de 18 h 40, de 14 h à 16 h, à partir de 8 h 30, jusqu'à 19 h 30, à environ 14 h") == [
                "2025-09-04T18:40", "2025-09-04T14:00", "2025-09-04T16:00", "2025-09-04T08:30", "2025-09-04T19:30",
                "2025-09-04T14:00",
            ]
        )
        // Bare minutes after hours only where the words around say duration.
        #expect(try values("avec 2 h 15 d'attente, en 2 heures 56") == ["PT2H15M", "PT2H56M"])
        #expect(try values("En 24 heures 15 personnes ont été tuées.") == ["PT24H"])
        #expect(try values("Le film dure 1 h 45.") == ["PT1H45M"])
        // A race time is not the clock.
        #expect(try tag("avec un temps de 1:11.93").isEmpty)
    }
}
