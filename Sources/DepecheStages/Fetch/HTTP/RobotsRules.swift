import DepecheCore

/// The rules of one robots.txt for one crawler, matched as RFC 9309 says: the groups whose
/// `user-agent` names the crawler's product token (case-insensitive), or else the `*` groups;
/// the longest matching rule wins, `allow` wins a tie; `*` matches any run of characters and a
/// final `$` anchors the end.
struct RobotsRules: Sendable, Hashable {
    struct Rule: Sendable, Hashable {
        var allow: Bool
        var pattern: String
    }

    var rules: [Rule]
    /// True when every path is forbidden whatever the rules say (robots.txt unreachable or 5xx).
    var disallowAll = false
    /// Why robots.txt could not be fetched at all (DNS, refused, timeout): the same reason then
    /// stops every URL of the host.
    var unreachable: StageFailure?

    static let allowAll = RobotsRules(rules: [])
    static let denyAll = RobotsRules(rules: [], disallowAll: true)

    /// Parses `text` for the crawler whose product token is `token` (`depeche`).
    init(parsing text: String, token: String) {
        let token = token.lowercased()
        var specific: [Rule] = []
        var generic: [Rule] = []
        var matchedSpecific = false
        // The user-agents of the group being read, and whether a rule ended its user-agent lines.
        var agents: [String] = []
        var inRules = false
        for rawLine in text.split(
            omittingEmptySubsequences: false,
            whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        ) {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingASCIISpaces().lowercased()
            let value = line[line.index(after: colon)...].trimmingASCIISpaces()
            switch key {
            case "user-agent":
                if inRules {
                    agents = []
                    inRules = false
                }
                let agent = value.prefix { $0.isLetter || $0 == "-" || $0 == "_" || $0 == "*" }.lowercased()
                agents.append(agent)
                if agent == token { matchedSpecific = true }
            case "allow", "disallow":
                inRules = true
                guard !value.isEmpty else { continue }
                let rule = Rule(allow: key == "allow", pattern: Self.normalize(value))
                if agents.contains(token) { specific.append(rule) }
                if agents.contains("*") { generic.append(rule) }
            default:
                continue
            }
        }
        self.rules = matchedSpecific ? specific : generic
    }

    init(rules: [Rule], disallowAll: Bool = false) {
        self.rules = rules
        self.disallowAll = disallowAll
    }

    /// Whether the crawler may fetch `path` (the URL's path and query, starting with `/`).
    func allows(_ path: String) -> Bool {
        let path = Self.normalize(path.isEmpty ? "/" : path)
        if path == "/robots.txt" { return true }
        if disallowAll { return false }
        var best: (length: Int, allow: Bool)?
        for rule in rules where Self.matches(rule.pattern, path) {
            let length = rule.pattern.utf8.count
            if let current = best, current.length > length || (current.length == length && current.allow) {
                continue
            }
            best = (length, rule.allow)
        }
        return best?.allow ?? true
    }

    /// Whether `pattern` (with `*` and a final `$`) matches the start of `path`.
    static func matches(_ pattern: String, _ path: String) -> Bool {
        var pattern = Array(pattern.utf8)
        let anchored = pattern.last == UInt8(ascii: "$")
        if anchored { pattern.removeLast() }
        let path = Array(path.utf8)
        // Backtracking over the last `*`, linear in practice (patterns are short).
        var p = 0
        var s = 0
        var star: Int?
        var starMatch = 0
        while true {
            if p == pattern.count {
                if !anchored || s == path.count { return true }
            } else if pattern[p] == UInt8(ascii: "*") {
                star = p
                starMatch = s
                p += 1
                continue
            } else if s < path.count, pattern[p] == path[s] {
                p += 1
                s += 1
                continue
            }
            guard let starIndex = star, starMatch < path.count else { return false }
            starMatch += 1
            p = starIndex + 1
            s = starMatch
        }
    }

    /// Percent-escapes written in upper case and non-ASCII characters percent-encoded, so that
    /// `/caf%c3%a9`, `/caf%C3%A9` and `/café` compare equal.
    static func normalize(_ text: String) -> String {
        var result = ""
        var bytes = Array(text.utf8)[...]
        let hex = Array("0123456789ABCDEF".utf8)
        while let byte = bytes.first {
            bytes = bytes.dropFirst()
            if byte == UInt8(ascii: "%"), bytes.count >= 2 {
                result += "%" + String(decoding: bytes.prefix(2), as: UTF8.self).uppercased()
                bytes = bytes.dropFirst(2)
            } else if byte >= 0x80 || byte <= 0x20 {
                result += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            } else {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return result
    }
}
