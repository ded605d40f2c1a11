import DepecheCore
import Foundation

/// Finds the program of a stage's `run:` command, as a shell would.
enum ExecutableLookup {
    /// The absolute path of `program`: looked up on `PATH` when it has no slash, else resolved
    /// against `workingDirectory` (or the current directory) when relative.
    static func resolve(
        _ program: String,
        environment: [String: String],
        workingDirectory: String?
    ) throws(StageFailure) -> String {
        let files = FileManager.default
        if let directory = workingDirectory {
            var isDirectory: ObjCBool = false
            guard files.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw StageFailure(
                    code: "stage-start-failed",
                    message: "the stage's working directory '\(directory)' (`cwd`) is not a folder"
                )
            }
        }
        if program.contains("/") {
            let base = workingDirectory ?? files.currentDirectoryPath
            let path =
                program.hasPrefix("/")
                ? program : URL(fileURLWithPath: base).appendingPathComponent(program).standardized.path
            guard files.isExecutableFile(atPath: path), !isFolder(path) else {
                throw StageFailure(
                    code: "stage-start-failed",
                    message: files.fileExists(atPath: path)
                        ? "the stage program '\(path)' is not executable (chmod +x?)"
                        : "the stage program '\(path)' does not exist"
                )
            }
            return path
        }
        let searchPath = environment["PATH"] ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in searchPath.split(separator: ":", omittingEmptySubsequences: true) {
            let path = URL(fileURLWithPath: String(folder)).appendingPathComponent(program).path
            if files.isExecutableFile(atPath: path) && !isFolder(path) {
                return path
            }
        }
        throw StageFailure(
            code: "stage-start-failed",
            message: "the stage program '\(program)' was not found on PATH (\(searchPath))"
        )
    }

    private static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
