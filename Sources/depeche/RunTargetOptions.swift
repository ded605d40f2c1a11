import ArgumentParser
import DepecheCore

/// What a run reads and writes, given on the command line over the configuration: shared by
/// `run` and `validate`, so that `validate` checks the very run the same flags would start.
struct RunTargetOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: "An input file, folder, glob or URL; repeat for several. Replaces the configured inputs."
    )
    var input: [String] = []

    @Option(name: .shortAndLong, help: "The export path. Replaces the configured output.")
    var output: String?

    @Option(
        help: """
            The day that relative dates of documents without a publication date are resolved against \
            (YYYY-MM-DD). Replaces the configured reference_date.
            """
    )
    var referenceDate: String?

    @Option(
        help: """
            Process only the I-th of N parts of the documents (0/4 to 3/4), chosen by a stable hash of each \
            document's id: N workers given 0/N to N-1/N split a corpus with no overlap.
            """
    )
    var shard: String?

    /// The configuration with these flags applied. Throws a ``ConfigurationError`` for a
    /// reference date that is not a day.
    func apply(to configuration: PipelineConfiguration, workingDirectory: String) throws -> PipelineConfiguration {
        var configuration = configuration
        if !input.isEmpty {
            configuration.inputs = input.map { PathResolver.input($0, relativeTo: workingDirectory) }
        }
        if let output {
            configuration.output = PathResolver.absolute(output, relativeTo: workingDirectory)
        }
        if let referenceDate {
            guard let day = ISODay(referenceDate) else {
                throw ConfigurationError([
                    .init("--reference-date must be a date like 2025-09-04, found '\(referenceDate)'", at: nil)
                ])
            }
            configuration.referenceDate = day.description
        }
        if let shard {
            do {
                configuration.shard = try Shard(parsing: shard)
            } catch {
                throw ConfigurationError([.init(error.description, at: nil)])
            }
        }
        return configuration
    }
}
