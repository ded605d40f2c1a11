/// One article (or any unit of text) moving through the stage chain.
///
/// `Document` mirrors `depeche.v1.Document` in `proto/depeche/v1/document.proto` field for field;
/// `DepecheWire` converts between the two, and a round-trip test fills every field so that the
/// two cannot drift apart.
///
/// Every offset in a document (entities, timexes, annotations) counts Unicode scalars
/// (code points) in ``text``, half-open.
public struct Document: Sendable, Hashable {
    /// Stable identifier, unique within a run: a file's name without extension, a JSONL line's `id`.
    public var id: String
    public var source: Source
    /// Clean text (NFC). Empty until normalize, or the input, fills it.
    public var text: String
    public var metadata: Metadata
    public var entities: [Entity]
    public var timexes: [Timex]
    public var annotations: [Annotation]
    public var attributes: [String: String]
    public var diagnostics: [Diagnostic]
    public var provenance: [Provenance]

    public init(
        id: String,
        source: Source = Source(),
        text: String = "",
        metadata: Metadata = Metadata(),
        entities: [Entity] = [],
        timexes: [Timex] = [],
        annotations: [Annotation] = [],
        attributes: [String: String] = [:],
        diagnostics: [Diagnostic] = [],
        provenance: [Provenance] = []
    ) {
        self.id = id
        self.source = source
        self.text = text
        self.metadata = metadata
        self.entities = entities
        self.timexes = timexes
        self.annotations = annotations
        self.attributes = attributes
        self.diagnostics = diagnostics
        self.provenance = provenance
    }
}

/// Where a document came from, and its bytes as they were read.
public struct Source: Sendable, Hashable {
    public var uri: String
    /// `"file"`, `"jsonl"`, `"http"`, `"feed-item"`, ... (an open set).
    public var kind: String
    /// Unix time in milliseconds at which the bytes were read; `0` when unknown.
    public var fetchedAtMilliseconds: Int64
    /// MIME type without parameters (`"text/html"`); empty when unknown.
    public var contentType: String
    /// Declared character set, lowercase; empty when unknown.
    public var charset: String
    /// The raw bytes. Stages may empty this once the text is extracted.
    public var raw: [UInt8]

    public init(
        uri: String = "",
        kind: String = "",
        fetchedAtMilliseconds: Int64 = 0,
        contentType: String = "",
        charset: String = "",
        raw: [UInt8] = []
    ) {
        self.uri = uri
        self.kind = kind
        self.fetchedAtMilliseconds = fetchedAtMilliseconds
        self.contentType = contentType
        self.charset = charset
        self.raw = raw
    }
}

/// What is known about the article besides its text.
public struct Metadata: Sendable, Hashable {
    public var title: String
    public var authors: [String]
    /// ISO 8601 day (`2025-09-04`) or date-time with offset; empty when unknown. Never a guess.
    public var published: String
    /// Where ``published`` came from: `"text-header"`, `"html-meta"`, `"jsonl"`, ...
    public var publishedOrigin: String
    /// BCP 47 primary language subtag (`"fr"`, `"en"`); empty when unknown.
    public var language: String
    public var siteName: String
    public var canonicalURL: String
    /// Same format as ``published``; empty when unknown.
    public var modified: String
    /// Where ``title`` came from, in the vocabulary of ``publishedOrigin``; empty when ``title`` is.
    public var titleOrigin: String
    /// Where ``authors`` came from; empty when there are none.
    public var authorsOrigin: String
    /// Where ``modified`` came from; empty when ``modified`` is.
    public var modifiedOrigin: String
    /// Where ``language`` came from (`"html-lang"`, `"detected"`, ...); empty when ``language`` is.
    public var languageOrigin: String
    /// Where ``siteName`` came from; empty when ``siteName`` is.
    public var siteNameOrigin: String
    /// Where ``canonicalURL`` came from; empty when ``canonicalURL`` is.
    public var canonicalURLOrigin: String
    /// The page looks like a paywalled teaser: only the opening of the article is present.
    public var paywalled: Bool
    /// Near-duplicate fingerprint of the text: a 64-bit SimHash, 16 lowercase hex digits; empty when unknown.
    public var fingerprint: String
    /// Id of an earlier document of the run that this one copies; empty when none.
    public var duplicateOf: String

    public init(
        title: String = "",
        authors: [String] = [],
        published: String = "",
        publishedOrigin: String = "",
        language: String = "",
        siteName: String = "",
        canonicalURL: String = "",
        modified: String = "",
        titleOrigin: String = "",
        authorsOrigin: String = "",
        modifiedOrigin: String = "",
        languageOrigin: String = "",
        siteNameOrigin: String = "",
        canonicalURLOrigin: String = "",
        paywalled: Bool = false,
        fingerprint: String = "",
        duplicateOf: String = ""
    ) {
        self.title = title
        self.authors = authors
        self.published = published
        self.publishedOrigin = publishedOrigin
        self.language = language
        self.siteName = siteName
        self.canonicalURL = canonicalURL
        self.modified = modified
        self.titleOrigin = titleOrigin
        self.authorsOrigin = authorsOrigin
        self.modifiedOrigin = modifiedOrigin
        self.languageOrigin = languageOrigin
        self.siteNameOrigin = siteNameOrigin
        self.canonicalURLOrigin = canonicalURLOrigin
        self.paywalled = paywalled
        self.fingerprint = fingerprint
        self.duplicateOf = duplicateOf
    }
}
