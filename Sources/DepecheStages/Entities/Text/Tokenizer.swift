/// Splits French and English text into ``Token``s that keep code-point offsets.
///
/// - Elided articles and pronouns become their own token with the apostrophe (`l'`, `d’`,
///   `qu'`), so `l'Ukraine` gives `l'` and `Ukraine`; `aujourd'hui` and `O'Brien` stay whole.
/// - English possessives split off: `Trump's` gives `Trump` and `'s`.
/// - Hyphenated compounds are one token: `Royaume-Uni`, `Saint-Étienne`, `a-t-il`.
/// - Known abbreviations and initials keep their period (`M.`, `Dr.`, `F.`) and do not end
///   the sentence; dotted acronyms are one token (`U.S.`, `D.C.`).
/// - Numbers keep their decimal mark and their space-separated thousands (`10 000`, `3,5`).
/// - Each token knows whether it starts a sentence, a line or a quotation, and its line.
struct Tokenizer: Sendable {
    /// Folded abbreviations written with a final period, without it: `m`, `mr`, `dr`, `sen`.
    var abbreviations: Set<String>
    /// Those of ``abbreviations`` that may also end a sentence: `etc`, `inc`, `jr`.
    var terminalAbbreviations: Set<String>

    /// French elided words, folded, without the apostrophe.
    static let elisions: Set<String> = [
        "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
    ]

    init(abbreviations: Set<String> = [], terminalAbbreviations: Set<String> = []) {
        self.abbreviations = abbreviations
        self.terminalAbbreviations = terminalAbbreviations
    }

    func tokenize(_ text: String) -> [Token] {
        tokenize(Array(text.unicodeScalars))
    }

    func tokenize(_ scalars: [Unicode.Scalar]) -> [Token] {
        var scanner = Scanner(scalars: scalars, tokenizer: self)
        scanner.run()
        return scanner.tokens
    }
}

/// The state of one tokenization.
private struct Scanner {
    let scalars: [Unicode.Scalar]
    let tokenizer: Tokenizer
    var tokens: [Token] = []
    var line = 0
    var expectSentenceStart = true
    var spaceBefore = true

    init(scalars: [Unicode.Scalar], tokenizer: Tokenizer) {
        self.scalars = scalars
        self.tokenizer = tokenizer
        tokens.reserveCapacity(scalars.count / 5)
    }

    mutating func run() {
        var index = 0
        let count = scalars.count
        while index < count {
            let scalar = scalars[index]
            if CharacterClass.isLineBreak(scalar) {
                if !(scalar == "\n" && index > 0 && scalars[index - 1] == "\r") {
                    line += 1
                }
                expectSentenceStart = true
                spaceBefore = true
                index += 1
            } else if CharacterClass.isWhitespace(scalar) {
                spaceBefore = true
                index += 1
            } else if CharacterClass.isLetterOrDigit(scalar) {
                index = scanWord(from: index)
            } else {
                index = scanPunctuation(from: index)
            }
        }
    }

    // MARK: Words

    /// Scans the word (or words, after an elision) starting at `start`; returns where it ends.
    private mutating func scanWord(from start: Int) -> Int {
        if let end = dottedAcronymEnd(from: start) {
            append(start, end, kind: .word, abbreviation: true)
            return end
        }
        let count = scalars.count
        var tokenStart = start
        var index = start
        var hasHyphen = false
        while true {
            while index < count
                && (CharacterClass.isLetterOrDigit(scalars[index]) || CharacterClass.isCombiningMark(scalars[index]))
            {
                index += 1
            }
            guard index + 1 < count else { break }
            let scalar = scalars[index]
            let next = scalars[index + 1]
            if CharacterClass.isHyphen(scalar) && CharacterClass.isLetterOrDigit(next) {
                hasHyphen = true
                index += 1
                continue
            }
            if CharacterClass.isApostrophe(scalar) && CharacterClass.isLetter(next) {
                if !hasHyphen && Tokenizer.elisions.contains(Folding.key(scalars[tokenStart..<index])) {
                    append(tokenStart, index + 1, kind: .word, elision: true)
                    tokenStart = index + 1
                    index += 1
                    continue
                }
                if (next == "s" || next == "S") && (index + 2 >= count || !CharacterClass.isLetter(scalars[index + 2]))
                {
                    break
                }
                index += 1
                continue
            }
            if (scalar == "," || scalar == ".") && CharacterClass.isDigit(next) && index > tokenStart
                && CharacterClass.isDigit(scalars[index - 1])
            {
                index += 1
                continue
            }
            break
        }
        var end = index
        var abbreviation = false
        if end < count && scalars[end] == "." && isAbbreviation(tokenStart, end) {
            end += 1
            abbreviation = true
        }
        let isNumber = !scalars[tokenStart..<end].contains { CharacterClass.isLetter($0) }
        if isNumber {
            end = digitGroupsEnd(from: tokenStart, end: end)
        }
        append(tokenStart, end, kind: isNumber ? .number : .word, abbreviation: abbreviation)
        if abbreviation && tokenizer.terminalAbbreviations.contains(Folding.key(scalars[tokenStart..<end - 1])) {
            expectSentenceStart = nextLetterIsUppercase(after: end)
        }
        // English possessive: `'s` is a token of its own.
        if end == index && index + 1 < count && CharacterClass.isApostrophe(scalars[index])
            && (scalars[index + 1] == "s" || scalars[index + 1] == "S")
            && (index + 2 >= count || !CharacterClass.isLetter(scalars[index + 2]))
        {
            append(index, index + 2, kind: .word)
            return index + 2
        }
        return end
    }

