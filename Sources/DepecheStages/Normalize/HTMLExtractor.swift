import DepecheCore

/// Text and metadata of an HTML page (already decoded to a Swift string).
enum HTMLExtractor {
    /// An `<article>` (or `<main>`) is preferred to the whole page when it holds at least this
    /// share of the page's text.
    static let containerShare = 0.3

    /// `nil` when libxml2 cannot build a tree at all. `url` (the source URI) resolves relative
    /// canonical links and gives a last-resort date (`/2025/09/04/`).
    static func extract(
        _ html: String,
        url: String = "",
        maximumElements: Int = HTMLWalker.defaultMaximumElements,
        scriptData: Bool = true
    ) -> ExtractedContent? {
        guard let document = LibXMLDocument.parseHTML(html),
            let walker = document.withRootElement({ HTMLWalker.walk($0, maximumElements: maximumElements) })
        else { return nil }
        var content = content(of: walker, url: url, scriptData: scriptData)
        if walker.truncated {
            content.findings.append(
                Finding(
                    "truncated-markup",
                    .warning,
                    "the page has more than \(maximumElements) elements; the rest was left out "
                        + "(raise the normalize option max_elements to read it)"
                )
            )
        }
        return content
    }

    static func content(of walker: HTMLWalker, url: String = "", scriptData: Bool = true) -> ExtractedContent {
        var content = ExtractedContent()
        let jsonLD = JSONLDReader.read(walker.jsonLDScripts)
        let container = preferredContainer(walker)
        let body = BodyExtractor(walker: walker, articleBody: jsonLD.articleBody, readsScriptData: scriptData).extract()
        content.text = body.text
        content.findings += findings(of: body)
        let metas = walker.metas

        (content.siteName, content.siteNameOrigin) = pick(
            (metas["og:site_name"], "html-meta"),
            (jsonLD.publisherName, "json-ld"),
            (metas["application-name"], "html-meta")
        )
        (content.title, content.titleOrigin) = PageTitle.choose(
            declared: [
                .init(value: metas["og:title"], origin: "html-meta"),
                .init(value: metas["twitter:title"], origin: "html-meta"),
                .init(value: jsonLD.headline, origin: "json-ld"),
                .init(value: jsonLD.name, origin: "json-ld"),
                .init(value: metas["dc.title"] ?? metas["dc:title"], origin: "html-meta"),
                .init(value: metas["dcterms.title"] ?? metas["dcterms:title"], origin: "html-meta"),
                .init(value: metas["parsely-title"] ?? metas["sailthru.title"], origin: "html-meta"),
            ],
            titleElement: walker.titleElement,
            heading: walker.firstHeading.map { slice(walker.output, $0) } ?? "",
            siteName: content.siteName
        )

        readDates(walker, jsonLD: jsonLD, container: container, url: url, into: &content)
        readAuthors(walker, jsonLD: jsonLD, region: body.region, into: &content)

        let canonical = pick(
            (walker.canonicalLink, "link-canonical"),
            (metas["og:url"], "html-meta"),
            (jsonLD.url, "json-ld")
        )
        if let resolved = URLCanonicalizer.canonicalize(canonical.value, base: url.isEmpty ? nil : url) {
            (content.canonicalURL, content.canonicalURLOrigin) = (resolved, canonical.origin)
        } else if let source = URLCanonicalizer.canonicalize(url) {
            (content.canonicalURL, content.canonicalURLOrigin) = (source, "source-uri")
        }

        let declared = pick(
            (walker.rootLanguage, "html-lang"),
            (metas["content-language"], "html-meta"),
            (metas["og:locale"], "html-meta"),
            (jsonLD.language, "json-ld")
        )
        content.language = LanguageDetector.primarySubtag(declared.value)
        content.languageOrigin = content.language.isEmpty ? "" : declared.origin

        let tier = metas["article:content_tier"]?.lowercased()
        let shortText = body.text.utf8.count < Self.teaserLength
        content.paywalled =
            jsonLD.isAccessibleForFree == false || tier == "locked" || body.paywallNotices > 0
            || (walker.paywallMarkers > 0 && shortText)
        return content
    }

    /// Pages with fewer visible bytes than this get no `extraction-whole-page` or `extraction-short`.
    static let doubtfulPageBytes = 1000
    /// A text with fewer visible characters than this (but some) is reported as `extraction-short`.
    static let shortTextCharacters = 200

