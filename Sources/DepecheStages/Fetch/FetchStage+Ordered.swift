import DepecheCore

/// What became of one item of a feed, sitemap or archive.
enum ItemOutcome: Sendable {
    case document(Document)
    case failure(id: String, source: Source, StageFailure)
    case skipped
}

extension FetchStage {
    /// Produces the items' outcomes with up to `window` at once and emits them in item order.
    func emitInOrder<Item: Sendable>(
        _ items: [Item],
        window: Int,
        emit: DocumentEmitter,
        produce: @escaping @Sendable (Item) async -> ItemOutcome
    ) async throws {
        try await withThrowingTaskGroup(of: (Int, ItemOutcome).self) { group in
            var started = 0
            var next = 0
            var ready: [Int: ItemOutcome] = [:]
            func start() {
                let index = started
                let item = items[index]
                group.addTask { (index, await produce(item)) }
                started += 1
            }
            while started < min(max(window, 1), items.count) { start() }
            while let (index, outcome) = try await group.next() {
                ready[index] = outcome
                while let outcome = ready.removeValue(forKey: next) {
                    try await deliver(outcome, emit: emit)
                    next += 1
                    if started < items.count { start() }
                }
            }
        }
    }

    func deliver(_ outcome: ItemOutcome, emit: DocumentEmitter) async throws {
        switch outcome {
        case .document(let document): try await emit(document)
        case .failure(let id, let source, let failure): try await emit.fail(id, source: source, failure)
        case .skipped: break
        }
    }
}
