import CLibXML2

/// One pass over an HTML tree: writes the visible text into a byte buffer (line breaks for block
/// elements, nothing for inline ones) and collects what the metadata step needs (meta tags,
/// `<title>`, JSON-LD scripts, `<time>` elements, `<article>`/`<main>` spans of the text).
///
/// The walk follows child, sibling and parent links without recursion, so deep nesting cannot
/// overflow the stack.
struct HTMLWalker {
    enum ContainerKind: Sendable, Hashable {
        case article
        case main
    }

    /// A span of ``output`` written inside an element.
    struct Span: Sendable, Hashable {
        var start: Int
        var end: Int
        var length: Int { end - start }

        func contains(_ other: Span) -> Bool { start <= other.start && other.end <= end }
    }

    struct TimeElement: Sendable, Hashable {
        var value: String
        var position: Int
        /// Marked as the publication time (`pubdate` or `itemprop="datePublished"`).
        var isPublication: Bool
    }

    // MARK: What the walk collects

    private(set) var output: [UInt8] = []
    /// Meta tags by lowercased `name`, `property`, `itemprop` or `http-equiv`; the first value wins.
    private(set) var metas: [String: String] = [:]
    private(set) var metaAuthors: [String] = []
    private(set) var titleElement = ""
    private(set) var canonicalLink = ""
    private(set) var rootLanguage = ""
    private(set) var jsonLDScripts: [String] = []
    /// JSON data islands (`<script type="application/json">`, Next.js `__NEXT_DATA__`): where
    /// single-page apps carry an article they have not rendered.
    private(set) var dataScripts: [String] = []
    private var dataScriptBytes = 0
    private(set) var timeElements: [TimeElement] = []
    /// `itemprop="datePublished"` / `dateModified` on body elements (microdata).
    private(set) var microdata: [String: String] = [:]
    private(set) var containers: [(kind: ContainerKind, span: Span)] = []
    private(set) var firstHeading: Span?
    private(set) var authorLinks: [Span] = []
    /// Every element walked in the body, in document order (parents before children).
    private(set) var nodes: [Node] = []
    /// The text blocks of ``output``, in order.
    private(set) var blocks: [Block] = []
    /// Text of elements marked as the article body (`itemprop="articleBody"`).
    private(set) var articleBodyNodes: [Int] = []
    /// Short elements whose class or id names a byline (`byline`, `author`, `signature`).
    private(set) var bylines: [Span] = []
    /// The walk stopped at ``maximumElements``: the rest of the page is left out.
    private(set) var truncated = false
    /// Elements whose class or id says the content is for subscribers (a paywall notice).
    private(set) var paywallMarkers = 0

    // MARK: Walk state

    private var headDepth = 0
    private var preDepth = 0
    private var openContainers: [(kind: ContainerKind, start: Int)] = []
    private var headingStart: Int?
    private var authorLinkStart: Int?
    private var openNodes: [Int] = []
    private var anchorDepth = 0
    private var linkBytes = 0
    private var blockStart = 0
    private var blockOwner: Int?
    private var blockLinkBytes = 0
    private var blockVisible = 0
    /// Where the last `<br>` ended its line: a second one with nothing visible in between ends a
    /// paragraph, as on pages that separate paragraphs with `<br><br>`.
    private var lastLineBreak = -1
    /// For each open `<table>`, whether it lays out the page (its cells are blocks of their own)
    /// rather than holding data (its cells are words of a row).
    private var layoutTables: [Bool] = []
    /// What each distinct `class` value (with the element's id) says, read once per page: pages
    /// repeat the same few hundred values over thousands of elements.
    private var hintCache: [String: ClassHint] = [:]
    private var hidingCache: [String: Bool] = [:]
    /// Element names of up to 8 bytes (nearly all), packed into an integer, and what the walk does
    /// with each: worked out once per page and name.
    private var names: [UInt64: ElementName] = [:]

