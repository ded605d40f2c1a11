import DepecheCore
import Synchronization

/// The options a custom stage receives from the pipeline configuration, decoded from the
/// handshake's `options_json`.
///
/// ```yaml
/// - stage: quotes
///   run: [.build/release/quotes]
///   options: { minimum_words: 3, languages: [fr, en] }
/// ```
///
/// ```swift
/// init(options: StageProgramOptions) throws {
///     minimumWords = try options.integer("minimum_words") ?? 2
///     languages = try options.strings("languages") ?? ["fr"]
/// }
/// ```
///
/// Each getter returns `nil` when the option is absent (use `??` for its default) and throws
/// ``StageFailure`` with code `invalid-options` when it has another type. An option that the
/// stage's `init` never asks for is reported as unknown (most likely a typo in the YAML): the
/// stage then refuses to start, as the built-in stages do.
public struct StageProgramOptions: Sendable {
    private let values: [String: OptionJSONValue]
    private let reads: ReadNames

    /// Decodes a JSON object such as `{"minimum_words": 3}`; an empty string counts as `{}`.
    /// Throws ``StageFailure`` (`invalid-options`) for anything else.
    public init(json: String) throws {
        values = try OptionJSONValue.object(from: json)
        reads = ReadNames()
    }

    /// The names of the options that are set, sorted.
    public var names: [String] { values.keys.sorted() }

    /// A string option.
    public func string(_ name: String) throws -> String? {
        try value(name, expected: "a string") {
            if case .string(let value) = $0 { return value }
            return nil
        }
    }

    /// An integer option (`3`; `3.0` is accepted too).
    public func integer(_ name: String) throws -> Int? {
        try value(name, expected: "an integer") { $0.exactInteger }
    }

    /// A number option (`0.5` or `3`).
    public func number(_ name: String) throws -> Double? {
        try value(name, expected: "a number") { $0.numberValue }
    }

    /// A boolean option (`true` or `false`).
    public func boolean(_ name: String) throws -> Bool? {
        try value(name, expected: "true or false") {
            if case .boolean(let value) = $0 { return value }
            return nil
        }
    }

    /// A list of strings (`[fr, en]`); a single string reads as a list of one.
    public func strings(_ name: String) throws -> [String]? {
        try value(name, expected: "a list of strings") {
            switch $0 {
            case .strings(let values): values
            case .string(let value): [value]
            default: nil
            }
        }
    }

    /// The options that are set but were never asked for, sorted.
    var unreadNames: [String] {
        let read = reads.names
        return names.filter { !read.contains($0) }
    }

    /// The names the stage asked for, set or not, sorted.
    var askedNames: [String] { reads.names.sorted() }

    private func value<Value>(
        _ name: String,
        expected: String,
        _ convert: (OptionJSONValue) -> Value?
    ) throws -> Value? {
        reads.insert(name)
        guard let raw = values[name] else { return nil }
        guard let value = convert(raw) else {
            throw StageFailure(
                code: StageServer.invalidOptionsCode,
                message: "option '\(name)' must be \(expected), found \(raw.description)"
            )
        }
        return value
    }
}

/// The option names a stage has asked for, shared by the copies of one ``StageProgramOptions``.
private final class ReadNames: Sendable {
    private let storage = Mutex<Set<String>>([])

    func insert(_ name: String) {
        _ = storage.withLock { $0.insert(name) }
    }

    var names: Set<String> { storage.withLock { $0 } }
}
