public import DepecheCore
public import DepecheWire
public import GRPCCore
public import Logging
import Synchronization

/// The stage protocol as the gRPC service `depeche.v1.Stage` (`proto/depeche/v1/stage.proto`),
/// for any gRPC transport: the same messages and the same semantics as ``StageServer``'s frames
/// over stdin and stdout.
///
/// - `Handshake` (unary) checks the protocol version and builds the stage from the options; a
///   refusal is an `RPCError` whose message starts with the stage protocol's code
///   (`protocol-version: ...`, `invalid-options: ...`): `failedPrecondition` and `invalidArgument`.
/// - `Process` (a stream each way) carries its handshake in the binary metadata
///   ``handshakeMetadataKey``, so that every stream stands alone and any server behind a load
///   balancer can take it. Documents are processed up to the handshake's `max_in_flight` at once
///   and answered as soon as each is done, out of order, matched by sequence number. The stage is
///   built once per distinct handshake and shared by the streams that carry it.
public struct StageService: RegistrableRPCService {
    /// The binary metadata key of a `Process` call's handshake (a packed `HandshakeRequest`).
    public static let handshakeMetadataKey = "depeche-handshake-bin"
    public static let serviceName = "depeche.v1.Stage"
    public static let handshakeMethod = MethodDescriptor(fullyQualifiedService: serviceName, method: "Handshake")
    public static let processMethod = MethodDescriptor(fullyQualifiedService: serviceName, method: "Process")
    /// Stages kept built, one per distinct handshake (options).
    public static let maximumSessions = 16

    private let referenceDate: String?
    private let logger: Logger
    private let makeStage: @Sendable (HandshakeRequest) throws -> any Stage
    private let sessions = Sessions()
    private let shutdown = ShutdownSignal()
    private let abandonment = ShutdownSignal()

    /// Serves the stage that `makeStage` builds from a handshake (its `options_json` above all);
    /// an error thrown by `makeStage` refuses the handshake with `invalid-options`.
    public init(
        referenceDate: String? = nil,
        logger: Logger,
        makeStage: @escaping @Sendable (HandshakeRequest) throws -> any Stage
    ) {
        self.referenceDate = referenceDate
        self.logger = logger
        self.makeStage = makeStage
    }

