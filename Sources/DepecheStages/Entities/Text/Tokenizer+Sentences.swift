/// Sentences, and tokens made from words that are already split (annotated corpora).
extension Tokenizer {
    /// The sentences of a tokenized text, as token ranges.
    ///
    /// A sentence ends at a line break, or before a word that starts a sentence (see
    /// ``Token/isSentenceStart``) and is not lowercase, when a terminator (`.`, `!`, `?`, `…`), possibly followed by a
    /// closing quote or bracket, or a sentence-final abbreviation (`etc.`) comes before it. A word
    /// after an opening quote or a colon does not start a new sentence here: `« Nous partons »` stays
    /// inside the sentence that quotes it.
    func sentences(of tokens: [Token]) -> [Range<Int>] {
        var sentences: [Range<Int>] = []
        var start = 0
        for index in tokens.indices.dropFirst() where Self.startsSentence(tokens, at: index) {
            sentences.append(start..<index)
            start = index
        }
        if start < tokens.count {
            sentences.append(start..<tokens.count)
        }
        return sentences
    }

    private static func startsSentence(_ tokens: [Token], at index: Int) -> Bool {
        let token = tokens[index]
        if token.line != tokens[index - 1].line { return true }
        // A lowercase word goes on with the sentence: `« Non ! » dit-elle.`
        guard token.isSentenceStart || token.isPunctuation, token.letterCase != .lower else { return false }
        var previous = index - 1
        if token.isPunctuation {
            // An opening quote or bracket before the first word of the next sentence.
            guard isOpening(token.text), index + 1 < tokens.count, tokens[index + 1].isSentenceStart,
                tokens[index + 1].letterCase != .lower
            else {
                return false
            }
        }
        while previous > 0 && tokens[previous].isPunctuation && isClosing(tokens[previous].text) {
            previous -= 1
        }
        let before = tokens[previous]
        if before.isPunctuation {
            return [".", "!", "?", "…", "...", "?!", "!?"].contains(before.text)
                || before.text.allSatisfy { $0 == "." }
        }
        return before.isAbbreviation && before.letterCount > 1 && token.isSentenceStart
    }

    private static func isOpening(_ text: String) -> Bool {
        ["«", "“", "„", "\"", "(", "[", "‹", "‘"].contains(text)
    }

    private static func isClosing(_ text: String) -> Bool {
        ["»", "”", "\"", ")", "]", "›", "’"].contains(text)
    }

    /// Tokens for words split beforehand, as one sentence on line `line`, separated by spaces and
    /// starting at offset `offset`. The words keep their own boundaries: `l'` is an elision,
    /// `M.` an abbreviation, `,` punctuation.
    func tokens(words: [String], line: Int, offset: Int = 0) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(words.count)
        var position = offset
        var expectStart = true
        for word in words {
            let scalars = Array(word.unicodeScalars)
            var letters = 0
            var upper = 0
            var digits = 0
            var firstUpper: Bool?
            for scalar in scalars {
                if CharacterClass.isLetter(scalar) {
                    letters += 1
                    let isUpper = CharacterClass.isUppercase(scalar)
                    if isUpper { upper += 1 }
                    if firstUpper == nil { firstUpper = isUpper }
                } else if CharacterClass.isDigit(scalar) {
                    digits += 1
                }
            }
            let kind: Token.Kind = letters > 0 ? .word : digits > 0 ? .number : .punctuation
            let letterCase = Token.LetterCase(letters: letters, upper: upper, firstUpper: firstUpper)
            var token = Token(
                start: position,
                end: position + scalars.count,
                text: word,
                key: Folding.key(word),
                kind: kind,
                letterCase: letterCase,
                letterCount: letters
            )
            token.line = line
            token.spaceBefore = position > offset
            if let last = scalars.last, kind == .word {
                if CharacterClass.isApostrophe(last) {
                    token.isElision = Self.elisions.contains(Folding.key(scalars.dropLast()))
                } else if last == "." && scalars.count > 1 {
                    token.isAbbreviation = true
                }
            }
            if kind == .punctuation {
                if CharacterClass.isSentenceTerminator(scalars[0]) || Self.isOpening(word) && word != "(" {
                    expectStart = true
                }
            } else {
                token.isSentenceStart = expectStart
                expectStart = false
            }
            tokens.append(token)
            position += scalars.count + 1
        }
        return tokens
    }
}
