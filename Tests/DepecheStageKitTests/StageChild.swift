import DepecheCore
import DepecheWire
import Foundation
import Testing

/// A stage process started from a built executable, spoken to with raw frames: what the runner
/// does, without the runner.
final class StageChild {
    /// An executable built next to the test bundle (`depeche`, `depeche-echo-stage`).
    static func executable(_ name: String) -> URL {
        var candidates: [URL] = []
        let main = Bundle.main.bundleURL
        candidates.append(main.appendingPathComponent(name))
        candidates.append(main.deletingLastPathComponent().appendingPathComponent(name))
        let argument0 = URL(fileURLWithPath: CommandLine.arguments[0])
        candidates.append(argument0.deletingLastPathComponent().appendingPathComponent(name))
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        fatalError("\(name) was not built next to the tests: looked at \(candidates.map(\.path))")
    }

    /// `depeche stage NAME` with `arguments` after it.
    static func depeche(stage name: String, _ arguments: [String] = []) throws -> StageChild {
        try StageChild(executable: executable("depeche"), arguments: ["stage", name] + arguments)
    }

    /// The custom stage of `Tests/Fixtures/EchoStage`.
    static func echo() throws -> StageChild {
        try StageChild(executable: executable("depeche-echo-stage"), arguments: [])
    }

    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private var decoder = FrameDecoder()
    private var outputEnded = false
    private let errorText = ErrorText()

    /// Writing to a child that has exited must fail with EPIPE, not kill the test process.
    private static let ignoreBrokenPipes: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()

    init(executable: URL, arguments: [String]) throws {
        Self.ignoreBrokenPipes
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let errorHandle = errors.fileHandleForReading
        let text = errorText
        Thread.detachNewThread {
            text.set(errorHandle.readDataToEndOfFile())
        }
    }

    deinit {
        if process.isRunning {
            process.terminate()
        }
    }

    /// The handshake a runner sends, with its defaults.
    static func handshake(
        stage: String,
        optionsJSON: String = "{}",
        protocolVersion: Int = 1,
        maxInFlight: Int = 16,
        maxFrameBytes: Int = 64 << 20
    ) -> StageRequest {
        .handshake(
            HandshakeRequest(
                protocolVersion: protocolVersion,
                stageName: stage,
                optionsJSON: optionsJSON,
                maxInFlight: maxInFlight,
                maxFrameBytes: maxFrameBytes
            )
        )
    }

    func send(_ requests: StageRequest...) throws {
        var bytes: [UInt8] = []
        for request in requests {
            try WireCodec.appendFrame(request, to: &bytes)
        }
        try sendRaw(bytes)
    }

    func sendRaw(_ bytes: [UInt8]) throws {
        try input.fileHandleForWriting.write(contentsOf: Data(bytes))
    }

    /// Closes the child's stdin: the end of the stream.
    func closeInput() throws {
        try input.fileHandleForWriting.close()
    }

    /// The next response, or `nil` at end of stream. Fails the test after `timeout`.
    func next(timeout: Duration = .seconds(60)) throws -> StageResponse? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let frame = try decoder.nextFrame() {
                return try WireCodec.decode(frame, as: StageResponse.self)
            }
            if outputEnded {
                try decoder.finish()
                return nil
            }
            let fd = output.fileHandleForReading.fileDescriptor
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else {
                throw ChildError.timedOut("no response within \(timeout); stderr: \(stderr)")
            }
            let milliseconds = Int32(remaining.components.seconds * 1000 + 1)
            guard poll(&poller, 1, milliseconds) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = read(fd, &chunk, chunk.count)
            if count <= 0 {
                outputEnded = true
            } else {
                decoder.append(chunk[0..<count])
            }
        }
    }

    /// Every response until the child closes stdout.
    func remaining(timeout: Duration = .seconds(60)) throws -> [StageResponse] {
        var responses: [StageResponse] = []
        while let response = try next(timeout: timeout) {
            responses.append(response)
        }
        return responses
    }

    /// Waits for the child to exit and returns its status; kills it after `timeout`.
    func exitStatus(timeout: Duration = .seconds(60)) throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                process.terminate()
                throw ChildError.timedOut("the stage process did not exit within \(timeout); stderr: \(stderr)")
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return process.terminationStatus
    }

    /// What the child wrote to stderr (complete once it has exited).
    var stderr: String {
        errorText.wait(timeout: process.isRunning ? 0 : 10)
    }

    enum ChildError: Error {
        case timedOut(String)
    }
}

/// The child's stderr, filled by a reader thread.
private final class ErrorText: @unchecked Sendable {
    // `text` and `done` are guarded by `condition`.
    private let condition = NSCondition()
    private var text = ""
    private var done = false

    func set(_ data: Data) {
        condition.withLock {
            text = String(decoding: data, as: UTF8.self)
            done = true
            condition.broadcast()
        }
    }

    func wait(timeout: Double) -> String {
        condition.withLock {
            let deadline = Date(timeIntervalSinceNow: timeout)
            while !done && condition.wait(until: deadline) {}
            return text
        }
    }
}
