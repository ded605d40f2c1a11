import DepecheCore
import DepecheTestSupport
import Foundation
import Testing

/// The command line end to end: real files, the real binary, exit codes and messages.
@Suite struct CommandLineTests {
    static let chain = """
        stages:
          - fetch
          - normalize
          - entities
          - dates
          - export

        """

    /// `--version` and the User-Agent fetch sends by default name the same version.
    @Test func theVersionAndTheUserAgentAgree() async throws {
        let folder = try TemporaryFolder()
        let version = try await Depeche.run(["--version"], in: folder.path)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == DepecheVersion.current)
        let stages = try await Depeche.run(["stages"], in: folder.path)
        #expect(stages.stdout.contains("Depeche/\(DepecheVersion.current) ("), "\(stages.stdout)")
    }

    /// `--reference-date` anchors the dates of documents without a publication date, as
    /// `reference_date` does; a value that is not a day is refused before the run.
    @Test func referenceDateOnTheCommandLine() async throws {
        let folder = try TemporaryFolder()
        try folder.write("in.jsonl", "{\"id\": \"a\", \"text\": \"Le sommet a eu lieu hier à Paris.\"}\n")
        try folder.write("run.yaml", "stages: [fetch, normalize, dates, export]\n")
        let arguments = ["run", "run.yaml", "-q", "--input", "in.jsonl", "--output", "out.jsonl"]
        let result = try await Depeche.run(arguments + ["--reference-date", "2025-09-04"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(try jsonLines(try folder.read("out.jsonl")).first)
        let values = (document["timexes"] as? [[String: Any]])?.compactMap { $0["value"] as? String }
        #expect(values == ["2025-09-03"])

        let refused = try await Depeche.run(arguments + ["--reference-date", "2025-13-01"], in: folder.path)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--reference-date must be a date like 2025-09-04"), "\(refused.stderr)")
        let validate = try await Depeche.run(["validate", "run.yaml", "--reference-date", "hier"], in: folder.path)
        #expect(validate.status == 2)
    }

    @Test func runsTheDefaultConfigurationOnAFolder() async throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "corpus/b.txt",
            "Réunion à Paris\n\nLe président Emmanuel Macron a reçu jeudi le chancelier allemand à Paris.\n"
        )
        try folder.write(
            "corpus/a.txt",
            "Hello from London\n\nThe British Prime Minister met the press in London yesterday.\n"
        )
        try folder.write("depeche.yaml", "inputs: [corpus/]\noutput: out/result.jsonl\n" + Self.chain)
        let result = try await Depeche.run(["run", "--quiet"], in: folder.path)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let documents = try jsonLines(try folder.read("out/result.jsonl"))
        #expect(documents.map { $0["id"] as? String } == ["a", "b"])
        #expect(documents[1]["title"] as? String == "Réunion à Paris")
        #expect(documents[1]["language"] as? String == "fr")
        #expect(documents[0]["language"] as? String == "en")
        let entities = try #require(documents[1]["entities"] as? [[String: Any]])
        #expect(entities.contains { $0["text"] as? String == "Emmanuel Macron" && $0["type"] as? String == "PER" })
        #expect(try folder.read("out/result.failures.jsonl") == "")
        #expect(result.stderr == "")
    }

    @Test func inputAndOutputFlagsReplaceTheConfiguration() async throws {
        let folder = try TemporaryFolder()
        try folder.write("one/x.txt", "Un titre\n\nDu texte.\n")
        try folder.write("two/y.txt", "Another title\n\nSome text.\n")
        try folder.write("pipeline.yaml", "inputs: [one/]\noutput: out/a.jsonl\n" + Self.chain)
        let result = try await Depeche.run(
            ["run", "pipeline.yaml", "--input", "two", "--output", "elsewhere.jsonl", "-q"],
            in: folder.path
        )
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(!folder.exists("out/a.jsonl"))
        let documents = try jsonLines(try folder.read("elsewhere.jsonl"))
        #expect(documents.map { $0["id"] as? String } == ["y"])
        #expect(folder.exists("elsewhere.failures.jsonl"))
    }

    @Test func badInputsAreRecordedAndTheRestOfTheBatchIsProcessed() async throws {
        let folder = try TemporaryFolder()
        try folder.write("batch/1-good.txt", "Titre\n\nLe ministre a parlé hier à Berlin.\n")
        try folder.write("batch/2-empty.txt", "")
        try folder.write(
            "batch/3-binary.txt",
            bytes: Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + [UInt8](repeating: 0, count: 256))
        )
        // "Café crème" in ISO-8859-1, then bytes that are not UTF-8.
        try folder.write(
            "batch/4-latin1.txt",
            bytes: Data([0x43, 0x61, 0x66, 0xE9, 0x20, 0x63, 0x72, 0xE8, 0x6D, 0x65, 0x0A, 0xFF, 0xFE, 0x0A])
        )
        // 50 MB of text: over normalize's default max_bytes.
        try folder.write("batch/6-huge.txt", bytes: Data(repeating: UInt8(ascii: "a"), count: 50_000_000))
        try folder.write("batch/5-good.txt", "Another\n\nThe minister spoke in Berlin on Monday.\n")
        let result = try await Depeche.run(
            ["run", "--input", "batch", "--output", "out/batch.jsonl"],
            in: folder.path
        )
        #expect(result.status == 1, "a run with failures exits 1; stderr: \(result.stderr)")
        let documents = try jsonLines(try folder.read("out/batch.jsonl"))
        let ids = documents.compactMap { $0["id"] as? String }
        #expect(ids.contains("1-good"))
        #expect(ids.contains("5-good"))
        #expect(ids.contains("4-latin1"))
        #expect(!ids.contains("3-binary"))
        let failures = try jsonLines(try folder.read("out/batch.failures.jsonl"))
        let failed = Dictionary(uniqueKeysWithValues: failures.map { ($0["id"] as? String ?? "", $0) })
        #expect(failed["3-binary"]?["stage"] as? String == "normalize")
        #expect(failed["3-binary"]?["code"] as? String == "binary-content")
        #expect(failed["6-huge"]?["code"] as? String == "too-large")
        #expect(result.stderr.contains("failures are listed in out/batch.failures.jsonl"))
        #expect(result.stderr.contains("3-binary [normalize] binary-content"), "\(result.stderr)")
    }

    @Test func theSameInputGivesAByteIdenticalExport() async throws {
        let folder = try TemporaryFolder()
        for index in 0..<40 {
            try folder.write(
                "c/\(index).txt",
                "Titre \(index)\n\nLe \(index % 28 + 1) mars, Vladimir Poutine a parlé à Moscou avec Donald Trump.\n"
            )
        }
        let first = try await Depeche.run(["run", "--input", "c", "--output", "one.jsonl", "-q"], in: folder.path)
        let second = try await Depeche.run(["run", "--input", "c", "--output", "two.jsonl", "-q"], in: folder.path)
        #expect(first.status == 0 && second.status == 0)
        let one = try folder.read("one.jsonl")
        #expect(one == (try folder.read("two.jsonl")))
        #expect(one.split(separator: "\n").count == 40)
    }

    @Test func validateReportsEveryProblemWithItsPlace() async throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "bad.yaml",
            """
            inputs: [nowhere/]
            output: out.jsonl
            stages:
              - fetch
              - normalise
              - stage: dates
                options: {languages: fr, colour: blue}

            """
        )
        let result = try await Depeche.run(["validate", "bad.yaml"], in: folder.path)
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == "bad.yaml:1:10: input 'nowhere/' does not exist")
        #expect(lines.contains("bad.yaml:5:5: unknown stage 'normalise' (did you mean 'normalize'?)"))
        #expect(lines.contains { $0.hasPrefix("bad.yaml:7:30: stage 'dates' has no option 'colour'") })
    }

    @Test func validateAcceptsTheRepositoryConfiguration() async throws {
        let folder = try TemporaryFolder()
        try folder.write("seeds/a.txt", "x")
        try folder.write("depeche.yaml", "inputs: [seeds/]\noutput: out/seeds.jsonl\n" + Self.chain)
        let result = try await Depeche.run(["validate"], in: folder.path)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout == "depeche.yaml: OK: 1 input; stages fetch → normalize → entities → dates → export\n")
    }

    @Test func malformedYAMLStopsBeforeRunning() async throws {
        let folder = try TemporaryFolder()
        try folder.write("broken.yaml", "stages:\n  - fetch\n  - [normalize\n")
        let result = try await Depeche.run(["run", "broken.yaml", "--input", "x"], in: folder.path)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("broken.yaml:4:1: invalid YAML: "))
    }

    @Test func aMissingConfigurationFileIsNamed() async throws {
        let folder = try TemporaryFolder()
        let result = try await Depeche.run(["run", "nope.yaml"], in: folder.path)
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "configuration file 'nope.yaml' does not exist; pass the path of a YAML file (see README.md)\n"
        )
    }

    @Test func runsTheDefaultChainWithoutAConfigurationFile() async throws {
        let folder = try TemporaryFolder()
        try folder.write("in.txt", "Un titre\n\nLe texte.\n")
        let result = try await Depeche.run(["run", "--input", "in.txt", "--output", "o.jsonl", "-q"], in: folder.path)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(try jsonLines(try folder.read("o.jsonl")).count == 1)
    }

    @Test func stagesListsEveryBuiltInStageWithItsOptions() async throws {
        let folder = try TemporaryFolder()
        let result = try await Depeche.run(["stages"], in: folder.path)
        #expect(result.status == 0)
        let names = result.stdout.split(separator: "\n").filter { !$0.hasPrefix(" ") && !$0.isEmpty }
            .map { String($0.prefix { $0 != ":" }) }
        #expect(Array(names.prefix(6)) == ["fetch", "normalize", "dedupe", "entities", "dates", "export"])
        #expect(result.stdout.contains("    max_bytes: "))
    }

    @Test func nothingToReadIsAClearError() async throws {
        let folder = try TemporaryFolder()
        try folder.write("p.yaml", Self.chain)
        let result = try await Depeche.run(["run", "p.yaml"], in: folder.path)
        #expect(result.status == 2)
        #expect(result.stderr == "depeche: nothing to read: add 'inputs:' to the configuration or pass --input PATH\n")
    }
}

