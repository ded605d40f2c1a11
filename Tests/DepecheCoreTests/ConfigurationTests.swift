import DepecheCore
import DepecheTestSupport
import Foundation
import Testing

/// A registry with two stages whose options cover every option kind.
let testRegistry = StageRegistry([
    StageDescriptor(
        name: "normalize",
        summary: "test",
        options: [
            OptionSpec("language", .choice(["auto", "fr", "en"]), default: .string("auto"), help: "language"),
            OptionSpec("max_bytes", .integer(1...1_000_000), default: .integer(1000), help: "limit"),
            OptionSpec("keep_raw", .boolean, default: .boolean(false), help: "keep"),
            OptionSpec("ratio", .number, help: "ratio"),
            OptionSpec("lexicon", .existingPath, help: "a file"),
            OptionSpec("languages", .stringList, default: .list(["fr"]), help: "languages"),
            OptionSpec("anchor", .date, help: "date"),
            OptionSpec("label", .string, help: "label"),
        ],
        make: { _ in UppercaseStage() }
    ),
    StageDescriptor(name: "export", summary: "test", make: { _ in UppercaseStage() }),
])

func problems(_ yaml: String, directory: String = "/tmp") -> [String] {
    do {
        _ = try ConfigurationLoader(registry: testRegistry).parse(yaml, file: "test.yaml", directory: directory)
        return []
    } catch let error as ConfigurationError {
        return error.problems.map(\.description)
    } catch {
        return ["unexpected \(error)"]
    }
}

@Suite struct ConfigurationTests {
    @Test func readsAValidConfigurationWithDefaults() throws {
        let folder = try TemporaryFolder()
        try folder.write("corpus/a.txt", "x")
        let yaml = """
            inputs:
              - corpus/
              - https://example.org/feed.xml
            reference_date: 2025-09-04
            output: out/result.jsonl
            stages:
              - normalize
              - stage: normalize
                concurrency: 3
                options:
                  language: fr
                  keep_raw: true
                  languages: [fr, en]
              - export
            """
        let configuration = try ConfigurationLoader(registry: testRegistry).parse(
            yaml,
            file: "p.yaml",
            directory: folder.path
        )
        #expect(configuration.inputs.map(\.written) == ["corpus/", "https://example.org/feed.xml"])
        #expect(configuration.inputs.map(\.resolved) == [folder.path + "/corpus/", "https://example.org/feed.xml"])
        #expect(configuration.referenceDate == "2025-09-04")
        #expect(configuration.output == folder.path + "/out/result.jsonl")
        #expect(configuration.stages.map(\.name) == ["normalize", "normalize", "export"])
        #expect(configuration.stages[0].options.string("language") == "auto")
        #expect(configuration.stages[0].options.integer("max_bytes") == 1000)
        #expect(configuration.stages[0].concurrency == nil)
        #expect(configuration.stages[1].concurrency == 3)
        #expect(configuration.stages[1].options.string("language") == "fr")
        #expect(configuration.stages[1].options.boolean("keep_raw") == true)
        #expect(configuration.stages[1].options.list("languages") == ["fr", "en"])
        #expect(configuration.stages[1].location == SourceLocation(file: "p.yaml", line: 8, column: 5))
    }

