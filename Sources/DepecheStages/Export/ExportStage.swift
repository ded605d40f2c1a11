public import DepecheCore
import DepecheStore
import Foundation

extension StageDescriptor {
    /// The `export` stage: writes each document as one line of JSON (or one CSV row) and passes
    /// it on. The file appears at its path, complete, when the run finishes.
    public static let export = StageDescriptor(
        name: "export",
        summary: "Writes each document as one JSON line or CSV row (published atomically at the end of the run), or "
            + "into a SQLite store.",
        options: [
            OptionSpec(
                "path",
                .outputPath,
                help: "The file to write; default: the run's output path (`output`, or --output)."
            ),
            OptionSpec(
                "format",
                .choice(ExportStage.Format.allCases.map(\.rawValue)),
                help: "jsonl (one JSON object per document), csv (one row per document: id, source, title, "
                    + "published, language, entity and timex counts) or sqlite (a SQLite store, docs/store.md); "
                    + "default: csv for a .csv path, sqlite for a .sqlite or .db path, else jsonl."
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
/// ``maximumConcurrency`` is 1): through an ``AtomicFileWriter`` for JSON Lines and CSV, into a
/// ``SQLiteStore`` for a `.sqlite` or `.db` path (or `format: sqlite`).
///
/// The output holds no timestamp: the same documents always give the same bytes (or rows).
struct ExportStage: Stage {
    enum Format: String, CaseIterable, Sendable {
        case jsonl
        case csv
        case sqlite
    }

    enum Destination: Sendable {
        case file(AtomicFileWriter)
        case store(SQLiteStore)
    }

    let name = "export"
    let version = "0.1.0"
    let maximumConcurrency: Int? = 1
    let format: Format
    let includeText: Bool
    let includeRaw: Bool
    let destination: Destination
    /// Whether the run commits and publishes the output (a run with state); else `finish` does.
    let managed: Bool

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
            ?? (path.lowercased().hasSuffix(".csv") ? .csv : SQLiteStore.isStorePath(path) ? .sqlite : .jsonl)
        self.format = format
        includeText = setup.options.boolean("include_text") ?? true
        includeRaw = setup.options.boolean("include_raw") ?? false
        let output: any DurableOutput
        switch format {
        case .sqlite:
            // The run's own store is opened once, by the command line, and shared.
            let shared = (setup.catalog as? SQLiteStore).flatMap { $0.path == path ? $0 : nil }
            let store: SQLiteStore
            if let shared { store = shared } else { store = try SQLiteStore(path: path) }
            destination = .store(store)
            output = store
        case .jsonl, .csv:
            let file = AtomicFileWriter(path: path, header: format == .csv ? Document.csvHeader : [])
            destination = .file(file)
            output = file
        }
        managed = setup.outputs != nil
        setup.outputs?.register(output)
    }

    func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws {
        switch (destination, format) {
        case (.store(let store), _):
            try store.write(document, at: emit.position)
        case (.file(let file), .csv):
            try file.write(document.csvRow, at: emit.position)
        case (.file(let file), _):
            var json = JSONLineWriter(reservingCapacity: document.text.utf8.count * 11 / 10 + 1024)
            document.writeExportJSON(to: &json, includeText: includeText, includeRaw: includeRaw)
            json.endLine()
            try file.write(json.bytes, at: emit.position)
        }
        try await emit(document)
    }

    func finish(context: StageContext) async throws {
        guard !managed else { return }
        switch destination {
        case .file(let file):
            try file.finish()
        case .store(let store):
            _ = try store.commit(through: .max)
            try store.publish()
        }
    }
}
