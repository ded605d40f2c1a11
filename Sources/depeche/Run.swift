import ArgumentParser
import DepecheCore
import DepecheProcess
import DepecheStages
import DepecheStore
import Foundation
import Logging

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a pipeline.",
        discussion: """
            Without CONFIG, runs depeche.yaml from the current folder; when there is none, --input and \
            --output run the default chain (fetch, normalize, entities, dates, export). --input and --output \
            replace the configured inputs and export path, so any corpus runs through any chain without \
            editing YAML. A missing input, or an output the run would read back as input, stops the run \
            before anything is written (status 2).
            Failed documents are listed in a failures file beside the export (out/seeds.failures.jsonl for \
            out/seeds.jsonl). An output ending in .sqlite or .db is a SQLite store (docs/store.md).
            A run commits its outputs as it goes and keeps its state beside them (out/seeds.state.json): \
            after an interruption (Ctrl-C, a kill, a full disk), the same command resumes it (docs/resume.md).
            """
    )

    @Argument(help: "The YAML configuration (default: depeche.yaml).")
    var config: String?

    @OptionGroup var target: RunTargetOptions

    @Flag(
        help: """
            Discard the state of an interrupted run and start over. Without it, running the same \
            command again after an interruption continues where it stopped.
            """
    )
    var restart = false

    @Flag(
        help: """
            Run the failures recorded by the last run of this configuration again (a flaky site, a \
            crashed stage): the items that go through are added to the output, the failures file then \
            lists those that failed again.
            """
    )
    var retryFailures = false

    @OptionGroup var verbosity: VerbosityOptions

    func run() async throws {
        // A file size limit (or a full disk) must fail the write with a message, not kill the run.
        ChildProcessRegistry.ignoreHere(SIGXFSZ)
        let logger = verbosity.bootstrapLogging()
        let workingDirectory = FileManager.default.currentDirectoryPath
        var configuration: PipelineConfiguration
        do {
            configuration = try target.apply(
                to: loadConfiguration(workingDirectory: workingDirectory, logger: logger),
                workingDirectory: workingDirectory
            )
        } catch let error as ConfigurationError {
            StandardError.line(error.description)
            throw ExitStatus.invalidConfiguration
        }
        guard !configuration.inputs.isEmpty else {
            StandardError.line("depeche: nothing to read: add 'inputs:' to the configuration or pass --input PATH")
            throw ExitStatus.invalidConfiguration
        }
        if !verbosity.quiet {
            for warning in configuration.chainWarnings {
                StandardError.line(ConfigurationError.warningLine(warning))
            }
        }
        // Before any output is touched: a mistyped --input, or an output the run would read back.
        let pathProblems = RunPaths.problems(
            inputs: configuration.inputs,
            output: configuration.output,
            workingDirectory: workingDirectory,
            checksExistence: !target.input.isEmpty
        )
        guard pathProblems.isEmpty else {
            for problem in pathProblems {
                StandardError.line(problem.location == nil ? "depeche: \(problem)" : problem.description)
            }
            throw ExitStatus.invalidConfiguration
        }
        var retry: FailureRetry?
        if retryFailures {
            do {
                retry = try FailureRetry(configuration: configuration, workingDirectory: workingDirectory)
            } catch {
                StandardError.line("depeche: \(error.message)")
                throw ExitStatus.invalidConfiguration
            }
            configuration.inputs = retry!.inputs
            if !verbosity.quiet {
                StandardError.line("retrying \(Count.grouped(retry!.failures)) failures of \(retry!.failuresPath)")
            }
        }
        // One run at a time per output: a second one is refused before it touches anything.
        let lock: RunLock
        do {
            lock = try RunLock(output: configuration.output, workingDirectory: workingDirectory)
        } catch {
            StandardError.line("depeche: \(error.message)")
            throw ExitStatus.runFailed
        }
        defer { withExtendedLifetime(lock) {} }
        let outputs = RunOutputs()
        // A store output is opened first: it is also the catalog of what earlier runs wrote (dedupe).
        var catalog: SQLiteStore?
        if let output = configuration.output, SQLiteStore.isStorePath(output) {
            do {
                catalog = try SQLiteStore(path: output)
            } catch {
                StandardError.line("depeche: \(error.message)")
                throw ExitStatus.invalidConfiguration
            }
        }
        let runner: Runner
        do {
            runner = try Pipeline.runner(
                for: configuration,
                registry: .builtin,
                logger: logger,
                processStage: ProcessStages.factory(referenceDate: configuration.referenceDate),
                outputs: outputs,
                catalog: catalog
            )
        } catch {
            StandardError.line(String(describing: error))
            throw ExitStatus.invalidConfiguration
        }
        // A stage that cannot start (options it refuses, a program that exits at once) stops the
        // run here, before any input is read or any output touched.
        do {
            try await ProcessStages.prepare(runner, configuration: configuration)
        } catch {
            StandardError.line(error.description)
            throw ExitStatus.invalidConfiguration
        }

        let failuresPath = Pipeline.failuresPath(forOutput: configuration.output, workingDirectory: workingDirectory)
        let failures = FailuresFile(path: failuresPath)
        outputs.register(failures)
        // The state lives in the store when the run's output is one, else in a file beside the export.
        let store = outputs.all.lazy.compactMap { $0 as? SQLiteStore }.first { $0.path == configuration.output }
        let journal: any RunJournal =
            store?.journal
            ?? FileJournal(path: FileJournal.path(forOutput: configuration.output, workingDirectory: workingDirectory))
        let checkpointer = try startCheckpointer(
            journal: journal,
            outputs: outputs,
            configuration: configuration,
            retry: retry,
            workingDirectory: workingDirectory
        )
        if checkpointer.current.status == .publishing {
            // Killed while publishing: everything was committed; only the publication is left.
            do {
                let final = try checkpointer.completePublication()
                if !verbosity.quiet {
                    StandardError.line(
                        "depeche: the interrupted run had read every input; its outputs are now published "
                            + "(\(final.documents) documents, \(final.failures) failures)"
                    )
                }
                if final.failures > 0 { throw ExitStatus.documentsFailed }
                return
            } catch let error as StageFailure {
                StandardError.line("depeche: \(error.message)")
                throw ExitStatus.runFailed
            }
        }
        let statistics = RunStatistics()
        let progress = verbosity.quiet || !StandardError.isTerminal ? nil : ProgressLine(statistics: statistics)
        progress?.start()
        let summary: RunSummary
        let final: RunState
        do {
            summary = try await runner.run(
                inputs: configuration.inputs,
                failures: { _ in },
                statistics: statistics,
                checkpointer: checkpointer,
                plans: retry?.plans
            )
            final = checkpointer.current
        } catch {
            await progress?.stop()
            // Children and server streams end now, not when the process exits.
            for step in runner.steps { (step.stage as? any PreparedStage)?.terminate() }
            let state = checkpointer.interrupt()
            StandardError.line("depeche: the run stopped: \(FileErrorText.describe(error))")
            StandardError.line(
                "depeche: \(state.documents) documents and \(state.failures) failures are committed; fix the cause and "
                    + "run the same command again to resume (or add --restart to start over)"
            )
            throw ExitStatus.runFailed
        }
        await progress?.stop()
        // Folds each store's write-ahead log into it, so that the file alone holds the store.
        for store in outputs.all.compactMap({ $0 as? SQLiteStore }) {
            try? store.close()
        }
        if !verbosity.quiet {
            StandardError.write(
                SummaryReport(
                    summary: summary,
                    resumed: (checkpointer.resumedDocuments, checkpointer.resumedFailures),
                    output: configuration.output,
                    failuresPath: failuresPath,
                    firstFailures: failures.first,
                    workingDirectory: workingDirectory
                ).text
            )
        }
        if final.failures > 0 {
            throw ExitStatus.documentsFailed
        }
    }

    /// Loads the run's state and decides: resume the interrupted run, or start afresh. Refuses to
    /// resume under another configuration.
    private func startCheckpointer(
        journal: any RunJournal,
        outputs: RunOutputs,
        configuration: PipelineConfiguration,
        retry: FailureRetry?,
        workingDirectory: String
    ) throws -> Checkpointer {
        let fingerprint = configuration.fingerprint
        var saved: RunState?
        do {
            saved = restart ? nil : try journal.load()
        } catch {
            StandardError.line("depeche: \(error.message)")
            throw ExitStatus.invalidConfiguration
        }
        if let previous = saved, previous.status == .finished { saved = nil }
        if let previous = saved {
            let difference = PipelineConfiguration.firstDifference(previous.configuration, fingerprint)
            if difference != nil || previous.depecheVersion != DepecheVersion.current {
                var message = "depeche: \(journal.location) holds an interrupted run of another configuration "
                if let difference {
                    message += "(it had '\(difference.before)', this one has '\(difference.now)')"
                } else {
                    message += "(written by Depeche \(previous.depecheVersion), this is \(DepecheVersion.current))"
                }
                message +=
                    "; run with --restart to discard it and start over, or run its configuration again to resume it"
                StandardError.line(message)
                throw ExitStatus.invalidConfiguration
            }
        }
        var state =
            saved
            ?? RunState(
                run: UUID().uuidString.lowercased(),
                depecheVersion: DepecheVersion.current,
                configuration: fingerprint,
                inputs: configuration.inputs.count
            )
        if let retry, saved == nil {
            // A retry continues the published outputs: they become the committed part of this run.
            do {
                state.outputs = try retry.continuePublishedOutputs(outputs.all)
            } catch {
                StandardError.line("depeche: \(error.message)")
                throw ExitStatus.runFailed
            }
        }
        let checkpointer = Checkpointer(journal: journal, outputs: outputs, state: state)
        // Children (stages in their own process) never outlive the run, even on Ctrl-C; an
        // interrupted run commits what is done, publishes nothing, and leaves a state to resume.
        // Installed before any output file is created.
        let quiet = verbosity.quiet
        ChildProcessRegistry.installSignalHandlers(beforeKill: { _ in
            let state = checkpointer.interrupt()
            if !quiet {
                StandardError.line(
                    "\ndepeche: interrupted; \(state.documents) documents and \(state.failures) failures are committed. "
                        + "Run the same command again to resume (or add --restart to start over)."
                )
            }
        })
        do {
            try checkpointer.begin()
        } catch {
            StandardError.line("depeche: \(error.message)")
            throw ExitStatus.runFailed
        }
        if let previous = saved, !verbosity.quiet {
            StandardError.line(ResumeReport(state: previous, inputs: configuration.inputs).text)
        }
        return checkpointer
    }

    private func loadConfiguration(workingDirectory: String, logger: Logger) throws -> PipelineConfiguration {
        // With --input, the configured inputs are replaced: don't insist that they exist.
        let loader = ConfigurationLoader(registry: .builtin, checksInputs: target.input.isEmpty)
        if let config {
            return try loader.load(path: config)
        }
        if FileManager.default.fileExists(atPath: "depeche.yaml") {
            return try loader.load(path: "depeche.yaml")
        }
        guard target.output != nil else {
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
