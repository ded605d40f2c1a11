/// What an element's `class` and `id` say about it, in French and English page vocabularies:
/// boilerplate (navigation, share bars, comments, related links, cookie banners, ads) or
/// article content. Generic words only, never a particular site's class names.
///
/// Long words match anywhere (`socialShareBar`, `article__comments`); short ones (`ad`, `nav`,
/// `pub`, `tags`) only as whole tokens between separators or case changes.
struct ClassHint: Sendable, Hashable {
    /// The element (and everything in it) is boilerplate.
    var boilerplate = false
    /// Boilerplate when the element is short or mostly links (share bars, tag lists, widgets).
    var weakBoilerplate = false
    /// A weak sign of boilerplate: lowers the element's score as an article container.
    var unlikely = false
    /// A sign of article content: raises the element's score as a container.
    var likely = false
    /// A byline: the element names the authors.
    var byline = false
    /// Names a metadata line (`post-date`, `entry-meta`, `author`): boilerplate when short.
    var metadata = false
    /// Names a paywall or subscriber-only content (`paywall`, `premium`, `abonnes`).
    var paywall = false

    static let none = ClassHint()

    /// Anywhere in the lowercased value: always boilerplate, whatever the element holds.
    private static let boilerplateParts: [[UInt8]] = [
        "comment", "disqus", "related", "recommend", "cookie", "consent", "gdpr", "didomi", "newsletter",
        "advert", "sponsor", "outbrain", "taboola", "ligatus", "breadcrumb", "sidebar", "footer", "menu", "navbar",
        "navig", "pagination", "pager", "lire-aussi", "lireaussi", "lire_aussi", "a-lire", "alire", "read-also",
        "see-also", "most-read", "mostread", "plus-lus", "pluslus", "premium-banner",
        "author-bio", "authorbio", "teaser-list", "more-stories", "morestories", "also-on", "publicit", "reactions",
        "kommentar", "empfehl", "weitere-artikel", "comentario", "relacionad", "commenti", "correlat", "gallery",
        "slideshow", "carousel", "lightbox",
    ].map { Array($0.utf8) }
    /// Anywhere in the lowercased value: boilerplate only in a short or link-heavy element. These
    /// words also name wrappers of whole pages (`widget Blog`, `share-container`).
    private static let weakBoilerplateParts: [[UInt8]] = [
        "share", "sharing", "social", "popup", "modal", "overlay", "widget", "toolbar", "tool-bar", "login",
        "signup", "sign-up", "skip", "masthead", "credit", "copyright", "keywords", "tag-list", "taglist", "print",
        "rss", "read-more", "readmore", "banner", "partner", "popular", "trending", "dfp", "teilen", "compartir",
        "condividi", "partage",
    ].map { Array($0.utf8) }
    /// Whole tokens only.
    private static let boilerplateTokens = Set(boilerplateTokenNames.map { Array($0.utf8) })
    private static let boilerplateTokenNames = [
        "ad", "ads", "adv", "pub", "nav", "tags", "tag", "share", "aside", "footer", "foot", "related", "links",
        "sponso",
    ]
    private static let metadataTokens = Set(metadataTokenNames.map { Array($0.utf8) })
    private static let metadataTokenNames = [
        "meta", "date", "dates", "time", "author", "authors", "signature", "byline", "dateline", "timestamp",
        "published", "updated", "posted", "auteur", "infos",
    ]
    private static let unlikelyParts: [[UInt8]] = [
        "header", "extra", "hidden", "aside", "column-right", "right-col", "secondary", "complementary",
    ].map { Array($0.utf8) }
    private static let paywallParts: [[UInt8]] = ["paywall", "subscriber", "abonn", "premium", "locked"].map {
        Array($0.utf8)
    }
    private static let bylineParts: [[UInt8]] = ["byline", "author", "auteur", "signature"].map { Array($0.utf8) }
    private static let likelyParts: [[UInt8]] = [
        "article", "content", "story", "entry", "post", "body", "text", "main", "chapo", "corps", "contenu",
        "texte", "prose", "blog", "hentry",
    ].map { Array($0.utf8) }

    /// Hints of a `class` and `id` value (either may be empty).
    init(classes: String, id: String) {
        var value = Array(classes.utf8)
        if !id.isEmpty, !Self.isHeadingSlug(id) {
            value.append(0x20)
            value.append(contentsOf: id.utf8)
        }
        guard !value.isEmpty, value.count <= 512 else { return }
        let lowered = value.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        let tokens = Self.tokens(value)
        let found = Self.parts.search(lowered)
        boilerplate = found.contains(.boilerplate)
        weakBoilerplate = found.contains(.weakBoilerplate) || tokens.contains { Self.boilerplateTokens.contains($0) }
        unlikely = found.contains(.unlikely)
        likely = found.contains(.likely)
        byline = found.contains(.byline)
        paywall = found.contains(.paywall)
        metadata = byline || tokens.contains { Self.metadataTokens.contains($0) }
    }

