import DepecheCore
import DepecheWire
import Testing

@Suite struct WireCodecStageTests {
    @Test func samplesSetEveryField() {
        #expect(FieldCoverage.uncoveredPaths(of: WireSamples.requests) == [])
        #expect(FieldCoverage.uncoveredPaths(of: WireSamples.responses) == [])
    }

    @Test(arguments: WireSamples.namedRequests)
    func requestRoundTrips(sample: Named<StageRequest>) throws {
        let request = sample.value
        let bytes = try WireCodec.encode(request)
        let decoded = try WireCodec.decode(bytes, as: StageRequest.self)
        let same = decoded == request  // a Bool: a failure must not print the 200 KB document
        #expect(same, "\(sample.name) changed in the round trip")
    }

    @Test(arguments: WireSamples.namedResponses)
    func responseRoundTrips(sample: Named<StageResponse>) throws {
        let response = sample.value
        let bytes = try WireCodec.encode(response)
        let decoded = try WireCodec.decode(bytes, as: StageResponse.self)
        let same = decoded == response  // a Bool: a failure must not print the 200 KB document
        #expect(same, "\(sample.name) changed in the round trip")
    }

    @Test func handshakeRequestHasExactBytes() throws {
        let request = StageRequest.handshake(
            HandshakeRequest(
                protocolVersion: 1,
                stageName: "ner",
                optionsJSON: "{}",
                maxInFlight: 300,
                maxFrameBytes: 1
            )
        )
        let expected: [UInt8] = [
            0x0A, 0x10,  // 1: handshake, 16 bytes
            0x08, 0x01,  //   1: protocol_version 1
            0x12, 0x03, 0x6E, 0x65, 0x72,  //   2: stage_name "ner"
            0x1A, 0x02, 0x7B, 0x7D,  //   3: options_json "{}"
            0x20, 0xAC, 0x02,  //   4: max_in_flight 300
            0x28, 0x01,  //   5: max_frame_bytes 1
        ]
        #expect(try WireCodec.encode(request) == expected)
    }

    @Test func processResponseWithoutErrorDecodesNilError() throws {
        let response = StageResponse.result(ProcessResponse(sequence: 7, documents: [Document(id: "d")]))
        guard case .result(let result) = try WireCodec.decode(WireCodec.encode(response), as: StageResponse.self) else {
            Issue.record("expected a result")
            return
        }
        #expect(result.error == nil)
        #expect(result.documents.map(\.id) == ["d"])
    }

    @Test func processRequestWithoutDocumentDecodesAnEmptyDocument() throws {
        // 2: process { 1: sequence 5 }
        let bytes: [UInt8] = [0x12, 0x02, 0x08, 0x05]
        #expect(
            try WireCodec.decode(bytes, as: StageRequest.self)
                == .process(ProcessRequest(sequence: 5, document: Document(id: "")))
        )
    }

    @Test func envelopeWithoutPayloadThrows() {
        let empty = #expect(throws: WireError.self) { try WireCodec.decode([UInt8](), as: StageRequest.self) }
        #expect(empty?.code == .missingPayload)
        // Field 9 is unknown to this version: skipped by protobuf-c, so no payload is set.
        let unknown = #expect(throws: WireError.self) {
            try WireCodec.decode([0x4A, 0x01, 0x00] as [UInt8], as: StageResponse.self)
        }
        #expect(unknown?.code == .missingPayload)
        #expect(unknown?.message.contains("expected handshake, result or fatal") == true)
    }

    @Test func garbageEnvelopeThrowsMalformedMessage() {
        let error = #expect(throws: WireError.self) {
            try WireCodec.decode([0x0A, 0x7F, 0x08] as [UInt8], as: StageResponse.self)
        }
        #expect(error?.code == .malformedMessage)
        #expect(error?.message.contains("depeche.v1.StageResponse") == true)
    }

    @Test func outOfRangeHandshakeValuesThrow() {
        var handshake = WireSamples.handshakeRequest
        handshake.maxInFlight = -1
        let error = #expect(throws: WireError.self) { try WireCodec.encode(StageRequest.handshake(handshake)) }
        #expect(error?.code == .valueOutOfRange)
        #expect(error?.message.contains("maxInFlight is -1") == true)

        handshake = WireSamples.handshakeRequest
        handshake.maxFrameBytes = -2
        #expect(throws: WireError.self) { try WireCodec.encode(StageRequest.handshake(handshake)) }

        let response = HandshakeResponse(stageName: "", stageVersion: "", protocolVersion: Int(UInt32.max) + 1)
        #expect(throws: WireError.self) { try WireCodec.encode(StageResponse.handshake(response)) }
    }

    @Test func documentOffsetErrorInsideAResponseNamesTheDocument() {
        let bad = Document(id: "bad-doc", entities: [Entity(start: 0, end: -3, text: "", type: .person)])
        let response = StageResponse.result(ProcessResponse(sequence: 1, documents: [Document(id: "ok"), bad]))
        let error = #expect(throws: WireError.self) { try WireCodec.encode(response) }
        #expect(error?.message.hasPrefix("document 'bad-doc': entities[0].end is -3") == true)
    }

    @Test func stageErrorMessageConvertsToAndFromStageFailure() {
        let failure = StageFailure(code: "timeout", message: "no answer in 30 s")
        let message = StageErrorMessage(failure)
        #expect(message == StageErrorMessage(code: "timeout", message: "no answer in 30 s"))
        #expect(message.failure == failure)
    }

    @Test(arguments: WireSamples.namedResponses)
    func appendFrameEqualsFramingTheEncodedBytes(sample: Named<StageResponse>) throws {
        let response = sample.value
        var buffer: [UInt8] = [0x01, 0x02]
        try WireCodec.appendFrame(response, to: &buffer)
        expectSameBytes(buffer, [0x01, 0x02] + FrameEncoder.frame(try WireCodec.encode(response)))
    }

    @Test func framedEnvelopesSurviveAStreamInRandomChunks() throws {
        var stream: [UInt8] = []
        var expected: [StageRequest] = []
        for sequence in 0..<50 {
            let request: StageRequest =
                sequence % 10 == 0
                ? .handshake(WireSamples.handshakeRequest)
                : .process(
                    ProcessRequest(
                        sequence: UInt64(sequence),
                        document: Document(id: "d\(sequence)", text: String(repeating: "é", count: sequence * 37))
                    )
                )
            expected.append(request)
            try WireCodec.appendFrame(request, to: &stream)
        }
        var generator = SeededGenerator(seed: 42)
        var decoder = FrameDecoder(maximumFrameSize: 1 << 20)
        var received: [StageRequest] = []
        var offset = 0
        while offset < stream.count {
            let end = min(stream.count, offset + Int.random(in: 1...700, using: &generator))
            decoder.append(stream[offset..<end])
            offset = end
            while let frame = try decoder.nextFrame() {
                received.append(try WireCodec.decode(frame, as: StageRequest.self))
            }
        }
        try decoder.finish()
        #expect(received.count == expected.count)
        let same = received == expected
        #expect(same, "a request changed on the way")
    }
}
