#if GRPC
public import DepecheWire
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
public import Logging

/// A stage served over gRPC (HTTP/2): ``StageService`` and ``HealthService`` behind one listening
/// address, as `depeche serve STAGE` and a ``StageProgram`` started with `--listen` run it.
///
/// ```swift
/// let server = GRPCStageServer(configuration: .init(host: "127.0.0.1", port: 0), logger: logger) { handshake in
///     try MyStage(optionsJSON: handshake.optionsJSON)
/// }
/// try await server.run { address in print("listening on \(address)") }
/// ```
///
/// ``shutDown()`` is graceful: the health service turns `NOT_SERVING`, every open `Process` stream
/// finishes the documents it has started and ends with `UNAVAILABLE` (`shutting-down: ...`), so
/// that the runner sends the rest elsewhere, no new call is taken, and ``run(onListening:)``
/// returns once the open calls have ended, or after the configuration's `grace` at the latest.
public final class GRPCStageServer: Sendable {
    /// Where and how to listen.
    public struct Configuration: Sendable {
        /// An IP address (`127.0.0.1`, `0.0.0.0`, `::1`) or `localhost`.
        public var host: String
        /// 0 for any free port (see the address given to ``GRPCStageServer/run(onListening:)``).
        public var port: Int
        /// The most `Process` and `Handshake` calls open at once on one connection.
        public var maximumStreams: Int
        /// The largest request message accepted (a document with its text).
        public var maximumMessageBytes: Int
        /// PEM files of the certificate chain and its private key, for TLS (`grpcs://`); `nil` for
        /// plain text.
        public var tls: (certificateChain: String, privateKey: String)?
        /// How long a graceful shutdown may take before the open calls are cancelled.
        public var grace: Duration

        public static let defaultMaximumStreams = 64
        public static let defaultMaximumMessageBytes = 64 << 20
        public static let defaultGrace: Duration = .seconds(30)

        public init(
            host: String = "127.0.0.1",
            port: Int,
            maximumStreams: Int = defaultMaximumStreams,
            maximumMessageBytes: Int = defaultMaximumMessageBytes,
            tls: (certificateChain: String, privateKey: String)? = nil,
            grace: Duration = defaultGrace
        ) {
            self.host = host
            self.port = port
            self.maximumStreams = maximumStreams
            self.maximumMessageBytes = maximumMessageBytes
            self.tls = tls
            self.grace = grace
        }

        /// `HOST:PORT` (`[::1]:PORT` for IPv6), as `--listen` takes it; `nil` with a sentence
        /// saying what is wrong.
        public static func parseListen(_ text: String) -> Result<(host: String, port: Int), ListenError> {
            var host: Substring
            let portText: Substring
            switch RemoteEndpoint.split(Substring(text)) {
            case .success(let parts): (host, portText) = parts
            case .failure(.ipv6):
                return .failure(ListenError(text: text, reason: "an IPv6 address is written [::1]:PORT"))
            case .failure(.noPort):
                return .failure(ListenError(text: text, reason: "give HOST:PORT, for example 127.0.0.1:50051"))
            }
            if host == "localhost" { host = "127.0.0.1" }
            guard let port = Int(portText), (0...65535).contains(port) else {
                return .failure(ListenError(text: text, reason: "the port must be a number from 0 to 65535"))
            }
            guard RemoteEndpoint.isIPAddress(String(host)) else {
                return .failure(
                    ListenError(text: text, reason: "the host must be an IP address (127.0.0.1, 0.0.0.0, ::1)")
                )
            }
            return .success((String(host), port))
        }
    }

    /// Why a `--listen` value cannot be used.
    public struct ListenError: Error, CustomStringConvertible {
        public var text: String
        public var reason: String
        public var description: String { "'\(text)' is not an address to listen on: \(reason)" }
    }

    public let configuration: Configuration
    private let stageService: StageService
    private let health: HealthService
    private let logger: Logger
    private let stopper = ShutdownSignal()

    /// Serves the stage that `makeStage` builds from a handshake (its `options_json` above all);
    /// an error thrown by `makeStage` refuses the handshake with `invalid-options`.
    public init(
        configuration: Configuration,
        referenceDate: String? = nil,
        logger: Logger,
        makeStage: @escaping @Sendable (HandshakeRequest) throws -> any Stage
    ) {
        self.configuration = configuration
        self.logger = logger
        stageService = StageService(referenceDate: referenceDate, logger: logger, makeStage: makeStage)
        health = HealthService(services: [StageService.serviceName])
    }

