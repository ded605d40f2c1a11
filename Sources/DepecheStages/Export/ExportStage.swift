public import DepecheCore
import Foundation

extension StageDescriptor {
    /// The `export` stage: writes each document as one line of JSON (or one CSV row) and passes
    /// it on. The file appears at its path, complete, when the run finishes.
    public static let export = StageDescriptor(
        name: "export",
        summary: "Writes each document as one JSON line (or CSV row), published atomically at the end of the run.",
        options: [
            OptionSpec(
                "path",
                .outputPath,
                help: "The file to write; default: the run's output path (`output`, or --output)."
            ),
            OptionSpec(
                "format",
                .choice(ExportStage.Format.allCases.map(\.rawValue)),
                help: "jsonl (one JSON object per document) or csv (one row per document: id, source, title, "
                    + "published, language, entity and timex counts); default: csv for a .csv path, else jsonl."
            ),
            OptionSpec(
                "include_raw",
                .boolean,
                default: .boolean(false),
                help: "Also write the raw bytes (source.raw when they are UTF-8, source.raw_base64 otherwise)."
            ),
            OptionSpec(
                "include_text",
                .boolean,
                default: .boolean(true),
                help: "Write the document's text."
            ),
        ],
        defaultConcurrency: 1
    ) { setup in
        try ExportStage(setup)
    }
}

/// Writes documents in the order it receives them (the runner keeps input order when
/// ``maximumConcurrency`` is 1), through an ``AtomicFileWriter``.
///
/// The output holds no timestamp: the same documents always give the same bytes.
struct ExportStage: Stage {
    enum Format: String, CaseIterable, Sendable {
        case jsonl
        case csv
    }

    let name = "export"
    let version = "0.1.0"
    let maximumConcurrency: Int? = 1
    let format: Format
    let includeText: Bool
    let includeRaw: Bool
    let file: AtomicFileWriter

    init(_ setup: StageSetup) throws(StageFailure) {
        guard let configured = setup.options.string("path") ?? setup.outputPath, !configured.isEmpty else {
            throw StageFailure(
                code: "invalid-option",
                message: "no output path: set the export stage's `path` option, or the run's `output` "
                    + "(--output on the command line)"
            )
        }
        let path = PathResolver.absolute(configured, relativeTo: FileManager.default.currentDirectoryPath)
        guard !path.hasSuffix("/") else {
            throw StageFailure(
                code: "invalid-option",
                message: "\(configured): the output path names a folder; give a file name"
            )
        }
        let format =
            setup.options.string("format").flatMap(Format.init(rawValue:))
            ?? (path.lowercased().hasSuffix(".csv") ? .csv : .jsonl)
        self.format = format
        includeText = setup.options.boolean("include_text") ?? true
        includeRaw = setup.options.boolean("include_raw") ?? false
        file = AtomicFileWriter(path: path, header: format == .csv ? Document.csvHeader : [])
    }

    func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws {
        switch format {
        case .jsonl:
            var json = JSONLineWriter(reservingCapacity: document.text.utf8.count * 11 / 10 + 1024)
            document.writeExportJSON(to: &json, includeText: includeText, includeRaw: includeRaw)
            json.endLine()
            try file.write(json.bytes)
        case .csv:
            try file.write(document.csvRow)
        }
        try await emit(document)
    }

    func finish(context: StageContext) async throws {
        try file.finish()
    }
}
