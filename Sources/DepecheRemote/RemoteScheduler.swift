import DepecheCore
import DepecheStageKit
import DepecheWire
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Logging
import Synchronization

/// The servers of a remote stage and their streams: which lane takes the next document, which
/// server is waited for, and when the stage is down. The state lives behind one lock.
///
/// - A document goes to the usable lane with the fewest in flight (a lane is opened when a
///   server has fewer than `streamsPerEndpoint`), up to `in_flight` each; it waits when all are
///   full.
/// - A server that cannot be reached, or that is shutting down, is left alone for a backoff
///   (100 ms, doubling up to 5 s by default), then tried again. When no server can be reached
///   for `timeout`, the stage is down: documents fail with `stage-unavailable`.
/// - A server that refuses the handshake is never used again in the run.
/// - A lost stream with documents in flight (crash, hang, garbage) counts against `restarts`;
///   past it, the stage is down (`restart-budget-exhausted`).
final class RemoteScheduler: Sendable {
    let configuration: RemoteStageConfiguration
    private let clients: [GRPCClient<HTTP2ClientTransport.Posix>]
    private let handshake: [UInt8]
    private let state: Mutex<State>

    private struct Server {
        var endpoint: RemoteEndpoint
        var lanes: [RemoteLane?]
        var retryAt: ContinuousClock.Instant?
        var failures = 0
        var lastError: String?
        /// Why the server will not take this stage's documents; `nil` while it may.
        var refusal: String?
    }

    private struct State {
        var servers: [Server]
        var waiters: [CheckedContinuation<Void, Never>] = []
        /// Bumped at every change a waiting document may care about.
        var generation = 0
        var lossesCharged = 0
        var down: StageFailure?
        /// Since when no server could be reached; `nil` while one can.
        var unreachableSince: ContinuousClock.Instant?
        /// When the last attempt to reach a server failed.
        var lastUnreachable: ContinuousClock.Instant?
        var closed = false
        /// The lanes of suspect documents, one document each.
        var isolated: [RemoteLane] = []
    }

    private enum Decision {
        case use(RemoteLane)
        case fail(StageFailure)
        case waitForRoom(generation: Int)
        case sleep(until: ContinuousClock.Instant)
    }

    init(configuration: RemoteStageConfiguration, clients: [GRPCClient<HTTP2ClientTransport.Posix>], handshake: [UInt8])
    {
        self.configuration = configuration
        self.clients = clients
        self.handshake = handshake
        state = Mutex(
            State(
                servers: configuration.endpoints.map {
                    Server(endpoint: $0, lanes: Array(repeating: nil, count: configuration.streamsPerEndpoint))
                }
            )
        )
    }

    var lossesCharged: Int { state.withLock { $0.lossesCharged } }

    /// Every lane open now.
    var lanes: [RemoteLane] {
        state.withLock { $0.servers.flatMap { $0.lanes.compactMap { $0 } } + $0.isolated }
    }

    /// Forgets a suspect's lane once its document is answered or lost.
    func release(isolated lane: RemoteLane) {
        lane.close()
        state.withLock { $0.isolated.removeAll { $0 === lane } }
    }

    /// A lane with room for one more document, reserved for it; throws the stage's failure once
    /// it is down. `avoiding` is a server to use only when no other can take the document.
    func acquire(avoiding: RemoteEndpoint? = nil) async throws(StageFailure) -> RemoteLane {
        try await next(avoiding: avoiding, alone: false)
    }

    /// A lane of its own for one suspect document, on a server other than `avoiding` if one
    /// can take it: the document's fate then says whether it is the one at fault.
    func isolatedLane(avoiding: RemoteEndpoint?) async throws(StageFailure) -> RemoteLane {
        try await next(avoiding: avoiding, alone: true)
    }