    @Test func unknownTopLevelKeySuggestsTheClosest() {
        #expect(
            problems("stages: [export]\noutptu: x.jsonl\n") == [
                "test.yaml:2:1: unknown key 'outptu'; expected one of 'inputs', 'reference_date', 'output', 'stages' (did you mean 'output'?)"
            ]
        )
    }

    @Test func unknownStageSuggestsTheClosest() {
        #expect(
            problems("stages:\n  - normalise\n  - exprot\n  - summarize\n") == [
                "test.yaml:2:5: unknown stage 'normalise' (did you mean 'normalize'?)",
                "test.yaml:3:5: unknown stage 'exprot' (did you mean 'export'?)",
                "test.yaml:4:5: unknown stage 'summarize'",
            ]
        )
    }

    @Test func unknownStageKeyAndOption() {
        let yaml = """
            stages:
              - stage: normalize
                concurency: 2
                options:
                  langauge: fr
            """
        #expect(
            problems(yaml) == [
                "test.yaml:3:5: unknown key 'concurency' in stage 'normalize'; expected one of 'stage', 'concurrency', 'options', 'run', 'isolate', 'remote', 'env', 'cwd', 'timeout', 'in_flight', 'restarts', 'max_frame_bytes', 'ca_file' (did you mean 'concurrency'?)",
                "test.yaml:5:7: stage 'normalize' has no option 'langauge'; its options are 'language', 'max_bytes', 'keep_raw', 'ratio', 'lexicon', 'languages', 'anchor', 'label' (did you mean 'language'?)",
            ]
        )
    }

    @Test func wrongTypesNameTheOptionAndWhatWasFound() {
        let yaml = """
            stages:
              - stage: normalize
                concurrency: two
                options:
                  max_bytes: big
                  keep_raw: 1
                  ratio: high
                  language: de
                  languages: {fr: 1}
                  anchor: 2025-13-01
                  label: [a]
            """
        #expect(
            problems(yaml) == [
                "test.yaml:3:18: 'concurrency' must be an integer, found 'two'",
                "test.yaml:5:18: option 'max_bytes' of stage 'normalize' must be an integer, found 'big'",
                "test.yaml:6:17: option 'keep_raw' of stage 'normalize' must be true or false, found '1'",
                "test.yaml:7:14: option 'ratio' of stage 'normalize' must be a number, found 'high'",
                "test.yaml:8:17: option 'language' of stage 'normalize' must be one of 'auto', 'fr', 'en', found 'de'",
                "test.yaml:9:18: option 'languages' of stage 'normalize' must be a list of strings, found a mapping",
                "test.yaml:10:15: option 'anchor' of stage 'normalize' must be a date like 2025-09-04, found '2025-13-01'",
                "test.yaml:11:14: option 'label' of stage 'normalize' must be a string, found a list",
            ]
        )
    }

    @Test func outOfRangeIntegers() {
        #expect(
            problems("stages:\n  - stage: normalize\n    concurrency: 0\n    options: {max_bytes: 2000000}\n") == [
                "test.yaml:3:18: 'concurrency' must be between 1 and 4096, found 0",
                "test.yaml:4:26: option 'max_bytes' of stage 'normalize' must be between 1 and 1000000, found 2000000",
            ]
        )
    }

    @Test func missingFilesAreReportedWithASuggestion() throws {
        let folder = try TemporaryFolder()
        try folder.write("seeds/a.txt", "x")
        try folder.write("lexicon.tsv", "x")
        let yaml = """
            inputs: [seedz/, "*.txt", https://example.org/]
            stages:
              - stage: normalize
                options: {lexicon: lexicn.tsv}
            """
        #expect(
            problems(yaml, directory: folder.path) == [
                "test.yaml:1:10: input 'seedz/' does not exist (did you mean 'seeds/'?)",
                "test.yaml:4:24: option 'lexicon' of stage 'normalize': 'lexicn.tsv' does not exist (did you mean 'lexicon.tsv'?)",
            ]
        )
    }

    @Test func malformedYAMLGivesTheParserPosition() {
        let found = problems("stages:\n  - normalize\n  - [export\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("test.yaml:4:1: invalid YAML: ") == true)
    }

    @Test func duplicateKeysAreRejected() {
        #expect(
            problems("stages: [export]\nstages: [normalize]\n") == [
                "test.yaml:1:1: duplicate key 'stages': each key may appear once"
            ]
        )
    }

    @Test func structureErrors() {
        #expect(
            problems("- fetch\n") == [
                "test.yaml:1:1: the configuration must be a mapping with the keys 'inputs', 'output' and 'stages'"
            ]
        )
        #expect(
            problems("") == [
                "test.yaml:1:1: the configuration must be a mapping with the keys 'inputs', 'output' and 'stages'"
            ]
        )
        #expect(
            problems("output: x\n") == [
                "test.yaml:1:1: missing key 'stages': list the stages to run, for example [fetch, normalize, export]"
            ]
        )
        #expect(
            problems("stages: []\n") == [
                "test.yaml:1:9: 'stages' is empty: list at least one stage (normalize, export)"
            ]
        )
        #expect(
            problems("stages: normalize\n") == [
                "test.yaml:1:9: 'stages' must be a list of stage names or mappings with a 'stage' key, found 'normalize'"
            ]
        )
        #expect(
            problems("stages:\n  - options: {}\n") == [
                "test.yaml:2:5: this stage has no 'stage' key naming it (normalize, export)"
            ]
        )
        #expect(
            problems("inputs: {a: 1}\nstages: [export]\n") == [
                "test.yaml:1:9: 'inputs' must be a list of paths, folders, glob patterns or URLs, found a mapping"
            ]
        )
        #expect(
            problems("stages:\n  - stage: export\n    options: {x: 1}\n") == [
                "test.yaml:3:15: stage 'export' has no option 'x'; it takes no options"
            ]
        )
    }

    @Test func loadReportsAMissingConfigurationFile() throws {
        let folder = try TemporaryFolder()
        try folder.write("depeche.yaml", "stages: [export]\n")
        do {
            _ = try ConfigurationLoader(registry: testRegistry).load(path: folder.path + "/depeche.yml")
            Issue.record("expected an error")
        } catch let error as ConfigurationError {
            #expect(
                error.description
                    == "configuration file '\(folder.path)/depeche.yml' does not exist; pass the path of a YAML file (see README.md) (did you mean '\(folder.path)/depeche.yaml'?)"
            )
        }
    }

    @Test func suggestionsNeedToBeClose() {
        #expect(closestName(to: "normalise", in: ["normalize", "export"]) == "normalize")
        #expect(closestName(to: "xyz", in: ["normalize", "export"]) == nil)
        #expect(closestName(to: "export", in: ["export"]) == nil)
    }

    @Test func failuresFileSitsBesideTheExport() {
        #expect(
            Pipeline.failuresPath(forOutput: "/a/out/seeds.jsonl", workingDirectory: "/w")
                == "/a/out/seeds.failures.jsonl"
        )
        #expect(
            Pipeline.failuresPath(forOutput: "/a/out/seeds", workingDirectory: "/w") == "/a/out/seeds.failures.jsonl"
        )
        #expect(Pipeline.failuresPath(forOutput: nil, workingDirectory: "/w") == "/w/depeche.failures.jsonl")
    }
}

