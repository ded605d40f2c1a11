import DepecheTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A run killed with SIGKILL at any point, then run again with the same command, ends with
/// exactly the output of an uninterrupted run: the same export bytes, the same failures file.
@Suite struct ResumeTests {
    /// 20,000 documents: one JSONL dump, or a folder of files; every 997th line of the dump is
    /// broken, so the failures file has something to keep in order too.
    enum Corpus: String, CaseIterable, Sendable {
        case dump
        case folder
    }

    static let documents = 20_000

    static func makeCorpus(_ corpus: Corpus, in folder: TemporaryFolder) throws -> String {
        switch corpus {
        case .dump:
            var text = ""
            text.reserveCapacity(documents * 120)
            for index in 0..<documents {
                if index % 997 == 500 {
                    text += "{\"id\": \"broken-\(index)\", \"text\": \n"
                } else {
                    text +=
                        "{\"id\": \"d\(index)\", \"text\": \"Titre \(index)\\n\\nLe 3 mars 2024, article \(index).\"}\n"
                }
            }
            try folder.write("in/dump.jsonl", text)
            return "in/dump.jsonl"
        case .folder:
            for index in 0..<documents {
                // Two levels, names that sort differently as bytes and as numbers.
                try folder.write(
                    "in/\(index % 7)/\(index).txt",
                    "Titre \(index)\n\nLe 3 mars 2024, article \(index)."
                )
            }
            return "in/"
        }
    }

    /// The documents' ids in the order the run reads them: the dump's line order, or the folder's
    /// walk order (byte-wise relative paths: `0/10003.txt` before `0/7.txt`).
    static func readingOrder(_ corpus: Corpus) -> [String] {
        switch corpus {
        case .dump:
            return (0..<documents).map { "d\($0)" }
        case .folder:
            return (0..<7).flatMap { folder in
                (0..<documents).filter { $0 % 7 == folder }.map { "\($0)" }
                    .sorted { Array("\($0).txt".utf8).lexicographicallyPrecedes(Array("\($1).txt".utf8)) }
            }
        }
    }

    static func configuration(input: String, output: String, isolated: Bool, gates: String? = nil) -> String {
        // The echo stage (in its own process, passing documents through unchanged) holds a
        // document as long as a file named like its id exists in `gates`; for as long as the test
        // needs on a loaded machine, not the 60 s a stage has by default.
        let echo = gates.map {
            "\n  - {stage: echo, run: [\(InterruptionTests.echoStage.path)], timeout: 60m, options: {gates: \($0)}}"
        }
        return """
            inputs: [\(input)]
            output: \(output)
            stages:
              - fetch
              - \(isolated ? "{stage: normalize, isolate: true}" : "normalize")\(echo ?? "")
              - export

            """
    }

    /// The state's committed document count, or nil when there is no state yet.
    static func committed(_ statePath: String) -> Int? {
        guard let data = FileManager.default.contents(atPath: statePath),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object["documents"] as? Int
    }

    /// Starts `depeche run CONFIG -q`, waits until the run state says at least `threshold`
    /// documents are committed, and kills it with SIGKILL. Returns false when the run ended first.
    static func killWhenCommitted(
        _ threshold: Int,
        config: String,
        statePath: String,
        in directory: String
    ) async throws -> Bool {
        let process = try Depeche.start(["run", config, "-q"], in: directory)
        guard try await waitUntilCommitted(threshold, statePath: statePath, while: process) else { return false }
        kill(process.processIdentifier, SIGKILL)
        try await blocking { process.waitUntilExit() }
        return process.terminationReason == .uncaughtSignal
    }

    /// Polls the run state on a thread of its own (never starved by the tests that keep the
    /// cooperative pool busy) until `threshold` documents are committed; false if `process` ends
    /// first. Every caller holds the run at a gate past `threshold`, so this always happens; the
    /// half hour is only there to turn a broken test into a failure instead of a hang.
    static func waitUntilCommitted(_ threshold: Int, statePath: String, while process: Process) async throws -> Bool {
        try await blocking {
            let deadline = ContinuousClock.now + .seconds(1_800)
            while process.isRunning, (committed(statePath) ?? 0) < threshold {
                guard ContinuousClock.now < deadline else {
                    kill(process.processIdentifier, SIGKILL)
                    return false
                }
                usleep(2_000)
            }
            return process.isRunning
        }
    }

