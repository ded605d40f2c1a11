/// An error of the wire format: bytes that are not a valid message or frame, or a Swift value
/// that the wire cannot carry.
///
/// `code` is stable and machine-readable; `message` says what was wrong, with the sizes and
/// limits involved, and never contains document text.
public struct WireError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, extensible error code.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String

        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The bytes are not a valid protobuf encoding of the expected message (garbage,
        /// truncated, or a field with the wrong wire type).
        public static let malformedMessage = Code(rawValue: "malformed-message")
        /// An envelope (`StageRequest`, `StageResponse`) carries no payload this version knows.
        public static let missingPayload = Code(rawValue: "missing-payload")
        /// A Swift value does not fit its wire field (a negative offset, an offset past `UInt32.max`).
        public static let valueOutOfRange = Code(rawValue: "value-out-of-range")
        /// A frame's length prefix announces more bytes than the decoder accepts.
        public static let frameTooLarge = Code(rawValue: "frame-too-large")
        /// A frame's length prefix is not a valid varint (more than 10 bytes, or over 64 bits).
        public static let malformedLengthPrefix = Code(rawValue: "malformed-length-prefix")
        /// The stream ended inside a frame.
        public static let truncatedFrame = Code(rawValue: "truncated-frame")

        public var description: String { rawValue }
    }

    public var code: Code
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

extension WireError {
    static func malformed(_ messageName: String, byteCount: Int) -> WireError {
        WireError(
            code: .malformedMessage,
            message: "cannot decode \(messageName) from \(byteCount) bytes: "
                + "not a valid protobuf encoding (corrupt, truncated, or from another schema)"
        )
    }

    static func outOfRange(_ field: String, _ value: Int, limit: UInt64) -> WireError {
        WireError(
            code: .valueOutOfRange,
            message: "\(field) is \(value), which does not fit the wire field (0...\(limit))"
        )
    }
}
