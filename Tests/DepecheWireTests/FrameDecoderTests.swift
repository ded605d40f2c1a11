import DepecheWire
import Testing

@Suite struct FrameDecoderTests {
    /// Payloads whose lengths need 1, 2 and 3 prefix bytes, including the boundaries.
    static let payloads: [[UInt8]] = [0, 1, 127, 128, 300, 16_383, 16_384, 70_000].map { length in
        (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ length) }
    }

    static var stream: [UInt8] {
        var stream: [UInt8] = []
        for payload in payloads {
            FrameEncoder.appendFrame(payload, to: &stream)
        }
        return stream
    }

    @Test(
        arguments: [
            (0, [0x00]), (1, [0x01]), (127, [0x7F]), (128, [0x80, 0x01]), (300, [0xAC, 0x02]),
            (16_384, [0x80, 0x80, 0x01]),
        ] as [(Int, [UInt8])]
    )
    func lengthPrefixIsAVarint(length: Int, prefix: [UInt8]) {
        let frame = FrameEncoder.frame([UInt8](repeating: 7, count: length))
        #expect(Array(frame.prefix(prefix.count)) == prefix)
        #expect(frame.count == prefix.count + length)
    }

    @Test func decodesFramesFedOneByteAtATime() throws {
        var decoder = FrameDecoder()
        var frames: [[UInt8]] = []
        for byte in Self.stream {
            decoder.append(CollectionOfOne(byte))
            while let frame = try decoder.nextFrame() {
                frames.append(frame)
            }
        }
        try decoder.finish()
        expectSameFrames(frames, Self.payloads)
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test(arguments: [1, 2, 3, 99])
    func decodesFramesFedInRandomChunks(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        // Many small frames too, so that the buffer is compacted along the way.
        var payloads = Self.payloads
        for index in 0..<3_000 {
            payloads.append([UInt8](repeating: UInt8(index % 256), count: index % 19))
        }
        var stream: [UInt8] = []
        for payload in payloads {
            FrameEncoder.appendFrame(payload, to: &stream)
        }
        var decoder = FrameDecoder(maximumFrameSize: 100_000)
        var frames: [[UInt8]] = []
        var offset = 0
        while offset < stream.count {
            let end = min(stream.count, offset + Int.random(in: 1...9_000, using: &generator))
            decoder.append(stream[offset..<end])
            offset = end
            while let frame = try decoder.nextFrame() {
                frames.append(frame)
            }
        }
        try decoder.finish()
        expectSameFrames(frames, payloads)
    }

    @Test func nextFrameWaitsForTheWholePayload() throws {
        var decoder = FrameDecoder()
        decoder.append([0x03, 0x61, 0x62])
        #expect(try decoder.nextFrame() == nil)
        #expect(decoder.bufferedByteCount == 3)
        decoder.append([0x63, 0x00])
        #expect(try decoder.nextFrame() == [0x61, 0x62, 0x63])
        #expect(try decoder.nextFrame() == [])
        #expect(try decoder.nextFrame() == nil)
    }

    @Test func rejectsAnOversizedLengthBeforeItsPayloadArrives() throws {
        var decoder = FrameDecoder(maximumFrameSize: 1_000)
        decoder.append([0xE9, 0x07])  // 1001, and not one byte of payload yet
        let error = #expect(throws: WireError.self) { try decoder.nextFrame() }
        #expect(error?.code == .frameTooLarge)
        #expect(error?.message == "a frame announces 1001 bytes, over the limit of 1000 bytes")
        // The stream cannot be resynchronized: the error sticks.
        decoder.append([0x00])
        #expect(throws: WireError.self) { try decoder.nextFrame() }
        #expect(throws: WireError.self) { try decoder.finish() }
    }

    @Test func acceptsAFrameOfExactlyTheLimit() throws {
        var decoder = FrameDecoder(maximumFrameSize: 1_000)
        decoder.append(FrameEncoder.frame([UInt8](repeating: 1, count: 1_000)))
        #expect(try decoder.nextFrame()?.count == 1_000)
    }

    @Test func rejectsAHugeLengthFromTheDefaultLimit() {
        var decoder = FrameDecoder()
        decoder.append([0xFF, 0xFF, 0xFF, 0xFF, 0x0F])  // 2^32 - 1
        let error = #expect(throws: WireError.self) { try decoder.nextFrame() }
        #expect(error?.message == "a frame announces 4294967295 bytes, over the limit of 67108864 bytes")
    }

    @Test func rejectsAVarintLongerThanTenBytes() {
        var decoder = FrameDecoder(maximumFrameSize: .max)
        decoder.append([UInt8](repeating: 0xFF, count: 9))
        #expect(throws: Never.self) { try decoder.nextFrame() }
        decoder.append([0x80, 0x01])
        let error = #expect(throws: WireError.self) { try decoder.nextFrame() }
        #expect(error?.code == .malformedLengthPrefix)
        #expect(error?.message == "the frame length prefix is longer than 10 bytes")
    }

    @Test func rejectsAVarintOver64Bits() {
        var decoder = FrameDecoder(maximumFrameSize: .max)
        decoder.append([UInt8](repeating: 0x80, count: 9) + [0x02])
        let error = #expect(throws: WireError.self) { try decoder.nextFrame() }
        #expect(error?.code == .malformedLengthPrefix)
        #expect(error?.message == "the frame length prefix overflows 64 bits")
    }

    @Test func reportsATruncatedFinalFrame() throws {
        var decoder = FrameDecoder()
        decoder.append(FrameEncoder.frame([1, 2]) + [0x0A, 1, 2, 3, 4])
        #expect(try decoder.nextFrame() == [1, 2])
        #expect(try decoder.nextFrame() == nil)
        let error = #expect(throws: WireError.self) { try decoder.finish() }
        #expect(error?.code == .truncatedFrame)
        #expect(error?.message == "the stream ended inside a frame: expected a frame of 10 bytes, got 4")
    }

    @Test func reportsATruncatedLengthPrefix() {
        var decoder = FrameDecoder()
        decoder.append([0x80, 0x80])
        let error = #expect(throws: WireError.self) { try decoder.finish() }
        #expect(
            error?.message
                == "the stream ended inside a frame: expected a length prefix, got 2 bytes of an incomplete varint"
        )
    }

    @Test func finishAcceptsACleanEnd() throws {
        var decoder = FrameDecoder()
        try decoder.finish()
        decoder.append(FrameEncoder.frame([9]))
        _ = try decoder.nextFrame()
        try decoder.finish()
    }
}
