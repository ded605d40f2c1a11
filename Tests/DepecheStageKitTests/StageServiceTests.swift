import DepecheCore
import DepecheStageKit
import DepecheWire
import GRPCCore
import GRPCInProcessTransport
import Logging
import Synchronization
import Testing

/// The `depeche.v1.Stage` gRPC service over gRPC's in-process transport: the same handshake,
/// documents and errors as the stdin/stdout protocol.
@Suite struct StageServiceTests {
    /// Upper-cases a document's text; fails on `fail`; drops `drop`; waits for `release` on `wait`.
    struct Upper: DocumentTransform {
        let name = "upper"
        let version = "1.2"
        let suffix: String
        func transform(_ document: inout Document, context: StageContext) throws {
            if document.text == "fail" { throw StageFailure(code: "invalid-input", message: "the text says fail") }
            document.text = document.text.uppercased() + suffix
        }
    }

    static let logger = Logger(label: "stage-service-tests")

    static func handshake(
        options: String = "{}",
        version: Int = StageServer.protocolVersion,
        maxFrameBytes: Int = 0
    ) -> HandshakeRequest {
        HandshakeRequest(
            protocolVersion: version,
            stageName: "upper",
            optionsJSON: options,
            maxInFlight: 4,
            maxFrameBytes: maxFrameBytes
        )
    }

    /// A service whose stage takes one option, `suffix` (a string), and refuses any other.
    static let service = StageService(logger: logger) { handshake in
        let options = try StageProgramOptions(json: handshake.optionsJSON)
        if let unknown = options.names.first(where: { $0 != "suffix" }) {
            throw StageFailure(code: "invalid-options", message: "unknown option '\(unknown)'")
        }
        return Upper(suffix: try options.string("suffix") ?? "")
    }

