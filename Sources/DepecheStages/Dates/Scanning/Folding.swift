/// Lowercasing and accent folding for lexicon keys (`Août` → `aout`, `Œuvre` → `oeuvre`).
enum Folding {
    /// Folded forms of U+00C0 ... U+017F (Latin-1 Supplement letters and Latin Extended-A).
    private static let latinTable: [String] = {
        var table = [String](repeating: "", count: 0x180 - 0xC0)
        let groups: [(String, String)] = [
            ("ÀÁÂÃÄÅàáâãäåĀāĂăĄą", "a"), ("ÇçĆćĈĉĊċČč", "c"), ("ĎďĐđÐð", "d"),
            ("ÈÉÊËèéêëĒēĔĕĖėĘęĚě", "e"), ("ĜĝĞğĠġĢģ", "g"), ("ĤĥĦħ", "h"),
            ("ÌÍÎÏìíîïĨĩĪīĬĭĮįİı", "i"), ("Ĵĵ", "j"), ("Ķķĸ", "k"), ("ĹĺĻļĽľĿŀŁł", "l"),
            ("ÑñŃńŅņŇňŉŊŋ", "n"), ("ÒÓÔÕÖØòóôõöøŌōŎŏŐő", "o"), ("ŔŕŖŗŘř", "r"),
            ("ŚśŜŝŞşŠš", "s"), ("ŢţŤťŦŧ", "t"), ("ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲų", "u"), ("Ŵŵ", "w"),
            ("ÝýÿŶŷŸ", "y"), ("ŹźŻżŽž", "z"), ("Ææ", "ae"), ("Œœ", "oe"), ("ß", "ss"), ("Þþ", "th"),
            ("Ĳĳ", "ij"), ("×", "×"), ("÷", "÷"),
        ]
        for (letters, folded) in groups {
            for scalar in letters.unicodeScalars where (0xC0..<0x180).contains(scalar.value) {
                table[Int(scalar.value) - 0xC0] = folded
            }
        }
        return table
    }()

    @inline(__always)
    static func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value >= 0x41 && value <= 0x5A }
        return scalar.properties.isUppercase
    }

    /// Appends the folded form of one letter.
    @inline(__always)
    static func appendFolded(_ scalar: Unicode.Scalar, to key: inout String.UnicodeScalarView) {
        let value = scalar.value
        if value < 0x80 {
            if value >= 0x41 && value <= 0x5A {
                key.append(Unicode.Scalar(value + 32)!)
            } else {
                key.append(scalar)
            }
            return
        }
        if value >= 0xC0 && value < 0x180 {
            let folded = latinTable[Int(value) - 0xC0]
            if !folded.isEmpty {
                key.append(contentsOf: folded.unicodeScalars)
                return
            }
        }
        key.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
    }

    /// The folded key of a whole word (used when loading lexicons).
    static func fold(_ word: String) -> String {
        var key = String.UnicodeScalarView()
        for scalar in word.unicodeScalars {
            appendFolded(scalar, to: &key)
        }
        return String(key)
    }
}
