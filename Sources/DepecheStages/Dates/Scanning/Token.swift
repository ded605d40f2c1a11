/// One token of a document's text, as the date tagger sees it.
///
/// Offsets are Unicode scalar (code point) offsets into the text, half-open.
struct Token: Sendable, Hashable {
    enum Kind: UInt8, Sendable, Hashable {
        /// Letters (and combining marks): `mars`, `aujourd`, `h`.
        case word
        /// ASCII digits only: `2025`, `1`, `000`.
        case number
        /// Any other single non-space scalar, normalized: apostrophes become `'`, hyphens `-`,
        /// en and em dashes `–`.
        case symbol
    }

    var kind: Kind
    var start: Int
    var end: Int
    /// Lowercased, accent-folded text for words (`août` → `aout`), the digits for numbers,
    /// the normalized scalar for symbols.
    var key: String
    /// Whether whitespace separates this token from the previous one.
    var spaceBefore: Bool
    /// Whether a line break (or a blank) lies between this token and the previous one.
    var lineBreakBefore: Bool
    /// Whether the first letter is uppercase.
    var isCapitalized: Bool
    /// Whether a letter lost a diacritic in ``key`` (`à` → `a`). A lexicon entry written
    /// without diacritics does not match an accented token, so `a` (the verb) is not `à`.
    var isAccented: Bool = false

    var length: Int { end - start }

    /// The value of a number token of at most nine digits, else `nil`.
    var numberValue: Int? {
        guard kind == .number, key.utf8.count <= 9 else { return nil }
        var value = 0
        for byte in key.utf8 { value = value * 10 + Int(byte - 48) }
        return value
    }

    /// The number of digits of a number token (`0` for other tokens).
    var digitCount: Int { kind == .number ? key.utf8.count : 0 }

    func isSymbol(_ symbol: String) -> Bool { kind == .symbol && key == symbol }

    /// Whether this token ends a sentence (`.`, `!`, `?`, `;`) for the tense window.
    var endsSentence: Bool {
        kind == .symbol && (key == "." || key == "!" || key == "?" || key == ";" || key == "…")
    }
}
