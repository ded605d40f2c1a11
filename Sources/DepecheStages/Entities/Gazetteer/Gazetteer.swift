import DepecheCore

/// What a gazetteer knows about one real-world entity.
struct GazetteerEntry: Sendable, Hashable {
    /// The English Wikipedia title: `United States`, `Kyiv`, `Vladimir Putin`.
    var canonical: String
    var type: Entity.Kind
    /// Finer label: `country`, `city`, `head-of-government`; empty when none.
    var label: String
    /// Wikidata QID when known for sure; empty otherwise.
    var entityID: String
}

/// Known names, matched as token sequences in a trie keyed by folded tokens.
///
/// Every alias is tokenized with the document tokenizer and folded, so `Etats-Unis`,
/// `ÉTATS-UNIS` and `États-Unis` reach the same node. What folding erases, the alias keeps as a
/// case pattern: a token written with a capital must match a capitalized token (`Nice` the city,
/// not `nice`), and a short acronym must match in capitals (`US`, not `us`). When several aliases
/// of one entry fold alike, the loosest pattern wins (`Maison Blanche` and `Maison blanche`).
struct Gazetteer: Sendable {
    /// One way of writing an entry, as stored in the trie.
    struct Alias: Sendable, Hashable {
        var entry: Int
        /// Bit `i` set: token `i` must start with a capital.
        var capitalMask: UInt64
        /// Bit `i` set: token `i` must be all capitals.
        var upperMask: UInt64
        /// `fr`, `en`, or empty for every language.
        var language: String
        /// A person alias that is a surname (`Poutine`, `Le Pen`): a given name may precede it.
        var isSingleName: Bool
        /// Leading tokens that must match but stay outside the span: `[pape] François`.
        var contextLength: Int
    }

    /// A match of an alias over `start..<end` in a token array.
    struct Match: Sendable, Hashable {
        var start: Int
        var end: Int
        var alias: Alias
        var entry: GazetteerEntry
    }

    private struct Node: Sendable {
        var children: [String: Int32] = [:]
        var aliases: [Alias] = []
    }

    private(set) var entries: [GazetteerEntry] = []
    private var nodes: [Node] = [Node()]

    init() {}

    /// Number of distinct alias keys.
    var aliasCount: Int { nodes.reduce(0) { $0 + ($1.aliases.isEmpty ? 0 : 1) } }

