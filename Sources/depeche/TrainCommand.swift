import ArgumentParser
import DepecheCore
import DepecheEntities
import Foundation

/// `depeche train`: builds the models that stages use.
struct Train: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a stage's model from annotated data.",
        subcommands: [TrainEntities.self]
    )
}

/// `depeche train entities`: the entity tagger, from CoNLL/IOB files.
struct TrainEntities: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities",
        abstract: "Train the entities stage's tagger from CoNLL/IOB files and write a model file.",
        discussion: """
            Reads one token per line with its IOB tag (IOB1, IOB2 or IOBES over PER, ORG, LOC, MISC; \
            blank lines end sentences, -DOCSTART- lines end documents), trains an averaged perceptron \
            and prints the development F1 after each epoch. The model of the best epoch is written. \
            See docs/entities.md.
            """
    )

    @Option(name: .customLong("data"), parsing: .upToNextOption, help: "Training files (CoNLL/IOB).")
    var data: [String]

    @Option(name: .customLong("out"), help: "The model file to write.")
    var output: String

    @Option(parsing: .upToNextOption, help: "Development files, scored after each epoch.")
    var dev: [String] = []

    @Option(help: "Passes over the training data.")
    var epochs = 10

    @Option(help: "The language of the data: fr or en (its word lists and gazetteer aliases are used).")
    var language = "fr"

    @Option(help: "A word-cluster table (word, row, k1024, k256, k64; tab-separated) to use as features.")
    var clusters: String?

    @Option(name: .customLong("clusters-out"), help: "Where to write the binary cluster table the model needs.")
    var clustersOutput: String?

    @Option(name: .customLong("min-count"), help: "Features seen fewer times get no weight.")
    var minimumCount = 2

    @Option(help: "Weight rows whose largest score is at most this are left out of the model.")
    var prune: Float = 0.05

    func validate() throws {
        guard ["fr", "en"].contains(language) else {
            throw ValidationError("--language must be fr or en")
        }
        guard !data.isEmpty else { throw ValidationError("--data needs at least one file") }
    }

    func run() async throws {
        var training = EntityModelTraining(data: data, output: output)
        training.dev = dev
        training.epochs = epochs
        training.language = language
        training.clusters = clusters
        training.clustersOutput = clustersOutput
        training.minimumCount = minimumCount
        training.pruneThreshold = prune
        do {
            try training.run { print($0) }
        } catch {
            StandardError.line("depeche train entities: \(FileErrorText.describe(error))")
            // A file to read that is missing is the user's to fix (2); a model that cannot be written, 3.
            throw (error as? StageFailure)?.code == "unreadable"
                ? ExitStatus.invalidConfiguration : ExitStatus.runFailed
        }
    }
}
