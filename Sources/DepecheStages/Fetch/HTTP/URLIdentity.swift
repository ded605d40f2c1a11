/// Identifiers and names derived from URLs: stable across runs, readable, unique enough.
enum URLIdentity {
    /// 16 hex digits of the 64-bit FNV-1a hash of `text`.
    static func hash(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01B3
        }
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// A document id for a URL: the last path segment without extension (or the host), made of
    /// letters, digits, `-`, `_` and `.`, at most 60 characters, then `_` and 8 hex digits of the
    /// URL's hash: `https://example.org/news/some-story.html` → `some-story_1a2b3c4d`.
    static func documentID(for url: String) -> String {
        let parts = URLParts(url)
        let segments = (parts?.path ?? "").split(separator: "/")
        var name = parts?.host ?? ""
        if let last = segments.last {
            name = String(last)
            if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = String(name[..<dot]) }
        }
        var slug = ""
        for scalar in name.unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        slug = String(slug.prefix(60))
        if slug.isEmpty { slug = parts?.host ?? "url" }
        return slug + "_" + hash(url).prefix(8)
    }
}

/// The parts of an absolute http(s) URL fetch needs, without Foundation's URL quirks.
struct URLParts: Sendable, Hashable {
    var scheme: String
    var host: String
    var port: Int?
    /// Path and query, starting with `/` (never empty); the fragment is dropped.
    var path: String

    init?(_ text: String) {
        guard let schemeEnd = text.firstRange(of: "://") else { return nil }
        scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var rest = text[schemeEnd.upperBound...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var hostPart = authority
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            guard let number = Int(authority[authority.index(after: colon)...]) else { return nil }
            port = number
            hostPart = authority[..<colon]
        }
        host = hostPart.lowercased()
        guard !host.isEmpty else { return nil }
        let tail = rest[authorityEnd...]
        path = tail.isEmpty ? "/" : (tail.hasPrefix("?") ? "/" + tail : String(tail))
    }

    /// `https://host:port`, the key for robots.txt and politeness.
    var origin: String {
        scheme + "://" + host + (port.map { ":\($0)" } ?? "")
    }

    /// Resolves `reference` (absolute, scheme-relative, absolute-path or relative) against this URL.
    func resolve(_ reference: String) -> String? {
        let reference = reference.trimmingASCIISpaces()
        if URLParts(reference) != nil { return reference }
        if reference.hasPrefix("//") { return scheme + ":" + reference }
        if reference.hasPrefix("/") { return origin + reference }
        if reference.contains("://") { return nil }
        if reference.hasPrefix("?") {
            let base = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
            return origin + base + reference
        }
        let base = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "/"
        let folder = base[...(base.lastIndex(of: "/") ?? base.startIndex)]
        var segments: [Substring] = []
        for segment in (folder + reference).split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            if segment == ".." {
                if !segments.isEmpty { segments.removeLast() }
            } else if segment != "." {
                segments.append(segment)
            }
        }
        return origin + "/" + segments.joined(separator: "/")
    }
}
