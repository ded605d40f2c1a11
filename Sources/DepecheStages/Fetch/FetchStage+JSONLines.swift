import DepecheCore
import Logging

extension FetchStage {
    /// Streams a JSON Lines file: one document per non-empty line, a failure record per bad line.
    /// Throws only when the file cannot be opened or read.
    func emitJSONLines(_ path: String, name: String, context: StageContext, emit: DocumentEmitter) async throws {
        let handle: FileSystem.ReadHandle
        do {
            handle = try FileSystem.ReadHandle(path: path)
            guard try handle.status().kind == .file else {
                throw StageFailure(code: "unreadable", message: "\(path): not a regular file")
            }
        } catch let error as FileSystemError {
            throw failure(for: error)
        }
        let size = (try? handle.status().size) ?? 0
        let file = JSONLinesFile(path: path, url: FileName.fileURL(for: path), stem: FileName.stem(of: name))
        var reader: LineReader
        switch emit.resumeAfter?.split {
        case nil:
            reader = LineReader(handle: handle, maximumLineBytes: maximumLineBytes)
        case (.line(let number, let end), let rest)? where rest.isEmpty:
            do {
                reader = try LineReader(
                    handle: handle,
                    maximumLineBytes: maximumLineBytes,
                    resumingAt: end,
                    lineNumber: number
                )
            } catch {
                throw StageFailure(
                    code: "cannot-resume",
                    message: "\(path): the file is shorter than when the interrupted run read it (\(end) bytes, "
                        + "line \(number)); it was replaced or truncated since. Run with --restart to read it again"
                )
            }
        case let other?:
            throw FetchResume.changed(path, at: InputCursor([other.first]), kind: "a line of a JSON Lines file")
        }
        // A retry reads the selected lines only.
        let selected = try FetchResume.selectedNumbers(emit.select, of: path, kind: "a line of a JSON Lines file") {
            if case .line(let number, _) = $0 { number } else { nil }
        }
        let lastSelected = selected?.max() ?? Int.max
        var documents = 0
        while true {
            let line: LineReader.Line?
            do {
                line = try reader.next()
            } catch {
                throw failure(for: error)
            }
            guard let line else { break }
            let number = reader.lineNumber
            if let selected {
                if number > lastSelected { break }
                if !selected.contains(number) { continue }
            }
            let cursor = InputCursor([.line(number: number, end: reader.endOffset)])
            if size > 0 { emit.progress(Double(reader.endOffset) / Double(size)) }
            switch line {
            case .tooLong(let count):
                try await emit.fail(
                    file.fallbackID(line: number),
                    source: file.source(line: number),
                    file.invalid(
                        line: number,
                        "the line is \(count) bytes, over the limit of \(maximumLineBytes) bytes; raise the fetch "
                            + "stage's max_line_bytes option to read it"
                    ),
                    at: cursor
                )
            case .text(let bytes):
                guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
                switch file.record(bytes, line: number, context: context) {
                case .document(let document):
                    documents += 1
                    try await emit(document, at: cursor)
                case .failure(let id, let source, let failure):
                    try await emit.fail(id, source: source, failure, at: cursor)
                }
            }
        }
        if documents == 0, reader.lineNumber == 0 {
            context.logger.warning("the JSON Lines file is empty", metadata: ["path": "\(path)"])
        }
    }
}