    /// The run is killed at three points, each time while it waits at a gate: the echo stage holds
    /// the 1,501st, 9,501st and 16,501st documents read while their gate files exist. However fast the machine,
    /// the run cannot finish (and publish) before the test kills it; the gate is opened before the
    /// next run, which resumes the previous one.
    @Test(arguments: [(Corpus.dump, false), (Corpus.folder, false), (Corpus.dump, true)])
    func aRunKilledThreeTimesEndsWithTheBytesOfAnUninterruptedRun(corpus: Corpus, isolated: Bool) async throws {
        let folder = try TemporaryFolder()
        let input = try Self.makeCorpus(corpus, in: folder)
        let gates = folder.path("gates")
        try folder.write(
            "reference.yaml",
            Self.configuration(input: input, output: "out/reference.jsonl", isolated: isolated, gates: gates)
        )
        try folder.write(
            "killed.yaml",
            Self.configuration(input: input, output: "out/killed.jsonl", isolated: isolated, gates: gates)
        )

        let reference = try await Depeche.run(["run", "reference.yaml", "-q"], in: folder.path, timeout: .seconds(900))
        let expectedStatus: Int32 = corpus == .dump ? 1 : 0
        #expect(reference.status == expectedStatus, "\(reference.stderr)")

        // The gates: the 1,501st, 9,501st and 16,501st documents read.
        let order = Self.readingOrder(corpus)
        let stops = [
            (committed: 1_000, gate: 1_500), (committed: 9_000, gate: 9_500), (committed: 16_000, gate: 16_500),
        ]
        for stop in stops {
            try folder.write("gates/\(order[stop.gate])", "")
        }
        let statePath = folder.path("out/killed.state.json")
        for stop in stops {
            let killed = try await Self.killWhenCommitted(
                stop.committed,
                config: "killed.yaml",
                statePath: statePath,
                in: folder.path
            )
            #expect(killed, "the run ended before \(stop.committed) documents were committed")
            #expect(!folder.exists("out/killed.jsonl"), "a killed run published its export")
            let committed = Self.committed(statePath) ?? 0
            // The gated document is the (gate + 1)th: at most `gate` documents can be before it.
            #expect(committed >= stop.committed && committed <= stop.gate, "\(committed) documents committed")
            try FileManager.default.removeItem(atPath: folder.path("gates/\(order[stop.gate])"))
        }
        let resumed = try await Depeche.run(["run", "killed.yaml"], in: folder.path, timeout: .seconds(900))
        #expect(resumed.status == expectedStatus, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("resuming: "), "\(resumed.stderr)")

        let expected = try Data(contentsOf: URL(fileURLWithPath: folder.path("out/reference.jsonl")))
        let actual = try Data(contentsOf: URL(fileURLWithPath: folder.path("out/killed.jsonl")))
        #expect(actual.count == expected.count)
        #expect(actual == expected, "the resumed export differs from the uninterrupted one")
        let expectedLines = expected.split(separator: UInt8(ascii: "\n")).count
        let broken = corpus == .dump ? (0..<Self.documents).filter { $0 % 997 == 500 }.count : 0
        #expect(expectedLines == Self.documents - broken)
        #expect(try folder.read("out/killed.failures.jsonl") == folder.read("out/reference.failures.jsonl"))
        #expect(try folder.read("out/killed.state.json").contains("\"status\":\"finished\""))
        #expect(!folder.exists("out/killed.jsonl.partial"))
    }

