import DepecheCore
import DepecheWire
import Logging
import Synchronization

extension StageServer {
    /// The state after a successful handshake: the stage and the limits it runs under.
    struct Session: Sendable {
        /// Why a handshake was refused: the `fatal` response's code and message.
        struct Refusal: Error {
            var code: String
            var message: String
        }

        let stage: any Stage
        let context: StageContext
        let handshake: HandshakeResponse
        let slots: RequestSlots
        /// The stage's own limit (``Stage/maximumConcurrency``), shared by every gRPC stream that
        /// uses this session; `nil` when the stage has none.
        let stageSlots: SharedSlots?
        /// The largest response payload the runner accepts.
        let maximumFrameBytes: Int

        /// Checks the handshake and builds the stage.
        static func open(
            _ request: HandshakeRequest,
            referenceDate: String?,
            logger: Logger,
            makeStage: (HandshakeRequest) throws -> any Stage
        ) -> Result<Session, Refusal> {
            guard request.protocolVersion == StageServer.protocolVersion else {
                return .failure(
                    Refusal(
                        code: StageServer.protocolVersionCode,
                        message: "stage '\(request.stageName)' speaks protocol version \(StageServer.protocolVersion), "
                            + "the runner speaks version \(request.protocolVersion)"
                    )
                )
            }
            // The run's reference date comes with the handshake over gRPC; a child also gets it
            // on its command line.
            var referenceDate = referenceDate
            if !request.referenceDate.isEmpty {
                guard let day = ISODay(request.referenceDate) else {
                    return .failure(
                        Refusal(
                            code: StageServer.invalidOptionsCode,
                            message: "the handshake's reference_date must be a date like 2025-09-04, found "
                                + "'\(request.referenceDate)'"
                        )
                    )
                }
                referenceDate = day.description
            }
            let stage: any Stage
            do {
                stage = try makeStage(request)
            } catch {
                let failure = error as? StageFailure
                let message = failure?.message ?? String(describing: error)
                // The option checks of this library say what is wrong with which option; other errors
                // come from the stage's own set-up.
                let context =
                    failure?.code == StageServer.invalidOptionsCode ? "" : " cannot start with these options"
                return .failure(
                    Refusal(
                        code: StageServer.invalidOptionsCode,
                        message: "stage '\(request.stageName)'\(context): \(message)"
                    )
                )
            }
            let inFlight = request.maxInFlight > 0 ? request.maxInFlight : StageServer.defaultMaximumInFlight
            let concurrent = stage.maximumConcurrency.map { $0 > 1 } ?? true
            let session = Session(
                stage: stage,
                context: StageContext(stageName: stage.name, referenceDate: referenceDate, logger: logger),
                handshake: HandshakeResponse(
                    stageName: stage.name,
                    stageVersion: stage.version,
                    protocolVersion: StageServer.protocolVersion,
                    capabilities: concurrent ? [StageServer.concurrentCapability] : []
                ),
                slots: RequestSlots(limit: max(1, min(inFlight, stage.maximumConcurrency ?? inFlight))),
                stageSlots: stage.maximumConcurrency.map { SharedSlots(limit: max(1, $0)) },
                maximumFrameBytes: StageServer.maximumFrameBytes(request)
            )
            logger.debug(
                "handshake",
                metadata: [
                    "stage": "\(stage.name)", "version": "\(stage.version)",
                    "in_flight": "\(session.slots.limit)", "max_frame_bytes": "\(session.maximumFrameBytes)",
                ]
            )
            return .success(session)
        }

        /// Runs the stage on one document; the response, framed.
        func respond(to request: ProcessRequest) async -> [UInt8] {
            encode(await result(for: request), document: request.document.id)
        }

        /// Runs the stage on one document: its documents, or the error of the request.
        func result(for request: ProcessRequest) async -> ProcessResponse {
            let output = Output()
            let emitter = DocumentEmitter(
                send: { output.append($0) },
                fail: { id, _, failure in
                    output.fail(id, failure)
                    context.logger.warning(
                        "item failed",
                        metadata: ["document": "\(id)", "code": "\(failure.code)", "message": "\(failure.message)"]
                    )
                }
            )
            var response = ProcessResponse(sequence: request.sequence)
            do {
                try await stage.process(request.document, context: context, emit: emitter)
                let (documents, failures) = output.take()
                if documents.isEmpty, let first = failures.first {
                    // Nothing came out and something failed: the protocol carries one error per request.
                    let others = failures.count > 1 ? " (and \(failures.count - 1) more item failures)" : ""
                    response.error = StageErrorMessage(
                        code: first.failure.code,
                        message: first.failure.message + others
                    )
                } else {
                    response.documents = documents
                }
            } catch let failure as StageFailure {
                response.error = StageErrorMessage(failure)
            } catch {
                response.error = StageErrorMessage(code: "stage-error", message: String(describing: error))
            }
            return response
        }

        /// Runs the stage on one document; the response as one gRPC message (no frame), checked
        /// as ``respond(to:)`` checks a frame.
        func encodedResult(for request: ProcessRequest) async -> [UInt8] {
            encode(await result(for: request), document: request.document.id, framed: false)
        }

        /// The response, framed or not; an error response instead when the documents cannot be
        /// encoded (`invalid-output`) or the message would exceed the runner's limit (`too-large`).
        private func encode(_ response: ProcessResponse, document id: String, framed: Bool = true) -> [UInt8] {
            var bytes: [UInt8] = []
            do {
                if framed {
                    try WireCodec.appendFrame(.result(response), to: &bytes)
                } else {
                    bytes = try WireCodec.encode(response)
                }
            } catch {
                let message = (error as? WireError)?.message ?? String(describing: error)
                return failure(response.sequence, "invalid-output", "the stage's output: \(message)", framed: framed)
            }
            let payload = framed ? Self.payloadCount(ofFrame: bytes) : bytes.count
            guard payload <= maximumFrameBytes else {
                let message =
                    "the response for document '\(id)' is \(payload) bytes, over the runner's limit of "
                    + "\(maximumFrameBytes) bytes (max_frame_bytes)"
                return failure(response.sequence, "too-large", message, framed: framed)
            }
            return bytes
        }

        /// An error response, framed or not. Encoding it cannot fail (no documents, no offsets).
        private func failure(_ sequence: UInt64, _ code: String, _ message: String, framed: Bool) -> [UInt8] {
            let response = ProcessResponse(sequence: sequence, error: StageErrorMessage(code: code, message: message))
            guard !framed else { return StageServer.frame(.result(response)) }
            do {
                return try WireCodec.encode(response)
            } catch {
                preconditionFailure("a response without documents failed to encode: \(error)")
            }
        }

        /// The payload size of one frame: its length minus the varint prefix.
        static func payloadCount(ofFrame frame: [UInt8]) -> Int {
            let prefix = (frame.firstIndex { $0 & 0x80 == 0 } ?? frame.count - 1) + 1
            return frame.count - prefix
        }
    }
}

/// What a stage emitted for one request; emits may come from several tasks of the stage.
private final class Output: Sendable {
    private let state = Mutex<(documents: [Document], failures: [(id: String, failure: StageFailure)])>(([], []))

    func append(_ document: Document) {
        state.withLock { $0.documents.append(document) }
    }

    func fail(_ id: String, _ failure: StageFailure) {
        state.withLock { $0.failures.append((id, failure)) }
    }

    func take() -> (documents: [Document], failures: [(id: String, failure: StageFailure)]) {
        state.withLock { state in
            defer { state = ([], []) }
            return state
        }
    }
}