    public func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: Self.handshakeMethod,
            deserializer: WireDeserializer<HandshakeRequest>(),
            serializer: WireSerializer<HandshakeResponse>()
        ) { request, _ in
            let handshake = try await ServerRequest(stream: request).message
            let session = try session(for: handshake)
            return StreamingServerResponse(single: ServerResponse(message: session.handshake))
        }
        router.registerHandler(
            forMethod: Self.processMethod,
            deserializer: WireDeserializer<ProcessRequest>(),
            serializer: EncodedMessageSerializer()
        ) { request, _ in
            guard let bytes = request.metadata[binaryValues: Self.handshakeMetadataKey].first(where: { _ in true })
            else {
                throw RPCError(
                    code: .failedPrecondition,
                    message: "\(StageServer.protocolErrorCode): a Process call carries its handshake in the "
                        + "'\(Self.handshakeMetadataKey)' metadata (a packed depeche.v1.HandshakeRequest)"
                )
            }
            let handshake: HandshakeRequest
            do {
                handshake = try WireCodec.decode(bytes, as: HandshakeRequest.self)
            } catch {
                throw RPCError(
                    code: .invalidArgument,
                    message: "\(StageServer.protocolErrorCode): the '\(Self.handshakeMetadataKey)' metadata is not a "
                        + "depeche.v1.HandshakeRequest"
                )
            }
            if shutdown.hasBegun { throw ShutdownSignal.error }
            let session = try session(for: handshake)
            return StreamingServerResponse { [shutdown, abandonment] writer in
                // gRPC reports a call the runner gave up (a timeout, a closed connection) through
                // its cancellation handler, not by cancelling this task: the documents of the
                // stream are then cancelled. A graceful shutdown also cancels the calls; the
                // documents in flight are finished then (see beginShutdown()).
                let work = Task {
                    try await Self.process(request.messages, with: session, shutdown: shutdown, writer: writer)
                }
                // Past the shutdown's grace, the documents still running are given up.
                let abandon = abandonment.register { work.cancel() }
                defer { abandonment.unregister(abandon) }
                do {
                    try await withTaskCancellationHandler {
                        try await withRPCCancellationHandler {
                            try await work.value
                        } onCancelRPC: {
                            if !shutdown.hasBegun { work.cancel() }
                        }
                    } onCancel: {
                        work.cancel()
                    }
                } catch  where abandonment.hasBegun {
                    throw ShutdownSignal.error
                }
                return [:]
            }
        }
    }

    /// The session of `handshake`, opened on first use.
    private func session(for handshake: HandshakeRequest) throws -> StageServer.Session {
        try sessions.session(for: handshake) {
            switch StageServer.Session.open(
                handshake,
                referenceDate: referenceDate,
                logger: logger,
                makeStage: makeStage
            ) {
            case .success(let session): return session
            case .failure(let refusal):
                logger.error("\(refusal.message)", metadata: ["code": "\(refusal.code)"])
                throw RPCError(
                    code: refusal.code == StageServer.protocolVersionCode ? .failedPrecondition : .invalidArgument,
                    message: "\(refusal.code): \(refusal.message)"
                )
            }
        }
    }

    /// Stops taking documents: every open `Process` stream stops reading requests, finishes the
    /// documents it has started, writes their answers and ends with `UNAVAILABLE`
    /// (`shutting-down: ...`), and new calls are refused the same way. A runner sends the
    /// documents it had not got answers for to another server. Used by a graceful shutdown.
    public func beginShutdown() {
        shutdown.begin()
    }

    /// Ends a shutdown that has lasted long enough: the documents still running are cancelled
    /// and not answered, and their streams end with `UNAVAILABLE` (`shutting-down: ...`) at once,
    /// so that the runners send them elsewhere at no cost.
    public func abandonShutdown() {
        shutdown.begin()
        abandonment.begin()
    }

    /// Reads the requests of one stream, runs each as a task of its own (up to the handshake's
    /// `max_in_flight` for this stream, and the stage's own limit across streams), and writes each
    /// response as soon as it is ready, from one writer task.
    private static func process(
        _ requests: RPCAsyncSequence<ProcessRequest, any Error>,
        with session: StageServer.Session,
        shutdown: ShutdownSignal,
        writer: RPCWriter<EncodedMessage>
    ) async throws {
        // Streams of one session each have their slots: only this stream's reader waits on them.
        let slots = RequestSlots(limit: session.slots.limit)
        let (responses, continuation) = AsyncStream.makeStream(of: EncodedMessage.self)
        // The requests and the shutdown, as one sequence of events: a shutdown stops the reading
        // at once, without waiting for the next request.
        let (events, eventSink) = AsyncStream.makeStream(of: StreamEvent.self)
        let reader = Task {
            do {
                for try await request in requests {
                    // Read no further than `max_in_flight` ahead: HTTP/2 flow control holds the rest.
                    await slots.acquire()
                    eventSink.yield(.request(request))
                }
                eventSink.yield(.end)
            } catch {
                eventSink.yield(.failed(error))
            }
        }
        let registration = shutdown.register { eventSink.yield(.shutdown) }
        defer {
            shutdown.unregister(registration)
            reader.cancel()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await response in responses { try await writer.write(response) }
            }
            var ending: StreamEvent = .end
            await withDiscardingTaskGroup { work in
                for await event in events {
                    guard case .request(let request) = event else {
                        ending = event
                        break
                    }
                    work.addTask {
                        await session.stageSlots?.acquire()
                        // Encoded here, with the same checks as a frame: a document whose
                        // answer cannot be sent costs that document, not the stream.
                        let response = EncodedMessage(bytes: await session.encodedResult(for: request))
                        session.stageSlots?.release()
                        // A document cancelled (the call given up, or a shutdown past its grace)
                        // gets no answer: the runner sends it again elsewhere.
                        if !Task.isCancelled { continuation.yield(response) }
                        slots.release()
                    }
                }
            }
            // Every document started has been answered (queued for the writer).
            continuation.finish()
            try await group.waitForAll()
            if Task.isCancelled, shutdown.hasBegun { throw ShutdownSignal.error }
            switch ending {
            case .failed(let error): throw error
            case .shutdown: throw ShutdownSignal.error
            case .request, .end: break
            }
        }
    }

    private enum StreamEvent: Sendable {
        case request(ProcessRequest)
        case end
        case failed(any Error)
        case shutdown
    }

    /// Sessions by handshake: a stage is built once per distinct handshake. At most
    /// ``StageService/maximumSessions`` are kept, the oldest dropped first (the streams using it
    /// keep it), so that clients sending ever new options cannot fill the memory with stages.
    private final class Sessions: Sendable {
        private struct State {
            var sessions: [HandshakeRequest: StageServer.Session] = [:]
            var order: [HandshakeRequest] = []
        }
        private let state = Mutex(State())

        func session(
            for handshake: HandshakeRequest,
            open: () throws -> StageServer.Session
        ) throws -> StageServer.Session {
            if let session = state.withLock({ $0.sessions[handshake] }) { return session }
            let session = try open()
            return state.withLock { state in
                if let existing = state.sessions[handshake] { return existing }
                state.sessions[handshake] = session
                state.order.append(handshake)
                if state.order.count > StageService.maximumSessions {
                    state.sessions[state.order.removeFirst()] = nil
                }
                return session
            }
        }
    }
}

