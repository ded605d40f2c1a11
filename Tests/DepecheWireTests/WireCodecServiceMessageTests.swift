import DepecheCore
import DepecheWire
import Testing

/// The four messages of the `Stage` service as a network transport carries them: each one alone,
/// with the same bytes as inside the stdin/stdout transport's envelopes.
@Suite struct WireCodecServiceMessageTests {
    /// The bytes of a length-delimited field `number` holding `payload`, as in an envelope.
    static func field(_ number: UInt8, _ payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [number << 3 | 2]
        var length = payload.count
        while length >= 0x80 {
            bytes.append(UInt8(length & 0x7F) | 0x80)
            length >>= 7
        }
        bytes.append(UInt8(length))
        return bytes + payload
    }

    @Test func handshakeRequestRoundTripsWithTheEnvelopesBytes() throws {
        let bytes = try WireCodec.encode(WireSamples.handshakeRequest)
        #expect(try WireCodec.decode(bytes, as: HandshakeRequest.self) == WireSamples.handshakeRequest)
        #expect(try WireCodec.encode(StageRequest.handshake(WireSamples.handshakeRequest)) == Self.field(1, bytes))
    }

    @Test func handshakeResponseRoundTripsWithTheEnvelopesBytes() throws {
        let bytes = try WireCodec.encode(WireSamples.handshakeResponse)
        #expect(try WireCodec.decode(bytes, as: HandshakeResponse.self) == WireSamples.handshakeResponse)
        #expect(try WireCodec.encode(StageResponse.handshake(WireSamples.handshakeResponse)) == Self.field(1, bytes))
    }

    @Test func processRequestRoundTripsWithTheEnvelopesBytes() throws {
        let bytes = try WireCodec.encode(WireSamples.processRequest)
        let same = try WireCodec.decode(bytes, as: ProcessRequest.self) == WireSamples.processRequest
        #expect(same, "the process request changed in the round trip")
        let enveloped = try WireCodec.encode(StageRequest.process(WireSamples.processRequest)) == Self.field(2, bytes)
        #expect(enveloped, "the envelope holds other bytes")  // a Bool: not 200 KB of bytes on failure
    }

    @Test func processResponseRoundTripsWithTheEnvelopesBytes() throws {
        let bytes = try WireCodec.encode(WireSamples.processResponse)
        let same = try WireCodec.decode(bytes, as: ProcessResponse.self) == WireSamples.processResponse
        #expect(same, "the process response changed in the round trip")
        let enveloped = try WireCodec.encode(StageResponse.result(WireSamples.processResponse)) == Self.field(2, bytes)
        #expect(enveloped, "the envelope holds other bytes")
    }

    @Test func anEmptyMessageDecodesToDefaults() throws {
        #expect(
            try WireCodec.decode([], as: ProcessRequest.self) == ProcessRequest(sequence: 0, document: Document(id: ""))
        )
        #expect(try WireCodec.decode([], as: ProcessResponse.self).documents.isEmpty)
    }

    @Test(arguments: [[0x0A, 0x05, 0x41], [0xFF], [0x08, 0x80]] as [[UInt8]])
    func truncatedOrMalformedBytesAreRefused(bytes: [UInt8]) {
        #expect(throws: WireError.self) { try WireCodec.decode(bytes, as: HandshakeRequest.self) }
        #expect(throws: WireError.self) { try WireCodec.decode(bytes, as: ProcessRequest.self) }
        #expect(throws: WireError.self) { try WireCodec.decode(bytes, as: ProcessResponse.self) }
    }
}
