/// Documents that earlier runs already wrote to the run's output (a SQLite store keeps them), for
/// stages that compare each new document with everything seen before: `dedupe` marks an article
/// ingested last week as the original of today's copy.
public protocol DocumentCatalog: Sendable {
    /// Calls `body` with every document in the catalog, in the order they were first written.
    func forEachDocument(_ body: (CatalogEntry) throws -> Void) throws(StageFailure)
}

/// What a catalog knows of one document.
public struct CatalogEntry: Sendable, Hashable {
    public var id: String
    public var sourceURI: String
    public var canonicalURL: String
    /// The SimHash fingerprint, 16 hex digits; empty when the document had no text.
    public var fingerprint: String
    /// The number of words of the document's text.
    public var words: Int

    public init(id: String, sourceURI: String, canonicalURL: String, fingerprint: String, words: Int) {
        self.id = id
        self.sourceURI = sourceURI
        self.canonicalURL = canonicalURL
        self.fingerprint = fingerprint
        self.words = words
    }
}
