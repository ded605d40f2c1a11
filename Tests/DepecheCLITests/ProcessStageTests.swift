import DepecheTestSupport
import Foundation
import Testing

/// Stages in their own process, through the real command line.
@Suite struct ProcessStageCommandLineTests {
    static let repository = DocumentationTests.repository

    static var pythonExampleRuns: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/protoc")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
            && FileManager.default.fileExists(atPath: "/usr/lib/python3/dist-packages/google/protobuf")
    }

    @Test func anIsolatedChainExportsExactlyWhatTheInProcessChainExports() async throws {
        let folder = try TemporaryFolder()
        let seeds = Self.repository.appendingPathComponent("seeds").path
        try folder.write(
            "in-process.yaml",
            "inputs: [\(seeds)]\noutput: in-process.jsonl\nreference_date: 2025-09-01\n" + CommandLineTests.chain
        )
        try folder.write(
            "isolated.yaml",
            """
            inputs: [\(seeds)]
            output: isolated.jsonl
            reference_date: 2025-09-01
            stages:
              - fetch
              - {stage: normalize, isolate: true}
              - {stage: entities, isolate: true, concurrency: 2, in_flight: 2}
              - {stage: dates, isolate: true}
              - export

            """
        )
        let inProcess = try await Depeche.run(["run", "in-process.yaml", "-q"], in: folder.path)
        let isolated = try await Depeche.run(["run", "isolated.yaml", "-q"], in: folder.path)
        #expect(inProcess.status == 0, "\(inProcess.stderr)")
        #expect(isolated.status == 0, "\(isolated.stderr)")
        let expected = try folder.read("in-process.jsonl")
        #expect(expected.split(separator: "\n").count == 5)
        #expect(try folder.read("isolated.jsonl") == expected)
    }

    @Test(.enabled(if: pythonExampleRuns, "needs protoc and python3-protobuf (scripts/setup.sh installs them)"))
    func thePythonExampleAnnotatesEveryDocument() async throws {
        let folder = try TemporaryFolder()
        try folder.write("a.txt", "Titre\n\nLes négociations continuent : négociations, garanties et négociations.\n")
        try folder.write("b.txt", "Title\n\nTalks go on: talks about guarantees, and more talks.\n")
        let example = Self.repository.appendingPathComponent("examples/python-stage/run").path
        try folder.write(
            "p.yaml",
            """
            inputs: [a.txt, b.txt]
            output: out.jsonl
            stages:
              - fetch
              - normalize
              - stage: keywords
                run: [\(example)]
                options: {top: 2}
              - export

            """
        )
        let result = try await Depeche.run(["run", "p.yaml", "-q"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let documents = try jsonLines(try folder.read("out.jsonl"))
        let keywords = documents.map { ($0["attributes"] as? [String: String])?["keywords"] }
        #expect(keywords == ["négociations,continuent", "talks,guarantees"])
        let annotation = try #require((documents[0]["annotations"] as? [[String: Any]])?.first)
        let text = try #require(documents[0]["text"] as? String)
        let scalars = Array(text.unicodeScalars)
        let start = try #require(annotation["start"] as? Int)
        let end = try #require(annotation["end"] as? Int)
        #expect(String(String.UnicodeScalarView(scalars[start..<end])) == "négociations")
    }

    /// A stage that refuses its options (a typo in the YAML) stops `run` before any input is read,
    /// at the stage's place in the file, and leaves the previous export as it was; `validate`
    /// reports the same, because it starts the stage for its handshake.
    @Test func aStageThatRefusesItsOptionsStopsTheRunBeforeAnyDocument() async throws {
        let folder = try TemporaryFolder()
        let echo = InterruptionTests.echoStage.path
        try folder.write("in.jsonl", "{\"id\": \"a\", \"text\": \"Un.\"}\n")
        try folder.write("out.jsonl", "the previous run\n")
        try folder.write(
            "run.yaml",
            """
            inputs: [in.jsonl]
            output: out.jsonl
            stages:
              - fetch
              - stage: echo
                run: [\(echo)]
                options: {sufix: "!"}
              - export

            """
        )
        let expected = "run.yaml:5:5: stage 'echo' (pid "
        let run = try await Depeche.run(["run", "run.yaml"], in: folder.path)
        #expect(run.status == 2)
        #expect(run.stderr.contains(expected), "\(run.stderr)")
        #expect(run.stderr.contains("refused to start: unknown option 'sufix'"), "\(run.stderr)")
        #expect(try folder.read("out.jsonl") == "the previous run\n")
        #expect(!folder.exists("out.state.json") && !folder.exists("out.failures.jsonl"))

        let validate = try await Depeche.run(["validate", "run.yaml"], in: folder.path)
        #expect(validate.status == 2)
        #expect(validate.stderr.contains(expected), "\(validate.stderr)")
        let unstarted = try await Depeche.run(["validate", "run.yaml", "--no-start"], in: folder.path)
        #expect(unstarted.status == 0, "\(unstarted.stderr)")
    }

    /// A program that exits before answering the handshake (a missing module, a wrong path in its
    /// arguments) is found by `validate`, with what it said on stderr.
    @Test func validateReportsAStageProgramThatExitsBeforeTheHandshake() async throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "run.yaml",
            """
            output: out.jsonl
            stages:
              - fetch
              - stage: broken
                run: [/bin/sh, -c, "echo 'No module named stage_pb2' >&2; exit 1"]
              - export

            """
        )
        let result = try await Depeche.run(["validate", "run.yaml"], in: folder.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("run.yaml:4:5: stage 'broken' (pid "), "\(result.stderr)")
        #expect(result.stderr.contains("crashed before answering the handshake"), "\(result.stderr)")
        #expect(result.stderr.contains("No module named stage_pb2"), "\(result.stderr)")
    }
}
