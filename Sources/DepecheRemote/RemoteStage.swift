public import DepecheCore
import DepecheStageKit
import DepecheWire
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Logging
import Synchronization

/// A stage served over gRPC by one or more servers (`remote:`, docs/stages.md): `depeche serve`,
/// a ``StageProgram`` started with `--listen`, or any program that serves `depeche.v1.Stage`.
///
/// ``prepare()`` sends the handshake to every server, so that a stage that cannot run (another
/// protocol version, options it refuses, no server there) stops the run before any input is
/// read. Documents then travel on long-lived `Process` streams, `in_flight` at most on each,
/// spread over the servers (see ``RemoteScheduler``).
///
/// Supervision, as for child processes: a document unanswered after `timeout` gives up its
/// stream; a stream lost with documents in flight (the server crashed, hung, or answered
/// garbage) counts against `restarts`, and its documents are retried one at a time, each on a
/// stream of its own and on another server when there is one: a document lost again alone is
/// the one at fault and fails with `stage-timeout`, `stage-crashed` or `protocol-error`, the
/// others go on. A server shutting down gracefully hands its unanswered documents back, which go
/// elsewhere at no cost. Servers that cannot be reached are retried with a backoff.
public final class RemoteStage: PreparedStage {
    public let configuration: RemoteStageConfiguration
    private let clients: [GRPCClient<HTTP2ClientTransport.Posix>]
    private let connections: Mutex<[Task<Void, Never>]>
    private let scheduler: RemoteScheduler
    private let handshake: HandshakeRequest
    private let stageVersion = Mutex<String?>(nil)
    private let sequence = Atomic<UInt64>(0)
    /// One suspect at a time, so that a document that breaks its server is told apart.
    private let isolation = SharedSlots(limit: 1)
    private let watchdog = Mutex<Task<Void, Never>?>(nil)

    /// Checks the configuration and sets up a client for each server; connects to nothing yet.
    /// Throws a ``StageFailure`` (`invalid-options`) naming the problem.
    public init(_ configuration: RemoteStageConfiguration) throws {
        let problems = configuration.problems
        guard problems.isEmpty else {
            throw StageFailure(code: "invalid-options", message: problems.joined(separator: "; "))
        }
        self.configuration = configuration
        var clients: [GRPCClient<HTTP2ClientTransport.Posix>] = []
        for endpoint in configuration.endpoints {
            clients.append(try Self.client(for: endpoint, configuration: configuration))
        }
        self.clients = clients
        handshake = HandshakeRequest(
            protocolVersion: StageServer.protocolVersion,
            stageName: configuration.name,
            optionsJSON: configuration.optionsJSON,
            maxInFlight: configuration.inFlight,
            maxFrameBytes: configuration.maxFrameBytes,
            referenceDate: configuration.referenceDate ?? ""
        )
        let handshakeBytes: [UInt8]
        do {
            handshakeBytes = try WireCodec.encode(handshake)
        } catch {
            throw StageFailure(code: "invalid-options", message: "the handshake cannot be encoded: \(error)")
        }
        // Each Process call carries the handshake in a header, and servers take about 16 KiB of
        // headers (base64 makes it a third larger).
        guard handshakeBytes.count <= Self.maximumHandshakeBytes else {
            throw StageFailure(
                code: "invalid-options",
                message: "the options of stage '\(configuration.name)' take \(handshakeBytes.count) bytes in its "
                    + "handshake, over the \(Self.maximumHandshakeBytes) bytes a remote stage's handshake may take "
                    + "(it travels in a gRPC header); put long lists in a file the stage reads"
            )
        }
        scheduler = RemoteScheduler(configuration: configuration, clients: clients, handshake: handshakeBytes)
        connections = Mutex(
            clients.map { client in
                Task {
                    do {
                        try await client.runConnections()
                    } catch {
                        configuration.logger.warning(
                            "gRPC client stopped: \(GRPCErrorText.describe(error))",
                            metadata: ["stage": "\(configuration.name)"]
                        )
                    }
                }
            }
        )
    }

    deinit {
        terminate()
    }

    public var name: String { configuration.name }

    /// The version the servers gave in their handshake (`unknown` before the first one).
    public var version: String { stageVersion.withLock { $0 } ?? "unknown" }

    /// Calls worth running at once: every stream of every server with `in_flight` documents.
    public var recommendedConcurrency: Int {
        configuration.endpoints.count * configuration.streamsPerEndpoint * configuration.inFlight
    }

    /// Streams lost so far in this run (counted against `restarts`).
    public var restartsUsed: Int { scheduler.lossesCharged }

