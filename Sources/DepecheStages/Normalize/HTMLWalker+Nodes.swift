extension HTMLWalker {
    /// What an element is, for the body extractor.
    enum NodeKind: UInt8, Sendable, Hashable {
        case paragraph
        case heading
        case listItem
        case list
        case quote
        case preformatted
        case division
        case article
        case main
        case table
        case cell
        case figure
        case caption
        case aside
        case header
        case footer
        case form
        case anchor
        case body
        case inline

        init(tag: String) {
            switch tag {
            case "p": self = .paragraph
            case "h1", "h2", "h3", "h4", "h5", "h6": self = .heading
            case "li", "dt", "dd": self = .listItem
            case "ul", "ol", "dl", "menu": self = .list
            case "blockquote", "q": self = .quote
            case "pre": self = .preformatted
            case "div", "section", "center", "details", "address", "hgroup": self = .division
            case "article": self = .article
            case "main": self = .main
            case "table", "tbody", "thead", "tfoot", "tr": self = .table
            case "td", "th": self = .cell
            case "figure", "picture": self = .figure
            case "figcaption", "caption": self = .caption
            case "aside": self = .aside
            case "header": self = .header
            case "footer": self = .footer
            case "form", "fieldset", "label", "legend": self = .form
            case "a": self = .anchor
            case "body": self = .body
            default: self = .inline
            }
        }

        /// Elements that hold blocks of text of their own (not inline markup).
        var isBlock: Bool {
            switch self {
            case .inline, .anchor: false
            default: true
            }
        }
    }

    /// One element of the page, with the span of ``HTMLWalker/output`` written inside it.
    struct Node: Sendable, Hashable {
        var parent: Int
        var kind: NodeKind
        var hint: ClassHint
        var start: Int
        var end: Int
        /// Bytes of link text inside the element.
        var linkBytes: Int
        /// Link bytes written before the element started (to compute ``linkBytes`` at its end).
        var linkBytesBefore: Int
        /// The index of the last node inside this one (itself when it has no element children).
        var lastDescendant: Int

        var length: Int { end - start }

        /// `<aside>`, `<footer>`, `<form>` and captions: never the article's text.
        var isBoilerplateKind: Bool {
            switch kind {
            case .aside, .footer, .form, .caption: true
            default: false
            }
        }
    }

    /// A run of text between two line breaks: a paragraph, a heading, a list item, a cell row.
    struct Block: Sendable, Hashable {
        var start: Int
        var end: Int
        /// The innermost element open when the block's first text was written.
        var owner: Int
        var linkBytes: Int
        /// Visible characters (bytes that are not ASCII white space).
        var visibleBytes: Int

        var length: Int { end - start }
        var linkDensity: Double { visibleBytes == 0 ? 0 : Double(linkBytes) / Double(visibleBytes) }
    }
}
