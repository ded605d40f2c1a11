/// Everything wrong with a configuration, each problem with its place, like a compiler's errors.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var location: SourceLocation?
        public var message: String
        /// A close known name (`normalize` for `normalise`), shown as "did you mean ...?".
        public var suggestion: String?

        public init(_ message: String, at location: SourceLocation?, suggestion: String? = nil) {
            self.location = location
            self.message = message
            self.suggestion = suggestion
        }

        /// `depeche.yaml:12:5: unknown stage 'normalise' (did you mean 'normalize'?)`
        public var description: String {
            var text = location.map { "\($0): " } ?? ""
            text += message
            if let suggestion {
                text += " (did you mean '\(suggestion)'?)"
            }
            return text
        }
    }

    public var problems: [Problem]

    /// `depeche.yaml:3:5: warning: no 'export' stage: ...`, or `depeche: warning: ...` without a place.
    public static func warningLine(_ problem: Problem) -> String {
        (problem.location.map { "\($0): " } ?? "depeche: ") + "warning: " + problem.message
    }

    public init(_ problems: [Problem]) {
        self.problems = problems
    }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}

/// The known name closest to `word`, when it is close enough to be a likely typo.
public func closestName(to word: String, in candidates: some Sequence<String>) -> String? {
    let lowered = word.lowercased()
    var best: (name: String, distance: Int)?
    for candidate in candidates {
        let distance = editDistance(lowered, candidate.lowercased())
        if best.map({ distance < $0.distance }) ?? true {
            best = (candidate, distance)
        }
    }
    guard let best else { return nil }
    // Allow about one edit per three characters, at least one.
    let allowed = max(1, min(word.count, best.name.count) / 3)
    return best.distance <= allowed && best.distance > 0 ? best.name : nil
}

/// Levenshtein distance over Unicode scalars.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars)
    let b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