    public func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws {
        startWatchdog()
        let number = sequence.add(1, ordering: .relaxed).newValue
        let bytes: [UInt8]
        do {
            bytes = try WireCodec.encode(ProcessRequest(sequence: number, document: document))
        } catch {
            throw StageFailure(
                code: "invalid-document",
                message: "document '\(document.id)' cannot be sent to stage '\(name)': \(error)"
            )
        }
        guard bytes.count <= configuration.maxFrameBytes else {
            throw StageFailure(
                code: "frame-too-large",
                message: "document '\(document.id)' takes \(bytes.count) bytes on the wire, over the limit of "
                    + "\(configuration.maxFrameBytes) bytes for stage '\(name)'; raise the stage's `max_frame_bytes`"
            )
        }
        let request = EncodedRequest(sequence: number, bytes: bytes)
        var suspect = false
        var avoiding: RemoteEndpoint?
        while true {
            // A cancelled run sends nothing more.
            try Task.checkCancellation()
            let result: LaneResult
            let endpoint: RemoteEndpoint
            if suspect {
                await isolation.acquire()
                defer { isolation.release() }
                let lane = try await scheduler.isolatedLane(avoiding: avoiding)
                endpoint = lane.endpoint
                result = await lane.send(request)
                scheduler.release(isolated: lane)
            } else {
                let lane = try await scheduler.acquire(avoiding: avoiding)
                endpoint = lane.endpoint
                result = await lane.send(request)
            }
            scheduler.wake()
            switch result {
            case .answered(let response):
                if let error = response.error {
                    throw StageFailure(code: error.code, message: error.message)
                }
                for output in response.documents {
                    try await emit(output)
                }
                return
            case .lost(let loss) where loss.isCharged:
                guard suspect else {
                    // Retried alone, where its own fate tells whether it is at fault.
                    suspect = true
                    avoiding = endpoint
                    continue
                }
                throw Self.failure(loss, document: document.id, endpoint: endpoint, stage: name)
            case .lost:
                // The server is not there or is leaving: not the document's fault.
                avoiding = endpoint
            }
        }
    }

    /// The failure of a document lost alone.
    static func failure(_ loss: LaneLoss, document: String, endpoint: RemoteEndpoint, stage: String) -> StageFailure {
        switch loss.kind {
        case .timedOut:
            StageFailure(
                code: "stage-timeout",
                message: "stage '\(stage)' at \(endpoint) did not answer document '\(document)' in time, "
                    + "twice (the second time alone): \(loss.message); raise `timeout` if it is slow"
            )
        case .protocolError:
            StageFailure(
                code: "protocol-error",
                message: "stage '\(stage)' at \(endpoint) answered document '\(document)' with something that is "
                    + "not the stage protocol: \(loss.message)"
            )
        default:
            StageFailure(
                code: "stage-crashed",
                message: "stage '\(stage)' at \(endpoint) dropped the stream while processing document "
                    + "'\(document)', twice (the second time alone): \(loss.message); see the server's log"
            )
        }
    }

