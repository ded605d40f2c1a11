import DepecheStageKit
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A custom stage built with ``StageProgram``, run as a child process by DepecheStageKitTests.
///
/// It appends its `suffix` option to each title; a document's `action` attribute asks for
/// something else: `fail` throws a ``StageFailure``, `drop` emits nothing, `split` emits two
/// copies, `print` writes to stdout (which must reach stderr, not the frame stream), and
/// `sleep:<milliseconds>` waits before answering, `wait-while-exists:<path>` waits as long as the
/// file at `path` exists (a gate a test opens by deleting the file). With the `gates` option (a
/// folder), a document also waits as long as a file named like its id exists in that folder: a
/// gate for documents whose attributes a test cannot set, such as the files of a folder. Served
/// over gRPC (`--listen`), it can also mark each document's arrival with a file
/// `<arrivals>/<pid>-<id>` (the `arrivals` option) and hang (`hang_on`: the id of a document
/// never answered).
@main struct EchoStage: StageProgram {
    static let name = "echo"
    static let version = "2.1.0"

    let suffix: String
    let gates: String?
    let arrivals: String?
    let hangOn: String?

    init(options: StageProgramOptions) throws {
        suffix = try options.string("suffix") ?? ""
        gates = try options.string("gates")
        arrivals = try options.string("arrivals")
        hangOn = try options.string("hang_on")
        if try options.boolean("refuse") == true {
            throw StageFailure(code: "not-today", message: "asked to refuse")
        }
    }

    func process(_ document: Document) async throws -> [Document] {
        var document = document
        document.metadata.title += suffix
        if let arrivals {
            _ = FileManager.default.createFile(atPath: "\(arrivals)/\(getpid())-\(document.id)", contents: nil)
        }
        if document.id == hangOn {
            while true { try await Task.sleep(for: .seconds(3600)) }
        }
        if let gates, !document.id.contains("/") {
            try await waitWhileExists("\(gates)/\(document.id)")
        }
        let action = document.attributes["action"] ?? ""
        switch action {
        case "fail":
            throw StageFailure(code: "invalid-input", message: "document '\(document.id)' asked to fail")
        case "drop":
            return []
        case "split":
            var second = document
            second.id += "-2"
            return [document, second]
        case "print":
            print("a stray line from stage code")
        case "signals":
            // The signal mask and ignored signals this process started with (its main thread's).
            let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
            for line in status.split(separator: "\n") where line.hasPrefix("SigBlk:") || line.hasPrefix("SigIgn:") {
                let parts = line.split(separator: ":", maxSplits: 1)
                document.attributes[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces)
            }
        case _ where action.hasPrefix("wait-while-exists:"):
            try await waitWhileExists(String(action.dropFirst("wait-while-exists:".count)))
        case _ where action.hasPrefix("sleep:"):
            let milliseconds = Int(action.dropFirst("sleep:".count)) ?? 0
            try await Task.sleep(for: .milliseconds(milliseconds))
        default:
            break
        }
        return [document]
    }

    private func waitWhileExists(_ path: String) async throws {
        while access(path, F_OK) == 0 {
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
