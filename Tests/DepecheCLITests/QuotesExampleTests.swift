import DepecheTestSupport
import Foundation
import Testing

/// `examples/swift-quotes-stage`, built as `depeche-quotes-stage` and run by `depeche run` as a `run:` stage.
@Suite struct QuotesExampleTests {
    /// A quotation as the export writes it: the quoted text, its speaker and the speaker's canonical name.
    struct Quote: Equatable, CustomStringConvertible {
        var text: String
        var speaker: String?
        var canonical: String?
        var description: String { "\(text) (\(speaker ?? "-"), \(canonical ?? "-"))" }
    }

    static let executable = Depeche.executable.deletingLastPathComponent().appendingPathComponent(
        "depeche-quotes-stage"
    )

    static let french = """
        Réunion à Paris

        « Nous ne céderons rien sur ce point », a déclaré Emmanuel Macron mercredi à Paris.

        Le ministre Jean Dupont a affirmé : «\u{A0}La réforme entrera en vigueur en janvier.\u{A0}»

        Les syndicats jugent ces promesses « inébranlables » mais restent prudents.

        «\u{202F}Personne ne sait encore ce qui va se passer\u{202F}», confie un diplomate.

        « Le texte sera voté avant l'été », selon Claire Martin.

        """

    static let english = """
        Talks in London

        "We will not back down on this," said John Smith, the union leader.

        Mary Jones said: "The plan is ready and it is fully funded."

        The company called the results "historic" in a statement.

        “Nobody knows what happens next,” one official said.

        "We expect a vote by the end of the month," Smith added.

        """

    /// Writes `files` (name → text), runs normalize, entities and the example on them (or on `inputs`),
    /// and returns the documents exported.
    static func run(
        _ files: [String: String],
        inputs: [String]? = nil,
        entities: Bool = true,
        options: String = "{}"
    ) async throws -> [[String: Any]] {
        let folder = try TemporaryFolder()
        for (name, text) in files {
            try folder.write(name, text)
        }
        try folder.write(
            "quotes.yaml",
            """
            inputs: [\((inputs ?? files.keys.sorted()).joined(separator: ", "))]
            output: out.jsonl
            stages:
              - fetch
              - normalize
            \(entities ? "  - entities\n" : "")  - stage: quotes
                run: [\(executable.path)]
                options: \(options)
              - export

            """
        )
        let result = try await Depeche.run(["run", "quotes.yaml", "-q"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        return try jsonLines(try folder.read("out.jsonl"))
    }

    /// The `quote` annotations of `document`, in text order, with their text cut by code-point offsets.
    static func quotes(_ document: [String: Any]) throws -> [Quote] {
        let text = Array(try #require(document["text"] as? String).unicodeScalars)
        let annotations = (document["annotations"] as? [[String: Any]] ?? []).filter {
            $0["label"] as? String == "quote"
        }
        return try annotations.map { annotation in
            let start = try #require(annotation["start"] as? Int)
            let end = try #require(annotation["end"] as? Int)
            let values = annotation["values"] as? [String: String] ?? [:]
            let quoted = String(String.UnicodeScalarView(text[start..<end]))
            return Quote(text: quoted, speaker: values["speaker"], canonical: values["speaker_canonical"])
        }
    }

    static func document(_ documents: [[String: Any]], containing fragment: String) throws -> [String: Any] {
        try #require(documents.first { ($0["text"] as? String)?.contains(fragment) ?? false })
    }

    @Test func findsFrenchQuotationsAndTheirSpeakers() async throws {
        let documents = try await Self.run(["fr.txt": Self.french])
        #expect(
            try Self.quotes(Self.document(documents, containing: "céderons"))
                == [
                    Quote(
                        text: "Nous ne céderons rien sur ce point",
                        speaker: "Emmanuel Macron",
                        canonical: "Emmanuel Macron"
                    ),
                    Quote(
                        text: "La réforme entrera en vigueur en janvier.",
                        speaker: "Jean Dupont",
                        canonical: "Jean Dupont"
                    ),
                    Quote(text: "Personne ne sait encore ce qui va se passer", speaker: nil, canonical: nil),
                    Quote(text: "Le texte sera voté avant l'été", speaker: "Claire Martin", canonical: "Claire Martin"),
                ]
        )
    }

    @Test func findsEnglishQuotationsAndTheirSpeakers() async throws {
        let documents = try await Self.run(["en.txt": Self.english])
        #expect(
            try Self.quotes(Self.document(documents, containing: "back down"))
                == [
                    Quote(text: "We will not back down on this,", speaker: "John Smith", canonical: "John Smith"),
                    Quote(
                        text: "The plan is ready and it is fully funded.",
                        speaker: "Mary Jones",
                        canonical: "Mary Jones"
                    ),
                    Quote(text: "Nobody knows what happens next,", speaker: nil, canonical: nil),
                    Quote(text: "We expect a vote by the end of the month,", speaker: "Smith", canonical: "John Smith"),
                ]
        )
    }

    @Test func withoutEntitiesTheSpeakerHasNoCanonicalName() async throws {
        let documents = try await Self.run(["en.txt": Self.english], entities: false)
        let quotes = try Self.quotes(Self.document(documents, containing: "back down"))
        #expect(quotes.map(\.speaker) == ["John Smith", "Mary Jones", nil, "Smith"])
        #expect(quotes.allSatisfy { $0.canonical == nil })
    }

    @Test func minWordsAdmitsShorterQuotations() async throws {
        let documents = try await Self.run(["en.txt": Self.english, "fr.txt": Self.french], options: "{min_words: 1}")
        let english = try Self.quotes(Self.document(documents, containing: "back down")).map(\.text)
        let french = try Self.quotes(Self.document(documents, containing: "céderons")).map(\.text)
        #expect(english.contains("historic"))
        #expect(french.contains("inébranlables"))
        #expect(english.count == 5 && french.count == 5)
    }

    @Test func findsMacronsQuotationInTheSeeds() async throws {
        let seeds = ProcessStageCommandLineTests.repository.appendingPathComponent("seeds").path
        let documents = try await Self.run([:], inputs: [seeds])
        #expect(documents.count == 5)
        let quotes = try Self.quotes(Self.document(documents, containing: "Nous sommes prêts, nous Européens"))
        let macron = try #require(quotes.first { $0.text.hasPrefix("Nous sommes prêts, nous Européens") })
        #expect(macron.text.hasSuffix("pour l'Ukraine et pour les Européens"))
        #expect(macron.speaker == "Emmanuel Macron")
        // Scare quotes of seed 003 are not quotations.
        #expect(!quotes.contains { $0.text == "techniques" || $0.text == "PAIX ILLUSOIRE" })
    }
}
