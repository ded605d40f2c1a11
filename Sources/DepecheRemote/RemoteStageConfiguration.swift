public import DepecheCore
public import Logging

/// How to call a stage served over gRPC (`remote:` in the configuration, docs/stages.md).
///
/// A plain value with the protocol's defaults; ``RemoteStage/init(_:)`` checks it.
public struct RemoteStageConfiguration: Sendable {
    /// The stage name as configured: sent in the handshake, recorded in failures and provenance.
    public var name: String
    /// The servers, in the order written. Documents go to the one with the fewest in flight.
    public var endpoints: [RemoteEndpoint]
    /// PEM file of the certificate authorities that sign the servers' certificates (`grpcs://`);
    /// `nil` for the system's trust store.
    public var certificateAuthorities: String?
    /// The stage's options as a JSON object, sent in the handshake.
    public var optionsJSON: String
    /// The run's reference date (ISO day), sent in the handshake.
    public var referenceDate: String?
    /// `Process` streams open to each server (the YAML `concurrency`). At least 1.
    public var streamsPerEndpoint: Int
    /// Documents sent on one stream before it answers (the YAML `in_flight`). At least 1.
    public var inFlight: Int
    /// How long a server may take over a document, from the moment it is sent. The stream is
    /// then given up, and its documents are retried.
    public var timeout: Duration
    /// How long a server may take to answer the handshake.
    public var handshakeTimeout: Duration
    /// Streams that may be lost (a server that crashed, hung or answered garbage) over the whole
    /// run (the YAML `restarts`); then the stage is down.
    public var restarts: Int
    /// The largest message accepted from a server, and sent to it.
    public var maxFrameBytes: Int
    /// First and longest wait between two attempts to reach a server that is not there.
    public var backoff: (initial: Duration, maximum: Duration)
    /// The supervisor's warnings.
    public var logger: Logger

    public init(
        name: String,
        endpoints: [RemoteEndpoint],
        certificateAuthorities: String? = nil,
        optionsJSON: String = "{}",
        referenceDate: String? = nil,
        streamsPerEndpoint: Int = 1,
        inFlight: Int = 16,
        timeout: Duration = .seconds(60),
        handshakeTimeout: Duration = .seconds(30),
        restarts: Int = 5,
        maxFrameBytes: Int = 64 << 20,
        backoff: (initial: Duration, maximum: Duration) = (.milliseconds(100), .seconds(5)),
        logger: Logger
    ) {
        self.name = name
        self.endpoints = endpoints
        self.certificateAuthorities = certificateAuthorities
        self.optionsJSON = optionsJSON
        self.referenceDate = referenceDate
        self.streamsPerEndpoint = streamsPerEndpoint
        self.inFlight = inFlight
        self.timeout = timeout
        self.handshakeTimeout = handshakeTimeout
        self.restarts = restarts
        self.maxFrameBytes = maxFrameBytes
        self.backoff = backoff
        self.logger = logger
    }

    /// The problems that make the configuration unusable, as sentences naming the YAML keys.
    var problems: [String] {
        var problems: [String] = []
        if endpoints.isEmpty { problems.append("`remote` needs at least one server address") }
        if streamsPerEndpoint < 1 { problems.append("`concurrency` must be at least 1, got \(streamsPerEndpoint)") }
        if inFlight < 1 || inFlight > Int(UInt32.max) {
            problems.append("`in_flight` must be from 1 to \(UInt32.max), got \(inFlight)")
        }
        if timeout <= .zero { problems.append("`timeout` must be positive, got \(timeout)") }
        if handshakeTimeout <= .zero { problems.append("the handshake timeout must be positive") }
        if restarts < 0 { problems.append("`restarts` cannot be negative, got \(restarts)") }
        if maxFrameBytes < 1024 { problems.append("`max_frame_bytes` must be at least 1024, got \(maxFrameBytes)") }
        if certificateAuthorities != nil, !endpoints.contains(where: \.usesTLS) {
            problems.append("`ca_file` is for grpcs:// servers, and none is listed")
        }
        return problems
    }
}
