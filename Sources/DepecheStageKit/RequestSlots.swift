import Synchronization

/// Counts the requests being processed, up to a limit. Only the server loop waits on it (one
/// waiter at a time); the request tasks release their slot when their response is queued.
final class RequestSlots: Sendable {
    private struct State {
        var busy = 0
        var waiter: CheckedContinuation<Void, Never>?
        /// The waiter wants every slot free (end of stream), not just one.
        var waitsForAll = false
    }

    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        precondition(limit > 0, "at least one request must be allowed in flight")
        self.limit = limit
    }

    /// Waits until fewer than `limit` requests are in flight, then takes a slot.
    func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state in
                if state.busy < limit {
                    state.busy += 1
                    return true
                }
                state.waiter = continuation
                state.waitsForAll = false
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Frees a slot taken by ``acquire()``.
    func release() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.busy -= 1
            guard let waiter = state.waiter else { return nil }
            if state.waitsForAll {
                guard state.busy == 0 else { return nil }
            } else {
                state.busy += 1
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Waits until no request is in flight.
    func waitForAll() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { state in
                if state.busy == 0 { return true }
                state.waiter = continuation
                state.waitsForAll = true
                return false
            }
            if idle { continuation.resume() }
        }
    }
}

/// Slots that many tasks may wait on, served in arrival order: the stage's own concurrency limit
/// (``Stage/maximumConcurrency``) across every gRPC stream that shares the stage, or the one
/// suspect document at a time of a remote stage.
public final class SharedSlots: Sendable {
    private struct State {
        var free: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state: Mutex<State>

    public init(limit: Int) {
        precondition(limit > 0, "at least one request must be allowed at once")
        state = Mutex(State(free: limit))
    }

    /// Waits for a free slot and takes it.
    public func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state in
                if state.free > 0 {
                    state.free -= 1
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Frees a slot: the longest waiter takes it.
    public func release() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.free += 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume()
    }
}
