import DepecheCore

/// The fetch stage's options about feeds, sitemaps and WARC archives (the HTTP ones are in
/// ``HTTPSettings``).
struct FetchSettings: Sendable, Hashable {
    enum ArticleFetching: String, Sendable, CaseIterable {
        /// Fetch the article page of an item that has only a summary.
        case auto
        /// Fetch every item's article page.
        case always
        /// Never: an item is its feed content or summary.
        case never
    }

    enum WARCRecords: String, Sendable, CaseIterable {
        /// 200 responses with an HTML, XML or text content type.
        case pages
        /// Every `response` record.
        case all
    }

    var fetchArticles = ArticleFetching.auto
    var sitemapDepth = 3
    var maximumURLs = 100_000
    var warcRecords = WARCRecords.pages

    init() {}

    init(options: StageOptions) {
        fetchArticles = options.string("fetch_articles").flatMap(ArticleFetching.init) ?? fetchArticles
        sitemapDepth = options.integer("sitemap_depth") ?? sitemapDepth
        maximumURLs = options.integer("max_urls") ?? maximumURLs
        warcRecords = options.string("warc_records").flatMap(WARCRecords.init) ?? warcRecords
    }

    static let optionSpecs: [OptionSpec] = {
        let defaults = FetchSettings()
        return [
            OptionSpec(
                "fetch_articles",
                .choice(ArticleFetching.allCases.map(\.rawValue)),
                default: .string(defaults.fetchArticles.rawValue),
                help: "Feed items: 'auto' fetches the article page of an item that has only a summary, 'always' "
                    + "fetches every item's page, 'never' keeps the feed's own content."
            ),
            OptionSpec(
                "sitemap_depth",
                .integer(0...10),
                default: .integer(defaults.sitemapDepth),
                help: "Levels of sitemap indexes followed below the input; a deeper sitemap fails with code "
                    + "sitemap-too-deep."
            ),
            OptionSpec(
                "max_urls",
                .integer(1...100_000_000),
                default: .integer(defaults.maximumURLs),
                help: "Most items taken from one feed, or pages from one sitemap (its index included)."
            ),
            OptionSpec(
                "warc_records",
                .choice(WARCRecords.allCases.map(\.rawValue)),
                default: .string(defaults.warcRecords.rawValue),
                help: "WARC response records kept: 'pages' (status 200 with an HTML, XML or text type) or 'all'."
            ),
        ]
    }()
}
