public import DepecheWire
public import GRPCCore
import Synchronization

/// The standard gRPC health service, `grpc.health.v1.Health` (`proto/grpc/health/v1/health.proto`),
/// so that load balancers, Kubernetes probes and `grpc_health_probe` can check a stage server.
///
/// - `Check` answers the status of a service ("" is the whole server), `NOT_FOUND` for a service
///   the server does not know.
/// - `Watch` streams the status now, then each change, until the client ends the call or the
///   server calls ``shutDown()`` (`SERVICE_UNKNOWN` for a service it does not know, until it
///   becomes known).
public final class HealthService: RegistrableRPCService {
    public static let serviceName = "grpc.health.v1.Health"
    public static let checkMethod = MethodDescriptor(fullyQualifiedService: serviceName, method: "Check")
    public static let watchMethod = MethodDescriptor(fullyQualifiedService: serviceName, method: "Watch")

    private struct State {
        var statuses: [String: ServingStatus]
        var watchers: [Int: (service: String, continuation: AsyncStream<ServingStatus>.Continuation)] = [:]
        var nextWatcher = 0
        var isShutDown = false
    }
    private let state: Mutex<State>

    /// A health service that reports `services` (and "", the whole server) as serving.
    public init(services: [String]) {
        var statuses = Dictionary(uniqueKeysWithValues: services.map { ($0, ServingStatus.serving) })
        statuses[""] = .serving
        state = Mutex(State(statuses: statuses))
    }

    /// Sets the status of `service` ("" for the whole server) and tells its watchers; does
    /// nothing after ``shutDown()``.
    public func set(_ status: ServingStatus, for service: String) {
        state.withLock { state in
            // After shutDown, the server stays NOT_SERVING.
            guard !state.isShutDown, state.statuses[service] != status else { return }
            state.statuses[service] = status
            for watcher in state.watchers.values where watcher.service == service {
                watcher.continuation.yield(status)
            }
        }
    }

    /// Every service becomes `NOT_SERVING` and every `Watch` call ends, so that a graceful
    /// shutdown does not wait for them.
    public func shutDown() {
        let (watchers, before) = state.withLock { state in
            let before = state.statuses
            state.isShutDown = true
            for service in state.statuses.keys { state.statuses[service] = .notServing }
            defer { state.watchers = [:] }
            return (Array(state.watchers.values), before)
        }
        for watcher in watchers {
            if before[watcher.service] != .notServing { watcher.continuation.yield(.notServing) }
            watcher.continuation.finish()
        }
    }

    /// The status of `service`, `nil` when the server does not know it.
    public func status(of service: String) -> ServingStatus? {
        state.withLock { $0.statuses[service] }
    }

    public func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: Self.checkMethod,
            deserializer: HealthRequestDeserializer(),
            serializer: HealthStatusSerializer()
        ) { [self] request, _ in
            let service = try await ServerRequest(stream: request).message.service
            guard let status = status(of: service) else {
                throw RPCError(code: .notFound, message: "unknown service '\(service)'")
            }
            return StreamingServerResponse(single: ServerResponse(message: status))
        }
        router.registerHandler(
            forMethod: Self.watchMethod,
            deserializer: HealthRequestDeserializer(),
            serializer: HealthStatusSerializer()
        ) { [self] request, _ in
            let service = try await ServerRequest(stream: request).message.service
            return StreamingServerResponse { [self] writer in
                let (updates, identifier) = watch(service)
                // Also when a write fails: the watcher must not stay registered.
                defer { unwatch(identifier) }
                try await withRPCCancellationHandler {
                    for await status in updates { try await writer.write(status) }
                } onCancelRPC: { [self] in
                    unwatch(identifier)
                }
                return [:]
            }
        }
    }

    /// A stream of `service`'s status, starting with the current one, and its watcher's number.
    private func watch(_ service: String) -> (AsyncStream<ServingStatus>, Int) {
        let (stream, continuation) = AsyncStream.makeStream(of: ServingStatus.self)
        let identifier = state.withLock { state in
            continuation.yield(state.statuses[service] ?? .serviceUnknown)
            guard !state.isShutDown else {
                continuation.finish()
                return -1
            }
            state.nextWatcher += 1
            state.watchers[state.nextWatcher] = (service, continuation)
            return state.nextWatcher
        }
        return (stream, identifier)
    }

    private func unwatch(_ identifier: Int) {
        state.withLock { $0.watchers.removeValue(forKey: identifier) }?.continuation.finish()
    }
}

/// gRPC's (de)serializers of the health messages, packed by protobuf-c. Bytes that do not decode
/// are an `invalidArgument` on a server and an `internalError` on a client.
public struct HealthRequestDeserializer: MessageDeserializer {
    public init() {}

    public func deserialize<Bytes: GRPCContiguousBytes>(
        _ serializedMessageBytes: Bytes
    ) throws
        -> HealthCheckRequest
    {
        do {
            return try WireCodec.decode(
                serializedMessageBytes.withUnsafeBytes { Array($0) },
                as: HealthCheckRequest.self
            )
        } catch {
            throw RPCError(code: .invalidArgument, message: (error as? WireError)?.message ?? "\(error)")
        }
    }
}

public struct HealthRequestSerializer: MessageSerializer {
    public init() {}

    public func serialize<Bytes: GRPCContiguousBytes>(_ message: HealthCheckRequest) throws -> Bytes {
        Bytes(try WireCodec.encode(message))
    }
}

public struct HealthStatusSerializer: MessageSerializer {
    public init() {}

    public func serialize<Bytes: GRPCContiguousBytes>(_ message: ServingStatus) throws -> Bytes {
        Bytes(try WireCodec.encode(message))
    }
}

public struct HealthStatusDeserializer: MessageDeserializer {
    public init() {}

    public func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> ServingStatus {
        do {
            return try WireCodec.decode(serializedMessageBytes.withUnsafeBytes { Array($0) }, as: ServingStatus.self)
        } catch {
            throw RPCError(code: .internalError, message: (error as? WireError)?.message ?? "\(error)")
        }
    }
}
