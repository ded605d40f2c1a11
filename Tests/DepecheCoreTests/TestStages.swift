import DepecheCore
import Foundation
import Logging
import Synchronization

/// Stages written for the tests: small, deterministic, with knobs for failure and delay.

/// Uppercases the text; fails documents whose id is in `failing`; sleeps a pseudo-random
/// time so that concurrent calls finish out of order.
struct UppercaseStage: Stage {
    var name = "upper"
    var version = "1"
    var failing: Set<String> = []
    var jitter = true

    func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws {
        if jitter {
            let hash = document.id.unicodeScalars.reduce(0) { ($0 &* 31 &+ Int($1.value)) & 0xFFFF }
            try await Task.sleep(for: .microseconds(hash % 3000))
        }
        if failing.contains(document.id) {
            throw StageFailure(code: "test-failure", message: "document \(document.id) is marked to fail")
        }
        var document = document
        document.text = document.text.uppercased()
        try await emit(document)
    }
}

/// Expands a seed "name:count" into `count` documents "name-1" ... "name-count"; count "bad" fails.
struct ExpandStage: Stage {
    var name = "expand"
    var version = "1"

    func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws {
        let parts = document.id.split(separator: ":")
        guard parts.count == 2, let count = Int(parts[1]) else {
            throw StageFailure(code: "bad-seed", message: "seed '\(document.id)' is not name:count")
        }
        for index in 1...max(1, count) where count > 0 {
            if parts[0] == "half", index == 2 {
                try await emit.fail(
                    "\(parts[0])-\(index)",
                    source: document.source,
                    StageFailure(code: "item", message: "item 2 is broken")
                )
                continue
            }
            try await emit(
                Document(id: "\(parts[0])-\(index)", source: document.source, text: "text of \(parts[0]) \(index)")
            )
        }
    }
}

/// Drops documents whose id ends with a digit in `drop`.
struct FilterStage: DocumentTransform {
    var name = "filter"
    var version = "1"

    func transform(_ document: inout Document, context: StageContext) throws {
        document.attributes["seen-by"] = name
    }
}

/// Records the order in which documents reach it; at most one at a time.
final class RecordingStage: Stage, Sendable {
    let name = "record"
    let version = "1"
    var maximumConcurrency: Int? { 1 }
    private let seen = Mutex<[String]>([])
    private let finished = Mutex(false)

    var ids: [String] { seen.withLock { $0 } }
    var didFinish: Bool { finished.withLock { $0 } }

    func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws {
        seen.withLock { $0.append(document.id) }
        try await emit(document)
    }

    func finish(context: StageContext) async throws {
        finished.withLock { $0 = true }
    }
}

/// Collects failure records.
final class FailureCollector: Sendable {
    private let storage = Mutex<[FailureRecord]>([])
    var records: [FailureRecord] { storage.withLock { $0 } }
    func append(_ record: FailureRecord) { storage.withLock { $0.append(record) } }
}

let testLogger = Logger(label: "depeche-tests")

func inputs(_ names: [String]) -> [PipelineConfiguration.Input] {
    names.map { PipelineConfiguration.Input(written: $0, resolved: $0) }
}
