// Throughput of each built-in stage, in process, in release mode:
//
//     swift run -c release depeche-bench [--documents N] [--corpus DIR] [--rounds R] [--stages LIST]
//
// The corpus (default seeds/) is fetched and normalized once, repeated to N documents, then each
// stage is timed alone over them on one core (documents, words and bytes of text per second),
// then the whole chain as `depeche run` (a fresh process each round): in process, with stages in
// child processes, and with entities and dates served over gRPC on loopback (`depeche serve`).
import DepecheCore
import DepecheStages
import Foundation
import Logging
import Synchronization

struct Arguments {
    var documents = 2000
    var corpus = "seeds"
    var rounds = 3
    /// Children per isolated stage (default 1, as in the YAML) and documents in flight per child.
    var processes = 1
    var inFlight = 16
    /// The stages timed alone, and whether the whole chains are timed after them.
    var stages = ["normalize", "entities", "dates"]
    var chains = true

    static let usage = """
        usage: depeche-bench [--documents N] [--corpus DIR] [--rounds R] [--processes P] [--in-flight F]
                             [--stages LIST] [--no-chains]

        Times each built-in stage alone on one core over the corpus (fetched and normalized once, repeated
        to N documents), then the whole chain as `depeche run` in a fresh process: in process, with
        normalize, entities and dates isolated in child processes, with entities and dates in children,
        and with entities and dates served over gRPC on loopback. Build in release mode first:
            swift build -c release --product depeche && swift run -c release depeche-bench

          --documents N   documents in the bulk corpus (default 2000)
          --corpus DIR    folder of articles to repeat (default seeds)
          --rounds R      best of R rounds for each figure (default 3)
          --processes P   children per isolated stage, streams per gRPC server (default 1)
          --in-flight F   documents in flight per child or stream (default 16)
          --stages LIST   the stages timed alone, comma-separated (default normalize,entities,dates)
          --no-chains     time the stages alone only, not the chains, outputs and resume
        """

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--documents": documents = iterator.next().flatMap(Int.init) ?? documents
            case "--corpus": corpus = iterator.next() ?? corpus
            case "--rounds": rounds = iterator.next().flatMap(Int.init) ?? rounds
            case "--processes": processes = iterator.next().flatMap(Int.init) ?? processes
            case "--in-flight": inFlight = iterator.next().flatMap(Int.init) ?? inFlight
            case "--stages":
                stages = (iterator.next() ?? "").split(separator: ",").map(String.init)
                if let unknown = stages.first(where: { !["normalize", "entities", "dates"].contains($0) }) {
                    FileHandle.standardError.write(Data("unknown stage \(unknown)\n\(Self.usage)\n".utf8))
                    exit(64)
                }
            case "--no-chains": chains = false
            case "--help", "-h":
                print(Self.usage)
                exit(0)
            default:
                FileHandle.standardError.write(Data("unknown argument \(argument)\n\(Self.usage)\n".utf8))
                exit(64)
            }
        }
    }
}

final class Collector: Sendable {
    private let storage = Mutex<[Document]>([])
    var documents: [Document] { storage.withLock { $0 } }
    func append(_ document: Document) { storage.withLock { $0.append(document) } }
}

let logger = Logger(label: "depeche-bench")
let arguments = Arguments(CommandLine.arguments)

func make(_ name: String, output: String? = nil) throws -> any Stage {
    let descriptor = StageRegistry.builtin[name]!
    return try descriptor.make(StageSetup(options: descriptor.defaultOptions, outputPath: output, logger: logger))
}