    /// An element name and what the walk does with it, worked out once per distinct name.
    private struct ElementName {
        var name: String
        var kind: NodeKind
        var skipped: Bool
        /// Ends a paragraph, or a line.
        var paragraph: Bool
        var line: Bool

        init(_ name: String) {
            self.name = name
            kind = NodeKind(tag: name)
            skipped = HTMLWalker.skipped.contains(name)
            paragraph = HTMLWalker.paragraphs.contains(name)
            line = HTMLWalker.lines.contains(name)
        }
    }

    /// The most elements read in one page by default: beyond, the page is machine-made and the
    /// rest is dropped (the `max_elements` option of normalize).
    static let defaultMaximumElements = 400_000

    static func walk(_ root: xmlNodePtr, maximumElements: Int = defaultMaximumElements) -> HTMLWalker {
        var walker = HTMLWalker()
        walker.output.reserveCapacity(16 * 1024)
        var node: xmlNodePtr? = root
        var elements = 0
        while let current = node {
            var descend = false
            if current.isElement {
                elements += 1
                if elements > maximumElements {
                    walker.truncated = true
                    break
                }
                descend = walker.enter(current)
            } else if current.isText, walker.headDepth == 0 {
                walker.appendText(current)
            }
            if descend, let child = current.pointee.children {
                node = child
                continue
            }
            if descend { walker.exit(current) }
            node = nil
            var cursor = current
            while cursor != root {
                if let next = cursor.pointee.next {
                    node = next
                    break
                }
                guard let parent = cursor.pointee.parent else { break }
                walker.exit(parent)
                cursor = parent
            }
        }
        walker.closeBlock()
        while !walker.openNodes.isEmpty { walker.closeNode() }
        return walker
    }

    // MARK: Elements

