/// Builds the frame of a `StageRequest.process` from a document that is already encoded.
///
/// The document is encoded once, in the calling task (in parallel with the others), before
/// a child and a sequence number are chosen; the envelope around it is a few bytes written
/// here, as protobuf-c would write them (fields in number order):
///
/// ```
/// frame          = varint(len(StageRequest)) StageRequest
/// StageRequest   = 0x12 varint(len(ProcessRequest)) ProcessRequest      // field 2: process
/// ProcessRequest = 0x08 varint(sequence) 0x12 varint(len(doc)) doc     // fields 1 and 2
/// ```
enum ProcessRequestFrame {
    /// The frame for `sequence` (≥ 1) and the encoded document.
    static func make(sequence: UInt64, document: [UInt8]) -> [UInt8] {
        var frame: [UInt8] = []
        append(sequence: sequence, document: document, to: &frame)
        return frame
    }

    /// Appends the frame for `sequence` (≥ 1) and the encoded document to `frame`.
    static func append(sequence: UInt64, document: [UInt8], to frame: inout [UInt8]) {
        let processLength = 1 + varintLength(sequence) + 1 + varintLength(UInt64(document.count)) + document.count
        let requestLength = 1 + varintLength(UInt64(processLength)) + processLength
        if frame.isEmpty {
            // Only for a fresh buffer: reserving on a growing one would defeat geometric growth.
            frame.reserveCapacity(varintLength(UInt64(requestLength)) + requestLength)
        }
        appendVarint(UInt64(requestLength), to: &frame)
        frame.append(0x12)
        appendVarint(UInt64(processLength), to: &frame)
        frame.append(0x08)
        appendVarint(sequence, to: &frame)
        frame.append(0x12)
        appendVarint(UInt64(document.count), to: &frame)
        frame.append(contentsOf: document)
    }

    /// The payload size (without the length prefix) of the frame for a document of
    /// `documentBytes`, at the largest sequence number: what `max_frame_bytes` limits.
    static func payloadSize(documentBytes: Int) -> Int {
        let processLength = 1 + varintLength(UInt64.max) + 1 + varintLength(UInt64(documentBytes)) + documentBytes
        return 1 + varintLength(UInt64(processLength)) + processLength
    }

    private static func varintLength(_ value: UInt64) -> Int {
        var value = value >> 7
        var count = 1
        while value > 0 {
            value >>= 7
            count += 1
        }
        return count
    }

    private static func appendVarint(_ value: UInt64, to buffer: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            buffer.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        buffer.append(UInt8(value))
    }
}
