/// Chooses a page's title among what it declares, and takes the site's name off it.
///
/// Titles declared for sharing or indexing (`og:title`, `twitter:title`, JSON-LD, Dublin Core,
/// Parse.ly) come first, but only when they share words with the page's own `<title>` or first
/// `<h1>`: a declared title that shares none is a summary or a tagline (Wikipedia's JSON-LD
/// `headline` is the article's one-line description). Then the `<title>` element, then the `<h1>`.
///
/// A site's name is taken off either end of the chosen title (`Title | Site`, `Site: Title`)
/// when the page names the site; otherwise a short last part after a separator is taken off
/// (`Title – My website`), and a title whose parts include the `<h1>` gives that part.
enum PageTitle {
    struct Candidate: Sendable, Hashable {
        var value: String?
        var origin: String
    }

    /// Separators between a title and a site's name, with the spaces around them.
    static let separators = [" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " » ", " / "]
    /// A last part with at most this many words may be a site's name...
    static let maximumSuffixWords = 3
    /// ...when the rest has at least this many.
    static let minimumRemainingWords = 3
    /// A declared title must have at least this share of its words in the `<title>` or `<h1>`.
    static let minimumSharedWords = 0.5

    static func choose(
        declared: [Candidate],
        titleElement: String,
        heading: String,
        siteName: String
    ) -> (value: String, origin: String) {
        let titleElement = TextCleaner.cleanLine(titleElement)
        let heading = TextCleaner.cleanLine(heading)
        let reference = words(titleElement).union(words(heading))
        for candidate in declared {
            guard let value = candidate.value else { continue }
            let cleaned = TextCleaner.cleanLine(value)
            guard !cleaned.isEmpty else { continue }
            let own = words(cleaned)
            let shared = own.filter(reference.contains).count
            if reference.isEmpty || own.isEmpty || Double(shared) >= minimumSharedWords * Double(own.count) {
                return (strip(cleaned, heading: heading, siteName: siteName), candidate.origin)
            }
        }
        if !titleElement.isEmpty {
            return (strip(titleElement, heading: heading, siteName: siteName), "title-element")
        }
        if !heading.isEmpty { return (heading, "heading") }
        return ("", "")
    }

    /// `Title | Site`, `Title - Site`, `Site : Title` → `Title` when `Site` is the site's name.
    static func stripSiteName(_ title: String, siteName: String) -> String {
        guard !siteName.isEmpty, title.count > siteName.count else { return title }
        let lowerTitle = title.lowercased()
        let lowerSite = siteName.lowercased()
        for separator in separators + [" : ", ": "] {
            if lowerTitle.hasSuffix(separator + lowerSite) {
                return String(title.dropLast(separator.count + siteName.count)).trimmingASCIIWhitespace().description
            }
            if lowerTitle.hasPrefix(lowerSite + separator) {
                return String(title.dropFirst(separator.count + siteName.count)).trimmingASCIIWhitespace().description
            }
        }
        return title
    }

    /// `title` without the site's name (see the type's documentation).
    static func strip(_ title: String, heading: String, siteName: String) -> String {
        let named = stripSiteName(title, siteName: siteName)
        if named != title { return named }
        let parts = split(title)
        guard parts.count > 1 else { return title }
        let lowerHeading = heading.lowercased()
        if !lowerHeading.isEmpty {
            // The `<h1>` is the title once the parts before or after it are taken off.
            for count in 1..<parts.count {
                let leading = join(parts.prefix(count))
                if leading.lowercased() == lowerHeading { return leading }
                let trailing = join(parts.suffix(count))
                if trailing.lowercased() == lowerHeading { return trailing }
            }
        }
        let last = parts[parts.count - 1].text
        let rest = join(parts.dropLast())
        let lastWords = last.split(separator: " ").count
        if lastWords <= maximumSuffixWords,
            rest.split(separator: " ").count >= max(minimumRemainingWords, lastWords + 1)
        {
            return rest
        }
        return title
    }

    /// The parts of `title` between separators, each with the separator before it.
    private static func split(_ title: String) -> [(separator: String, text: String)] {
        var parts: [(separator: String, text: String)] = []
        var separator = ""
        var rest = title[...]
        while let range = separators.compactMap({ rest.firstRange(of: $0) }).min(by: { $0.lowerBound < $1.lowerBound })
        {
            parts.append((separator, String(rest[..<range.lowerBound])))
            separator = String(rest[range])
            rest = rest[range.upperBound...]
        }
        parts.append((separator, String(rest)))
        return parts
    }

    private static func join(_ parts: some Collection<(separator: String, text: String)>) -> String {
        var result = ""
        for (index, part) in parts.enumerated() {
            if index > 0 { result += part.separator }
            result += part.text
        }
        return result
    }

    /// Lowercased words of letters and digits.
    private static func words(_ text: String) -> Set<Substring> {
        Set(text.lowercased().split { !$0.isLetter && !$0.isNumber })
    }
}
