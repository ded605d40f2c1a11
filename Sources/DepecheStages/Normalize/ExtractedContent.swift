import DepecheCore

/// What an extractor found in one document: its text (not yet cleaned) and the metadata it could
/// read. Empty strings mean "not found"; the stage only fills document fields that are still empty.
struct ExtractedContent: Sendable, Hashable {
    var text: String = ""
    var title: String = ""
    var authors: [String] = []
    var published: String = ""
    var publishedOrigin: String = ""
    var modified: String = ""
    /// A language the document declares (`<html lang>`, `og:locale`); primary subtag, lowercase.
    var language: String = ""
    var siteName: String = ""
    var canonicalURL: String = ""
    var findings: [Finding] = []
}

/// A non-fatal observation, turned into a ``Diagnostic`` by the stage (which knows its name).
struct Finding: Sendable, Hashable {
    var code: String
    var severity: Diagnostic.Severity
    var message: String

    init(_ code: String, _ severity: Diagnostic.Severity, _ message: String) {
        self.code = code
        self.severity = severity
        self.message = message
    }
}

extension Metadata {
    /// Fills every field that is still empty from `content`: values the input gave (a JSONL
    /// `title`, `published`, `language`) always win over extracted ones.
    mutating func fillEmptyFields(from content: ExtractedContent) {
        if title.isEmpty { title = content.title }
        if authors.isEmpty { authors = content.authors }
        if published.isEmpty, !content.published.isEmpty {
            published = content.published
            publishedOrigin = content.publishedOrigin
        }
        if modified.isEmpty { modified = content.modified }
        if siteName.isEmpty { siteName = content.siteName }
        if canonicalURL.isEmpty { canonicalURL = content.canonicalURL }
    }
}