@Suite struct PathListOptionTests {
    static let registry = StageRegistry([
        StageDescriptor(
            name: "entities",
            summary: "test",
            options: [OptionSpec("gazetteers", .existingPathList, default: .list([]), help: "files")],
            make: { _ in UppercaseStage() }
        )
    ])

    @Test func resolvesEveryPathAgainstTheConfigurationFolder() throws {
        let folder = try TemporaryFolder()
        try folder.write("g/one.tsv", "x")
        try folder.write("two.tsv", "x")
        let configuration = try ConfigurationLoader(registry: Self.registry).parse(
            "stages:\n  - stage: entities\n    options: {gazetteers: [g/one.tsv, two.tsv]}\n",
            file: "p.yaml",
            directory: folder.path
        )
        #expect(
            configuration.stages[0].options.list("gazetteers") == [folder.path("g/one.tsv"), folder.path("two.tsv")]
        )
    }

    @Test func reportsAMissingFileInTheList() throws {
        let folder = try TemporaryFolder()
        try folder.write("one.tsv", "x")
        do {
            _ = try ConfigurationLoader(registry: Self.registry).parse(
                "stages:\n  - stage: entities\n    options: {gazetteers: [one.tsv, oen.tsv]}\n",
                file: "p.yaml",
                directory: folder.path
            )
            Issue.record("expected an error")
        } catch let error as ConfigurationError {
            #expect(
                error.description
                    == "p.yaml:3:37: option 'gazetteers' of stage 'entities': 'oen.tsv' does not exist (did you mean 'one.tsv'?)"
            )
        }
    }
}

