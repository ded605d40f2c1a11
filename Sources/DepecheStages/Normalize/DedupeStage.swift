public import DepecheCore
import Foundation
import Synchronization

extension StageDescriptor {
    /// The `dedupe` stage: marks (or drops) documents that copy an earlier one of the run.
    public static let dedupe = StageDescriptor(
        name: "dedupe",
        summary:
            "Marks documents that repeat an earlier one (same canonical URL or near-identical text) with "
            + "duplicate_of; drops them with drop: true. Runs one document at a time, in input order.",
        options: DedupeOptions.specs,
        defaultConcurrency: 1
    ) { setup in
        let stage = DedupeStage(
            options: DedupeOptions(setup.options),
            memoryPath: setup.outputs == nil
                ? nil
                : Pipeline.companionPath(
                    forOutput: setup.outputPath,
                    suffix: ".dedupe",
                    workingDirectory: FileManager.default.currentDirectoryPath
                )
        )
        if stage.memory != nil { setup.outputs?.register(stage) }
        if let catalog = setup.catalog { try stage.remember(catalog) }
        return stage
    }
}

struct DedupeOptions: Sendable, Hashable {
    /// Fingerprints that differ in at most this many bits are near duplicates.
    var maxDistance = 6
    /// Documents with fewer words than this are only compared by URL (short texts collide).
    var minWords = 50
    var drop = false
    var compareURLs = true

    static let specs: [OptionSpec] = [
        OptionSpec(
            "max_distance",
            .integer(0...12),
            default: .integer(6),
            help: "largest Hamming distance between two text fingerprints (64 bits) that marks a near duplicate"
        ),
        OptionSpec(
            "min_words",
            .integer(1...Int.max),
            default: .integer(50),
            help: "texts with fewer words are compared by URL only"
        ),
        OptionSpec(
            "drop",
            .boolean,
            default: .boolean(false),
            help: "drop duplicates instead of passing them on with duplicate_of set"
        ),
        OptionSpec(
            "compare_urls",
            .boolean,
            default: .boolean(true),
            help: "also mark documents whose canonical URL (or source URL) is one already seen"
        ),
    ]

    init() {}

    init(_ options: StageOptions) {
        if let value = options.integer("max_distance") { maxDistance = value }
        if let value = options.integer("min_words") { minWords = value }
        if let value = options.boolean("drop") { drop = value }
        if let value = options.boolean("compare_urls") { compareURLs = value }
    }
}

/// Remembers the documents seen so far and marks each new one that repeats one of them: first
/// by canonical URL (the page's own, else the source URL, canonicalized), then by text
/// fingerprint within ``DedupeOptions/maxDistance`` bits. The first document of a group is the
/// original; later ones point to it with `duplicate_of`.
///
/// The state is shared across documents, so the result depends on their order: the stage says
/// `maximumConcurrency` 1, and the runner then hands it documents one at a time in input order,
/// which makes the marks deterministic.
///
/// In a run that keeps state (``StageSetup/outputs``), the stage is also a ``DurableOutput``: it
/// appends what it indexes to `<output>.dedupe.partial`, committed with the run's other outputs,
/// and a resumed run replays the committed part into the index before its first document, so
/// that it marks exactly what an uninterrupted run marks. The file is deleted when the run
/// finishes.
///
/// Fingerprints are indexed by bands (LSH): with `d` the maximum distance, the 64 bits are cut
/// into `d + 1` bands, and two fingerprints within `d` bits agree on at least one band, so only
/// documents sharing a band are compared.
final class DedupeStage: Stage, DurableOutput {
    let name = "dedupe"
    let version = "0.1.0"
    let options: DedupeOptions
    var maximumConcurrency: Int? { 1 }

    private let index: Mutex<DuplicateIndex>
    /// The record of what was indexed, for a resumed run; `nil` when the run keeps no state.
    let memory: AtomicFileWriter?

    init(options: DedupeOptions, memoryPath: String? = nil) {
        self.options = options
        self.index = Mutex(DuplicateIndex(maxDistance: options.maxDistance))
        self.memory = memoryPath.map { AtomicFileWriter(path: $0, bufferCapacity: 256 << 10) }
    }

    // MARK: DurableOutput

    var path: String { memory?.path ?? "" }

    func begin(resumingFrom committed: String?) throws(StageFailure) {
        guard let memory else { return }
        try memory.begin(resumingFrom: committed)
        guard let committed, let length = Int(committed), length > 0 else { return }
        guard let data = FileManager.default.contents(atPath: memory.partialPath), data.count >= length else {
            throw StageFailure(
                code: "cannot-resume",
                message: "\(memory.partialPath): the dedupe stage's record of the interrupted run cannot be read; "
                    + "run with --restart to start over"
            )
        }
        index.withLock { index in
            for line in data.prefix(length).split(separator: 0x0A) {
                let fields = line.split(separator: 0x09, omittingEmptySubsequences: false).map {
                    Self.unescape(String(decoding: $0, as: UTF8.self))
                }
                guard fields.count == 3 else { continue }
                _ = index.insert(
                    id: fields[0],
                    url: fields[1].isEmpty ? nil : fields[1],
                    fingerprint: UInt64(fields[2], radix: 16)
                )
            }
        }
    }

