public import DepecheCore

/// One frame from the runner to a stage process (`depeche.v1.StageRequest`).
public enum StageRequest: Sendable, Hashable {
    /// The first frame: who the stage is and what the runner will enforce.
    case handshake(HandshakeRequest)
    /// One document to process.
    case process(ProcessRequest)
}

/// The runner's first message to a stage process (`depeche.v1.HandshakeRequest`).
public struct HandshakeRequest: Sendable, Hashable {
    /// `uint32` on the wire: encoding throws for a value outside `0...UInt32.max`.
    public var protocolVersion: Int
    /// The stage name as written in the configuration.
    public var stageName: String
    /// The stage's options from the configuration, as a JSON object.
    public var optionsJSON: String
    /// The most requests the runner sends before it waits for a response.
    /// `uint32` on the wire: encoding throws for a value outside `0...UInt32.max`.
    public var maxInFlight: Int
    /// The largest frame the runner accepts. `uint64` on the wire: encoding throws for a
    /// negative value; decoding clamps a value over `Int.max` to `Int.max`.
    public var maxFrameBytes: Int
    /// The run's reference date (ISO day); empty when the run has none.
    public var referenceDate: String

    public init(
        protocolVersion: Int,
        stageName: String,
        optionsJSON: String,
        maxInFlight: Int,
        maxFrameBytes: Int,
        referenceDate: String = ""
    ) {
        self.protocolVersion = protocolVersion
        self.stageName = stageName
        self.optionsJSON = optionsJSON
        self.maxInFlight = maxInFlight
        self.maxFrameBytes = maxFrameBytes
        self.referenceDate = referenceDate
    }
}

/// One document for a stage process (`depeche.v1.ProcessRequest`).
public struct ProcessRequest: Sendable, Hashable {
    /// Chosen by the runner; the stage echoes it in the matching ``ProcessResponse``.
    public var sequence: UInt64
    /// A request whose document field is absent on the wire decodes with `Document(id: "")`,
    /// as protobuf's default for an unset message.
    public var document: Document

    public init(sequence: UInt64, document: Document) {
        self.sequence = sequence
        self.document = document
    }
}
