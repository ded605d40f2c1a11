/// Politeness shared by every request of one fetch stage: at most `perHost` requests at once to
/// one host, a start at least `delay` after the previous start on that host, and at most
/// `global` requests at once in all.
actor HostScheduler {
    private struct Host {
        var active = 0
        var nextStart: ContinuousClock.Instant
    }

    private let perHost: Int
    private let global: Int
    private let delay: Duration
    private var hosts: [String: Host] = [:]
    private var active = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(perHost: Int, global: Int, delay: Duration) {
        self.perHost = max(1, perHost)
        self.global = max(1, global)
        self.delay = delay
    }

    /// Runs `body` once a slot for `host` is free and the host's delay has passed.
    nonisolated func withSlot<T: Sendable>(
        for host: String,
        _ body: @Sendable () async throws -> T
    ) async throws -> T {
        let start = await acquire(host)
        defer { Task { await self.release(host) } }
        try await Task.sleep(until: start, clock: .continuous)
        await started(host)
        return try await body()
    }

    /// Counts the delay from when the request really starts: a task that resumed late (a busy
    /// machine) must not bring the next request to the host closer than `delay`.
    private func started(_ host: String) {
        guard var state = hosts[host] else { return }
        state.nextStart = max(state.nextStart, ContinuousClock.now + delay)
        hosts[host] = state
    }

    /// Reserves a slot and returns when the request may start.
    private func acquire(_ host: String) async -> ContinuousClock.Instant {
        while active >= global || (hosts[host]?.active ?? 0) >= perHost {
            await withCheckedContinuation { waiters.append($0) }
        }
        let now = ContinuousClock.now
        var state = hosts[host] ?? Host(nextStart: now)
        let start = max(now, state.nextStart)
        state.nextStart = start + delay
        state.active += 1
        hosts[host] = state
        active += 1
        return start
    }

    private func release(_ host: String) {
        hosts[host]?.active -= 1
        active -= 1
        let waiting = waiters
        waiters = []
        for waiter in waiting { waiter.resume() }
    }

    /// The number of requests running now (for tests).
    var activeCount: Int { active }
}