@Suite struct CommandLineRecoveryTests {
    @Test func inputReplacesTheInputsOfAStaleConfiguration() async throws {
        let folder = try TemporaryFolder()
        try folder.write("depeche.yaml", "inputs: [moved-away/]\noutput: out/x.jsonl\n" + CommandLineTests.chain)
        try folder.write("here/a.txt", "Un titre\n\nLe texte.\n")
        let result = try await Depeche.run(["run", "--input", "here", "-q"], in: folder.path)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(try jsonLines(try folder.read("out/x.jsonl")).count == 1)
    }

    @Test func theDefaultChainNeedsAnOutput() async throws {
        let folder = try TemporaryFolder()
        try folder.write("a.txt", "x")
        let result = try await Depeche.run(["run", "--input", "a.txt"], in: folder.path)
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "no configuration: there is no depeche.yaml here; pass a configuration file, or --input PATH and "
                + "--output PATH to run the default chain (fetch, normalize, entities, dates, export)\n"
        )
    }

    @Test func theFailuresFileIsPublishedWithTheExport() async throws {
        let folder = try TemporaryFolder()
        try folder.write("in/broken.jsonl", "{\"id\": \n")
        let result = try await Depeche.run(
            ["run", "--input", "in/broken.jsonl", "--output", "o.jsonl", "-q"],
            in: folder.path
        )
        #expect(result.status == 1)
        #expect(!folder.exists("o.failures.jsonl.partial"))
        #expect(try jsonLines(try folder.read("o.failures.jsonl")).first?["code"] as? String == "invalid-jsonl")
    }
}
