import DepecheCore
import DepecheWire
import Testing

/// A custom stage written with `StageProgram` (`Tests/Fixtures/EchoStage`), run as a child process.
@Suite(.timeLimit(.minutes(10))) struct StageProgramTests {
    private func document(_ id: String, action: String? = nil) -> Document {
        var document = Samples.normalized(id: id, text: "Un texte.")
        document.attributes["action"] = action
        return document
    }

    /// Starts the echo stage and checks its handshake.
    private func echo(optionsJSON: String = "{}", maxFrameBytes: Int = 64 << 20) throws -> StageChild {
        let child = try StageChild.echo()
        try child.send(StageChild.handshake(stage: "echo", optionsJSON: optionsJSON, maxFrameBytes: maxFrameBytes))
        #expect(
            try child.next()
                == .handshake(
                    HandshakeResponse(
                        stageName: "echo",
                        stageVersion: "2.1.0",
                        protocolVersion: 1,
                        capabilities: ["concurrent"]
                    )
                )
        )
        return child
    }

    @Test func processesDocumentsWithItsOptions() throws {
        let child = try echo(optionsJSON: #"{"suffix": " (vu)"}"#)
        try child.send(.process(ProcessRequest(sequence: 1, document: document("a"))))
        var expected = document("a")
        expected.metadata.title = "Titre a (vu)"
        #expect(Samples.documents(try child.next())?.documents == [expected])
        try child.closeInput()
        #expect(try child.remaining().isEmpty)
        #expect(try child.exitStatus() == 0)
    }

    @Test func dropsSplitsAndFailsDocuments() throws {
        let child = try echo()
        try child.send(
            .process(ProcessRequest(sequence: 1, document: document("drop", action: "drop"))),
            .process(ProcessRequest(sequence: 2, document: document("split", action: "split"))),
            .process(ProcessRequest(sequence: 3, document: document("fail", action: "fail")))
        )
        try child.closeInput()
        var results: [UInt64: ProcessResponse] = [:]
        for response in try child.remaining() {
            guard case .result(let result) = response else {
                Issue.record("unexpected response \(response)")
                continue
            }
            results[result.sequence] = result
        }
        #expect(results[1] == ProcessResponse(sequence: 1, documents: []))
        #expect(results[2]?.documents.map(\.id) == ["split", "split-2"])
        #expect(
            results[3]
                == ProcessResponse(
                    sequence: 3,
                    error: StageErrorMessage(code: "invalid-input", message: "document 'fail' asked to fail")
                )
        )
        #expect(try child.exitStatus() == 0)
    }

    @Test func printedTextGoesToStderrNotToTheFrameStream() throws {
        let child = try echo()
        try child.send(
            .process(ProcessRequest(sequence: 1, document: document("noisy", action: "print"))),
            .process(ProcessRequest(sequence: 2, document: document("quiet")))
        )
        try child.closeInput()
        let results = try child.remaining().compactMap { Samples.documents($0) }
        #expect(results.map(\.sequence).sorted() == [1, 2])
        #expect(try child.exitStatus() == 0)
        #expect(child.stderr == "a stray line from stage code\n")
    }

    @Test func answersOutOfOrderWhenAnEarlierDocumentIsSlow() throws {
        let child = try echo()
        try child.send(
            .process(ProcessRequest(sequence: 1, document: document("slow", action: "sleep:1500"))),
            .process(ProcessRequest(sequence: 2, document: document("fast")))
        )
        let first = Samples.documents(try child.next())
        let second = Samples.documents(try child.next())
        #expect(first?.sequence == 2)
        #expect(second?.sequence == 1)
        #expect(second?.documents.map(\.id) == ["slow"])
        try child.closeInput()
        #expect(try child.exitStatus() == 0)
    }

    @Test func aResponseOverMaxFrameBytesBecomesAnError() throws {
        var large = document("large", action: "split")
        large.text = String(repeating: "Un texte assez long. ", count: 40)
        let child = try echo(maxFrameBytes: 1200)
        try child.send(.process(ProcessRequest(sequence: 1, document: large)))
        guard case .result(let result)? = try child.next() else {
            Issue.record("expected a result")
            return
        }
        #expect(result.documents.isEmpty)
        #expect(result.error?.code == "too-large")
        #expect(
            result.error?.message.hasPrefix("the response for document 'large' is ") == true
                && result.error?.message.hasSuffix(" bytes, over the runner's limit of 1200 bytes (max_frame_bytes)")
                    == true
        )
        try child.closeInput()
        #expect(try child.exitStatus() == 0)
    }

    @Test(arguments: [
        (
            #"{"sufix": "!"}"#,
            "stage 'echo': unknown option 'sufix'; its options are 'arrivals', 'gates', 'hang_on', 'refuse', 'suffix'"
        ),
        (#"{"suffix": 3}"#, "stage 'echo': option 'suffix' must be a string, found 3"),
        (#"{"refuse": true}"#, "stage 'echo' cannot start with these options: asked to refuse"),
    ])
    func refusesOptionsItDoesNotAccept(json: String, message: String) throws {
        let child = try StageChild.echo()
        try child.send(StageChild.handshake(stage: "echo", optionsJSON: json))
        #expect(try child.next() == .fatal(StageErrorMessage(code: "invalid-options", message: message)))
        #expect(try child.exitStatus() == 2)
    }
}
