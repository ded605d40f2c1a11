import ArgumentParser
import DepecheCore
import DepecheStageKit
import DepecheStages
import DepecheWire
import Foundation
import Logging

/// `depeche stage NAME`: one built-in stage behind the stage protocol, as the runner starts it
/// for `isolate: true`.
struct StageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage",
        abstract: "Run one built-in stage as a stage process: protocol frames on stdin and stdout.",
        discussion: """
            The runner starts this for a stage with 'isolate: true'; it is not meant to be typed. The first \
            frame on stdin is the handshake, whose options_json holds the stage's options; stdout carries \
            only response frames, and logs go to stderr. See docs/stages.md for the protocol. Exit status: \
            0 when the runner closed stdin and every request was answered, 2 when the stage cannot start \
            (unknown stage, another protocol version, invalid options), 3 for a protocol error.
            """
    )

    /// Built-in stages that cannot run in a process of their own, and why.
    static let refused = [
        "export": "it writes the run's output file, which needs every document of the run in one process; "
            + "run it in-process (remove 'isolate: true')"
    ]

    @Argument(help: "The built-in stage to run (see 'depeche stages').")
    var name: String

    @Option(help: "The run's reference date (YYYY-MM-DD), for documents without a publication date.")
    var referenceDate: String?

    @OptionGroup var verbosity: VerbosityOptions

    func run() async throws {
        guard let descriptor = StageRegistry.builtin[name] else {
            StandardError.line(
                "depeche stage: unknown stage '\(name)'; the built-in stages are "
                    + StageRegistry.builtin.names.joined(separator: ", ")
            )
            throw ExitStatus.invalidConfiguration
        }
        if let reason = Self.refused[name] {
            StandardError.line("depeche stage: stage '\(name)' cannot run isolated: \(reason)")
            throw ExitStatus.invalidConfiguration
        }
        var referenceDay: String?
        if let referenceDate {
            guard let day = ISODay(referenceDate) else {
                StandardError.line(
                    "depeche stage: --reference-date must be a date like 2025-09-04, found '\(referenceDate)'"
                )
                throw ExitStatus.invalidConfiguration
            }
            referenceDay = day.description
        }
        let logger = verbosity.bootstrapLogging()
        let directory = FileManager.default.currentDirectoryPath
        let status = await StageServer.run(referenceDate: referenceDay, logger: logger) { handshake in
            let options = try descriptor.options(fromJSON: handshake.optionsJSON, relativeTo: directory)
            return try descriptor.make(StageSetup(options: options, logger: logger))
        }
        throw ExitCode(status)
    }
}
