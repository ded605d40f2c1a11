/// One of N deterministic parts of a run's documents (`depeche run --shard I/N`), so that N workers
/// (Spark tasks, a Slurm array, a Kubernetes indexed Job) split a corpus with no coordination and no
/// overlap: a document belongs to part `FNV-1a-64(UTF-8 of its id) mod N`, its id as the first stage
/// (`fetch`) gave it. Ids come from the inputs (a file's name, a dump's `id`, a page's URL), not from
/// where the files are mounted, so every machine agrees.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// 0-based: 0 to `count - 1`.
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        precondition(count >= 1 && (0..<count).contains(index), "a shard index is from 0 to count - 1")
        self.index = index
        self.count = count
    }

    /// Parses `I/N` (`0/4` to `3/4`); throws a sentence saying what is wrong.
    public init(parsing text: String) throws(ShardError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw ShardError("--shard must be I/N, two whole numbers such as 0/4, found '\(text)'")
        }
        guard count >= 1 else {
            throw ShardError("--shard \(text): the number of shards must be at least 1")
        }
        guard (0..<count).contains(index) else {
            throw ShardError(
                "--shard \(text): the shard index goes from 0 to \(count - 1) (the shards of \(count) are "
                    + "0/\(count) to \(count - 1)/\(count))"
            )
        }
        self.init(index: index, count: count)
    }

    public var description: String { "\(index)/\(count)" }

    /// Whether the document with this id belongs to this shard.
    public func contains(id: String) -> Bool {
        Int(Self.hash(id) % UInt64(count)) == index
    }

    /// 64-bit FNV-1a of the UTF-8 bytes: simple to compute the same way in any language.
    public static func hash(_ id: String) -> UInt64 {
        StableHash.fnv1a64(id)
    }
}

public struct ShardError: Error, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Passes on the documents of one ``Shard`` and drops the others, right after the first stage.
public struct ShardStage: Stage {
    public let shard: Shard
    public var name: String { "shard" }
    public var version: String { "1.0.0" }

    public init(_ shard: Shard) {
        self.shard = shard
    }

    public func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws {
        if shard.contains(id: document.id) {
            try await emit(document)
        }
    }
}
