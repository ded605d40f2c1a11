import Foundation

/// Path handling shared by the configuration loader and the command line.
public enum PathResolver {
    /// `path` made absolute against `base` (when relative), with `.` and `..` removed and `~` expanded.
    public static func absolute(_ path: String, relativeTo base: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let joined = expanded.hasPrefix("/") ? expanded : (base as NSString).appendingPathComponent(expanded)
        var standardized = (joined as NSString).standardizingPath
        // Keep a trailing slash the user wrote: it says "a folder".
        if path.hasSuffix("/"), !standardized.hasSuffix("/") {
            standardized += "/"
        }
        return standardized
    }

    /// True for a URL with a scheme (`http://`, `https://`); false for paths and `file://` URLs.
    public static func isRemote(_ input: String) -> Bool {
        guard let colon = input.firstIndex(of: ":"), input[colon...].hasPrefix("://") else { return false }
        let scheme = input[..<colon].lowercased()
        return scheme != "file"
            && scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
    }

    /// True for a local path (not a URL).
    public static func isLocal(_ input: String) -> Bool {
        !isRemote(input) && !input.lowercased().hasPrefix("file://")
    }

    /// True when the path holds glob characters (`*`, `?`, `[`).
    public static func isPattern(_ path: String) -> Bool {
        path.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// A configured input: paths and patterns made absolute, URLs kept as written.
    public static func input(
        _ written: String,
        relativeTo base: String,
        location: SourceLocation? = nil
    ) -> PipelineConfiguration.Input {
        let resolved = isLocal(written) ? absolute(written, relativeTo: base) : written
        return .init(written: written, resolved: resolved, location: location)
    }

    /// The entry of `path`'s folder whose name is closest to `path`'s last component.
    public static func closestSibling(of path: String) -> String? {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        let folder = (trimmed as NSString).deletingLastPathComponent
        let name = (trimmed as NSString).lastPathComponent
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return nil }
        return closestName(to: name, in: entries.filter { !$0.hasPrefix(".") }.sorted()).map {
            (folder as NSString).appendingPathComponent($0)
        }
    }

    /// `suggested` written the way the user wrote `original`: same folder part, new last component.
    public static func display(_ suggested: String, like original: String) -> String {
        let slash = original.hasSuffix("/")
        let trimmed = slash ? String(original.dropLast()) : original
        let folder = (trimmed as NSString).deletingLastPathComponent
        let name = (suggested as NSString).lastPathComponent
        let joined = folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
        return slash ? joined + "/" : joined
    }
}