/// The shutdown of a ``StageService``: callbacks of the open streams, called once.
final class ShutdownSignal: Sendable {
    /// How a stream or a call ends once the server shuts down.
    static let error = RPCError(
        code: .unavailable,
        message: "shutting-down: the server is shutting down; send the documents not answered to another server"
    )

    private struct State {
        var begun = false
        var next = 0
        var callbacks: [Int: @Sendable () -> Void] = [:]
    }
    private let state = Mutex(State())

    var hasBegun: Bool { state.withLock { $0.begun } }

    /// Registers `callback`, or calls it at once when the shutdown has begun.
    func register(_ callback: @escaping @Sendable () -> Void) -> Int {
        let token: Int? = state.withLock { state in
            guard !state.begun else { return nil }
            state.next += 1
            state.callbacks[state.next] = callback
            return state.next
        }
        guard let token else {
            callback()
            return 0
        }
        return token
    }

    func unregister(_ token: Int) {
        _ = state.withLock { $0.callbacks.removeValue(forKey: token) }
    }

    func begin() {
        let callbacks = state.withLock { state in
            state.begun = true
            defer { state.callbacks = [:] }
            return Array(state.callbacks.values)
        }
        for callback in callbacks { callback() }
    }
}

/// A message already encoded (a `ProcessResponse` checked against the runner's limit).
struct EncodedMessage: Sendable {
    var bytes: [UInt8]
}

struct EncodedMessageSerializer: MessageSerializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: EncodedMessage) throws -> Bytes {
        Bytes(message.bytes)
    }
}

/// A message of the stage protocol packed and unpacked by protobuf-c (no swift-protobuf).
public protocol WireMessage: Sendable {
    static func decode(wire bytes: [UInt8]) throws -> Self
    func encodedForWire() throws -> [UInt8]
}

extension HandshakeRequest: WireMessage {
    public static func decode(wire bytes: [UInt8]) throws -> Self { try WireCodec.decode(bytes, as: Self.self) }
    public func encodedForWire() throws -> [UInt8] { try WireCodec.encode(self) }
}

extension HandshakeResponse: WireMessage {
    public static func decode(wire bytes: [UInt8]) throws -> Self { try WireCodec.decode(bytes, as: Self.self) }
    public func encodedForWire() throws -> [UInt8] { try WireCodec.encode(self) }
}

extension ProcessRequest: WireMessage {
    public static func decode(wire bytes: [UInt8]) throws -> Self { try WireCodec.decode(bytes, as: Self.self) }
    public func encodedForWire() throws -> [UInt8] { try WireCodec.encode(self) }
}

extension ProcessResponse: WireMessage {
    public static func decode(wire bytes: [UInt8]) throws -> Self { try WireCodec.decode(bytes, as: Self.self) }
    public func encodedForWire() throws -> [UInt8] { try WireCodec.encode(self) }
}

/// gRPC's serializer for a ``WireMessage``: a message that cannot be encoded (an offset out of
/// range) is an `internalError` naming what is wrong.
public struct WireSerializer<Message: WireMessage>: MessageSerializer {
    public init() {}

    public func serialize<Bytes: GRPCContiguousBytes>(_ message: Message) throws -> Bytes {
        do {
            return Bytes(try message.encodedForWire())
        } catch {
            throw RPCError(code: .internalError, message: (error as? WireError)?.message ?? "\(error)")
        }
    }
}

/// gRPC's deserializer for a ``WireMessage``: bytes that do not decode are an `invalidArgument`.
public struct WireDeserializer<Message: WireMessage>: MessageDeserializer {
    public init() {}

    public func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> Message {
        do {
            return try Message.decode(wire: serializedMessageBytes.withUnsafeBytes { Array($0) })
        } catch {
            throw RPCError(code: .invalidArgument, message: (error as? WireError)?.message ?? "\(error)")
        }
    }
}
