public import DepecheCore

/// One frame from a stage process to the runner (`depeche.v1.StageResponse`).
public enum StageResponse: Sendable, Hashable {
    /// The answer to the handshake.
    case handshake(HandshakeResponse)
    /// The result for one ``ProcessRequest``.
    case result(ProcessResponse)
    /// The stage cannot go on at all (bad options, version mismatch).
    case fatal(StageErrorMessage)
}

/// A stage process's answer to the handshake (`depeche.v1.HandshakeResponse`).
public struct HandshakeResponse: Sendable, Hashable {
    public var stageName: String
    public var stageVersion: String
    /// `uint32` on the wire: encoding throws for a value outside `0...UInt32.max`.
    public var protocolVersion: Int
    public var capabilities: [String]

    public init(stageName: String, stageVersion: String, protocolVersion: Int, capabilities: [String] = []) {
        self.stageName = stageName
        self.stageVersion = stageVersion
        self.protocolVersion = protocolVersion
        self.capabilities = capabilities
    }
}

/// The result for one document (`depeche.v1.ProcessResponse`).
public struct ProcessResponse: Sendable, Hashable {
    /// The ``ProcessRequest/sequence`` this answers.
    public var sequence: UInt64
    /// Zero (a filter dropped it), one or many documents (a feed expanded).
    public var documents: [Document]
    /// Set when the stage failed on this document; ``documents`` is then ignored.
    public var error: StageErrorMessage?

    public init(sequence: UInt64, documents: [Document] = [], error: StageErrorMessage? = nil) {
        self.sequence = sequence
        self.documents = documents
        self.error = error
    }
}

/// A stage's error on the wire (`depeche.v1.StageError`): a failed document inside a
/// ``ProcessResponse``, or a ``StageResponse/fatal(_:)`` error.
public struct StageErrorMessage: Sendable, Hashable {
    /// Stable machine-readable code (`invalid-input`, `timeout`, ...).
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// The wire form of a stage's failure.
    public init(_ failure: StageFailure) {
        self.init(code: failure.code, message: failure.message)
    }

    /// The failure to record for the document.
    public var failure: StageFailure {
        StageFailure(code: code, message: message)
    }
}
