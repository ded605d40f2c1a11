/// A set of short word sequences (`président`, `Premier ministre`, `secrétaire d'État`), matched
/// on folded token keys, forwards from a token or backwards from one.
struct PhraseSet: Sendable, Hashable {
    private var phrases: Set<[String]> = []
    /// The first and last words of the phrases: most tokens are neither, and are rejected at once.
    private var firstWords: Set<String> = []
    private var lastWords: Set<String> = []
    /// The longest phrase, in tokens.
    private(set) var maximumLength = 0

    init() {}

    init(_ phrases: [String], tokenizer: Tokenizer) {
        for phrase in phrases {
            insert(tokenizer.tokenize(phrase).map(\.key))
        }
    }

    mutating func insert(_ keys: [String]) {
        guard !keys.isEmpty else { return }
        phrases.insert(keys)
        firstWords.insert(keys[0])
        lastWords.insert(keys[keys.count - 1])
        maximumLength = max(maximumLength, keys.count)
    }

    mutating func formUnion(_ other: PhraseSet) {
        phrases.formUnion(other.phrases)
        firstWords.formUnion(other.firstWords)
        lastWords.formUnion(other.lastWords)
        maximumLength = max(maximumLength, other.maximumLength)
    }

    var count: Int { phrases.count }

    func contains(_ keys: [String]) -> Bool {
        phrases.contains(keys)
    }

    /// The length of the longest phrase that starts at `start` and ends before `limit`.
    func longestPrefix(of tokens: [Token], from start: Int, limit: Int) -> Int? {
        let longest = min(maximumLength, limit - start)
        guard longest > 0, firstWords.contains(tokens[start].key) else { return nil }
        for length in stride(from: longest, through: 1, by: -1)
        where phrases.contains(tokens[start..<start + length].map(\.key)) {
            return length
        }
        return nil
    }

    /// The length of the longest phrase whose last token is `tokens[last]`.
    func longestSuffix(of tokens: [Token], endingAt last: Int) -> Int? {
        guard last >= 0, last < tokens.count, lastWords.contains(tokens[last].key) else { return nil }
        let longest = min(maximumLength, last + 1)
        for length in stride(from: longest, through: 1, by: -1)
        where phrases.contains(tokens[last - length + 1...last].map(\.key)) {
            return length
        }
        return nil
    }
}
