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

    /// A stage child starts with no signal blocked and none of the stop signals ignored, whatever
    /// the runner does with them itself: it can be stopped politely and use signals of its own.
    /// (SIGPIPE is ignored by the stage library itself, and the C library reserves a real-time
    /// signal of its own: neither is checked.)
    @Test func aStageChildStartsWithTheDefaultSignals() async throws {
        let folder = try TemporaryFolder()
        try folder.write("in.jsonl", "{\"id\": \"a\", \"text\": \"Un.\", \"attributes\": {\"action\": \"signals\"}}\n")
        try folder.write(
            "run.yaml",
            "inputs: [in.jsonl]\noutput: out.jsonl\nstages:\n  - fetch\n  - {stage: echo, run: [\(Self.echoStage.path)]}\n"
                + "  - export\n"
        )
        let result = try await Depeche.run(["run", "run.yaml", "-q"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(try jsonLines(try folder.read("out.jsonl")).first)
        let attributes = try #require(document["attributes"] as? [String: String])
        #expect(attributes["SigBlk"] == "0000000000000000")
        let ignored = try #require(attributes["SigIgn"].flatMap { UInt64($0, radix: 16) })
        let stopSignals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGALRM, SIGXFSZ, SIGUSR1, SIGUSR2]
        let mask = stopSignals.reduce(UInt64(0)) { $0 | UInt64(1) << UInt64($1 - 1) }
        #expect(ignored & mask == 0, "ignored signals: \(attributes["SigIgn"] ?? "")")
    }

    /// The first document reaches the export (so `out.jsonl.partial` exists); the second hangs
    /// in a stage child. The signal must leave the previous export untouched, publish nothing,
    /// and leave a state that the same command resumes.
    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func anInterruptedRunKeepsThePreviousExportAndCanBeResumed(signal: Int32, status: Int32) async throws {
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
        let process = try Depeche.start(["run", "run.yaml", "-q"], in: folder.path)

        // The export writes its partial file when the run starts; the first document is in it
        // once the file is not empty.
        let partial = folder.path + "/out.jsonl.partial"
        let deadline = ContinuousClock.now + .seconds(600)
        while (try? folder.read("out.jsonl.partial"))?.isEmpty ?? true, process.isRunning,
            ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(20))
        }
        try #require(FileManager.default.fileExists(atPath: partial), "the first document never reached the export")
        #expect(FileManager.default.fileExists(atPath: folder.path + "/out.failures.jsonl.partial"))

        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == status)
        // Nothing published: the previous export is intact; the partial files and the state stay.
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(
            left == [
                ".out.lock", "in.jsonl", "out.failures.jsonl.partial", "out.ids.partial", "out.jsonl",
                "out.jsonl.partial", "out.state.json", "run.yaml",
            ]
        )
        #expect(try folder.read("out.jsonl") == "the previous run\n")
        #expect(try folder.read("out.state.json").contains("\"status\":\"running\""))

        // The same command resumes it (the slow document no longer sleeps) and publishes both.
        try folder.write(
            "in.jsonl",
            """
            {"id": "quick", "text": "Fini."}
            {"id": "slow", "text": "Jamais fini."}

            """
        )
        let resumed = try await Depeche.run(["run", "run.yaml"], in: folder.path)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("resuming: "))
        let ids = try folder.read("out.jsonl").split(separator: "\n").map { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(ids == ["quick", "slow"])
        #expect(try folder.read("out.state.json").contains("\"status\":\"finished\""))
        #expect(!FileManager.default.fileExists(atPath: partial))
    }
}
