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
    ///
    /// `plans`, when given, says for each input which items to read (a run that retries failed
    /// items): the items at `select` only, or the items after `after`.
    ///
    /// With a `checkpointer`, the run commits its outputs in batches as items leave the chain
    /// (see ``Checkpointer``): when the checkpointer continues an interrupted run, the inputs
    /// before its frontier are skipped, and the first stage is asked to resume the frontier's
    /// input after the frontier's cursor (``DocumentEmitter/resumeAfter``). At the end, the
    /// checkpointer commits, publishes the outputs and marks the run finished.
    public func run(
        inputs: [PipelineConfiguration.Input],
        failures: @escaping @Sendable (FailureRecord) throws -> Void,
        statistics: RunStatistics = RunStatistics(),
        checkpointer: Checkpointer? = nil,
        plans: [SeedPlan]? = nil
    ) async throws -> RunSummary {
        statistics.start(stages: steps.map(\.stage.name), inputs: inputs.count)
        let clock = ContinuousClock()
        let started = clock.now
        let seeds = AsyncChannel<Item>()
        let channels = [seeds] + steps.map { _ in AsyncChannel<Item>() }
        let sink = channels[steps.count]
        let resume = checkpointer?.resumeFrontier
        // Commits while items trickle in; a failed commit surfaces at the sink's next item.
        let ticker = checkpointer.map { checkpointer in
            Task {
                while !Task.isCancelled {
                    try await Task.sleep(for: checkpointer.policy.interval / 2)
                    try checkpointer.tick()
                }
            }
        }
        defer { ticker?.cancel() }
        let sinkError = try await withThrowingTaskGroup(of: (any Error)?.self) { group in
            group.addTask {
                for (index, input) in inputs.enumerated() {
                    let plan = plans.flatMap { index < $0.count ? $0[index] : nil }
                    var resumeAfter = plan?.after.flatMap { $0.isEmpty ? nil : $0 }
                    if let resume {
                        if index < resume.input || (index == resume.input && resume.cursor.isEmpty) { continue }
                        if index == resume.input { resumeAfter = resume.cursor }
                    }
                    let position = RunPosition(input: index)
                    let select = plan?.select
                    await seeds.send(
                        .document(Self.seed(for: input), position, resumeAfter: resumeAfter, select: select)
                    )
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
                    do {
                        switch item {
                        case .document(let document, let position, _, _):
                            statistics.documentCompleted(
                                input: position.input,
                                warned: document.diagnostics.contains { $0.severity != .info }
                            )
                            try checkpointer?.arrived(position, failure: nil)
                        case .failure(var record, let position):
                            statistics.documentFailed(input: position.input)
                            if position.input < inputs.count {
                                record.input = inputs[position.input].written
                            }
                            try failures(record)
                            try checkpointer?.arrived(position, failure: record)
                        case .boundary(let position):
                            try checkpointer?.completed(position)
                        }
                    } catch {
                        return error
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
        ticker?.cancel()
        try checkpointer?.finish()
        return statistics.summary(elapsed: clock.now - started)
    }

    /// What flows between stages: a document, or the record of one that failed upstream, each
    /// with its position in the run's input. A seed carries the cursor its input resumes after.
    enum Item: Sendable {
        case document(Document, RunPosition, resumeAfter: InputCursor?, select: [InputCursor]? = nil)
        case failure(FailureRecord, RunPosition)
        /// Every item of this position has passed (sent by the first stage's forwarder).
        case boundary(RunPosition)
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
        // Each slot holds one input item's outputs; `holdsPermit` is false for a boundary, which
        // passes through without taking one of the stage's `concurrency` places.
        let (slots, slotQueue) = AsyncStream.makeStream(of: (slot: AsyncChannel<Item>, holdsPermit: Bool).self)
        await withDiscardingTaskGroup { group in
            group.addTask {
                // The first stage's forwarder numbers the positions in output order (items at the
                // same place share a number; later stages keep the numbers), and sends a boundary
                // after the last item of each position, so that the end of the chain knows a
                // position is complete as soon as its last output arrives.
                var sequence: UInt64 = 0
                var open: RunPosition?
                var bounded = false
                for await (slot, holdsPermit) in slots {
                    for await item in slot {
                        guard index == 0 else {
                            await output.send(item)
                            continue
                        }
                        guard let place = item.place else {
                            // A boundary from the stage's emitter: the open place is complete.
                            if let current = open, !bounded, current.input == item.position.input,
                                current.cursor == item.position.cursor
                            {
                                await output.send(.boundary(current))
                                bounded = true
                            }
                            continue
                        }
                        if let current = open {
                            if bounded || current.input != place.input || current.cursor != place.cursor {
                                if !bounded { await output.send(.boundary(current)) }
                                sequence += 1
                                bounded = false
                            }
                        }
                        let numbered = item.numbered(sequence)
                        open = numbered.position
                        await output.send(numbered)
                    }
                    if index == 0, let current = open {
                        if !bounded { await output.send(.boundary(current)) }
                        sequence += 1
                        open = nil
                        bounded = false
                    }
                    if holdsPermit { permits.release() }
                }
                output.finish()
            }
            for await item in input {
                if case .boundary = item {
                    let slot = AsyncChannel<Item>()
                    slotQueue.yield((slot, false))
                    group.addTask {
                        await slot.send(item)
                        slot.finish()
                    }
                    continue
                }
                guard await permits.acquire() else { break }
                let slot = AsyncChannel<Item>()
                slotQueue.yield((slot, true))
                group.addTask {
                    switch item {
                    case .failure, .boundary:
                        await slot.send(item)
                    case .document(let document, let position, let resumeAfter, let select):
                        await process(
                            document,
                            at: position,
                            resumeAfter: resumeAfter,
                            select: select,
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
        at position: RunPosition,
        resumeAfter: InputCursor?,
        select: [InputCursor]?,
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
        // Only the first stage places its outputs inside the input; later stages' outputs keep
        // the position of the document they came from. An item alone at its cursor is followed
        // by a boundary: its place is complete at once.
        @Sendable func place(_ placement: DocumentEmitter.Placement) -> (RunPosition, complete: Bool) {
            guard index == 0 else { return (position, false) }
            switch placement {
            case .input: return (position, false)
            case .within(let cursor):
                return (RunPosition(sequence: position.sequence, input: position.input, cursor: cursor), false)
            case .item(let cursor):
                lastItem.withLock { $0 = cursor }
                let placed = RunPosition(
                    sequence: position.sequence,
                    input: position.input,
                    cursor: cursor,
                    exact: true
                )
                return (placed, true)
            }
        }
        // How a failure of this stage is read again: an exact item by its place, anything else
        // from its source.
        @Sendable func retry(at placed: RunPosition) -> FailureRecord.Retry {
            placed.exact ? .item(placed.cursor) : .source
        }
        // The first stage's last exact item: an input that fails after it is retried from there.
        let lastItem = Mutex<InputCursor?>(nil)
        // The first stage says how much of its input it has read.
        let input = position.input
        let progress: (@Sendable (Double) -> Void)? =
            index == 0 ? { @Sendable fraction in statistics.inputProgress(input: input, fraction) } : nil
        let emitter = DocumentEmitter(
            position: position,
            resumeAfter: resumeAfter,
            select: select,
            emit: { output, placement in
                var output = output
                output.provenance.append(
                    Provenance(stage: stage.name, version: stage.version, atMilliseconds: Self.nowMilliseconds())
                )
                statistics.emitted(stage: index)
                let handOff = clock.now
                let (placed, complete) = place(placement)
                await slot.send(.document(output, placed, resumeAfter: nil))
                if complete { await slot.send(.boundary(placed)) }
                waiting.add(clock.now - handOff)
                try Task.checkCancellation()
            },
            fail: { id, source, failure, placement in
                statistics.failed(stage: index)
                let handOff = clock.now
                defer { waiting.add(clock.now - handOff) }
                let (placed, complete) = place(placement)
                await slot.send(
                    .failure(
                        FailureRecord(
                            id: id,
                            source: source.uri,
                            stage: stage.name,
                            code: failure.code,
                            message: failure.message,
                            retry: retry(at: placed)
                        ),
                        placed
                    )
                )
                if complete { await slot.send(.boundary(placed)) }
                try Task.checkCancellation()
            },
            progress: progress
        )
        statistics.entered(stage: index)
        defer { statistics.left(stage: index) }
        do {
            try await stage.process(document, context: context, emit: emitter)
        } catch {
            statistics.failed(stage: index)
            let failure = error as? StageFailure
            // A seed that fails in the first stage is retried as its input, after the last item
            // that went through; a document that fails later, by its place when it has one.
            let again: FailureRecord.Retry =
                index == 0
                ? .input(after: lastItem.withLock { $0 } ?? resumeAfter ?? InputCursor()) : retry(at: position)
            let record = FailureRecord(
                id: document.id,
                source: document.source.uri,
                stage: stage.name,
                code: failure?.code ?? "stage-error",
                message: failure?.message ?? String(describing: error),
                retry: again
            )
            context.logger.debug("document failed", metadata: ["document": "\(document.id)", "code": "\(record.code)"])
            await slot.send(.failure(record, position))
        }
        statistics.busy(stage: index, for: clock.now - started - waiting.total)
    }

    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}

extension Runner.Item {
    /// The input and cursor of a document's or failure's position; `nil` for a boundary.
    var place: (input: Int, cursor: InputCursor)? {
        switch self {
        case .document(_, let position, _, _), .failure(_, let position): (position.input, position.cursor)
        case .boundary: nil
        }
    }

    var position: RunPosition {
        switch self {
        case .document(_, let position, _, _), .failure(_, let position), .boundary(let position): position
        }
    }

    /// The item with its position numbered `sequence`.
    func numbered(_ sequence: UInt64) -> Runner.Item {
        switch self {
        case .document(let document, var position, let resumeAfter, let select):
            position.sequence = sequence
            return .document(document, position, resumeAfter: resumeAfter, select: select)
        case .failure(let record, var position):
            position.sequence = sequence
            return .failure(record, position)
        case .boundary(var position):
            position.sequence = sequence
            return .boundary(position)
        }
    }
}

/// Adds up durations from concurrent tasks.
final class DurationCounter: Sendable {
    private let storage = Mutex<Duration>(.zero)
    func add(_ duration: Duration) { storage.withLock { $0 += duration } }
    var total: Duration { storage.withLock { $0 } }
}

/// Which items of one input a run reads: for a run that retries failed items.
public struct SeedPlan: Sendable, Hashable {
    /// Only the items at these cursors; `nil` for every item.
    public var select: [InputCursor]?
    /// Only the items after this cursor; `nil` (or empty) for every item.
    public var after: InputCursor?

    public init(select: [InputCursor]? = nil, after: InputCursor? = nil) {
        self.select = select
        self.after = after
    }
}

/// A document that a stage could not process. Written one per line to the failures file.
public struct FailureRecord: Sendable, Hashable {
    public var id: String
    /// The source URI of the document (or of the input that failed).
    public var source: String
    public var stage: String
    public var code: String
    public var message: String
    /// The input the item came from, as written in the configuration or on the command line (set
    /// by the runner at the end of the chain; empty when unknown).
    public var input: String
    /// How `depeche run --retry-failures` reads the failed item again (see ``Retry``).
    public var retry: Retry

    /// How a failed item is read again.
    public enum Retry: Sendable, Hashable {
        /// From the failure's `source` (a path or URL): the item has no exact place in its input.
        case source
        /// The one item at this cursor of `input` (written `"at"`).
        case item(InputCursor)
        /// `input` again, from just after this cursor (`[]`: all of it): the input failed as a
        /// whole after the items before the cursor went through (written `"after"`).
        case input(after: InputCursor)
    }

    public init(
        id: String,
        source: String,
        stage: String,
        code: String,
        message: String,
        input: String = "",
        retry: Retry = .source
    ) {
        self.id = id
        self.source = source
        self.stage = stage
        self.code = code
        self.message = message
        self.input = input
        self.retry = retry
    }

    /// The failure as one JSON object: `{"id","source","stage","code","message"}`, then `"input"`
    /// when it is known, and `"at"` or `"after"` (a cursor's marks as arrays: `[["line",12,4096]]`)
    /// when the item can be read again from its place in the input.
    public var jsonLine: String {
        var writer = JSONLineWriter(reservingCapacity: 256)
        writer.object {
            $0.field("id", id)
            $0.field("source", source)
            $0.field("stage", stage)
            $0.field("code", code)
            $0.field("message", message)
            if !input.isEmpty {
                $0.field("input", input)
            }
            switch retry {
            case .source: break
            case .item(let cursor):
                $0.key("at")
                cursor.write(to: &$0)
            case .input(let after):
                $0.key("after")
                after.write(to: &$0)
            }
        }
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}

extension InputCursor {
    /// The cursor as the JSON array the failures file and the store use: `[["line",12,4096]]`.
    public func write(to writer: inout JSONLineWriter) {
        writer.array { writer in
            for mark in marks { mark.write(to: &writer) }
        }
    }
}

extension InputCursor.Mark {
    /// The mark as the JSON array the run state and the failures file use.
    public func write(to writer: inout JSONLineWriter) {
        writer.array { writer in
            switch self {
            case .entry(let path):
                writer.string("entry")
                writer.string(path)
            case .line(let number, let end):
                writer.string("line")
                writer.integer(number)
                writer.integer(Int(end))
            case .record(let index, let end):
                writer.string("record")
                writer.integer(index)
                if let end { writer.integer(Int(end)) } else { writer.null() }
            case .item(let index, let id):
                writer.string("item")
                writer.integer(index)
                writer.string(id)
            }
        }
    }
}
