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
        /// The stage's name (`normalize`).
        public var name: String
        /// How many documents the stage processes at once; `nil` for the stage's default.
        public var concurrency: Int?
        public var options: StageOptions
        public var location: SourceLocation?

        public init(
            name: String,
            concurrency: Int? = nil,
            options: StageOptions = StageOptions(),
            location: SourceLocation? = nil
        ) {
            self.name = name
            self.concurrency = concurrency
            self.options = options
            self.location = location
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
