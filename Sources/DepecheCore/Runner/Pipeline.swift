import Foundation
public import Logging

/// Builds a stage that runs in child processes: (name, settings, number of children, logger).
public typealias ProcessStageFactory =
    @Sendable (String, PipelineConfiguration.ProcessSettings, Int, Logger) throws -> any Stage

/// Builds the runner for a checked configuration: instantiates each stage with its options.
public enum Pipeline {
    /// The stage chain used when no configuration file is given or found.
    public static let defaultStages = ["fetch", "normalize", "entities", "dates", "export"]

    /// Builds the chain. A stage whose factory rejects its options is reported at its place in
    /// the configuration.
    ///
    /// A stage with ``PipelineConfiguration/ProcessSettings`` (`run:` or `isolate: true`) is built by
    /// `processStage`, which the command line provides (DepecheCore starts no process itself).
    public static func runner(
        for configuration: PipelineConfiguration,
        registry: StageRegistry,
        logger: Logger,
        processStage: ProcessStageFactory? = nil,
        outputs: RunOutputs? = nil,
        catalog: (any DocumentCatalog)? = nil
    ) throws -> Runner {
        var steps: [Runner.Step] = []
        var problems: [ConfigurationError.Problem] = []
        for entry in configuration.stages {
            if let settings = entry.process {
                guard let processStage else {
                    problems.append(
                        .init(
                            "stage '\(entry.name)' runs in its own process, which this program cannot start",
                            at: entry.location
                        )
                    )
                    continue
                }
                var stageLogger = logger
                stageLogger[metadataKey: "stage"] = "\(entry.name)"
                let processes = entry.concurrency ?? 1
                do {
                    let stage = try processStage(entry.name, settings, processes, stageLogger)
                    // Every child, or every stream of every server, with `in_flight` documents.
                    let lanes = processes * (settings.remote?.count ?? 1)
                    steps.append(Runner.Step(stage: stage, concurrency: lanes * settings.inFlight))
                } catch {
                    let message = (error as? StageFailure)?.message ?? String(describing: error)
                    problems.append(.init("stage '\(entry.name)': \(message)", at: entry.location))
                }
                continue
            }
            guard let descriptor = registry[entry.name] else {
                problems.append(.init("unknown stage '\(entry.name)'", at: entry.location))
                continue
            }
            var stageLogger = logger
            stageLogger[metadataKey: "stage"] = "\(entry.name)"
            let setup = StageSetup(
                options: entry.options,
                outputPath: configuration.output,
                logger: stageLogger,
                outputs: outputs,
                catalog: catalog
            )
            do {
                let stage = try descriptor.make(setup)
                let concurrency =
                    entry.concurrency
                    ?? (descriptor.defaultConcurrency > 0
                        ? descriptor.defaultConcurrency : ProcessInfo.processInfo.activeProcessorCount)
                steps.append(Runner.Step(stage: stage, concurrency: concurrency))
            } catch {
                let message = (error as? StageFailure)?.message ?? String(describing: error)
                problems.append(.init("stage '\(entry.name)': \(message)", at: entry.location))
            }
        }
        if !problems.isEmpty {
            throw ConfigurationError(problems)
        }
        // One id per document of the run, from the first stage on (see UniqueIDStage).
        if configuration.stages.first?.name == "fetch", !steps.isEmpty {
            let stage = UniqueIDStage(
                memoryPath: outputs == nil
                    ? nil
                    : companionPath(
                        forOutput: configuration.output,
                        suffix: ".ids",
                        workingDirectory: FileManager.default.currentDirectoryPath
                    )
            )
            if let outputs, stage.memory != nil { outputs.register(stage) }
            steps.insert(Runner.Step(stage: stage, concurrency: 1), at: 1)
        }
        // This run's part of the documents, by the ids the first stage gave them (before any
        // renaming, which then happens the same way in every part).
        if let shard = configuration.shard, !steps.isEmpty {
            steps.insert(Runner.Step(stage: ShardStage(shard), concurrency: 1), at: 1)
        }
        return Runner(steps: steps, referenceDate: configuration.referenceDate, logger: logger)
    }

    /// The failures file that goes with an export path: `out/seeds.jsonl` → `out/seeds.failures.jsonl`.
    public static func failuresPath(forOutput output: String?, workingDirectory: String) -> String {
        companionPath(forOutput: output, suffix: ".failures.jsonl", workingDirectory: workingDirectory)
    }

    /// A file that goes with an export path: its name without the export's extension, plus
    /// `suffix` (`out/seeds.jsonl` → `out/seeds.failures.jsonl`); `depeche` plus `suffix` in the
    /// working directory when there is no export path.
    public static func companionPath(forOutput output: String?, suffix: String, workingDirectory: String) -> String {
        guard let output else {
            return (workingDirectory as NSString).appendingPathComponent("depeche" + suffix)
        }
        let folder = (output as NSString).deletingLastPathComponent
        var name = (output as NSString).lastPathComponent
        for extensionSuffix in [".jsonl", ".json", ".csv", ".sqlite", ".db"] where name.hasSuffix(extensionSuffix) {
            name.removeLast(extensionSuffix.count)
            break
        }
        return (folder as NSString).appendingPathComponent(name + suffix)
    }
}
