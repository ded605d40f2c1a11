import DepecheCore
import DepecheStageKit
import DepecheWire
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Synchronization

/// Why a stream was given up. Only the faults a server is answerable for (``isCharged``) count
/// against the restart budget and make its documents suspects.
struct LaneLoss: Error, Sendable {
    enum Kind: Sendable {
        /// The call was never accepted: the server is not there (connection refused, no route,
        /// TLS failure). Not the documents' fault.
        case unreachable
        /// The server is shutting down gracefully (`UNAVAILABLE`, `shutting-down: ...`).
        case shuttingDown
        /// The server refused the handshake carried by the stream (another protocol version, or
        /// options it does not accept): it will never take this stage's documents.
        case refused
        /// The stream broke while documents were in flight (the server crashed, or the network).
        case broken
        /// A document got no answer within `timeout`.
        case timedOut
        /// The server sent something that is not the protocol (a message that does not decode,
        /// an answer to a document it was not sent).
        case protocolError
    }

    var kind: Kind
    var message: String

    /// Counts against `restarts`, and makes the documents in flight suspects.
    var isCharged: Bool {
        switch kind {
        case .broken, .timedOut, .protocolError: true
        case .unreachable, .shuttingDown, .refused: false
        }
    }
}

/// What became of one document sent on a lane.
enum LaneResult: Sendable {
    case answered(ProcessResponse)
    case lost(LaneLoss)
}

/// One `Process` call to one server: documents go in as messages, answers come back matched by
/// sequence number. The first fault ends the lane, and every document still pending on it comes
/// back as ``LaneResult/lost(_:)``.
final class RemoteLane: Sendable {
    let endpoint: RemoteEndpoint
    /// The most documents pending at once.
    let capacity: Int

    private struct Pending {
        var continuation: CheckedContinuation<LaneResult, Never>
        var sentAt: ContinuousClock.Instant
    }

    private struct State {
        var pending: [UInt64: Pending] = [:]
        /// Documents assigned to the lane and not yet answered (pending, or about to be sent).
        var load = 0
        var loss: LaneLoss?
        /// Set once the server accepted the call (its headers arrived).
        var accepted = false
        /// Set once a document went out on the call: a server that breaks it after that was there.
        var written = false
        /// The lane takes no more documents (``close()``), and ends once they are answered.
        var closing = false
    }

    private let state = Mutex(State())
    private let events: LaneEvents
    private let requests: AsyncStream<EncodedRequest>.Continuation
    private let call: Mutex<Task<Void, Never>?> = Mutex(nil)

    /// Opens the call at once; documents may be submitted before the server accepts it.
    init(
        endpoint: RemoteEndpoint,
        client: GRPCClient<HTTP2ClientTransport.Posix>,
        handshake: [UInt8],
        capacity: Int,
        maxFrameBytes: Int,
        events: LaneEvents
    ) {
        self.endpoint = endpoint
        self.capacity = capacity
        self.events = events
        let (stream, continuation) = AsyncStream.makeStream(of: EncodedRequest.self)
        requests = continuation
        var metadata = Metadata()
        metadata.addBinary(handshake, forKey: StageService.handshakeMetadataKey)
        var options = CallOptions.defaults
        options.waitForReady = false
        options.maxRequestMessageBytes = maxFrameBytes
        options.maxResponseMessageBytes = maxFrameBytes
        let written = Mutex(false)
        let request = StreamingClientRequest<EncodedRequest>(metadata: metadata) { writer in
            var first = true
            for await message in stream {
                try await writer.write(message)
                if first {
                    first = false
                    written.withLock { $0 = true }
                }
            }
        }
        // The call holds the lane until it ends (``close()``, ``end(_:)``, or the server).
        let task = Task { [self] in
            do {
                try await client.bidirectionalStreaming(
                    request: request,
                    descriptor: StageService.processMethod,
                    serializer: EncodedRequestSerializer(),
                    deserializer: WireDeserializer<ProcessResponse>(),
                    options: options
                ) { response in
                    let contents = try response.accepted.get()
                    self.accept()
                    for try await part in contents.bodyParts {
                        guard case .message(let response) = part else { continue }
                        if let loss = self.answer(response) {
                            self.end(loss)
                            return
                        }
                    }
                }
                end(LaneLoss(kind: .broken, message: "the server ended the stream with documents pending"))
            } catch {
                let sent = written.withLock { $0 }
                end(Self.loss(from: error, accepted: isAccepted || sent))
            }
        }
        call.withLock { $0 = task }
    }

    deinit {
        requests.finish()
        call.withLock { $0?.cancel() }
    }

    var load: Int { state.withLock { $0.load } }
    var isUsable: Bool { state.withLock { $0.loss == nil && !$0.closing && $0.load < capacity } }
    var isEnded: Bool { state.withLock { $0.loss != nil } }
    private var isAccepted: Bool { state.withLock { $0.accepted } }

    /// Counts a document as assigned before it is sent, so that the scheduler's choice holds.
    func reserve() {
        state.withLock { $0.load += 1 }
    }

