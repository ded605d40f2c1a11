import DepecheCore
import DepecheProcess
import Foundation

/// Builds the stages that run in child processes (`run:` and `isolate: true`).
enum ProcessStages {
    /// The factory the pipeline builder calls for such a stage. An isolated built-in stage runs as
    /// this very program: `depeche stage NAME [--reference-date DAY]`.
    static func factory(referenceDate: String?) -> ProcessStageFactory {
        { name, settings, processes, logger in
            var command = settings.command ?? [executablePath, "stage", name]
            if settings.command == nil, let referenceDate {
                command += ["--reference-date", referenceDate]
            }
            return try ProcessStage(
                ExternalStageConfiguration(
                    name: name,
                    command: command,
                    environment: settings.environment,
                    workingDirectory: settings.workingDirectory,
                    optionsJSON: settings.optionsJSON,
                    processes: processes,
                    inFlight: settings.inFlight,
                    timeout: .milliseconds(Int64((settings.timeout * 1000).rounded())),
                    restarts: settings.restarts,
                    maxFrameBytes: settings.maxFrameBytes,
                    logger: logger
                )
            )
        }
    }

    /// This program's own path, to start `depeche stage NAME`.
    static let executablePath: String = {
        let link = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        if link != "/proc/self/exe", FileManager.default.isExecutableFile(atPath: link) {
            return link
        }
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }()

    /// Starts the runner's process stages and waits for each one's handshake, so that a stage
    /// that cannot run (it refuses its options, its program exits or crashes before answering)
    /// stops the run before any input is read, at its place in the configuration. With
    /// `stopping`, the children are ended afterwards (for `validate`); otherwise they stay up
    /// for the run. Throws a ``ConfigurationError`` naming every stage that cannot start.
    static func prepare(
        _ runner: Runner,
        configuration: PipelineConfiguration,
        stopping: Bool = false
    ) async throws(ConfigurationError) {
        var problems: [ConfigurationError.Problem] = []
        let configured = runner.steps.filter { !($0.stage is UniqueIDStage) }
        for (index, step) in configured.enumerated() {
            guard let stage = step.stage as? ProcessStage else { continue }
            let location = configuration.stages.indices.contains(index) ? configuration.stages[index].location : nil
            do {
                try await stage.prepare()
            } catch {
                var message = (error as? StageFailure)?.message ?? "\(error)"
                if !message.hasPrefix("stage '\(stage.name)' ") {
                    message = "stage '\(stage.name)' cannot start: " + message
                }
                problems.append(.init(message, at: location))
            }
            if stopping {
                await stage.stop()
            }
        }
        guard problems.isEmpty else {
            for step in runner.steps {
                (step.stage as? ProcessStage)?.terminate()
            }
            throw ConfigurationError(problems)
        }
    }
}
