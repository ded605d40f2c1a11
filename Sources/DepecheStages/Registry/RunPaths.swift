import DepecheCore
import DepecheFetch
import Foundation

/// What `run` and `validate` check on a run's inputs and outputs before anything is read or
/// written: every local input exists, the output is a file path, and no file the run writes is
/// one of its inputs or would be read back as input by the next run.
///
/// A problem found here costs nothing: no output has been touched yet.
public enum RunPaths {
    /// The files a run with `output` writes: the export (or store), the failures file and the state.
    public static func files(forOutput output: String?, workingDirectory: String) -> [String] {
        var files: [String] = []
        if let output { files.append(output) }
        files.append(Pipeline.failuresPath(forOutput: output, workingDirectory: workingDirectory))
        files.append(FileJournal.path(forOutput: output, workingDirectory: workingDirectory))
        return files
    }

    /// The problems of these inputs with this output. `checksExistence` is false when the
    /// configuration loader already reported the missing inputs.
    public static func problems(
        inputs: [PipelineConfiguration.Input],
        output: String?,
        workingDirectory: String,
        checksExistence: Bool = true
    ) -> [ConfigurationError.Problem] {
        var problems: [ConfigurationError.Problem] = []
        if let output {
            var isDirectory: ObjCBool = false
            if output.hasSuffix("/")
                || (FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory) && isDirectory.boolValue)
            {
                let example = (output as NSString).appendingPathComponent("news.jsonl")
                problems.append(
                    .init(
                        "the output '\(display(output, workingDirectory))' is a folder; give the path of a file "
                            + "in it, such as \(display(example, workingDirectory)) (or news.sqlite for a store)",
                        at: nil
                    )
                )
                return problems
            }
        }
        let written = files(forOutput: output, workingDirectory: workingDirectory).map {
            (path: $0, real: realPath($0))
        }
        for input in inputs {
            guard let path = localPath(input.resolved) else { continue }
            if let pattern = GlobPattern(path) {
                if let file = written.first(where: { pattern.matches(path: $0.path) || pattern.matches(path: $0.real) })
                {
                    problems.append(
                        .init(
                            "the input pattern '\(input.written)' matches '\(display(file.path, workingDirectory))', "
                                + "a file this run writes: the next run would read it back as input; write the "
                                + "output elsewhere, or narrow the pattern",
                            at: input.location
                        )
                    )
                }
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                if checksExistence {
                    problems.append(
                        .init(
                            "input '\(input.written)' does not exist",
                            at: input.location,
                            suggestion: PathResolver.closestSibling(of: path).map {
                                PathResolver.display($0, like: input.written)
                            }
                        )
                    )
                }
                continue
            }
            let real = realPath(path)
            if isDirectory.boolValue {
                let folder = real.hasSuffix("/") ? real : real + "/"
                if let file = written.first(where: { $0.real.hasPrefix(folder) }) {
                    problems.append(
                        .init(
                            "the output file '\(display(file.path, workingDirectory))' is inside the input folder "
                                + "'\(input.written)': the next run would read it back as input; write the output "
                                + "outside that folder",
                            at: input.location
                        )
                    )
                }
            } else if let file = written.first(where: { $0.real == real }) {
                problems.append(
                    .init(
                        "the input '\(input.written)' is also a file this run writes "
                            + "('\(display(file.path, workingDirectory))'): the run would replace it; write the "
                            + "output elsewhere",
                        at: input.location
                    )
                )
            }
        }
        return problems
    }

    /// The path of a local input (a `file://` URL's path), or nil for a remote URL.
    private static func localPath(_ resolved: String) -> String? {
        if PathResolver.isRemote(resolved) { return nil }
        if resolved.lowercased().hasPrefix("file://") { return URL(string: resolved)?.path }
        return resolved
    }

    /// `path` with every symbolic link of its existing part resolved (the rest kept as written),
    /// so that two spellings of the same file compare equal before the file exists.
    static func realPath(_ path: String) -> String {
        var existing = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        var rest: [String] = []
        while !existing.isEmpty, existing != "/" {
            if let resolved = realpath(existing, nil) {
                defer { free(resolved) }
                var result = String(cString: resolved)
                for name in rest.reversed() { result = (result as NSString).appendingPathComponent(name) }
                return result
            }
            rest.append((existing as NSString).lastPathComponent)
            existing = (existing as NSString).deletingLastPathComponent
        }
        return path
    }

    /// `path` relative to the working directory when it is inside it.
    private static func display(_ path: String, _ workingDirectory: String) -> String {
        let folder = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
        return path.hasPrefix(folder) ? String(path.dropFirst(folder.count)) : path
    }
}
