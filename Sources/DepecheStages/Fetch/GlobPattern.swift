/// A shell-style path pattern: `*` and `?` within a name, `[abc]`, `[a-z]`, `[!abc]` (or `[^abc]`),
/// `\` to quote the next character, and `**` as a whole component for any number of folders.
///
/// As in shells, a name starting with `.` is matched only by a component that starts with `.`
/// itself, and `**` never enters hidden folders.
public struct GlobPattern: Sendable {
    enum Component: Sendable {
        case anyDepth
        case name(NamePattern)
    }

    /// The folder to walk from: the leading components that hold no pattern character.
    let base: String
    /// The components below ``base``, at least one.
    let components: [Component]

    /// Splits an absolute pattern, or returns `nil` when it holds no pattern character.
    public init?(_ pattern: String) {
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let first = parts.firstIndex(where: GlobPattern.hasPatternCharacter) else { return nil }
        base = "/" + parts[..<first].joined(separator: "/")
        components = parts[first...].map { $0 == "**" ? .anyDepth : .name(NamePattern($0)) }
    }

    static func hasPatternCharacter(_ text: String) -> Bool {
        text.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// The set of positions in ``components`` reached after the names consumed so far.
    struct State: Sendable, Hashable {
        fileprivate var positions: [Int]
    }

    var start: State { closure([0]) }

    /// The state after entering the folder `name`, or `nil` when nothing below it can match.
    func enter(_ state: State, folder name: String) -> State? {
        let next = advance(state, name)
        return next.positions.contains { $0 < components.count } ? next : nil
    }

    /// True when the file `name`, in a folder reached with `state`, matches.
    func matches(_ state: State, file name: String) -> Bool {
        advance(state, name).positions.contains(components.count)
    }

    /// True when the absolute file `path` is one the pattern matches (without looking at the disk).
    public func matches(path: String) -> Bool {
        let prefix = base.hasSuffix("/") ? base : base + "/"
        guard path.hasPrefix(prefix) else { return false }
        let names = path.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: true)
        guard let file = names.last else { return false }
        var state = start
        for folder in names.dropLast() {
            guard let next = enter(state, folder: String(folder)) else { return false }
            state = next
        }
        return matches(state, file: String(file))
    }

    private func advance(_ state: State, _ name: String) -> State {
        let hidden = name.hasPrefix(".")
        var next: [Int] = []
        for position in state.positions where position < components.count {
            switch components[position] {
            case .anyDepth:
                if !hidden { next.append(position) }
            case .name(let pattern):
                if pattern.matches(name) { next.append(position + 1) }
            }
        }
        return closure(next)
    }

    /// Adds the positions reachable by letting a `**` match no folder.
    private func closure(_ positions: [Int]) -> State {
        var result: [Int] = []
        for var position in positions {
            while true {
                if !result.contains(position) { result.append(position) }
                guard position < components.count, case .anyDepth = components[position] else { break }
                position += 1
            }
        }
        return State(positions: result.sorted())
    }
}

/// A pattern for one name: `*.txt`, `page-??.htm`, `[a-c]*`.
struct NamePattern: Sendable {
    private enum Token: Sendable {
        case scalar(Unicode.Scalar)
        case anyScalar
        case anyRun
        case set(ranges: [ClosedRange<Unicode.Scalar>], negated: Bool)
    }

    private let tokens: [Token]
    private let startsWithDot: Bool

    init(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "*":
                if case .anyRun? = tokens.last { continue }
                tokens.append(.anyRun)
            case "?":
                tokens.append(.anyScalar)
            case "\\" where index < scalars.count:
                tokens.append(.scalar(scalars[index]))
                index += 1
            case "[":
                if let (set, next) = NamePattern.parseSet(scalars, from: index) {
                    tokens.append(set)
                    index = next
                } else {
                    tokens.append(.scalar("["))
                }
            default:
                tokens.append(.scalar(scalar))
            }
        }
        self.tokens = tokens
        startsWithDot = scalars.first == "."
    }

    /// Reads a bracket expression whose `[` is just before `start`: the token and the index after `]`.
    private static func parseSet(_ scalars: [Unicode.Scalar], from start: Int) -> (Token, Int)? {
        var index = start
        var negated = false
        if index < scalars.count, scalars[index] == "!" || scalars[index] == "^" {
            negated = true
            index += 1
        }
        var ranges: [ClosedRange<Unicode.Scalar>] = []
        var first = true
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "]", !first { return (.set(ranges: ranges, negated: negated), index + 1) }
            first = false
            if index + 2 < scalars.count, scalars[index + 1] == "-", scalars[index + 2] != "]" {
                let upper = scalars[index + 2]
                if scalar <= upper { ranges.append(scalar...upper) }
                index += 3
            } else {
                ranges.append(scalar...scalar)
                index += 1
            }
        }
        return nil
    }

    func matches(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        if scalars.first == ".", !startsWithDot { return false }
        // Iterative matching with one backtrack point: the last `*` seen.
        var (tokenIndex, scalarIndex) = (0, 0)
        var backtrack: (token: Int, scalar: Int)?
        while scalarIndex < scalars.count {
            if tokenIndex < tokens.count {
                switch tokens[tokenIndex] {
                case .anyRun:
                    backtrack = (tokenIndex, scalarIndex)
                    tokenIndex += 1
                    continue
                case .anyScalar:
                    tokenIndex += 1
                    scalarIndex += 1
                    continue
                case .scalar(let expected) where expected == scalars[scalarIndex]:
                    tokenIndex += 1
                    scalarIndex += 1
                    continue
                case .set(let ranges, let negated)
                where ranges.contains { $0.contains(scalars[scalarIndex]) } != negated:
                    tokenIndex += 1
                    scalarIndex += 1
                    continue
                default:
                    break
                }
            }
            guard let point = backtrack else { return false }
            backtrack = (point.token, point.scalar + 1)
            (tokenIndex, scalarIndex) = (point.token + 1, point.scalar + 1)
        }
        while tokenIndex < tokens.count, case .anyRun = tokens[tokenIndex] { tokenIndex += 1 }
        return tokenIndex == tokens.count
    }
}
