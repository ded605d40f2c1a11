import Foundation

/// Case and accent folding for lookup keys: `"États-Unis"`, `"Etats-Unis"` and `"ETATS-UNIS"` all
/// fold to `"etats-unis"`, `"OTAN"` and `"Otan"` to `"otan"`.
///
/// Folding lowercases, strips diacritics, expands the ligatures œ and æ, and maps the
/// typographic apostrophes and hyphens onto `'` and `-`. Every key in the gazetteer, the
/// lexicons and the tokens goes through ``key(_:)``, so a spelling difference that folding
/// erases never needs an alias.
enum Folding {
    /// Folded forms of U+0080...U+024F (Latin-1 Supplement, Latin Extended-A and -B), built once.
    private static let latinTable: [String] = (0x80...0x24F).map { value in
        guard let scalar = Unicode.Scalar(value) else { return "" }
        if let special = specialCases[scalar] { return special }
        let folded = String(Character(scalar)).folding(
            options: [.caseInsensitive, .diacriticInsensitive],
            locale: nil
        )
        return folded.lowercased()
    }

    /// Letters that Foundation's diacritic folding leaves alone but readers treat as plain.
    private static let specialCases: [Unicode.Scalar: String] = [
        "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l",
        "đ": "d", "Đ": "d", "ı": "i", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th",
        "\u{00A0}": " ", "\u{00AD}": "",
    ]

    /// The folded key of `text`.
    static func key(_ text: some StringProtocol) -> String {
        var output = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            append(scalar, to: &output)
        }
        return String(output)
    }

    /// The folded key of a slice of scalars.
    static func key(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var output = String.UnicodeScalarView()
        for scalar in scalars {
            append(scalar, to: &output)
        }
        return String(output)
    }

    /// Appends the folded form of one scalar.
    static func append(_ scalar: Unicode.Scalar, to output: inout String.UnicodeScalarView) {
        let value = scalar.value
        if value < 0x80 {
            if value >= 0x41 && value <= 0x5A {
                output.append(Unicode.Scalar(UInt8(value + 0x20)))
            } else {
                output.append(scalar)
            }
            return
        }
        if value <= 0x24F {
            output.append(contentsOf: latinTable[Int(value) - 0x80].unicodeScalars)
            return
        }
        if CharacterClass.isApostrophe(scalar) {
            output.append("'")
            return
        }
        if CharacterClass.isHyphen(scalar) {
            output.append("-")
            return
        }
        if scalar.properties.generalCategory == .nonspacingMark {
            return
        }
        output.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
    }
}
