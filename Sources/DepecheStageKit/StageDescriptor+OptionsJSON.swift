public import DepecheCore
import Foundation

extension StageDescriptor {
    /// The checked options of this built-in stage from a handshake's `options_json`, with the
    /// defaults filled in for the options it does not set; what `depeche stage NAME` builds the
    /// stage with.
    ///
    /// Each JSON value is read by its ``OptionSpec`` kind, as the configuration loader reads YAML:
    /// a string for `string`, `choice`, `date` and the paths; an integer (in range) for `integer`;
    /// an integer or a number for `number`; `true`/`false` for `boolean`; a list of strings (or one
    /// string) for the lists. Relative paths are resolved against `directory`, and the paths that
    /// must exist are checked.
    ///
    /// Throws ``StageFailure`` with code `invalid-options` listing every problem (an option the
    /// stage does not have, a value of the wrong type, a missing file), separated by `; `; the
    /// messages do not repeat the stage's name.
    public func options(fromJSON json: String, relativeTo directory: String) throws -> StageOptions {
        let values = try OptionJSONValue.object(from: json)
        var options = defaultOptions
        var problems: [String] = []
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            guard let spec = option(named: key) else {
                let names = self.options.map { "'\($0.name)'" }
                let known =
                    names.isEmpty ? "the stage takes no options" : "its options are " + names.joined(separator: ", ")
                problems.append("unknown option '\(key)'; \(known)")
                continue
            }
            switch OptionReader(spec: spec, directory: directory).read(value) {
            case .success(let checked): options.values[key] = checked
            case .failure(let problem): problems.append(problem.message)
            }
        }
        guard problems.isEmpty else {
            throw StageFailure(code: StageServer.invalidOptionsCode, message: problems.joined(separator: "; "))
        }
        return options
    }
}

/// Reads one JSON option value by its spec.
private struct OptionReader {
    struct Problem: Error {
        var message: String
    }

    let spec: OptionSpec
    let directory: String

    func read(_ value: OptionJSONValue) -> Result<OptionValue, Problem> {
        switch spec.kind {
        case .string:
            return string(value, expected: "a string").map(OptionValue.string)
        case .integer(let range):
            guard let integer = value.exactInteger else { return wrongType(value, expected: "an integer") }
            guard range.contains(integer) else {
                return fail("must be between \(range.lowerBound) and \(range.upperBound), found \(integer)")
            }
            return .success(.integer(integer))
        case .number:
            guard let number = value.numberValue else { return wrongType(value, expected: "a number") }
            return .success(.number(number))
        case .boolean:
            guard case .boolean(let flag) = value else { return wrongType(value, expected: "true or false") }
            return .success(.boolean(flag))
        case .existingPath:
            return string(value, expected: "a path").flatMap(existingPath).map(OptionValue.string)
        case .outputPath:
            return string(value, expected: "a path").map { .string(PathResolver.absolute($0, relativeTo: directory)) }
        case .choice(let choices):
            return string(value, expected: "a string").flatMap { choice in
                guard choices.contains(choice) else {
                    return fail(
                        "must be one of \(choices.map { "'\($0)'" }.joined(separator: ", ")), found '\(choice)'"
                    )
                }
                return .success(.string(choice))
            }
        case .stringList:
            return strings(value, expected: "a list of strings").map(OptionValue.list)
        case .existingPathList:
            return strings(value, expected: "a list of paths").flatMap { paths in
                var resolved: [String] = []
                for path in paths {
                    switch existingPath(path) {
                    case .success(let absolute): resolved.append(absolute)
                    case .failure(let problem): return .failure(problem)
                    }
                }
                return .success(.list(resolved))
            }
        case .date:
            return string(value, expected: "a date like 2025-09-04").flatMap { text in
                guard let day = ISODay(text) else { return fail("must be a date like 2025-09-04, found '\(text)'") }
                return .success(.string(day.description))
            }
        }
    }

    private func string(_ value: OptionJSONValue, expected: String) -> Result<String, Problem> {
        guard case .string(let text) = value else { return wrongType(value, expected: expected) }
        return .success(text)
    }

    private func strings(_ value: OptionJSONValue, expected: String) -> Result<[String], Problem> {
        switch value {
        case .strings(let values): .success(values)
        case .string(let value): .success([value])
        default: wrongType(value, expected: expected)
        }
    }

    private func existingPath(_ path: String) -> Result<String, Problem> {
        let absolute = PathResolver.absolute(path, relativeTo: directory)
        guard FileManager.default.fileExists(atPath: absolute) else {
            return fail("names '\(path)', which does not exist")
        }
        return .success(absolute)
    }

    private func wrongType<Value>(_ value: OptionJSONValue, expected: String) -> Result<Value, Problem> {
        fail("must be \(expected), found \(value.description)")
    }

    private func fail<Value>(_ message: String) -> Result<Value, Problem> {
        .failure(Problem(message: "option '\(spec.name)' \(message)"))
    }
}
