import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock on a run's output, so that two runs never write (or resume) the same output at
/// once: the second one is refused before it touches anything.
///
/// The lock is a hidden file beside the output (`out/.seeds.lock` for `out/seeds.jsonl`)
/// locked with `flock(2)`, which the system releases when the process ends, however it ends. The
/// file holds the owner's process id, for the message. It is left in place: removing it would let
/// a third run lock a new file while a second still holds the old one.
public final class RunLock: Sendable {
    public let path: String
    private let descriptor: Int32

    /// The lock file for an output path: hidden, named like the run's other companion files
    /// (`out/.seeds.lock` for `out/seeds.jsonl`, `out/seeds.csv` or `out/seeds.sqlite`, which share
    /// `out/seeds.state.json` and `out/seeds.failures.jsonl`); `.depeche.lock` in the working
    /// directory without an output.
    public static func path(forOutput output: String?, workingDirectory: String) -> String {
        let companion = Pipeline.companionPath(forOutput: output, suffix: ".lock", workingDirectory: workingDirectory)
        let folder = (companion as NSString).deletingLastPathComponent
        return (folder as NSString).appendingPathComponent("." + (companion as NSString).lastPathComponent)
    }

    /// Takes the lock or throws a failure that names the process holding it.
    public init(output: String?, workingDirectory: String) throws(StageFailure) {
        let output = output ?? workingDirectory
        path = Self.path(forOutput: output == workingDirectory ? nil : output, workingDirectory: workingDirectory)
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw StageFailure(
                code: "output-unwritable",
                message: "\(output): cannot create the lock file \(path): \(reason); check that the folder exists "
                    + "and is writable"
            )
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            var owner = ""
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
                let pid = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                owner = " (process \(pid))"
            }
            close(descriptor)
            throw StageFailure(
                code: "output-locked",
                message: "\(output) is being written by another depeche run\(owner); wait for it to end or stop it, "
                    + "or give this run another output"
            )
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }
}
