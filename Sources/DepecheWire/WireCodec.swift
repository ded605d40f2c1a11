internal import CProtobufC
public import DepecheCore
internal import DepecheProtoC

/// Converts `Document` and the stage envelopes to and from protobuf bytes
/// (`proto/depeche/v1/document.proto` and `stage.proto`), using protobuf-c.
///
/// Every field is mapped. Details of the mapping:
/// - Offsets are `Int` in Swift and `uint32` on the wire: encoding throws ``WireError`` with code
///   `valueOutOfRange` for a negative offset or one past `UInt32.max`.
/// - Enums: `nil` ↔ `*_UNSPECIFIED`; a value this version does not know decodes as `nil`.
/// - Maps are written sorted by the UTF-8 bytes of their keys, so equal values always give
///   identical bytes (as protobuf's deterministic serialization does). A map entry's empty key
///   or value is left out, as for any proto3 field; Google's encoders write it. Both read the same.
/// - A repeated map key keeps its last value on decoding.
/// - protobuf-c stores strings as C strings: encoding writes each U+0000 as U+FFFD (one code
///   point for one, so offsets stay valid); a U+0000 in bytes from another implementation cuts
///   the string there. Invalid UTF-8 decodes with U+FFFD in place of each bad sequence.
/// - An absent `source`, `metadata` or `ProcessRequest.document` decodes as the Swift default;
///   empty input is therefore a valid `Document` (`Document(id: "")`), as in protobuf, but not
///   a valid envelope (no payload).
///
/// Decoding never traps on bad input: garbage, truncated bytes, or an envelope with no known
/// payload throw ``WireError``. Nothing returned refers to C memory.
public enum WireCodec {
    // MARK: Document

    /// The protobuf encoding of `document`. Throws ``WireError`` (`valueOutOfRange`) for an
    /// offset outside `0...UInt32.max`, naming the document and the field.
    public static func encode(_ document: Document) throws -> [UInt8] {
        let arena = WireArena()
        return try withExtendedLifetime(arena) {
            let message = try DocumentPacker(arena: arena).pack(document)
            return serialize(message, depeche__v1__document__get_packed_size, depeche__v1__document__pack)
        }
    }

    /// The document encoded in `bytes` (any byte collection: `[UInt8]`, `ArraySlice`, `Data`).
    /// Throws ``WireError`` (`malformedMessage`) for bytes that are not a valid encoding.
    public static func decode(_ bytes: some Collection<UInt8>, as type: Document.Type) throws -> Document {
        try deserialize(
            bytes,
            "depeche.v1.Document",
            depeche__v1__document__unpack,
            depeche__v1__document__free_unpacked
        ) { DocumentUnpacker.document($0) }
    }

    // MARK: Stage envelopes

