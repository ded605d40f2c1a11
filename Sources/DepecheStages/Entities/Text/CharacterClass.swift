/// Character tests the tokenizer and the folding share, with an ASCII fast path.
enum CharacterClass {
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)
        }
        return scalar.properties.isAlphabetic
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return value >= 0x30 && value <= 0x39
        }
        return scalar.properties.numericType == .decimal
    }

    static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        isLetter(scalar) || isDigit(scalar)
    }

    static func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return value >= 0x41 && value <= 0x5A
        }
        return scalar.properties.isUppercase
    }

    static func isLowercase(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return value >= 0x61 && value <= 0x7A
        }
        return scalar.properties.isLowercase
    }

    /// A combining mark that belongs to the letter before it (text should be NFC, but may not be).
    static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x300 && scalar.properties.generalCategory == .nonspacingMark
    }

    /// `'`, `’` and `ʼ`: the apostrophes French elision and English possessives use.
    static func isApostrophe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x27, 0x2019, 0x02BC: true
        default: false
        }
    }

    /// Hyphens that join the parts of a compound word (`Royaume-Uni`), not dashes.
    static func isHyphen(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2D, 0x2010, 0x2011: true
        default: false
        }
    }

    static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return value == 0x20 || (value >= 0x09 && value <= 0x0D)
        }
        return scalar.properties.isWhitespace
    }

    /// Spaces that may separate digit groups in a number: `1 000`, `10 000` (with a narrow
    /// no-break space), `2 500`.
    static func isDigitGroupSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0xA0, 0x202F, 0x2009: true
        default: false
        }
    }

    /// Characters that close a sentence.
    static func isSentenceTerminator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E, 0x21, 0x3F, 0x2026: true
        default: false
        }
    }

    /// Quotes, brackets and bullets after which a capital letter says nothing about a name.
    static func opensSegment(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x22, 0x28, 0x5B, 0xAB, 0x201C, 0x201E, 0x2018, 0x2039, 0x2022, 0x25AA, 0xB7, 0x2013, 0x2014:
            true
        default: false
        }
    }

    /// Quotation marks of every kind (they never belong to a name).
    static func isQuote(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x22, 0xAB, 0xBB, 0x201C, 0x201D, 0x201E, 0x2018, 0x2039, 0x203A: true
        default: false
        }
    }
}