@Suite struct ConfigurationEdgeCaseTests {
    @Test func sexagesimalIntegersAreRejectedNotTrapped() {
        #expect(
            problems("stages:\n  - stage: normalize\n    concurrency: 1:0:0:0:0:0:0:0:0:0:0:0\n") == [
                "test.yaml:3:18: 'concurrency' must be an integer, found '1:0:0:0:0:0:0:0:0:0:0:0'"
            ]
        )
    }

    @Test func theReferenceDateIsNormalizedToADay() throws {
        let configuration = try ConfigurationLoader(registry: testRegistry).parse(
            "reference_date: 2025-09-04T08:30:00Z\nstages: [export]\n",
            file: "p.yaml",
            directory: "/tmp"
        )
        #expect(configuration.referenceDate == "2025-09-04")
        #expect(
            problems("reference_date: ٢٠٢٥-٠٩-٠٤\nstages: [export]\n") == [
                "test.yaml:1:17: 'reference_date' must be a date like 2025-09-04, found '٢٠٢٥-٠٩-٠٤'"
            ]
        )
    }

    @Test func inputsNeedNotExistWhenTheCommandLineReplacesThem() throws {
        let loader = ConfigurationLoader(registry: testRegistry, checksInputs: false)
        let configuration = try loader.parse("inputs: [gone/]\nstages: [export]\n", file: "p.yaml", directory: "/tmp")
        #expect(configuration.inputs.map(\.written) == ["gone/"])
    }
}

@Suite struct ProcessStageConfigurationTests {
    @Test func readsACustomStageWithEveryProcessKey() throws {
        let folder = try TemporaryFolder()
        try folder.write("work/.keep", "")
        let yaml = """
            stages:
              - stage: quotes
                run: [python3, stage.py, --verbose]
                env: {LANG: C.UTF-8}
                cwd: work
                timeout: 2.5s
                in_flight: 4
                restarts: 2
                max_frame_bytes: 1048576
                concurrency: 3
                options: {speakers: true, limit: 3, names: [a, b], ratio: 0.5, label: x}
            """
        let configuration = try ConfigurationLoader(registry: testRegistry).parse(
            yaml,
            file: "p.yaml",
            directory: folder.path
        )
        let entry = try #require(configuration.stages.first)
        #expect(entry.name == "quotes")
        #expect(entry.concurrency == 3)
        let process = try #require(entry.process)
        #expect(process.command == ["python3", "stage.py", "--verbose"])
        #expect(process.environment == ["LANG": "C.UTF-8"])
        #expect(process.workingDirectory == folder.path("work"))
        #expect(process.timeout == 2.5)
        #expect(process.inFlight == 4)
        #expect(process.restarts == 2)
        #expect(process.maxFrameBytes == 1_048_576)
        #expect(process.optionsJSON == #"{"speakers":true,"limit":3,"names":["a","b"],"ratio":0.5,"label":"x"}"#)
    }

    @Test func isolatesABuiltInStageWithItsCheckedOptions() throws {
        let configuration = try ConfigurationLoader(registry: testRegistry).parse(
            "stages:\n  - stage: normalize\n    isolate: true\n    timeout: 500ms\n    options: {language: fr}\n",
            file: "p.yaml",
            directory: "/tmp"
        )
        let process = try #require(configuration.stages.first?.process)
        #expect(process.command == nil)
        #expect(process.timeout == 0.5)
        #expect(process.inFlight == PipelineConfiguration.ProcessSettings.defaultInFlight)
        #expect(process.maxFrameBytes == 64 << 20)
        #expect(process.optionsJSON == #"{"language":"fr","max_bytes":1000,"keep_raw":false,"languages":["fr"]}"#)
    }