/// Runs `stage` over `documents` one after the other; returns its outputs if `keep` (a timed round
/// drops them as it goes, as a streaming run does, so that the heap does not grow with the corpus).
@discardableResult
func drive(_ stage: any Stage, _ documents: [Document], keep: Bool = true) async throws -> [Document] {
    let collector = Collector()
    let context = StageContext(stageName: stage.name, logger: logger)
    let emitter = DocumentEmitter(send: { if keep { collector.append($0) } }, fail: { _, _, _ in })
    for document in documents {
        try await stage.process(document, context: context, emit: emitter)
    }
    return collector.documents
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

let root = FileManager.default.currentDirectoryPath
let seed = Document(
    id: arguments.corpus,
    source: Source(uri: PathResolver.absolute(arguments.corpus, relativeTo: root), kind: "input")
)
let fetched = try await drive(try make("fetch"), [seed])
guard !fetched.isEmpty else {
    print("no documents in \(arguments.corpus)")
    exit(1)
}
var corpus: [Document] = []
while corpus.count < arguments.documents {
    for document in fetched where corpus.count < arguments.documents {
        var copy = document
        copy.id = "\(document.id)-\(corpus.count)"
        corpus.append(copy)
    }
}
let normalized = try await drive(try make("normalize"), corpus)
let textBytes = normalized.reduce(0) { $0 + $1.text.utf8.count }
let words = normalized.reduce(0) { $0 + $1.text.split(whereSeparator: { $0.isWhitespace }).count }
print("corpus: \(corpus.count) documents from \(arguments.corpus), \(textBytes / 1024) KiB of text, \(words) words")
print("stage        docs/s      words/s       MB/s   (best of \(arguments.rounds), one core)")

let clock = ContinuousClock()
for name in arguments.stages {
    let stage = try make(name)
    let input = name == "normalize" ? corpus : normalized
    var best = Double.infinity
    for _ in 0..<arguments.rounds {
        let started = clock.now
        try await drive(stage, input, keep: false)
        best = min(best, seconds(clock.now - started))
    }
    let line = String(
        format: "%-10@ %9.0f %12.0f %10.2f",
        name as NSString,
        Double(input.count) / best,
        Double(words) / best,
        Double(textBytes) / best / 1e6
    )
    print(line)
}

// The whole chain, from the files on disk, as a user runs it: `depeche run` (the `depeche` built
// beside this program) in a fresh process each round, once with every stage in process and once
// with normalize, entities and dates isolated (`isolate: true`: `depeche stage NAME` children).
// Both pay the same start-up (loading lexicons and models), which the timings above leave out.
let folder = NSTemporaryDirectory() + "depeche-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
defer {
    let parent = (folder as NSString).deletingLastPathComponent
    let prefix = (folder as NSString).lastPathComponent
    for name in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
    where name.hasPrefix(prefix) || name.hasPrefix("." + prefix) {
        try? FileManager.default.removeItem(atPath: (parent as NSString).appendingPathComponent(name))
    }
}
for document in corpus where arguments.chains {
    try Data(document.source.raw).write(to: URL(fileURLWithPath: "\(folder)/\(document.id).txt"))
}
let cores = ProcessInfo.processInfo.activeProcessorCount
let depeche = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    .appendingPathComponent("depeche").path

/// The chains timed: every stage in process; normalize, entities and dates in `depeche stage`
/// children (`isolate: true`); entities and dates only in children; entities and dates served over
/// gRPC on loopback by `depeche serve` (`remote:`).
enum Chain: String, CaseIterable {
    case inProcess = "in-process"
    case isolated = "isolated"
    case children = "children"
    case grpc = "grpc"

    /// The stages out of process.
    var outside: [String] {
        switch self {
        case .inProcess: []
        case .isolated: ["normalize", "entities", "dates"]
        case .children, .grpc: ["entities", "dates"]
        }
    }
}

/// Writes the configuration of one chain and returns its path; `servers` gives the address of each
/// stage served over gRPC.
func chainConfiguration(_ chain: Chain, servers: [String: String] = [:]) throws -> String {
    let name = chain.rawValue
    let stages = ["fetch", "normalize", "entities", "dates", "export"].map { stage in
        guard chain.outside.contains(stage) else { return "  - \(stage)" }
        if chain == .grpc {
            return "  - {stage: \(stage), remote: \"\(servers[stage] ?? "")\", concurrency: \(arguments.processes), "
                + "in_flight: \(arguments.inFlight)}"
        }
        return "  - {stage: \(stage), isolate: true, concurrency: \(arguments.processes), "
            + "in_flight: \(arguments.inFlight)}"
    }
    let path = folder + "-\(name).yaml"
    let yaml = "inputs: [\(folder)]\noutput: \(folder)-\(name).jsonl\nstages:\n" + stages.joined(separator: "\n") + "\n"
    try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// Starts `depeche serve STAGE --listen 127.0.0.1:0` and returns it with its address, read from the
/// line it prints once it listens.
func startServer(_ stage: String) throws -> (process: Process, address: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: depeche)
    process.arguments = ["serve", stage, "--listen", "127.0.0.1:0"]
    let output = Pipe()
    process.standardOutput = output
    process.standardInput = FileHandle.nullDevice
    try process.run()
    var line: [UInt8] = []
    while let byte = output.fileHandleForReading.readData(ofLength: 1).first, byte != UInt8(ascii: "\n") {
        line.append(byte)
    }
    let text = String(decoding: line, as: UTF8.self)
    guard text.hasPrefix("listening on ") else {
        FileHandle.standardError.write(Data("depeche serve \(stage) did not start: '\(text)'\n".utf8))
        exit(1)
    }
    return (process, "grpc://" + text.dropFirst("listening on ".count))
}

/// Runs `depeche run CONFIG -q` and returns its wall time in seconds.
func timedRun(_ configuration: String, extra: [String] = []) throws -> Double {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: depeche)
    process.arguments = ["run", configuration, "-q"] + extra
    process.standardInput = FileHandle.nullDevice
    let started = clock.now
    try process.run()
    process.waitUntilExit()
    let elapsed = seconds(clock.now - started)
    guard process.terminationStatus == 0 else {
        FileHandle.standardError.write(
            Data("depeche run \(configuration) exited with \(process.terminationStatus)\n".utf8)
        )
        exit(1)
    }
    return elapsed
}

