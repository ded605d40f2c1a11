import Foundation

/// Tells French, English, German, Spanish and Italian apart by their function words (the lists
/// in `Data/stopwords/`). A word shared by k languages counts 1/k for each. The answer is `""`
/// when the text is too short or no language clearly leads.
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
        var word = String.UnicodeScalarView()
        func finishWord() {
            guard !word.isEmpty else { return }
            words += 1
            if let weights = lexicon[String(word).lowercased()] {
                for (language, weight) in weights { scores[language] += weight }
            }
            word = String.UnicodeScalarView()
        }
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic {
                word.append(scalar)
            } else {
                finishWord()
                if words >= maximumWords { break }
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
