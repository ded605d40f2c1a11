import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing to the child's stdin: frames queue in an outbox and a serial queue writes them, so
/// no caller ever blocks on a full pipe.
extension ChildProcess {
    /// Queues the request frame for `sequence`; returns at once. Frames queued while the writer
    /// is busy go out together in one `write`.
    func send(sequence: UInt64, document: [UInt8]) {
        let schedule = outbox.withLock { outbox in
            ProcessRequestFrame.append(sequence: sequence, document: document, to: &outbox.bytes)
            defer { outbox.flushScheduled = true }
            return !outbox.flushScheduled
        }
        if schedule {
            writer.async { self.flush() }
        }
    }

    func closeInput() {
        writer.async {
            guard !self.inputClosed.exchange(true, ordering: .relaxed) else { return }
            try? self.input.close()
        }
    }

    func enqueueWrite(_ bytes: [UInt8]) {
        let schedule = outbox.withLock { outbox in
            outbox.bytes += bytes
            defer { outbox.flushScheduled = true }
            return !outbox.flushScheduled
        }
        if schedule {
            writer.async { self.flush() }
        }
    }

    /// Writes what is queued; on `writer` only.
    private func flush() {
        let bytes = outbox.withLock { outbox in
            outbox.flushScheduled = false
            defer { outbox.bytes = [] }
            return outbox.bytes
        }
        writeNow(bytes)
    }

    /// Writes all of `bytes` to stdin; on `writer` only. A failed write (the child is gone)
    /// is left to the stdout reader, which sees the EOF.
    private func writeNow(_ bytes: [UInt8]) {
        guard !inputClosed.load(ordering: .relaxed) else { return }
        let descriptor = input.fileDescriptor
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}

/// Bytes for a child's stdin, and whether the writer has been asked to write them.
struct Outbox {
    var bytes: [UInt8] = []
    var flushScheduled = false
}
