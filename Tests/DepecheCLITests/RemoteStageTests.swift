#if GRPC
import DepecheTestSupport
import Foundation
import Testing

/// Stages on gRPC servers (`remote:`), with real servers on 127.0.0.1: `depeche serve` and the
/// echo stage of the tests served with `--listen`.
@Suite struct RemoteStageTests {
    @Test func aRemoteChainExportsExactlyWhatTheInProcessChainExports() async throws {
        let folder = try TemporaryFolder()
        let seeds = ProcessStageCommandLineTests.repository.appendingPathComponent("seeds").path
        let entities = try await StageServerProcess.start(Depeche.executable, ["serve", "entities"])
        let dates = try await StageServerProcess.start(Depeche.executable, ["serve", "dates"])
        try folder.write(
            "in-process.yaml",
            "inputs: [\(seeds)]\noutput: in-process.jsonl\nreference_date: 2025-09-01\n" + CommandLineTests.chain
        )
        try folder.write(
            "remote.yaml",
            """
            inputs: [\(seeds)]
            output: remote.jsonl
            reference_date: 2025-09-01
            stages:
              - fetch
              - normalize
              - {stage: entities, remote: "\(entities.address)", in_flight: 2}
              - {stage: dates, remote: ["\(dates.address)"], concurrency: 2}
              - export

            """
        )
        let inProcess = try await Depeche.run(["run", "in-process.yaml", "-q"], in: folder.path)
        let remote = try await Depeche.run(["run", "remote.yaml", "-q"], in: folder.path)
        #expect(inProcess.status == 0, "\(inProcess.stderr)")
        #expect(remote.status == 0, "\(remote.stderr)")
        let expected = try folder.read("in-process.jsonl")
        #expect(expected.split(separator: "\n").count == 5)
        #expect(try folder.read("remote.jsonl") == expected)
        // SIGTERM: a graceful shutdown, status 0.
        #expect(try await entities.stop() == 0)
        #expect(try await dates.stop() == 0)
    }

    @Test func aServerKilledMidRunLosesNoDocument() async throws {
        let first = try await StageServerProcess.start(EchoServer.executable, [])
        let second = try await StageServerProcess.start(EchoServer.executable, [])
        // Several streams to each server: a killed server loses them at once, and that counts once.
        let run = try GatedRun.start(documents: 12, servers: [first, second], settings: "concurrency: 3, restarts: 1")
        // Both servers hold documents, held at their gates: kill the first one then.
        try await run.waitForArrivals("both servers hold documents") { arrivals in
            arrivals.contains { $0.hasPrefix("\(first.pid)-") } && arrivals.contains { $0.hasPrefix("\(second.pid)-") }
        }
        first.kill()
        try run.openGates()
        try await run.expectEveryDocumentExported()
        #expect(try await second.stop() == 0)
    }

    @Test func theDocumentsOfAKilledServerWaitForItToComeBack() async throws {
        let first = try await StageServerProcess.start(EchoServer.executable, [])
        let run = try GatedRun.start(documents: 6, servers: [first])
        try await run.waitForArrivals("the server holds documents") { $0.count > 1 }
        first.kill()
        try run.openGates()
        // The same address again: the documents in flight, and the others, go to the new server.
        let second = try await StageServerProcess.start(EchoServer.executable, [], listen: first.listenAddress)
        try await run.expectEveryDocumentExported()
        #expect(try await second.stop() == 0)
    }

    @Test func aServerStoppedWithSigtermFinishesItsDocumentsAndTheOthersGoElsewhere() async throws {
        let leaving = try await StageServerProcess.start(EchoServer.executable, [])
        let staying = try await StageServerProcess.start(EchoServer.executable, [])
        let run = try GatedRun.start(documents: 10, servers: [leaving, staying])
        try await run.waitForArrivals("the first server holds documents") { arrivals in
            arrivals.contains { $0.hasPrefix("\(leaving.pid)-") }
        }
        // SIGTERM while it holds documents: it finishes them once the gates open, and exits 0.
        leaving.process.terminate()
        try run.openGates()
        try await run.expectEveryDocumentExported()
        #expect(try await leaving.stop() == 0)
        #expect(try await staying.stop() == 0)
    }