    /// Wakes the documents waiting for room.
    func wake() {
        let waiters = state.withLock { state in
            state.generation += 1
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Closes every lane: each ends once its documents are answered.
    func close() -> [RemoteLane] {
        let lanes = state.withLock { state in
            state.closed = true
            return state.servers.flatMap { $0.lanes.compactMap { $0 } }
        }
        for lane in lanes { lane.close() }
        wake()
        return lanes
    }

    /// Makes every waiting and later document fail with `failure`.
    func declareDown(_ failure: StageFailure) {
        state.withLock { state in
            if state.down == nil { state.down = failure }
        }
        wake()
    }

    private func next(avoiding: RemoteEndpoint?, alone: Bool) async throws(StageFailure) -> RemoteLane {
        while true {
            switch decide(avoiding: avoiding, alone: alone) {
            case .use(let lane):
                return lane
            case .fail(let failure):
                throw failure
            case .waitForRoom(let generation):
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let now = state.withLock { state in
                        guard state.generation == generation else { return true }
                        state.waiters.append(continuation)
                        return false
                    }
                    if now { continuation.resume() }
                }
            case .sleep(let instant):
                // Bounded so that a document also notices a server back through another one.
                let latest = ContinuousClock.now + .seconds(1)
                try? await Task.sleep(until: min(instant, latest), clock: .continuous)
                if Task.isCancelled { throw StageFailure(code: "cancelled", message: "the run was cancelled") }
            }
        }
    }

    private func decide(avoiding: RemoteEndpoint?, alone: Bool) -> Decision {
        state.withLock { state in
            if let down = state.down { return .fail(down) }
            let now = ContinuousClock.now
            var candidates: [Int] = []
            for index in state.servers.indices where state.servers[index].refusal == nil {
                if let retryAt = state.servers[index].retryAt, retryAt > now { continue }
                candidates.append(index)
            }
            if candidates.isEmpty {
                if state.servers.allSatisfy({ $0.refusal != nil }) {
                    let reasons = state.servers.map { "\($0.endpoint): \($0.refusal ?? "")" }
                    state.down = StageFailure(
                        code: "stage-refused",
                        message: "every server of stage '\(configuration.name)' refuses it: "
                            + reasons.joined(separator: "; ")
                    )
                    return .fail(state.down!)
                }
                let since = state.unreachableSince ?? now
                state.unreachableSince = since
                // Down only once an attempt made after `timeout` has failed too.
                if let last = state.lastUnreachable, last - since > configuration.timeout {
                    state.down = unavailable(state.servers)
                    return .fail(state.down!)
                }
                let retry = state.servers.compactMap { $0.refusal == nil ? $0.retryAt : nil }.min() ?? now
                return .sleep(until: retry)
            }
            // Servers other than `avoiding` first.
            if let avoiding, candidates.contains(where: { state.servers[$0].endpoint != avoiding }) {
                candidates.removeAll { state.servers[$0].endpoint == avoiding }
            }
            if alone {
                let index = candidates.min { state.servers[$0].failures < state.servers[$1].failures } ?? candidates[0]
                let lane = makeLane(for: state.servers[index].endpoint, clientIndex: index, capacity: 1)
                state.isolated.append(lane)
                lane.reserve()
                return .use(lane)
            }
            // The open lane with the most room; a new lane only when every open one is full.
            var best: (server: Int, lane: Int, load: Int)?
            var unopened: (server: Int, lane: Int)?
            for index in candidates {
                for slot in state.servers[index].lanes.indices {
                    if let lane = state.servers[index].lanes[slot], !lane.isEnded {
                        guard lane.isUsable else { continue }
                        let load = lane.load
                        if best == nil || load < best!.load { best = (index, slot, load) }
                    } else if unopened == nil || state.servers[unopened!.server].lanes.contains(where: { $0 != nil }) {
                        // Prefer a server with no open lane at all, so that documents spread.
                        unopened = (index, slot)
                    }
                }
            }
            if best == nil, let unopened, !state.closed {
                state.servers[unopened.server].lanes[unopened.lane] = makeLane(
                    for: state.servers[unopened.server].endpoint,
                    clientIndex: unopened.server,
                    capacity: configuration.inFlight
                )
                best = (unopened.server, unopened.lane, 0)
            }
            if let best, let lane = state.servers[best.server].lanes[best.lane] {
                lane.reserve()
                return .use(lane)
            }
            return .waitForRoom(generation: state.generation)
        }
    }

    private func makeLane(for endpoint: RemoteEndpoint, clientIndex: Int, capacity: Int) -> RemoteLane {
        RemoteLane(
            endpoint: endpoint,
            client: clients[clientIndex],
            handshake: handshake,
            capacity: capacity,
            maxFrameBytes: configuration.maxFrameBytes,
            events: LaneEvents(
                accepted: { [weak self] lane in self?.accepted(lane) },
                ended: { [weak self] lane, loss, pending in self?.ended(lane, loss, pending: pending) }
            )
        )
    }

    private func accepted(_ lane: RemoteLane) {
        state.withLock { state in
            state.unreachableSince = nil
            state.lastUnreachable = nil
            if let index = state.servers.firstIndex(where: { $0.endpoint == lane.endpoint }) {
                state.servers[index].failures = 0
                state.servers[index].retryAt = nil
            }
        }
    }

    private func ended(_ lane: RemoteLane, _ loss: LaneLoss, pending: Int) {
        let logger = configuration.logger
        let name = configuration.name
        let note: String? = state.withLock { state in
            guard let index = state.servers.firstIndex(where: { $0.endpoint == lane.endpoint }) else { return nil }
            for slot in state.servers[index].lanes.indices where state.servers[index].lanes[slot] === lane {
                state.servers[index].lanes[slot] = nil
            }
            state.servers[index].lastError = loss.message
            let now = ContinuousClock.now
            /// Leaves the server alone for a while: one more failure per attempt (the lanes lost
            /// together count once), the wait doubling up to the maximum, and below `timeout`.
            func backOff() {
                if let retryAt = state.servers[index].retryAt, retryAt > now { return }
                state.servers[index].failures += 1
                let exponent = min(state.servers[index].failures - 1, 16)
                let ceiling = min(configuration.backoff.maximum, configuration.timeout / 2)
                state.servers[index].retryAt = now + min(configuration.backoff.initial * (1 << exponent), ceiling)
            }
            switch loss.kind {
            case .unreachable, .shuttingDown:
                backOff()
                if loss.kind == .unreachable { state.lastUnreachable = now }
                return loss.kind == .shuttingDown ? "is shutting down; its documents go to another server" : nil
            case .refused:
                state.servers[index].refusal = loss.message
                return "refuses the stage: \(loss.message); it gets no more documents"
            case .broken, .timedOut, .protocolError:
                guard pending > 0 else { return nil }
                // One fault of a server (a crash, a hang) loses all its streams at once: they count
                // once against the budget, as one attempt.
                let inBackoff = state.servers[index].retryAt.map { $0 > now } ?? false
                backOff()
                guard !inBackoff else {
                    return "lost another stream with \(pending) document\(pending == 1 ? "" : "s") in flight"
                }
                state.lossesCharged += 1
                if state.lossesCharged > configuration.restarts, state.down == nil {
                    state.down = StageFailure(
                        code: "restart-budget-exhausted",
                        message: "stage '\(name)' lost its streams to its servers \(state.lossesCharged) times, over "
                            + "its budget of \(configuration.restarts) (restarts); the last: \(lane.endpoint): "
                            + loss.message
                    )
                }
                return "lost the stream with \(pending) document\(pending == 1 ? "" : "s") in flight: \(loss.message)"
                    + " (\(state.lossesCharged) of \(configuration.restarts) restarts used)"
            }
        }
        if let note {
            logger.warning("\(lane.endpoint) \(note)", metadata: ["stage": "\(name)"])
        }
        wake()
    }

    private func unavailable(_ servers: [Server]) -> StageFailure {
        let list = servers.map { "\($0.endpoint) (\($0.refusal ?? $0.lastError ?? "not reached"))" }
        return StageFailure(
            code: "stage-unavailable",
            message: "no server of stage '\(configuration.name)' could be reached for "
                + "\(RemoteStage.seconds(configuration.timeout)): \(list.joined(separator: "; ")); start them "
                + "(depeche serve \(configuration.name) --listen HOST:PORT) or fix 'remote', then retry the failures"
        )
    }
}