    /// What a user should check: a fallback taken, a page read whole, a very short text.
    private static func findings(of body: BodyExtractor.Result) -> [Finding] {
        if let reason = body.fallbackReason { return [Finding("extraction-fallback", .info, reason)] }
        var findings: [Finding] = []
        // A page with little text at all is what it is: nothing to check.
        guard body.pageBytes >= doubtfulPageBytes else { return findings }
        if body.strategy == .wholePage {
            findings.append(
                Finding(
                    "extraction-whole-page",
                    .info,
                    "no part of the page stood out as the article; the text is every block of the page that is "
                        + "not navigation or boilerplate (a list of posts, a forum thread, or a page that is not an article)"
                )
            )
        }
        // Counted up to the threshold only: most texts pass it within their first lines.
        var characters = 0
        for scalar in body.text.unicodeScalars where !scalar.properties.isWhitespace {
            characters += 1
            if characters >= shortTextCharacters { break }
        }
        if characters > 0, characters < shortTextCharacters {
            findings.append(
                Finding(
                    "extraction-short",
                    .info,
                    "the text has \(characters) characters (strategy \(body.strategy.rawValue)): the page may not be "
                        + "an article, or its article may be loaded by a script"
                )
            )
        }
        return findings
    }

    /// A page with a paywall marker in its markup but fewer bytes of text than this is a teaser.
    static let teaserLength = 1500

    /// The first non-empty value, cleaned, with its origin; `("", "")` when all are empty.
    private static func pick(_ candidates: (value: String?, origin: String)...) -> (value: String, origin: String) {
        for candidate in candidates {
            guard let value = candidate.value else { continue }
            let cleaned = TextCleaner.cleanLine(value)
            if !cleaned.isEmpty { return (cleaned, candidate.origin) }
        }
        return ("", "")
    }

    // MARK: Authors

    /// Authors by decreasing trust: JSON-LD, `<meta name="author">` and its variants, links with
    /// `rel="author"`, then elements whose class names a byline. Each source's values are
    /// cleaned (``AuthorNames``); the first source that gives a name wins.
    private static func readAuthors(
        _ walker: HTMLWalker,
        jsonLD: JSONLDReader.Facts,
        region: Range<Int>?,
        into content: inout ExtractedContent
    ) {
        let metas = walker.metas
        let otherMetas = [
            "article:author", "byl", "sailthru.author", "parsely-author", "dc.creator", "dcterms.creator",
        ]
        .compactMap { metas[$0] }
        var sources: [(values: [String], origin: String)] = [
            (jsonLD.authors, "json-ld"),
            (walker.metaAuthors + otherMetas, "html-meta"),
        ]
        sources += bylines(walker, region: region).map { ($0, "byline") }
        let excluded = [content.siteName, jsonLD.publisherName ?? ""]
        for source in sources where !source.values.isEmpty {
            let names = AuthorNames.clean(source.values, excluding: excluded)
            if !names.isEmpty {
                content.authors = names
                content.authorsOrigin = source.origin
                return
            }
        }
    }

    /// Bytes of text at most between two bylines that name co-authors of one article.
    static let coauthorGap = 8

    /// The page's bylines (links with `rel="author"`, elements whose class names a byline), one
    /// entry per byline: an element and the ones nested in it. Those of the article come first:
    /// from its title (the first `<h1>`) to the end of its text, so that a teaser's, a live-blog
    /// entry's or an author box's byline is read only when the article has none.
    private static func bylines(_ walker: HTMLWalker, region: Range<Int>?) -> [[String]] {
        var spans = (walker.authorLinks + walker.bylines).sorted { $0.start < $1.start }
        if var region {
            if let heading = walker.firstHeading, heading.start < region.lowerBound {
                region = heading.start..<region.upperBound
            }
            let (inside, outside) = (
                spans.filter { region.contains($0.start) }, spans.filter { !region.contains($0.start) }
            )
            spans = inside + outside
        }
        var groups: [[String]] = []
        var groupEnd = -1
        var previousStart = Int.min
        for span in spans {
            // A span starting inside the previous one (after it in the same order) is nested in
            // it; one starting just after it (`A and B`, `A, B`) names a co-author.
            if !groups.isEmpty, span.start >= previousStart, span.start < groupEnd + Self.coauthorGap {
                groups[groups.count - 1].append(slice(walker.output, span))
                groupEnd = max(groupEnd, span.end)
            } else {
                groups.append([slice(walker.output, span)])
                groupEnd = max(span.end, span.start + 1)
                previousStart = span.start
            }
        }
        return groups
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
        url: String,
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
        candidates.append((URLDate.day(in: url) ?? URLDate.day(in: walker.canonicalLink), "url"))
        for candidate in candidates {
            if let value = candidate.value, let date = DateParser.normalize(value) {
                content.published = date
                content.publishedOrigin = candidate.origin
                break
            }
        }
        let modified: [(value: String?, origin: String)] =
            modifiedMetas.prefix(2).map { (metas[$0], "html-meta") } + [
                (jsonLD.dateModified, "json-ld"), (walker.microdata["dateModified"], "microdata"),
            ] + modifiedMetas.dropFirst(2).map { (metas[$0], "html-meta") }
        for candidate in modified {
            if let value = candidate.value, let date = DateParser.normalize(value) {
                content.modified = date
                content.modifiedOrigin = candidate.origin
                break
            }
        }
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
}
