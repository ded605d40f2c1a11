/// Finds the article body among the blocks of a walked page, with a score that generalizes
/// across sites rather than per-site rules:
///
/// 1. Each text block scores by its length and commas, discounted by its link density
///    (blocks under 25 visible bytes score nothing), and passes the score up to its ancestors
///    (full to the block element and its parent, half to the grandparent, less above).
/// 2. Containers add hints: `<article>`, `itemprop="articleBody"`, content-like class names
///    (`article-body`, `contenu`) raise them; boilerplate-like ones (`sidebar`, `comments`)
///    lower them; the best one wins, then climbs to an ancestor that holds clearly more.
/// 3. Siblings of the winner that score well, or are plain paragraphs, join it.
/// 4. Inside the chosen containers, blocks are dropped when they sit in boilerplate (class
///    hints, `<aside>`, `<footer>`, `<form>`, captions), are mostly links, open a "read also"
///    block (and the links after it), or are share bars, cookie notices or comment heads.
///
/// Without a good container (a short page, a list of short items), every block of the page
/// goes through step 4 instead.
struct BodyExtractor {
    /// A container's share of the page text above which its class hints are ignored: a wrapper
    /// that holds most of the page is never boilerplate, whatever it is called.
    static let wrapperShare = 0.5
    /// Added to every container of the block where JSON-LD's `articleBody` starts.
    static let articleBodyBonus = 30.0
    /// Blocks with fewer visible bytes than this add nothing to their containers' scores.
    static let minimumScoredBytes = 25
    /// Blocks with more link text than this share of their text are navigation.
    static let maximumLinkDensity = 0.5
    /// Elements named like metadata (`post-date`, `author`) hold at most this many visible bytes.
    static let maximumMetadataBytes = 200
    /// The selection must hold at least this share of the page's prose, else the page is a
    /// forum thread or a list of posts and every block is filtered instead.
    static let minimumCoverage = 0.5
    /// The selection must hold this many visible bytes, else the whole page is filtered instead.
    static let minimumSelectedBytes = 200

    let walker: HTMLWalker
    private let nodes: [HTMLWalker.Node]
    private let output: [UInt8]
    /// For each node: it or an ancestor is boilerplate.
    private var inBoilerplate: [Bool] = []
    /// `visiblePrefix[i]`: visible bytes in `output[0..<i]`.
    private let visiblePrefix: [Int]
    private let articleBodyNodes: Set<Int>

    struct Result: Sendable, Hashable {
        var text: String
        /// Blocks that announce a paywall.
        var paywallNotices: Int
    }

    /// The block where JSON-LD's `articleBody` starts, if it is found on the page.
    private var articleBodyStart: Int?
    /// `articleBody` with its white space collapsed, when its start is found on the page.
    private var articleBodyText: [UInt8] = []

    /// `articleBody` (JSON-LD), when the page has one, raises the containers of the block it starts with.
    init(walker: HTMLWalker, articleBody: String? = nil) {
        self.walker = walker
        self.nodes = walker.nodes
        self.output = walker.output
        self.articleBodyNodes = Set(walker.articleBodyNodes)
        var prefix = [Int](repeating: 0, count: walker.output.count + 1)
        var count = 0
        for (index, byte) in walker.output.enumerated() {
            if byte > 0x20 { count += 1 }
            prefix[index + 1] = count
        }
        self.visiblePrefix = prefix
        inBoilerplate = markBoilerplate()
        if let articleBody, let start = block(startingLike: articleBody) {
            articleBodyStart = start
            articleBodyText = Array(articleBody.split(whereSeparator: \.isWhitespace).joined(separator: " ").utf8)
        }
    }

    func extract() -> Result {
        let selection = select()
        return assemble(selection)
    }

    // MARK: Boilerplate containers

    private func markBoilerplate() -> [Bool] {
        let limit = Double(output.count) * Self.wrapperShare
        var marks = [Bool](repeating: false, count: nodes.count)
        for (index, node) in nodes.enumerated() {
            if node.parent >= 0, marks[node.parent] {
                marks[index] = true
                continue
            }
            let byKind: Bool
            switch node.kind {
            case .aside, .footer, .form, .caption: byKind = true
            default: byKind = false
            }
            let protected = node.kind == .body || node.kind == .main || articleBodyNodes.contains(index)
            let metadataLine = node.hint.metadata && visibleBytes(node) <= Self.maximumMetadataBytes
            marks[index] =
                !protected && (byKind || node.hint.boilerplate || metadataLine) && Double(node.length) < limit
        }
        return marks
    }

    // MARK: Choosing the containers

