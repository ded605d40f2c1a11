/// A checked pipeline configuration: what a YAML file (or the command line) asks to run.
///
/// Build one with ``ConfigurationLoader``, which checks every key; paths in it are absolute.
public struct PipelineConfiguration: Sendable, Hashable {
    /// The inputs, in order. Each becomes one seed document for the first stage.
    public var inputs: [Input]
    /// Default reference date (ISO day) for documents without a publication date; `nil` when unset.
    public var referenceDate: String?
    /// The export path (absolute); `nil` when unset.
    public var output: String?
    /// The stage chain, in order.
    public var stages: [StageEntry]
    /// The configuration file (absolute), or `nil` for a configuration built in code.
    public var file: String?
    /// The part of the documents this run processes (`--shard I/N`); `nil` for all of them.
    public var shard: Shard?

    public init(
        inputs: [Input] = [],
        referenceDate: String? = nil,
        output: String? = nil,
        stages: [StageEntry] = [],
        file: String? = nil
    ) {
        self.inputs = inputs
        self.referenceDate = referenceDate
        self.output = output
        self.stages = stages
        self.file = file
    }

    /// One configured input: a file, a folder, a glob pattern or a URL.
    public struct Input: Sendable, Hashable {
        /// As written by the user (the seed document's id).
        public var written: String
        /// Resolved: an absolute path or pattern, or the URL unchanged.
        public var resolved: String
        public var location: SourceLocation?

        public init(written: String, resolved: String, location: SourceLocation? = nil) {
            self.written = written
            self.resolved = resolved
            self.location = location
        }
    }

    /// One stage of the chain with its checked options.
    public struct StageEntry: Sendable, Hashable {
        /// The stage's name (`normalize`; any name for a custom stage).
        public var name: String
        /// How many documents the stage processes at once (for a stage in child processes: how many
        /// children); `nil` for the stage's default.
        public var concurrency: Int?
        /// Checked options of a built-in stage (empty for a custom stage: see ``ProcessSettings/optionsJSON``).
        public var options: StageOptions
        /// Set when the stage runs in child processes (`run:` or `isolate: true`) or on gRPC
        /// servers (`remote:`).
        public var process: ProcessSettings?
        public var location: SourceLocation?

        public init(
            name: String,
            concurrency: Int? = nil,
            options: StageOptions = StageOptions(),
            process: ProcessSettings? = nil,
            location: SourceLocation? = nil
        ) {
            self.name = name
            self.concurrency = concurrency
            self.options = options
            self.process = process
            self.location = location
        }
    }

    /// How a stage that runs in child processes is started and supervised, or a stage on gRPC
    /// servers called (docs/stages.md).
    public struct ProcessSettings: Sendable, Hashable {
        /// The program and its arguments (`run:`); `nil` for an isolated built-in stage, which runs
        /// as `depeche stage NAME`, and for a remote stage.
        public var command: [String]?
        /// The servers of a remote stage (`remote:`), in the order written; `nil` for a stage in
        /// child processes.
        public var remote: [RemoteEndpoint]?
        /// The PEM file of the certificate authorities that sign the servers' certificates
        /// (`ca_file:`, absolute); `nil` for the system's.
        public var certificateAuthorities: String?
        /// Added to the runner's environment.
        public var environment: [String: String]
        /// The children's working directory (absolute); `nil` for the runner's.
        public var workingDirectory: String?
        /// Longest time one document may take, in seconds (for a remote stage, from the moment
        /// it is sent).
        public var timeout: Double
        /// Documents sent to one child (or one stream of a remote stage) before it answers.
        public var inFlight: Int
        /// Children that may be restarted over the whole run after a crash, hang or protocol error;
        /// for a remote stage, the streams that may be lost.
        public var restarts: Int
        /// The stage's options as sent in the handshake: a JSON object.
        public var optionsJSON: String
        /// The largest frame either side may send, in bytes.
        public var maxFrameBytes: Int

        public static let defaultTimeout = 60.0
        public static let defaultInFlight = 16
        public static let defaultRestarts = 5
        public static let defaultMaxFrameBytes = 64 << 20

        public init(
            command: [String]? = nil,
            remote: [RemoteEndpoint]? = nil,
            certificateAuthorities: String? = nil,
            environment: [String: String] = [:],
            workingDirectory: String? = nil,
            timeout: Double = defaultTimeout,
            inFlight: Int = defaultInFlight,
            restarts: Int = defaultRestarts,
            optionsJSON: String = "{}",
            maxFrameBytes: Int = defaultMaxFrameBytes
        ) {
            self.command = command
            self.remote = remote
            self.certificateAuthorities = certificateAuthorities
            self.environment = environment
            self.workingDirectory = workingDirectory
            self.timeout = timeout
            self.inFlight = inFlight
            self.restarts = restarts
            self.optionsJSON = optionsJSON
            self.maxFrameBytes = maxFrameBytes
        }
    }
}

/// A place in a configuration file: `depeche.yaml:12:5`.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based.
    public var line: Int
    /// 1-based, in Unicode scalars.
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}
