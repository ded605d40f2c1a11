/// Writes length-delimited frames: each frame is the payload's byte count as a base-128 varint,
/// then the payload. This is protobuf's delimited format (`writeDelimitedTo` /
/// `parseDelimitedFrom`), so any protobuf library can read and write Depeche's stage streams.
///
/// ```swift
/// var output: [UInt8] = []
/// FrameEncoder.appendFrame(try WireCodec.encode(response), to: &output)
/// // or, packing in place: try WireCodec.appendFrame(response, to: &output)
/// ```
public enum FrameEncoder {
    /// A varint of a 64-bit value takes at most 10 bytes.
    public static let maximumPrefixLength = 10

    /// Appends the length prefix and `payload` to `buffer`.
    public static func appendFrame(_ payload: some Collection<UInt8>, to buffer: inout [UInt8]) {
        buffer.reserveCapacity(buffer.count + maximumPrefixLength + payload.count)
        appendLengthPrefix(payload.count, to: &buffer)
        buffer.append(contentsOf: payload)
    }

    /// `payload` as one frame.
    public static func frame(_ payload: some Collection<UInt8>) -> [UInt8] {
        var buffer: [UInt8] = []
        appendFrame(payload, to: &buffer)
        return buffer
    }

    /// Appends `length` (≥ 0) as a varint.
    static func appendLengthPrefix(_ length: Int, to buffer: inout [UInt8]) {
        precondition(length >= 0, "a frame length cannot be negative")
        var value = UInt64(length)
        while value >= 0x80 {
            buffer.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        buffer.append(UInt8(value))
    }

    /// The size of `length`'s varint.
    static func lengthPrefixLength(_ length: Int) -> Int {
        precondition(length >= 0, "a frame length cannot be negative")
        var value = UInt64(length) >> 7
        var count = 1
        while value > 0 {
            value >>= 7
            count += 1
        }
        return count
    }

    /// Writes `length`'s varint at `destination`, which has room for ``lengthPrefixLength(_:)`` bytes.
    static func writeLengthPrefix(_ length: Int, to destination: UnsafeMutablePointer<UInt8>) {
        var value = UInt64(length)
        var index = 0
        while value >= 0x80 {
            destination[index] = UInt8(truncatingIfNeeded: value) | 0x80
            value >>= 7
            index += 1
        }
        destination[index] = UInt8(value)
    }
}
