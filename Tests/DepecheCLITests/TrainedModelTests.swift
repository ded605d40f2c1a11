import DepecheTestSupport
import Foundation
import Testing

/// A model trained with `depeche train entities` is used by a run through the entities stage's
/// `models:` option, without rebuilding Depeche.
@Suite struct TrainedModelTests {
    /// Sixty French sentences in which invented company names are organizations.
    static let corpus: String = {
        let names = ["Quarbex", "Zintrol", "Vemplax", "Orbadix", "Tulmero"]
        let verbs = [["a", "annoncé"], ["a", "publié"], ["a", "racheté"], ["a", "licencié"]]
        var lines: [String] = []
        for index in 0..<60 {
            let verb = verbs[index % verbs.count]
            lines.append("\(names[index % names.count]) B-ORG")
            lines += verb.map { "\($0) O" }
            lines += ["ses O", "résultats O", "mardi O", ". O", ""]
        }
        return lines.joined(separator: "\n")
    }()

    static func pipeline(models: String) -> String {
        """
        inputs: [in/]
        output: out/x.jsonl
        stages:
          - fetch
          - normalize
          - stage: entities
            options: {models: \(models)}
          - export

        """
    }

    static func train(in folder: TemporaryFolder, _ extra: [String] = []) async throws -> CommandResult {
        try folder.write("train.conll", corpus)
        return try await Depeche.run(
            ["train", "entities", "--language", "fr", "--epochs", "3", "--min-count", "1", "--data", "train.conll"]
                + extra,
            in: folder.path
        )
    }

    static func entities(in folder: TemporaryFolder, _ file: String) throws -> [[String: String]] {
        let line = try folder.read(file).split(separator: "\n").first.map(String.init) ?? ""
        let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        let entities = record?["entities"] as? [[String: Any]] ?? []
        return entities.map { entity in entity.compactMapValues { $0 as? String } }
    }

    @Test func aTrainedModelReplacesTheShippedOneOfItsLanguage() async throws {
        let folder = try TemporaryFolder()
        let training = try await Self.train(in: folder, ["--out", "models/org-fr.bin"])
        #expect(training.status == 0, "\(training.stderr)")
        #expect(training.stdout.contains("wrote models/org-fr.bin"))
        try folder.write("in/a.txt", "Note\n\nBrambleco a annoncé ses résultats mardi.\n")
        try folder.write("p.yaml", Self.pipeline(models: "[models/org-fr.bin]"))

        let validate = try await Depeche.run(["validate", "p.yaml"], in: folder.path)
        #expect(validate.status == 0, "\(validate.stderr)")
        let run = try await Depeche.run(["run", "-q", "p.yaml"], in: folder.path)
        #expect(run.status == 0, "\(run.stderr)")
        let trained = try Self.entities(in: folder, "out/x.jsonl")
        #expect(trained.map { $0["text"] } == ["Brambleco"])
        #expect(trained.map { $0["type"] } == ["ORG"])

        // The shipped model reads the same unknown capitalized word as a person.
        let shipped = try await Depeche.run(["run", "-q", "--input", "in", "--output", "out/y.jsonl"], in: folder.path)
        #expect(shipped.status == 0, "\(shipped.stderr)")
        #expect(try Self.entities(in: folder, "out/y.jsonl").map { $0["type"] } != ["ORG"])
    }

    @Test func aModelThatCannotBeUsedIsRefusedBeforeAnyDocument() async throws {
        let folder = try TemporaryFolder()
        try folder.write("in/a.txt", "Texte.\n")
        try folder.write("notes.txt", "not a model\n")
        try folder.write("clusters.tsv", "Quarbex\t1\t3\t2\t1\nZintrol\t2\t3\t2\t1\n")
        let training = try await Self.train(in: folder, ["--out", "en/model.bin", "--language", "en"])
        #expect(training.status == 0, "\(training.stderr)")
        let clustered = try await Self.train(in: folder, ["--out", "c/model.bin", "--clusters", "clusters.tsv"])
        #expect(clustered.status == 0, "\(clustered.stderr)")

        let cases: [(models: String, message: String)] = [
            ("[notes.txt]", "is not a model written by `depeche train entities`"),
            ("[en/model.bin, en/model.bin]", "two models for 'en'; keep one per language"),
            ("[c/model.bin]", "uses word clusters, but \(folder.path("c/clusters-fr.bin")) is missing"),
        ]
        for (models, message) in cases {
            try folder.write("p.yaml", Self.pipeline(models: models))
            let validate = try await Depeche.run(["validate", "p.yaml"], in: folder.path)
            #expect(validate.status == 2)
            #expect(validate.stderr.hasPrefix("p.yaml:6:5: stage 'entities': "), "\(validate.stderr)")
            #expect(validate.stderr.contains(message), "\(validate.stderr)")
            let run = try await Depeche.run(["run", "p.yaml"], in: folder.path)
            #expect(run.status == 2)
            #expect(run.stderr == validate.stderr)
            #expect(!folder.exists("out/x.jsonl"))
        }

        try folder.write(
            "p.yaml",
            Self.pipeline(models: "[en/model.bin]").replacingOccurrences(
                of: "{models: [en/model.bin]}",
                with: "{models: [en/model.bin], languages: [fr]}"
            )
        )
        let language = try await Depeche.run(["validate", "p.yaml"], in: folder.path)
        #expect(language.status == 2)
        #expect(
            language.stderr.contains("is a model for 'en', which is not among languages (fr)"),
            "\(language.stderr)"
        )
    }

    @Test func trainingNamesTheFileItCannotRead() async throws {
        let folder = try TemporaryFolder()
        let result = try await Depeche.run(
            ["train", "entities", "--data", "missing.conll", "--out", "m.bin"],
            in: folder.path
        )
        #expect(result.status == 2)
        #expect(result.stderr == "depeche train entities: cannot read missing.conll: no such file or folder\n")
        #expect(!folder.exists("m.bin"))
    }
}
