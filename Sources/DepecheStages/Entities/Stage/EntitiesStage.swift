public import DepecheCore
import Foundation

extension StageDescriptor {
    /// The `entities` stage: named entities (PER, ORG, LOC, MISC) with canonical names, found by a
    /// statistical tagger (or rules) and named from a gazetteer, for French and English.
    public static let entities = StageDescriptor(
        name: "entities",
        summary:
            "Finds named entities (PER, ORG, LOC, MISC) with canonical names: a trained tagger and gazetteers (fr, en).",
        options: [
            OptionSpec(
                "gazetteers",
                .existingPathList,
                default: .list([]),
                help:
                    "extra gazetteer files (tab-separated: canonical, type, label, id, aliases), "
                    + "read after the shipped ones; relative paths are resolved against the configuration's folder"
            ),
            OptionSpec(
                "languages",
                .stringList,
                default: .list(["fr", "en"]),
                help:
                    "languages whose rules apply; a document whose language is known and not listed "
                    + "is passed on unchanged"
            ),
            OptionSpec(
                "models",
                .existingPathList,
                default: .list([]),
                help:
                    "tagger models written by `depeche train entities`, each used in place of the shipped "
                    + "model of its language (word clusters, if the model uses them, are read from "
                    + "clusters-<language>.bin beside it); relative paths are resolved against the configuration's folder"
            ),
            OptionSpec(
                "recognizer",
                .choice(["tagger", "rules"]),
                default: .string("tagger"),
                help:
                    "tagger (the trained model of the document's language, then the gazetteer) "
                    + "or rules (gazetteer and hand-written rules only)"
            ),
        ]
    ) { setup in
        try EntitiesStage(options: setup.options)
    }
}

/// Fills `document.entities`, sorted by start and non-overlapping.
struct EntitiesStage: DocumentTransform {
    let name = "entities"
    let version = "0.1.0"
    let languages: [String]
    let recognizer: EntityRecognizer
    /// The statistical recognizer; `nil` with `recognizer: rules`.
    let tagged: TaggedRecognizer?

    init(options: StageOptions) throws {
        let languages = (options.list("languages") ?? ["fr", "en"]).map { $0.lowercased() }
        let files = options.list("gazetteers") ?? []
        let modelFiles = options.list("models") ?? []
        let mode = options.string("recognizer") ?? "tagger"
        guard mode == "tagger" || mode == "rules" else {
            throw StageFailure(
                code: "invalid-option",
                message: "entities: recognizer must be 'tagger' or 'rules', not '\(mode)'"
            )
        }
        if mode == "rules" && !modelFiles.isEmpty {
            throw StageFailure(
                code: "invalid-option",
                message: "entities: models are read by the tagger; remove them or set recognizer: tagger"
            )
        }
        var models: [String: (model: PerceptronModel, clusters: WordClusters)] = [:]
        for file in modelFiles {
            let loaded = try EntityModels.custom(URL(fileURLWithPath: file))
            let language = loaded.model.language
            guard languages.contains(language) else {
                throw StageFailure(
                    code: "invalid-option",
                    message:
                        "entities: models: \(file) is a model for '\(language)', which is not among "
                        + "languages (\(languages.joined(separator: ", ")))"
                )
            }
            guard models[language] == nil else {
                throw StageFailure(
                    code: "invalid-option",
                    message: "entities: models: two models for '\(language)'; keep one per language"
                )
            }
            models[language] = loaded
        }
        let resources: EntityResources
        if files.isEmpty && languages == EntityResources.standard.languages {
            resources = EntityResources.standard
        } else {
            resources = try EntityResources(
                languages: languages,
                gazetteerFiles: files.map { URL(fileURLWithPath: $0) }
            )
        }
        var tagged: TaggedRecognizer?
        if mode == "tagger" {
            if files.isEmpty && models.isEmpty && languages == ["fr", "en"] {
                tagged = EntityModels.standardRecognizer
            } else {
                tagged = try EntityModels.recognizer(
                    languages: languages,
                    gazetteerFiles: files.map { URL(fileURLWithPath: $0) },
                    models: models
                )
            }
        }
        self.init(resources: resources, tagged: tagged)
    }

    init(resources: EntityResources, tagged: TaggedRecognizer? = nil) {
        self.languages = resources.languages
        self.recognizer = EntityRecognizer(resources: resources)
        self.tagged = tagged
    }

    func transform(_ document: inout Document, context: StageContext) throws {
        let language = Self.primaryLanguage(document.metadata.language)
        if let language, !languages.contains(language) {
            document.diagnostics.append(
                context.diagnostic(
                    "unsupported-language",
                    .info,
                    "no entity rules for language '\(language)' (configured: \(languages.joined(separator: ", ")))"
                )
            )
            return
        }
        if document.text.isEmpty {
            document.diagnostics.append(
                context.diagnostic("empty-text", .warning, "the document has no text: run normalize before entities")
            )
        }
        // A document of unknown language is read with every configured language's rules; the
        // gazetteer's language-tagged aliases then apply only if one language is configured.
        let readingLanguage = language ?? (languages.count == 1 ? languages.first : nil)
        // A very long text is read in windows (see TextWindows), so that its memory stays bounded;
        // names are linked within a window.
        document.entities = TextWindows.standard.spans(in: document.text) { text in
            tagged?.entities(in: text, language: readingLanguage)
                ?? recognizer.entities(in: text, language: readingLanguage)
        }
    }

    /// `fr` for `fr`, `fr-CA` or `FR`; `nil` for an empty tag.
    static func primaryLanguage(_ tag: String) -> String? {
        let primary = tag.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { $0.lowercased() }
        guard let primary, !primary.isEmpty else { return nil }
        return primary
    }
}
