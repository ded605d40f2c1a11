import ArgumentParser
import DepecheCore
import DepecheStages
import Foundation

struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a configuration file without running it.",
        discussion: """
            Prints every problem as file:line:column: message, and exits 2 when there is any. --input, \
            --output and --reference-date replace the configured ones as they do for run, so that validate checks what that run \
            would. Each stage \
            that runs in its own process (run: or isolate: true) is started once for its handshake, which \
            checks its program and its options as the run would; nothing else is sent to it.
            """
    )

    @Argument(help: "The YAML configuration to check.")
    var config: String = "depeche.yaml"

    @OptionGroup var target: RunTargetOptions

    @Flag(help: "Do not start the stages that run in their own process (check only the YAML and the paths).")
    var noStart = false

    @OptionGroup var verbosity: VerbosityOptions

    func run() async throws {
        let logger = verbosity.bootstrapLogging()
        do {
            let workingDirectory = FileManager.default.currentDirectoryPath
            let configuration = try target.apply(
                to: ConfigurationLoader(registry: .builtin, checksInputs: target.input.isEmpty).load(path: config),
                workingDirectory: workingDirectory
            )
            let problems = RunPaths.problems(
                inputs: configuration.inputs,
                output: configuration.output,
                workingDirectory: workingDirectory,
                checksExistence: !target.input.isEmpty
            )
            if !problems.isEmpty { throw ConfigurationError(problems) }
            let runner = try Pipeline.runner(
                for: configuration,
                registry: .builtin,
                logger: logger,
                processStage: ProcessStages.factory(referenceDate: configuration.referenceDate)
            )
            if !noStart {
                try await ProcessStages.prepare(runner, configuration: configuration, stopping: true)
            }
            if !verbosity.quiet {
                var warnings = configuration.chainWarnings
                if configuration.inputs.isEmpty {
                    warnings.insert(
                        .init("no inputs: add 'inputs:', or give --input PATH to run", at: nil),
                        at: 0
                    )
                }
                for warning in warnings {
                    StandardError.line(ConfigurationError.warningLine(warning))
                }
                let chain = configuration.stages.map(\.name).joined(separator: " → ")
                let inputs = configuration.inputs.count
                print("\(config): OK: \(inputs) input\(inputs == 1 ? "" : "s"); stages \(chain)")
            }
        } catch let error as ConfigurationError {
            StandardError.line(error.description)
            throw ExitStatus.invalidConfiguration
        }
    }
}
