internal import CProtobufC
internal import DepecheCore
internal import DepecheProtoC

/// Builds the protobuf-c tree of a stage envelope in an arena (see ``DocumentPacker``).
struct StagePacker {
    let arena: WireArena

    func pack(_ request: StageRequest) throws -> UnsafeMutablePointer<Depeche__V1__StageRequest> {
        let message = arena.make(Depeche__V1__StageRequest.self)
        depeche__v1__stage_request__init(message)
        switch request {
        case .handshake(let handshake):
            message.pointee.payload_case = DEPECHE__V1__STAGE_REQUEST__PAYLOAD_HANDSHAKE
            message.pointee.handshake = try pack(handshake)
        case .process(let process):
            message.pointee.payload_case = DEPECHE__V1__STAGE_REQUEST__PAYLOAD_PROCESS
            message.pointee.process = try pack(process)
        }
        return message
    }

    func pack(_ response: StageResponse) throws -> UnsafeMutablePointer<Depeche__V1__StageResponse> {
        let message = arena.make(Depeche__V1__StageResponse.self)
        depeche__v1__stage_response__init(message)
        switch response {
        case .handshake(let handshake):
            message.pointee.payload_case = DEPECHE__V1__STAGE_RESPONSE__PAYLOAD_HANDSHAKE
            message.pointee.handshake = try pack(handshake)
        case .result(let result):
            message.pointee.payload_case = DEPECHE__V1__STAGE_RESPONSE__PAYLOAD_RESULT
            message.pointee.result = try pack(result)
        case .fatal(let error):
            message.pointee.payload_case = DEPECHE__V1__STAGE_RESPONSE__PAYLOAD_FATAL
            message.pointee.fatal = pack(error)
        }
        return message
    }

    func pack(_ handshake: HandshakeRequest) throws -> UnsafeMutablePointer<Depeche__V1__HandshakeRequest> {
        let message = arena.make(Depeche__V1__HandshakeRequest.self)
        depeche__v1__handshake_request__init(message)
        message.pointee.protocol_version = try wireUInt32(handshake.protocolVersion, "handshake protocolVersion")
        message.pointee.stage_name = arena.cString(handshake.stageName)
        message.pointee.options_json = arena.cString(handshake.optionsJSON)
        message.pointee.max_in_flight = try wireUInt32(handshake.maxInFlight, "handshake maxInFlight")
        guard let maxFrameBytes = UInt64(exactly: handshake.maxFrameBytes) else {
            throw WireError.outOfRange("handshake maxFrameBytes", handshake.maxFrameBytes, limit: UInt64.max)
        }
        message.pointee.max_frame_bytes = maxFrameBytes
        message.pointee.reference_date = arena.cString(handshake.referenceDate)
        return message
    }

    func pack(_ handshake: HandshakeResponse) throws -> UnsafeMutablePointer<Depeche__V1__HandshakeResponse> {
        let message = arena.make(Depeche__V1__HandshakeResponse.self)
        depeche__v1__handshake_response__init(message)
        message.pointee.stage_name = arena.cString(handshake.stageName)
        message.pointee.stage_version = arena.cString(handshake.stageVersion)
        message.pointee.protocol_version = try wireUInt32(handshake.protocolVersion, "handshake protocolVersion")
        message.pointee.n_capabilities = handshake.capabilities.count
        message.pointee.capabilities = arena.array(
            of: UnsafeMutablePointer<CChar>?.self,
            count: handshake.capabilities.count
        ) { arena.cString(handshake.capabilities[$0]) }
        return message
    }

    func pack(_ process: ProcessRequest) throws -> UnsafeMutablePointer<Depeche__V1__ProcessRequest> {
        let message = arena.make(Depeche__V1__ProcessRequest.self)
        depeche__v1__process_request__init(message)
        message.pointee.sequence = process.sequence
        message.pointee.document = try DocumentPacker(arena: arena).pack(process.document)
        return message
    }

