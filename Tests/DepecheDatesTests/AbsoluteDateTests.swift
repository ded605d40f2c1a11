import Testing

@Suite("Calendar dates")
struct AbsoluteDateTests {
    @Test(arguments: [
        ("Le 15 mars 2025, rien.", Tagged(text: "15 mars 2025", type: "DATE", value: "2025-03-15")),
        ("Le 1er avril 2024.", Tagged(text: "1er avril 2024", type: "DATE", value: "2024-04-01")),
        ("Signé le 15/03/2025.", Tagged(text: "15/03/2025", type: "DATE", value: "2025-03-15")),
        ("Publié le 2025-03-15.", Tagged(text: "2025-03-15", type: "DATE", value: "2025-03-15")),
        ("Le 5.3.2024, rien.", Tagged(text: "5.3.2024", type: "DATE", value: "2024-03-05")),
        (
            "Mis à jour 2025-09-04T08:30:00Z",
            Tagged(text: "2025-09-04T08:30:00", type: "TIME", value: "2025-09-04T08:30:00")
        ),
        ("Jeudi 4 septembre 2025, Paris", Tagged(text: "Jeudi 4 septembre 2025", type: "DATE", value: "2025-09-04")),
        ("Le 14 juillet 1789 à Paris", Tagged(text: "14 juillet 1789", type: "DATE", value: "1789-07-14")),
    ])
    func readsFullFrenchDates(text: String, expected: Tagged) throws {
        #expect(try single(text) == expected)
    }

