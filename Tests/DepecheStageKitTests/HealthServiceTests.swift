import DepecheStageKit
import DepecheWire
import GRPCCore
import GRPCInProcessTransport
import Testing

/// The standard `grpc.health.v1.Health` service over gRPC's in-process transport.
@Suite struct HealthServiceTests {
    /// Runs `body` with a client of a server holding `health` alone.
    static func withClient<Result: Sendable>(
        _ health: HealthService,
        _ body: @Sendable (GRPCClient<InProcessTransport.Client>) async throws -> Result
    ) async throws -> Result {
        let transport = InProcessTransport()
        let server = GRPCServer(transport: transport.server, services: [health])
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.serve() }
            defer { server.beginGracefulShutdown() }
            return try await withGRPCClient(transport: transport.client) { try await body($0) }
        }
    }

    static func check(_ client: GRPCClient<InProcessTransport.Client>, _ service: String) async throws -> ServingStatus
    {
        try await client.unary(
            request: ClientRequest(message: HealthCheckRequest(service: service)),
            descriptor: HealthService.checkMethod,
            serializer: HealthRequestSerializer(),
            deserializer: HealthStatusDeserializer(),
            options: .defaults
        ) { try $0.message }
    }

    /// Watches `service` until the server ends the call; `onStatus` sees each status and how
    /// many have arrived. Returns them all.
    static func watch(
        _ client: GRPCClient<InProcessTransport.Client>,
        _ service: String,
        onStatus: @escaping @Sendable (_ count: Int) -> Void
    ) async throws -> [ServingStatus] {
        try await client.serverStreaming(
            request: ClientRequest(message: HealthCheckRequest(service: service)),
            descriptor: HealthService.watchMethod,
            serializer: HealthRequestSerializer(),
            deserializer: HealthStatusDeserializer(),
            options: .defaults
        ) { response in
            var seen: [ServingStatus] = []
            for try await status in response.messages {
                seen.append(status)
                onStatus(seen.count)
            }
            return seen
        }
    }

    @Test func checkAnswersTheStatusOfTheServerAndOfEachService() async throws {
        let health = HealthService(services: [StageService.serviceName])
        try await Self.withClient(health) { client in
            #expect(try await Self.check(client, "") == .serving)
            #expect(try await Self.check(client, StageService.serviceName) == .serving)
            health.set(.notServing, for: StageService.serviceName)
            #expect(try await Self.check(client, StageService.serviceName) == .notServing)
            let error = try await #require(throws: RPCError.self) { try await Self.check(client, "other.Service") }
            #expect(error.code == .notFound)
        }
    }

    @Test func watchStreamsEachChangeAndEndsAtShutdown() async throws {
        let health = HealthService(services: [StageService.serviceName])
        let seen = try await Self.withClient(health) { client in
            // Each change is made once the previous status has arrived: no timing involved.
            try await Self.watch(client, StageService.serviceName) { count in
                switch count {
                case 1: health.set(.notServing, for: StageService.serviceName)
                case 2: health.set(.serving, for: StageService.serviceName)
                default: health.shutDown()
                }
            }
        }
        #expect(seen == [.serving, .notServing, .serving, .notServing])
        #expect(health.status(of: "") == .notServing)
        // A shut-down server does not come back.
        health.set(.serving, for: "")
        #expect(health.status(of: "") == .notServing)
    }

    @Test func anUnknownServiceIsWatchedAsUnknown() async throws {
        let health = HealthService(services: [])
        let seen = try await Self.withClient(health) { client in
            try await Self.watch(client, "other.Service") { _ in health.shutDown() }
        }
        // Unknown, then not serving when the server shuts down, which ends the call.
        #expect(seen == [.serviceUnknown, .notServing])
    }

    @Test func theMessagesHaveTheStandardBytes() throws {
        // As grpcio-health-checking and grpc_health_probe write and read them.
        #expect(try WireCodec.encode(ServingStatus.serving) == [0x08, 0x01])
        #expect(try WireCodec.encode(HealthCheckRequest(service: "a")) == [0x0A, 0x01, 0x61])
        #expect(try WireCodec.decode([0x08, 0x02], as: ServingStatus.self) == .notServing)
        #expect(try WireCodec.decode([0x08, 0x09], as: ServingStatus.self) == .unknown)
        #expect(
            try WireCodec.decode([0x0A, 0x01, 0x61], as: HealthCheckRequest.self) == HealthCheckRequest(service: "a")
        )
    }
}
