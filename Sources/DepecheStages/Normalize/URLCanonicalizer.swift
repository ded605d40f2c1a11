import Foundation

/// Canonical form of an article URL, so that copies of one page reached by different links
/// compare equal: scheme and host lowercased, `www.` kept (sites differ on it), default ports,
/// fragments and tracking parameters (`utm_*`, `fbclid`, `gclid`, `xtor`, ...) dropped, the
/// remaining query parameters sorted, dot segments resolved, and a trailing slash dropped from
/// any path but `/`. Relative URLs are resolved against a base first.
enum URLCanonicalizer {
    /// Query parameters that only track where a click came from.
    static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "mc_cid", "mc_eid", "xtor", "xtref", "at_medium",
        "at_campaign", "at_custom1", "at_custom2", "at_custom3", "at_custom4", "ncid", "cmpid", "icid", "ito", "_ga",
        "_gl", "igshid", "ref_src", "ref_url", "smid", "soc_src", "soc_trk", "ns_source", "ns_mchannel",
        "ns_campaign", "ocid", "wt.mc_id", "__twitter_impression", "amp", "outputtype",
    ]
    static let trackingPrefixes = ["utm_", "at_", "pk_", "mtm_", "hsa_", "oly_"]

    /// The canonical URL, or `nil` when `url` is not an absolute http(s) URL (after resolving
    /// against `base`).
    static func canonicalize(_ url: String, base: String? = nil) -> String? {
        let trimmed = url.trimmingASCIIWhitespace()
        guard !trimmed.isEmpty, trimmed.count <= 4096 else { return nil }
        var resolved: URL?
        if let base, let baseURL = URL(string: String(base.trimmingASCIIWhitespace())) {
            resolved = URL(string: String(trimmed), relativeTo: baseURL)?.absoluteURL
        } else {
            resolved = URL(string: String(trimmed))
        }
        guard let absolute = resolved,
            var components = URLComponents(url: absolute, resolvingAgainstBaseURL: true),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else { return nil }
        components.scheme = scheme
        components.host = host.lowercased().trimmingASCIIWhitespace(extra: ["."]).description
        if (scheme == "http" && components.port == 80) || (scheme == "https" && components.port == 443) {
            components.port = nil
        }
        components.fragment = nil
        components.user = nil
        components.password = nil
        let kept = (components.queryItems ?? []).filter { item in
            let name = item.name.lowercased()
            return !trackingParameters.contains(name) && !trackingPrefixes.contains { name.hasPrefix($0) }
        }
        components.queryItems =
            kept.isEmpty ? nil : kept.sorted { ($0.name, $0.value ?? "") < ($1.name, $1.value ?? "") }
        components.percentEncodedPath = normalizedPath(components.percentEncodedPath)
        return components.string
    }

    /// `/a/./b/../c/` → `/a/c`; empty → `/`.
    private static func normalizedPath(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        while let last = segments.last, last.isEmpty { segments.removeLast() }
        return "/" + segments.joined(separator: "/")
    }
}