    @Test func readsFullEnglishDates() throws {
        #expect(
            try single("On March 15th, 2025, he left.", language: "en")
                == Tagged(text: "March 15th, 2025", type: "DATE", value: "2025-03-15")
        )
        #expect(
            try single("On 15 March 2025 he left.", language: "en")
                == Tagged(text: "15 March 2025", type: "DATE", value: "2025-03-15")
        )
        #expect(
            try single("By Sept. 30, 2024, it was over.", language: "en")
                == Tagged(text: "Sept. 30, 2024", type: "DATE", value: "2024-09-30")
        )
        #expect(try values("the 15th of March 2020", language: "en") == ["2020-03-15"])
        // English numeric dates read month first.
        #expect(try values("Filed 03/04/2025.", language: "en") == ["2025-03-04"])
        #expect(try values("Déposé le 03/04/2025.", language: "fr") == ["2025-04-03"])
    }

    @Test func resolvesDayAndMonthWithoutYearToTheNearestOccurrence() throws {
        // Thursday 2025-09-04: August 15 is just past, September 15 just ahead, a past date
        // weighs less than a future one (news look back more than ahead).
        #expect(try values("le sommet du 15 août en Alaska") == ["2025-08-15"])
        #expect(try values("la réunion du 15 septembre") == ["2025-09-15"])
        #expect(try values("le 1er avril") == ["2025-04-01"])
        #expect(try values("le 20 décembre") == ["2025-12-20"])
        #expect(try values("le 6 mai dernier") == ["2025-05-06"])
        #expect(try values("le 6 octobre prochain") == ["2025-10-06"])
        #expect(try values("le 6 septembre dernier") == ["2024-09-06"])
    }

    @Test func readsMonthsWithAndWithoutYear() throws {
        #expect(try single("en mars 2024") == Tagged(text: "mars 2024", type: "DATE", value: "2024-03"))
        #expect(try single("depuis novembre") == Tagged(text: "novembre", type: "DATE", value: "2024-11"))
        #expect(try single("en novembre") == Tagged(text: "novembre", type: "DATE", value: "2025-11"))
        #expect(try values("en février") == ["2025-02"])
        #expect(try values("juin prochain") == ["2026-06"])
        #expect(try values("septembre dernier") == ["2024-09"])
        #expect(try values("en octobre 98.") == ["1998-10"])
        #expect(try values("in May 2019 and since March", language: "en") == ["2019-05", "2025-03"])
    }

    @Test func readsYearsDecadesCenturiesAndQuarters() throws {
        #expect(
            try tag("L'invasion en 2014 et la guerre en 2022.")
                == [
                    Tagged(text: "2014", type: "DATE", value: "2014"),
                    Tagged(text: "2022", type: "DATE", value: "2022"),
                ]
        )
        #expect(try values("entre 2014 et 2016, puis la saison 2002/2003") == ["2014", "2016", "2002", "2003"])
        #expect(try values("d'ici 2030") == ["2030"])
        #expect(try single("l'année 2001") == Tagged(text: "l'année 2001", type: "DATE", value: "2001"))
        #expect(try values("les années 1990 et les années 80") == ["199", "198"])
        #expect(try values("in the 1990s", language: "en") == ["199"])
        #expect(try values("au XXe siècle et au 21e siècle") == ["19", "20"])
        #expect(try values("le troisième trimestre 2024 et le 1er semestre") == ["2024-Q3", "2025-H1"])
        #expect(try values("in the third quarter", language: "en") == ["2025-Q3"])
    }

    @Test func readsRangesOfDays() throws {
        #expect(
            try tag("les 15 et 16 mars 2024") == [
                Tagged(text: "15", type: "DATE", value: "2024-03-15"),
                Tagged(text: "16 mars 2024", type: "DATE", value: "2024-03-16"),
            ]
        )
        #expect(try values("du 3 au 5 avril") == ["2025-04-03", "2025-04-05"])
        #expect(try values("les 8, 10 et 12 mai 2018") == ["2018-05-08", "2018-05-10", "2018-05-12"])
        #expect(try values("the summit on April 24 and 25.", language: "en") == ["2025-04-24", "2025-04-25"])
        #expect(try values("March 15-18, 2024", language: "en") == ["2024-03-15", "2024-03-18"])
        #expect(try values("on March 15 and 16 people died", language: "en") == ["2025-03-15"])
        #expect(try values("le quatorze juillet, le vingt-deux mars") == ["2025-07-14", "2025-03-22"])
        #expect(try tag("the two May deadlines", language: "en").isEmpty)
        #expect(try values("du quatorze juillet") == ["2025-07-14"])
        // A title's date before a dateline: the day after a month belongs to the next month.
        #expect(
            try values("le 14 juillet\n15 juillet 2017 . –", published: "2017-07-15") == ["2017-07-14", "2017-07-15"]
        )
        #expect(try values("du 15-18 mars") == ["2025-03-15", "2025-03-18"])
        #expect(try tag("un score de 3-1").isEmpty)
        #expect(try values("They won 6-3 May 4.", language: "en") == ["2025-05-04"])
    }

    @Test func computesMovableHolidays() throws {
        // Easter 2025 is April 20, Easter 2026 April 5; Thanksgiving 2025 is November 27.
        #expect(
            try values("à Pâques, au lundi de Pâques 2024 et à la Pentecôte 2026") == [
                "2025-04-20", "2024-04-01", "2026-05-24",
            ]
        )
        #expect(try values("l'Ascension") == ["2025-05-29"])
        #expect(try values("on Thanksgiving and Good Friday 2024", language: "en") == ["2025-11-27", "2024-03-29"])
        #expect(try values("Memorial Day 2025 and Labor Day 2025", language: "en") == ["2025-05-26", "2025-09-01"])
        #expect(try values("à Pâques", published: "") == ["XXXX-XX-XX"])
    }

    @Test func readsAYearBeforePour() throws {
        #expect(try values("Les milices formées en 2014 pour contrer Daech") == ["2014"])
        #expect(try tag("une hausse de 10 pour cent").isEmpty)
        #expect(try values("Bild évalue en 2015 l'aide apportée") == ["2015"])
        // An amount after `environ`, `about`: what follows is counted.
        #expect(try tag("Environ 1800 écoles ont fermé.").isEmpty)
        #expect(try values("vers 1800, la ville grandit") == ["1800"])
        #expect(try values("jusqu'à 2030 la dette augmentera, depuis environ 2015 la région") == ["2030", "2015"])
    }

    @Test func readsYearsWrittenInWords() throws {
        #expect(
            try values(
                "In nineteen ninety-six he left; by the year two thousand, in January nineteen ninety-seven",
                language: "en"
            )
                == ["1996", "2000", "1997-01"]
        )
        #expect(try tag("nineteen ninety-six dollars", language: "en").isEmpty)
        // A year from the 1800s or 1900s needs no cue; other amounts do.
        #expect(try values("Atlanta, nineteen ninety-six: a bomb blast.", language: "en") == ["1996"])
        #expect(try tag("twenty ten people and two thousand soldiers", language: "en").isEmpty)
    }

    @Test func readsATimeWithItsZoneAndDate() throws {
        #expect(
            try single("The offer runs until 5 p.m. EST Nov. 9.", language: "en")
                == Tagged(text: "5 p.m. EST Nov. 9", type: "TIME", value: "2025-11-09T17:00")
        )
        #expect(try values("until 5 p.m. EST, Nov. 6", language: "en") == ["2025-11-06T17:00"])
    }

    @Test func readsTheTenseToPlaceAMonthAlone() throws {
        #expect(try values("Il a démissionné en décembre.") == ["2024-12"])
        #expect(try values("Il partira en décembre.") == ["2025-12"])
        #expect(try values("en décembre") == ["2025-12"])
        #expect(try values("He stepped down in December.", language: "en") == ["2024-12"])
    }

    @Test func readsFixedHolidays() throws {
        #expect(try values("à Noël 2024 et pour la Toussaint") == ["2024-12-25", "2025-11-01"])
        #expect(try values("le passage du Nouvel An") == ["2026-01-01"])
        #expect(try tag("le Nouvel An chinois").isEmpty)
        #expect(try values("on Christmas Eve", language: "en") == ["2025-12-24"])
        #expect(
            try values("on July Fourth, the Fourth of July parade", language: "en") == ["2025-07-04", "2025-07-04"]
        )
        #expect(try values("from now to Election Day", language: "en") == ["PRESENT_REF", "2025-11-04"])
        // Days counted from a movable holiday.
        #expect(
            try values("Black Friday and Cyber Monday 2024", language: "en") == ["2025-11-28", "2024-12-02"]
        )
        // A day named after its date.
        #expect(try values("les cérémonies du 11-Novembre et du 8-Mai") == ["2025-11-11", "2025-05-08"])
    }
}
