import AsyncAlgorithms
import Foundation
public import Logging
import Synchronization

/// Streams documents through a chain of stages.
///
/// Each stage runs up to its `concurrency` documents at once; between stages, hand-offs are
/// rendezvous channels, so memory stays bounded however large the corpus. Output order is
/// deterministic: whatever the concurrency, the documents (and failure records) leave each stage
/// in the order of its input, and a document a stage expands into many keeps its place.
///
/// A document that fails in a stage becomes a ``FailureRecord`` that travels down the chain in
/// its place and is handed to the failure sink; the run goes on.
public struct Runner: Sendable {
    /// One stage of the chain, built and ready.
    public struct Step: Sendable {
        public var stage: any Stage
        /// Documents processed at once; at least 1.
        public var concurrency: Int

        public init(stage: any Stage, concurrency: Int) {
            self.stage = stage
            self.concurrency = max(1, stage.maximumConcurrency.map { min($0, concurrency) } ?? concurrency)
        }
    }

    public var steps: [Step]
    public var referenceDate: String?
    public var logger: Logger

    public init(steps: [Step], referenceDate: String? = nil, logger: Logger) {
        self.steps = steps
        self.referenceDate = referenceDate
        self.logger = logger
    }

    /// Runs every input through the chain. `failures` receives each failure in a deterministic
    /// order; `progress`, when given, is told about each document that leaves the chain.
    public func run(
        inputs: [PipelineConfiguration.Input],
        failures: @escaping @Sendable (FailureRecord) throws -> Void,
        statistics: RunStatistics = RunStatistics()
    ) async throws -> RunSummary {
        statistics.start(stages: steps.map(\.stage.name))
        let clock = ContinuousClock()
        let started = clock.now
        let seeds = AsyncChannel<Item>()
        let channels = [seeds] + steps.map { _ in AsyncChannel<Item>() }
        let sink = channels[steps.count]
        let sinkError = try await withThrowingTaskGroup(of: (any Error)?.self) { group in
            group.addTask {
                for input in inputs {
                    await seeds.send(.document(Self.seed(for: input)))
                }
                seeds.finish()
                return nil
            }
            for (index, step) in steps.enumerated() {
                let context = StageContext(stageName: step.stage.name, referenceDate: referenceDate, logger: logger)
                let (input, output) = (channels[index], channels[index + 1])
                group.addTask {
                    await Self.run(
                        step,
                        index: index,
                        context: context,
                        input: input,
                        output: output,
                        statistics: statistics
                    )
                    return nil
                }
            }
            group.addTask {
                for await item in sink {
                    switch item {
                    case .document:
                        statistics.documentCompleted()
                    case .failure(let record):
                        statistics.documentFailed()
                        do { try failures(record) } catch { return error }
                    }
                }
                return nil
            }
            var sinkError: (any Error)?
            for try await result in group {
                if let result, sinkError == nil {
                    sinkError = result
                    group.cancelAll()
                }
            }
            return sinkError
        }
        if let sinkError { throw sinkError }
        // A cancelled run has lost documents on the way: never publish its export.
        try Task.checkCancellation()
        for step in steps {
            let context = StageContext(stageName: step.stage.name, referenceDate: referenceDate, logger: logger)
            try await step.stage.finish(context: context)
        }
        return statistics.summary(elapsed: clock.now - started)
    }

    /// What flows between stages: a document, or the record of one that failed upstream.
    enum Item: Sendable {
        case document(Document)
        case failure(FailureRecord)
    }

    static func seed(for input: PipelineConfiguration.Input) -> Document {
        Document(id: input.written, source: Source(uri: input.resolved, kind: "input"))
    }

    /// Runs one stage: a dispatcher starts a task per item (at most `concurrency` in flight) and a
    /// forwarder passes each item's output on, in input order.
    static func run(
        _ step: Step,
        index: Int,
        context: StageContext,
        input: AsyncChannel<Item>,
        output: AsyncChannel<Item>,
        statistics: RunStatistics
    ) async {
        let permits = AsyncSemaphore(permits: step.concurrency)
        let (slots, slotQueue) = AsyncStream.makeStream(of: AsyncChannel<Item>.self)
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await slot in slots {
                    for await item in slot {
                        await output.send(item)
                    }
                    permits.release()
                }
                output.finish()
            }
            for await item in input {
                guard await permits.acquire() else { break }
                let slot = AsyncChannel<Item>()
                slotQueue.yield(slot)
                group.addTask {
                    switch item {
                    case .failure:
                        await slot.send(item)
                    case .document(let document):
                        await process(
                            document,
                            step: step,
                            index: index,
                            context: context,
                            into: slot,
                            statistics: statistics
                        )
                    }
                    slot.finish()
                }
            }
            slotQueue.finish()
        }
    }

    static func process(
        _ document: Document,
        step: Step,
        index: Int,
        context: StageContext,
        into slot: AsyncChannel<Item>,
        statistics: RunStatistics
    ) async {
        let stage = step.stage
        let clock = ContinuousClock()
        let started = clock.now
        // Time spent waiting for the next stage to take a document is not this stage's work.
        let waiting = DurationCounter()
        let emitter = DocumentEmitter(
            send: { output in
                var output = output
                output.provenance.append(
                    Provenance(stage: stage.name, version: stage.version, atMilliseconds: Self.nowMilliseconds())
                )
                statistics.emitted(stage: index)
                let handOff = clock.now
                await slot.send(.document(output))
                waiting.add(clock.now - handOff)
                try Task.checkCancellation()
            },
            fail: { id, source, failure in
                statistics.failed(stage: index)
                let handOff = clock.now
                defer { waiting.add(clock.now - handOff) }
                await slot.send(
                    .failure(
                        FailureRecord(
                            id: id,
                            source: source.uri,
                            stage: stage.name,
                            code: failure.code,
                            message: failure.message
                        )
                    )
                )
                try Task.checkCancellation()
            }
        )
        do {
            try await stage.process(document, context: context, emit: emitter)
        } catch {
            statistics.failed(stage: index)
            let failure = error as? StageFailure
            let record = FailureRecord(
                id: document.id,
                source: document.source.uri,
                stage: stage.name,
                code: failure?.code ?? "stage-error",
                message: failure?.message ?? String(describing: error)
            )
            context.logger.debug("document failed", metadata: ["document": "\(document.id)", "code": "\(record.code)"])
            await slot.send(.failure(record))
        }
        statistics.busy(stage: index, for: clock.now - started - waiting.total)
    }

    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}

/// Adds up durations from concurrent tasks.
final class DurationCounter: Sendable {
    private let storage = Mutex<Duration>(.zero)
    func add(_ duration: Duration) { storage.withLock { $0 += duration } }
    var total: Duration { storage.withLock { $0 } }
}

/// A document that a stage could not process. Written one per line to the failures file.
public struct FailureRecord: Sendable, Hashable {
    public var id: String
    /// The source URI of the document (or of the input that failed).
    public var source: String
    public var stage: String
    public var code: String
    public var message: String

    public init(id: String, source: String, stage: String, code: String, message: String) {
        self.id = id
        self.source = source
        self.stage = stage
        self.code = code
        self.message = message
    }

    /// The failure as one JSON object: `{"id","source","stage","code","message"}`.
    public var jsonLine: String {
        var writer = JSONLineWriter(reservingCapacity: 256)
        writer.object {
            $0.field("id", id)
            $0.field("source", source)
            $0.field("stage", stage)
            $0.field("code", code)
            $0.field("message", message)
        }
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