    func commit(through frontier: UInt64) throws(StageFailure) -> String {
        try memory?.commit(through: frontier) ?? "0"
    }

    func publish() throws(StageFailure) {
        memory?.discard()
    }

    /// The record only serves a resumed run: a run that finished needs none.
    func completePublication(committed: String?) throws(StageFailure) {
        memory?.discard()
    }

    private static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "%" || $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return field }
        return field.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\t", with: "%09")
            .replacingOccurrences(of: "\n", with: "%0A").replacingOccurrences(of: "\r", with: "%0D")
    }

    private static func unescape(_ field: String) -> String {
        guard field.contains("%") else { return field }
        return field.replacingOccurrences(of: "%09", with: "\t").replacingOccurrences(of: "%0A", with: "\n")
            .replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%25", with: "%")
    }

    func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws {
        var document = document
        let url = Self.url(of: document)
        var fingerprint = document.metadata.fingerprint
        if fingerprint.isEmpty, !document.text.isEmpty {
            fingerprint = Fingerprint.simHash(document.text)
            document.metadata.fingerprint = fingerprint
        }
        let words = document.text.split(whereSeparator: \.isWhitespace).count
        let compared = words >= options.minWords ? Fingerprint.parse(fingerprint) : nil
        let indexedURL = options.compareURLs ? url : nil
        let original = index.withLock { index in
            index.insert(id: document.id, url: indexedURL, fingerprint: compared)
        }
        if let memory {
            let line =
                [document.id, indexedURL ?? "", compared.map { String($0, radix: 16) } ?? ""]
                .map(Self.escape).joined(separator: "\t") + "\n"
            try memory.write(Array(line.utf8), at: emit.position)
        }
        if let original, original != document.id {
            document.metadata.duplicateOf = original
            if options.drop { return }
        }
        try await emit(document)
    }

    /// The canonical URL of the page, else its source URL when it is a web address.
    static func url(of document: Document) -> String? {
        url(canonical: document.metadata.canonicalURL, source: document.source.uri)
    }

    static func url(canonical: String, source: String) -> String? {
        if !canonical.isEmpty, let url = URLCanonicalizer.canonicalize(canonical, base: source) {
            return url
        }
        return URLCanonicalizer.canonicalize(source)
    }

    /// Indexes the documents earlier runs wrote to the run's store, in the order they were
    /// written, so that a copy of one of them is marked as it would be in the same run.
    func remember(_ catalog: any DocumentCatalog) throws(StageFailure) {
        let options = options
        try index.withLock { index throws(StageFailure) in
            try catalog.forEachDocument { entry in
                _ = index.insert(
                    id: entry.id,
                    url: options.compareURLs ? Self.url(canonical: entry.canonicalURL, source: entry.sourceURI) : nil,
                    fingerprint: entry.words >= options.minWords ? Fingerprint.parse(entry.fingerprint) : nil
                )
            }
        }
    }
}

/// The documents seen so far, by URL and by fingerprint bands.
struct DuplicateIndex: Sendable {
    private let maxDistance: Int
    private let bands: [(shift: UInt64, mask: UInt64)]
    private var byURL: [String: String] = [:]
    private var byBand: [[UInt64: [Int]]]
    private var fingerprints: [(value: UInt64, id: String)] = []

    init(maxDistance: Int) {
        self.maxDistance = maxDistance
        let count = maxDistance + 1
        var bands: [(UInt64, UInt64)] = []
        var start = 0
        for band in 0..<count {
            let width = 64 / count + (band < 64 % count ? 1 : 0)
            let mask: UInt64 = width == 64 ? ~0 : (1 << UInt64(width)) - 1
            bands.append((UInt64(start), mask))
            start += width
        }
        self.bands = bands
        self.byBand = Array(repeating: [:], count: count)
    }

    /// Records a document; returns the id of the earlier one it repeats, if any.
    mutating func insert(id: String, url: String?, fingerprint: UInt64?) -> String? {
        var original: String?
        if let url {
            if let seen = byURL[url] { original = seen } else { byURL[url] = id }
        }
        guard let fingerprint else { return original }
        if original == nil {
            var best: (distance: Int, position: Int)?
            for (band, cut) in bands.enumerated() {
                for position in byBand[band][(fingerprint >> cut.shift) & cut.mask] ?? [] {
                    let distance = (fingerprints[position].value ^ fingerprint).nonzeroBitCount
                    guard distance <= maxDistance else { continue }
                    if best == nil || (distance, position) < (best!.distance, best!.position) {
                        best = (distance, position)
                    }
                }
            }
            if let best { original = fingerprints[best.position].id }
        }
        // Only originals are indexed: a chain of small edits does not drift away from its source.
        guard original == nil else { return original }
        let position = fingerprints.count
        fingerprints.append((fingerprint, id))
        for (band, cut) in bands.enumerated() {
            byBand[band][(fingerprint >> cut.shift) & cut.mask, default: []].append(position)
        }
        return nil
    }
}