    @Test func aShutdownPastItsGraceHandsTheDocumentsBackAtNoCost() async throws {
        let leaving = try await StageServerProcess.start(EchoServer.executable, ["--grace", "0"])
        let run = try GatedRun.start(documents: 6, servers: [leaving], settings: "restarts: 0")
        try await run.waitForArrivals("the server holds documents") { $0.count > 1 }
        // Its documents are held at their gates: with no grace, they are handed back at once.
        #expect(try await leaving.stop() == 0)
        let next = try await StageServerProcess.start(EchoServer.executable, [], listen: leaving.listenAddress)
        try run.openGates()
        try await run.expectEveryDocumentExported()
        #expect(try await next.stop() == 0)
    }

    @Test func aServerThatAcceptsConnectionsButNeverSpeaksDoesNotHoldTheRun() async throws {
        let silent = try SilentListener()
        let server = try await StageServerProcess.start(EchoServer.executable, [])
        let folder = try remoteRun(
            stage: #"{stage: echo, remote: ["grpc://127.0.0.1:\#(silent.port)", "\#(server.address)"], timeout: 3s}"#
        )
        let result = try await Depeche.run(["run", "remote.yaml", "-q"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try jsonLines(try folder.read("out.jsonl")).count == 4)
        #expect(try await server.stop() == 0)
    }

    @Test func aDocumentThatHangsItsServerFailsAloneWithStageTimeout() async throws {
        let server = try await StageServerProcess.start(EchoServer.executable, [])
        let folder = try remoteRun(
            stage: "{stage: echo, remote: \"\(server.address)\", timeout: 5s, options: {hang_on: b}}"
        )
        let result = try await Depeche.run(["run", "remote.yaml", "-q"], in: folder.path)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(try jsonLines(try folder.read("out.jsonl")).count == 3)
        let failures = try jsonLines(try folder.read("out.failures.jsonl"))
        #expect(failures.count == 1)
        #expect(failures.first?["code"] as? String == "stage-timeout")
        #expect((failures.first?["message"] as? String)?.contains(server.address) == true)
        #expect(try await server.stop() == 0)
    }

    @Test func aServerThatIsNotThereStopsTheRunWithWhatToDo() async throws {
        let port = try freePort()
        let folder = try remoteRun(stage: "{stage: entities, remote: \"grpc://127.0.0.1:\(port)\"}", documents: ["a"])
        let result = try await Depeche.run(["run", "remote.yaml", "-q"], in: folder.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("remote.yaml:5:"))
        #expect(result.stderr.contains("stage 'entities'"))
        #expect(result.stderr.contains("grpc://127.0.0.1:\(port)"))
        #expect(result.stderr.contains("depeche serve entities --listen"))
        #expect(!folder.exists("out.jsonl"))
    }

    @Test func aServerThatRefusesTheOptionsStopsTheRunAtValidate() async throws {
        let server = try await StageServerProcess.start(EchoServer.executable, [])
        let folder = try remoteRun(
            stage: "{stage: echo, remote: \"\(server.address)\", options: {refuse: true}}",
            documents: ["a"]
        )
        let result = try await Depeche.run(["validate", "remote.yaml"], in: folder.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("stage 'echo' cannot start"))
        #expect(result.stderr.contains("invalid-options"))
        #expect(result.stderr.contains("asked to refuse"))
        #expect(try await server.stop() == 0)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "needs openssl"))
    func aServerOverTLSIsTrustedThroughTheCAFileAndRefusedWithoutIt() async throws {
        let folder = try TemporaryFolder()
        try TestCertificates.make(in: folder)
        try folder.write("in/a.txt", "Titre\n\nLe 3 mars 2025, il pleuvait.\n")
        let server = try await StageServerProcess.start(
            Depeche.executable,
            ["serve", "dates", "--tls-certificate", folder.path("server.pem"), "--tls-key", folder.path("server.key")]
        )
        let port = server.address.split(separator: ":").last ?? ""
        for (name, stage) in [
            ("trusted.yaml", "{stage: dates, remote: \"grpcs://localhost:\(port)\", ca_file: ca.pem}"),
            ("untrusted.yaml", "{stage: dates, remote: \"grpcs://127.0.0.1:\(port)\"}"),
        ] {
            try folder.write(
                name,
                "inputs: [in/]\noutput: \(name).jsonl\nstages: [fetch, normalize, \(stage), export]\n"
            )
        }
        let trusted = try await Depeche.run(["run", "trusted.yaml", "-q"], in: folder.path)
        #expect(trusted.status == 0, "\(trusted.stderr)")
        let timexes = try jsonLines(try folder.read("trusted.yaml.jsonl")).first?["timexes"] as? [[String: Any]]
        #expect(timexes?.first?["value"] as? String == "2025-03-03")
        let untrusted = try await Depeche.run(["run", "untrusted.yaml", "-q"], in: folder.path)
        #expect(untrusted.status == 2)
        #expect(untrusted.stderr.contains("CERTIFICATE_VERIFY_FAILED"))
        #expect(untrusted.stderr.contains("give the authority's certificate with 'ca_file'"))
        #expect(try await server.stop() == 0)
    }

    @Test func validateChecksTheRemoteKeys() async throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "bad.yaml",
            """
            inputs: []
            stages:
              - {stage: entities, remote: "http://127.0.0.1:80"}
              - {stage: dates, remote: ["grpc://127.0.0.1"], env: {A: b}}
              - {stage: normalize, remote: "grpc://127.0.0.1:5", ca_file: nowhere.pem}
              - {stage: echo, remote: "grpc://127.0.0.1:6", run: [echo]}

            """
        )
        let result = try await Depeche.run(["validate", "bad.yaml"], in: folder.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.yaml:3:"))
        #expect(result.stderr.contains("'http://127.0.0.1:80' is not a gRPC address"))
        #expect(result.stderr.contains("has no port"))
        #expect(result.stderr.contains("'env' applies to a stage in child processes"))
        #expect(result.stderr.contains("'ca_file': 'nowhere.pem' is not a readable file"))
        #expect(result.stderr.contains("'remote' excludes 'run'"))
    }
}

/// `examples/python-grpc-stage`: a stage served by Python's grpcio, from PyPI.
@Suite struct PythonGRPCExampleTests {
    /// The launcher installs grpcio in a virtualenv on first use: it needs PyPI. CI sets
    /// DEPECHE_CI, and there the test always runs.
    static let runs: Bool = {
        if ProcessInfo.processInfo.environment["DEPECHE_CI"] != nil { return true }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = [
            "python3", "-c",
            "import urllib.request; urllib.request.urlopen('https://pypi.org/simple/grpcio/', timeout=5)",
        ]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()

    @Test(.enabled(if: runs, "needs python3 and PyPI, to install grpcio in a virtualenv (CI has both)"))
    func thePythonStageServedByGrpcioCountsTheWordsOfEveryDocument() async throws {
        let folder = try TemporaryFolder()
        try folder.write("in/a.txt", "Titre\n\nUn deux trois quatre cinq.\n")
        try folder.write("in/b.txt", "Title\n\nOne two three.\n")
        try folder.write("in/empty.txt", "")
        let launcher = ProcessStageCommandLineTests.repository.appendingPathComponent("examples/python-grpc-stage/run")
        let server = try await StageServerProcess.start(launcher, [])
        // The configuration of examples/python-grpc-stage/README.md, with this server's port.
        try folder.write(
            "remote.yaml",
            """
            inputs: [in/]
            output: out.jsonl
            stages:
              - fetch
              - normalize
              - stage: wordcount
                remote: \(server.address)
                options: {words_per_minute: 2}
              - export

            """
        )
        let result = try await Depeche.run(["run", "remote.yaml", "-q"], in: folder.path)
        #expect(result.status == 1, "\(result.stderr)")
        let documents = try jsonLines(try folder.read("out.jsonl"))
        let attributes = Dictionary(
            uniqueKeysWithValues: documents.map {
                ($0["id"] as? String ?? "", $0["attributes"] as? [String: String] ?? [:])
            }
        )
        #expect(attributes["a"] == ["word_count": "6", "reading_minutes": "3"])  // the title is in the text
        #expect(attributes["b"] == ["word_count": "4", "reading_minutes": "2"])
        let failures = try jsonLines(try folder.read("out.failures.jsonl"))
        #expect(failures.map { $0["code"] as? String } == ["invalid-input"])
        #expect(try await server.stop() == 0)
    }
}

/// A certificate authority and a server certificate for `localhost` and 127.0.0.1, made with openssl:
/// `ca.pem`, `server.pem`, `server.key`.
enum TestCertificates {
    static func make(in folder: TemporaryFolder) throws {
        try folder.write(
            "server.ext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
        )
        let steps: [[String]] = [
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=Depeche test CA", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign",
            ],
            [
                "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj",
                "/CN=localhost",
            ],
            [
                "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out",
                "server.pem", "-days", "2", "-extfile", "server.ext",
            ],
        ]
        for arguments in steps {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw StageServerProcess.ServerStartError(message: "openssl \(arguments[0]) failed")
            }
        }
    }
}

