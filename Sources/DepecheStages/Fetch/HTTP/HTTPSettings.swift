import DepecheCore

/// The HTTP side of the fetch stage's options, with their defaults (see `docs/fetch.md`).
struct HTTPSettings: Sendable, Hashable {
    static let defaultUserAgent =
        "Depeche/\(DepecheVersion.current) (news ingestion; +https://github.com/depeche-news/depeche)"

    var userAgent = Self.defaultUserAgent
    var connectTimeoutMilliseconds = 10_000
    var readTimeoutMilliseconds = 30_000
    var requestTimeoutMilliseconds = 120_000
    var maximumRedirects = 10
    var maximumBodyBytes = 50_000_000
    var retries = 3
    var retryBackoffMilliseconds = 1_000
    var maximumRetryDelayMilliseconds = 60_000
    var robots = true
    var perHostConcurrency = 2
    var perHostDelayMilliseconds = 1_000
    var concurrency = 16
    /// Folder of the conditional-GET cache; `nil` for none.
    var cacheFolder: String?

    /// The product token robots.txt groups are matched against: `Depeche` in `Depeche/0.2.0 (...)`.
    var robotsToken: String {
        let token = userAgent.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        return token.isEmpty ? "*" : String(token)
    }

    init() {}

    init(options: StageOptions) {
        userAgent = options.string("user_agent") ?? userAgent
        connectTimeoutMilliseconds = options.integer("connect_timeout_ms") ?? connectTimeoutMilliseconds
        readTimeoutMilliseconds = options.integer("read_timeout_ms") ?? readTimeoutMilliseconds
        requestTimeoutMilliseconds = options.integer("request_timeout_ms") ?? requestTimeoutMilliseconds
        maximumRedirects = options.integer("max_redirects") ?? maximumRedirects
        maximumBodyBytes = options.integer("max_body_bytes") ?? maximumBodyBytes
        retries = options.integer("retries") ?? retries
        retryBackoffMilliseconds = options.integer("retry_backoff_ms") ?? retryBackoffMilliseconds
        maximumRetryDelayMilliseconds = options.integer("max_retry_delay_ms") ?? maximumRetryDelayMilliseconds
        robots = options.boolean("robots") ?? robots
        perHostConcurrency = options.integer("per_host_concurrency") ?? perHostConcurrency
        perHostDelayMilliseconds = options.integer("per_host_delay_ms") ?? perHostDelayMilliseconds
        concurrency = options.integer("http_concurrency") ?? concurrency
        cacheFolder = options.string("cache")
    }

    static let optionSpecs: [OptionSpec] = {
        let defaults = HTTPSettings()
        let milliseconds = 1...86_400_000
        return [
            OptionSpec(
                "user_agent",
                .string,
                default: .string(defaults.userAgent),
                help: "User-Agent header of every request; its first word (the product token) selects the "
                    + "robots.txt group."
            ),
            OptionSpec(
                "connect_timeout_ms",
                .integer(milliseconds),
                default: .integer(defaults.connectTimeoutMilliseconds),
                help: "Time allowed to open a connection, in milliseconds; then the URL fails with code timeout."
            ),
            OptionSpec(
                "read_timeout_ms",
                .integer(milliseconds),
                default: .integer(defaults.readTimeoutMilliseconds),
                help: "Longest wait for the next bytes of a response, in milliseconds (code timeout)."
            ),
            OptionSpec(
                "request_timeout_ms",
                .integer(milliseconds),
                default: .integer(defaults.requestTimeoutMilliseconds),
                help: "Longest time for one request, body included, in milliseconds (code timeout)."
            ),
            OptionSpec(
                "max_redirects",
                .integer(0...50),
                default: .integer(defaults.maximumRedirects),
                help: "Redirects followed per URL; one more fails with code too-many-redirects."
            ),
            OptionSpec(
                "max_body_bytes",
                .integer(1...(1 << 40)),
                default: .integer(defaults.maximumBodyBytes),
                help: "Largest response body (after decompression), in bytes; reading stops there and the URL "
                    + "fails with code too-large. For a WARC archive, the largest record."
            ),
            OptionSpec(
                "retries",
                .integer(0...20),
                default: .integer(defaults.retries),
                help: "Retries of a request answered 429 or 5xx, with exponential backoff."
            ),
            OptionSpec(
                "retry_backoff_ms",
                .integer(0...86_400_000),
                default: .integer(defaults.retryBackoffMilliseconds),
                help: "First retry delay, in milliseconds; it doubles at each retry. A Retry-After header "
                    + "replaces it."
            ),
            OptionSpec(
                "max_retry_delay_ms",
                .integer(0...86_400_000),
                default: .integer(defaults.maximumRetryDelayMilliseconds),
                help: "Cap on any retry delay, Retry-After included, in milliseconds."
            ),
            OptionSpec(
                "robots",
                .boolean,
                default: .boolean(defaults.robots),
                help: "Obey robots.txt (RFC 9309); a disallowed URL fails with code robots-disallowed."
            ),
            OptionSpec(
                "per_host_concurrency",
                .integer(1...1_000),
                default: .integer(defaults.perHostConcurrency),
                help: "Requests at once to one host (scheme, host and port)."
            ),
            OptionSpec(
                "per_host_delay_ms",
                .integer(0...86_400_000),
                default: .integer(defaults.perHostDelayMilliseconds),
                help: "Minimum time between the starts of two requests to one host, in milliseconds."
            ),
            OptionSpec(
                "http_concurrency",
                .integer(1...10_000),
                default: .integer(defaults.concurrency),
                help: "Requests at once in all, every host together."
            ),
            OptionSpec(
                "cache",
                .outputPath,
                help: "Folder of the conditional-GET cache (created when missing); a re-run sends If-None-Match "
                    + "and If-Modified-Since and reuses the stored body on 304. No cache when absent."
            ),
        ]
    }()
}
