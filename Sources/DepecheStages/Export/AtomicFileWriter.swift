public import DepecheCore
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
/// ``finish()`` flushes, syncs and renames it to `<path>`, so a reader never sees half a file
/// and an interrupted run leaves the previous file in place (the partial file is registered with
/// ``PartialFiles``, which the command line empties on Ctrl-C).
///
/// Nothing touches the disk before the first ``write(_:)`` (or ``finish()``, which creates an
/// empty file when nothing was written). Missing parent folders are created. Safe to call from
/// several tasks: writes are serialized by a lock, in call order.
///
/// Failures are thrown as ``StageFailure`` with code `write-failed` and a message naming the path.
public final class AtomicFileWriter: Sendable {
    /// The final path.
    public let path: String
    /// Where the bytes are written until ``finish()``.
    public var partialPath: String { path + ".partial" }

    private struct State {
        var descriptor: Int32 = -1
        var buffer: [UInt8] = []
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

    /// Appends `bytes` (written when the buffer is full, or at ``finish()``).
    public func write(_ bytes: [UInt8]) throws(StageFailure) {
        try state.withLock { state throws(StageFailure) in
            try check(state)
            if state.descriptor < 0 { try openPartialFile(&state) }
            if state.buffer.capacity < bufferCapacity { state.buffer.reserveCapacity(bufferCapacity) }
            state.buffer.append(contentsOf: bytes)
            if state.buffer.count >= bufferCapacity { try flushBuffer(&state) }
        }
    }

    /// Writes what is buffered, syncs, closes and renames the partial file to ``path``.
    /// Calling it again does nothing.
    public func finish() throws(StageFailure) {
        try state.withLock { state throws(StageFailure) in
            if state.finished, state.failure == nil { return }
            try check(state)
            if state.descriptor < 0 { try openPartialFile(&state) }
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
            PartialFiles.unregister(partialPath)
            state.finished = true
        }
    }

    private func check(_ state: State) throws(StageFailure) {
        if let failure = state.failure { throw failure }
        if state.finished {
            throw StageFailure(code: "write-failed", message: "\(path): written after the file was finished")
        }
    }

    private func openPartialFile(_ state: inout State) throws(StageFailure) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                state.failure = StageFailure(
                    code: "write-failed",
                    message: "\(path): cannot create the folder \(folder): \(error.localizedDescription); "
                        + "check the output path and the permissions"
                )
                throw state.failure!
            }
        }
        let descriptor = open(partialPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            state.failure = failed("cannot create \(partialPath)", errno)
            throw state.failure!
        }
        state.descriptor = descriptor
        PartialFiles.register(partialPath)
        state.buffer.append(contentsOf: header)
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

/// The C `write`, out of reach of ``AtomicFileWriter/write(_:)``.
private func posixWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