/// A folder with `remote.yaml`: the documents `in/ID.txt` fetched, through `stage` (a flow mapping),
/// and exported to `out.jsonl`.
func remoteRun(stage: String, documents: [String] = ["a", "b", "c", "d"]) throws -> TemporaryFolder {
    let folder = try TemporaryFolder()
    for id in documents {
        try folder.write("in/\(id).txt", "Titre\n\nUn texte.\n")
    }
    try folder.write(
        "remote.yaml",
        "inputs: [in/]\noutput: out.jsonl\nstages:\n  - fetch\n  - \(stage)\n  - export\n"
    )
    return folder
}

/// A run of `documents` text files through the echo stage on `servers`, each document held at its
/// gate on the server until the test opens the gates, its arrival marked in `arrivals/`.
struct GatedRun {
    let folder: TemporaryFolder
    let documents: Int
    let process: Process
    let exited: DispatchSemaphore

    static func start(documents: Int, servers: [StageServerProcess], settings: String = "") throws -> GatedRun {
        let folder = try TemporaryFolder()
        for number in 1...documents {
            try folder.write("in/doc\(number).txt", "Titre \(number)\n\nUn texte.\n")
            try folder.write("gates/doc\(number)", "")  // ids are the file names without extension
        }
        try folder.write("arrivals/.keep", "")
        let addresses = servers.map { "\"\($0.address)\"" }.joined(separator: ", ")
        try folder.write(
            "remote.yaml",
            """
            inputs: [in/]
            output: out.jsonl
            stages:
              - fetch
              - {stage: echo, remote: [\(addresses)], in_flight: 2\(settings.isEmpty ? "" : ", " + settings),
                 options: {suffix: " !", gates: \(folder.path("gates")), arrivals: \(folder.path("arrivals"))}}
              - export

            """
        )
        let process = Process()
        process.executableURL = Depeche.executable
        process.arguments = ["run", "remote.yaml", "-q"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        // Signalled at the exit (Foundation's `waitUntilExit` spins on a thread without a run loop).
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        return GatedRun(folder: folder, documents: documents, process: process, exited: exited)
    }

    /// Waits until the names in `arrivals/` (`PID-ID`) satisfy `condition`.
    func waitForArrivals(_ what: String, _ condition: @escaping @Sendable ([String]) -> Bool) async throws {
        let arrivals = folder.path("arrivals")
        try await waitUntil(what) {
            condition(((try? FileManager.default.contentsOfDirectory(atPath: arrivals)) ?? []).filter { $0 != ".keep" })
        }
    }

    func openGates() throws {
        for number in 1...documents { try FileManager.default.removeItem(atPath: folder.path("gates/doc\(number)")) }
    }

    /// The run ends with status 0, every document exported by the echo stage and no failure.
    func expectEveryDocumentExported() async throws {
        let status = try await blocking { [process, exited] in
            exited.wait()
            return process.terminationStatus
        }
        #expect(status == 0)
        let lines = try jsonLines(try folder.read("out.jsonl"))
        #expect(lines.count == documents)
        #expect(lines.allSatisfy { ($0["title"] as? String)?.hasSuffix(" !") == true })
        #expect(try folder.read("out.failures.jsonl") == "")
    }
}

/// The echo stage of the tests, served over gRPC with `--listen`.
enum EchoServer {
    static let executable = Depeche.executable.deletingLastPathComponent().appendingPathComponent("depeche-echo-stage")
}

/// A stage server in a child process, started with `--listen 127.0.0.1:0`: its address is the one
/// it prints once it listens.
final class StageServerProcess: Sendable {
    let process: Process
    let address: String
    /// Signalled once the process has exited (Foundation's `waitUntilExit` spins on a thread
    /// without a run loop).
    private let exited: DispatchSemaphore
    var pid: Int32 { process.processIdentifier }
    /// `127.0.0.1:PORT`, to start another server at the same address.
    var listenAddress: String { String(address.dropFirst("grpc://".count)) }