    func pack(_ result: ProcessResponse) throws -> UnsafeMutablePointer<Depeche__V1__ProcessResponse> {
        let message = arena.make(Depeche__V1__ProcessResponse.self)
        depeche__v1__process_response__init(message)
        message.pointee.sequence = result.sequence
        let documents = DocumentPacker(arena: arena)
        message.pointee.n_documents = result.documents.count
        message.pointee.documents = try arena.array(
            of: UnsafeMutablePointer<Depeche__V1__Document>?.self,
            count: result.documents.count
        ) { try documents.pack(result.documents[$0]) }
        message.pointee.error = result.error.map(pack)
        return message
    }

    private func pack(_ error: StageErrorMessage) -> UnsafeMutablePointer<Depeche__V1__StageError> {
        let message = arena.make(Depeche__V1__StageError.self)
        depeche__v1__stage_error__init(message)
        message.pointee.code = arena.cString(error.code)
        message.pointee.message = arena.cString(error.message)
        return message
    }
}

/// Copies an unpacked protobuf-c stage envelope into Swift values (borrowed, see ``DocumentUnpacker``).
enum StageUnpacker {
    static func request(_ message: Depeche__V1__StageRequest) throws -> StageRequest {
        switch message.payload_case {
        case DEPECHE__V1__STAGE_REQUEST__PAYLOAD_HANDSHAKE:
            if let handshake = message.handshake { return .handshake(handshakeRequest(handshake.pointee)) }
        case DEPECHE__V1__STAGE_REQUEST__PAYLOAD_PROCESS:
            if let process = message.process { return .process(processRequest(process.pointee)) }
        default:
            break
        }
        throw WireError(
            code: .missingPayload,
            message: "the StageRequest has no payload this version knows (expected handshake or process; "
                + "is the runner newer than the stage?)"
        )
    }

    static func response(_ message: Depeche__V1__StageResponse) throws -> StageResponse {
        switch message.payload_case {
        case DEPECHE__V1__STAGE_RESPONSE__PAYLOAD_HANDSHAKE:
            if let handshake = message.handshake { return .handshake(handshakeResponse(handshake.pointee)) }
        case DEPECHE__V1__STAGE_RESPONSE__PAYLOAD_RESULT:
            if let result = message.result { return .result(processResponse(result.pointee)) }
        case DEPECHE__V1__STAGE_RESPONSE__PAYLOAD_FATAL:
            if let fatal = message.fatal { return .fatal(stageError(fatal.pointee)) }
        default:
            break
        }
        throw WireError(
            code: .missingPayload,
            message: "the StageResponse has no payload this version knows (expected handshake, result or fatal; "
                + "is the stage newer than the runner?)"
        )
    }

    static func handshakeRequest(_ message: Depeche__V1__HandshakeRequest) -> HandshakeRequest {
        HandshakeRequest(
            protocolVersion: Int(message.protocol_version),
            stageName: String(wireField: message.stage_name),
            optionsJSON: String(wireField: message.options_json),
            maxInFlight: Int(message.max_in_flight),
            maxFrameBytes: Int(clamping: message.max_frame_bytes),
            referenceDate: String(wireField: message.reference_date)
        )
    }

    static func handshakeResponse(_ message: Depeche__V1__HandshakeResponse) -> HandshakeResponse {
        HandshakeResponse(
            stageName: String(wireField: message.stage_name),
            stageVersion: String(wireField: message.stage_version),
            protocolVersion: Int(message.protocol_version),
            capabilities: wireStrings(message.n_capabilities, message.capabilities)
        )
    }

    static func processRequest(_ message: Depeche__V1__ProcessRequest) -> ProcessRequest {
        ProcessRequest(
            sequence: message.sequence,
            document: message.document.map { DocumentUnpacker.document($0.pointee) } ?? .init(id: "")
        )
    }

    static func processResponse(_ message: Depeche__V1__ProcessResponse) -> ProcessResponse {
        ProcessResponse(
            sequence: message.sequence,
            documents: wireMessages(message.n_documents, message.documents, DocumentUnpacker.document),
            error: message.error.map { stageError($0.pointee) }
        )
    }

    private static func stageError(_ message: Depeche__V1__StageError) -> StageErrorMessage {
        StageErrorMessage(code: String(wireField: message.code), message: String(wireField: message.message))
    }
}