/// The cost of durability: the same chain (fetch, normalize, export, whose work is light, so that
/// writing dominates) into a JSON Lines file and into a SQLite store, both committed every 500
/// documents or 2 s.
func measureOutputs(documents: Int) throws {
    var best: [String: Double] = [:]
    for _ in 0..<arguments.rounds {
        for format in ["jsonl", "sqlite"] {
            let output = "\(folder)-outputs.\(format)"
            try? FileManager.default.removeItem(atPath: output)
            let path = folder + "-outputs-\(format).yaml"
            let yaml = "inputs: [\(folder)]\noutput: \(output)\nstages: [fetch, normalize, export]\n"
            try yaml.write(toFile: path, atomically: true, encoding: .utf8)
            best[format] = min(best[format] ?? .infinity, try timedRun(path, extra: ["--restart"]))
        }
    }
    for format in ["jsonl", "sqlite"] {
        print(
            String(
                format: "output %-6@ %9.0f docs/s over %d documents (fetch, normalize, export; best of %d)",
                format as NSString,
                Double(documents) / best[format]!,
                documents,
                arguments.rounds
            )
        )
    }
    print(String(format: "sqlite / jsonl: %.2f", best["jsonl"]! / best["sqlite"]!))
}

/// A run killed (SIGKILL) once half its documents are committed, then resumed: the resumed run's
/// time against an uninterrupted run's, for the whole chain in process.
func measureResume(documents: Int) throws {
    let configuration = try chainConfiguration(.inProcess)
    let full = try timedRun(configuration, extra: ["--restart"])
    let state = folder + "-in-process.state.json"
    // The full run's finished state must not be read as this run's progress.
    try? FileManager.default.removeItem(atPath: state)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: depeche)
    process.arguments = ["run", configuration, "-q", "--restart"]
    process.standardInput = FileHandle.nullDevice
    try process.run()
    var committed = 0
    while process.isRunning, committed < documents / 2 {
        usleep(2_000)
        if let data = FileManager.default.contents(atPath: state),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            object["status"] as? String == "running"
        {
            committed = object["documents"] as? Int ?? 0
        }
    }
    guard process.isRunning else {
        print("resume: the run ended before half of it was committed; use more --documents")
        return
    }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    let resumed = try timedRun(configuration)
    print(
        String(
            format: "resume: killed after %d of %d documents, the resumed run took %.2f s against %.2f s for a "
                + "full run (%.2f)",
            committed,
            documents,
            resumed,
            full,
            resumed / full
        )
    )
}

if !arguments.chains {
    print("chains skipped (--no-chains)")
} else if FileManager.default.isExecutableFile(atPath: depeche) {
    // Best of the rounds, the chains alternating so that all see the same machine. The gRPC servers
    // are started afresh for each round, like the children: each run pays for loading the stage.
    let chains = Chain.allCases
    var best = [Double](repeating: .infinity, count: chains.count)
    for _ in 0..<arguments.rounds {
        for (index, chain) in chains.enumerated() {
            var servers: [(process: Process, address: String)] = []
            if chain == .grpc {
                servers = try chain.outside.map { try startServer($0) }
            }
            let addresses = Dictionary(uniqueKeysWithValues: zip(chain.outside, servers.map(\.address)))
            best[index] = min(best[index], try timedRun(try chainConfiguration(chain, servers: addresses)))
            for server in servers {
                server.process.terminate()
                server.process.waitUntilExit()
            }
        }
    }
    let rates = best.map { Double(corpus.count) / $0 }
    let labels = [
        "in-process": "in-process                    ",
        "isolated": "isolated (normalize+ents+dates)",
        "children": "children (entities+dates)     ",
        "grpc": "gRPC loopback (entities+dates)",
    ]
    for (index, chain) in chains.enumerated() {
        print(
            String(
                format: "chain %@ %9.0f docs/s over %d documents (depeche run, best of %d), %d cores",
                (labels[chain.rawValue] ?? chain.rawValue) as NSString,
                rates[index],
                corpus.count,
                arguments.rounds,
                cores
            )
        )
    }
    print(
        String(
            format: "against in-process: isolated %.2f, children %.2f, gRPC %.2f",
            rates[1] / rates[0],
            rates[2] / rates[0],
            rates[3] / rates[0]
        )
    )
    try measureOutputs(documents: corpus.count)
    try measureResume(documents: corpus.count)
} else {
    print("chains skipped: build the tool first (swift build -c release --product depeche)")
}