    @Test func processKeysNeedAProcess() {
        #expect(
            problems("stages:\n  - stage: normalize\n    timeout: 5\n") == [
                "test.yaml:3:5: 'timeout' applies to a stage in its own process or on servers: add 'run: [program, ...]', 'isolate: true' or 'remote: grpc://HOST:PORT' to stage 'normalize'"
            ]
        )
    }

    @Test func remoteStagesReadTheirServersAndRefuseWhatDoesNotApply() throws {
        let folder = try TemporaryFolder()
        try folder.write("ca.pem", "-----BEGIN CERTIFICATE-----\n")
        let configuration = try ConfigurationLoader(registry: testRegistry).parse(
            """
            stages:
              - stage: normalize
                remote: [grpc://10.0.0.7:50051, "grpcs://[::1]:443", grpcs://ner.example.org:8443/]
                ca_file: ca.pem
                in_flight: 8
                options: {languages: [fr]}
              - {stage: wordcount, remote: grpc://127.0.0.1:5, options: {anything: 1}}
            """,
            file: "test.yaml",
            directory: folder.path
        )
        let normalize = try #require(configuration.stages.first?.process)
        #expect(
            normalize.remote == [
                RemoteEndpoint(host: "10.0.0.7", port: 50051, usesTLS: false),
                RemoteEndpoint(host: "::1", port: 443, usesTLS: true),
                RemoteEndpoint(host: "ner.example.org", port: 8443, usesTLS: true),
            ]
        )
        #expect(normalize.remote?.map(\.description)[1] == "grpcs://[::1]:443")
        #expect(normalize.certificateAuthorities == folder.path("ca.pem"))
        #expect(normalize.inFlight == 8)
        #expect(normalize.command == nil)
        #expect(normalize.optionsJSON.contains(#""languages":["fr"]"#))
        let custom = try #require(configuration.stages.last?.process)
        #expect(custom.optionsJSON == #"{"anything":1}"#)
        #expect(
            problems("stages:\n  - {stage: normalize, remote: grpc://h:1, ca_file: ca.pem}\n", directory: folder.path)
                == [
                    "test.yaml:2:44: 'ca_file' is for TLS servers, and every server of stage 'normalize' is grpc://: "
                        + "use grpcs://"
                ]
        )
        #expect(
            problems("stages:\n  - {stage: normalize, remote: [grpc://h:1, grpc://h:1]}\n") == [
                "test.yaml:2:45: 'remote' lists grpc://h:1 twice"
            ]
        )
        #expect(
            problems("stages:\n  - {stage: normalize, remote: grpc://h:0}\n") == [
                "test.yaml:2:32: 'remote': 'grpc://h:0': the port must be a number from 1 to 65535"
            ]
        )
    }

    @Test func reportsBadProcessSettings() {
        let yaml = """
            stages:
              - stage: custom
                run: []
                isolate: yes please
                timeout: soon
                in_flight: 0
                env: [A]
            """
        #expect(
            problems(yaml) == [
                "test.yaml:3:10: 'run' is empty: give the program to start, for example [python3, stage.py]",
                "test.yaml:4:14: 'isolate' must be true or false, found 'yes please'",
                "test.yaml:5:14: 'timeout' must be a duration like 30, 30s, 500ms or 2m, found 'soon'",
                "test.yaml:6:16: 'in_flight' must be between 1 and 4096, found 0",
                "test.yaml:7:10: 'env' must be a mapping of variable names to values, found a list",
            ]
        )
        #expect(
            problems("stages:\n  - stage: custom\n    run: [./nope.sh]\n", directory: "/tmp").first?.hasPrefix(
                "test.yaml:3:11: 'run': './nope.sh' is not an executable file"
            ) == true
        )
    }
}
