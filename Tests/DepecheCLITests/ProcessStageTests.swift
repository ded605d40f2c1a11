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
}
