#if GRPC
import DepecheCore
import DepecheRemote
import DepecheStageKit
import DepecheWire
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Logging
import Synchronization
import Testing

/// A remote stage against real HTTP/2 servers on 127.0.0.1 that break the protocol: every
/// document ends, with a failure that names the server, and nothing hangs.
@Suite struct MisbehavingServerTests {
    @Test func anAnswerThatIsNotAProcessResponseFailsItsDocumentsWithProtocolError() async throws {
        let failures = try await run(.garbage, documents: 3)
        #expect(failures.count == 3)
        #expect(failures.contains { $0.code == "protocol-error" })
        #expect(failures.allSatisfy { ["protocol-error", "restart-budget-exhausted"].contains($0.code) })
        #expect(failures.contains { $0.message.contains("grpc://127.0.0.1:") })
    }

    @Test func anAnswerToADocumentNeverSentIsAProtocolError() async throws {
        let failures = try await run(.unknownSequence, documents: 2)
        #expect(failures.count == 2)
        #expect(failures.contains { $0.code == "protocol-error" && $0.message.contains("not a document in flight") })
    }

    @Test func anErrorStatusFailsItsDocumentsAndSpendsTheBudget() async throws {
        let failures = try await run(.errorStatus, documents: 12, restarts: 2)
        #expect(failures.count == 12)
        #expect(failures.contains { $0.code == "stage-crashed" && $0.message.contains("boom") })
        #expect(failures.contains { $0.code == "restart-budget-exhausted" })
    }

    @Test func aServerSpeakingAnotherProtocolVersionStopsTheStageAtItsHandshake() async throws {
        let server = try await MisbehavingServer.start(.version(2))
        defer { server.stop() }
        let stage = try RemoteStage(configuration(server.endpoint))
        let error = await #expect(throws: StageFailure.self) { try await stage.prepare() }
        #expect(error?.code == "stage-refused")
        #expect(error?.message.contains("speaks protocol version 2") == true)
        await stage.stop()
    }

    @Test func optionsTooLongForTheHandshakeHeaderAreRefusedBeforeAnyCall() throws {
        var settings = configuration(RemoteEndpoint(host: "127.0.0.1", port: 9, usesTLS: false))
        settings.optionsJSON = #"{"suffix": ""# + String(repeating: "x", count: 9000) + #""}"#
        let error = #expect(throws: StageFailure.self) { try RemoteStage(settings) }
        #expect(error?.code == "invalid-options")
        #expect(error?.message.contains("over the 8192 bytes") == true)
    }

    /// Sends `documents` documents at once through a remote stage on a server in `mode`, and
    /// returns how each failed.
    private func run(
        _ mode: MisbehavingServer.Mode,
        documents: Int,
        restarts: Int = 5
    ) async throws -> [StageFailure] {
        let server = try await MisbehavingServer.start(mode)
        defer { server.stop() }
        var settings = configuration(server.endpoint)
        settings.restarts = restarts
        let stage = try RemoteStage(settings)
        try await stage.prepare()
        let context = StageContext(
            stageName: "bad",
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let failures = await withTaskGroup(of: StageFailure?.self) { group in
            for index in 0..<documents {
                group.addTask {
                    do {
                        try await stage.process(
                            Document(id: "d\(index)"),
                            context: context,
                            emit: DocumentEmitter(send: { _ in }, fail: { _, _, _ in })
                        )
                        return nil
                    } catch let failure as StageFailure {
                        return failure
                    } catch {
                        return StageFailure(code: "unexpected", message: "\(error)")
                    }
                }
            }
            var failures: [StageFailure] = []
            for await failure in group {
                if let failure { failures.append(failure) }
            }
            return failures
        }
        await stage.stop()
        return failures
    }

    private func configuration(_ endpoint: RemoteEndpoint) -> RemoteStageConfiguration {
        RemoteStageConfiguration(
            name: "bad",
            endpoints: [endpoint],
            inFlight: 4,
            timeout: .seconds(120),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
    }
}

/// A `depeche.v1.Stage` server that answers its handshake and then breaks the protocol.
final class MisbehavingServer: Sendable {
    enum Mode: Sendable {
        /// Answers each document with bytes that are not a `ProcessResponse`.
        case garbage
        /// Answers each document with the sequence of another.
        case unknownSequence
        /// Fails each `Process` call with `INTERNAL` (boom).
        case errorStatus
        /// Answers the handshake with this protocol version.
        case version(Int)
    }

    let endpoint: RemoteEndpoint
    private let task: Task<Void, any Error>

    private init(endpoint: RemoteEndpoint, task: Task<Void, any Error>) {
        self.endpoint = endpoint
        self.task = task
    }

    static func start(_ mode: Mode) async throws -> MisbehavingServer {
        let transport = HTTP2ServerTransport.Posix(
            address: .ipv4(host: "127.0.0.1", port: 0),
            transportSecurity: .plaintext
        )
        let server = GRPCServer(transport: transport, services: [Service(mode: mode)])
        let task = Task { try await server.serve() }
        let address = try await transport.listeningAddress
        let port = try #require(address.ipv4?.port)
        return MisbehavingServer(endpoint: RemoteEndpoint(host: "127.0.0.1", port: port, usesTLS: false), task: task)
    }

    func stop() {
        task.cancel()
    }

    private struct Service: RegistrableRPCService {
        let mode: Mode

        func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
            router.registerHandler(
                forMethod: StageService.handshakeMethod,
                deserializer: WireDeserializer<HandshakeRequest>(),
                serializer: WireSerializer<HandshakeResponse>()
            ) { [mode] _, _ in
                var version = StageServer.protocolVersion
                if case .version(let other) = mode { version = other }
                return StreamingServerResponse(
                    single: ServerResponse(
                        message: HandshakeResponse(
                            stageName: "bad",
                            stageVersion: "0.1",
                            protocolVersion: version,
                            capabilities: []
                        )
                    )
                )
            }
            router.registerHandler(
                forMethod: StageService.processMethod,
                deserializer: WireDeserializer<ProcessRequest>(),
                serializer: BytesSerializer()
            ) { [mode] request, _ in
                if case .errorStatus = mode { throw RPCError(code: .internalError, message: "boom") }
                return StreamingServerResponse { writer in
                    for try await message in request.messages {
                        switch mode {
                        case .unknownSequence:
                            try await writer.write(
                                try WireCodec.encode(ProcessResponse(sequence: message.sequence + 1000))
                            )
                        default:
                            try await writer.write([0xFF, 0xFF, 0xFF, 0xFF])
                        }
                    }
                    return [:]
                }
            }
        }
    }

    private struct BytesSerializer: MessageSerializer {
        func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
    }
}
#endif
