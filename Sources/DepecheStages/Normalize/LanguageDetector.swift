import Foundation

/// Tells French, English, German, Spanish and Italian apart by their function words (the lists
/// in `Data/stopwords/`). A word shared by k languages counts 1/k for each. The answer is `""`
/// when the text is too short or no language clearly leads.
///
/// Words are read from the UTF-8 bytes: ASCII letters and any non-ASCII character except
/// punctuation (U+0080...U+00BF, U+2000...U+207F) make words; case is folded for ASCII and Latin-1.
enum LanguageDetector {
    static let supportedLanguages = ["fr", "en", "de", "es", "it"]

    /// Fewer words than this: too short to say.
    static let minimumWords = 4
    /// The leader needs at least this score...
    static let minimumScore = 2.5
    /// ...and this many times the runner-up's.
    static let minimumLead = 1.5
    /// Only the first words are read: enough to decide, and fast on long texts.
    static let maximumWords = 2000

    /// For each known word, the weight it adds to each language (indices into `supportedLanguages`).
    private static let lexicon: [String: [(language: Int, weight: Double)]] = {
        var languagesOfWord: [String: [Int]] = [:]
        for (index, code) in supportedLanguages.enumerated() {
            for word in loadWords(code) {
                if languagesOfWord[word]?.contains(index) != true { languagesOfWord[word, default: []].append(index) }
            }
        }
        return languagesOfWord.mapValues { languages in
            languages.map { ($0, 1.0 / Double(languages.count)) }
        }
    }()

    private static func loadWords(_ code: String) -> [String] {
        guard let url = Bundle.module.url(forResource: code, withExtension: "txt", subdirectory: "Data/stopwords"),
            let contents = try? String(contentsOf: url, encoding: .utf8)
        else {
            fatalError("DepecheNormalize is missing its resource Data/stopwords/\(code).txt; rebuild the package")
        }
        return contents.split(separator: "\n").compactMap { line in
            let word = line.trimmingASCIIWhitespace()
            return word.isEmpty || word.hasPrefix("#") ? nil : String(word)
        }
    }

    /// The language code, or `""` when unsure.
    static func detect(_ text: String) -> String {
        var scores = [Double](repeating: 0, count: supportedLanguages.count)
        var words = 0
        var word: [UInt8] = []
        word.reserveCapacity(32)
        func finishWord() {
            guard !word.isEmpty else { return }
            words += 1
            if let weights = lexicon[String(decoding: word, as: UTF8.self)] {
                for (language, weight) in weights { scores[language] += weight }
            }
            word.removeAll(keepingCapacity: true)
        }
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count, words < maximumWords {
                let byte = bytes[index]
                if byte < 0x80 {
                    let lower = byte | 0x20
                    if lower >= 0x61, lower <= 0x7A { word.append(lower) } else { finishWord() }
                    index += 1
                    continue
                }
                let length = min(byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2, bytes.count - index)
                let second = length > 1 ? bytes[index + 1] : 0
                if byte == 0xC2 || (byte == 0xE2 && second <= 0x81) {
                    // Latin-1 punctuation (« » ° ...) and general punctuation (’ — “ ...) separate words.
                    finishWord()
                } else if byte == 0xC3, second <= 0x9E, second != 0x97 {
                    // À...Þ → à...þ (× excepted).
                    word.append(byte)
                    word.append(second + 0x20)
                } else {
                    word.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<(index + length)]))
                }
                index += length
            }
        }
        finishWord()
        guard words >= minimumWords else { return "" }
        let ranked = scores.enumerated().sorted { $0.element > $1.element }
        let best = ranked[0]
        let second = ranked[1].element
        guard best.element >= minimumScore, best.element >= minimumLead * second else { return "" }
        return supportedLanguages[best.offset]
    }

    /// The primary subtag of a declared language (`fr-FR` → `fr`, `en_US` → `en`), or `""` when
    /// the declaration is not a language tag.
    static func primarySubtag(_ declared: String) -> String {
        let primary = declared.trimmingASCIIWhitespace().prefix { $0 != "-" && $0 != "_" }.lowercased()
        guard (2...3).contains(primary.count), primary.allSatisfy({ $0.isASCII && $0.isLetter }) else { return "" }
        return primary
    }
}
