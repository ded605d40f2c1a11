import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file through a buffer and publishes it atomically: bytes go to `<path>.partial`, and
/// publication flushes, syncs and renames it to `<path>`, so a reader never sees half a file.
///
/// Two ways to drive it:
/// - On its own: ``write(_:at:)`` then ``finish()``. Nothing touches the disk before the first
///   write; the previous file stays in place until ``finish()`` renames the new one over it.
/// - As a ``DurableOutput`` of a run with a ``Checkpointer``: ``begin(resumingFrom:)`` creates the
///   partial file (or, when resuming, truncates it to the committed length and appends after it),
///   each ``commit(through:)`` syncs it and returns the byte length that holds every line of the
///   committed positions, and ``publish()`` renames it into place. The partial file then outlives
///   an interruption: the next run continues it.
///
/// Missing parent folders are created. Safe to call from several tasks: writes are serialized by a
/// lock, in call order. Failures are thrown as ``StageFailure`` with code `write-failed` and a
/// message naming the path.
public final class AtomicFileWriter: DurableOutput {
    /// The final path.
    public let path: String
    /// Where the bytes are written until publication.
    public var partialPath: String { path + ".partial" }

    private struct State {
        var descriptor: Int32 = -1
        var buffer: [UInt8] = []
        /// Bytes in the partial file plus the buffer.
        var length: Int64 = 0
        /// The end of the last line of each position written since the last commit, in order.
        var marks: [(sequence: UInt64, end: Int64)] = []
        /// The length that holds every committed position's lines.
        var committed: Int64 = 0
        var finished = false
        /// A failure of an earlier flush: the file is incomplete, every later call throws it.
        var failure: StageFailure?
    }

    private let header: [UInt8]
    private let bufferCapacity: Int
    private let state: Mutex<State>

    /// `header` starts the file (a CSV header line, say); `bufferCapacity` bytes are collected
    /// before each `write(2)`.
    public init(path: String, header: [UInt8] = [], bufferCapacity: Int = 1 << 20) {
        self.path = path
        self.header = header
        self.bufferCapacity = max(bufferCapacity, 1)
        self.state = Mutex(State())
    }

    deinit {
        state.withLock { state in
            if state.descriptor >= 0 { close(state.descriptor) }
        }
    }

    /// Appends `bytes`, the output of the item at `position` (written when the buffer is full, or
    /// at a commit or publication).
    public func write(_ bytes: [UInt8], at position: RunPosition? = nil) throws(StageFailure) {
        try state.withLock { state throws(StageFailure) in
            try check(state)
            if state.descriptor < 0 { try openPartialFile(&state, keeping: nil) }
            if state.buffer.capacity < bufferCapacity { state.buffer.reserveCapacity(bufferCapacity) }
            state.buffer.append(contentsOf: bytes)
            state.length += Int64(bytes.count)
            if let position {
                if let last = state.marks.last, last.sequence == position.sequence {
                    state.marks[state.marks.count - 1].end = state.length
                } else {
                    state.marks.append((position.sequence, state.length))
                }
            }
            if state.buffer.count >= bufferCapacity { try flushBuffer(&state) }
        }
    }

    /// Writes what is buffered, syncs, closes and renames the partial file to ``path``.
    /// Calling it again does nothing.
    public func finish() throws(StageFailure) {
        try publish()
    }

    // MARK: DurableOutput

    public func begin(resumingFrom committed: String?) throws(StageFailure) {
        try state.withLock { state throws(StageFailure) in
            try check(state)
            guard let committed else {
                try openPartialFile(&state, keeping: nil)
                return
            }
            guard let length = Int64(committed), length >= 0 else {
                throw StageFailure(
                    code: "cannot-resume",
                    message: "\(path): the run state holds no byte length for this output ('\(committed)'); run "
                        + "with --restart to start over"
                )
            }
            try openPartialFile(&state, keeping: length)
        }
    }

    public func commit(through frontier: UInt64) throws(StageFailure) -> String {
        try state.withLock { state throws(StageFailure) in
            try check(state)
            if state.descriptor < 0 { try openPartialFile(&state, keeping: nil) }
            while let first = state.marks.first, first.sequence <= frontier {
                state.committed = first.end
                state.marks.removeFirst()
            }
            try flushBuffer(&state)
            if fsync(state.descriptor) != 0 {
                state.failure = failed("cannot sync \(partialPath)", errno)
                throw state.failure!
            }
            return String(state.committed)
        }
    }

