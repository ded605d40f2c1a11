/// Splits a byte stream of length-delimited frames (see ``FrameEncoder``) into frames.
///
/// Feed it bytes as they arrive, in chunks of any size, with ``append(_:)``; after each chunk,
/// take the complete frames with ``nextFrame()`` until it returns `nil`; at end of stream call
/// ``finish()``, which reports a frame cut short. A length prefix over ``maximumFrameSize`` is
/// rejected by the first ``nextFrame()`` after the prefix arrives, without waiting for (or
/// buffering) the rest of the payload.
///
/// ```swift
/// var decoder = FrameDecoder(maximumFrameSize: 16 << 20)
/// while let chunk = read() {
///     decoder.append(chunk)
///     while let frame = try decoder.nextFrame() { handle(try WireCodec.decode(frame, as: StageResponse.self)) }
/// }
/// try decoder.finish()
/// ```
///
/// After it throws, the stream is out of step and cannot be resynchronized: every later call
/// throws the same error.
public struct FrameDecoder: Sendable {
    /// The default limit: 64 MiB.
    public static let defaultMaximumFrameSize = 64 << 20

    /// The largest payload accepted, in bytes.
    public let maximumFrameSize: Int

    private var buffer: [UInt8] = []
    /// Bytes of `buffer` before this index have been handed out already.
    private var readIndex = 0
    private var failure: WireError?

    public init(maximumFrameSize: Int = FrameDecoder.defaultMaximumFrameSize) {
        precondition(maximumFrameSize >= 0, "maximumFrameSize cannot be negative")
        self.maximumFrameSize = maximumFrameSize
    }

    /// Bytes received and not yet returned in a frame.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Adds bytes read from the stream.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        if readIndex > 0 {
            if readIndex == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                readIndex = 0
            } else if readIndex >= 4096 && readIndex * 2 >= buffer.count {
                // Compact only when the consumed part dominates, so each byte moves O(1) times.
                buffer.removeSubrange(0..<readIndex)
                readIndex = 0
            }
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete frame's payload, or `nil` when more bytes are needed.
    ///
    /// Throws ``WireError`` with code `frameTooLarge` for a length prefix over
    /// ``maximumFrameSize``, and `malformedLengthPrefix` for a varint longer than 10 bytes or
    /// over 64 bits.
    public mutating func nextFrame() throws -> [UInt8]? {
        if let failure { throw failure }
        guard let prefix = try readLengthPrefix() else { return nil }
        let start = readIndex + prefix.prefixLength
        let length = prefix.length
        guard buffer.count - start >= length else { return nil }
        let frame = Array(buffer[start..<(start + length)])
        readIndex = start + length
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
        }
        return frame
    }

    /// Checks that the stream ended on a frame boundary. Call it at end of stream, after taking
    /// the complete frames; throws `truncatedFrame` when a frame was cut short.
    public func finish() throws {
        if let failure { throw failure }
        let remaining = bufferedByteCount
        guard remaining > 0 else { return }
        var decoder = self
        let expected: String
        if let prefix = try decoder.readLengthPrefix() {
            expected = "a frame of \(prefix.length) bytes, got \(remaining - prefix.prefixLength)"
        } else {
            expected = "a length prefix, got \(remaining) byte\(remaining == 1 ? "" : "s") of an incomplete varint"
        }
        throw WireError(code: .truncatedFrame, message: "the stream ended inside a frame: expected \(expected)")
    }

    /// The payload length and the prefix's size, `nil` when the prefix is incomplete.
    private mutating func readLengthPrefix() throws -> (length: Int, prefixLength: Int)? {
        var value: UInt64 = 0
        var index = readIndex
        var shift: UInt64 = 0
        while index < buffer.count {
            let byte = buffer[index]
            index += 1
            if shift == 63 {
                // The tenth byte holds bit 63 only.
                if byte & 0x80 != 0 {
                    try fail(
                        .malformedLengthPrefix,
                        "the frame length prefix is longer than \(FrameEncoder.maximumPrefixLength) bytes"
                    )
                }
                if byte > 1 {
                    try fail(.malformedLengthPrefix, "the frame length prefix overflows 64 bits")
                }
            }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                guard value <= UInt64(maximumFrameSize) else {
                    try fail(
                        .frameTooLarge,
                        "a frame announces \(value) bytes, over the limit of \(maximumFrameSize) bytes"
                    )
                }
                return (Int(value), index - readIndex)
            }
            shift += 7
        }
        return nil
    }

    private mutating func fail(_ code: WireError.Code, _ message: String) throws -> Never {
        let error = WireError(code: code, message: message)
        failure = error
        throw error
    }
}
