import DepecheCore
import Logging

extension FetchStage {
    /// Emits the document(s) of one file: itself, or one per line of a JSON Lines file. Throws
    /// when the file cannot be read at all.
    func emitFile(
        _ path: String,
        name: String,
        context: StageContext,
        emit: DocumentEmitter
    ) async throws {
        let fileExtension = FileName.fileExtension(of: name)
        if FileName.jsonLinesExtensions.contains(fileExtension) {
            try await emitJSONLines(path, name: name, context: context, emit: emit)
        } else if Self.looksLikeWARC(name) {
            try await emitLocalWARC(path, context: context, emit: emit)
        } else {
            let document = try readDocument(path, id: FileName.stem(of: name), name: name, context: context)
            if try await expandFeedOrSitemap(document, path: path, hint: nil, context: context, emit: emit) { return }
            try await emit(document)
        }
    }

    /// One file as one document, its bytes untouched.
    func readDocument(_ path: String, id: String, name: String, context: StageContext) throws(StageFailure) -> Document
    {
        do {
            let handle = try FileSystem.ReadHandle(path: path)
            let status = try handle.status()
            guard status.kind == .file else {
                throw StageFailure(code: "unreadable", message: "\(path): not a regular file")
            }
            guard status.size <= maximumBytes,
                let bytes = try handle.readAll(limit: maximumBytes, sizeHint: status.size)
            else { throw tooLarge(path, size: status.size) }
            let contentType = ContentType.forExtension(FileName.fileExtension(of: name)) ?? ContentType.sniff(bytes)
            var document = Document(
                id: id,
                source: Source(
                    uri: FileName.fileURL(for: path),
                    kind: "file",
                    fetchedAtMilliseconds: Self.nowMilliseconds(),
                    contentType: contentType,
                    raw: bytes
                )
            )
            if bytes.isEmpty {
                document.diagnostics.append(context.diagnostic("empty-file", .warning, "\(path) is empty"))
            }
            return document
        } catch let error as FileSystemError {
            throw failure(for: error)
        } catch let error as StageFailure {
            throw error
        } catch {
            throw StageFailure(code: "unreadable", message: "\(path): \(FileErrorText.describe(error))")
        }
    }

    private func tooLarge(_ path: String, size: Int) -> StageFailure {
        StageFailure(
            code: "too-large",
            message: "\(path): the file is \(max(size, maximumBytes + 1)) bytes, over the limit of \(maximumBytes) "
                + "bytes; raise the fetch stage's max_bytes option to read it"
        )
    }

    /// Every wanted file below `folder`, sorted by relative path, hidden files and folders skipped.
    /// A folder with no wanted file at all fails (`empty-folder`): every input leaves a trace.
    func expandFolder(_ folder: String, context: StageContext, emit: DocumentEmitter) async throws {
        let extensions = self.extensions
        let walker = TreeWalker<Void>(
            root: folder,
            followsLinksOutside: followsLinksOutside,
            rootState: (),
            enter: { _, name in name.hasPrefix(".") ? nil : () },
            accept: { _, name in
                !name.hasPrefix(".")
                    && (extensions.contains(FileName.fileExtension(of: name))
                        || (extensions.contains("warc") && name.lowercased().hasSuffix(".warc.gz")))
            }
        )
        var identifiers = Set<String>()
        var reported = 0
        do {
            try await walker.walk(progress: emit.progress) { event in
                if case .loop = event {} else { reported += 1 }
                try await handle(event, identifiers: &identifiers, context: context, emit: emit)
            }
        } catch let error as FileSystemError {
            throw failure(for: error)
        }
        if reported == 0 {
            throw StageFailure(
                code: "empty-folder",
                message: "\(folder): the folder holds no file to read (fetch reads "
                    + extensions.sorted().map { ".\($0)" }.joined(separator: ", ")
                    + ", hidden names skipped); check the path, or set the fetch option extensions"
            )
        }
    }

    /// The files a glob pattern matches, sorted by path; fails when it matches none.
    func expand(_ pattern: GlobPattern, written: String, context: StageContext, emit: DocumentEmitter) async throws {
        let noMatch = StageFailure(
            code: "no-match",
            message: "\(written): the pattern matched no file (searched below \(pattern.base)); check the pattern, "
                + "and note that * and ? do not match hidden names"
        )
        guard (try? FileSystem.status(pattern.base))?.kind == .directory else { throw noMatch }
        let walker = TreeWalker<GlobPattern.State>(
            root: pattern.base,
            followsLinksOutside: followsLinksOutside,
            rootState: pattern.start,
            enter: { state, name in pattern.enter(state, folder: name) },
            accept: { state, name in pattern.matches(state, file: name) }
        )
        var identifiers = Set<String>()
        var reported = 0
        do {
            try await walker.walk(progress: emit.progress) { event in
                if case .loop = event {} else { reported += 1 }
                try await handle(event, identifiers: &identifiers, context: context, emit: emit)
            }
        } catch let error as FileSystemError {
            throw failure(for: error)
        }
        if reported == 0 { throw noMatch }
    }

