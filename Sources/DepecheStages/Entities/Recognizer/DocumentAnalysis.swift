import DepecheCore

/// The recognition of one document: gazetteer matches first, then the name rules over what
/// is left, then the links from lone surnames to full names.
///
/// Mentions never overlap: ``add(_:)`` removes whatever a new mention covers, and
/// ``owner`` says which mention holds each token.
struct DocumentAnalysis {
    let tokens: [Token]
    let lexicon: Lexicon
    let gazetteer: Gazetteer
    /// The document's language when it is one the stage handles; `nil` when unknown.
    let language: String?

    var mentions: [Mention] = []
    /// Index in ``mentions`` of the mention covering each token, or -1.
    var owner: [Int]
    /// Lines written all in capitals (section headings): only the gazetteer applies there.
    var headingLines: Set<Int> = []
    /// Lines in headline title case (`Allies Meet on Security`): capitals say little there.
    var titleCaseLines: Set<Int> = []
    /// Keys of the words the document also writes in lowercase (so not names at a sentence start).
    var lowercaseKeys: Set<String> = []
    /// Capitalized words left alone by the rules, which a later full name may explain.
    var pendingSingles: [Int] = []

    init(tokens: [Token], lexicon: Lexicon, gazetteer: Gazetteer, language: String?) {
        self.tokens = tokens
        self.lexicon = lexicon
        self.gazetteer = gazetteer
        self.language = language
        self.owner = Array(repeating: -1, count: tokens.count)
        surveyLines()
    }

    /// Runs every pass and returns the mentions, sorted by start.
    mutating func run() -> [Mention] {
        matchGazetteer()
        attachGivenNames()
        applyNameRules()
        linkPendingSingles()
        return mentions.filter { !$0.isRemoved }.sorted { $0.start < $1.start }
    }

    // MARK: Mentions

    /// Adds `mention`, removing every mention it overlaps.
    mutating func add(_ mention: Mention) {
        assert(mention.start < mention.end, "empty mention \(mention)")
        let index = mentions.count
        for position in mention.start..<mention.end where owner[position] >= 0 {
            let previous = owner[position]
            mentions[previous].isRemoved = true
            for covered in mentions[previous].start..<mentions[previous].end where owner[covered] == previous {
                owner[covered] = -1
            }
        }
        mentions.append(mention)
        for position in mention.start..<mention.end {
            owner[position] = index
        }
    }

    /// The mention covering token `index`, if any.
    func mention(at index: Int) -> Mention? {
        guard index >= 0, index < tokens.count, owner[index] >= 0 else { return nil }
        return mentions[owner[index]]
    }

    func isFree(_ index: Int) -> Bool {
        index >= 0 && index < tokens.count && owner[index] < 0
    }

    // MARK: Gazetteer

    /// Greedy longest match, left to right.
    private mutating func matchGazetteer() {
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            guard token.kind != .punctuation, !token.isElision,
                let match = gazetteer.longestMatch(
                    in: tokens,
                    at: index,
                    language: language,
                    allowShortAcronyms: !headingLines.contains(token.line)
                )
            else {
                index += 1
                continue
            }
            add(Mention(gazetteer: match, confidence: Confidence.gazetteer))
            index = match.end
        }
    }

    // MARK: Document survey

    /// Finds heading lines, title-case lines and the words written in lowercase.
    private mutating func surveyLines() {
        var lineStart = 0
        while lineStart < tokens.count {
            var lineEnd = lineStart
            let line = tokens[lineStart].line
            var words = 0
            var upper = 0
            var capitalized = 0
            var lowerContent = 0
            while lineEnd < tokens.count && tokens[lineEnd].line == line {
                let token = tokens[lineEnd]
                if token.kind == .word && token.letterCount >= 2 && !token.isElision {
                    words += 1
                    switch token.letterCase {
                    case .upper: upper += 1
                    case .capitalized: capitalized += 1
                    case .lower:
                        lowercaseKeys.insert(token.key)
                        if !lexicon.isNeverName(token.key) { lowerContent += 1 }
                    case .none: break
                    }
                }
                lineEnd += 1
            }
            if upper > 0 && upper == words {
                headingLines.insert(line)
            } else if words >= 4 && lowerContent == 0 && capitalized + upper >= 3 {
                titleCaseLines.insert(line)
            }
            lineStart = lineEnd
        }
    }
}
