import Foundation

/// Reads the schema.org facts of `<script type="application/ld+json">` blocks: the article's
/// headline, dates, authors, publisher and language. Broken JSON is repaired when the damage is
/// common (HTML comment or CDATA wrappers, raw line breaks inside strings, a trailing `;`) and
/// otherwise ignored.
enum JSONLDReader {
    struct Facts: Sendable, Hashable {
        var headline: String?
        /// The article's `name`, which some sites fill with the title when `headline` is a summary.
        var name: String?
        /// The article's text as the site gives it (`articleBody`), a hint for the body extractor.
        var articleBody: String?
        var datePublished: String?
        var dateModified: String?
        var authors: [String] = []
        var publisherName: String?
        var language: String?
        var url: String?
        /// `isAccessibleForFree: false` on the article (or one of its parts): a paywall.
        var isAccessibleForFree: Bool?
    }

    /// Types that describe the article itself, by preference.
    private static let articleTypes: Set<String> = [
        "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
        "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle", "BlogPosting", "LiveBlogPosting",
        "SocialMediaPosting", "TechArticle", "ScholarlyArticle", "Report", "SatiricalArticle",
    ]
    /// The most objects looked at in one page, and the deepest nesting followed.
    private static let maximumObjects = 1000
    private static let maximumDepth = 12

    static func read(_ scripts: [String]) -> Facts {
        var objects: [[String: Any]] = []
        for script in scripts {
            guard let value = parse(script) else { continue }
            collect(value, depth: 0, into: &objects)
        }
        var facts = Facts()
        let article =
            objects.first { types(of: $0).contains(where: articleTypes.contains) }
            ?? objects.first { $0["datePublished"] != nil }
        guard let article else {
            facts.publisherName = objects.first { types(of: $0).contains("NewsMediaOrganization") }
                .flatMap { string($0["name"]) }
            return facts
        }
        facts.headline = string(article["headline"]) ?? string(article["name"])
        facts.name = string(article["name"])
        facts.articleBody = article["articleBody"] as? String
        facts.datePublished = string(article["datePublished"]) ?? string(article["dateCreated"])
        facts.dateModified = string(article["dateModified"])
        facts.authors = names(article["author"]) + (article["author"] == nil ? names(article["creator"]) : [])
        facts.publisherName = names(article["publisher"]).first
        facts.language = string(article["inLanguage"])
        facts.url = string(article["url"]) ?? string(article["mainEntityOfPage"])
        facts.isAccessibleForFree = boolean(article["isAccessibleForFree"])
        if facts.isAccessibleForFree == nil, let parts = article["hasPart"] {
            let values = ((parts as? [Any]) ?? [parts]).compactMap {
                ($0 as? [String: Any]).flatMap { boolean($0["isAccessibleForFree"]) }
            }
            if values.contains(false) { facts.isAccessibleForFree = false }
        }
        return facts
    }

    private static func parse(_ script: String) -> Any? {
        if let data = script.data(using: .utf8),
            let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        {
            return value
        }
        var repaired = script.trimmingASCIIWhitespace()
        for wrapper in ["<!--", "//<![CDATA[", "<![CDATA["] where repaired.hasPrefix(wrapper) {
            repaired = repaired.dropFirst(wrapper.count).trimmingASCIIWhitespace()
        }
        for wrapper in ["-->", "//]]>", "]]>", ";"] where repaired.hasSuffix(wrapper) {
            repaired = repaired.dropLast(wrapper.count).trimmingASCIIWhitespace()
        }
        // Raw control characters are not allowed inside JSON strings, and are white space outside.
        let cleaned = String(repaired.unicodeScalars.map { $0.value < 0x20 ? " " : Character($0) })
        guard let data = cleaned.data(using: .utf8) else { return nil }
        return try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    }

    /// Every object in the value, following arrays and `@graph`, breadth first.
    private static func collect(_ value: Any, depth: Int, into objects: inout [[String: Any]]) {
        guard depth <= maximumDepth, objects.count < maximumObjects else { return }
        if let array = value as? [Any] {
            for element in array { collect(element, depth: depth + 1, into: &objects) }
        } else if let object = value as? [String: Any] {
            objects.append(object)
            if let graph = object["@graph"] { collect(graph, depth: depth + 1, into: &objects) }
            if let main = object["mainEntity"] { collect(main, depth: depth + 1, into: &objects) }
        }
    }

    private static func types(of object: [String: Any]) -> [String] {
        if let type = object["@type"] as? String { return [type] }
        return (object["@type"] as? [Any])?.compactMap { $0 as? String } ?? []
    }

    /// A non-empty string, or the `@id`/`url` of an object standing for one.
    private static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String:
            let trimmed = text.trimmingASCIIWhitespace()
            return trimmed.isEmpty ? nil : String(trimmed)
        case let object as [String: Any]:
            return string(object["@id"]) ?? string(object["url"])
        case let array as [Any]:
            return array.lazy.compactMap { string($0) }.first
        default:
            return nil
        }
    }

    /// `true`, `false`, `"True"`, `"false"`, ...
    private static func boolean(_ value: Any?) -> Bool? {
        switch value {
        case let flag as Bool: return flag
        case let text as String:
            switch text.lowercased().trimmingASCIIWhitespace() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        case let number as NSNumber: return number.boolValue
        default: return nil
        }
    }

    /// Names of a person/organization value: a string, an object with `name`, or an array of those.
    private static func names(_ value: Any?) -> [String] {
        switch value {
        case let text as String:
            let trimmed = text.trimmingASCIIWhitespace()
            return trimmed.isEmpty || trimmed.hasPrefix("http") ? [] : [String(trimmed)]
        case let object as [String: Any]:
            guard let name = object["name"] else { return [] }
            return names(name)
        case let array as [Any]:
            return array.flatMap { names($0) }
        default:
            return []
        }
    }
}
