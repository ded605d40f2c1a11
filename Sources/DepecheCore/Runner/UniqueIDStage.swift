import Foundation
import Synchronization

/// Gives every document of a run an id no earlier document of the run has. The runner puts it
/// right after `fetch`, so that a later stage (`dedupe`), the export and the store see one id
/// per document: two lines of a JSON Lines dump with the same `id`, or a feed and a sitemap that
/// list the same page (whose ids come from its URL), would otherwise be one row of the store,
/// the last one silently replacing the first.
///
/// The second document with the id `a` becomes `a~2` (the third `a~3`, and so on past any id
/// already taken), with a `duplicate-id` diagnostic naming the id it was given. Documents come one
/// at a time in input order (``maximumConcurrency`` 1), so the renaming is the same on every run.
///
/// The stage remembers 64-bit hashes of the ids (8 bytes per document; a false "taken" needs two
/// ids among billions to share a hash). In a run that keeps state it is also a ``DurableOutput``:
/// it appends each hash to `<output>.ids.partial`, committed with the run's other outputs, and a
/// resumed run reads the committed part back before its first document, so that it renames
/// exactly what an uninterrupted run renames. The file is deleted when the run finishes.
public final class UniqueIDStage: Stage, DurableOutput {
    public let name = "unique-ids"
    public let version = "0.2.0"
    public var maximumConcurrency: Int? { 1 }

    private let taken = Mutex(Set<UInt64>())
    /// The record of the ids taken, for a resumed run; `nil` when the run keeps no state.
    let memory: AtomicFileWriter?

    /// `memoryPath` is where a run that keeps state records the ids taken (`nil` for none).
    public init(memoryPath: String? = nil) {
        memory = memoryPath.map { AtomicFileWriter(path: $0, bufferCapacity: 64 << 10) }
    }

    public func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws {
        var document = document
        let original = document.id
        var hashes: [UInt64] = []
        taken.withLock { taken in
            var hash = Self.hash(original)
            var copy = 1
            while taken.contains(hash) {
                copy += 1
                hash = Self.hash("\(original)~\(copy)")
            }
            taken.insert(hash)
            hashes.append(hash)
            if copy > 1 { document.id = "\(original)~\(copy)" }
        }
        if document.id != original {
            document.diagnostics.append(
                context.diagnostic(
                    "duplicate-id",
                    .warning,
                    "an earlier document of this run has the id '\(original)' (the same line id in a dump, or the "
                        + "same page from two inputs); this one is '\(document.id)'"
                )
            )
        }
        if let memory {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(8 * hashes.count)
            for hash in hashes {
                withUnsafeBytes(of: hash.littleEndian) { bytes.append(contentsOf: $0) }
            }
            try memory.write(bytes, at: emit.position)
        }
        try await emit(document)
    }

    /// 64-bit FNV-1a of the id's UTF-8 bytes: the same on every machine and every run.
    static func hash(_ id: String) -> UInt64 {
        StableHash.fnv1a64(id)
    }

    // MARK: DurableOutput

    public var path: String { memory?.path ?? "" }

    public func begin(resumingFrom committed: String?) throws(StageFailure) {
        guard let memory else { return }
        try memory.begin(resumingFrom: committed)
        guard let committed, let length = Int(committed), length > 0 else { return }
        guard let data = FileManager.default.contents(atPath: memory.partialPath), data.count >= length,
            length % 8 == 0
        else {
            throw StageFailure(
                code: "cannot-resume",
                message: "\(memory.partialPath): the record of the ids the interrupted run gave cannot be read; "
                    + "run with --restart to start over"
            )
        }
        taken.withLock { taken in
            data.prefix(length).withUnsafeBytes { raw in
                for offset in stride(from: 0, to: length, by: 8) {
                    taken.insert(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                }
            }
        }
    }

    public func commit(through frontier: UInt64) throws(StageFailure) -> String {
        try memory?.commit(through: frontier) ?? "0"
    }

    public func publish() throws(StageFailure) {
        memory?.discard()
    }

    /// The record only serves a resumed run: a run that finished needs none.
    public func completePublication(committed: String?) throws(StageFailure) {
        memory?.discard()
    }
}
