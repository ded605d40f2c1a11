import DepecheCore

/// The `normalize` stage's options, read once from the checked configuration.
struct NormalizeOptions: Sendable, Hashable {
    /// Inputs bigger than this many bytes fail with `too-large`.
    var maxBytes = 20_000_000
    /// HTML pages with more elements than this are read up to it (`truncated-markup`).
    var maxElements = HTMLWalker.defaultMaximumElements
    /// Keep `source.raw` after extraction (dropped by default to save memory).
    var keepRaw = false
    /// `auto` detects the language; a language code is used for documents that declare none.
    var language = "auto"
    /// Take a plain-text document's first line as its title when it looks like a headline.
    var titleFromFirstLine = true

    static let languages = ["auto"] + LanguageDetector.supportedLanguages

    static let specs: [OptionSpec] = [
        OptionSpec(
            "max_bytes",
            .integer(1...(1 << 40)),
            default: .integer(20_000_000),
            help: "largest input accepted, in bytes; a bigger document fails with 'too-large'"
        ),
        OptionSpec(
            "max_elements",
            .integer(1...(1 << 30)),
            default: .integer(HTMLWalker.defaultMaximumElements),
            help:
                "HTML elements read in one page; the rest of a bigger page is left out with a 'truncated-markup' warning"
        ),
        OptionSpec(
            "keep_raw",
            .boolean,
            default: .boolean(false),
            help: "keep the raw bytes in source.raw after extraction (dropped by default to save memory)"
        ),
        OptionSpec(
            "language",
            .choice(languages),
            default: .string("auto"),
            help: "language of documents that declare none; 'auto' detects it from the text"
        ),
        OptionSpec(
            "title_from_first_line",
            .boolean,
            default: .boolean(true),
            help: "use a plain-text document's first line as its title when it looks like a headline"
        ),
    ]

    init() {}

    init(_ options: StageOptions) {
        if let value = options.integer("max_bytes") { maxBytes = value }
        if let value = options.integer("max_elements") { maxElements = value }
        if let value = options.boolean("keep_raw") { keepRaw = value }
        if let value = options.string("language") { language = value }
        if let value = options.boolean("title_from_first_line") { titleFromFirstLine = value }
    }
}
