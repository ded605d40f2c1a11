public import DepecheCore
public import DepecheWire
import Foundation
public import Logging

/// The server side of the stage protocol (version 1, `docs/stages.md`): runs a ``Stage`` behind
/// stdin and stdout, as a child process of the runner.
///
/// The server reads `StageRequest` frames from stdin and writes `StageResponse` frames to stdout:
/// 1. The first frame is the handshake. The server checks the protocol version, builds the
///    stage from the options, and answers with the stage's name, version and capabilities
///    (`concurrent` unless the stage's ``Stage/maximumConcurrency`` is 1).
/// 2. Each process request runs as a task of its own, up to the handshake's `max_in_flight` at
///    once (and the stage's ``Stage/maximumConcurrency``); each response is written as soon as
///    it is ready. A ``StageFailure`` thrown by the stage becomes the response's `error`.
/// 3. When the runner closes stdin, the server finishes the requests in flight, writes their
///    responses and returns 0.
///
/// It returns 2 after answering `fatal` when the runner asks for another protocol version
/// (`protocol-version`) or the stage refuses its options (`invalid-options`), and 3 after
/// answering `fatal` (`protocol-error`) for a frame that does not parse, a frame over
/// `max_frame_bytes`, a stream cut inside a frame, a second handshake, or a process request
/// before the handshake. A program passes the status to `exit`.
///
/// Only frames ever reach the real stdout: the server first moves the frame streams to private
/// descriptors and points fd 1 at stderr (and fd 0 at `/dev/null`), so `print` in stage code
/// writes to the log, which the runner forwards prefixed with the stage's name. Run one server
/// per process.
public enum StageServer {
    /// The protocol version this server speaks.
    public static let protocolVersion = 1
    /// The capability announced by a stage that may work on several requests at once and answer
    /// them out of order.
    public static let concurrentCapability = "concurrent"
    /// `max_in_flight` when the handshake leaves it at 0.
    public static let defaultMaximumInFlight = 16

    /// Exit statuses of a stage process.
    public enum ExitStatus {
        /// The runner closed the stream and every request was answered.
        public static let success: Int32 = 0
        /// The stage cannot start: another protocol version, or options it does not accept.
        public static let refused: Int32 = 2
        /// The request stream broke the protocol, or the response stream could not be written.
        public static let protocolError: Int32 = 3
    }

    static let invalidOptionsCode = "invalid-options"
    static let protocolVersionCode = "protocol-version"
    static let protocolErrorCode = "protocol-error"

    /// Serves `stage`, which takes no options: a handshake with options is refused with
    /// `invalid-options`. Returns the process's exit status.
    ///
    /// - Parameters:
    ///   - referenceDate: the run's reference date (ISO day) for the stage's ``StageContext``.
    ///   - logger: where the server and the stage log; it must write to stderr.
    public static func run(stage: any Stage, referenceDate: String? = nil, logger: Logger) async -> Int32 {
        await run(referenceDate: referenceDate, logger: logger) { handshake in
            let options = try StageProgramOptions(json: handshake.optionsJSON)
            guard options.names.isEmpty else {
                throw StageFailure(
                    code: invalidOptionsCode,
                    message: "unknown option\(options.names.count == 1 ? "" : "s") "
                        + options.names.map { "'\($0)'" }.joined(separator: ", ") + "; the stage takes no options"
                )
            }
            return stage
        }
    }

    /// Serves the stage that `makeStage` builds from the handshake (its `options_json` above all).
    /// An error thrown by `makeStage` refuses the handshake with `invalid-options` and the error's
    /// message. Returns the process's exit status.
    ///
    /// - Parameters:
    ///   - referenceDate: the run's reference date (ISO day) for the stage's ``StageContext``.
    ///   - logger: where the server and the stage log; it must write to stderr.
    public static func run(
        referenceDate: String? = nil,
        logger: Logger,
        makeStage: (HandshakeRequest) throws -> any Stage
    ) async -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let streams = StandardStreams.takeFrameStreams()
        return await serve(
            input: streams.input,
            output: streams.output,
            referenceDate: referenceDate,
            logger: logger,
            makeStage: makeStage
        )
    }

    /// The protocol loop on two descriptors.
    static func serve(
        input: Int32,
        output: Int32,
        referenceDate: String?,
        logger: Logger,
        makeStage: (HandshakeRequest) throws -> any Stage
    ) async -> Int32 {
        let writer = FrameWriter(fd: output)
        var session: Session?
        var status = ExitStatus.success
        /// Answers `fatal`, after which nothing else is written.
        func stop(_ status: Int32, _ code: String, _ message: String) -> Int32 {
            logger.error("\(message)", metadata: ["code": "\(code)"])
            writer.seal(with: frame(.fatal(StageErrorMessage(code: code, message: message))))
            return status
        }
        loop: for await event in FrameReader.start(fd: input) {
            switch event {
            case .request(.handshake(let handshake)):
                guard session == nil else {
                    status = stop(ExitStatus.protocolError, protocolErrorCode, "a second handshake arrived")
                    break loop
                }
                switch Session.open(handshake, referenceDate: referenceDate, logger: logger, makeStage: makeStage) {
                case .success(let opened):
                    session = opened
                    writer.enqueue(frame(.handshake(opened.handshake)))
                case .failure(let refusal):
                    status = stop(ExitStatus.refused, refusal.code, refusal.message)
                    break loop
                }
            case .request(.process(let request)):
                guard let session else {
                    status = stop(
                        ExitStatus.protocolError,
                        protocolErrorCode,
                        "a process request (sequence \(request.sequence)) arrived before the handshake"
                    )
                    break loop
                }
                await session.slots.acquire()
                Task {
                    writer.enqueue(await session.respond(to: request))
                    session.slots.release()
                }
            case .end:
                await session?.slots.waitForAll()
                break loop
            case .broken(let message):
                status = stop(ExitStatus.protocolError, protocolErrorCode, message)
                break loop
            }
        }
        if let failure = await writer.close() {
            logger.error("cannot write the response stream: \(String(cString: strerror(failure)))")
            return ExitStatus.protocolError
        }
        return status
    }

    /// The handshake's `max_frame_bytes`, or the default when it is 0 (unset).
    static func maximumFrameBytes(_ handshake: HandshakeRequest) -> Int {
        handshake.maxFrameBytes > 0 ? handshake.maxFrameBytes : FrameDecoder.defaultMaximumFrameSize
    }

    /// `response` as one frame. Encoding a handshake or a fatal error cannot fail (no offsets).
    static func frame(_ response: StageResponse) -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            try WireCodec.appendFrame(response, to: &bytes)
        } catch {
            preconditionFailure("a response without documents failed to encode: \(error)")
        }
        return bytes
    }
}
