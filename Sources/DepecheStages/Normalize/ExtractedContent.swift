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
    var titleOrigin = ""
    var authorsOrigin = ""
    var modifiedOrigin = ""
    var languageOrigin = ""
    var siteNameOrigin = ""
    var canonicalURLOrigin = ""
    var paywalled = false
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
    /// `title`, `published`, `language`) always win over extracted ones. The one exception is a
    /// publication date from an earlier stage (a feed, a sitemap): the page's own date replaces
    /// it when it is more precise (a time with its offset where the feed gave a day) and within a
    /// day of it. A date given in the input itself (`jsonl`) is never replaced.
    mutating func fillEmptyFields(from content: ExtractedContent) {
        if title.isEmpty, !content.title.isEmpty {
            (title, titleOrigin) = (content.title, content.titleOrigin.nonEmpty ?? "extracted")
        } else if !title.isEmpty, titleOrigin.isEmpty {
            titleOrigin = "input"
        }
        if authors.isEmpty, !content.authors.isEmpty {
            (authors, authorsOrigin) = (content.authors, content.authorsOrigin)
        }
        if !content.published.isEmpty,
            published.isEmpty || Self.refines(content.published, existing: published, origin: publishedOrigin)
        {
            published = content.published
            publishedOrigin = content.publishedOrigin
        }
        if modified.isEmpty, !content.modified.isEmpty {
            (modified, modifiedOrigin) = (content.modified, content.modifiedOrigin)
        }
        if siteName.isEmpty, !content.siteName.isEmpty {
            (siteName, siteNameOrigin) = (content.siteName, content.siteNameOrigin)
        }
        if canonicalURL.isEmpty, !content.canonicalURL.isEmpty {
            (canonicalURL, canonicalURLOrigin) = (content.canonicalURL, content.canonicalURLOrigin)
        }
    }

    /// Origins of dates that the input itself gives, never replaced.
    static let givenOrigins: Set<String> = ["jsonl", "input"]

    /// Whether the page's date `candidate` should replace `existing` (set by an earlier stage).
    static func refines(_ candidate: String, existing: String, origin: String) -> Bool {
        guard !givenOrigins.contains(origin), candidate.count > 10, existing.count == 10,
            let new = ISODay(candidate), let old = ISODay(existing)
        else { return false }
        return abs(new.daysSinceEpoch - old.daysSinceEpoch) <= 1
    }
}