    /// Runs `body` with a client connected to a server of `service` in this process.
    static func withClient<Result: Sendable>(
        _ body: @Sendable (GRPCClient<InProcessTransport.Client>) async throws -> Result
    ) async throws -> Result {
        let transport = InProcessTransport()
        let server = GRPCServer(transport: transport.server, services: [service])
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.serve() }
            defer {
                server.beginGracefulShutdown()
            }
            return try await withGRPCClient(transport: transport.client) { client in try await body(client) }
        }
    }

    static func callHandshake(
        _ client: GRPCClient<InProcessTransport.Client>,
        _ request: HandshakeRequest
    )
        async throws -> HandshakeResponse
    {
        try await client.unary(
            request: ClientRequest(message: request),
            descriptor: StageService.handshakeMethod,
            serializer: WireSerializer<HandshakeRequest>(),
            deserializer: WireDeserializer<HandshakeResponse>(),
            options: .defaults
        ) { try $0.message }
    }

    static func callProcess(
        _ client: GRPCClient<InProcessTransport.Client>,
        _ documents: [Document],
        handshake: HandshakeRequest? = handshake()
    ) async throws -> [ProcessResponse] {
        var metadata = Metadata()
        if let handshake {
            metadata.addBinary(try WireCodec.encode(handshake), forKey: StageService.handshakeMetadataKey)
        }
        let request = StreamingClientRequest(of: ProcessRequest.self, metadata: metadata) { writer in
            for (index, document) in documents.enumerated() {
                try await writer.write(ProcessRequest(sequence: UInt64(index + 1), document: document))
            }
        }
        return try await client.bidirectionalStreaming(
            request: request,
            descriptor: StageService.processMethod,
            serializer: WireSerializer<ProcessRequest>(),
            deserializer: WireDeserializer<ProcessResponse>(),
            options: .defaults
        ) { response in
            var responses: [ProcessResponse] = []
            for try await message in response.messages { responses.append(message) }
            return responses
        }
    }

    @Test func theHandshakeNamesTheStageAndItsCapabilities() async throws {
        let response = try await Self.withClient { try await Self.callHandshake($0, Self.handshake()) }
        #expect(response.stageName == "upper")
        #expect(response.stageVersion == "1.2")
        #expect(response.protocolVersion == StageServer.protocolVersion)
        #expect(response.capabilities == [StageServer.concurrentCapability])
    }

    @Test func anotherProtocolVersionIsRefusedWithItsCode() async throws {
        let error = try await #require(throws: RPCError.self) {
            try await Self.withClient { try await Self.callHandshake($0, Self.handshake(version: 99)) }
        }
        #expect(error.code == .failedPrecondition)
        #expect(error.message.hasPrefix("protocol-version: "))
        #expect(error.message.contains("99"))
    }

    @Test func unknownOptionsAreRefusedWithTheirNames() async throws {
        let error = try await #require(throws: RPCError.self) {
            try await Self.withClient { try await Self.callHandshake($0, Self.handshake(options: #"{"sufix": "!"}"#)) }
        }
        #expect(error.code == .invalidArgument)
        #expect(error.message.hasPrefix("invalid-options: "))
        #expect(error.message.contains("sufix"))
    }

    @Test func everyDocumentIsAnsweredWithItsSequenceAndAFailureCostsOnlyItsDocument() async throws {
        let documents = (1...40).map { Document(id: "d\($0)", text: $0 == 7 ? "fail" : "texte \($0)") }
        let responses = try await Self.withClient {
            try await Self.callProcess($0, documents, handshake: Self.handshake(options: #"{"suffix": "!"}"#))
        }
        #expect(responses.map(\.sequence).sorted() == (1...40).map(UInt64.init))
        for response in responses {
            if response.sequence == 7 {
                #expect(response.error == StageErrorMessage(code: "invalid-input", message: "the text says fail"))
            } else {
                #expect(response.error == nil)
                #expect(response.documents.map(\.text) == ["TEXTE \(response.sequence)!"])
            }
        }
    }

    /// Holds the document `first` until the document `second` is done: a server that processed one
    /// document at a time would never answer.
    struct Gate: Stage {
        let name = "gate"
        let version = "1"
        let opened = AsyncStream.makeStream(of: Void.self)
        func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws {
            if document.text == "first" {
                for await _ in opened.stream { break }
            }
            try await emit(document)
            if document.text == "second" { opened.continuation.yield() }
        }
    }

    @Test(.timeLimit(.minutes(1))) func documentsOfAStreamAreProcessedAtOnceAndAnsweredAsTheyFinish() async throws {
        let gate = Gate()
        let transport = InProcessTransport()
        let server = GRPCServer(
            transport: transport.server,
            services: [StageService(logger: Self.logger) { _ in gate }]
        )
        let order = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.serve() }
            defer { server.beginGracefulShutdown() }
            return try await withGRPCClient(transport: transport.client) { client in
                try await Self.callProcess(
                    client,
                    [Document(id: "1", text: "first"), Document(id: "2", text: "second")]
                ).map(\.sequence)
            }
        }
        #expect(order == [2, 1])
    }

    @Test func aStageIsBuiltOncePerDistinctHandshakeAndOnlySoManyAreKept() async throws {
        let built = Mutex<[String]>([])
        let service = StageService(logger: Self.logger) { handshake in
            built.withLock { $0.append(handshake.optionsJSON) }
            return Upper(suffix: "")
        }
        let transport = InProcessTransport()
        let server = GRPCServer(transport: transport.server, services: [service])
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.serve() }
            defer { server.beginGracefulShutdown() }
            try await withGRPCClient(transport: transport.client) { client in
                let first = Self.handshake(options: #"{"suffix": "0"}"#)
                _ = try await Self.callHandshake(client, first)
                _ = try await Self.callProcess(client, [Document(id: "a", text: "x")], handshake: first)
                #expect(built.withLock { $0.count } == 1)
                for index in 1...StageService.maximumSessions {
                    _ = try await Self.callHandshake(client, Self.handshake(options: "{\"suffix\": \"\(index)\"}"))
                }
                // The first handshake's stage was the oldest: it is built again.
                _ = try await Self.callHandshake(client, first)
                #expect(built.withLock { $0.count } == StageService.maximumSessions + 2)
            }
        }
    }

    /// Counts how many documents it works on at once; its own limit is one.
    final class Serial: Stage {
        let name = "serial"
        let version = "1"
        var maximumConcurrency: Int? { 1 }
        let active = Atomic<Int>(0)
        let most = Atomic<Int>(0)
        func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws {
            let now = active.add(1, ordering: .sequentiallyConsistent).newValue
            most.max(now, ordering: .sequentiallyConsistent)
            for _ in 0..<5 { await Task.yield() }
            active.subtract(1, ordering: .sequentiallyConsistent)
            try await emit(document)
        }
    }

    /// Streams of one handshake share its stage: each has its own `max_in_flight`, and the stage's
    /// own limit holds across them.
    @Test(.timeLimit(.minutes(1))) func streamsSharingAStageAreEachAnsweredAndItsLimitHolds() async throws {
        let serial = Serial()
        let transport = InProcessTransport()
        let server = GRPCServer(
            transport: transport.server,
            services: [StageService(logger: Self.logger) { _ in serial }]
        )
        let counts = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.serve() }
            defer { server.beginGracefulShutdown() }
            return try await withGRPCClient(transport: transport.client) { client in
                try await withThrowingTaskGroup(of: Int.self) { streams in
                    for stream in 0..<3 {
                        streams.addTask {
                            let documents = (0..<30).map { Document(id: "s\(stream)-\($0)", text: "texte") }
                            return try await Self.callProcess(client, documents).count
                        }
                    }
                    return try await streams.reduce(into: []) { $0.append($1) }
                }
            }
        }
        #expect(counts == [30, 30, 30])
        #expect(serial.most.load(ordering: .sequentiallyConsistent) == 1)
    }

    @Test func anAnswerOverTheRunnersLimitCostsItsDocumentOnly() async throws {
        let documents = [
            Document(id: "small", text: "court"), Document(id: "big", text: String(repeating: "long ", count: 400)),
        ]
        let responses = try await Self.withClient {
            try await Self.callProcess($0, documents, handshake: Self.handshake(maxFrameBytes: 1024))
        }
        let bySequence = Dictionary(uniqueKeysWithValues: responses.map { ($0.sequence, $0) })
        #expect(bySequence[1]?.documents.map(\.text) == ["COURT"])
        #expect(bySequence[2]?.error?.code == "too-large")
        #expect(bySequence[2]?.error?.message.contains("'big'") == true)
    }

    @Test func aProcessCallWithoutItsHandshakeIsRefused() async throws {
        let error = try await #require(throws: RPCError.self) {
            try await Self.withClient { try await Self.callProcess($0, [Document(id: "a", text: "x")], handshake: nil) }
        }
        #expect(error.code == .failedPrecondition)
        #expect(error.message.contains(StageService.handshakeMetadataKey))
    }

    @Test func bytesThatAreNotAMessageAreAnInvalidArgument() throws {
        let error = try #require(throws: RPCError.self) {
            let _: ProcessRequest = try WireDeserializer<ProcessRequest>().deserialize([0xFF] as [UInt8])
        }
        #expect(error.code == .invalidArgument)
    }
}
