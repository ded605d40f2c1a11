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
    /// Elements named like share bars or widgets are boilerplate up to this many visible bytes
    /// (or when most of their text is links).
    static let maximumWeakBoilerplateBytes = 500
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

    /// How the text was found.
    enum Strategy: String, Sendable, Hashable {
        /// The best-scoring container and its siblings (the usual case).
        case container
        /// No container stood out: every block of the page, filtered.
        case wholePage = "whole-page"
        /// The page's `<article>`, `<main>` or `itemprop="articleBody"` element, with the class
        /// names of the elements around it ignored.
        case articleElement = "article-element"
        /// The `articleBody` the page declares in JSON-LD.
        case jsonLD = "json-ld"
        /// The prose of the page's JSON data islands (`__NEXT_DATA__`), for single-page apps that
        /// render their article in the browser (see ``ScriptData``).
        case scriptData = "script-data"
        /// Every paragraph of the page that is not mostly links.
        case paragraphs
    }

    struct Result: Sendable, Hashable {
        var text: String
        /// Blocks that announce a paywall.
        var paywallNotices: Int
        var strategy: Strategy = .container
        /// Why the text is not the best-scoring container's (a fallback was taken), for a diagnostic.
        var fallbackReason: String?
        /// Visible bytes of the whole page (all its text, boilerplate included).
        var pageBytes = 0
        /// The part of the walk's output where the text was taken from, from its first kept block
        /// (or the `<h1>` put before it) to the end of its last; `nil` when nothing was kept.
        var region: Range<Int>?
    }

    /// The text of the scoring is implausible when it holds less than this share of what another
    /// strategy finds...
    static let implausibleShare = 0.3
    /// ...and that other strategy finds at least this many visible bytes.
    static let minimumFallbackBytes = 250
    /// A fallback is preferred to a larger one (the paragraphs of the whole page) when it holds at
    /// least this share of it: an article element or the site's own `articleBody` is more precise.
    static let preciseFallbackShare = 0.5

    /// JSON-LD's `articleBody`, the text of the last fallback.
    private let declaredBody: String
    /// Whether the cascade may read the page's JSON data islands (not when the page is itself
    /// HTML found in such data).
    private let readsScriptData: Bool

    /// The block where JSON-LD's `articleBody` starts, if it is found on the page.
    private var articleBodyStart: Int?
    /// `articleBody` with its white space collapsed, when its start is found on the page.
    private var articleBodyText: [UInt8] = []

    /// `articleBody` (JSON-LD), when the page has one, raises the containers of the block it starts with.
    init(walker: HTMLWalker, articleBody: String? = nil, readsScriptData: Bool = true) {
        self.walker = walker
        self.readsScriptData = readsScriptData
        self.nodes = walker.nodes
        self.output = walker.output
        self.articleBodyNodes = Set(walker.articleBodyNodes)
        self.declaredBody = articleBody ?? ""
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

    /// The article text: the best-scoring container, unless it is implausibly small beside what
    /// the page's article element, its JSON-LD `articleBody` or its paragraphs hold; then the most
    /// precise of those that is large enough (see ``Strategy``). Every strategy reads the same walk.
    func extract() -> Result {
        var result = cascade()
        result.pageBytes = visiblePrefix[output.count]
        return result
    }

    private func cascade() -> Result {
        let (selection, dominant) = select()
        let main = assemble(selection, dominant: dominant)
        let mainBytes = visibleCount(main.text)
        // No other reading of the page holds more than the whole page: most articles stop here.
        // A short text goes on, in case the page carries its article in script data.
        if mainBytes >= Self.minimumFallbackBytes,
            Double(mainBytes) >= Self.implausibleShare * Double(visiblePrefix[output.count])
        {
            return main
        }

        let container = articleContainer()
        let containerMarks = container.map(marks(within:))
        let containerBytes =
            container.map { estimate(range: nodes[$0].start..<nodes[$0].end, marks: containerMarks!) } ?? 0
        let declaredBytes = visibleCount(declaredBody)
        // Only when the page rendered next to nothing: script data also holds teasers, menus and
        // other articles, which must not replace a rendered article.
        let rendersNothing = mainBytes < Self.minimumFallbackBytes && containerBytes < Self.minimumFallbackBytes
        let scripted = readsScriptData && rendersNothing ? ScriptData.articleText(walker.dataScripts) : ""
        let scriptedBytes = visibleCount(scripted)
        let paragraphMarks = markByKind()
        let paragraphBytes = estimate(range: 0..<output.count, marks: paragraphMarks, paragraphsOnly: true)
        // The article element and JSON-LD are precise: when the page has either, the text is
        // measured against them alone; the paragraphs of the whole page (which hold galleries and
        // comments too) are the measure only on pages without them.
        let precise = max(containerBytes, declaredBytes, scriptedBytes)
        let largest = precise >= Self.minimumFallbackBytes ? precise : paragraphBytes
        guard largest >= Self.minimumFallbackBytes, Double(mainBytes) < Self.implausibleShare * Double(largest) else {
            return main
        }
        var candidates: [Result] = []
        if let container, let containerMarks,
            Double(containerBytes) >= Self.preciseFallbackShare * Double(largest)
        {
            var result = write(ranges: [nodes[container].start..<nodes[container].end], marks: containerMarks)
            result.strategy = .articleElement
            candidates.append(result)
        }
        if Double(declaredBytes) >= Self.preciseFallbackShare * Double(largest) {
            candidates.append(Result(text: declaredBody, paywallNotices: 0, strategy: .jsonLD))
        }
        if Double(scriptedBytes) >= Self.preciseFallbackShare * Double(largest) {
            candidates.append(Result(text: scripted, paywallNotices: 0, strategy: .scriptData))
        }
        var paragraphs = write(ranges: [0..<output.count], marks: paragraphMarks, paragraphsOnly: true)
        paragraphs.strategy = .paragraphs
        candidates.append(paragraphs)
        guard
            var chosen = candidates.first(where: {
                Double(visibleCount($0.text)) >= Self.implausibleShare * Double(largest)
            }),
            visibleCount(chosen.text) > mainBytes
        else { return main }
        chosen.paywallNotices = max(chosen.paywallNotices, main.paywallNotices)
        let sizes = [
            (Strategy.articleElement, containerBytes), (.jsonLD, declaredBytes), (.scriptData, scriptedBytes),
            (.paragraphs, paragraphBytes),
        ]
        .filter { $0.1 > 0 }.map { "\($0.0.rawValue) \($0.1)" }.joined(separator: ", ")
        chosen.fallbackReason =
            "the best-scoring \(main.strategy == .wholePage ? "page filter" : "container") kept \(mainBytes) "
            + "visible characters, against \(sizes); kept \(chosen.strategy.rawValue)"
        return chosen
    }

    // MARK: Boilerplate containers

    private func markBoilerplate() -> [Bool] {
        let limit = Double(output.count) * Self.wrapperShare
        var marks = [Bool](repeating: false, count: nodes.count)
        for (index, node) in nodes.enumerated() {
            marks[index] = (node.parent >= 0 && marks[node.parent]) || isBoilerplate(index, limit: limit)
        }
        return marks
    }

    /// ``inBoilerplate``, but inside `root` the marks of elements around it are ignored: its
    /// descendants are boilerplate only by their own names and tags.
    private func marks(within root: Int) -> [Bool] {
        let limit = Double(output.count) * Self.wrapperShare
        var marks = inBoilerplate
        marks[root] = false
        var index = root + 1
        while index <= nodes[root].lastDescendant {
            marks[index] = marks[nodes[index].parent] || isBoilerplate(index, limit: limit)
            index += 1
        }
        return marks
    }

    /// Elements that are boilerplate by their tag alone (`<aside>`, `<footer>`, `<form>`,
    /// captions), and what they hold; class names are ignored.
    private func markByKind() -> [Bool] {
        let limit = Double(output.count) * Self.wrapperShare
        var marks = [Bool](repeating: false, count: nodes.count)
        for (index, node) in nodes.enumerated() {
            marks[index] =
                (node.parent >= 0 && marks[node.parent]) || (node.isBoilerplateKind && Double(node.length) < limit)
        }
        return marks
    }

    /// Whether the element itself (not counting its ancestors) is boilerplate.
    private func isBoilerplate(_ index: Int, limit: Double) -> Bool {
        let node = nodes[index]
        // An `<article>` named like content (`post`, `entry`) is not boilerplate by its own
        // class: blog engines add one class per tag and author (`tag-share`, `author-x`).
        let protected =
            node.kind == .body || node.kind == .main || articleBodyNodes.contains(index)
            || (node.kind == .article && node.hint.likely)
        guard !protected, Double(node.length) < limit else { return false }
        let visible = visibleBytes(node)
        let metadataLine = node.hint.metadata && visible <= Self.maximumMetadataBytes
        let weak =
            node.hint.weakBoilerplate
            && (visible <= Self.maximumWeakBoilerplateBytes || node.linkBytes * 10 > visible * 3)
        return node.isBoilerplateKind || node.hint.boilerplate || weak || metadataLine
    }

    /// The element marked as the article (`itemprop="articleBody"`), else the `<article>` or
    /// `<main>` with the most text; `nil` when the page has none.
    private func articleContainer() -> Int? {
        if let marked = articleBodyNodes.max(by: { visibleBytes(nodes[$0]) < visibleBytes(nodes[$1]) }) {
            return marked
        }
        return nodes.indices.filter { nodes[$0].kind == .article || nodes[$0].kind == .main }
            .max { visibleBytes(nodes[$0]) < visibleBytes(nodes[$1]) }
    }

    // MARK: Choosing the containers

    /// The chosen containers, in document order (empty when no container scores), and whether
    /// they stand out: no container outside them scores half as much (see ``dominance``).
    private func select() -> (nodes: [Int], dominant: Bool) {
        guard !nodes.isEmpty else { return ([], false) }
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
        guard best >= 0 else { return ([], false) }
        let (container, score) = climb(from: best, scores: final)
        let chosen = withSiblings(container, score: score, scores: final)
        var rival = 0.0
        for index in nodes.indices where final[index] > rival {
            let node = nodes[index]
            if node.kind == .paragraph || node.kind == .heading || node.kind == .listItem || node.kind == .body {
                continue
            }
            let inside = chosen.contains { nodes[$0].start <= node.start && node.end <= nodes[$0].end }
            let around = chosen.contains { node.start <= nodes[$0].start && nodes[$0].end <= node.end }
            if !inside, !around { rival = final[index] }
        }
        return (chosen, score >= Self.dominance * rival)
    }

    /// A container scoring this many times more than any other outside it is the article, even
    /// when the page holds more prose elsewhere (a live blog beside it, a long comment thread).
    static let dominance = 2.0

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
        if node.hint.unlikely || node.hint.boilerplate || node.hint.weakBoilerplate { bonus -= 25 }
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

    private func assemble(_ selection: [Int], dominant: Bool) -> Result {
        var ranges = selection.map { nodes[$0].start..<nodes[$0].end }
        let selectedBytes = ranges.reduce(0) { $0 + visiblePrefix[$1.upperBound] - visiblePrefix[$1.lowerBound] }
        let hinted = articleBodyStart.map { start in ranges.contains { $0.contains(start) } } ?? false
        var strategy = Strategy.container
        if selectedBytes < Self.minimumSelectedBytes
            || (!hinted && !dominant && coverage(of: ranges) < Self.minimumCoverage)
        {
            ranges = [0..<output.count]
            strategy = .wholePage
        }
        var result = write(ranges: ranges, marks: inBoilerplate)
        result.strategy = strategy
        return result
    }

    /// Visible bytes of the blocks in `range` that a ``write(ranges:marks:paragraphsOnly:)``
    /// would keep, but for the boilerplate phrases: a cheap measure of a fallback.
    private func estimate(range: Range<Int>, marks: [Bool], paragraphsOnly: Bool = false) -> Int {
        var total = 0
        for block in walker.blocks where range.contains(block.start) {
            let element = blockElement(block.owner)
            if keeps(block, element: element, marks: marks, paragraphsOnly: paragraphsOnly) {
                total += block.visibleBytes
            }
        }
        return total
    }

    /// Whether a block survives `marks` (its element's or its owner's), its links (a heading may
    /// hold more) and, with `paragraphsOnly`, its kind; the phrases are checked by the writer.
    private func keeps(_ block: HTMLWalker.Block, element: Int, marks: [Bool], paragraphsOnly: Bool) -> Bool {
        if element >= 0, marks[element] { return false }
        if block.owner >= 0, marks[block.owner] { return false }
        let isHeading = element >= 0 && nodes[element].kind == .heading
        if block.linkDensity > Self.maximumLinkDensity, !isHeading || block.linkDensity > 0.9 { return false }
        return !paragraphsOnly || isParagraphLike(element)
    }

    /// Paragraphs, quotes and preformatted text: what the paragraph fallback keeps.
    private func isParagraphLike(_ element: Int) -> Bool {
        guard element >= 0 else { return false }
        switch nodes[element].kind {
        case .paragraph, .quote, .preformatted: return true
        default: return false
        }
    }

    /// The blocks in `ranges` (sorted, disjoint) that are not boilerplate by `marks`, by their
    /// links or by their words, as text; with `paragraphsOnly`, only paragraphs and quotes.
    private func write(ranges: [Range<Int>], marks: [Bool], paragraphsOnly: Bool = false) -> Result {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(output.count)
        var pendingNewlines = 0
        var inRelated = false
        var paywallNotices = 0
        var previousEnd = 0
        var rangeIndex = 0
        var firstKeptStart: Int?
        var lastKeptEnd = 0
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
            guard keeps(block, element: element, marks: marks, paragraphsOnly: paragraphsOnly) else { continue }
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
                case .share, .cookie, .comment, .label:
                    continue
                }
            }
            if firstKeptStart == nil { firstKeptStart = block.start }
            if !bytes.isEmpty { bytes.append(contentsOf: pendingNewlines > 1 ? [0x0A, 0x0A] : [0x0A]) }
            bytes.append(contentsOf: output[block.start..<block.end])
            lastKeptEnd = block.end
            pendingNewlines = 0
        }
        var regionStart = firstKeptStart
        if let heading = walker.firstHeading, heading.length > 0, let first = firstKeptStart, heading.end <= first,
            !(ranges.contains { $0.contains(heading.start) })
        {
            bytes.insert(contentsOf: output[heading.start..<heading.end] + [0x0A, 0x0A], at: 0)
            regionStart = heading.start
        }
        var result = Result(text: String(decoding: bytes, as: UTF8.self), paywallNotices: paywallNotices)
        result.region = regionStart.map { $0..<lastKeptEnd }
        return result
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

    /// Bytes of `text` that are not ASCII white space.
    private func visibleCount(_ text: String) -> Int {
        var count = 0
        for byte in text.utf8 where byte > 0x20 { count += 1 }
        return count
    }

    private func newlines(_ range: Range<Int>) -> Int {
        var count = 0
        for index in range where output[index] == 0x0A { count += 1 }
        return count
    }
}
