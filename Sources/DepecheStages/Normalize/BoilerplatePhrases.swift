import Foundation

/// The phrases of `Data/boilerplate-phrases.txt`: what opens a "read also" block, a share bar,
/// a cookie notice, a comment section or a paywall notice, in French and English.
enum BoilerplatePhrases {
    enum Kind: String, Sendable, Hashable {
        case related
        case share
        case cookie
        case comment
        case paywall
        /// A block that is only a label: `Advertisement`, `Publicité`, `Anzeige`, `Photo`.
        case label
    }

    private static let phrases: [String: [String]] = {
        guard
            let url = Bundle.module.url(
                forResource: "boilerplate-phrases",
                withExtension: "txt",
                subdirectory: "Data"
            ),
            let contents = try? String(contentsOf: url, encoding: .utf8)
        else {
            fatalError("DepecheNormalize is missing its resource Data/boilerplate-phrases.txt; rebuild the package")
        }
        var phrases: [String: [String]] = [:]
        for line in contents.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", maxSplits: 1)
            guard fields.count == 2 else { continue }
            phrases[String(fields[0]), default: []].append(String(fields[1]))
        }
        return phrases
    }()

    private static let shareWords = Set(phrases["share"] ?? [])
    private static let fillerWords = Set(phrases["filler"] ?? [])
    private static let labels = Set(phrases["label"] ?? [])

    /// The longest block looked at, in UTF-8 bytes: boilerplate blocks are short.
    static let maximumLength = 600
    /// Related and paywall phrases only count in blocks up to this many bytes.
    static let maximumNoticeLength = 160
    /// Share words only count in blocks up to this many bytes.
    static let maximumShareLength = 100

    private static let orderedPhrases: [(kind: Kind, phrase: [UInt8])] = [Kind.related, .cookie, .comment, .paywall]
        .flatMap { kind in (phrases[kind.rawValue] ?? []).map { (kind, Array($0.utf8)) } }

    /// The kind of boilerplate `text` (a block) opens with, if any.
    static func kind(of text: Substring) -> Kind? {
        guard text.utf8.count <= maximumLength else { return nil }
        let lowered = text.lowercased().drop { !$0.isLetter }
        if lowered.utf8.count <= 40, labels.contains(String(lowered.reversed().drop { !$0.isLetter }.reversed())) {
            return .label
        }
        let bytes = Array(lowered.utf8)
        for (kind, phrase) in orderedPhrases where bytes.starts(with: phrase) {
            // A whole word: "related" must not match "relatedly", "à lire" not "à lire les".
            if bytes.count > phrase.count {
                let next = bytes[phrase.count]
                let isLetter = next >= 0x80 || (next >= 0x61 && next <= 0x7A) || (next >= 0x30 && next <= 0x39)
                if isLetter { continue }
            }
            if kind == .related || kind == .paywall, bytes.count > maximumNoticeLength { continue }
            return kind
        }
        guard bytes.count <= maximumShareLength else { return nil }
        // Words are runs of letters and hyphens (non-ASCII bytes count as letters).
        var share = 0
        for word in bytes.split(whereSeparator: { byte in
            byte < 0x80 && byte != 0x2D && !(byte >= 0x61 && byte <= 0x7A)
        }) {
            let word = String(decoding: word, as: UTF8.self)
            if shareWords.contains(word) {
                share += 1
            } else if !fillerWords.contains(word) {
                return nil
            }
        }
        return share > 0 ? .share : nil
    }
}
