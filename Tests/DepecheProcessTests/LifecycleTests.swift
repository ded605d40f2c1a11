import DepecheCore
import DepecheProcess
import DepecheTestSupport
import Foundation
import Logging
import Testing

/// Children start on the first document and never outlive the stage.
@Suite(.enabled(if: PythonStage.isAvailable, .init(rawValue: PythonStage.missing)))
struct LifecycleTests {
    @Test func startsEveryChildOnTheFirstDocumentAndNoneBefore() async throws {
        let stage = try ProcessStage(pythonStage(processes: 3))
        #expect(stage.childPIDs.isEmpty)
        let emitter = CollectingEmitter()
        try await stage.process(Document(id: "one", text: "a"), context: testContext, emit: emitter.emitter)
        #expect(stage.childPIDs.count == 3)
        try await stage.finish(context: testContext)
    }

    @Test func finishLeavesNoChildBehind() async throws {
        let logs = LogRecorder()
        let stage = try ProcessStage(pythonStage(processes: 3, logs: logs))
        let emitter = CollectingEmitter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 1...9 {
                group.addTask {
                    try await stage.process(
                        Document(id: "d\(index)", text: "x"),
                        context: testContext,
                        emit: emitter.emitter
                    )
                }
            }
            try await group.waitForAll()
        }
        let pids = stage.childPIDs
        #expect(pids.count == 3)
        #expect(Set(pids).isSubset(of: Set(ChildProcessRegistry.livePIDs)))
        try await stage.finish(context: testContext)
        #expect(pids.allSatisfy(processIsGone))
        #expect(Set(pids).isDisjoint(with: Set(ChildProcessRegistry.livePIDs)))
        // Children still starting when the work is done are killed; the others end gracefully.
        #expect(logs.contains(.info, "[python-echo] input closed, bye"))
        #expect(logs.messages(.warning).isEmpty)
        #expect(emitter.documents.count == 9)
    }

    @Test func warnsAboutAChildThatExitsWithAnErrorAtTheEnd() async throws {
        let logs = LogRecorder()
        let stage = try ProcessStage(pythonStage(["--exit-status", "3"], logs: logs))
        try await stage.process(Document(id: "one", text: "a"), context: testContext, emit: CollectingEmitter().emitter)
        let pid = try #require(stage.childPIDs.first)
        try await stage.finish(context: testContext)
        #expect(
            logs.contains(.warning, "stage 'python-echo' child pid \(pid) exited with status 3 at the end of the run")
        )
    }

    @Test func killsAChildThatIgnoresTheEndOfItsInputAndSIGTERM() async throws {
        let logs = LogRecorder()
        var configuration = pythonStage(["--ignore-term"], logs: logs)
        configuration.exitGrace = .milliseconds(300)
        configuration.terminateGrace = .milliseconds(300)
        let stage = try ProcessStage(configuration)
        try await stage.process(Document(id: "one", text: "a"), context: testContext, emit: CollectingEmitter().emitter)
        let pid = try #require(stage.childPIDs.first)
        try await stage.finish(context: testContext)
        // The configured graces (0.3 s + 0.3 s), not the defaults (5 s + 2 s): the warnings name
        // the grace they waited for. No clock is read, so a loaded machine cannot make it fail.
        #expect(processIsGone(pid))
        #expect(logs.contains(.warning, "did not exit 300 ms after its input ended: sending SIGTERM"))
        #expect(logs.contains(.warning, "ignored SIGTERM for 300 ms: sending SIGKILL"))
        #expect(logs.contains(.warning, "was killed by signal 9 (SIGKILL) at the end of the run"))
    }

    @Test func cancellingACallKillsTheChildren() async throws {
        let stage = try ProcessStage(pythonStage(processes: 2))
        let call = Task {
            try await stage.process(
                Document(id: "hang", text: "a"),
                context: testContext,
                emit: CollectingEmitter().emitter
            )
        }
        let pids = try await waitForChildren(of: stage, count: 2)
        call.cancel()
        await #expect(throws: CancellationError.self) { try await call.value }
        #expect(await waitUntilGone(pids))
        await #expect(throws: CancellationError.self) {
            try await stage.process(Document(id: "later"), context: testContext, emit: CollectingEmitter().emitter)
        }
    }

    /// A stage that crashes leaves nothing behind: the processes it started (its process group)
    /// are killed with it.
    @Test func aCrashedStagesOwnSubprocessesDoNotOutliveIt() async throws {
        let pidFile = NSTemporaryDirectory() + "depeche-grandchild-\(UUID().uuidString).pid"
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        let stage = try ProcessStage(pythonStage(restarts: 0))
        await #expect(throws: StageFailure.self) {
            try await stage.process(
                Document(id: "orphan", text: pidFile),
                context: testContext,
                emit: CollectingEmitter().emitter
            )
        }
        let pid = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8)))
        #expect(await waitUntilGone([pid]), "the crashed stage's grandchild \(pid) is still alive")
        try await stage.finish(context: testContext)
    }

    @Test func releasingTheStageKillsItsChildren() async throws {
        var stage: ProcessStage? = try ProcessStage(pythonStage(processes: 2))
        try await stage?.process(
            Document(id: "one", text: "a"),
            context: testContext,
            emit: CollectingEmitter().emitter
        )
        let pids = stage?.childPIDs ?? []
        #expect(pids.count == 2)
        stage = nil
        #expect(await waitUntilGone(pids))
    }

    @Test(arguments: [(SIGTERM, Int32(143)), (SIGINT, Int32(130))])
    func aSignalToTheRunnerKillsEveryChildBeforeItExits(signal: Int32, status: Int32) async throws {
        let probe = Process()
        probe.executableURL = Probe.executable
        probe.arguments = PythonStage.command()
        let output = Pipe()
        probe.standardOutput = output
        probe.standardError = FileHandle.nullDevice
        try probe.run()
        // "ready PID PID" once both children hang on a document.
        let line = Probe.readLine(output.fileHandleForReading)
        let pids = line.split(separator: " ").dropFirst().compactMap { Int32($0) }
        try #require(line.hasPrefix("ready") && pids.count == 2, "the probe said '\(line)'")
        #expect(pids.allSatisfy { !processIsGone($0) })
        kill(probe.processIdentifier, signal)
        probe.waitUntilExit()
        #expect(probe.terminationReason == .exit)
        #expect(probe.terminationStatus == status)
        #expect(await waitUntilGone(pids))
    }
}

func waitForChildren(of stage: ProcessStage, count: Int) async throws -> [Int32] {
    // Waits for the children, not for a time: the bound only keeps a broken build from hanging.
    let deadline = ContinuousClock.now + .seconds(600)
    while stage.childPIDs.count < count && ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(20))
    }
    let pids = stage.childPIDs
    try #require(pids.count == count)
    // Let the handshakes finish, so that the children are really at work.
    try await Task.sleep(for: .milliseconds(300))
    return pids
}

/// The `depeche-process-probe` executable, built next to the tests.
enum Probe {
    static let executable: URL = {
        let name = "depeche-process-probe"
        let argument0 = URL(fileURLWithPath: CommandLine.arguments[0])
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent(name),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(name),
            argument0.deletingLastPathComponent().appendingPathComponent(name),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }()

    /// One line from `handle`, without its newline ("" at EOF).
    static func readLine(_ handle: FileHandle) -> String {
        var bytes: [UInt8] = []
        while let byte = try? handle.read(upToCount: 1), let first = byte.first, first != 0x0A {
            bytes.append(first)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
