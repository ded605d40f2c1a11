/// One token of a document, with its code-point offsets.
///
/// Offsets count Unicode scalars in the document's text, half-open, like every offset in a
/// ``DepecheCore/Document``.
struct Token: Sendable, Hashable {
    enum Kind: UInt8, Sendable, Hashable {
        /// Letters, possibly with digits, inner hyphens and apostrophes: `Royaume-Uni`, `aujourd'hui`.
        case word
        /// Digits, possibly grouped: `2025`, `10 000`, `3,5`.
        case number
        /// Anything else, one character at a time (an ellipsis `...` is one token).
        case punctuation
    }

    /// How the letters of a word are cased, which is most of what a rule knows about a name.
    enum LetterCase: UInt8, Sendable, Hashable {
        /// No letters (numbers, punctuation).
        case none
        /// First letter lowercase: `président`, `iPhone`.
        case lower
        /// First letter uppercase and not all capitals: `Paris`, `McDonald`, `M.`.
        case capitalized
        /// Two letters or more, all capitals: `OTAN`, `CLARTÉ`, `U.S.`.
        case upper

        /// The case of a token with `letters` letters, `upper` of them capitals, whose first
        /// letter is a capital (`nil` when it has no letter).
        init(letters: Int, upper: Int, firstUpper: Bool?) {
            switch firstUpper {
            case nil: self = .none
            case false?: self = .lower
            case true?: self = letters >= 2 && upper == letters ? .upper : .capitalized
            }
        }
    }

    var start: Int
    var end: Int
    /// The covered text, as written.
    var text: String
    /// ``Folding/key(_:)`` of ``text``.
    var key: String
    var kind: Kind
    var letterCase: LetterCase
    /// Number of letters in the token.
    var letterCount: Int
    /// First word of a sentence, a line, or a quotation: its capital says nothing about a name.
    var isSentenceStart = false
    /// An elided article or pronoun that keeps its apostrophe: `l'`, `d’`, `qu'`.
    var isElision = false
    /// A word written with its final period: `M.`, `Dr.`, `U.S.`, an initial `F.`.
    var isAbbreviation = false
    /// Index of the line (paragraph) the token is on; names never cross lines.
    var line: Int = 0
    /// Whether whitespace precedes the token.
    var spaceBefore = false

    /// `Paris`, `OTAN`: starts with a capital letter.
    var isCapitalized: Bool { letterCase == .capitalized || letterCase == .upper }

    var isWord: Bool { kind == .word }

    var isPunctuation: Bool { kind == .punctuation }
}
