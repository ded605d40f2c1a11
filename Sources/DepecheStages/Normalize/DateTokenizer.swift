/// Splits the start of a date string into numbers, words (lowercase) and single symbols,
/// skipping white space, and remembers where each token ends (in Unicode scalars).
enum DateTokenizer {
    struct Token: Sendable, Hashable {
        enum Kind: Sendable, Hashable {
            case number
            case word
            case symbol
        }

        var kind: Kind
        var text: String
        /// Scalar offset just after the token.
        var end: Int
    }

    /// A date with its time and zone never needs more tokens than this.
    static let maximumTokens = 24

    static func tokens(of text: some StringProtocol) -> [Token] {
        var tokens: [Token] = []
        var current = String.UnicodeScalarView()
        var currentKind: Token.Kind?
        var offset = 0
        func flush() {
            if let kind = currentKind {
                let text = String(current)
                tokens.append(Token(kind: kind, text: kind == .word ? text.lowercased() : text, end: offset))
            }
            current = String.UnicodeScalarView()
            currentKind = nil
        }
        for scalar in text.unicodeScalars {
            let kind: Token.Kind?
            if scalar.isASCII, ("0"..."9").contains(scalar) {
                kind = .number
            } else if scalar.properties.isAlphabetic {
                kind = .word
            } else if scalar.properties.isWhitespace {
                kind = nil
            } else {
                kind = .symbol
            }
            if kind != currentKind || kind == .symbol { flush() }
            if tokens.count >= maximumTokens { return tokens }
            if let kind {
                current.append(scalar)
                currentKind = kind
            }
            offset += 1
        }
        flush()
        return tokens
    }
}

/// Reads tokens one at a time; a copy is a cheap look-ahead that can be dropped.
struct TokenCursor {
    let tokens: [DateTokenizer.Token]
    private(set) var index = 0

    init(tokens: [DateTokenizer.Token]) {
        self.tokens = tokens
    }

    /// Where the last consumed token ends (0 before any).
    var previousEnd: Int { index == 0 ? 0 : tokens[index - 1].end }

    private var next: DateTokenizer.Token? { index < tokens.count ? tokens[index] : nil }

    mutating func number(digits: ClosedRange<Int>) -> Int? {
        guard let token = next, token.kind == .number, digits.contains(token.text.utf8.count) else { return nil }
        index += 1
        return Int(token.text)
    }

    mutating func digits() -> String? {
        guard let token = next, token.kind == .number else { return nil }
        index += 1
        return token.text
    }

    mutating func symbol(in characters: String) -> Character? {
        guard let token = next, token.kind == .symbol, let character = token.text.first,
            characters.contains(character)
        else { return nil }
        index += 1
        return character
    }

    mutating func word() -> String? {
        guard let token = next, token.kind == .word else { return nil }
        index += 1
        return token.text
    }

    func peekWord() -> String? {
        guard let token = next, token.kind == .word else { return nil }
        return token.text
    }
}
