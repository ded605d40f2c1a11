import DepecheCore
import Foundation

/// One value of a handshake's `options_json` object. The protocol allows strings, numbers,
/// booleans and lists of strings; `null` reads as an absent option.
enum OptionJSONValue: Sendable, Hashable, Decodable {
    case string(String)
    case integer(Int)
    case number(Double)
    case boolean(Bool)
    case strings([String])
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .boolean(flag)
        } else if let integer = try? container.decode(Int.self) {
            self = .integer(integer)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let list = try? container.decode([String].self) {
            self = .strings(list)
        } else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected a string, a number, a boolean or a list of strings"
            )
        }
    }

    /// How the value reads in a message: `'fr'`, `3`, `true`, `a list of 2 strings`.
    var description: String {
        switch self {
        case .string(let value): "'\(value)'"
        case .integer(let value): String(value)
        case .number(let value): String(value)
        case .boolean(let value): String(value)
        case .strings(let values): "a list of \(values.count) string\(values.count == 1 ? "" : "s")"
        case .null: "null"
        }
    }

    /// The value as an exact integer: an integer, or a number with no fractional part.
    var exactInteger: Int? {
        switch self {
        case .integer(let value): value
        case .number(let value): Int(exactly: value)
        default: nil
        }
    }

    var numberValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// Parses `options_json`: a JSON object (an empty string counts as `{}`, proto3's default).
    /// Throws ``StageFailure`` with code `invalid-options`, naming the problem.
    static func object(from json: String) throws -> [String: OptionJSONValue] {
        guard !json.allSatisfy(\.isWhitespace) else { return [:] }
        do {
            let values = try JSONDecoder().decode([String: OptionJSONValue].self, from: Data(json.utf8))
            return values.filter { $0.value != .null }
        } catch {
            throw StageFailure(
                code: StageServer.invalidOptionsCode,
                message: "options_json is not a JSON object of strings, numbers, booleans and lists of strings "
                    + "(\(Self.reason(error)))"
            )
        }
    }

    private static func reason(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(describing: error) }
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context),
            .keyNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "option '\(path)': \(context.debugDescription)"
        @unknown default:
            return String(describing: error)
        }
    }
}