    /// The protobuf encoding of `request`, without a frame; see `appendFrame(_:to:)`.
    public static func encode(_ request: StageRequest) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try append(request, to: &bytes, framed: false)
        return bytes
    }

    /// The protobuf encoding of `response`, without a frame.
    public static func encode(_ response: StageResponse) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try append(response, to: &bytes, framed: false)
        return bytes
    }

    /// Appends `request` as one length-delimited frame (see ``FrameEncoder``), packed in place.
    public static func appendFrame(_ request: StageRequest, to buffer: inout [UInt8]) throws {
        try append(request, to: &buffer, framed: true)
    }

    /// Appends `response` as one length-delimited frame (see ``FrameEncoder``), packed in place.
    public static func appendFrame(_ response: StageResponse, to buffer: inout [UInt8]) throws {
        try append(response, to: &buffer, framed: true)
    }

    /// The request encoded in `bytes` (one frame's payload). Throws ``WireError``:
    /// `malformedMessage`, or `missingPayload` when no payload this version knows is set.
    public static func decode(_ bytes: some Collection<UInt8>, as type: StageRequest.Type) throws -> StageRequest {
        try deserialize(
            bytes,
            "depeche.v1.StageRequest",
            depeche__v1__stage_request__unpack,
            depeche__v1__stage_request__free_unpacked,
            StageUnpacker.request
        )
    }

    /// The response encoded in `bytes` (one frame's payload). Throws ``WireError``:
    /// `malformedMessage`, or `missingPayload` when no payload this version knows is set.
    public static func decode(_ bytes: some Collection<UInt8>, as type: StageResponse.Type) throws -> StageResponse {
        try deserialize(
            bytes,
            "depeche.v1.StageResponse",
            depeche__v1__stage_response__unpack,
            depeche__v1__stage_response__free_unpacked,
            StageUnpacker.response
        )
    }

    // MARK: Service messages

    // A network transport (gRPC's `Stage` service) carries these messages as they are, one per
    // call or stream message, without the envelopes and frames of the stdin/stdout transport.

    /// The protobuf encoding of a `depeche.v1.HandshakeRequest`.
    public static func encode(_ handshake: HandshakeRequest) throws -> [UInt8] {
        try packed(depeche__v1__handshake_request__get_packed_size, depeche__v1__handshake_request__pack) {
            try StagePacker(arena: $0).pack(handshake)
        }
    }

    /// The protobuf encoding of a `depeche.v1.HandshakeResponse`.
    public static func encode(_ handshake: HandshakeResponse) throws -> [UInt8] {
        try packed(depeche__v1__handshake_response__get_packed_size, depeche__v1__handshake_response__pack) {
            try StagePacker(arena: $0).pack(handshake)
        }
    }

    /// The protobuf encoding of a `depeche.v1.ProcessRequest`.
    public static func encode(_ process: ProcessRequest) throws -> [UInt8] {
        try packed(depeche__v1__process_request__get_packed_size, depeche__v1__process_request__pack) {
            try StagePacker(arena: $0).pack(process)
        }
    }

    /// The protobuf encoding of a `depeche.v1.ProcessResponse`.
    public static func encode(_ result: ProcessResponse) throws -> [UInt8] {
        try packed(depeche__v1__process_response__get_packed_size, depeche__v1__process_response__pack) {
            try StagePacker(arena: $0).pack(result)
        }
    }

    /// The handshake request encoded in `bytes`. Throws ``WireError`` (`malformedMessage`).
    public static func decode(
        _ bytes: some Collection<UInt8>,
        as type: HandshakeRequest.Type
    ) throws
        -> HandshakeRequest
    {
        try deserialize(
            bytes,
            "depeche.v1.HandshakeRequest",
            depeche__v1__handshake_request__unpack,
            depeche__v1__handshake_request__free_unpacked,
            StageUnpacker.handshakeRequest
        )
    }

    /// The handshake response encoded in `bytes`. Throws ``WireError`` (`malformedMessage`).
    public static func decode(
        _ bytes: some Collection<UInt8>,
        as type: HandshakeResponse.Type
    ) throws
        -> HandshakeResponse
    {
        try deserialize(
            bytes,
            "depeche.v1.HandshakeResponse",
            depeche__v1__handshake_response__unpack,
            depeche__v1__handshake_response__free_unpacked,
            StageUnpacker.handshakeResponse
        )
    }

    /// The process request encoded in `bytes`. Throws ``WireError`` (`malformedMessage`).
    public static func decode(_ bytes: some Collection<UInt8>, as type: ProcessRequest.Type) throws -> ProcessRequest {
        try deserialize(
            bytes,
            "depeche.v1.ProcessRequest",
            depeche__v1__process_request__unpack,
            depeche__v1__process_request__free_unpacked,
            StageUnpacker.processRequest
        )
    }

    /// The process response encoded in `bytes`. Throws ``WireError`` (`malformedMessage`).
    public static func decode(
        _ bytes: some Collection<UInt8>,
        as type: ProcessResponse.Type
    ) throws
        -> ProcessResponse
    {
        try deserialize(
            bytes,
            "depeche.v1.ProcessResponse",
            depeche__v1__process_response__unpack,
            depeche__v1__process_response__free_unpacked,
            StageUnpacker.processResponse
        )
    }

    /// Packs the message that `build` makes in a fresh arena, with protobuf-c's functions.
    static func packed<Message>(
        _ packedSize: (UnsafePointer<Message>) -> Int,
        _ pack: (UnsafePointer<Message>, UnsafeMutablePointer<UInt8>) -> Int,
        build: (WireArena) throws -> UnsafeMutablePointer<Message>
    ) throws -> [UInt8] {
        let arena = WireArena()
        return try withExtendedLifetime(arena) {
            serialize(try build(arena), packedSize, pack)
        }
    }

    private static func append(_ request: StageRequest, to buffer: inout [UInt8], framed: Bool) throws {
        let arena = WireArena()
        try withExtendedLifetime(arena) {
            let message = try StagePacker(arena: arena).pack(request)
            serialize(
                message,
                depeche__v1__stage_request__get_packed_size,
                depeche__v1__stage_request__pack,
                appendingTo: &buffer,
                framed: framed
            )
        }
    }

    private static func append(_ response: StageResponse, to buffer: inout [UInt8], framed: Bool) throws {
        let arena = WireArena()
        try withExtendedLifetime(arena) {
            let message = try StagePacker(arena: arena).pack(response)
            serialize(
                message,
                depeche__v1__stage_response__get_packed_size,
                depeche__v1__stage_response__pack,
                appendingTo: &buffer,
                framed: framed
            )
        }
    }
}

