import DepecheCore
import DepecheProcess
import DepecheTestSupport
import Testing

/// A child that cannot start stops the stage: every document fails with the reason, the run completes.
@Suite(.enabled(if: PythonStage.isAvailable, .init(rawValue: PythonStage.missing)))
struct HandshakeTests {
    @Test func stopsAStageThatSpeaksAnotherProtocolVersion() async throws {
        let stage = try ProcessStage(pythonStage(["--version", "2"]))
        let ids = documentIDs(5)
        let result = try await run(stage, ids)
        #expect(result.documents.isEmpty)
        #expect(result.failures.map(\.id) == ids)
        #expect(result.failures.allSatisfy { $0.code == "protocol-version" })
        #expect(
            result.failures.allSatisfy {
                $0.message == "stage 'python-echo' speaks protocol version 2, this runner speaks version 1"
            }
        )
        #expect(stage.restartsUsed == 0)
    }

    /// `prepare()` starts the children before any document and returns once one has answered
    /// the handshake; the documents then go to those children, none is started twice.
    @Test func prepareStartsTheChildrenBeforeAnyDocument() async throws {
        let stage = try ProcessStage(pythonStage(processes: 2))
        #expect(stage.childPIDs.isEmpty)
        try await stage.prepare()
        #expect(!stage.childPIDs.isEmpty)
        let result = try await run(stage, documentIDs(6))
        #expect(result.failures.isEmpty)
        #expect(result.documents.count == 6)
        #expect(stage.restartsUsed == 0)
    }

    /// A refusal at the handshake is thrown by `prepare()`, before any document.
    @Test func prepareThrowsTheRefusalOfAStage() async throws {
        let stage = try ProcessStage(pythonStage(["--fatal", "invalid-options"], optionsJSON: #"{"x":1}"#))
        let failure = await #expect(throws: StageFailure.self) { try await stage.prepare() }
        #expect(failure?.code == "invalid-options")
        #expect(failure?.message.contains(#"refused to start: this stage takes no options, got {"x":1}"#) == true)
    }

    @Test func stopsAStageThatRefusesItsOptions() async throws {
        let stage = try ProcessStage(pythonStage(["--fatal", "invalid-options"], optionsJSON: #"{"x":1}"#))
        let result = try await run(stage, documentIDs(3))
        #expect(result.failures.count == 3)
        let failure = try #require(result.failures.first)
        #expect(failure.code == "invalid-options")
        #expect(failure.message.contains(#"refused to start: this stage takes no options, got {"x":1}"#))
        // Its other stderr lines are kept; the one that only repeats its message is not shown twice.
        #expect(failure.message.contains("test stage started"))
        #expect(!failure.message.contains("refusing to start"))
    }

    @Test func stopsAStageThatPrintsOnStdoutBeforeItsHandshake() async throws {
        let stage = try ProcessStage(pythonStage(["--chatty"]))
        let result = try await run(stage, documentIDs(4))
        #expect(result.failures.count == 4)
        let failure = try #require(result.failures.first)
        #expect(failure.code == "protocol-error")
        #expect(failure.message.contains("before answering the handshake"))
        #expect(failure.message.contains("Loading the model"))
    }

    @Test func reportsAChildThatDiesBeforeItsHandshakeWithItsLastWords() async throws {
        var configuration = pythonStage()
        configuration.command = [PythonStage.python, PythonStage.script, "/nonexistent/generated"]
        let stage = try ProcessStage(configuration)
        let result = try await run(stage, documentIDs(2))
        let failure = try #require(result.failures.first)
        #expect(result.failures.count == 2)
        #expect(failure.code == "stage-crashed")
        #expect(failure.message.contains("crashed before answering the handshake: it exited with status 1"))
        #expect(failure.message.contains("ModuleNotFoundError"))
    }

    @Test func stopsAStageThatDoesNotAnswerTheHandshake() async throws {
        var configuration = pythonStage()
        configuration.command = ["/bin/sh", "-c", "echo waiting >&2; exec sleep 60"]
        configuration.handshakeTimeout = .milliseconds(300)
        let stage = try ProcessStage(configuration)
        let result = try await run(stage, documentIDs(2))
        let failure = try #require(result.failures.first)
        #expect(failure.code == "stage-timeout")
        #expect(failure.message.contains("did not answer the handshake within 300 ms"))
        #expect(failure.message.hasSuffix("its last lines on stderr:\nwaiting"))
    }
}

/// Configuration problems are reported before anything starts (no Python needed).
struct ConfigurationCheckTests {
    @Test func rejectsAProgramThatIsNotOnThePath() {
        let configuration = ExternalStageConfiguration(
            name: "missing",
            command: ["depeche-no-such-stage"],
            environment: ["PATH": "/usr/bin:/bin"],
            logger: LogRecorder().logger
        )
        #expect(
            throws: StageFailure(
                code: "stage-start-failed",
                message: "the stage program 'depeche-no-such-stage' was not found on PATH (/usr/bin:/bin)"
            )
        ) {
            try ProcessStage(configuration)
        }
    }

    @Test func resolvesARelativeProgramAgainstTheWorkingDirectory() throws {
        let configuration = ExternalStageConfiguration(
            name: "relative",
            command: ["./sh", "-c", "true"],
            workingDirectory: "/bin",
            logger: LogRecorder().logger
        )
        _ = try ProcessStage(configuration)
        var missing = configuration
        missing.workingDirectory = "/"
        #expect(throws: StageFailure(code: "stage-start-failed", message: "the stage program '/sh' does not exist")) {
            try ProcessStage(missing)
        }
    }

    @Test func namesEveryOutOfRangeLimit() {
        let configuration = ExternalStageConfiguration(
            name: "bad",
            command: ["/bin/true"],
            processes: 0,
            inFlight: 0,
            restarts: -1,
            logger: LogRecorder().logger
        )
        let expected = StageFailure(
            code: "invalid-options",
            message: "`concurrency` must be at least 1, got 0; `in_flight` must be at least 1, got 0; "
                + "`restarts` cannot be negative, got -1"
        )
        #expect(throws: expected) { try ProcessStage(configuration) }
    }
}