    /// Emits a file found by a walk, or records why it cannot be read; the walk goes on.
    private func handle<State>(
        _ event: TreeWalker<State>.Event,
        identifiers: inout Set<String>,
        context: StageContext,
        emit: DocumentEmitter
    ) async throws {
        switch event {
        case .file(let path, let relativePath, let name):
            // JSON Lines files and WARC archives hold many documents, with ids of their own.
            let isCollection =
                FileName.jsonLinesExtensions.contains(FileName.fileExtension(of: name)) || Self.looksLikeWARC(name)
            var id = FileName.stem(of: name)
            var note: Diagnostic?
            if !isCollection {
                // Ids are taken in walk order, also by files a resumed run skips, so that every
                // file keeps the id an uninterrupted run gives it.
                let unique = Self.uniqueID(for: relativePath, taken: identifiers)
                if unique != id {
                    note = context.diagnostic(
                        "duplicate-id",
                        .info,
                        "another file of this input already has the id '\(id)'; this one is '\(unique)'"
                    )
                    id = unique
                }
                identifiers.insert(id)
            }
            guard
                case .read(let resumeAfter, let select) = FetchResume.decide(
                    entry: relativePath,
                    resumeAfter: emit.resumeAfter,
                    select: emit.select
                )
            else { return }
            let item = emit.inside(.entry(relativePath), resumeAfter: resumeAfter, select: select)
            do {
                if isCollection {
                    try await emitFile(path, name: name, context: context, emit: item)
                } else {
                    var document = try readDocument(path, id: id, name: name, context: context)
                    if try await expandFeedOrSitemap(document, path: path, hint: nil, context: context, emit: item) {
                        return
                    }
                    if let note { document.diagnostics.insert(note, at: 0) }
                    try await item(document)
                }
            } catch let error as StageFailure {
                try await item.fail(id, source: Source(uri: FileName.fileURL(for: path), kind: "file"), error)
            }
        case .failure(let path, let relativePath, let name, let error):
            try await record(failure(for: error), path: path, relativePath: relativePath, name: name, emit: emit)
        case .outside(let path, let relativePath, let name, let target):
            let failure = StageFailure(
                code: "outside-input",
                message: "\(path) is a symbolic link to \(target), outside the input: not followed; set the fetch "
                    + "option follow_links: true to read what links point to wherever it is"
            )
            try await record(failure, path: path, relativePath: relativePath, name: name, emit: emit)
        case .special(let path, let relativePath, let name):
            let failure = StageFailure(
                code: "unreadable",
                message: "\(path) is not a regular file (a FIFO, a socket or a device): not read"
            )
            try await record(failure, path: path, relativePath: relativePath, name: name, emit: emit)
        case .loop(let path):
            context.logger.warning(
                "skipped a symbolic link back to a folder already being read",
                metadata: ["path": "\(path)"]
            )
        }
    }

    /// Records an entry of a walk that is not read, at its place in the input (unless a resumed
    /// run already has it).
    private func record(
        _ failure: StageFailure,
        path: String,
        relativePath: String,
        name: String,
        emit: DocumentEmitter
    ) async throws {
        guard
            case .read = FetchResume.decide(entry: relativePath, resumeAfter: emit.resumeAfter, select: emit.select)
        else { return }
        try await emit.fail(
            FileName.stem(of: name),
            source: Source(uri: FileName.fileURL(for: path), kind: "file"),
            failure,
            at: InputCursor([.entry(relativePath)])
        )
    }

    /// The file's stem when no earlier file of the same input took it, else its relative path
    /// without extension, else its relative path.
    static func uniqueID(for relativePath: String, taken: Set<String>) -> String {
        let stem = FileName.stem(of: FileName.name(of: relativePath))
        let folder = relativePath.lastIndex(of: "/").map { String(relativePath[...$0]) } ?? ""
        let candidates = [stem, folder + stem, relativePath]
        return candidates.first { !taken.contains($0) } ?? relativePath
    }
}
