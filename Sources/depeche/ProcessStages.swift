import DepecheCore
import DepecheProcess
import Foundation
import Logging

#if GRPC
import DepecheRemote
#endif

/// Builds the stages that run in child processes (`run:` and `isolate: true`).
enum ProcessStages {
    /// The factory the pipeline builder calls for such a stage. An isolated built-in stage runs as
    /// this very program: `depeche stage NAME [--reference-date DAY]`.
    static func factory(referenceDate: String?) -> ProcessStageFactory {
        { name, settings, processes, logger in
            if let endpoints = settings.remote {
                return try remoteStage(
                    name: name,
                    endpoints: endpoints,
                    settings: settings,
                    streams: processes,
                    referenceDate: referenceDate,
                    logger: logger
                )
            }
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

    /// A stage on gRPC servers (`remote:`).
    static func remoteStage(
        name: String,
        endpoints: [RemoteEndpoint],
        settings: PipelineConfiguration.ProcessSettings,
        streams: Int,
        referenceDate: String?,
        logger: Logger
    ) throws -> any Stage {
        if let reason = StageCommand.refused[name] {
            throw StageFailure(code: "invalid-options", message: "cannot run remotely: \(reason)")
        }
        #if GRPC
        let timeout = Duration.milliseconds(Int64((settings.timeout * 1000).rounded()))
        return try RemoteStage(
            RemoteStageConfiguration(
                name: name,
                endpoints: endpoints,
                certificateAuthorities: settings.certificateAuthorities,
                optionsJSON: settings.optionsJSON,
                referenceDate: referenceDate,
                streamsPerEndpoint: streams,
                inFlight: settings.inFlight,
                timeout: timeout,
                // Building the stage (loading a model) takes a few seconds at most.
                handshakeTimeout: min(.seconds(30), max(.seconds(10), timeout)),
                restarts: settings.restarts,
                maxFrameBytes: settings.maxFrameBytes,
                logger: logger
            )
        )
        #else
        throw StageFailure(
            code: "invalid-options",
            message: "this depeche was built without gRPC, so 'remote:' is not available; build it with the "
                + "trait GRPC (on by default: remove --disable-default-traits)"
        )
        #endif
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
            guard let stage = step.stage as? any PreparedStage else { continue }
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
                (step.stage as? any PreparedStage)?.terminate()
            }
            throw ConfigurationError(problems)
        }
    }
}
