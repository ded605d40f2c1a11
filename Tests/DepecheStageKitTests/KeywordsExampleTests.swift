import DepecheCore
import DepecheWire
import Foundation
import Testing

/// The example of docs/stages.md, built as `Tests/Fixtures/KeywordsStage` and run as a child process.
@Suite(.timeLimit(.minutes(10))) struct KeywordsExampleTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theDocumentationShowsTheFixtureWordForWord() throws {
        let source = try String(
            contentsOf: Self.repository.appendingPathComponent("Tests/Fixtures/KeywordsStage/Keywords.swift"),
            encoding: .utf8
        )
        let documentation = try String(
            contentsOf: Self.repository.appendingPathComponent("docs/stages.md"),
            encoding: .utf8
        )
        #expect(documentation.contains("## Writing a stage in Swift"))
        #expect(documentation.contains("```swift\n" + source + "```\n"))
        #expect(source.split(separator: "\n").count <= 25)
    }

    @Test func marksTheConfiguredWordsWithCodePointOffsets() throws {
        let child = try StageChild(executable: StageChild.executable("depeche-keywords-stage"), arguments: [])
        let document = Samples.normalized(id: "berlin", text: "Réunion à Paris, puis à Berlin, puis à Paris.")
        try child.send(
            StageChild.handshake(stage: "keywords", optionsJSON: #"{"words": ["Paris", "Berlin", ""]}"#),
            .process(ProcessRequest(sequence: 1, document: document)),
            .process(ProcessRequest(sequence: 2, document: Samples.normalized(id: "empty", text: "")))
        )
        try child.closeInput()
        #expect(
            try child.next()
                == .handshake(
                    HandshakeResponse(
                        stageName: "keywords",
                        stageVersion: "1.0.0",
                        protocolVersion: 1,
                        capabilities: ["concurrent"]
                    )
                )
        )
        var results: [UInt64: ProcessResponse] = [:]
        for response in try child.remaining() {
            guard case .result(let result) = response else {
                Issue.record("unexpected response \(response)")
                continue
            }
            results[result.sequence] = result
        }
        var expected = document
        expected.annotations = [
            Annotation(label: "keyword", start: 10, end: 15, stage: "keywords"),
            Annotation(label: "keyword", start: 39, end: 44, stage: "keywords"),
            Annotation(label: "keyword", start: 24, end: 30, stage: "keywords"),
        ]
        #expect(results[1] == ProcessResponse(sequence: 1, documents: [expected]))
        #expect(
            results[2]?.error
                == StageErrorMessage(code: "invalid-input", message: "the document has no text; run normalize first")
        )
        #expect(try child.exitStatus() == 0)
    }
}
