import Testing

@Suite("Vague references and modifiers")
struct VagueAndModifierTests {
    @Test func readsVagueReferences() throws {
        #expect(
            try tag(
                "Jusqu'à récemment. Désormais, il est actuellement en poste. Pour l'heure rien. Pour l’heure non."
            ) == [
                Tagged(text: "récemment", type: "DATE", value: "PAST_REF"),
                Tagged(text: "Désormais", type: "DATE", value: "PRESENT_REF"),
                Tagged(text: "actuellement", type: "DATE", value: "PRESENT_REF"),
                Tagged(text: "Pour l'heure", type: "DATE", value: "PRESENT_REF"),
                Tagged(text: "Pour l’heure", type: "DATE", value: "PRESENT_REF"),
            ]
        )
        #expect(
            try tag("sous peu, pour l'avenir, les semaines à venir, dans les prochains jours, ces dernières semaines")
                == [
                    Tagged(text: "sous peu", type: "DATE", value: "FUTURE_REF"),
                    Tagged(text: "l'avenir", type: "DATE", value: "FUTURE_REF"),
                    Tagged(text: "les semaines à venir", type: "DATE", value: "FUTURE_REF"),
                    Tagged(text: "les prochains jours", type: "DATE", value: "FUTURE_REF"),
                    Tagged(text: "ces dernières semaines", type: "DATE", value: "PAST_REF"),
                ]
        )
        // A plural unit with a cue after it is vague, not the next or last period.
        #expect(try values("dans les mois prochains, après les années écoulées") == ["FUTURE_REF", "PAST_REF"])
        #expect(try values("le mois passé") == ["2025-08"])
        #expect(try tag("les années passées en prison").isEmpty)
        #expect(
            try values("They met recently and now plan talks in the near future.", language: "en") == [
                "PAST_REF", "PRESENT_REF", "FUTURE_REF",
            ]
        )
    }

    @Test func readsModifiers() throws {
        #expect(
            try tag("début octobre, fin 2024, mi-mars, à la mi-juillet") == [
                Tagged(text: "début octobre", type: "DATE", value: "2025-10", mod: "START"),
                Tagged(text: "fin 2024", type: "DATE", value: "2024", mod: "END"),
                Tagged(text: "mi-mars", type: "DATE", value: "2025-03", mod: "MID"),
                Tagged(text: "à la mi-juillet", type: "DATE", value: "2025-07", mod: "MID"),
            ]
        )
        #expect(
            try tag("environ trois ans, près de quatre ans, plus de deux mois") == [
                Tagged(text: "environ trois ans", type: "DURATION", value: "P3Y", mod: "APPROX"),
                Tagged(text: "près de quatre ans", type: "DURATION", value: "P4Y", mod: "APPROX"),
                Tagged(text: "plus de deux mois", type: "DURATION", value: "P2M", mod: "MORE_THAN"),
            ]
        )
        #expect(
            try single("d'ici la fin de l'année")
                == Tagged(text: "la fin de l'année", type: "DATE", value: "2025", mod: "END")
        )
        #expect(
            try single("au début des années 1990")
                == Tagged(text: "au début des années 1990", type: "DATE", value: "199", mod: "START")
        )
        #expect(try values("une quinzaine de jours") == ["P15D"])
        #expect(try tag("une quinzaine de jours").first?.mod == "APPROX")
        #expect(try tag("in early 2024 and the end of November", language: "en").map(\.mod) == ["START", "END"])
    }
}