    /// Sends the handshake to every server and waits for the answers, so that a stage that cannot
    /// run is known before any document is read. Throws a ``StageFailure`` when a server refuses
    /// the stage, or when no server answers; a server that is not there while another is only
    /// gets a warning (it is tried again during the run).
    public func prepare() async throws {
        let outcomes = await withTaskGroup(of: (Int, Result<HandshakeResponse, any Error>).self) { group in
            for (index, client) in clients.enumerated() {
                group.addTask { [handshake, configuration] in
                    var options = CallOptions.defaults
                    options.timeout = configuration.handshakeTimeout
                    options.waitForReady = false
                    do {
                        let response = try await client.unary(
                            request: ClientRequest(message: handshake),
                            descriptor: StageService.handshakeMethod,
                            serializer: WireSerializer<HandshakeRequest>(),
                            deserializer: WireDeserializer<HandshakeResponse>(),
                            options: options
                        ) { try $0.message }
                        return (index, .success(response))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var outcomes: [(Int, Result<HandshakeResponse, any Error>)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes.sorted { $0.0 < $1.0 }
        }
        var refusals: [String] = []
        var unreachable: [String] = []
        var answers: [(RemoteEndpoint, HandshakeResponse)] = []
        for (index, outcome) in outcomes {
            let endpoint = configuration.endpoints[index]
            switch outcome {
            case .success(let response):
                guard response.protocolVersion == UInt32(StageServer.protocolVersion) else {
                    refusals.append(
                        "\(endpoint) speaks protocol version \(response.protocolVersion), the runner speaks "
                            + "version \(StageServer.protocolVersion)"
                    )
                    continue
                }
                answers.append((endpoint, response))
            case .failure(let error):
                let loss = RemoteLane.loss(from: error, accepted: false)
                switch loss.kind {
                case .refused, .protocolError: refusals.append("\(endpoint): \(loss.message)")
                default: unreachable.append("\(endpoint) (\(loss.message))")
                }
            }
        }
        if !refusals.isEmpty {
            throw StageFailure(
                code: "stage-refused",
                message: "stage '\(name)' cannot start: " + refusals.joined(separator: "; ")
            )
        }
        let names = Set(answers.map { "\($0.1.stageName) \($0.1.stageVersion)" })
        if names.count > 1 {
            let list = answers.map { "\($0.0) serves \($0.1.stageName) \($0.1.stageVersion)" }
            throw StageFailure(
                code: "stage-refused",
                message: "the servers of stage '\(name)' do not serve the same stage: " + list.joined(separator: "; ")
            )
        }
        guard let first = answers.first else {
            let certificate = unreachable.contains { $0.contains("CERTIFICATE_VERIFY_FAILED") }
            let advice =
                certificate
                ? "the server's certificate is not signed by an authority the runner trusts: give the authority's "
                    + "certificate with 'ca_file', or check the host name in 'remote'"
                : "start it there (depeche serve \(name) --listen HOST:PORT) or fix 'remote' in the configuration"
            throw StageFailure(
                code: "stage-unavailable",
                message: "no server of stage '\(name)' answers: \(unreachable.joined(separator: "; ")); \(advice)"
            )
        }
        stageVersion.withLock { $0 = first.1.stageVersion }
        for problem in unreachable {
            configuration.logger.warning(
                "server not reached, tried again during the run: \(problem)",
                metadata: ["stage": "\(name)"]
            )
        }
    }

    /// Closes the streams once their documents are answered, then the connections.
    public func finish(context: StageContext) async throws {
        await stop()
    }

    public func stop() async {
        watchdog.withLock { $0?.cancel() }
        // The streams end once their documents are answered; a server that does not end them
        // (hung, or not speaking HTTP/2) gets a few seconds, then they are dropped.
        let lanes = scheduler.close()
        await Self.within(Self.closingGrace) {
            for lane in lanes { await lane.waitForEnd() }
        } otherwise: {
            for lane in lanes { lane.end(LaneLoss(kind: .shuttingDown, message: "the run is ending")) }
        }
        for client in clients { client.beginGracefulShutdown() }
        let connections = connections.withLock { $0 }
        await Self.within(Self.closingGrace) {
            for task in connections { await task.value }
        } otherwise: {
            for task in connections { task.cancel() }
        }
    }

    /// The largest handshake (options and all) of a remote stage: it travels in a header.
    public static let maximumHandshakeBytes = 8192

    /// How long the streams and connections get to close at the end of a run.
    static let closingGrace: Duration = .seconds(5)

    /// Runs `work`; when it takes longer than `limit`, calls `otherwise`, which must make it end.
    static func within(
        _ limit: Duration,
        _ work: @escaping @Sendable () async -> Void,
        otherwise: @escaping @Sendable () -> Void
    ) async {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await work()
                return true
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            if await group.next() == false { otherwise() }
            group.cancelAll()
        }
    }

    /// Drops every stream and connection now; documents in flight fail. For a run that stops.
    public func terminate() {
        scheduler.declareDown(StageFailure(code: "cancelled", message: "the run is stopping"))
        watchdog.withLock { $0?.cancel() }
        for lane in scheduler.lanes { lane.end(LaneLoss(kind: .shuttingDown, message: "the run is stopping")) }
        for task in connections.withLock({ $0 }) { task.cancel() }
    }

    /// Gives up the streams whose oldest document has waited longer than `timeout`.
    private func startWatchdog() {
        watchdog.withLock { watchdog in
            guard watchdog == nil else { return }
            let interval = min(max(configuration.timeout / 10, .milliseconds(10)), .milliseconds(250))
            let limit = configuration.timeout
            watchdog = Task { [weak scheduler] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    guard let scheduler else { return }
                    let now = ContinuousClock.now
                    for lane in scheduler.lanes where lane.overdue(after: limit, now: now) {
                        lane.end(
                            LaneLoss(
                                kind: .timedOut,
                                message: "a document got no answer within \(Self.seconds(limit)) (timeout)"
                            )
                        )
                    }
                }
            }
        }
    }

    static func seconds(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }

    /// A client for one server: plain text or TLS, keepalive pings every 30 s, no wait for a
    /// server that is not there (the scheduler backs off itself).
    static func client(
        for endpoint: RemoteEndpoint,
        configuration: RemoteStageConfiguration
    ) throws -> GRPCClient<HTTP2ClientTransport.Posix> {
        let target: any ResolvableTarget =
            if endpoint.isIPAddress {
                endpoint.host.contains(":")
                    ? .ipv6(address: endpoint.host, port: endpoint.port)
                    : .ipv4(address: endpoint.host, port: endpoint.port)
            } else {
                .dns(host: endpoint.host, port: endpoint.port)
            }
        let security: HTTP2ClientTransport.Posix.TransportSecurity =
            if endpoint.usesTLS {
                .tls { tls in
                    if let file = configuration.certificateAuthorities {
                        tls.trustRoots = .certificates([.file(path: file, format: .pem)])
                    }
                }
            } else {
                .plaintext
            }
        do {
            let transport = try HTTP2ClientTransport.Posix(
                target: target,
                transportSecurity: security,
                config: .defaults { config in
                    config.connection.keepalive = .init(
                        time: .seconds(30),
                        timeout: .seconds(20),
                        allowWithoutCalls: false
                    )
                    config.backoff = .init(
                        initial: configuration.backoff.initial,
                        max: configuration.backoff.maximum,
                        multiplier: 2,
                        jitter: 0.2
                    )
                }
            )
            return GRPCClient(transport: transport)
        } catch {
            throw StageFailure(
                code: "invalid-options",
                message: "stage '\(configuration.name)': cannot set up a client for \(endpoint): "
                    + GRPCErrorText.describe(error)
            )
        }
    }
}