    public func publish() throws(StageFailure) {
        try state.withLock { state throws(StageFailure) in
            if state.finished, state.failure == nil { return }
            try check(state)
            if state.descriptor < 0 { try openPartialFile(&state, keeping: nil) }
            try flushBuffer(&state)
            let descriptor = state.descriptor
            state.descriptor = -1
            if fsync(descriptor) != 0 {
                let failure = failed("cannot sync \(partialPath)", errno)
                close(descriptor)
                state.failure = failure
                throw failure
            }
            if close(descriptor) != 0 {
                state.failure = failed("cannot close \(partialPath)", errno)
                throw state.failure!
            }
            if rename(partialPath, path) != 0 {
                state.failure = failed("cannot rename \(partialPath) to \(path)", errno)
                throw state.failure!
            }
            FileSync.folder((path as NSString).deletingLastPathComponent)
            state.finished = true
        }
    }

    /// Closes and deletes the partial file without publishing it (a side file that only matters
    /// until the run finishes). Calling it again does nothing.
    public func discard() {
        state.withLock { state in
            if state.descriptor >= 0 {
                close(state.descriptor)
                state.descriptor = -1
            }
            unlink(partialPath)
            state.finished = true
        }
    }

    // MARK: Files

    private func check(_ state: State) throws(StageFailure) {
        if let failure = state.failure { throw failure }
        if state.finished {
            throw StageFailure(code: "write-failed", message: "\(path): written after the file was finished")
        }
    }

    /// Opens the partial file: a new one (with the header), or, with `keeping`, the interrupted
    /// run's, cut back to that many bytes.
    private func openPartialFile(_ state: inout State, keeping committed: Int64?) throws(StageFailure) {
        if state.descriptor >= 0 {
            close(state.descriptor)
            state.descriptor = -1
        }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                state.failure = StageFailure(
                    code: "write-failed",
                    message: "\(path): cannot create the folder \(folder): \(FileErrorText.describe(error)); "
                        + "check the output path and the permissions"
                )
                throw state.failure!
            }
        }
        if let committed, access(partialPath, F_OK) != 0 {
            // Killed while publishing: this file was already renamed into place, complete.
            var status = stat()
            if stat(path, &status) == 0, Int64(status.st_size) == committed {
                state.finished = true
                return
            }
        }
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (committed == nil ? O_TRUNC : 0)
        let descriptor = open(partialPath, flags, 0o644)
        guard descriptor >= 0 else {
            state.failure = failed("cannot create \(partialPath)", errno)
            throw state.failure!
        }
        state.buffer.removeAll(keepingCapacity: true)
        state.marks.removeAll()
        if let committed {
            var status = stat()
            guard fstat(descriptor, &status) == 0, Int64(status.st_size) >= committed else {
                close(descriptor)
                throw StageFailure(
                    code: "cannot-resume",
                    message: "\(partialPath): the interrupted run's partial file is missing or shorter than its "
                        + "\(committed) committed bytes; run with --restart to start over"
                )
            }
            guard ftruncate(descriptor, off_t(committed)) == 0, lseek(descriptor, 0, SEEK_END) >= 0 else {
                let error = errno
                close(descriptor)
                state.failure = failed("cannot cut \(partialPath) back to its committed length", error)
                throw state.failure!
            }
            state.length = committed
            state.committed = committed
        } else {
            state.buffer.append(contentsOf: header)
            state.length = Int64(header.count)
            state.committed = state.length
        }
        state.descriptor = descriptor
    }

    private func flushBuffer(_ state: inout State) throws(StageFailure) {
        let descriptor = state.descriptor
        let errorNumber = state.buffer.withUnsafeBytes { raw -> Int32 in
            var offset = 0
            while offset < raw.count {
                let count = posixWrite(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += count
            }
            return 0
        }
        state.buffer.removeAll(keepingCapacity: true)
        if errorNumber != 0 {
            state.failure = failed("cannot write \(partialPath)", errorNumber)
            throw state.failure!
        }
    }

    private func failed(_ action: String, _ errorNumber: Int32) -> StageFailure {
        StageFailure(
            code: "write-failed",
            message: "\(action): \(String(cString: strerror(errorNumber))); check that the folder is writable and "
                + "the disk has space"
        )
    }
}

/// The C `write`, out of reach of ``AtomicFileWriter/write(_:at:)``.
private func posixWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}

/// Errors in words a user can act on: a ``StageFailure``'s message, a Foundation file error as
/// its reason (`permission denied`, not the `NSCocoaErrorDomain Code=513 … UserInfo={…}` dump).
public enum FileErrorText {
    public static func describe(_ error: any Error) -> String {
        if let failure = error as? StageFailure { return failure.message }
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        guard nsError.domain == NSCocoaErrorDomain else { return String(describing: error) }
        if let posix = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        switch CocoaError.Code(rawValue: nsError.code) {
        case .fileWriteNoPermission, .fileReadNoPermission: return "permission denied"
        case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or folder"
        case .fileWriteOutOfSpace: return "no space left on the disk"
        case .fileWriteVolumeReadOnly: return "the file system is read-only"
        case .fileWriteFileExists: return "a file is in the way"
        default: return nsError.localizedDescription
        }
    }
}