    /// `U.S.`, `D.C.`, `U.S.A.`: single letters each followed by a period, at least two.
    private func dottedAcronymEnd(from start: Int) -> Int? {
        let count = scalars.count
        guard start + 3 < count, scalars[start + 1] == ".", CharacterClass.isLetter(scalars[start + 2]),
            scalars[start + 3] == "."
        else { return nil }
        var index = start
        while index + 1 < count && CharacterClass.isLetter(scalars[index]) && scalars[index + 1] == "."
            && (index + 2 >= count || !CharacterClass.isLetterOrDigit(scalars[index + 2])
                || (index + 3 < count && scalars[index + 3] == "."))
        {
            index += 2
            if index >= count || !CharacterClass.isLetter(scalars[index]) { break }
        }
        return index - start >= 4 ? index : nil
    }

    /// Whether the word `start..<end`, followed by a period, keeps that period.
    private func isAbbreviation(_ start: Int, _ end: Int) -> Bool {
        if end - start == 1 {
            return CharacterClass.isUppercase(scalars[start])
        }
        return tokenizer.abbreviations.contains(Folding.key(scalars[start..<end]))
    }

    /// Extends a number over space-separated groups of three digits: `10 000`, `1 250 000`.
    private func digitGroupsEnd(from start: Int, end: Int) -> Int {
        let count = scalars.count
        guard end - start <= 3, scalars[start..<end].allSatisfy(CharacterClass.isDigit) else { return end }
        var end = end
        while end < count && CharacterClass.isDigitGroupSpace(scalars[end]) {
            let group = end + 1..<end + 4
            guard group.upperBound <= count, scalars[group].allSatisfy(CharacterClass.isDigit) else { break }
            if group.upperBound < count && CharacterClass.isLetterOrDigit(scalars[group.upperBound]) { break }
            end = group.upperBound
        }
        return end
    }

    private func nextLetterIsUppercase(after index: Int) -> Bool {
        var index = index
        while index < scalars.count && CharacterClass.isWhitespace(scalars[index]) {
            index += 1
        }
        return index < scalars.count && CharacterClass.isUppercase(scalars[index])
    }

    // MARK: Punctuation

    private mutating func scanPunctuation(from start: Int) -> Int {
        let scalar = scalars[start]
        var end = start + 1
        if scalar == "." {
            while end < scalars.count && scalars[end] == "." {
                end += 1
            }
        }
        let atLineStart = tokens.last.map { $0.line != line } ?? true
        let opensQuote = isOpeningQuote(at: start)
        append(start, end, kind: .punctuation)
        if CharacterClass.isSentenceTerminator(scalar) || opensQuote {
            expectSentenceStart = true
        } else if CharacterClass.opensSegment(scalar) && !CharacterClass.isQuote(scalar)
            && (atLineStart || scalar == "(" || scalar == "[")
        {
            expectSentenceStart = true
        }
        return end
    }

    /// `«`, `“`, `„`, or a straight `"` after a space and before a non-space.
    private func isOpeningQuote(at index: Int) -> Bool {
        switch scalars[index].value {
        case 0xAB, 0x201C, 0x201E, 0x2039:
            return true
        case 0x22, 0x2018:
            let before =
                index == 0 || CharacterClass.isWhitespace(scalars[index - 1])
                || CharacterClass.opensSegment(scalars[index - 1])
            let after = index + 1 < scalars.count && !CharacterClass.isWhitespace(scalars[index + 1])
            return before && after
        default:
            return false
        }
    }

    /// Arabic and Berber articles and kinship words written in lowercase before a capitalized name:
    /// `al-Assad`, `el-Sisi`, `ez-Zor`, `ben-Gvir`. Such a word is a name word.
    private static let articlePrefixes: Set<String> = [
        "al", "el", "ad", "ag", "an", "ar", "as", "ash", "at", "az", "ed", "en", "er", "es", "et", "ez", "ech",
        "ibn", "bin", "ben", "abu", "abou", "ould",
    ]

    private func hasArticlePrefix(_ slice: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let hyphen = slice.firstIndex(where: CharacterClass.isHyphen), hyphen + 1 < slice.endIndex,
            CharacterClass.isUppercase(slice[hyphen + 1])
        else { return false }
        return Self.articlePrefixes.contains(Folding.key(slice[slice.startIndex..<hyphen]))
    }

    // MARK: Appending

    private mutating func append(
        _ start: Int,
        _ end: Int,
        kind: Token.Kind,
        elision: Bool = false,
        abbreviation: Bool = false
    ) {
        let slice = scalars[start..<end]
        var letters = 0
        var upper = 0
        var firstUpper: Bool?
        for scalar in slice where CharacterClass.isLetter(scalar) {
            letters += 1
            let isUpper = CharacterClass.isUppercase(scalar)
            if isUpper { upper += 1 }
            if firstUpper == nil { firstUpper = isUpper }
        }
        let letterCase = Token.LetterCase(letters: letters, upper: upper, firstUpper: firstUpper)
        var token = Token(
            start: start,
            end: end,
            text: String(String.UnicodeScalarView(slice)),
            key: Folding.key(slice),
            kind: kind,
            letterCase: letterCase,
            letterCount: letters
        )
        if letterCase == .lower && kind == .word && hasArticlePrefix(slice) {
            token.letterCase = .capitalized
        }
        token.isElision = elision
        token.isAbbreviation = abbreviation
        token.line = line
        token.spaceBefore = spaceBefore
        if kind != .punctuation {
            token.isSentenceStart = expectSentenceStart
            expectSentenceStart = false
        }
        spaceBefore = false
        tokens.append(token)
    }
}
