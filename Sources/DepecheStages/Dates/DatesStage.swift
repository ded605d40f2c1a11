public import DepecheCore

extension StageDescriptor {
    /// The `dates` stage: tags and normalizes temporal expressions (TIMEX3) in French and English.
    public static let dates = StageDescriptor(
        name: "dates",
        summary: "Finds temporal expressions (TIMEX3 DATE, TIME, DURATION, SET) and resolves their values "
            + "against the publication date.",
        options: [
            OptionSpec(
                "languages",
                .stringList,
                default: .list(LexiconFile.bundledLanguages),
                help: "Lexicons to load (\(LexiconFile.bundledLanguages.joined(separator: ", "))). A document "
                    + "whose language is one of them uses that one; any other document uses them all."
            ),
            OptionSpec(
                "vague_references",
                .boolean,
                default: .boolean(true),
                help: "Tag vague references (récemment, désormais, sous peu) as PAST_REF, PRESENT_REF, FUTURE_REF."
            ),
            OptionSpec(
                "sets",
                .boolean,
                default: .boolean(true),
                help: "Tag recurring times (chaque lundi, tous les ans) as SET."
            ),
        ]
    ) { setup in
        try DatesStage(options: setup.options)
    }
}

/// Finds the temporal expressions of each document and writes them to `document.timexes`
/// (replacing any there), sorted by start, without overlaps.
///
/// The reference date is the document's publication date (its day), else the run's reference
/// date; with neither, values keep their unknown parts (`XXXX-03-15`) and the machine's clock
/// is never used.
struct DatesStage: DocumentTransform {
    let name = "dates"
    let version = "1.0.0"
    /// One compiled lexicon per configured language, and `all` for the others.
    private let lexicons: [String: Lexicon]
    private let all: Lexicon
    private let options: TemporalTagger.Options

    init(options stageOptions: StageOptions) throws {
        let languages = stageOptions.list("languages") ?? LexiconFile.bundledLanguages
        let files: [String: LexiconFile]
        switch LexiconFile.bundled {
        case .success(let bundled): files = bundled
        case .failure(let error): throw StageFailure(code: "invalid-lexicon", message: error.description)
        }
        guard !languages.isEmpty else {
            throw StageFailure(
                code: "invalid-option",
                message: "dates: 'languages' is empty; name at least one of "
                    + LexiconFile.bundledLanguages.joined(separator: ", ")
            )
        }
        var selected: [LexiconFile] = []
        for language in languages {
            guard let file = files[language.lowercased()] else {
                throw StageFailure(
                    code: "invalid-option",
                    message: "dates: no lexicon for language '\(language)'; available: "
                        + LexiconFile.bundledLanguages.joined(separator: ", ")
                )
            }
            selected.append(file)
        }
        do {
            var lexicons: [String: Lexicon] = [:]
            for file in selected {
                lexicons[file.language] = try Lexicon(files: [file])
            }
            self.lexicons = lexicons
            all = try Lexicon(files: selected)
        } catch {
            throw StageFailure(code: "invalid-lexicon", message: error.description)
        }
        options = TemporalTagger.Options(
            vagueReferences: stageOptions.boolean("vague_references") ?? true,
            sets: stageOptions.boolean("sets") ?? true
        )
    }

    func transform(_ document: inout Document, context: StageContext) throws {
        var anchor: ISODay?
        let published = document.metadata.published
        if !published.isEmpty {
            anchor = ISODay(published)
            if anchor == nil {
                document.diagnostics.append(
                    context.diagnostic(
                        "invalid-published",
                        .warning,
                        "the publication date '\(published)' is not an ISO 8601 date; "
                            + "resolving against the run's reference date instead"
                    )
                )
            }
        }
        if anchor == nil, let reference = context.referenceDate {
            anchor = ISODay(reference)
        }
        let language = document.metadata.language.lowercased()
        let lexicon = lexicons[language] ?? all
        let tagger = DateTagger(lexicon: lexicon, options: options)
        // A very long text is read in windows (see TextWindows), so that its memory stays bounded.
        document.timexes = TextWindows.standard.spans(in: document.text) { tagger.timexes(in: $0, anchor: anchor) }
    }
}
