import Foundation

/// The one writer of the response stream: frames queued from any task are written, in the order
/// they were queued, by a thread of its own.
///
/// The thread writes everything queued in one `write(2)` loop, then looks again: responses that
/// became ready meanwhile go out together in the next batch, so a busy stage writes large
/// batches and an idle one answers at once. A blocked pipe (a runner slow to read) blocks only
/// this thread.
final class FrameWriter: @unchecked Sendable {
    // Every stored property below `condition` is read and written with `condition` locked.
    private let condition = NSCondition()
    private var pending: [UInt8] = []
    /// Set by ``seal(with:)``: later frames are dropped.
    private var sealed = false
    private var closing = false
    private var finished = false
    private var closeWaiters: [CheckedContinuation<Void, Never>] = []
    /// The `errno` of the write that failed; everything after it is dropped.
    private var failure: Int32?
    private let fd: Int32

    init(fd: Int32) {
        self.fd = fd
        let thread = Thread { [self] in writeLoop() }
        thread.name = "depeche-stage-writer"
        thread.start()
    }

    /// Queues one frame (prefix and payload).
    func enqueue(_ frame: [UInt8]) {
        condition.withLock {
            guard !sealed, failure == nil else { return }
            pending.append(contentsOf: frame)
            condition.signal()
        }
    }

    /// Queues a last frame (a `fatal` response); every frame queued after it is dropped.
    func seal(with frame: [UInt8]) {
        condition.withLock {
            guard !sealed else { return }
            if failure == nil {
                pending.append(contentsOf: frame)
            }
            sealed = true
            condition.signal()
        }
    }

    /// Writes what is queued, stops the thread, and returns the `errno` of a failed write, if any.
    func close() async -> Int32? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = condition.withLock {
                closing = true
                sealed = true
                condition.signal()
                if finished { return true }
                closeWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
        return condition.withLock { failure }
    }

    private func writeLoop() {
        var batch: [UInt8] = []
        while true {
            let waiters: [CheckedContinuation<Void, Never>]? = condition.withLock {
                while pending.isEmpty && !closing {
                    condition.wait()
                }
                if pending.isEmpty {
                    finished = true
                    defer { closeWaiters = [] }
                    return closeWaiters
                }
                swap(&batch, &pending)
                return nil
            }
            if let waiters {
                for waiter in waiters { waiter.resume() }
                return
            }
            if let error = write(batch) {
                condition.withLock {
                    failure = error
                    pending = []
                }
            }
            batch.removeAll(keepingCapacity: true)
        }
    }

    /// Writes all of `bytes`; the `errno` of a failed write.
    private func write(_ bytes: [UInt8]) -> Int32? {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
    }
}