    private init() {}

    /// The kinds of word found anywhere in a value.
    struct Kinds: OptionSet, Sendable {
        let rawValue: UInt8
        static let boilerplate = Kinds(rawValue: 1)
        static let weakBoilerplate = Kinds(rawValue: 2)
        static let unlikely = Kinds(rawValue: 4)
        static let likely = Kinds(rawValue: 8)
        static let byline = Kinds(rawValue: 16)
        static let paywall = Kinds(rawValue: 32)
    }

    /// Every word matched anywhere, looked up by its first byte: one pass over a value finds them all.
    /// Flat arrays, so that the search neither copies nor retains anything.
    private struct PartIndex: Sendable {
        private struct Entry: Sendable {
            var offset: Int
            var count: Int
            var kind: Kinds
        }
        private var bytes: [UInt8] = []
        private var entries: [Entry] = []
        /// The entries of words starting with byte `b` are `entries[first[b]..<first[b + 1]]`.
        private var first = [Int](repeating: 0, count: 257)

        init(_ lists: [(words: [[UInt8]], kind: Kinds)]) {
            let words = lists.flatMap { list in list.words.filter { !$0.isEmpty }.map { ($0, list.kind) } }
                .sorted { $0.0[0] < $1.0[0] }
            for (word, kind) in words {
                entries.append(Entry(offset: bytes.count, count: word.count, kind: kind))
                bytes.append(contentsOf: word)
            }
            var index = 0
            for byte in 0...256 {
                while index < words.count, Int(words[index].0[0]) < byte { index += 1 }
                first[byte] = index
            }
        }

        func search(_ haystack: [UInt8]) -> Kinds {
            var found: Kinds = []
            haystack.withUnsafeBufferPointer { value in
                bytes.withUnsafeBufferPointer { bytes in
                    entries.withUnsafeBufferPointer { entries in
                        first.withUnsafeBufferPointer { first in
                            for start in 0..<value.count {
                                let byte = Int(value[start])
                                for entry in entries[first[byte]..<first[byte + 1]] where !found.contains(entry.kind) {
                                    guard value.count - start >= entry.count else { continue }
                                    var offset = 1
                                    while offset < entry.count, value[start + offset] == bytes[entry.offset + offset] {
                                        offset += 1
                                    }
                                    if offset == entry.count { found.insert(entry.kind) }
                                }
                            }
                        }
                    }
                }
            }
            return found
        }
    }

    private static let parts = PartIndex([
        (boilerplateParts, .boilerplate), (weakBoilerplateParts, .weakBoilerplate), (unlikelyParts, .unlikely),
        (likelyParts, .likely), (bylineParts, .byline), (paywallParts, .paywall),
    ])

    /// An id made from a heading's words (`sharing-with-a-single-developer`, `related_work_and_tools`):
    /// an anchor for links, not a name of the element's role, so it says nothing about it.
    static func isHeadingSlug(_ id: String) -> Bool {
        var words = 1
        for byte in id.utf8 {
            if byte == 0x2D || byte == 0x5F {
                words += 1
            } else if byte >= 0x41 && byte <= 0x5A {
                return false
            }
        }
        return words >= 4
    }

    /// Lowercased tokens split at non-letters and at lowercase-to-uppercase changes.
    private static func tokens(_ bytes: [UInt8]) -> [[UInt8]] {
        var tokens: [[UInt8]] = []
        var current: [UInt8] = []
        var previousLower = false
        for byte in bytes {
            let isUpper = byte >= 0x41 && byte <= 0x5A
            let isLower = byte >= 0x61 && byte <= 0x7A
            let isDigit = byte >= 0x30 && byte <= 0x39
            if isUpper, previousLower, !current.isEmpty {
                tokens.append(current)
                current.removeAll(keepingCapacity: true)
            }
            if isUpper || isLower || isDigit || byte >= 0x80 {
                current.append(isUpper ? byte | 0x20 : byte)
            } else if !current.isEmpty {
                tokens.append(current)
                current.removeAll(keepingCapacity: true)
            }
            previousLower = isLower || isDigit
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    /// Whether `needle` (not empty) occurs in `haystack`.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        let first = needle[0]
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var offset = 1
                while offset < needle.count, haystack[index + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
            }
            index += 1
        }
        return false
    }
}
