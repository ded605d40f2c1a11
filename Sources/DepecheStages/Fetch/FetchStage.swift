public import DepecheCore
import Foundation

extension StageDescriptor {
    /// The `fetch` stage: turns each configured input (a file, a folder, a glob pattern, a JSON
    /// Lines file) into documents carrying the raw bytes, for normalize to decode.
    public static let fetch = StageDescriptor(
        name: "fetch",
        summary: "Reads the inputs (files, folders, glob patterns, JSON Lines) into documents with their raw bytes.",
        options: [
            OptionSpec(
                "extensions",
                .stringList,
                default: .list(FetchStage.defaultExtensions),
                help: "File extensions read when walking a folder; other files (and hidden ones) are skipped."
            ),
            OptionSpec(
                "max_bytes",
                .integer(1...(1 << 40)),
                default: .integer(FetchStage.defaultMaximumBytes),
                help: "Largest file read, in bytes; a larger one fails with code too-large. JSON Lines files are "
                    + "streamed and limited by max_line_bytes instead."
            ),
            OptionSpec(
                "max_line_bytes",
                .integer(1...(1 << 40)),
                default: .integer(FetchStage.defaultMaximumLineBytes),
                help: "Longest line of a JSON Lines file, in bytes; a longer line fails with code invalid-jsonl."
            ),
        ]
    ) { setup in
        FetchStage(
            extensions: setup.options.list("extensions") ?? FetchStage.defaultExtensions,
            maximumBytes: setup.options.integer("max_bytes") ?? FetchStage.defaultMaximumBytes,
            maximumLineBytes: setup.options.integer("max_line_bytes") ?? FetchStage.defaultMaximumLineBytes
        )
    }
}

/// Expands a seed document (`source.kind == "input"`) into the documents its input holds, in a
/// deterministic order, one `emit` at a time; passes any other document on unchanged.
struct FetchStage: Stage {
    static let defaultExtensions = ["txt", "text", "html", "htm", "xhtml", "xml", "jsonl"]
    static let defaultMaximumBytes = 100_000_000
    static let defaultMaximumLineBytes = 50_000_000

    let name = "fetch"
    let version = "0.1.0"
    /// Lowercase, without the dot.
    let extensions: Set<String>
    let maximumBytes: Int
    let maximumLineBytes: Int

    init(extensions: [String], maximumBytes: Int, maximumLineBytes: Int) {
        self.extensions = Set(
            extensions.map { $0.hasPrefix(".") ? String($0.dropFirst()).lowercased() : $0.lowercased() }
        )
        self.maximumBytes = maximumBytes
        self.maximumLineBytes = maximumLineBytes
    }

    func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws {
        guard document.source.kind == "input" else {
            try await emit(document)
            return
        }
        let input = document.source.uri.isEmpty ? document.id : document.source.uri
        let path = try Self.localPath(of: input)
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
            if scheme == "http" || scheme == "https" {
                throw StageFailure(
                    code: "unsupported-scheme",
                    message: "\(input): HTTP(S) inputs are not supported by this version of Depeche yet; download "
                        + "the page first (for example `curl -L -o page.html '\(input)'`) and give the file instead"
                )
            }
            throw StageFailure(
                code: "unsupported-scheme",
                message: "\(input): '\(scheme)' URLs are not supported; give a file, a folder, a glob pattern or a "
                    + "file:// URL"
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