    /// Shared set-up of the smaller tests: 3,000 documents through fetch, an echo stage (in its
    /// own process) and export; the echo stage holds document 1,500 as long as the file `gate`
    /// exists, so the run is killed while it waits there, after 1,000 documents are committed,
    /// however fast or slow the machine. The gate is then opened for the runs that follow.
    static func interruptedRun() async throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        let gate = try writeGatedCorpus(in: folder)
        try folder.write("run.yaml", gatedConfiguration())
        let killed = try await killWhenCommitted(
            1_000,
            config: "run.yaml",
            statePath: folder.path("out/news.state.json"),
            in: folder.path
        )
        try #require(killed, "the run ended before 1,000 documents were committed")
        try FileManager.default.removeItem(atPath: gate)
        return folder
    }

    /// `dump.jsonl`: 3,000 documents, the 1,501st held by the echo stage while the file `gate`
    /// exists. Returns the gate's path.
    /// With `idsRepeatEvery`, the ids start again from `d0` every so many lines.
    static func writeGatedCorpus(
        in folder: TemporaryFolder,
        output: String = "out/news.jsonl",
        idsRepeatEvery: Int = 3_000
    ) throws -> String {
        let gate = try folder.write("gate", "")
        var text = ""
        for index in 0..<3_000 {
            let action = index == 1_500 ? ", \"attributes\": {\"action\": \"wait-while-exists:\(gate)\"}" : ""
            text += "{\"id\": \"d\(index % idsRepeatEvery)\", \"text\": \"Article \(index).\"\(action)}\n"
        }
        try folder.write("dump.jsonl", text)
        return gate
    }

    static func gatedConfiguration(options: String = "", output: String = "out/news.jsonl") -> String {
        """
        inputs: [dump.jsonl]
        output: \(output)
        stages:
          - fetch
          - stage: echo
            run: [\(InterruptionTests.echoStage.path)]
            timeout: 60m\(options)
          - export

        """
    }

    @Test func restartDiscardsTheInterruptedRun() async throws {
        let folder = try await Self.interruptedRun()
        let result = try await Depeche.run(["run", "run.yaml", "--restart"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("resuming"))
        #expect(result.stderr.contains("3000 documents"), "\(result.stderr)")
        #expect(try folder.read("out/news.failures.jsonl").isEmpty)
        #expect(try folder.read("out/news.jsonl").split(separator: "\n").count == 3_000)
    }

    @Test func aChangedConfigurationIsRefusedAndNamesRestart() async throws {
        let folder = try await Self.interruptedRun()
        let state = try folder.read("out/news.state.json")
        try folder.write("run.yaml", Self.gatedConfiguration(options: "\n    options: {suffix: \" (v2)\"}"))
        let result = try await Depeche.run(["run", "run.yaml"], in: folder.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("another configuration"), "\(result.stderr)")
        #expect(result.stderr.contains("(v2)"), "\(result.stderr)")
        #expect(result.stderr.contains("--restart"), "\(result.stderr)")
        #expect(try folder.read("out/news.state.json") == state, "a refused run changed the state")
        #expect(folder.exists("out/news.jsonl.partial"))
    }

    @Test func aFinishedRunIsNotResumedTheNextRunStartsAfresh() async throws {
        let folder = try TemporaryFolder()
        try folder.write("dump.jsonl", "{\"id\": \"a\", \"text\": \"Un.\"}\n")
        try folder.write("run.yaml", Self.configuration(input: "dump.jsonl", output: "out/news.jsonl", isolated: false))
        let first = try await Depeche.run(["run", "run.yaml"], in: folder.path)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try folder.read("out/news.state.json").contains("\"status\":\"finished\""))
        try folder.write("dump.jsonl", "{\"id\": \"a\", \"text\": \"Un.\"}\n{\"id\": \"b\", \"text\": \"Deux.\"}\n")
        let second = try await Depeche.run(["run", "run.yaml"], in: folder.path)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.stderr.contains("resuming"))
        #expect(try folder.read("out/news.jsonl").split(separator: "\n").count == 2)
    }

    @Test func aDamagedStateIsReportedWithWhatToDo() async throws {
        let folder = try await Self.interruptedRun()
        try folder.write("out/news.state.json", "{not json")
        let result = try await Depeche.run(["run", "run.yaml"], in: folder.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("out/news.state.json"), "\(result.stderr)")
        #expect(result.stderr.contains("--restart"), "\(result.stderr)")
        let restarted = try await Depeche.run(["run", "run.yaml", "--restart"], in: folder.path)
        #expect(restarted.status == 0, "\(restarted.stderr)")
    }

    @Test func aPartialFileShorterThanCommittedIsRefused() async throws {
        let folder = try await Self.interruptedRun()
        try folder.write("out/news.jsonl.partial", "")
        let result = try await Depeche.run(["run", "run.yaml"], in: folder.path)
        #expect(result.status == 3)
        #expect(result.stderr.contains("news.jsonl.partial"), "\(result.stderr)")
        #expect(result.stderr.contains("--restart"), "\(result.stderr)")
    }

    /// A disk that fills up (simulated by a file size limit of 2 MB on the run) stops the run with
    /// a clear message; once there is room, the same command completes it to the same bytes.
    @Test func aFullDiskStopsTheRunClearlyAndTheSameCommandCompletesIt() async throws {
        let folder = try TemporaryFolder()
        let input = try Self.makeCorpus(.dump, in: folder)
        try folder.write(
            "reference.yaml",
            Self.configuration(input: input, output: "out/reference.jsonl", isolated: false)
        )
        try folder.write("full.yaml", Self.configuration(input: input, output: "out/full.jsonl", isolated: false))
        let reference = try await Depeche.run(["run", "reference.yaml", "-q"], in: folder.path, timeout: .seconds(900))
        #expect(reference.status == 1, "\(reference.stderr)")

        let limited = try await blocking {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -f 2048 && exec \"$0\" run full.yaml -q", Depeche.executable.path]
            process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
        #expect(limited.0 == 3, "\(limited.1)")
        #expect(limited.1.contains("File too large"), "\(limited.1)")
        #expect(limited.1.contains("out/full.jsonl.partial"), "\(limited.1)")
        #expect(limited.1.contains("run the same command again to resume"), "\(limited.1)")
        #expect((Self.committed(folder.path("out/full.state.json")) ?? 0) > 0)

        let completed = try await Depeche.run(["run", "full.yaml"], in: folder.path, timeout: .seconds(900))
        #expect(completed.status == 1, "\(completed.stderr)")
        #expect(completed.stderr.contains("resuming: "))
        #expect(try folder.read("out/full.jsonl") == folder.read("out/reference.jsonl"))
        #expect(try folder.read("out/full.failures.jsonl") == folder.read("out/reference.failures.jsonl"))
    }

    /// An output folder that turns read-only in the middle of the run (immutable, which stops
    /// root too) stops the run at its next commit; the committed state is intact, and the same
    /// command completes the run once the folder is writable again.
    @Test func anOutputFolderThatTurnsReadOnlyStopsTheRunAndKeepsTheCommittedState() async throws {
        let folder = try TemporaryFolder()
        let gate = try Self.writeGatedCorpus(in: folder)
        try folder.write("run.yaml", Self.gatedConfiguration())
        try folder.write("reference.yaml", Self.gatedConfiguration(output: "ref/news.jsonl"))
        let errors = Pipe()
        let process = try Depeche.start(["run", "run.yaml", "-q"], in: folder.path, errors: errors)
        // The run waits at the gate (document 1,501) with the documents before it committed.
        let statePath = folder.path("out/news.state.json")
        let reached = try await Self.waitUntilCommitted(1_000, statePath: statePath, while: process)
        try #require(reached, "the run ended before 1,000 documents were committed")
        let locked = try await Self.chattr("+i", folder.path("out"))
        defer { _ = try? Self.chattrBlocking("-i", folder.path("out")) }
        try #require(locked == 0, "chattr +i failed")
        try FileManager.default.removeItem(atPath: gate)
        let text = try await blocking {
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return text
        }
        _ = try await Self.chattr("-i", folder.path("out"))
        #expect(process.terminationStatus == 3, "\(text)")
        #expect(text.contains("news.state.json"), "\(text)")
        #expect(text.contains("run the same command again to resume"), "\(text)")
        #expect((Self.committed(statePath) ?? 0) >= 1_000, "the committed state was lost")

        let completed = try await Depeche.run(["run", "run.yaml"], in: folder.path, timeout: .seconds(900))
        #expect(completed.status == 0, "\(completed.stderr)")
        #expect(completed.stderr.contains("resuming: "))
        let reference = try await Depeche.run(["run", "reference.yaml", "-q"], in: folder.path, timeout: .seconds(900))
        #expect(reference.status == 0)
        #expect(try folder.read("out/news.jsonl") == folder.read("ref/news.jsonl"))
    }

    static func chattr(_ flag: String, _ path: String) async throws -> Int32 {
        try await blocking { try chattrBlocking(flag, path) }
    }

    static func chattrBlocking(_ flag: String, _ path: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
        process.arguments = [flag, path]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Two runs on the same output: the second is refused at once and names the first.
    @Test func aSecondRunOnTheSameOutputIsRefusedAndNamesTheFirst() async throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "in.jsonl",
            "{\"id\": \"slow\", \"text\": \"Jamais fini.\", \"attributes\": {\"action\": \"sleep:600000\"}}\n"
        )
        try folder.write(
            "run.yaml",
            """
            inputs: [in.jsonl]
            output: out/news.jsonl
            stages:
              - fetch
              - stage: echo
                run: [\(InterruptionTests.echoStage.path)]
                timeout: 30m
              - export

            """
        )
        let first = try Depeche.start(["run", "run.yaml", "-q"], in: folder.path)
        defer {
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
        }
        // The state file is written once the run holds its lock and has begun.
        let deadline = ContinuousClock.now + .seconds(600)
        while !folder.exists("out/news.state.json"), first.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        let second = try await Depeche.run(["run", "run.yaml"], in: folder.path)
        #expect(second.status == 3)
        #expect(second.stderr.contains("being written by another depeche run (process \(first.processIdentifier))"))
        #expect(try folder.read("out/news.state.json").contains("\"status\":\"running\""))
    }

    /// Killed while publishing (the failures file already renamed, the export not yet): the next
    /// run only completes the publication; it reads nothing again.
    @Test func aRunKilledWhilePublishingIsPublishedByTheNextOne() async throws {
        let folder = try TemporaryFolder()
        try folder.write("dump.jsonl", "{\"id\": \"a\", \"text\": \"Un.\"}\n{\"id\": \n")
        // dedupe's record of the run is deleted first when publishing: the next run must not need it.
        try folder.write(
            "run.yaml",
            "inputs: [dump.jsonl]\noutput: out/news.jsonl\nstages: [fetch, normalize, dedupe, export]\n"
        )
        let first = try await Depeche.run(["run", "run.yaml"], in: folder.path)
        #expect(first.status == 1, "\(first.stderr)")
        #expect(!folder.exists("out/news.dedupe.partial"))
        let export = try folder.read("out/news.jsonl")
        let failures = try folder.read("out/news.failures.jsonl")
        // Back to the instant between the two renames.
        try FileManager.default.moveItem(
            atPath: folder.path("out/news.jsonl"),
            toPath: folder.path("out/news.jsonl.partial")
        )
        let state = try folder.read("out/news.state.json")
        try folder.write(
            "out/news.state.json",
            state.replacingOccurrences(of: "\"status\":\"finished\"", with: "\"status\":\"publishing\"")
        )
        // Reading the dump again would be visible: it no longer parses at all.
        try folder.write("dump.jsonl", "not json\n")

        let second = try await Depeche.run(["run", "run.yaml"], in: folder.path)
        #expect(second.status == 1, "\(second.stderr)")
        #expect(second.stderr.contains("its outputs are now published"), "\(second.stderr)")
        #expect(try folder.read("out/news.jsonl") == export)
        #expect(try folder.read("out/news.failures.jsonl") == failures)
        #expect(!folder.exists("out/news.jsonl.partial"))
        #expect(try folder.read("out/news.state.json").contains("\"status\":\"finished\""))
    }

    /// dedupe knows the documents earlier runs wrote to the store: a copy ingested in a later run
    /// is marked as a duplicate of the article ingested before.
    @Test func dedupeFindsCopiesOfArticlesAnEarlierRunStored() async throws {
        let folder = try TemporaryFolder()
        let words = (0..<80).map { "mot\($0 % 23)x\($0 % 7)" }.joined(separator: " ")
        try folder.write("monday.jsonl", "{\"id\": \"original\", \"text\": \"\(words)\"}\n")
        try folder.write("tuesday.jsonl", "{\"id\": \"copy\", \"text\": \"\(words) Fin.\"}\n")
        try folder.write(
            "dedupe.yaml",
            "output: out/week.sqlite\nstages: [fetch, normalize, dedupe, export]\n"
        )
        let monday = try await Depeche.run(["run", "dedupe.yaml", "--input", "monday.jsonl"], in: folder.path)
        #expect(monday.status == 0, "\(monday.stderr)")
        let tuesday = try await Depeche.run(["run", "dedupe.yaml", "--input", "tuesday.jsonl"], in: folder.path)
        #expect(tuesday.status == 0, "\(tuesday.stderr)")
        let rows = try await blocking {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            process.arguments = [
                folder.path("out/week.sqlite"), "SELECT id, duplicate_of FROM documents ORDER BY number",
            ]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return text
        }
        #expect(rows == "original|\ncopy|original\n")
    }

    /// The same for a SQLite store: killed at the gate, resumed, and every row equal to an
    /// uninterrupted run's (documents with their numbers, failures but their times).
    @Test func aKilledRunIntoAStoreEndsWithTheRowsOfAnUninterruptedRun() async throws {
        let folder = try TemporaryFolder()
        let gate = try Self.writeGatedCorpus(in: folder)
        try folder.write("run.yaml", Self.gatedConfiguration(output: "out/news.sqlite"))
        try folder.write("reference.yaml", Self.gatedConfiguration(output: "ref/news.sqlite"))
        let store = folder.path("out/news.sqlite")
        try await Self.killWhenTheStoreHasCommitted(1_000, store: store, gate: gate, in: folder.path)

        let resumed = try await Depeche.run(["run", "run.yaml"], in: folder.path, timeout: .seconds(900))
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("resuming: "), "\(resumed.stderr)")
        let reference = try await Depeche.run(["run", "reference.yaml", "-q"], in: folder.path, timeout: .seconds(900))
        #expect(reference.status == 0, "\(reference.stderr)")
        for query in [
            "SELECT COUNT(*) FROM documents",
            "SELECT * FROM documents ORDER BY number",
            "SELECT id, source, stage, code, message, input, at, after FROM failures ORDER BY id",
            "SELECT rowid, title FROM documents_fts ORDER BY rowid",
        ] {
            let expected = Self.sqlite(folder.path("ref/news.sqlite"), query)
            let actual = Self.sqlite(store, query)
            #expect(actual == expected, "\(query)")
        }
        #expect(Self.sqlite(store, "SELECT COUNT(*) FROM documents") == "3000\n")
        #expect(Self.sqlite(store, "SELECT status FROM runs") == "finished\n")
    }

    /// A dump whose last thousand lines repeat the ids of its first thousand, into a store: killed
    /// at the gate (line 1,501), resumed, the repeated ids get the same new ids (`d0~2`...) as in
    /// an uninterrupted run, and no row replaces another.
    @Test func aResumedRunGivesRepeatedIDsTheNewIDsOfAnUninterruptedRun() async throws {
        let folder = try TemporaryFolder()
        let gate = try Self.writeGatedCorpus(in: folder, idsRepeatEvery: 2_000)
        try folder.write("run.yaml", Self.gatedConfiguration(output: "out/news.sqlite"))
        try folder.write("reference.yaml", Self.gatedConfiguration(output: "ref/news.jsonl"))
        let store = folder.path("out/news.sqlite")
        try await Self.killWhenTheStoreHasCommitted(1_000, store: store, gate: gate, in: folder.path)

        let resumed = try await Depeche.run(["run", "run.yaml", "-q"], in: folder.path, timeout: .seconds(900))
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let reference = try await Depeche.run(["run", "reference.yaml", "-q"], in: folder.path, timeout: .seconds(900))
        #expect(reference.status == 0, "\(reference.stderr)")
        let expected = try jsonLines(try folder.read("ref/news.jsonl")).compactMap { $0["id"] as? String }
        #expect(expected.count == 3_000)
        #expect(Array(expected[1_999...2_001]) == ["d1999", "d0~2", "d1~2"])
        let stored = Self.sqlite(store, "SELECT id FROM documents ORDER BY number").split(separator: "\n")
        #expect(stored.map(String.init) == expected)
        #expect(!folder.exists("out/news.ids.partial"), "the record of ids outlived the run")
    }

    /// Starts `depeche run run.yaml -q`, reads the state in the store with sqlite3 until
    /// `threshold` documents are committed (the run waits at `gate` past them), kills the run
    /// with SIGKILL, and opens the gate.
    static func killWhenTheStoreHasCommitted(
        _ threshold: Int,
        store: String,
        gate: String,
        in directory: String
    ) async throws {
        let process = try Depeche.start(["run", "run.yaml", "-q"], in: directory)
        let reached = try await blocking {
            while process.isRunning {
                let state = Self.sqlite(store, "SELECT state FROM run_state")
                if let data = state.data(using: .utf8),
                    let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                    (object["documents"] as? Int ?? 0) >= threshold
                {
                    return true
                }
                usleep(50_000)
            }
            return false
        }
        try #require(reached, "the run ended before \(threshold) documents were committed")
        kill(process.processIdentifier, SIGKILL)
        try await blocking { process.waitUntilExit() }
        try FileManager.default.removeItem(atPath: gate)
    }

    /// Runs `sqlite3 DATABASE QUERY` and returns what it prints.
    static func sqlite(_ database: String, _ query: String) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [database, query]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return "" }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }
}