    /// The chosen containers, in document order; empty when no container stands out.
    private func select() -> [Int] {
        guard !nodes.isEmpty else { return [] }
        var raw = [Double](repeating: 0, count: nodes.count)
        for block in walker.blocks where block.visibleBytes >= Self.minimumScoredBytes {
            let owner = blockElement(block.owner)
            guard owner >= 0, !inBoilerplate[owner] else { continue }
            let commas = commaCount(block)
            let score = (1 + Double(commas) + min(Double(block.visibleBytes) / 100, 3)) * (1 - block.linkDensity)
            var node = owner
            var level = 0
            while node >= 0, level < 6 {
                let weight: Double =
                    switch level {
                    case 0, 1: 1
                    case 2: 0.5
                    default: 1 / Double((level - 1) * 3)
                    }
                raw[node] += score * weight
                node = nodes[node].parent
                level += 1
            }
        }
        var final = [Double](repeating: 0, count: nodes.count)
        var best = -1
        for index in nodes.indices where raw[index] > 0 {
            let node = nodes[index]
            let density = node.length == 0 ? 0 : min(1, Double(node.linkBytes) / Double(max(1, visibleBytes(node))))
            final[index] = raw[index] * (1 - density) + bonus(index)
            if let start = articleBodyStart, node.kind.isBlock, !inBoilerplate[index], node.start <= start,
                start < node.end, node.kind != .body
            {
                final[index] += Self.articleBodyBonus
            }
            if node.kind == .paragraph || node.kind == .heading || node.kind == .listItem { continue }
            if best < 0 || final[index] > final[best] { best = index }
        }
        guard best >= 0 else { return [] }
        let (container, score) = climb(from: best, scores: final)
        return withSiblings(container, score: score, scores: final)
    }

    /// A container's score from its tag and its class hints.
    private func bonus(_ index: Int) -> Double {
        let node = nodes[index]
        var bonus: Double =
            switch node.kind {
            case .division: 5
            case .article: 15
            case .main: 10
            case .cell, .quote, .preformatted: 3
            case .list, .listItem, .form: -3
            case .heading: -5
            default: 0
            }
        if node.hint.likely { bonus += 25 }
        if node.hint.unlikely || node.hint.boilerplate { bonus -= 25 }
        if articleBodyNodes.contains(index) { bonus += 50 }
        return bonus
    }

    /// Moves up while the parent holds the same text (a wrapper) or an ancestor scores clearly
    /// more than the best so far; stops at an ancestor that scores under a third of it.
    private func climb(from start: Int, scores: [Double]) -> (node: Int, score: Double) {
        var best = start
        var bestScore = scores[start]
        var parent = nodes[best].parent
        var steps = 0
        while parent >= 0, nodes[parent].kind != .body, !inBoilerplate[parent], steps < 64 {
            steps += 1
            if Double(visibleBytes(nodes[best])) >= 0.9 * Double(visibleBytes(nodes[parent])) {
                best = parent
                bestScore = max(bestScore, scores[parent])
            } else if scores[parent] > bestScore * 1.1 {
                best = parent
                bestScore = scores[parent]
            } else if scores[parent] < bestScore / 3 {
                break
            }
            parent = nodes[parent].parent
        }
        return (best, bestScore)
    }

    /// The chosen container and its siblings that look like more of the article.
    private func withSiblings(_ best: Int, score: Double, scores: [Double]) -> [Int] {
        let parent = nodes[best].parent
        guard parent >= 0 else { return [best] }
        let threshold = max(10, score * 0.2)
        var chosen: [Int] = []
        var child = parent + 1
        while child <= nodes[parent].lastDescendant {
            let node = nodes[child]
            if child == best {
                chosen.append(child)
            } else if !inBoilerplate[child] {
                let visible = visibleBytes(node)
                let density = visible == 0 ? 1 : Double(node.linkBytes) / Double(visible)
                if articleBodyStart != nil {
                    // The site says what the article is: a sibling joins when its text is in it.
                    if let opening = opening(of: child), contains(articleBodyText, opening) { chosen.append(child) }
                } else if scores[child] >= threshold, density < 0.3 {
                    chosen.append(child)
                } else if node.kind == .paragraph, density < 0.25, visible > 80 {
                    chosen.append(child)
                }
            }
            child = node.lastDescendant + 1
        }
        return chosen
    }

    // MARK: Writing the text

