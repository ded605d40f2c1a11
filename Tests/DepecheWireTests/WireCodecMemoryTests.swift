#if os(Linux)
import DepecheCore
import DepecheWire
import Foundation
import Glibc
import Testing

/// Checks that encode and decode give back the memory that protobuf-c and the arena allocate,
/// including on the paths that throw. Each call allocates (and writes) at least the encoded size
/// in C memory, so a leak would grow the resident set by `iterations × size` (about 290 MB);
/// half of that is allowed, for whatever tests running in parallel keep.
@Suite(.serialized) struct WireCodecMemoryTests {
    static let iterations = 1_000
    static let document = Document(
        id: "leak-check",
        text: String(repeating: "Müller à Zürich 🚀 ", count: 13_000),
        metadata: Metadata(authors: (0..<50).map { "author \($0)" }),
        entities: (0..<200).map { Entity(start: $0, end: $0 + 1, text: "e\($0)", type: .person) }
    )

    @Test func encodeAndDecodeFreeWhatTheyAllocate() throws {
        let bytes = try WireCodec.encode(Self.document)
        #expect(bytes.count > 250_000)
        let growth = try residentGrowth {
            for _ in 0..<Self.iterations {
                let decoded = try WireCodec.decode(try WireCodec.encode(Self.document), as: Document.self)
                precondition(decoded.entities.count == 200)
            }
        }
        #expect(growth < Self.iterations * bytes.count / 2, "grew by \(growth) bytes in \(Self.iterations) round trips")
    }

    @Test func failedDecodeAndEncodeFreeWhatTheyAllocate() throws {
        // A valid message whose only field is unknown: unpack succeeds (protobuf-c keeps a copy
        // of the unknown field's bytes), then the conversion throws for the missing payload.
        var unknownPayload: [UInt8] = [0x4A]
        let document = try WireCodec.encode(Self.document)
        FrameEncoder.appendFrame(document, to: &unknownPayload)
        var badOffsets = Self.document
        badOffsets.entities.append(Entity(start: -1, end: 0, text: "", type: .person))
        let growth = residentGrowth {
            for _ in 0..<Self.iterations {
                #expect(throws: WireError.self) { try WireCodec.decode(unknownPayload, as: StageResponse.self) }
                #expect(throws: WireError.self) { try WireCodec.encode(badOffsets) }
            }
        }
        #expect(growth < Self.iterations * document.count / 2, "grew by \(growth) bytes in \(Self.iterations) failures")
    }

    private func residentGrowth(_ body: () throws -> Void) rethrows -> Int {
        let before = residentBytes()
        #expect(before > 0, "cannot read /proc/self/statm")
        try body()
        let after = residentBytes()
        return max(0, after - before)
    }

    /// The resident set size, from `/proc/self/statm` (its second field, in pages).
    private func residentBytes() -> Int {
        let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
#endif
