import DepecheCore
import Foundation

/// The shipped tagger models (`Data/models/entities-<language>.bin`) and word clusters
/// (`Data/models/clusters-<language>.bin`), read once per process.
enum EntityModels {
    static let directory = EntityResources.dataDirectory.appendingPathComponent("models")

    /// The languages that have a shipped model.
    static let languages: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.compactMap { name -> String? in
            guard name.hasPrefix("entities-"), name.hasSuffix(".bin") else { return nil }
            return String(name.dropFirst("entities-".count).dropLast(".bin".count))
        }.sorted()
    }()

    private static let french = load("fr")
    private static let english = load("en")

    /// The shipped model and clusters of `language`, if there is a model.
    static func shipped(_ language: String) -> (model: PerceptronModel, clusters: WordClusters)? {
        switch language {
        case "fr": french
        case "en": english
        default: load(language)
        }
    }

    private static func load(_ language: String) -> (model: PerceptronModel, clusters: WordClusters)? {
        let url = directory.appendingPathComponent("entities-\(language).bin")
        guard let data = try? Data(contentsOf: url) else { return nil }
        do {
            let model = try PerceptronModel(data: data)
            var clusters = WordClusters()
            if model.usesClusters {
                let clusterURL = directory.appendingPathComponent("clusters-\(language).bin")
                clusters = try WordClusters(data: Data(contentsOf: clusterURL))
            }
            return (model, clusters)
        } catch {
            fatalError("DepecheEntities: the shipped model \(url.lastPathComponent) is invalid: \(error)")
        }
    }

    /// The tagger of `language` over `resources` (which must hold that language's lexicon).
    static func tagger(for language: String, resources: EntityResources) -> EntityTagger? {
        guard let (model, clusters) = shipped(language) else { return nil }
        let features = FeatureResources(
            lexicon: resources.lexicon,
            gazetteer: resources.gazetteer,
            clusters: clusters,
            language: language
        )
        return EntityTagger(model: model, resources: features)
    }

    /// One language's resources with the shipped gazetteer, shared by every stage without extra files.
    private static let standardFrench = try? EntityResources(languages: ["fr"], gazetteerFiles: [])
    private static let standardEnglish = try? EntityResources(languages: ["en"], gazetteerFiles: [])

    /// A model trained with `depeche train entities`, and the word clusters it needs
    /// (`clusters-<language>.bin` beside it, as `--clusters-out` writes them).
    static func custom(_ url: URL) throws -> (model: PerceptronModel, clusters: WordClusters) {
        let name = url.path
        let model: PerceptronModel
        do {
            model = try PerceptronModel(data: Data(contentsOf: url))
        } catch {
            throw StageFailure(
                code: "invalid-option",
                message:
                    "entities: models: \(name) is not a model written by `depeche train entities` "
                    + "(\(FileErrorText.describe(error)))"
            )
        }
        guard model.usesClusters else { return (model, WordClusters()) }
        let clusterURL = url.deletingLastPathComponent().appendingPathComponent("clusters-\(model.language).bin")
        guard FileManager.default.fileExists(atPath: clusterURL.path) else {
            throw StageFailure(
                code: "invalid-option",
                message:
                    "entities: models: \(name) uses word clusters, but \(clusterURL.path) is missing; "
                    + "put the table that `depeche train entities --clusters-out` wrote beside the model"
            )
        }
        do {
            return (model, try WordClusters(data: Data(contentsOf: clusterURL)))
        } catch {
            throw StageFailure(
                code: "invalid-option",
                message:
                    "entities: models: \(clusterURL.path) is not a word-cluster table "
                    + "(\(FileErrorText.describe(error)))"
            )
        }
    }

    /// The tagged recognizer for `languages` (the first with a model is the fallback), with
    /// `gazetteerFiles` read after the shipped gazetteer and `models` (by language) in place of the
    /// shipped ones. `nil` when no language has a model.
    static func recognizer(
        languages: [String],
        gazetteerFiles: [URL],
        models: [String: (model: PerceptronModel, clusters: WordClusters)] = [:]
    ) throws -> TaggedRecognizer? {
        var readers: [String: TaggedRecognizer.Language] = [:]
        for language in languages {
            if let (model, clusters) = models[language] {
                let resources = try EntityResources(languages: [language], gazetteerFiles: gazetteerFiles)
                let features = FeatureResources(
                    lexicon: resources.lexicon,
                    gazetteer: resources.gazetteer,
                    clusters: clusters,
                    language: language
                )
                let tagger = EntityTagger(model: model, resources: features)
                readers[language] = TaggedRecognizer.Language(resources: resources, tagger: tagger)
                continue
            }
            guard shipped(language) != nil else { continue }
            let standard = language == "fr" ? standardFrench : language == "en" ? standardEnglish : nil
            let resources: EntityResources
            if gazetteerFiles.isEmpty, let standard {
                resources = standard
            } else {
                resources = try EntityResources(languages: [language], gazetteerFiles: gazetteerFiles)
            }
            guard let tagger = tagger(for: language, resources: resources) else { continue }
            readers[language] = TaggedRecognizer.Language(resources: resources, tagger: tagger)
        }
        guard let fallback = languages.first(where: { readers[$0] != nil }) else { return nil }
        return TaggedRecognizer(languages: readers, fallback: fallback)
    }

    /// The recognizer of the stage's default options.
    static let standardRecognizer: TaggedRecognizer? = try? recognizer(languages: ["fr", "en"], gazetteerFiles: [])
}
