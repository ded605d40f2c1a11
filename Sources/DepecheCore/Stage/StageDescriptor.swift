public import Logging

/// Describes a stage that can be named in a configuration: its options, with types and
/// defaults, and how to build it. `depeche stages` prints these; the configuration loader
/// checks every option against them.
public struct StageDescriptor: Sendable {
    public var name: String
    public var summary: String
    public var options: [OptionSpec]
    /// The most instances of `process` the runner should run at once by default.
    public var defaultConcurrency: Int
    public var make: @Sendable (StageSetup) throws -> any Stage

    public init(
        name: String,
        summary: String,
        options: [OptionSpec] = [],
        defaultConcurrency: Int = 0,
        make: @escaping @Sendable (StageSetup) throws -> any Stage
    ) {
        self.name = name
        self.summary = summary
        self.options = options
        self.defaultConcurrency = defaultConcurrency
        self.make = make
    }

    public func option(named name: String) -> OptionSpec? {
        options.first { $0.name == name }
    }

    /// The options with their defaults, as a stage gets them when the configuration sets none.
    public var defaultOptions: StageOptions {
        var values: [String: OptionValue] = [:]
        for spec in options {
            if let value = spec.defaultValue {
                values[spec.name] = value
            }
        }
        return StageOptions(values)
    }
}

/// One option a stage accepts.
public struct OptionSpec: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case string
        case integer(ClosedRange<Int>)
        case number
        case boolean
        /// A file or folder that must exist; relative paths are resolved against the
        /// configuration file's folder.
        case existingPath
        /// A path that will be written; resolved like ``existingPath``.
        case outputPath
        case choice([String])
        case stringList
        /// A list of files or folders that must exist, resolved like ``existingPath``.
        case existingPathList
        /// An ISO 8601 day (`2025-09-04`).
        case date
    }

    public var name: String
    public var kind: Kind
    /// `nil` when the option has no default (it is then optional and absent).
    public var defaultValue: OptionValue?
    public var help: String

    public init(_ name: String, _ kind: Kind, default defaultValue: OptionValue? = nil, help: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.help = help
    }

    /// How the type reads in messages and in `depeche stages`.
    public var typeDescription: String {
        switch kind {
        case .string: "string"
        case .integer(let range):
            switch (range.lowerBound, range.upperBound) {
            case (Int.min, Int.max): "integer"
            case (let low, Int.max): "integer ≥ \(low)"
            case (let low, let high): "integer \(low)...\(high)"
            }
        case .number: "number"
        case .boolean: "boolean"
        case .existingPath: "path (must exist)"
        case .outputPath: "path"
        case .choice(let choices): choices.map { "'\($0)'" }.joined(separator: " | ")
        case .stringList: "list of strings"
        case .existingPathList: "list of paths (must exist)"
        case .date: "date (YYYY-MM-DD)"
        }
    }
}

/// A checked option value.
public enum OptionValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case integer(Int)
    case number(Double)
    case boolean(Bool)
    case list([String])

    public var description: String {
        switch self {
        case .string(let value): value
        case .integer(let value): String(value)
        case .number(let value): String(value)
        case .boolean(let value): String(value)
        case .list(let values): "[" + values.joined(separator: ", ") + "]"
        }
    }
}

/// A stage's checked options with their defaults filled in.
public struct StageOptions: Sendable, Hashable {
    public var values: [String: OptionValue]

    public init(_ values: [String: OptionValue] = [:]) {
        self.values = values
    }

    public func string(_ name: String) -> String? {
        switch values[name] {
        case .string(let value)?: value
        default: nil
        }
    }

    public func integer(_ name: String) -> Int? {
        switch values[name] {
        case .integer(let value)?: value
        default: nil
        }
    }

    public func number(_ name: String) -> Double? {
        switch values[name] {
        case .number(let value)?: value
        case .integer(let value)?: Double(value)
        default: nil
        }
    }

    public func boolean(_ name: String) -> Bool? {
        switch values[name] {
        case .boolean(let value)?: value
        default: nil
        }
    }

    public func list(_ name: String) -> [String]? {
        switch values[name] {
        case .list(let value)?: value
        default: nil
        }
    }
}

/// Everything a stage factory receives.
public struct StageSetup: Sendable {
    public var options: StageOptions
    /// The run's export path (the configuration's `output`, or `--output`), absolute.
    public var outputPath: String?
    public var logger: Logger
    /// Where a stage that writes durable output (export) registers it, so that the run commits
    /// it in batches and can resume it; `nil` when the run keeps no state (the stage then
    /// publishes its output itself in `finish`).
    public var outputs: RunOutputs?
    /// The documents earlier runs wrote to the run's output, when it keeps them (a SQLite store).
    public var catalog: (any DocumentCatalog)?

    public init(
        options: StageOptions,
        outputPath: String? = nil,
        logger: Logger,
        outputs: RunOutputs? = nil,
        catalog: (any DocumentCatalog)? = nil
    ) {
        self.options = options
        self.outputPath = outputPath
        self.logger = logger
        self.outputs = outputs
        self.catalog = catalog
    }
}

/// The stages a configuration may name.
public struct StageRegistry: Sendable {
    public private(set) var descriptors: [StageDescriptor]

    public init(_ descriptors: [StageDescriptor]) {
        self.descriptors = descriptors
    }

    public subscript(name: String) -> StageDescriptor? {
        descriptors.first { $0.name == name }
    }

    public var names: [String] { descriptors.map(\.name) }
}
