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
}
