import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A run's state in a small JSON file beside its export (`out/seeds.state.json` for
/// `out/seeds.jsonl`), replaced atomically at each commit: written to `PATH.tmp`, synced, renamed
/// over `PATH`, and the folder synced.
public struct FileJournal: RunJournal {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public var location: String { path }

    /// The state file that goes with an export path: `out/seeds.jsonl` → `out/seeds.state.json`.
    public static func path(forOutput output: String?, workingDirectory: String) -> String {
        Pipeline.companionPath(forOutput: output, suffix: ".state.json", workingDirectory: workingDirectory)
    }

    public func load() throws(StageFailure) -> RunState? {
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                throw StageFailure(
                    code: "state-unreadable",
                    message: "\(path): the run state cannot be read; check its permissions, or delete it "
                        + "(or run with --restart) to start the run over"
                )
            }
            return nil
        }
        return try RunState.read(data, at: path)
    }

    public func save(_ state: RunState) throws(StageFailure) {
        let temporary = path + ".tmp"
        var data = state.encoded()
        data.append(0x0A)
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw StageFailure(
                code: "write-failed",
                message: "\(path): cannot create the folder \(folder): \(FileErrorText.describe(error)); check that "
                    + "its parent is writable"
            )
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("cannot create \(temporary)", errno) }
        let written = data.withUnsafeBytes { raw -> Int in
            var offset = 0
            while offset < raw.count {
                let count = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return -1
                }
                offset += count
            }
            return offset
        }
        let writeError = errno
        guard written == data.count, fsync(descriptor) == 0 else {
            let error = written == data.count ? errno : writeError
            close(descriptor)
            unlink(temporary)
            throw failure("cannot write \(temporary)", error)
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let error = errno
            unlink(temporary)
            throw failure("cannot rename \(temporary) to \(path)", error)
        }
        FileSync.folder(folder)
    }

    private func failure(_ action: String, _ errorNumber: Int32) -> StageFailure {
        StageFailure(
            code: "write-failed",
            message: "\(action): \(String(cString: strerror(errorNumber))); check that the folder is writable and "
                + "the disk has space (the outputs committed so far are kept)"
        )
    }
}

/// `fsync` on folders, so that a rename survives a power cut.
public enum FileSync {
    /// Syncs the folder's entry list; errors are ignored (some file systems refuse it).
    public static func folder(_ path: String) {
        let descriptor = open(path.isEmpty ? "." : path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}