    private func assemble(_ selection: [Int]) -> Result {
        var ranges = selection.map { nodes[$0].start..<nodes[$0].end }
        let selectedBytes = ranges.reduce(0) { $0 + visiblePrefix[$1.upperBound] - visiblePrefix[$1.lowerBound] }
        let hinted = articleBodyStart.map { start in ranges.contains { $0.contains(start) } } ?? false
        if selectedBytes < Self.minimumSelectedBytes || (!hinted && coverage(of: ranges) < Self.minimumCoverage) {
            ranges = [0..<output.count]
        }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(output.count)
        var pendingNewlines = 0
        var inRelated = false
        var paywallNotices = 0
        var previousEnd = 0
        var rangeIndex = 0
        var firstKeptStart: Int?
        for block in walker.blocks {
            pendingNewlines = max(pendingNewlines, newlines(previousEnd..<block.start))
            previousEnd = block.end
            while rangeIndex < ranges.count, ranges[rangeIndex].upperBound <= block.start { rangeIndex += 1 }
            guard rangeIndex < ranges.count, ranges[rangeIndex].contains(block.start) else { continue }
            let element = blockElement(block.owner)
            let isHeading = element >= 0 && nodes[element].kind == .heading
            if inRelated {
                let isParagraph = element >= 0 && nodes[element].kind == .paragraph
                let isProse =
                    block.linkDensity < 0.3 && (block.visibleBytes >= 100 || isParagraph && block.visibleBytes >= 40)
                if isHeading || isProse { inRelated = false } else { continue }
            }
            if element >= 0, inBoilerplate[element] { continue }
            if block.owner >= 0, inBoilerplate[block.owner] { continue }
            if block.linkDensity > Self.maximumLinkDensity, !isHeading || block.linkDensity > 0.9 { continue }
            if block.length <= BoilerplatePhrases.maximumLength,
                let kind = BoilerplatePhrases.kind(
                    of: String(decoding: output[block.start..<block.end], as: UTF8.self)[...]
                )
            {
                switch kind {
                case .related:
                    if isHeading || block.visibleBytes < 60 { inRelated = true }
                    continue
                case .paywall:
                    paywallNotices += 1
                    continue
                case .share, .cookie, .comment:
                    continue
                }
            }
            if firstKeptStart == nil { firstKeptStart = block.start }
            if !bytes.isEmpty { bytes.append(contentsOf: pendingNewlines > 1 ? [0x0A, 0x0A] : [0x0A]) }
            bytes.append(contentsOf: output[block.start..<block.end])
            pendingNewlines = 0
        }
        if let heading = walker.firstHeading, heading.length > 0, let first = firstKeptStart, heading.end <= first,
            !(ranges.contains { $0.contains(heading.start) })
        {
            bytes.insert(contentsOf: output[heading.start..<heading.end] + [0x0A, 0x0A], at: 0)
        }
        return Result(text: String(decoding: bytes, as: UTF8.self), paywallNotices: paywallNotices)
    }

    /// The share of the page's prose (blocks of 80 visible bytes or more, few links, outside
    /// boilerplate) that `ranges` hold.
    private func coverage(of ranges: [Range<Int>]) -> Double {
        var total = 0
        var inside = 0
        for block in walker.blocks where block.visibleBytes >= 80 && block.linkDensity < 0.3 {
            let element = blockElement(block.owner)
            guard element < 0 || !inBoilerplate[element], block.owner < 0 || !inBoilerplate[block.owner] else {
                continue
            }
            total += block.visibleBytes
            if ranges.contains(where: { $0.contains(block.start) }) { inside += block.visibleBytes }
        }
        return total == 0 ? 1 : Double(inside) / Double(total)
    }

    /// Words compared between the page and JSON-LD's `articleBody`.
    static let openingWords = 8

    /// The start of the first block whose opening words are those of `text` (JSON-LD `articleBody`).
    private func block(startingLike text: String) -> Int? {
        let words = text.split(whereSeparator: \.isWhitespace).prefix(Self.openingWords)
        guard words.count == Self.openingWords else { return nil }
        let opening = Array(words.joined(separator: " ").utf8)
        for block in walker.blocks where block.visibleBytes >= opening.count - Self.openingWords {
            if collapsedPrefix(block.start..<block.end, words: Self.openingWords) == opening { return block.start }
        }
        return nil
    }

    /// The first words of the first block in `node` with that many words, white space collapsed.
    private func opening(of node: Int) -> [UInt8]? {
        let range = nodes[node].start..<nodes[node].end
        for block in walker.blocks where range.contains(block.start) {
            let prefix = collapsedPrefix(block.start..<block.end, words: Self.openingWords)
            if prefix.split(separator: 0x20).count == Self.openingWords { return prefix }
        }
        return nil
    }

    /// The first `words` words of `output[range]`, separated by single spaces.
    private func collapsedPrefix(_ range: Range<Int>, words: Int) -> [UInt8] {
        var collapsed: [UInt8] = []
        var count = 0
        var previousSpace = true
        for byte in output[range] {
            let isSpace = byte <= 0x20
            if isSpace {
                if !previousSpace {
                    count += 1
                    if count == words { break }
                }
            } else {
                if previousSpace, !collapsed.isEmpty { collapsed.append(0x20) }
                collapsed.append(byte)
            }
            previousSpace = isSpace
        }
        return collapsed
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) {
                return true
            }
            index += 1
        }
        return false
    }

    // MARK: Small helpers

    /// The nearest block-level element at or above `index`.
    private func blockElement(_ index: Int) -> Int {
        var node = index
        while node >= 0, !nodes[node].kind.isBlock { node = nodes[node].parent }
        return node
    }

    private func visibleBytes(_ node: HTMLWalker.Node) -> Int {
        visiblePrefix[node.end] - visiblePrefix[node.start]
    }

    private func commaCount(_ block: HTMLWalker.Block) -> Int {
        var count = 0
        for index in block.start..<block.end where output[index] == 0x2C { count += 1 }
        return count
    }

    private func newlines(_ range: Range<Int>) -> Int {
        var count = 0
        for index in range where output[index] == 0x0A { count += 1 }
        return count
    }
}
