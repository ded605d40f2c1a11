import DepecheWire
import Foundation

/// What the request stream delivers to the server loop, in stream order.
enum InboundEvent: Sendable {
    case request(StageRequest)
    /// The runner closed the stream on a frame boundary.
    case end
    /// The stream cannot be read further: a frame that does not parse, a frame over the limit, a
    /// stream cut inside a frame, a read error. The message says which.
    case broken(String)
}

/// Reads the request stream on a thread of its own, with blocking `read(2)` calls in large
/// chunks, so that a stage that keeps the cooperative threads busy never delays reading (and a
/// runner blocked on a full pipe never blocks the stage).
enum FrameReader {
    /// Bytes asked for by each `read(2)`.
    static let chunkSize = 1 << 20

    /// Starts the reader thread on `fd`. The stream ends after ``InboundEvent/end`` or
    /// ``InboundEvent/broken(_:)``.
    ///
    /// Until the handshake, frames may be up to ``FrameDecoder/defaultMaximumFrameSize``; from
    /// the frame after it, the handshake's `max_frame_bytes` applies.
    static func start(fd: Int32) -> AsyncStream<InboundEvent> {
        let (events, continuation) = AsyncStream.makeStream(of: InboundEvent.self)
        let thread = Thread {
            read(fd, into: continuation)
            continuation.finish()
        }
        thread.name = "depeche-stage-reader"
        thread.start()
        return events
    }

    private static func read(_ fd: Int32, into events: AsyncStream<InboundEvent>.Continuation) {
        // Allocated here, freed by the defer.
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkSize)
        defer { buffer.deallocate() }
        var decoder = FrameDecoder()
        var frames = 0
        while true {
            let count = Foundation.read(fd, buffer.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                events.yield(.broken("cannot read the request stream: \(String(cString: strerror(errno)))"))
                return
            }
            if count == 0 {
                do {
                    try decoder.finish()
                    events.yield(.end)
                } catch {
                    events.yield(.broken(describe(error, frame: frames + 1)))
                }
                return
            }
            decoder.append(UnsafeBufferPointer(rebasing: buffer[0..<count]))
            do {
                while let frame = try decoder.nextFrame() {
                    let request = try WireCodec.decode(frame, as: StageRequest.self)
                    frames += 1
                    if frames == 1, case .handshake(let handshake) = request {
                        // The handshake ends in this chunk, so the bytes after it are the chunk's last
                        // ones: hand them to a decoder that enforces the runner's limit.
                        let rest = decoder.bufferedByteCount
                        decoder = FrameDecoder(maximumFrameSize: StageServer.maximumFrameBytes(handshake))
                        decoder.append(UnsafeBufferPointer(rebasing: buffer[(count - rest)..<count]))
                    }
                    events.yield(.request(request))
                }
            } catch {
                events.yield(.broken(describe(error, frame: frames + 1)))
                return
            }
        }
    }

    private static func describe(_ error: any Error, frame: Int) -> String {
        let detail = (error as? WireError)?.message ?? String(describing: error)
        return "request frame \(frame): \(detail)"
    }
}
