import ArgumentParser
import DepecheCore

@main
struct Depeche: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "depeche",
        abstract: "Turn raw news into structured records: fetch, normalize, entities, dates, export.",
        discussion: """
            Exit status: 0 when every document went through, 1 when the run finished but some documents
            failed (see the failures file beside the export), 2 for an invalid configuration, 3 when the
            run itself could not go on (for example the export could not be written).
            """,
        version: DepecheVersion.current,
        subcommands: commands,
        defaultSubcommand: nil
    )
}

/// Exit codes, in one place.
/// The subcommands; `serve` only in a build with gRPC (the trait GRPC, on by default).
private let commands: [any ParsableCommand.Type] = {
    var commands: [any ParsableCommand.Type] = [Run.self, Validate.self, Stages.self, StageCommand.self, Train.self]
    #if GRPC
    commands.insert(ServeCommand.self, at: 4)
    #endif
    return commands
}()

enum ExitStatus {
    static let success = ExitCode(0)
    static let documentsFailed = ExitCode(1)
    static let invalidConfiguration = ExitCode(2)
    static let runFailed = ExitCode(3)
}
