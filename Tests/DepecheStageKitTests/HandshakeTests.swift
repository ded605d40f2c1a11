import DepecheCore
import DepecheDates
import DepecheStageKit
import DepecheWire
import Testing

/// The handshake of `depeche stage NAME`, and every way it can be refused.
@Suite(.timeLimit(.minutes(10))) struct HandshakeTests {
    @Test func answersWithTheStageNameVersionProtocolAndConcurrency() throws {
        let child = try StageChild.depeche(stage: "dates")
        try child.send(StageChild.handshake(stage: "dates"))
        let inProcess = try StageDescriptor.dates.make(
            StageSetup(options: StageDescriptor.dates.defaultOptions, logger: Samples.logger)
        )
        #expect(
            try child.next()
                == .handshake(
                    HandshakeResponse(
                        stageName: "dates",
                        stageVersion: inProcess.version,
                        protocolVersion: 1,
                        capabilities: ["concurrent"]
                    )
                )
        )
        try child.closeInput()
        #expect(try child.remaining().isEmpty)
        #expect(try child.exitStatus() == 0)
    }

    @Test func refusesAnotherProtocolVersionNamingBoth() throws {
        let child = try StageChild.depeche(stage: "dates")
        try child.send(StageChild.handshake(stage: "dates", protocolVersion: 2))
        guard case .fatal(let error)? = try child.next() else {
            Issue.record("expected a fatal response")
            return
        }
        #expect(error.code == "protocol-version")
        #expect(error.message == "stage 'dates' speaks protocol version 1, the runner speaks version 2")
        #expect(try child.remaining().isEmpty)
        #expect(try child.exitStatus() == 2)
    }

    @Test(arguments: [
        (
            #"{"sets": true, "langauges": ["fr"]}"#,
            "stage 'dates': unknown option 'langauges'; its options are 'languages', 'vague_references', 'sets'"
        ),
        (#"{"sets": "yes"}"#, "stage 'dates': option 'sets' must be true or false, found 'yes'"),
        (
            #"{"languages": ["xx"]}"#,
            "stage 'dates' cannot start with these options: dates: no lexicon for language 'xx'"
        ),
        (#"["sets"]"#, "stage 'dates': options_json is not a JSON object"),
    ])
    func refusesInvalidOptions(json: String, expected: String) throws {
        let child = try StageChild.depeche(stage: "dates")
        try child.send(StageChild.handshake(stage: "dates", optionsJSON: json))
        guard case .fatal(let error)? = try child.next() else {
            Issue.record("expected a fatal response")
            return
        }
        #expect(error.code == "invalid-options")
        #expect(error.message.hasPrefix(expected), "\(error.message)")
        #expect(try child.exitStatus() == 2)
    }

    @Test func buildsTheStageWithTheHandshakeOptions() async throws {
        let document = Samples.normalized(
            id: "sets",
            text: "Le conseil se réunit chaque lundi depuis le 4 septembre 2025."
        )
        let options = try StageDescriptor.dates.options(fromJSON: #"{"sets": false}"#, relativeTo: "/")
        let expected = try await Samples.inProcess(.dates, options: options, document)
        #expect(expected != (try await Samples.inProcess(.dates, document)), "the option must change the output")

        let child = try StageChild.depeche(stage: "dates")
        try child.send(
            StageChild.handshake(stage: "dates", optionsJSON: #"{"sets": false}"#),
            .process(ProcessRequest(sequence: 1, document: document))
        )
        _ = try child.next()
        #expect(Samples.documents(try child.next())?.documents == expected)
        try child.closeInput()
        #expect(try child.exitStatus() == 0)
    }

    @Test func refusesASecondHandshake() throws {
        let child = try StageChild.depeche(stage: "normalize")
        try child.send(StageChild.handshake(stage: "normalize"), StageChild.handshake(stage: "normalize"))
        guard case .handshake? = try child.next(), case .fatal(let error)? = try child.next() else {
            Issue.record("expected a handshake, then a fatal response")
            return
        }
        #expect(error.code == "protocol-error")
        #expect(error.message == "a second handshake arrived")
        #expect(try child.exitStatus() == 3)
    }

    @Test func refusesAProcessRequestBeforeTheHandshake() throws {
        let child = try StageChild.depeche(stage: "normalize")
        try child.send(.process(ProcessRequest(sequence: 1, document: Samples.fetched())))
        guard case .fatal(let error)? = try child.next() else {
            Issue.record("expected a fatal response")
            return
        }
        #expect(error.code == "protocol-error")
        #expect(error.message == "a process request (sequence 1) arrived before the handshake")
        #expect(try child.remaining().isEmpty)
        #expect(try child.exitStatus() == 3)
    }

    @Test func unknownStageExitsWithStatus2() throws {
        let child = try StageChild.depeche(stage: "normalise")
        #expect(try child.exitStatus() == 2)
        #expect(try child.remaining().isEmpty)
        #expect(
            child.stderr
                == "depeche stage: unknown stage 'normalise'; the built-in stages are fetch, normalize, dedupe, entities, dates, export\n"
        )
    }

    @Test func exportCannotRunIsolated() throws {
        let child = try StageChild.depeche(stage: "export")
        #expect(try child.exitStatus() == 2)
        #expect(try child.remaining().isEmpty)
        #expect(
            child.stderr.hasPrefix("depeche stage: stage 'export' cannot run isolated: it writes the run's output file")
        )
    }

    @Test func invalidReferenceDateExitsWithStatus2() throws {
        let child = try StageChild.depeche(stage: "dates", ["--reference-date", "04/09/2025"])
        #expect(try child.exitStatus() == 2)
        #expect(child.stderr.contains("--reference-date must be a date like 2025-09-04, found '04/09/2025'"))
    }
}
