import DepecheCore

/// Which child gets which document. Suspects first, each alone on a child that does nothing
/// else (a fresh one when it can be had); then the queue, to the least busy child in normal mode.
extension ChildPool.State {
    /// Hands waiting documents to children, starting children as needed.
    mutating func dispatch(now: ContinuousClock.Instant, into actions: inout ChildPool.Actions) {
        let failure: (any Error)? =
            switch phase {
            case .running: nil
            case .failed(let failure): failure
            case .closed(let error): error
            }
        if let failure {
            actions.fail(suspects + queue, failure)
            (suspects, queue) = ([], [])
            answerReadiness(.failure(failure), into: &actions)
            return
        }
        if !started && (!queue.isEmpty || !readinessWaiters.isEmpty) {
            started = true
            for index in slots.indices {
                _ = start(index, isolating: false, into: &actions)
            }
        }
        assignSuspects(now: now, into: &actions)
        assignQueue(now: now, into: &actions)
        guard !readinessWaiters.isEmpty else { return }
        if slots.contains(where: { $0.liveChild != nil }) {
            answerReadiness(.success(()), into: &actions)
        } else if !slots.contains(where: \.isBusy) {
            answerReadiness(.failure(budgetExhausted(lastLoss)), into: &actions)
        }
    }

    private mutating func answerReadiness(_ result: Result<Void, any Error>, into actions: inout ChildPool.Actions) {
        for waiter in readinessWaiters {
            actions.readiness.append((waiter, result))
        }
        readinessWaiters = []
    }

    private mutating func assignSuspects(now: ContinuousClock.Instant, into actions: inout ChildPool.Actions) {
        while let job = suspects.first {
            let free = slots.indices.first {
                slots[$0].isolating && slots[$0].liveChild != nil && slots[$0].inFlight.isEmpty
            }
            if let free {
                suspects.removeFirst()
                assign(job, to: free, now: now)
                continue
            }
            if slots.contains(where: { $0.isolating && $0.isBusy }) {
                return  // one is starting, busy with a suspect, or failing
            }
            if let fresh = slots.indices.first(where: { slots[$0].liveChild != nil && slots[$0].sent == 0 }) {
                slots[fresh].isolating = true
                continue
            }
            if let idle = slots.indices.first(where: { slots[$0].isIdle }) {
                if start(idle, isolating: true, into: &actions) { return }
                continue  // the budget is spent: that slot is retired now
            }
            let live = slots.indices.filter { slots[$0].liveChild != nil }
            if let quietest = live.min(by: { slots[$0].inFlight.count < slots[$1].inFlight.count }) {
                slots[quietest].isolating = true  // takes suspects once its requests are answered
                continue
            }
            if slots.contains(where: \.isBusy) {
                return  // a child is starting or failing and will report back
            }
            for job in suspects {
                actions.fail(job, budgetExhausted(job.lastLoss))
            }
            suspects = []
        }
    }

    private mutating func assignQueue(now: ContinuousClock.Instant, into actions: inout ChildPool.Actions) {
        if suspects.isEmpty {
            for index in slots.indices where slots[index].isolating && slots[index].inFlight.isEmpty {
                slots[index].isolating = false
            }
        }
        while let job = queue.first {
            if let index = leastBusyOpenSlot() {
                queue.removeFirst()
                assign(job, to: index, now: now)
                continue
            }
            if slots.contains(where: { $0.isStarting && !$0.isolating }) {
                return  // capacity is on its way
            }
            if let idle = slots.indices.first(where: { slots[$0].isIdle }) {
                if start(idle, isolating: false, into: &actions) { return }
                continue
            }
            if slots.allSatisfy(\.isRetired) {
                for job in queue {
                    actions.fail(job, budgetExhausted(job.lastLoss))
                }
                queue = []
            }
            return
        }
    }

    /// The ready slot in normal mode with the fewest requests in flight, below the limit.
    private func leastBusyOpenSlot() -> Int? {
        var best: (index: Int, load: Int)?
        for index in slots.indices where !slots[index].isolating && slots[index].liveChild != nil {
            let load = slots[index].inFlight.count
            if load < inFlightLimit && load < (best?.load ?? Int.max) {
                best = (index, load)
            }
        }
        return best?.index
    }

    /// Starts (or restarts, within the budget) the child of `index`; `false` when the
    /// budget is spent and the slot is retired instead.
    private mutating func start(_ index: Int, isolating: Bool, into actions: inout ChildPool.Actions) -> Bool {
        if slots[index].everStarted {
            guard restartsUsed < restartBudget else {
                slots[index].status = .retired
                actions.warnings.append(
                    "stage '\(stageName)' has used its \(restartBudget) restart(s) (the stage's `restarts`): "
                        + "a failed child is not replaced"
                )
                return false
            }
            restartsUsed += 1
            actions.warnings.append(
                "stage '\(stageName)': starting a replacement child (restart \(restartsUsed) of \(restartBudget))"
            )
        }
        slots[index].everStarted = true
        slots[index].status = .starting(nil)
        slots[index].generation += 1
        slots[index].isolating = isolating
        slots[index].sent = 0
        slots[index].nextSequence = 1
        actions.starts.append((index, slots[index].generation))
        return true
    }

    private mutating func assign(_ job: ChildPool.Job, to index: Int, now: ContinuousClock.Instant) {
        guard let child = slots[index].liveChild else {
            preconditionFailure("a document was assigned to a slot without a live child")
        }
        let sequence = slots[index].nextSequence
        slots[index].nextSequence += 1
        slots[index].sent += 1
        if slots[index].inFlight.isEmpty {
            slots[index].progressMark = now
        }
        slots[index].inFlight[sequence] = job
        // Queued under the lock so that each child receives its sequence numbers in order.
        child.send(sequence: sequence, document: job.payload)
    }

    private func budgetExhausted(_ loss: ChildLoss?) -> StageFailure {
        let cause = (loss ?? lastLoss).map { " The last child failure was \($0.code): \($0.summary)." } ?? ""
        return StageFailure(
            code: "restart-budget-exhausted",
            message:
                "stage '\(stageName)' has no child process left for this document: its children failed and "
                + "the restart budget (\(restartBudget), the stage's `restarts` option) is spent.\(cause) "
                + "Raise `restarts` or fix the stage."
        )
    }
}