    /// Listens, calls `onListening` with the bound address (`127.0.0.1:50051`), and serves until
    /// ``shutDown()`` and the end of the open calls. Throws when the address cannot be bound or a
    /// TLS file cannot be read.
    public func run(onListening: @escaping @Sendable (String) -> Void = { _ in }) async throws {
        let address: SocketAddress =
            configuration.host.contains(":")
            ? .ipv6(host: configuration.host, port: configuration.port)
            : .ipv4(host: configuration.host, port: configuration.port)
        let security: HTTP2ServerTransport.Posix.TransportSecurity =
            if let tls = configuration.tls {
                .tls(
                    certificateChain: [.file(path: tls.certificateChain, format: .pem)],
                    privateKey: .file(path: tls.privateKey, format: .pem)
                )
            } else {
                .plaintext
            }
        let maximumStreams = configuration.maximumStreams
        let maximumMessageBytes = configuration.maximumMessageBytes
        let grace = configuration.grace
        let transport = HTTP2ServerTransport.Posix(
            address: address,
            transportSecurity: security,
            config: .defaults { config in
                config.http2.maxConcurrentStreams = maximumStreams
                config.rpc.maxRequestPayloadSize = maximumMessageBytes
                // The streams end on their own at `grace` (abandonShutdown()); the connections
                // a little later.
                config.connection.maxGraceTime = grace + .seconds(5)
                // Notice a runner that went away without closing its connection, and let
                // runners check theirs (they ping every 30 s).
                config.connection.keepalive = .init(
                    time: .seconds(60),
                    timeout: .seconds(20),
                    clientBehavior: .init(minPingIntervalWithoutCalls: .seconds(10), allowWithoutCalls: true)
                )
            }
        )
        let server = GRPCServer(transport: transport, services: [stageService, health])
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.serve() }
            let bound: SocketAddress
            do {
                bound = try await transport.listeningAddress
            } catch {
                group.cancelAll()
                throw error
            }
            let text =
                if let v4 = bound.ipv4 {
                    "\(v4.host):\(v4.port)"
                } else if let v6 = bound.ipv6 {
                    "[\(v6.host)]:\(v6.port)"
                } else {
                    "\(bound)"
                }
            logger.info(
                "serving",
                metadata: [
                    "address": "\(text)", "tls": "\(configuration.tls != nil)", "max_streams": "\(maximumStreams)",
                ]
            )
            onListening(text)
            group.addTask { [stopper, stageService, health, logger] in
                // Waits for shutDown(), then stops taking work and lets the open calls end.
                let (stopped, stop) = AsyncStream.makeStream(of: Void.self)
                let token = stopper.register { stop.finish() }
                defer { stopper.unregister(token) }
                for await _ in stopped {}
                guard !Task.isCancelled else { return }
                logger.info("shutting down: finishing the documents in flight")
                health.shutDown()
                stageService.beginShutdown()
                server.beginGracefulShutdown()
                // The open calls end on their own; a grace period bounds how long. Then the
                // documents still running are given up and handed back to the runners.
                try? await Task.sleep(for: grace)
                guard !Task.isCancelled else { return }
                logger.warning("shutdown: documents still running after \(grace) are handed back")
                stageService.abandonShutdown()
                try? await Task.sleep(for: .seconds(5))
                throw CancellationError()
            }
            // The server returns once every call has ended after the shutdown; the grace timer
            // ends it otherwise.
            do {
                _ = try await group.next()
            } catch is CancellationError {
                logger.warning("shutdown: calls still open after the grace period were cancelled")
            }
            group.cancelAll()
        }
    }

    /// Starts a graceful shutdown (see the type's description). Safe to call more than once.
    public func shutDown() {
        stopper.begin()
    }
}

extension GRPCStageServer {
    /// Runs the server until SIGTERM or SIGINT, which start a graceful shutdown, and prints
    /// `listening on HOST:PORT` to standard output once it listens. Returns the exit status: 0
    /// after a shutdown, 1 when it cannot listen.
    public func serveUntilSignalled() async -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in shutDown() }
            source.resume()
            return source
        }
        defer { for source in sources { source.cancel() } }
        do {
            try await run { address in
                // One line that scripts and tests wait for.
                FileHandle.standardOutput.write(Data("listening on \(address)\n".utf8))
            }
            return 0
        } catch {
            logger.error(
                "cannot serve on \(configuration.host):\(configuration.port): \(GRPCErrorText.describe(error))"
            )
            return 1
        }
    }
}
#endif
