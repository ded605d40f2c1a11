/// Text and metadata of an HTML page (already decoded to a Swift string).
enum HTMLExtractor {
    /// An `<article>` (or `<main>`) is preferred to the whole page when it holds at least this
    /// share of the page's text.
    static let containerShare = 0.3

    /// `nil` when libxml2 cannot build a tree at all.
    static func extract(_ html: String) -> ExtractedContent? {
        guard let document = LibXMLDocument.parseHTML(html),
            let walker = document.withRootElement({ HTMLWalker.walk($0) })
        else { return nil }
        return content(of: walker)
    }

    static func content(of walker: HTMLWalker) -> ExtractedContent {
        var content = ExtractedContent()
        let jsonLD = JSONLDReader.read(walker.jsonLDScripts)
        let container = preferredContainer(walker)
        content.text = text(of: walker, container: container)
        let metas = walker.metas

        content.siteName = clean(first(metas["og:site_name"], jsonLD.publisherName, metas["application-name"]))
        let title = first(
            metas["og:title"],
            metas["twitter:title"],
            jsonLD.headline,
            walker.titleElement,
            walker.firstHeading.map { slice(walker.output, $0) }
        )
        content.title = stripSiteName(clean(title), siteName: content.siteName)

        readDates(walker, jsonLD: jsonLD, container: container, into: &content)

        var authors = jsonLD.authors
        if authors.isEmpty { authors = walker.metaAuthors.flatMap(splitAuthors) }
        if authors.isEmpty,
            let value = first(
                metas["article:author"],
                metas["byl"],
                metas["sailthru.author"],
                metas["parsely-author"]
            ), !value.hasPrefix("http")
        {
            authors = splitAuthors(value)
        }
        if authors.isEmpty { authors = walker.authorLinks.map { slice(walker.output, $0) } }
        content.authors = deduplicated(authors.map(TextCleaner.cleanLine).map(stripBy).filter { !$0.isEmpty })

        content.canonicalURL = clean(first(walker.canonicalLink, metas["og:url"], jsonLD.url))
        let declaredLanguage = first(
            walker.rootLanguage,
            metas["content-language"],
            metas["og:locale"],
            jsonLD.language
        )
        content.language = LanguageDetector.primarySubtag(declaredLanguage ?? "")
        return content
    }

    // MARK: Text

    /// The largest `<article>`, else the largest `<main>`, when it holds enough of the page's text.
    private static func preferredContainer(_ walker: HTMLWalker) -> HTMLWalker.Span? {
        let total = Double(walker.output.count)
        for kind in [HTMLWalker.ContainerKind.article, .main] {
            let largest = walker.containers.filter { $0.kind == kind }.max { $0.span.length < $1.span.length }
            if let span = largest?.span, Double(span.length) >= containerShare * total, span.length > 0 {
                return span
            }
        }
        return nil
    }

    /// The chosen container's text, with the page's first `<h1>` before it when it lies outside.
    private static func text(of walker: HTMLWalker, container: HTMLWalker.Span?) -> String {
        guard let container else { return String(decoding: walker.output, as: UTF8.self) }
        var bytes: [UInt8] = []
        if let heading = walker.firstHeading, !container.contains(heading), heading.length > 0 {
            bytes.append(contentsOf: walker.output[heading.start..<heading.end])
            bytes.append(contentsOf: [0x0A, 0x0A])
        }
        bytes.append(contentsOf: walker.output[container.start..<container.end])
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func slice(_ output: [UInt8], _ span: HTMLWalker.Span) -> String {
        String(decoding: output[span.start..<span.end], as: UTF8.self)
    }

    // MARK: Dates

    private static let publishedMetas = [
        "date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.issued", "dcterms.created", "pubdate",
        "publishdate", "publish-date", "publication_date", "publication-date", "sailthru.date", "parsely-pub-date",
        "article.published", "datepublished", "og:published_time",
    ]
    private static let modifiedMetas = [
        "article:modified_time", "og:updated_time", "dcterms.modified", "dc.date.modified", "last-modified",
        "datemodified",
    ]

    /// Publication date by decreasing trust: `article:published_time`, JSON-LD, microdata, a
    /// `<time>` in the article, then the other date metas.
    private static func readDates(
        _ walker: HTMLWalker,
        jsonLD: JSONLDReader.Facts,
        container: HTMLWalker.Span?,
        into content: inout ExtractedContent
    ) {
        let metas = walker.metas
        var candidates: [(value: String?, origin: String)] = [
            (metas["article:published_time"], "html-meta"),
            (jsonLD.datePublished, "json-ld"),
            (walker.microdata["datePublished"], "microdata"),
            (timeInArticle(walker, container: container), "time-element"),
        ]
        candidates += publishedMetas.map { (metas[$0], "html-meta") }
        for candidate in candidates {
            if let value = candidate.value, let date = DateParser.normalize(value) {
                content.published = date
                content.publishedOrigin = candidate.origin
                break
            }
        }
        let modified =
            modifiedMetas.prefix(2).map { metas[$0] } + [jsonLD.dateModified, walker.microdata["dateModified"]]
            + modifiedMetas.dropFirst(2).map { metas[$0] }
        content.modified = modified.lazy.compactMap { $0.flatMap(DateParser.normalize) }.first ?? ""
    }

    /// The `datetime` of the first `<time>` inside the chosen container (or the first
    /// `<article>`), preferring one marked as the publication time.
    private static func timeInArticle(_ walker: HTMLWalker, container: HTMLWalker.Span?) -> String? {
        guard let scope = container ?? walker.containers.first(where: { $0.kind == .article })?.span else {
            return nil
        }
        let inside = walker.timeElements.filter { scope.start <= $0.position && $0.position <= scope.end }
        return (inside.first(where: \.isPublication) ?? inside.first)?.value
    }

    // MARK: Small helpers

    private static func first(_ values: String?...) -> String? {
        values.lazy.compactMap { $0 }.first { !$0.trimmingASCIIWhitespace().isEmpty }
    }

    private static func clean(_ value: String?) -> String {
        value.map(TextCleaner.cleanLine) ?? ""
    }

    /// `Title | Site`, `Title - Site`, `Site: Title` → `Title` when `Site` is the site's name.
    static func stripSiteName(_ title: String, siteName: String) -> String {
        guard !siteName.isEmpty, title.count > siteName.count else { return title }
        let lowerTitle = title.lowercased()
        let lowerSite = siteName.lowercased()
        for separator in [" | ", " - ", " – ", " — ", " :: ", " · ", " • "] {
            if lowerTitle.hasSuffix(separator + lowerSite) {
                return String(title.dropLast(separator.count + siteName.count)).trimmingASCIIWhitespace().description
            }
            if lowerTitle.hasPrefix(lowerSite + separator) {
                return String(title.dropFirst(separator.count + siteName.count)).trimmingASCIIWhitespace().description
            }
        }
        return title
    }

    private static func splitAuthors(_ value: String) -> [String] {
        value.split(whereSeparator: { $0 == "," || $0 == ";" }).map(String.init)
    }

    /// `By Jane Doe` → `Jane Doe` (bylines in meta tags often keep the word).
    private static func stripBy(_ name: String) -> String {
        for prefix in ["By ", "by ", "Par ", "par "] where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return name
    }

    private static func deduplicated(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0.lowercased()).inserted }
    }
}
