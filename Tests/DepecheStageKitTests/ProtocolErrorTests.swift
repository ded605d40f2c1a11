import DepecheCore
import DepecheWire
import Testing

/// A broken request stream: the stage process answers `fatal` (`protocol-error`) and exits 3.
@Suite(.timeLimit(.minutes(10))) struct ProtocolErrorTests {
    /// Sends the handshake, then `bytes`; returns the fatal error after the handshake's answer.
    private func fatalError(
        after bytes: [UInt8],
        closing: Bool = false,
        maxFrameBytes: Int = 64 << 20
    ) throws -> (
        error: StageErrorMessage?, status: Int32
    ) {
        let child = try StageChild.depeche(stage: "normalize")
        try child.send(StageChild.handshake(stage: "normalize", maxFrameBytes: maxFrameBytes))
        try child.sendRaw(bytes)
        if closing {
            try child.closeInput()
        }
        guard case .handshake? = try child.next() else {
            Issue.record("expected the handshake's answer")
            return (nil, -1)
        }
        var fatal: StageErrorMessage?
        for response in try child.remaining() {
            guard case .fatal(let error) = response else {
                Issue.record("unexpected response \(response)")
                continue
            }
            #expect(fatal == nil, "a second fatal response")
            fatal = error
        }
        return (fatal, try child.exitStatus())
    }

    @Test func aFrameThatIsNotARequestIsAProtocolError() throws {
        // A complete 3-byte frame whose payload is not protobuf (field 31 with wire type 7).
        let (error, status) = try fatalError(after: [0x03, 0xFF, 0xFF, 0xFF])
        #expect(error?.code == "protocol-error")
        #expect(error?.message.hasPrefix("request frame 2: cannot decode depeche.v1.StageRequest from 3 bytes") == true)
        #expect(status == 3)
    }

    @Test func garbageTextIsAProtocolError() throws {
        // 'G' announces a 71-byte frame; the stream ends before it is complete.
        let (error, status) = try fatalError(after: Array("Garbage, not a frame\n".utf8), closing: true)
        #expect(error?.code == "protocol-error")
        #expect(
            error?.message == "request frame 2: the stream ended inside a frame: expected a frame of 71 bytes, got 20"
        )
        #expect(status == 3)
    }

    @Test func aFrameOverMaxFrameBytesIsAProtocolError() throws {
        var request: [UInt8] = []
        try WireCodec.appendFrame(.process(ProcessRequest(sequence: 1, document: Samples.fetched())), to: &request)
        #expect(request.count > 300)
        let (error, status) = try fatalError(after: request, maxFrameBytes: 300)
        #expect(error?.code == "protocol-error")
        #expect(
            error?.message
                == "request frame 2: a frame announces \(request.count - 2) bytes, over the limit of 300 bytes"
        )
        #expect(status == 3)
    }

    @Test func aRequestWithNoKnownPayloadIsAProtocolError() throws {
        // An empty StageRequest: a valid message with no payload this version knows.
        let (error, status) = try fatalError(after: [0x00])
        #expect(error?.code == "protocol-error")
        #expect(error?.message.hasPrefix("request frame 2: the StageRequest has no payload this version knows") == true)
        #expect(status == 3)
    }
}
