import ArgumentParser
import DepecheCore
import DepecheStages
import Foundation

struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a configuration file without running it.",
        discussion: "Prints every problem as file:line:column: message, and exits 2 when there is any."
    )

    @Argument(help: "The YAML configuration to check.")
    var config: String = "depeche.yaml"

    @OptionGroup var verbosity: VerbosityOptions

    func run() async throws {
        let logger = verbosity.bootstrapLogging()
        do {
            let configuration = try ConfigurationLoader(registry: .builtin).load(path: config)
            let problems = RunPaths.problems(
                inputs: configuration.inputs,
                output: configuration.output,
                workingDirectory: FileManager.default.currentDirectoryPath,
                checksExistence: false
            )
            if !problems.isEmpty { throw ConfigurationError(problems) }
            _ = try Pipeline.runner(
                for: configuration,
                registry: .builtin,
                logger: logger,
                processStage: ProcessStages.factory(referenceDate: configuration.referenceDate)
            )
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