    /// Elements whose content is never visible text.
    private static let skipped: Set<String> = [
        "script", "style", "noscript", "template", "svg", "math", "iframe", "frame", "frameset", "embed",
        "canvas", "audio", "video", "select", "datalist", "button", "nav", "textarea", "input", "img", "map",
    ]
    /// Elements that end a paragraph (a blank line before and after).
    private static let paragraphs: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl", "table", "figure",
        "article", "section", "header", "footer", "main", "aside", "hr", "address", "details", "fieldset",
        "center", "body",
    ]
    /// Elements that end a line.
    private static let lines: Set<String> = [
        "div", "li", "dt", "dd", "tr", "caption", "figcaption", "summary", "legend", "br", "option",
    ]
    /// Data islands kept (besides `__NEXT_DATA__`, always kept), the smallest kept (configuration
    /// blobs are smaller), and the bytes read of all of them together (and of each JSON-LD script).
    static let maximumDataScripts = 8
    static let minimumDataScriptBytes = 256
    static let maximumDataScriptBytes = 16 << 20

    private mutating func readDataScript(_ element: xmlNodePtr) {
        let isNext = element.attribute("id") == "__NEXT_DATA__"
        guard isNext || dataScripts.count < Self.maximumDataScripts, dataScriptBytes < Self.maximumDataScriptBytes
        else { return }
        let text = element.subtreeText(limit: Self.maximumDataScriptBytes - dataScriptBytes)
        guard isNext || text.utf8.count >= Self.minimumDataScriptBytes else { return }
        dataScripts.append(text)
        dataScriptBytes += text.utf8.count
    }

    /// Elements inside a table cell that make the table a layout: its cells hold blocks, not values.
    private static let layoutMarks: Set<String> = [
        "table", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "article", "section",
    ]

    /// Whether a table lays out the page (`role="presentation"`, a nested table, paragraphs,
    /// headings, lists or `<br><br>` with nothing visible between in its cells). Looks at its first 2,000 descendants at most.
    private static func laysOut(_ table: xmlNodePtr) -> Bool {
        if table.attribute("role")?.lowercased() == "presentation" { return true }
        var visited = 0
        var afterLineBreak = false
        var node = table.pointee.children
        while let current = node, visited < 2000 {
            visited += 1
            if current.isElement {
                let name = current.name
                if layoutMarks.contains(name) { return true }
                if name == "br" {
                    if afterLineBreak { return true }
                    afterLineBreak = true
                } else {
                    afterLineBreak = false
                }
            } else if current.isText, !current.isBlankText {
                afterLineBreak = false
            }
            node = current.next(within: table, descending: current.isElement)
        }
        return false
    }

    /// Class names that hide an element from sighted readers.
    private static let hidingClasses: Set<String> = [
        "hidden", "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "hide",
    ]

    /// Handles an element's start; returns whether to walk its children.
    private mutating func enter(_ element: xmlNodePtr) -> Bool {
        let info = name(of: element)
        let name = info.name
        switch name {
        case "head":
            headDepth += 1
            return true
        case "title":
            if titleElement.isEmpty { titleElement = element.subtreeText(limit: 4096) }
            return false
        case "meta":
            readMeta(element)
            return false
        case "link":
            if canonicalLink.isEmpty, let rel = element.attribute("rel"),
                rel.lowercased().split(separator: " ").contains("canonical")
            {
                canonicalLink = element.attribute("href") ?? ""
            }
            return false
        case "html":
            rootLanguage = element.attribute("lang") ?? element.attribute("xml:lang") ?? ""
            return true
        case "script":
            if let type = element.attribute("type")?.lowercased() {
                if type.contains("ld+json") {
                    jsonLDScripts.append(element.subtreeText(limit: Self.maximumDataScriptBytes))
                } else if type.contains("json") {
                    readDataScript(element)
                }
            }
            return false
        default:
            break
        }
        if info.skipped, element.pointee.children == nil || !Self.swallowsRestOfPage(element) {
            return false
        }
        // Most elements have no attributes at all: none of the look-ups below apply to them.
        let hasAttributes = element.pointee.properties != nil
        let classes = hasAttributes ? element.attribute("class") ?? "" : ""
        if hasAttributes, isHidden(element, classes: classes) { return false }
        let itemprop = hasAttributes ? element.attribute("itemprop") : nil
        if let itemprop, itemprop == "datePublished" || itemprop == "dateModified",
            microdata[itemprop] == nil, let value = element.attribute("datetime") ?? element.attribute("content")
        {
            microdata[itemprop] = value
        }
        if headDepth > 0 { return true }
        openNode(
            kind: info.kind,
            classes: classes,
            id: hasAttributes ? element.attribute("id") ?? "" : "",
            isArticleBody: itemprop == "articleBody"
        )
        switch name {
        case "br":
            let paragraph = lastLineBreak >= 0 && output[lastLineBreak...].allSatisfy { $0 <= 0x20 }
            appendBreak(paragraph: paragraph)
            lastLineBreak = output.count
            closeNode()
            return false
        case "table":
            layoutTables.append(Self.laysOut(element))
        case "td", "th":
            if layoutTables.last == true { appendBreak(paragraph: true) }
        case "time":
            if let value = element.attribute("datetime") {
                let isPublication = element.hasAttribute("pubdate") || element.attribute("itemprop") == "datePublished"
                timeElements.append(TimeElement(value: value, position: output.count, isPublication: isPublication))
            }
        case "h1":
            if firstHeading == nil { headingStart = output.count }
        case "article":
            openContainers.append((.article, output.count))
        case "main":
            openContainers.append((.main, output.count))
        case "pre":
            preDepth += 1
        case "a":
            anchorDepth += 1
            if authorLinkStart == nil, element.attribute("rel")?.lowercased() == "author" {
                authorLinkStart = output.count
            }
        default:
            break
        }
        if info.paragraph {
            appendBreak(paragraph: true)
        } else if info.line {
            appendBreak(paragraph: false)
        }
        return true
    }

    /// Handles the end of an element whose children were walked.
    private mutating func exit(_ element: xmlNodePtr) {
        let info = name(of: element)
        let name = info.name
        if name == "head" {
            headDepth -= 1
            return
        }
        if headDepth > 0 { return }
        if info.paragraph {
            appendBreak(paragraph: true)
        } else if info.line {
            appendBreak(paragraph: false)
        }
        closeNode()
        switch name {
        case "td", "th":
            if layoutTables.last == true {
                appendBreak(paragraph: true)
            } else {
                output.append(0x20)
            }
        case "table":
            _ = layoutTables.popLast()
        case "h1":
            if let start = headingStart, firstHeading == nil {
                firstHeading = Span(start: start, end: output.count)
                headingStart = nil
            }
        case "article", "main":
            if let open = openContainers.popLast() {
                containers.append((open.kind, Span(start: open.start, end: output.count)))
            }
        case "pre":
            preDepth -= 1
        case "a":
            anchorDepth -= 1
            if let start = authorLinkStart {
                authorLinks.append(Span(start: start, end: output.count))
                authorLinkStart = nil
            }
        default:
            break
        }
    }

    private mutating func readMeta(_ element: xmlNodePtr) {
        guard let content = element.attribute("content") else { return }
        let keys: [StaticString] = ["property", "name", "itemprop", "http-equiv"]
        for key in keys {
            guard let value = element.attribute(key) else { continue }
            // RDFa allows several properties in one attribute: `property="og:title twitter:title"`.
            for name in value.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
                let name = String(name)
                if name == "author" { metaAuthors.append(content) }
                if metas[name] == nil { metas[name] = content }
            }
        }
    }

    /// Text an unclosed element must hold before the walk reads it anyway.
    static let swallowedTextThreshold = 500

    /// Whether a skipped element left unclosed took in the rest of the page, as
    /// `<noscript><div></noscript>` does in libxml2: it runs to the end of the document and
    /// holds a good deal of text. Such an element is walked like any other.
    private static func swallowsRestOfPage(_ element: xmlNodePtr) -> Bool {
        var node: xmlNodePtr? = element
        while let current = node, current.isElement {
            var sibling = current.pointee.next
            while let next = sibling {
                if next.isElement || (next.isText && !next.isBlankText) { return false }
                sibling = next.pointee.next
            }
            node = current.pointee.parent
        }
        return element.subtreeText(limit: swallowedTextThreshold).utf8.count >= swallowedTextThreshold
    }

    private mutating func name(of element: xmlNodePtr) -> ElementName {
        guard let pointer = element.pointee.name else { return ElementName("") }
        var packed: UInt64 = 0
        var count = 0
        while pointer[count] != 0 {
            guard count < 8 else { return ElementName(String(cString: pointer)) }
            packed |= UInt64(pointer[count]) << (8 * UInt64(count))
            count += 1
        }
        if let name = names[packed] { return name }
        let name = ElementName(String(cString: pointer))
        names[packed] = name
        return name
    }

    private mutating func isHidden(_ element: xmlNodePtr, classes: String) -> Bool {
        if element.hasAttribute("hidden") { return true }
        if element.attribute("aria-hidden")?.lowercased() == "true" { return true }
        if let style = element.attribute("style"), Self.styleHides(style) { return true }
        guard !classes.isEmpty else { return false }
        if let hidden = hidingCache[classes] { return hidden }
        let hidden = classes.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).contains {
            Self.hidingClasses.contains(String($0))
        }
        hidingCache[classes] = hidden
        return hidden
    }

    /// Whether an inline style hides the element (`display: none`, `visibility:hidden`), in any case
    /// and spacing.
    static func styleHides(_ style: String) -> Bool {
        var compact: [UInt8] = []
        compact.reserveCapacity(style.utf8.count)
        for byte in style.utf8 where byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
            compact.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
        }
        return ClassHint.contains(compact, Self.displayNone) || ClassHint.contains(compact, Self.visibilityHidden)
    }
    private static let displayNone = Array("display:none".utf8)
    private static let visibilityHidden = Array("visibility:hidden".utf8)

    // MARK: Output

    /// Appends a text node; outside `<pre>`, HTML white space (including line breaks) is a space.
    private mutating func appendText(_ node: xmlNodePtr) {
        guard let content = node.pointee.content else { return }
        let before = output.count
        defer { countText(from: before) }
        var index = 0
        while content[index] != 0 {
            let byte = content[index]
            index += 1
            guard byte < 0x20 else {
                output.append(byte)
                continue
            }
            if preDepth > 0 {
                switch byte {
                case 0x0D where content[index] == 0x0A: continue
                case 0x0A, 0x0D, 0x0C: output.append(0x0A)
                default: output.append(byte == 0x09 ? 0x09 : 0x20)
                }
            } else {
                output.append(0x20)
            }
        }
    }

    /// A line break, or a blank line for a paragraph, unless the output already ends with one
    /// (spaces after the last line break do not count: the cleaner trims them).
    private mutating func appendBreak(paragraph: Bool) {
        let wanted = paragraph ? 2 : 1
        var newlines = 0
        var index = output.count - 1
        while index >= 0, newlines < wanted {
            let byte = output[index]
            if byte == 0x0A {
                newlines += 1
            } else if byte != 0x20 && byte != 0x09 {
                break
            }
            index -= 1
        }
        guard newlines < wanted else { return }
        closeBlock()
        for _ in newlines..<wanted { output.append(0x0A) }
        blockStart = output.count
    }

    // MARK: Nodes and blocks

    private mutating func openNode(kind: NodeKind, classes: String, id: String, isArticleBody: Bool) {
        let hint: ClassHint
        if classes.isEmpty, id.isEmpty {
            hint = .none
        } else if id.isEmpty, let cached = hintCache[classes] {
            hint = cached
        } else {
            hint = ClassHint(classes: classes, id: id)
            if id.isEmpty { hintCache[classes] = hint }
        }
        if hint.paywall { paywallMarkers += 1 }
        let index = nodes.count
        nodes.append(
            Node(
                parent: openNodes.last ?? -1,
                kind: kind,
                hint: hint,
                start: output.count,
                end: output.count,
                linkBytes: 0,
                linkBytesBefore: linkBytes,
                lastDescendant: index
            )
        )
        if isArticleBody { articleBodyNodes.append(index) }
        openNodes.append(index)
    }

    private mutating func closeNode() {
        guard let index = openNodes.popLast() else { return }
        nodes[index].end = output.count
        nodes[index].linkBytes = linkBytes - nodes[index].linkBytesBefore
        nodes[index].lastDescendant = nodes.count - 1
        if nodes[index].hint.byline, nodes[index].length <= 300, nodes[index].length > 0, bylines.count < 8 {
            bylines.append(Span(start: nodes[index].start, end: nodes[index].end))
        }
    }

    /// Counts the visible bytes just written (and those inside links), and starts a block.
    private mutating func countText(from start: Int) {
        var visible = 0
        var firstVisible = output.count
        for index in start..<output.count where output[index] > 0x20 {
            if visible == 0 { firstVisible = index }
            visible += 1
        }
        guard visible > 0 else { return }
        if blockOwner == nil {
            // A block starts at its first visible byte, inside the elements open there.
            blockOwner = openNodes.last ?? -1
            blockStart = firstVisible
        }
        blockVisible += visible
        if anchorDepth > 0 {
            linkBytes += visible
            blockLinkBytes += visible
        }
    }

    /// Records the block written since the last line break, if it has visible text.
    mutating func closeBlock() {
        if let owner = blockOwner, blockVisible > 0 {
            blocks.append(
                Block(
                    start: blockStart,
                    end: output.count,
                    owner: owner,
                    linkBytes: blockLinkBytes,
                    visibleBytes: blockVisible
                )
            )
        }
        blockOwner = nil
        blockLinkBytes = 0
        blockVisible = 0
        blockStart = output.count
    }
}
