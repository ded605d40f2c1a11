import DepecheCore
import Foundation

/// `depeche train entities`: trains the tagger from CoNLL files and writes a model file.
public struct EntityModelTraining: Sendable {
    /// Training files (CoNLL/IOB).
    public var data: [String]
    /// Development files, scored after each epoch; the best epoch's model is kept.
    public var dev: [String] = []
    /// Where to write the model.
    public var output: String
    public var epochs = 10
    /// `fr` or `en`: the lexicon and gazetteer aliases used by the features.
    public var language = "fr"
    /// A word-cluster table (`word<TAB>row<TAB>k1024<TAB>k256<TAB>k64`, `#` comments), if any.
    public var clusters: String?
    /// Where to write the binary cluster table the model needs (with `clusters`).
    public var clustersOutput: String?
    /// A feature seen fewer times in the training data gets no weight.
    public var minimumCount = 2
    /// Rows whose largest averaged score is at most this are left out of the model file.
    public var pruneThreshold: Float = 0.05
    public var seed: UInt64 = 1

    public init(data: [String], output: String) {
        self.data = data
        self.output = output
    }

    /// Trains, printing progress with `log`; returns the best development F1 (or the last epoch's
    /// training accuracy when there is no development set).
    @discardableResult
    public func run(log: (String) -> Void) throws -> Double {
        let resources = try EntityResources(languages: [language], gazetteerFiles: [])
        // The outputs' folders are made before the work, so that a bad path fails at once.
        for path in [output] + (clustersOutput.map { [$0] } ?? []) {
            try Self.file(path, "cannot create the folder of") {
                try FileManager.default.createDirectory(
                    at: URL(fileURLWithPath: path).deletingLastPathComponent(),
                    withIntermediateDirectories: true
                )
            }
        }
        var clusterTable = WordClusters()
        if let clusters {
            clusterTable = try Self.file(clusters, "cannot read") {
                try Self.readClusters(URL(fileURLWithPath: clusters))
            }
            log("word clusters: \(clusterTable.count) words")
            if let clustersOutput {
                try Self.file(clustersOutput, "cannot write") {
                    try clusterTable.serialized().write(to: URL(fileURLWithPath: clustersOutput))
                }
            }
        }
        let features = FeatureResources(
            lexicon: resources.lexicon,
            gazetteer: resources.gazetteer,
            clusters: clusterTable,
            language: language
        )
        let trainer = TrainingSet(tokenizer: resources.tokenizer, features: features)
        var training = CoNLLCorpus()
        for file in data {
            var corpus = try Self.file(file, "cannot read") { try CoNLLCorpus(contentsOf: URL(fileURLWithPath: file)) }
            corpus.dropNationalityMISC(lexicon: resources.lexicon)
            log(
                "\(file): \(corpus.documents.count) documents, \(corpus.sentenceCount) sentences, \(corpus.tokenCount) tokens"
            )
            training.documents += corpus.documents
        }
        var development = CoNLLCorpus()
        for file in dev {
            var corpus = try Self.file(file, "cannot read") { try CoNLLCorpus(contentsOf: URL(fileURLWithPath: file)) }
            corpus.dropNationalityMISC(lexicon: resources.lexicon)
            log("dev \(file): \(corpus.sentenceCount) sentences, \(corpus.tokenCount) tokens")
            development.documents += corpus.documents
        }
        let hashed = trainer.hash(training)
        var counts: [UInt64: Int32] = [:]
        for sentence in hashed {
            for feature in sentence.features { counts[feature, default: 0] += 1 }
        }
        let kept = counts.filter { $0.value >= Int32(minimumCount) }.keys.sorted()
        var rows: [UInt64: Int32] = [:]
        rows.reserveCapacity(kept.count)
        for (row, feature) in kept.enumerated() { rows[feature] = Int32(row) }
        log("features: \(counts.count) distinct, \(kept.count) seen at least \(minimumCount) times")
        let examples = hashed.map { $0.example(rows: rows) }
        let developmentSentences = trainer.hash(development)
        var perceptron = PerceptronTrainer(features: kept)
        var generator = SplitMix(seed: seed)
        var order = Array(examples.indices)
        var best: (f1: Double, model: PerceptronModel)?
        let tokenTotal = examples.reduce(0) { $0 + $1.tags.count }
        for epoch in 1...max(1, epochs) {
            order.shuffle(using: &generator)
            let errors = perceptron.epoch(examples, order: order)
            let model = perceptron.model(language: language, usesClusters: clusters != nil, threshold: pruneThreshold)
            let accuracy = 1 - Double(errors) / Double(max(1, tokenTotal))
            var line = "epoch \(epoch): training accuracy \(Self.format(accuracy)), \(model.rowCount) rows"
            var score = accuracy
            if !developmentSentences.isEmpty {
                let result = TrainingSet.score(model: model, developmentSentences)
                line +=
                    ", dev P \(Self.format(result.precision)) R \(Self.format(result.recall)) F1 \(Self.format(result.f1))"
                score = result.f1
            }
            log(line)
            if best == nil || score > best!.f1 {
                best = (score, model)
            }
        }
        guard let best else { return 0 }
        let data = best.model.serialized()
        try Self.file(output, "cannot write") { try data.write(to: URL(fileURLWithPath: output), options: .atomic) }
        log(
            "wrote \(output): \(best.model.rowCount) rows, \(data.count / 1024) KiB, best score \(Self.format(best.f1))"
        )
        return best.f1
    }

    /// `body`'s result, or its error as a message that names `path`: `cannot read x.conll: no such
    /// file or folder`.
    static func file<T>(_ path: String, _ action: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as StageFailure {
            throw failure
        } catch {
            throw StageFailure(
                code: action == "cannot read" ? "unreadable" : "write-failed",
                message: "\(action) \(path): \(FileErrorText.describe(error))"
            )
        }
    }

    static func format(_ value: Double) -> String {
        String(format: "%.4f", value)
    }

    /// Reads a cluster table: `word<TAB>row<TAB>k1024<TAB>k256<TAB>k64`. Words with digits are
    /// left out (numbers have their own features).
    static func readClusters(_ url: URL) throws -> WordClusters {
        let text = try String(contentsOf: url, encoding: .utf8)
        var words: [(word: String, classes: WordClusters.Classes)] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t")
            guard columns.count >= 5, !columns[0].contains(where: \.isNumber),
                let fine = UInt16(columns[2]), let medium = UInt16(columns[3]), let coarse = UInt16(columns[4])
            else { continue }
            words.append((String(columns[0]), WordClusters.Classes(fine: fine, medium: medium, coarse: coarse)))
        }
        return WordClusters(words: words)
    }
}

/// A small seeded generator, so that training is reproducible.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
