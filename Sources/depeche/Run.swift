import ArgumentParser
import DepecheCore
import DepecheProcess
import DepecheStages
import Foundation
import Logging

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a pipeline.",
        discussion: """
            Without CONFIG, runs depeche.yaml from the current folder, or the default chain \
            (fetch, normalize, entities, dates, export) when there is none. --input and --output replace the \
            configured inputs and export path, so any corpus runs through any chain without editing YAML.
            Failed documents are listed in a failures file beside the export (out/seeds.failures.jsonl for \
            out/seeds.jsonl).
            """
    )

    @Argument(help: "The YAML configuration (default: depeche.yaml).")
    var config: String?

    @Option(
        name: .shortAndLong,
        help: "An input file, folder, glob or URL; repeat for several. Replaces the configured inputs."
    )
    var input: [String] = []

    @Option(name: .shortAndLong, help: "The export path. Replaces the configured output.")
    var output: String?

    @OptionGroup var verbosity: VerbosityOptions

    func run() async throws {
        let logger = verbosity.bootstrapLogging()
        let workingDirectory = FileManager.default.currentDirectoryPath
        var configuration: PipelineConfiguration
        do {
            configuration = try loadConfiguration(workingDirectory: workingDirectory, logger: logger)
        } catch let error as ConfigurationError {
            StandardError.line(error.description)
            throw ExitStatus.invalidConfiguration
        }
        if !input.isEmpty {
            configuration.inputs = input.map { PathResolver.input($0, relativeTo: workingDirectory) }
        }
        if let output {
            configuration.output = PathResolver.absolute(output, relativeTo: workingDirectory)
        }
        guard !configuration.inputs.isEmpty else {
            StandardError.line("depeche: nothing to read: add 'inputs:' to the configuration or pass --input PATH")
            throw ExitStatus.invalidConfiguration
        }
        let runner: Runner
        do {
            runner = try Pipeline.runner(
                for: configuration,
                registry: .builtin,
                logger: logger,
                processStage: ProcessStages.factory(referenceDate: configuration.referenceDate)
            )
        } catch {
            StandardError.line(String(describing: error))
            throw ExitStatus.invalidConfiguration
        }

        let failuresPath = Pipeline.failuresPath(forOutput: configuration.output, workingDirectory: workingDirectory)
        let failures: FailuresFile
        do {
            failures = try FailuresFile(path: failuresPath)
        } catch {
            StandardError.line("depeche: cannot write the failures file: \(error)")
            throw ExitStatus.runFailed
        }
        // Children (stages in their own process) never outlive the run, even on Ctrl-C, and an
        // interrupted run leaves no half-written file (the previous export stays as it was).
        ChildProcessRegistry.installSignalHandlers { _ in PartialFiles.removeAll() }
        let statistics = RunStatistics()
        let progress = verbosity.quiet || !StandardError.isTerminal ? nil : ProgressLine(statistics: statistics)
        progress?.start()
        let summary: RunSummary
        do {
            summary = try await runner.run(
                inputs: configuration.inputs,
                failures: { try failures.append($0) },
                statistics: statistics
            )
            try failures.close()
        } catch {
            await progress?.stop()
            StandardError.line("depeche: the run stopped: \(error)")
            throw ExitStatus.runFailed
        }
        await progress?.stop()
        if !verbosity.quiet {
            StandardError.write(
                SummaryReport(
                    summary: summary,
                    output: configuration.output,
                    failuresPath: failuresPath,
                    firstFailures: failures.first,
                    workingDirectory: workingDirectory
                ).text
            )
        }
        if summary.failures > 0 {
            throw ExitStatus.documentsFailed
        }
    }

    private func loadConfiguration(workingDirectory: String, logger: Logger) throws -> PipelineConfiguration {
        // With --input, the configured inputs are replaced: don't insist that they exist.
        let loader = ConfigurationLoader(registry: .builtin, checksInputs: input.isEmpty)
        if let config {
            return try loader.load(path: config)
        }
        if FileManager.default.fileExists(atPath: "depeche.yaml") {
            return try loader.load(path: "depeche.yaml")
        }
        guard output != nil else {
            throw ConfigurationError([
                .init(
                    "no configuration: there is no depeche.yaml here; pass a configuration file, or --input PATH "
                        + "and --output PATH to run the default chain (\(Pipeline.defaultStages.joined(separator: ", ")))",
                    at: nil
                )
            ])
        }
        logger.info("no depeche.yaml here: running the default chain \(Pipeline.defaultStages.joined(separator: ", "))")
        let stages = Pipeline.defaultStages.map { "  - \($0)\n" }.joined()
        return try loader.parse("stages:\n" + stages, file: "(default configuration)", directory: workingDirectory)
    }
}

/// The failures file: one JSON object per line. Written to `PATH.partial` and renamed into place
/// when the run ends, so it always goes with the export of the same run.
final class FailuresFile: @unchecked Sendable {
    // Guarded by `lock`: the runner calls `append` from its sink task only, but `close` and
    // `first` come from the command's task.
    private let lock = NSLock()
    private let handle: FileHandle
    private let path: String
    private let partialPath: String
    private(set) var count = 0
    private var kept: [FailureRecord] = []

    init(path: String) throws {
        self.path = path
        partialPath = path + ".partial"
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: partialPath, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: partialPath])
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: partialPath))
        PartialFiles.register(partialPath)
    }

    func append(_ record: FailureRecord) throws {
        try lock.withLock {
            try handle.write(contentsOf: Data((record.jsonLine + "\n").utf8))
            count += 1
            if kept.count < 5 { kept.append(record) }
        }
    }

    var first: [FailureRecord] { lock.withLock { kept } }

    /// Closes the file and moves it into place.
    func close() throws {
        try lock.withLock {
            try handle.close()
            if rename(partialPath, path) != 0 {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
            PartialFiles.unregister(partialPath)
        }
    }
}