    /// Sends one document (after ``reserve()``) and waits for its answer or the loss of the lane.
    /// A cancelled task stops waiting: the document comes back lost (at no cost), and a late
    /// answer is ignored.
    func send(_ request: EncodedRequest) async -> LaneResult {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let loss: LaneLoss? = state.withLock { state in
                    if let loss = state.loss { return loss }
                    state.pending[request.sequence] = Pending(continuation: continuation, sentAt: .now)
                    return nil
                }
                if let loss {
                    state.withLock { $0.load -= 1 }
                    continuation.resume(returning: .lost(loss))
                } else {
                    requests.yield(request)
                }
            }
        } onCancel: {
            let entry = state.withLock { state -> Pending? in
                guard let entry = state.pending.removeValue(forKey: request.sequence) else { return nil }
                state.load -= 1
                return entry
            }
            entry?.continuation.resume(returning: .lost(LaneLoss(kind: .shuttingDown, message: "cancelled")))
        }
    }

    /// The oldest document sent and not answered, if it has waited longer than `limit`.
    func overdue(after limit: Duration, now: ContinuousClock.Instant) -> Bool {
        state.withLock { state in
            state.loss == nil && state.pending.values.contains { now - $0.sentAt > limit }
        }
    }

    /// Ends the lane: every document pending comes back lost, with `loss`.
    func end(_ loss: LaneLoss) {
        let ending: (pending: [Pending], quiet: Bool)? = state.withLock { state in
            guard state.loss == nil else { return nil }
            state.loss = loss
            defer {
                state.load -= state.pending.count
                state.pending = [:]
            }
            // A lane closed by the stage that ends with nothing pending ended normally.
            return (Array(state.pending.values), state.closing && state.load == 0)
        }
        guard let ending else { return }
        requests.finish()
        call.withLock { $0?.cancel() }
        if !ending.quiet { events.ended(self, loss, ending.pending.count) }
        for entry in ending.pending { entry.continuation.resume(returning: .lost(loss)) }
    }

    /// Takes no more documents: the request stream ends once the pending ones are answered.
    func close() {
        let idle = state.withLock { state in
            state.closing = true
            return state.load == 0
        }
        if idle { requests.finish() }
    }

    /// Waits for the call to end (after ``close()`` or ``end(_:)``).
    func waitForEnd() async {
        await call.withLock { $0 }?.value
    }

    private func accept() {
        let first = state.withLock { state in
            defer { state.accepted = true }
            return !state.accepted
        }
        if first { events.accepted(self) }
    }

    /// Hands one answer to its document; a loss when the answer matches no document sent.
    private func answer(_ response: ProcessResponse) -> LaneLoss? {
        let (entry, finished): (Pending?, Bool) = state.withLock { state in
            guard let entry = state.pending.removeValue(forKey: response.sequence) else { return (nil, false) }
            state.load -= 1
            return (entry, state.closing && state.load == 0)
        }
        guard let entry else {
            return LaneLoss(
                kind: .protocolError,
                message: "the server answered sequence \(response.sequence), which is not a document in flight"
            )
        }
        entry.continuation.resume(returning: .answered(response))
        if finished { requests.finish() }
        return nil
    }

    /// The loss that an error of the call means.
    static func loss(from error: any Error, accepted: Bool) -> LaneLoss {
        guard let rpc = error as? RPCError else {
            if error is CancellationError {
                return LaneLoss(kind: .broken, message: "the call was cancelled")
            }
            return LaneLoss(kind: .broken, message: String(describing: error))
        }
        let message = GRPCErrorText.describe(rpc)
        if rpc.message.hasPrefix("shutting-down:") {
            return LaneLoss(kind: .shuttingDown, message: message)
        }
        let refusal = ["protocol-version:", "invalid-options:", "protocol-error:"].contains {
            rpc.message.hasPrefix($0)
        }
        if refusal, rpc.code == .failedPrecondition || rpc.code == .invalidArgument {
            return LaneLoss(kind: .refused, message: message)
        }
        switch rpc.code {
        case .unimplemented:
            return LaneLoss(kind: .refused, message: "the server does not serve depeche.v1.Stage: \(message)")
        case .unavailable where !accepted || Self.isConnectionFailure(rpc):
            // Nothing reached the server, or the connection itself failed: the innermost cause
            // says why ("Connection refused (errno: 111)").
            return LaneLoss(kind: .unreachable, message: GRPCErrorText.innermost(rpc))
        case .deadlineExceeded:
            return LaneLoss(kind: .timedOut, message: message)
        case .invalidArgument:
            return LaneLoss(kind: .protocolError, message: message)
        case .internalError where message.lowercased().contains("deserializ"):
            return LaneLoss(kind: .protocolError, message: message)
        case .resourceExhausted where !accepted:
            // The server is over a limit of its own (calls at once, a message size): not the
            // documents' fault; it is left alone for a while.
            return LaneLoss(kind: .unreachable, message: "the server is over a limit: \(message)")
        case .resourceExhausted:
            return LaneLoss(
                kind: .protocolError,
                message: "a message over a size limit (max_frame_bytes here, --max-message-bytes on the server): "
                    + message
            )
        default:
            // An error status from a server that is there (internal, unknown, ...), or a stream
            // cut: the server's fault.
            return LaneLoss(kind: .broken, message: message)
        }
    }

    /// Whether the call failed because no connection could be made (the server is not there).
    static func isConnectionFailure(_ error: RPCError) -> Bool {
        let text = GRPCErrorText.describe(error)
        return ["transient failure", "Could not establish a connection", "isn't ready", "Connection refused"]
            .contains { text.contains($0) }
    }
}

/// What a lane tells its scheduler.
struct LaneEvents: Sendable {
    /// The server accepted the call: it is up.
    var accepted: @Sendable (RemoteLane) -> Void
    /// The lane ended with a fault, `pending` documents in flight.
    var ended: @Sendable (_ lane: RemoteLane, _ loss: LaneLoss, _ pending: Int) -> Void
}

/// A `ProcessRequest` encoded once by the stage, sent as is on any lane.
struct EncodedRequest: Sendable {
    var sequence: UInt64
    var bytes: [UInt8]
}

struct EncodedRequestSerializer: MessageSerializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: EncodedRequest) throws -> Bytes {
        Bytes(message.bytes)
    }
}
