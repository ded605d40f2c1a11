import DepecheCore
import DepecheWire
import Testing

@testable import DepecheProcess

/// The hand-built request envelope is byte for byte what DepecheWire writes.
struct ProcessRequestFrameTests {
    @Test(arguments: [UInt64(1), 127, 128, 300, 1 << 35, .max])
    func matchesTheCodecForEverySequenceSize(sequence: UInt64) throws {
        let document = Document(id: "doc-é", text: String(repeating: "texte ", count: 40), attributes: ["k": "v"])
        let built = ProcessRequestFrame.make(sequence: sequence, document: try WireCodec.encode(document))
        var expected: [UInt8] = []
        try WireCodec.appendFrame(.process(ProcessRequest(sequence: sequence, document: document)), to: &expected)
        #expect(built == expected)
        var decoder = FrameDecoder()
        decoder.append(built)
        let frame = try #require(try decoder.nextFrame())
        #expect(
            try WireCodec.decode(frame, as: StageRequest.self)
                == .process(ProcessRequest(sequence: sequence, document: document))
        )
        #expect(frame.count <= ProcessRequestFrame.payloadSize(documentBytes: try WireCodec.encode(document).count))
    }

    @Test func boundsThePayloadAtTheLargestSequence() throws {
        let document = Document(id: "x", text: String(repeating: "a", count: 200))
        let bytes = try WireCodec.encode(document)
        let frame = ProcessRequestFrame.make(sequence: .max, document: bytes)
        var decoder = FrameDecoder()
        decoder.append(frame)
        #expect(try decoder.nextFrame()?.count == ProcessRequestFrame.payloadSize(documentBytes: bytes.count))
    }
}
