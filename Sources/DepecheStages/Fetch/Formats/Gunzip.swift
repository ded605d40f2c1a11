import CZlib

/// Streaming gzip decompression with zlib, across concatenated members (a `.warc.gz` holds one
/// gzip member per record). Feed it compressed chunks; it returns what they decompress to.
///
/// A `final class` because it owns a `z_stream` (freed in `deinit`); used by one task at a time.
final class Gunzip {
    struct Failure: Error, Sendable {
        var message: String
        /// The data decompresses to more than the limit (a gzip bomb, or a limit to raise).
        var overLimit = false
    }

    private var stream = z_stream()
    private var output = [UInt8](repeating: 0, count: 1 << 16)
    private(set) var finishedMember = false
    /// True after at least one complete member.
    private(set) var membersCompleted = 0

    init() throws {
        // 15 + 16: a gzip wrapper (not zlib, not raw deflate), the largest window.
        let status = depeche_inflate_init2(&stream, 15 + 16)  // freed by inflateEnd in deinit
        guard status == Z_OK else { throw Failure(message: "zlib could not start (status \(status))") }
    }

    deinit { inflateEnd(&stream) }

    /// Decompresses `input`, appending to `into`; a new member may start anywhere in it. Throws
    /// as soon as `into` would hold more than `limit` bytes: a small chunk of a gzip bomb inflates
    /// to a thousand times its size, so the limit is checked at every 64 KiB produced.
    func decompress(_ input: [UInt8], into result: inout [UInt8], limit: Int = .max) throws {
        guard !input.isEmpty else { return }
        try input.withUnsafeBufferPointer { source in
            var offset = 0
            while offset < source.count {
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress! + offset)
                stream.avail_in = UInt32(source.count - offset)
                let status = output.withUnsafeMutableBufferPointer { buffer -> Int32 in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = output.count - Int(stream.avail_out)
                guard result.count + produced <= limit else {
                    throw Failure(message: "decompresses to more than \(limit) bytes", overLimit: true)
                }
                result.append(contentsOf: output[0..<produced])
                let consumed = (source.count - offset) - Int(stream.avail_in)
                offset += consumed
                switch status {
                case Z_STREAM_END:
                    membersCompleted += 1
                    inflateReset(&stream)
                    // Padding after the last member (some writers add zero bytes) is not a member.
                    if source[offset...].allSatisfy({ $0 == 0 }) { offset = source.count }
                case Z_OK, Z_BUF_ERROR:
                    if consumed == 0 && produced == 0 { return }
                default:
                    let reason = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                    throw Failure(message: "invalid gzip data (\(reason))")
                }
            }
        }
    }

    /// Whether the input so far ended exactly at the end of a member.
    var isAtMemberBoundary: Bool { stream.total_in == 0 }

    /// The whole of `bytes` decompressed; throws when it is not gzip or is cut short.
    static func decompress(_ bytes: [UInt8], limit: Int) throws -> [UInt8] {
        let gunzip = try Gunzip()
        var result: [UInt8] = []
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + (1 << 20))
            try gunzip.decompress(Array(bytes[offset..<end]), into: &result, limit: limit)
            offset = end
        }
        guard gunzip.membersCompleted > 0, gunzip.isAtMemberBoundary else {
            throw Failure(message: "truncated gzip data")
        }
        return result
    }

    /// True when `bytes` start with the gzip magic number.
    static func isGzip(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: [0x1F, 0x8B])
    }
}
