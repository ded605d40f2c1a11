/// A table of one- or several-token phrases, matched against the token stream.
///
/// Phrases are tokenized like the text (`"il y a"` → `il`, `y`, `a`), so matching compares
/// keys; a hyphenated phrase also matches without its hyphens (`week-end`, `week end`).
/// Which tables a token can start is precomputed per word (``WordInfo/starts``), so a miss
/// costs one bit test.
struct PhraseTable<Value: Sendable>: Sendable {
    struct Entry: Sendable {
        var keys: [String]
        /// Bit `k` set: key `k` was written without diacritics, so it does not match an
        /// accented token (`a` is not `à`); a key written with them matches both spellings,
        /// except a short one (`à`, `dès`), which must keep its accent (bit set in `accentMask`),
        /// as `a` and `des` are other words.
        var plainMask: UInt64
        var accentMask: UInt64
        var value: Value
    }

    let table: Lexicon.Table
    private(set) var entries: [String: [Entry]] = [:]

    init(_ table: Lexicon.Table) {
        self.table = table
    }

    /// Adds `phrase`; a later entry with the same spelling replaces the earlier one.
    mutating func insert(_ phrase: String, _ value: Value) {
        let tokens = Tokenizer.tokens(of: phrase).prefix(64)
        guard !tokens.isEmpty else { return }
        insert(tokens: Array(tokens), value)
        if tokens.contains(where: { $0.key == "-" }) {
            let unhyphenated = tokens.filter { $0.key != "-" }
            if !unhyphenated.isEmpty { insert(tokens: unhyphenated, value) }
        }
    }

    private mutating func insert(tokens: [Token], _ value: Value) {
        let keys = tokens.map(\.key)
        var plainMask: UInt64 = 0
        var accentMask: UInt64 = 0
        for (position, token) in tokens.enumerated() where token.kind == .word {
            if !token.isAccented {
                plainMask |= 1 << UInt64(position)
            } else if token.length <= 3 {
                accentMask |= 1 << UInt64(position)
            }
        }
        var list = entries[keys[0], default: []]
        // Same keys with other accents (`e`, `è`) are another entry: both can match.
        list.removeAll { $0.keys == keys && $0.plainMask == plainMask && $0.accentMask == accentMask }
        list.append(Entry(keys: keys, plainMask: plainMask, accentMask: accentMask, value: value))
        list.sort { $0.keys.count > $1.keys.count }
        entries[keys[0]] = list
    }

    /// Every first key, to mark the words that can start a phrase.
    var firstKeys: Dictionary<String, [Entry]>.Keys { entries.keys }

    /// The longest phrase starting at token `index`: its end (exclusive token index) and value.
    @inline(__always)
    func match(_ stream: TokenStream, at index: Int) -> (end: Int, value: Value)? {
        guard index < stream.count, stream.infos[index].starts.contains(table) else { return nil }
        return slowMatch(stream, at: index)
    }

    private func slowMatch(_ stream: TokenStream, at index: Int) -> (end: Int, value: Value)? {
        guard let list = entries[stream.tokens[index].key] else { return nil }
        outer: for entry in list {
            let end = index + entry.keys.count
            guard end <= stream.count else { continue }
            if entry.plainMask & 1 != 0 && stream.tokens[index].isAccented { continue }
            if entry.accentMask & 1 != 0 && !stream.tokens[index].isAccented { continue }
            var position = index + 1
            for key in entry.keys.dropFirst() {
                let token = stream.tokens[position]
                if token.lineBreakBefore || token.key != key { continue outer }
                let bit: UInt64 = 1 << UInt64(position - index)
                if token.isAccented ? entry.plainMask & bit != 0 : entry.accentMask & bit != 0 { continue outer }
                position += 1
            }
            return (end, entry.value)
        }
        return nil
    }

    /// Whether a phrase of the table starts at `index`.
    @inline(__always)
    func matches(_ stream: TokenStream, at index: Int) -> Bool {
        match(stream, at: index) != nil
    }

    /// The phrase of the table that ends right before token `end` (exclusive), if any:
    /// its start index and value. Used to look at the words before an expression.
    func match(_ stream: TokenStream, endingAt end: Int) -> (start: Int, value: Value)? {
        // Phrases are short; try each possible start, longest first.
        for length in stride(from: 5, through: 1, by: -1) {
            let start = end - length
            guard start >= 0 else { continue }
            if let found = match(stream, at: start), found.end == end {
                return (start, found.value)
            }
        }
        return nil
    }
}

/// A phrase table with no payload.
typealias PhraseSet = PhraseTable<Bool>

extension PhraseTable where Value == Bool {
    mutating func insert(_ phrases: [String]) {
        for phrase in phrases { insert(phrase, true) }
    }
}
