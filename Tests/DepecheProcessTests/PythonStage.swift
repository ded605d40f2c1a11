import DepecheCore
import DepecheProcess
import DepecheTestSupport
import Foundation
import Logging
import Synchronization
import Testing

/// `Fixtures/test_stage.py`, run by the system Python with modules protoc generated from proto/.
enum PythonStage {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = packageRoot.appendingPathComponent("Tests/DepecheProcessTests/Fixtures/test_stage.py").path
    /// Debian's python3-protobuf installs for the system Python (a pyenv one may lack it).
    static let python = "/usr/bin/python3"
    static let missing = "needs protoc and Python's google.protobuf: apt-get install protobuf-compiler python3-protobuf"

    /// The folder of the generated modules, made once per test process; `nil` when protoc or
    /// google.protobuf is missing.
    static let generated: String? = {
        guard FileManager.default.isExecutableFile(atPath: python),
            let protoc = findOnPath("protoc")
        else { return nil }
        let folder = NSTemporaryDirectory() + "depeche-process-tests-\(getpid())"
        let protoFolder = packageRoot.appendingPathComponent("proto").path
        let protos = ((try? FileManager.default.contentsOfDirectory(atPath: protoFolder + "/depeche/v1")) ?? [])
            .filter { $0.hasSuffix(".proto") }.sorted().map { "depeche/v1/" + $0 }
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil,
            !protos.isEmpty,
            run(protoc, ["--python_out=" + folder, "-I", protoFolder] + protos) == 0,
            run(
                python,
                ["-c", "import sys; sys.path.insert(0, sys.argv[1]); from depeche.v1 import stage_pb2", folder]
            )
                == 0
        else { return nil }
        return folder
    }()

    static var isAvailable: Bool { generated != nil }

    /// The `run:` command of the fixture stage with `arguments` (modes).
    static func command(_ arguments: [String] = []) -> [String] {
        [python, script, generated ?? "/nonexistent"] + arguments
    }

    private static func findOnPath(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(program)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    private static func run(_ executable: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// What a run through `seed text → stage → record` produced.
struct StageRun {
    var documents: [Document]
    var failures: [FailureRecord]

    var ids: [String] { documents.map(\.id) }

    func failure(_ id: String) -> FailureRecord? {
        failures.first { $0.id == id }
    }
}

/// Builds the fixture stage's configuration.
func pythonStage(
    _ arguments: [String] = [],
    processes: Int = 1,
    inFlight: Int = 4,
    timeout: Duration = .seconds(30),
    restarts: Int = 5,
    maxFrameBytes: Int = 1 << 20,
    environment: [String: String] = [:],
    workingDirectory: String? = nil,
    optionsJSON: String = "{}",
    logs: LogRecorder = LogRecorder()
) -> ExternalStageConfiguration {
    ExternalStageConfiguration(
        name: "python-echo",
        command: PythonStage.command(arguments),
        environment: environment,
        workingDirectory: workingDirectory,
        optionsJSON: optionsJSON,
        processes: processes,
        inFlight: inFlight,
        timeout: timeout,
        handshakeTimeout: .seconds(600),
        restarts: restarts,
        maxFrameBytes: maxFrameBytes,
        exitGrace: .seconds(3),
        terminateGrace: .seconds(1),
        logger: logs.logger
    )
}

/// Runs `ids` through the runner: a stage that gives each document the text "text of ID",
/// then `stage`, then a recorder.
func run(_ stage: ProcessStage, _ ids: [String], concurrency: Int? = nil) async throws -> StageRun {
    let recorder = RecordingStage()
    let failures = Mutex<[FailureRecord]>([])
    let runner = Runner(
        steps: [
            .init(stage: SeedTextStage(), concurrency: 4),
            .init(stage: stage, concurrency: concurrency ?? stage.recommendedConcurrency),
            .init(stage: recorder, concurrency: 1),
        ],
        logger: stage.configuration.logger
    )
    let inputs = ids.map { PipelineConfiguration.Input(written: $0, resolved: $0) }
    _ = try await runner.run(inputs: inputs, failures: { record in failures.withLock { $0.append(record) } })
    return StageRun(documents: recorder.documents, failures: failures.withLock { $0 })
}

/// `doc-01` ... `doc-NN`, with `marker` appended to the ids at `bad` (1-based).
func documentIDs(_ count: Int, marking bad: [Int: String] = [:]) -> [String] {
    (1...count).map { index in
        let id = "doc-" + (index < 10 ? "0\(index)" : "\(index)")
        return bad[index].map { "\(id)-\($0)" } ?? id
    }
}

/// Checks that every id but `failed` came back once, in order, processed by the fixture.
func expectProcessed(_ run: StageRun, _ ids: [String], except failed: Set<String> = []) {
    let expected = ids.filter { !failed.contains($0) }
    #expect(run.ids == expected)
    for document in run.documents where document.text != "TEXT OF \(document.id.uppercased())" {
        Issue.record("document \(document.id) came back with the text '\(document.text.prefix(40))'")
    }
    #expect(run.failures.map(\.id).sorted() == failed.sorted())
}

struct SeedTextStage: DocumentTransform {
    let name = "seed"
    let version = "1"

    func transform(_ document: inout Document, context: StageContext) throws {
        document.text = "text of \(document.id)"
    }
}

final class RecordingStage: Stage {
    let name = "record"
    let version = "1"
    var maximumConcurrency: Int? { 1 }
    private let seen = Mutex<[Document]>([])

    var documents: [Document] { seen.withLock { $0 } }

    func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws {
        seen.withLock { $0.append(document) }
        try await emit(document)
    }
}

/// Whether `pid` is gone (or a zombie waiting to be reaped by someone else).
func processIsGone(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
    // "pid (comm) S ...": the state follows the last parenthesis.
    guard let close = stat.lastIndex(of: ")") else { return true }
    return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
}

/// Waits up to `timeout` for every pid to be gone.
/// Waits until every process in `pids` is gone; `timeout` only bounds a broken build.
func waitUntilGone(_ pids: [Int32], timeout: Duration = .seconds(600)) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if pids.allSatisfy(processIsGone) { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return pids.allSatisfy(processIsGone)
}

let testContext = StageContext(stageName: "python-echo", logger: Logger(label: "depeche-process-tests"))

/// An emitter that keeps what it is given.
final class CollectingEmitter: Sendable {
    private let storage = Mutex<[Document]>([])
    var documents: [Document] { storage.withLock { $0 } }

    var emitter: DocumentEmitter {
        DocumentEmitter(
            send: { document in self.storage.withLock { $0.append(document) } },
            fail: { _, _, _ in }
        )
    }
}
