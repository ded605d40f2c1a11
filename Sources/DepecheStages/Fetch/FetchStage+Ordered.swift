import DepecheCore

/// What became of one item of a feed, sitemap or archive.
enum ItemOutcome: Sendable {
    case document(Document)
    case failure(id: String, source: Source, StageFailure)
    case skipped
}

extension FetchStage {
    /// Produces the items' outcomes with up to `window` at once and emits them in item order,
    /// each placed at `.item(index, identify(item))`. A resumed run skips the items at or before
    /// its cursor, a retry reads only the selected ones; neither produces the skipped items. Items
    /// are found again by their id first (a feed fetched again may have gained items at its top),
    /// by their index when the id is gone.
    func emitInOrder<Item: Sendable>(
        _ items: [Item],
        window: Int,
        emit: DocumentEmitter,
        identify: (Item) -> String,
        produce: @escaping @Sendable (Item) async -> ItemOutcome
    ) async throws {
        var wanted = Array(items.indices)
        let ids = items.map(identify)
        func find(_ index: Int, _ id: String) -> Int {
            ids.firstIndex(of: id).flatMap { id.isEmpty ? nil : $0 } ?? index
        }
        if case (.item(let done, let id), _)? = emit.resumeAfter?.split {
            let last = find(done, id)
            wanted.removeAll { $0 <= last }
        }
        if let select = emit.select {
            let selected = Set(
                select.compactMap { cursor -> Int? in
                    if case (.item(let index, let id), _)? = cursor.split { return find(index, id) }
                    return nil
                }
            )
            wanted.removeAll { !selected.contains($0) }
        }
        let places = wanted.map { InputCursor([.item(index: $0, id: ids[$0])]) }
        try await withThrowingTaskGroup(of: (Int, ItemOutcome).self) { group in
            var started = 0
            var next = 0
            var ready: [Int: ItemOutcome] = [:]
            func start() {
                let rank = started
                let item = items[wanted[rank]]
                group.addTask { (rank, await produce(item)) }
                started += 1
            }
            while started < min(max(window, 1), wanted.count) { start() }
            while let (rank, outcome) = try await group.next() {
                ready[rank] = outcome
                while let outcome = ready.removeValue(forKey: next) {
                    try await deliver(outcome, at: places[next], emit: emit)
                    emit.progress(Double(wanted[next] + 1) / Double(items.count))
                    next += 1
                    if started < wanted.count { start() }
                }
            }
        }
    }

    func deliver(_ outcome: ItemOutcome, at cursor: InputCursor, emit: DocumentEmitter) async throws {
        switch outcome {
        case .document(let document): try await emit(document, at: cursor)
        case .failure(let id, let source, let failure): try await emit.fail(id, source: source, failure, at: cursor)
        case .skipped: break
        }
    }
}
