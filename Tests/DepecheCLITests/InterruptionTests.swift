import DepecheTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ctrl-C and SIGTERM in the middle of a run, through the real command line.
@Suite struct InterruptionTests {
    static let echoStage = Depeche.executable.deletingLastPathComponent().appendingPathComponent("depeche-echo-stage")

    /// The first document reaches the export (so `out.jsonl.partial` exists); the second hangs
    /// in a stage child. The signal must leave the previous export untouched and no partial file.
    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func anInterruptedRunKeepsThePreviousExportAndLeavesNoPartialFile(signal: Int32, status: Int32) async throws {
        let folder = try TemporaryFolder()
        try folder.write("out.jsonl", "the previous run\n")
        try folder.write(
            "in.jsonl",
            """
            {"id": "quick", "text": "Fini."}
            {"id": "slow", "text": "Jamais fini.", "attributes": {"action": "sleep:600000"}}

            """
        )
        try folder.write(
            "run.yaml",
            """
            inputs: [in.jsonl]
            output: out.jsonl
            stages:
              - fetch
              - stage: echo
                run: [\(Self.echoStage.path)]
                timeout: 30m
              - export

            """
        )
        let process = Process()
        process.executableURL = Depeche.executable
        process.arguments = ["run", "run.yaml", "-q"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()

        let partial = folder.path + "/out.jsonl.partial"
        let deadline = ContinuousClock.now + .seconds(60)
        while !FileManager.default.fileExists(atPath: partial) && process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        try #require(FileManager.default.fileExists(atPath: partial), "the first document never reached the export")
        #expect(FileManager.default.fileExists(atPath: folder.path + "/out.failures.jsonl.partial"))

        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == status)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left == ["in.jsonl", "out.jsonl", "run.yaml"])
        #expect(try folder.read("out.jsonl") == "the previous run\n")
    }
}
