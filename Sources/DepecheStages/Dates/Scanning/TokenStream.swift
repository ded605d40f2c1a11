/// A document's text as scalars, its tokens, and each token's lexicon info.
struct TokenStream: Sendable {
    let scalars: [Unicode.Scalar]
    let tokens: [Token]
    let infos: [WordInfo]

    init(text: String, lexicon: Lexicon) {
        scalars = Array(text.unicodeScalars)
        tokens = Tokenizer.tokenize(scalars)
        infos = tokens.map { $0.kind == .number ? .none : lexicon.info($0.key) }
    }

    var count: Int { tokens.count }

    /// The text of the scalars `scalarRange`.
    func text(scalarRange: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[scalarRange])
        return String(view)
    }

    /// Whether token `index` exists and is the symbol `symbol`.
    @inline(__always)
    func isSymbol(_ index: Int, _ symbol: String) -> Bool {
        index >= 0 && index < count && tokens[index].kind == .symbol && tokens[index].key == symbol
    }

    /// The value of number token `index` (digits), or `nil`.
    @inline(__always)
    func number(_ index: Int) -> Int? {
        guard index >= 0, index < count else { return nil }
        return tokens[index].numberValue
    }

    /// Whether token `index` touches the previous token (no space between).
    @inline(__always)
    func isAttached(_ index: Int) -> Bool {
        index > 0 && index < count && !tokens[index].spaceBefore
    }
}