    /// Adds an entry and its aliases; the canonical name is always an alias too.
    ///
    /// An alias may end with `@fr` or `@en` to apply to documents in that language only, and
    /// start with words in brackets that must precede the name but stay outside the span
    /// (`[pape] François`).
    mutating func add(_ entry: GazetteerEntry, aliases: [String], tokenizer: Tokenizer) {
        let index = entries.count
        entries.append(entry)
        let canonicalKeys = tokenizer.tokenize(entry.canonical).map(\.key)
        var seen = Set<String>()
        for written in [entry.canonical] + aliases {
            var text = Substring(written)
            var language = ""
            if let at = text.lastIndex(of: "@"), text.distance(from: at, to: text.endIndex) == 3 {
                language = String(text[text.index(after: at)...])
                text = text[..<at]
            }
            var context: [Token] = []
            if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
                context = tokenizer.tokenize(String(text[text.index(after: text.startIndex)..<close]))
                text = text[text.index(after: close)...]
            }
            guard seen.insert(written).inserted else { continue }
            let tokens = tokenizer.tokenize(String(text))
            let keys = tokens.map(\.key)
            let isSurname =
                entry.type == .person && !tokens.isEmpty
                && (tokens.count == 1
                    || (keys.count < canonicalKeys.count && Array(canonicalKeys.suffix(keys.count)) == keys))
            insert(
                tokens: context + tokens,
                contextLength: context.count,
                entry: index,
                language: language,
                isSingleName: isSurname
            )
        }
    }

    private mutating func insert(
        tokens: [Token],
        contextLength: Int,
        entry: Int,
        language: String,
        isSingleName: Bool
    ) {
        guard tokens.count > contextLength, tokens.count <= 64 else { return }
        var node = 0
        var capitalMask: UInt64 = 0
        var upperMask: UInt64 = 0
        for (position, token) in tokens.enumerated() {
            if token.isCapitalized {
                capitalMask |= 1 << UInt64(position)
            }
            if token.letterCase == .upper && token.letterCount <= 3 {
                upperMask |= 1 << UInt64(position)
            }
            if let child = nodes[node].children[token.key] {
                node = Int(child)
            } else {
                nodes.append(Node())
                nodes[node].children[token.key] = Int32(nodes.count - 1)
                node = nodes.count - 1
            }
        }
        let alias = Alias(
            entry: entry,
            capitalMask: capitalMask,
            upperMask: upperMask,
            language: language,
            isSingleName: isSingleName,
            contextLength: contextLength
        )
        if let same = nodes[node].aliases.firstIndex(where: {
            $0.entry == entry && $0.language == language && $0.contextLength == contextLength
        }) {
            nodes[node].aliases[same].capitalMask &= capitalMask
            nodes[node].aliases[same].upperMask &= upperMask
            nodes[node].aliases[same].isSingleName = nodes[node].aliases[same].isSingleName && alias.isSingleName
        } else {
            nodes[node].aliases.append(alias)
        }
    }

    /// The longest alias that starts at `start`, stays on one line and fits the tokens' case.
    ///
    /// `language` is the document's language when known; aliases for another language are skipped.
    /// In a line written in capitals, where `US` and `us` look alike, `allowShortAcronyms` is false
    /// and aliases that must be written in capitals are skipped. A match's `start` is after any
    /// bracketed context of its alias.
    func longestMatch(
        in tokens: [Token],
        at start: Int,
        language: String?,
        allowShortAcronyms: Bool = true
    ) -> Match? {
        var node = 0
        var index = start
        var best: Match?
        let line = tokens[start].line
        while index < tokens.count, tokens[index].line == line,
            let child = nodes[node].children[tokens[index].key]
        {
            node = Int(child)
            index += 1
            // An alias of the document's language wins over one for every language (`Mexico@fr`).
            var chosen: Alias?
            for alias in nodes[node].aliases
            where (allowShortAcronyms || alias.upperMask == 0)
                && accepts(alias, tokens[start..<index], language: language)
            {
                if chosen == nil || (!alias.language.isEmpty && chosen?.language.isEmpty == true) {
                    chosen = alias
                }
            }
            if let chosen {
                best = Match(
                    start: start + chosen.contextLength,
                    end: index,
                    alias: chosen,
                    entry: entries[chosen.entry]
                )
            }
        }
        return best
    }

    /// Every entry whose alias folds exactly to `text`, whatever its case (for tests and tools).
    func entries(named text: String, tokenizer: Tokenizer) -> [GazetteerEntry] {
        var node = 0
        for token in tokenizer.tokenize(text) {
            guard let child = nodes[node].children[token.key] else { return [] }
            node = Int(child)
        }
        return nodes[node].aliases.map { entries[$0.entry] }
    }

    /// Groups of entries that share an alias written alike (same tokens, language and context):
    /// only the first of each group is ever matched. For checking data files.
    func shadowedEntries() -> [[GazetteerEntry]] {
        var groups: [[GazetteerEntry]] = []
        for node in nodes where node.aliases.count > 1 {
            var byVariant: [String: [Int]] = [:]
            for alias in node.aliases {
                byVariant["\(alias.language)|\(alias.contextLength)", default: []].append(alias.entry)
            }
            for entries in byVariant.values where Set(entries).count > 1 {
                groups.append(entries.map { self.entries[$0] })
            }
        }
        return groups
    }

    private func accepts(_ alias: Alias, _ tokens: ArraySlice<Token>, language: String?) -> Bool {
        if !alias.language.isEmpty, let language, alias.language != language {
            return false
        }
        for (position, token) in tokens.enumerated() {
            let bit: UInt64 = 1 << UInt64(position)
            if alias.capitalMask & bit != 0 && !token.isCapitalized {
                return false
            }
            if alias.upperMask & bit != 0 && token.letterCase != .upper {
                return false
            }
        }
        return true
    }
}
