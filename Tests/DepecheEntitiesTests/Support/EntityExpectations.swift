import DepecheCore

@testable import DepecheEntities

/// A span with its type, as a test expects it; offsets are code points.
struct ExpectedSpan: Hashable, CustomStringConvertible {
    var text: String
    var start: Int
    var end: Int
    var type: Entity.Kind?

    var description: String { "\(text)[\(start)..<\(end)]:\(type?.rawValue ?? "?")" }
}

/// The recognizer over the shipped data, shared by the tests (the data loads once per process).
let standardRecognizer = EntityRecognizer(resources: .standard)

func recognize(_ text: String, language: String? = "fr") -> [Entity] {
    standardRecognizer.entities(in: text, language: language)
}

func spans(_ text: String, language: String? = "fr") -> [ExpectedSpan] {
    recognize(text, language: language).map { ExpectedSpan(text: $0.text, start: $0.start, end: $0.end, type: $0.type) }
}

/// The span of the `occurrence`-th (0-based) `needle` in `text`, in code points.
func span(_ needle: String, in text: String, _ type: Entity.Kind, occurrence: Int = 0) -> ExpectedSpan {
    let haystack = Array(text.unicodeScalars)
    let pattern = Array(needle.unicodeScalars)
    var found = -1
    var index = 0
    var seen = 0
    while index + pattern.count <= haystack.count {
        if Array(haystack[index..<index + pattern.count]) == pattern {
            if seen == occurrence {
                found = index
                break
            }
            seen += 1
        }
        index += 1
    }
    precondition(found >= 0, "'\(needle)' is not in the test text")
    return ExpectedSpan(text: needle, start: found, end: found + pattern.count, type: type)
}

/// The canonical names of the entities of `text`, keyed by covered text.
func canonicals(_ text: String, language: String? = "fr") -> [String: String] {
    var result: [String: String] = [:]
    for entity in recognize(text, language: language) {
        result[entity.text] = entity.canonical
    }
    return result
}
