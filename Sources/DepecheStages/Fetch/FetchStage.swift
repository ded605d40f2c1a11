public import DepecheCore
import Foundation
import Logging

extension StageDescriptor {
    /// The `fetch` stage: turns each configured input (a file, a folder, a glob pattern, a JSON
    /// Lines file, an http(s) URL of a page, a feed or a sitemap, a WARC archive) into documents
    /// carrying the raw bytes, for normalize to decode.
    public static let fetch = StageDescriptor(
        name: "fetch",
        summary: "Reads the inputs (files, folders, glob patterns, JSON Lines, http(s) pages, RSS/Atom/JSON "
            + "feeds, sitemaps, WARC archives) into documents with their raw bytes.",
        options: [
            OptionSpec(
                "extensions",
                .stringList,
                default: .list(FetchStage.defaultExtensions),
                help: "File extensions read when walking a folder; other files (and hidden ones) are skipped."
            ),
            OptionSpec(
                "follow_links",
                .boolean,
                default: .boolean(false),
                help: "Also read what symbolic links inside an input folder or pattern point to outside it; by "
                    + "default such a link is not followed and is recorded as a failure (outside-input)."
            ),
            OptionSpec(
                "max_bytes",
                .integer(1...(1 << 40)),
                default: .integer(FetchStage.defaultMaximumBytes),
                help: "Largest file read, in bytes; a larger one fails with code too-large. JSON Lines files and "
                    + "WARC archives are streamed and limited by max_line_bytes and max_body_bytes instead."
            ),
            OptionSpec(
                "max_line_bytes",
                .integer(1...(1 << 40)),
                default: .integer(FetchStage.defaultMaximumLineBytes),
                help: "Longest line of a JSON Lines file, in bytes; a longer line fails with code invalid-jsonl."
            ),
        ] + HTTPSettings.optionSpecs + FetchSettings.optionSpecs
    ) { setup in
        try FetchStage(
            extensions: setup.options.list("extensions") ?? FetchStage.defaultExtensions,
            maximumBytes: setup.options.integer("max_bytes") ?? FetchStage.defaultMaximumBytes,
            maximumLineBytes: setup.options.integer("max_line_bytes") ?? FetchStage.defaultMaximumLineBytes,
            followsLinksOutside: setup.options.boolean("follow_links") ?? false,
            http: HTTPSettings(options: setup.options),
            logger: setup.logger,
            settings: FetchSettings(options: setup.options)
        )
    }
}

/// Expands a seed document (`source.kind == "input"`) into the documents its input holds, in a
/// deterministic order, one `emit` at a time; passes any other document on unchanged.
struct FetchStage: Stage {
    static let defaultExtensions = ["txt", "text", "html", "htm", "xhtml", "xml", "jsonl", "rss", "atom", "warc"]
    static let defaultMaximumBytes = 100_000_000
    static let defaultMaximumLineBytes = 50_000_000

    let name = "fetch"
    let version = "0.2.0"
    /// Lowercase, without the dot.
    let extensions: Set<String>
    let maximumBytes: Int
    let maximumLineBytes: Int
    /// Follow symbolic links out of an input folder (`follow_links`).
    let followsLinksOutside: Bool
    let settings: FetchSettings
    let fetcher: HTTPFetcher

    init(
        extensions: [String],
        maximumBytes: Int,
        maximumLineBytes: Int,
        followsLinksOutside: Bool = false,
        http: HTTPSettings = HTTPSettings(),
        logger: Logger = Logger(label: "depeche.fetch"),
        settings: FetchSettings = FetchSettings()
    ) throws {
        self.extensions = Set(
            extensions.map { $0.hasPrefix(".") ? String($0.dropFirst()).lowercased() : $0.lowercased() }
        )
        self.maximumBytes = maximumBytes
        self.maximumLineBytes = maximumLineBytes
        self.followsLinksOutside = followsLinksOutside
        self.settings = settings
        do {
            self.fetcher = try HTTPFetcher(settings: http, logger: logger)
        } catch {
            throw StageFailure(
                code: "invalid-option",
                message: "fetch: the cache folder '\(http.cacheFolder ?? "")' cannot be created: "
                    + "\(FileErrorText.describe(error)); check the path and that its parent is writable"
            )
        }
    }

    func finish(context: StageContext) async throws {
        try await fetcher.shutdown()
    }

    func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws {
        guard document.source.kind == "input" else {
            try await emit(document)
            return
        }
        let written = document.source.uri.isEmpty ? document.id : document.source.uri
        let (hint, input) = InputHint.split(written)
        if let url = URLParts(input) {
            try await fetchURL(url, input, hint: hint, context: context, emit: emit)
            return
        }
        let path = try Self.localPath(of: input)
        if let hint {
            try await emitLocal(path, hint: hint, context: context, emit: emit)
            return
        }
        let status: FileStatus
        do {
            status = try FileSystem.status(path)
        } catch {
            if error.isNotFound, let pattern = GlobPattern(path) {
                try await expand(pattern, written: document.id, context: context, emit: emit)
                return
            }
            throw failure(for: error, suggest: true)
        }
        switch status.kind {
        case .directory:
            try await expandFolder(path, context: context, emit: emit)
        case .file:
            try await emitFile(path, name: FileName.name(of: path), context: context, emit: emit)
        case .other:
            throw StageFailure(
                code: "unreadable",
                message: "\(path): not a regular file or folder (a device, socket or pipe); give a file, a folder "
                    + "or a glob pattern"
            )
        }
    }

    /// The absolute path an input names, or a failure for a URL fetch cannot read.
    static func localPath(of input: String) throws(StageFailure) -> String {
        if input.lowercased().hasPrefix("file:") {
            guard let path = FileName.path(fromFileURL: input) else {
                throw StageFailure(
                    code: "invalid-input",
                    message: "\(input): not a valid local file URL; write file:///absolute/path (percent-encoded), "
                        + "or give the path itself"
                )
            }
            return path
        }
        if PathResolver.isRemote(input) {
            let scheme = input[..<input.firstIndex(of: ":")!].lowercased()
            throw StageFailure(
                code: "unsupported-scheme",
                message: "\(input): '\(scheme)' URLs are not supported; give a file, a folder, a glob pattern, a "
                    + "file:// URL or an http(s) URL"
            )
        }
        return PathResolver.absolute(input, relativeTo: FileManager.default.currentDirectoryPath)
    }

    /// The failure for a path that cannot be read, saying what to check.
    func failure(for error: FileSystemError, suggest: Bool = false) -> StageFailure {
        let path = error.path
        if error.isNotFound {
            var message = "\(path): no such file or folder"
            if suggest, let sibling = PathResolver.closestSibling(of: path) {
                message += " (did you mean '\(sibling)'?)"
            }
            message +=
                "; check the path (a relative input is read from the configuration file's folder, or "
                + "from the working directory on the command line)"
            return StageFailure(code: "not-found", message: message)
        }
        if error.isPermission {
            return StageFailure(
                code: "unreadable",
                message: "\(path): permission denied; check that the user running depeche may read it"
            )
        }
        if error.isLoop {
            return StageFailure(
                code: "symlink-loop",
                message: "\(path): too many levels of symbolic links (a link loop); fix or remove the link"
            )
        }
        return StageFailure(code: "unreadable", message: "\(path): \(error.reason)")
    }

    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}