    private init(process: Process, address: String, exited: DispatchSemaphore) {
        self.process = process
        self.address = address
        self.exited = exited
    }

    static func start(
        _ executable: URL,
        _ arguments: [String],
        listen: String = "127.0.0.1:0"
    ) async throws -> StageServerProcess {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments + ["--listen", listen]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        // The first line: "listening on 127.0.0.1:PORT". Read on a thread of its own.
        let line = try await blocking {
            var bytes: [UInt8] = []
            while true {
                let chunk = output.fileHandleForReading.readData(ofLength: 1)
                guard let byte = chunk.first, byte != UInt8(ascii: "\n") else { break }
                bytes.append(byte)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        guard line.hasPrefix("listening on ") else {
            process.terminate()
            throw ServerStartError(message: "\(executable.lastPathComponent) did not start: '\(line)'")
        }
        return StageServerProcess(
            process: process,
            address: "grpc://" + line.dropFirst("listening on ".count),
            exited: exited
        )
    }

    /// SIGTERM, then waits for the exit: its status.
    func stop() async throws -> Int32 {
        process.terminate()
        return try await blocking { [process, exited] in
            exited.wait()
            return process.terminationStatus
        }
    }

    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        exited.wait()
    }

    deinit {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    struct ServerStartError: Error {
        var message: String
    }
}

/// A TCP port that accepts connections and never says a word (a hung process, another protocol).
final class SilentListener: Sendable {
    let port: Int
    private let socket: Int32

    init() throws {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.socket = socket
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(socket, socketAddress, length) == 0 && getsockname(socket, socketAddress, &length) == 0
            }
        }
        // The kernel completes the connections (a backlog of 64) without anyone accepting them.
        guard bound, listen(socket, 64) == 0 else {
            close(socket)
            throw StageServerProcess.ServerStartError(message: "cannot listen")
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit {
        close(socket)
    }
}

/// Waits until `condition` holds, checking every 20 ms, for at most two minutes.
func waitUntil(_ what: String, _ condition: @escaping @Sendable () -> Bool) async throws {
    let limit = ContinuousClock.now + .seconds(120)
    while !condition() {
        guard ContinuousClock.now < limit else {
            Issue.record("gave up waiting: \(what)")
            return
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}

/// A port nothing listens on: bound, read, and closed again.
func freePort() throws -> Int {
    let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
            bind(socket, socketAddress, length) == 0 && getsockname(socket, socketAddress, &length) == 0
        }
    }
    guard bound else { throw StageServerProcess.ServerStartError(message: "no free port") }
    return Int(UInt16(bigEndian: address.sin_port))
}
#endif

#if GRPC
/// Every `depeche serve ...` command the documentation shows serves (on a free port).
@Suite struct DocumentedServeCommandTests {
    static let commands: [String] = {
        let repository = DocumentationTests.repository
        var files = ["README.md"]
        let names =
            (FileManager.default.enumerator(atPath: repository.appendingPathComponent("docs").path)?.allObjects
                as? [String]) ?? []
        files += names.filter { $0.hasSuffix(".md") }.map { "docs/\($0)" }
        var commands: [String] = []
        for file in files.sorted() {
            let text = (try? String(contentsOf: repository.appendingPathComponent(file), encoding: .utf8)) ?? ""
            for match in text.matches(of: /depeche serve [a-z]+ --listen [0-9a-f.:\[\]]+:[0-9]+[^`\n]*/) {
                commands.append(String(match.output))
            }
        }
        return commands
    }()

    @Test func theDocumentationShowsServeCommands() {
        #expect(Self.commands.count >= 2, "\(Self.commands)")
    }

    @Test(arguments: commands)
    func serves(_ command: String) async throws {
        var arguments = Array(command.split(separator: " ").dropFirst().map(String.init))
        // The documented address, replaced by a free port on loopback.
        let listen = try #require(arguments.firstIndex(of: "--listen"))
        arguments.removeSubrange(listen...(listen + 1))
        let server = try await StageServerProcess.start(Depeche.executable, arguments)
        #expect(server.address.hasPrefix("grpc://127.0.0.1:"))
        #expect(try await server.stop() == 0)
    }
}
#endif
