import DepecheTestSupport
import Foundation
import Testing

/// Runs the built `depeche` executable as a child process, as a user would.
struct CommandResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum Depeche {
    /// Starts `depeche arguments...` in `directory` and returns at once, standard input and output
    /// closed; standard error goes to `errors` when given (else nowhere). For tests that signal,
    /// kill or watch a run while it goes on.
    static func start(_ arguments: [String], in directory: String, errors: Pipe? = nil) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors ?? FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// The `depeche` binary built next to the test bundle.
    static let executable: URL = {
        var candidates: [URL] = []
        let main = Bundle.main.bundleURL
        candidates.append(main.appendingPathComponent("depeche"))
        candidates.append(main.deletingLastPathComponent().appendingPathComponent("depeche"))
        let argument0 = URL(fileURLWithPath: CommandLine.arguments[0])
        candidates.append(argument0.deletingLastPathComponent().appendingPathComponent("depeche"))
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        fatalError("the depeche executable was not built next to the tests: looked at \(candidates.map(\.path))")
    }()

    /// Runs `depeche arguments...` in `directory`, with standard input closed; waits on a thread of
    /// its own, never on the cooperative pool that the other tests share.
    static func run(
        _ arguments: [String],
        in directory: String,
        timeout: Duration = .seconds(120)
    ) async throws -> CommandResult {
        try await blocking { try runBlocking(arguments, in: directory, timeout: timeout) }
    }

    private static func runBlocking(
        _ arguments: [String],
        in directory: String,
        timeout: Duration
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes concurrently so that neither can fill up and block the child.
        let outData = Locked<Data>(Data())
        let errData = Locked<Data>(Data())
        let group = DispatchGroup()
        for (pipe, sink) in [(output, outData), (errors, errData)] {
            group.enter()
            DispatchQueue.global().async {
                sink.set(pipe.fileHandleForReading.readDataToEndOfFile())
                group.leave()
            }
        }
        let seconds = Double(timeout.components.seconds)
        if group.wait(timeout: .now() + seconds) == .timedOut {
            process.terminate()
            Issue.record("depeche \(arguments.joined(separator: " ")) did not finish within \(seconds) s")
        }
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus,
            stdout: String(decoding: outData.get(), as: UTF8.self),
            stderr: String(decoding: errData.get(), as: UTF8.self)
        )
    }
}

final class Locked<Value>: @unchecked Sendable {
    // Every access goes through `lock`.
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
    func get() -> Value { lock.withLock { value } }
}

/// Parses a JSONL file into objects.
func jsonLines(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map { line in
        try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
}
