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

/// `GRPCStageServer` over real HTTP/2 on 127.0.0.1, called by a `RemoteStage` and a plain gRPC
/// client: health, documents, and a graceful shutdown.
@Suite struct GRPCStageServerTests {
    /// Upper-cases each title; waits at `gate` first when one is set.
    struct Shout: Stage {
        let gate: Gate?
        var name: String { "shout" }
        var version: String { "1.0.0" }

        func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws {
            await gate?.pass()
            var document = document
            document.metadata.title = document.metadata.title.uppercased()
            try await emit(document)
        }
    }

    /// Holds documents until opened; `arrivals` yields once for each document held.
    final class Gate: Sendable {
        private let state = Mutex<(open: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))
        let arrivals: AsyncStream<Void>
        private let arrived: AsyncStream<Void>.Continuation

        init() {
            (arrivals, arrived) = AsyncStream.makeStream(of: Void.self)
        }

        func pass() async {
            await withCheckedContinuation { continuation in
                let open = state.withLock { state in
                    if !state.open { state.waiting.append(continuation) }
                    return state.open
                }
                if open { continuation.resume() } else { arrived.yield() }
            }
        }

        func open() {
            let waiting = state.withLock { state in
                state.open = true
                defer { state.waiting = [] }
                return state.waiting
            }
            for continuation in waiting { continuation.resume() }
        }
    }

    final class Titles: Sendable {
        private let titles = Mutex<[String]>([])
        var all: [String] { titles.withLock { $0 } }
        func append(_ title: String) { titles.withLock { $0.append(title) } }
    }

    @Test func aServerAnswersItsHealthAndDocumentsAndFinishesThemAtShutdown() async throws {
        let gate = Gate()
        let server = GRPCStageServer(
            configuration: .init(host: "127.0.0.1", port: 0),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        ) {
            _ in Shout(gate: gate)
        }
        let (addresses, address) = AsyncStream.makeStream(of: String.self)
        let serving = Task { try await server.run { address.yield($0) } }
        var iterator = addresses.makeAsyncIterator()
        let listening = try #require(await iterator.next())
        let port = try #require(Int(listening.split(separator: ":").last ?? ""))
        let endpoint = RemoteEndpoint(host: "127.0.0.1", port: port, usesTLS: false)

        // Health, with a plain gRPC client.
        let transport = try HTTP2ClientTransport.Posix(
            target: .ipv4(address: "127.0.0.1", port: port),
            transportSecurity: .plaintext
        )
        let status = try await withGRPCClient(transport: transport) { client in
            try await client.unary(
                request: ClientRequest(message: HealthCheckRequest(service: StageService.serviceName)),
                descriptor: HealthService.checkMethod,
                serializer: HealthRequestSerializer(),
                deserializer: HealthStatusDeserializer(),
                options: .defaults
            ) { try $0.message }
        }
        #expect(status == .serving)

        // Documents held at the gate when the shutdown begins are finished and answered.
        let stage = try RemoteStage(
            RemoteStageConfiguration(
                name: "shout",
                endpoints: [endpoint],
                logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
            )
        )
        try await stage.prepare()
        #expect(stage.version == "1.0.0")
        let outputs = Titles()
        let context = StageContext(
            stageName: "shout",
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let documents = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<3 {
                    group.addTask {
                        var document = Document(id: "d\(index)")
                        document.metadata.title = "titre \(index)"
                        try await stage.process(
                            document,
                            context: context,
                            emit: DocumentEmitter(
                                send: { output in outputs.append(output.metadata.title) },
                                fail: { _, _, _ in }
                            )
                        )
                    }
                }
                try await group.waitForAll()
            }
        }
        var arrivals = gate.arrivals.makeAsyncIterator()
        for _ in 0..<3 { await arrivals.next() }
        server.shutDown()
        gate.open()
        try await documents.value
        #expect(outputs.all.sorted() == ["TITRE 0", "TITRE 1", "TITRE 2"])
        await stage.stop()
        try await serving.value
    }
}
#endif