// MARK: - protobuf-c calls

extension WireCodec {
    private static func serialize<Message>(
        _ message: UnsafeMutablePointer<Message>,
        _ packedSize: (UnsafePointer<Message>) -> Int,
        _ pack: (UnsafePointer<Message>, UnsafeMutablePointer<UInt8>) -> Int
    ) -> [UInt8] {
        var bytes: [UInt8] = []
        serialize(message, packedSize, pack, appendingTo: &bytes, framed: false)
        return bytes
    }

    /// Packs `message` at the end of `buffer`, after a varint length prefix when `framed`.
    /// protobuf-c writes straight into the array's uninitialized storage: no zero-filling.
    private static func serialize<Message>(
        _ message: UnsafeMutablePointer<Message>,
        _ packedSize: (UnsafePointer<Message>) -> Int,
        _ pack: (UnsafePointer<Message>, UnsafeMutablePointer<UInt8>) -> Int,
        appendingTo buffer: inout [UInt8],
        framed: Bool
    ) {
        let size = packedSize(message)
        let prefixLength = framed ? FrameEncoder.lengthPrefixLength(size) : 0
        guard prefixLength + size > 0 else { return }
        let bytes = [UInt8](unsafeUninitializedCapacity: prefixLength + size) { storage, count in
            let base = storage.baseAddress!
            if framed {
                FrameEncoder.writeLengthPrefix(size, to: base)
            }
            let written = size > 0 ? pack(message, base + prefixLength) : 0
            precondition(written == size, "protobuf-c packed \(written) bytes, announced \(size)")
            count = prefixLength + size
        }
        if buffer.isEmpty {
            buffer = bytes
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Unpacks `bytes` with protobuf-c, converts the result with `convert` (which must copy
    /// everything it keeps), and frees the C tree.
    static func deserialize<Message, Result>(
        _ bytes: some Collection<UInt8>,
        _ messageName: String,
        _ unpack: (UnsafeMutablePointer<ProtobufCAllocator>?, Int, UnsafePointer<UInt8>) -> UnsafeMutablePointer<
            Message
        >?,
        _ freeUnpacked: (UnsafeMutablePointer<Message>, UnsafeMutablePointer<ProtobufCAllocator>?) -> Void,
        _ convert: (Message) throws -> Result
    ) throws -> Result {
        func run(_ buffer: UnsafeBufferPointer<UInt8>) throws -> Result {
            var empty: UInt8 = 0
            return try withUnsafePointer(to: &empty) { placeholder in
                // malloc'd by protobuf-c (NULL allocator); freed by `freeUnpacked` in the defer.
                guard let message = unpack(nil, buffer.count, buffer.baseAddress ?? placeholder) else {
                    throw WireError.malformed(messageName, byteCount: buffer.count)
                }
                defer { freeUnpacked(message, nil) }
                return try convert(message.pointee)
            }
        }
        if let result = try bytes.withContiguousStorageIfAvailable(run) {
            return result
        }
        return try Array(bytes).withUnsafeBufferPointer(run)
    }
}
