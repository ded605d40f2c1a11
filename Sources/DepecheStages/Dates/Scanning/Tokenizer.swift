/// A hand-written single-pass tokenizer over Unicode scalars: linear in the text length,
/// no regular expressions.
enum Tokenizer {
    /// Splits `scalars` into word, number and symbol tokens; whitespace is dropped.
    static func tokenize(_ scalars: [Unicode.Scalar]) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(scalars.count / 5)
        var index = 0
        var sawSpace = false
        var sawBreak = false
        let count = scalars.count
        while index < count {
            let scalar = scalars[index]
            let charClass = classify(scalar)
            switch charClass {
            case .lineBreak:
                sawSpace = true
                sawBreak = true
                index += 1
            case .space:
                sawSpace = true
                index += 1
            case .digit:
                let start = index
                var key = String.UnicodeScalarView()
                while index < count, classify(scalars[index]) == .digit {
                    key.append(scalars[index])
                    index += 1
                }
                tokens.append(
                    Token(
                        kind: .number,
                        start: start,
                        end: index,
                        key: String(key),
                        spaceBefore: sawSpace,
                        lineBreakBefore: sawBreak,
                        isCapitalized: false
                    )
                )
                sawSpace = false
                sawBreak = false
            case .letter:
                let start = index
                var key = String.UnicodeScalarView()
                var letterCount = 0
                var firstUpper = false
                var accented = false
                while index < count {
                    let current = scalars[index]
                    let currentClass = classify(current)
                    guard currentClass == .letter || currentClass == .mark else { break }
                    if currentClass == .letter {
                        if letterCount == 0 { firstUpper = Folding.isUppercase(current) }
                        if current.value >= 0xC0 && current.value < 0x250 { accented = true }
                        letterCount += 1
                        Folding.appendFolded(current, to: &key)
                    }
                    index += 1
                }
                tokens.append(
                    Token(
                        kind: .word,
                        start: start,
                        end: index,
                        key: String(key),
                        spaceBefore: sawSpace,
                        lineBreakBefore: sawBreak,
                        isCapitalized: firstUpper,
                        isAccented: accented
                    )
                )
                sawSpace = false
                sawBreak = false
            case .mark, .other:
                tokens.append(
                    Token(
                        kind: .symbol,
                        start: index,
                        end: index + 1,
                        key: normalizedSymbol(scalar),
                        spaceBefore: sawSpace,
                        lineBreakBefore: sawBreak,
                        isCapitalized: false
                    )
                )
                sawSpace = false
                sawBreak = false
                index += 1
            }
        }
        return tokens
    }

    /// The keys of a lexicon phrase, tokenized like document text (`"l’avant-veille"` →
    /// `["l", "'", "avant", "-", "veille"]`).
    static func keys(of phrase: String) -> [String] {
        tokenize(Array(phrase.unicodeScalars)).map(\.key)
    }

    /// The tokens of a lexicon phrase.
    static func tokens(of phrase: String) -> [Token] {
        tokenize(Array(phrase.unicodeScalars))
    }

    enum CharClass: UInt8 {
        case letter, mark, digit, space, lineBreak, other
    }

    @inline(__always)
    static func classify(_ scalar: Unicode.Scalar) -> CharClass {
        let value = scalar.value
        if value < 0x80 {
            switch value {
            case 0x30...0x39: return .digit
            case 0x41...0x5A, 0x61...0x7A: return .letter
            case 0x0A, 0x0D: return .lineBreak
            case 0x09, 0x0B, 0x0C, 0x20: return .space
            default: return .other
            }
        }
        switch value {
        case 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000, 0xFEFF: return .space
        case 0x85, 0x2028, 0x2029: return .lineBreak
        case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x24F: return .letter
        default: break
        }
        let properties = scalar.properties
        if properties.isWhitespace { return .space }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return .letter
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return .mark
        default:
            return .other
        }
    }

    /// Apostrophes become `'`, hyphens `-`, en/em dashes and minus `–`, slashes `/`.
    static func normalizedSymbol(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x27, 0x2019, 0x2018, 0x02BC, 0x00B4, 0x0060, 0x2032: return "'"
        case 0x2D, 0x2010, 0x2011, 0x00AD: return "-"
        case 0x2012, 0x2013, 0x2014, 0x2015, 0x2212: return "–"
        case 0x2044, 0x2215: return "/"
        case 0x2026: return "…"
        default: return String(scalar)
        }
    }
}
