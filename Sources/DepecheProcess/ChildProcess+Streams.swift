import DepecheWire
import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The two reader threads: frames on stdout, log lines on stderr. Each blocks in `read` on its
/// own thread, so a child that floods or stalls never holds up the Swift concurrency pool.
extension ChildProcess {
    static let readSize = 64 * 1024

    func startThreads() {
        let responses = Thread { self.readResponses() }
        responses.name = "depeche.stage.\(stageName).\(pid).stdout"
        responses.start()
        let lines = Thread { self.readErrors() }
        lines.name = "depeche.stage.\(stageName).\(pid).stderr"
        lines.start()
    }

    /// Reads frames until EOF or a fault; the child is failed on anything but a normal end.
    private func readResponses() {
        defer { try? output.close() }
        var decoder = FrameDecoder(maximumFrameSize: maxFrameBytes)
        var unfinished = UnfinishedFrame()
        var chunk = [UInt8](repeating: 0, count: Self.readSize)
        let descriptor = output.fileDescriptor
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                if phase != .closing {
                    fail(.endOfOutput)
                } else if decoder.bufferedByteCount > 0 {
                    let leftOver = decoder.bufferedByteCount
                    logger.warning(
                        "[\(stageName)] child pid \(pid) ended its output inside a frame (\(leftOver) bytes left)"
                    )
                }
                return
            }
            decoder.append(chunk[0..<count])
            do {
                while let frame = try decoder.nextFrame() {
                    let response: StageResponse
                    do {
                        response = try WireCodec.decode(frame, as: StageResponse.self)
                    } catch {
                        // The prefix and payload as they came, to show what the child wrote.
                        let bytes = FrameEncoder.frame(frame)
                        fail(.garbage("\(bytes.count) bytes that are not a frame: \(Self.quote(bytes))"))
                        return
                    }
                    guard deliver(response) else { return }
                }
                track(&unfinished, buffered: decoder.bufferedByteCount, chunk: chunk[0..<count])
                if let tag = Self.payloadTag(unfinished.first(64)), ![0x0A, 0x12, 0x1A].contains(tag) {
                    // No StageResponse starts this way: fail now rather than wait for the rest.
                    fail(.garbage("bytes that cannot start a frame: \(Self.quote(unfinished.first(64)))"))
                    return
                }
            } catch let error as WireError where error.code == .frameTooLarge {
                fail(.frameTooLarge("sent a frame over the limit: \(error.message)" + Self.textHint(chunk[0..<count])))
                return
            } catch {
                fail(.garbage("\(error)" + Self.textHint(chunk[0..<count])))
                return
            }
        }
    }

    /// Keeps the first bytes of the frame the decoder is waiting to complete, for the checks
    /// above and for messages ("a stray print" shows as text).
    private func track(_ unfinished: inout UnfinishedFrame, buffered: Int, chunk: ArraySlice<UInt8>) {
        let wasEmpty = unfinished.isEmpty
        unfinished.update(buffered: buffered, chunk: chunk)
        guard !(wasEmpty && unfinished.isEmpty) else { return }
        let snapshot = unfinished.first(64)
        state.withLock { $0.unfinishedOutput = (snapshot, buffered) }
    }

    /// The first payload byte of a frame whose length prefix is complete, `nil` before.
    static func payloadTag(_ bytes: [UInt8]) -> UInt8? {
        for (index, byte) in bytes.enumerated().prefix(FrameEncoder.maximumPrefixLength) where byte & 0x80 == 0 {
            return index + 1 < bytes.count ? bytes[index + 1] : nil
        }
        return nil
    }

    /// Forwards stderr line by line to the logger and keeps the last lines for failure messages.
    private func readErrors() {
        defer {
            try? errors.close()
            stderrDrained.open()
        }
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: Self.readSize)
        let descriptor = errors.fileDescriptor
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            var start = 0
            for index in 0..<count where chunk[index] == 0x0A {
                pending.append(contentsOf: chunk[start..<index])
                forward(pending)
                pending.removeAll(keepingCapacity: true)
                start = index + 1
            }
            pending.append(contentsOf: chunk[start..<count])
            if pending.count > Self.stderrLineLimit {
                forward(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
        if !pending.isEmpty {
            forward(pending)
        }
    }

    private func forward(_ bytes: [UInt8]) {
        var line = bytes[...]
        if line.last == 0x0D {
            line = line.dropLast()
        }
        var text = String(decoding: line, as: UTF8.self)
        if text.count > Self.stderrLineLimit {
            text = String(text.prefix(Self.stderrLineLimit)) + "…"
        }
        state.withLock { state in
            state.stderrTail.append(text)
            if state.stderrTail.count > Self.stderrTailLength {
                state.stderrTail.removeFirst(state.stderrTail.count - Self.stderrTailLength)
            }
        }
        logger.info("[\(stageName)] \(text)")
    }

    /// Up to 60 bytes as a quoted string, with control characters and invalid UTF-8 escaped.
    static func quote(_ bytes: some Collection<UInt8>) -> String {
        let text = String(decoding: bytes.prefix(60), as: UTF8.self)
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{FFFD}":
                quoted += "\\u{\(String(scalar.value, radix: 16))}"
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + (bytes.count > 60 ? "…\"" : "\"")
    }

    /// When the bytes read look like text, says so: a stray print is the usual cause.
    static func textHint(_ bytes: some Collection<UInt8>) -> String {
        let sample = bytes.prefix(60)
        let printable = sample.filter { (0x20..<0x7F).contains($0) || $0 == 0x0A || $0 == 0x09 }.count
        guard !sample.isEmpty, printable * 10 >= sample.count * 9 else { return "" }
        return "; the bytes look like text: \(quote(bytes))"
    }
}

/// The first bytes (up to 64) of the frame a decoder holds incomplete.
struct UnfinishedFrame {
    private var head: [UInt8] = []
    private var buffered = 0

    mutating func update(buffered: Int, chunk: ArraySlice<UInt8>) {
        defer { self.buffered = buffered }
        if buffered == 0 {
            head = []
        } else if buffered <= chunk.count {
            // The frame starts in this chunk.
            head = Array(chunk.suffix(buffered).prefix(64))
        } else if head.count < 64 && head.count == self.buffered {
            // It started earlier and all of it so far is kept: add the start of this chunk.
            head += chunk.prefix(64 - head.count)
        }
    }

    var isEmpty: Bool { buffered == 0 }

    /// The first `count` bytes kept (fewer when fewer are known).
    func first(_ count: Int) -> [UInt8] {
        Array(head.prefix(count))
    }
}
