public import Logging

/// How to run one stage as child processes that speak the stage protocol (docs/stages.md).
///
/// A plain value with the protocol's defaults; the configuration loader fills it from a stage
/// entry (`run:`, `env`, `cwd`, `timeout`, `in_flight`, `restarts`, `concurrency`,
/// `max_frame_bytes`) and ``ProcessStage/init(_:)`` checks it.
public struct ExternalStageConfiguration: Sendable {
    /// The protocol's default for ``inFlight``.
    public static let defaultInFlight = 16
    /// The protocol's default for ``timeout``.
    public static let defaultTimeout: Duration = .seconds(60)
    /// The protocol's default for ``restarts``.
    public static let defaultRestarts = 5
    /// The protocol's default for ``maxFrameBytes``: 64 MiB.
    public static let defaultMaxFrameBytes = 64 << 20

    /// The stage name as configured: sent in the handshake, prefixed to the child's stderr lines,
    /// recorded in failures and provenance.
    public var name: String
    /// The program and its arguments. A program without a slash is looked up on `PATH` (the
    /// ``environment``'s, else the runner's); a relative path with a slash is resolved against
    /// ``workingDirectory`` (else the runner's current directory).
    public var command: [String]
    /// Variables added to (or replacing) the runner's environment.
    public var environment: [String: String]
    /// The children's current directory; `nil` for the runner's.
    public var workingDirectory: String?
    /// The stage's options as a JSON object, sent in the handshake.
    public var optionsJSON: String
    /// Child processes started for the stage (the YAML `concurrency`). At least 1.
    public var processes: Int
    /// Requests sent to one child before it answers (the YAML `in_flight`). At least 1.
    public var inFlight: Int
    /// How long a child may take over a document. A child with requests pending that answers
    /// none of them for this long is declared hung, killed, and replaced.
    public var timeout: Duration
    /// How long a child may take to answer the handshake.
    public var handshakeTimeout: Duration
    /// Children that may be replaced after a failure, over the whole run (the YAML `restarts`).
    public var restarts: Int
    /// The largest frame accepted from a child, and sent to it.
    public var maxFrameBytes: Int
    /// At the end of the run: how long a child has to exit after its stdin closes, before SIGTERM.
    public var exitGrace: Duration
    /// At the end of the run: how long after SIGTERM before SIGKILL.
    public var terminateGrace: Duration
    /// Receives the children's stderr lines (level info) and the supervisor's warnings.
    public var logger: Logger

    public init(
        name: String,
        command: [String],
        environment: [String: String] = [:],
        workingDirectory: String? = nil,
        optionsJSON: String = "{}",
        processes: Int = 1,
        inFlight: Int = ExternalStageConfiguration.defaultInFlight,
        timeout: Duration = ExternalStageConfiguration.defaultTimeout,
        handshakeTimeout: Duration = .seconds(30),
        restarts: Int = ExternalStageConfiguration.defaultRestarts,
        maxFrameBytes: Int = ExternalStageConfiguration.defaultMaxFrameBytes,
        exitGrace: Duration = .seconds(5),
        terminateGrace: Duration = .seconds(2),
        logger: Logger
    ) {
        self.name = name
        self.command = command
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.optionsJSON = optionsJSON
        self.processes = processes
        self.inFlight = inFlight
        self.timeout = timeout
        self.handshakeTimeout = handshakeTimeout
        self.restarts = restarts
        self.maxFrameBytes = maxFrameBytes
        self.exitGrace = exitGrace
        self.terminateGrace = terminateGrace
        self.logger = logger
    }

    /// The problems that make the configuration unusable, as sentences naming the YAML keys.
    var problems: [String] {
        var problems: [String] = []
        if command.isEmpty || command[0].isEmpty {
            problems.append("`run` needs a program to start")
        }
        if processes < 1 {
            problems.append("`concurrency` must be at least 1, got \(processes)")
        }
        if inFlight < 1 {
            problems.append("`in_flight` must be at least 1, got \(inFlight)")
        } else if inFlight > Int(UInt32.max) {
            problems.append("`in_flight` must be at most \(UInt32.max), got \(inFlight)")
        }
        if timeout <= .zero {
            problems.append("`timeout` must be positive, got \(timeout)")
        }
        if handshakeTimeout <= .zero {
            problems.append("the handshake timeout must be positive, got \(handshakeTimeout)")
        }
        if restarts < 0 {
            problems.append("`restarts` cannot be negative, got \(restarts)")
        }
        if maxFrameBytes < 1024 {
            problems.append("`max_frame_bytes` must be at least 1024, got \(maxFrameBytes)")
        }
        return problems
    }
}
