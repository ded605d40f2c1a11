import DepecheCore
import Foundation
import Synchronization

/// A live progress line on standard error, redrawn a few times a second.
final class ProgressLine: Sendable {
    private let statistics: RunStatistics
    private let task = LockedTask()

    init(statistics: RunStatistics) {
        self.statistics = statistics
    }

    func start() {
        let statistics = statistics
        task.set(
            Task.detached {
                let clock = ContinuousClock()
                let started = clock.now
                var lastChange = started
                var finished = -1
                while true {
                    do { try await Task.sleep(for: .milliseconds(200)) } catch { return }
                    let progress = statistics.snapshot
                    let now = clock.now
                    if progress.completed + progress.failed != finished {
                        (finished, lastChange) = (progress.completed + progress.failed, now)
                    }
                    let line = progress.line(elapsed: now - started, stalled: now - lastChange)
                    StandardError.write("\r\u{1B}[2Kdepeche: " + line)
                }
            }
        )
    }

    func stop() async {
        await task.cancelAndWait()
        StandardError.write("\r\u{1B}[2K")
    }
}

private final class LockedTask: Sendable {
    private let lock = Mutex<Task<Void, Never>?>(nil)
    func set(_ task: Task<Void, Never>) { lock.withLock { $0 = task } }
    func cancelAndWait() async {
        let task = lock.withLock { $0 }
        task?.cancel()
        await task?.value
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// The end-of-run summary.
struct SummaryReport {
    var summary: RunSummary
    /// Documents and failures committed by the interrupted run this one resumed.
    var resumed: (documents: Int, failures: Int) = (0, 0)
    var output: String?
    var failuresPath: String
    var firstFailures: [FailureRecord]
    var workingDirectory: String

    func relative(_ path: String) -> String {
        let base = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    var text: String {
        let seconds = summary.elapsed.seconds
        let rate = seconds > 0 ? Double(summary.documents) / seconds : 0
        var text = "depeche: \(summary.documents) document\(summary.documents == 1 ? "" : "s")"
        if let output { text += " → \(relative(output))" }
        text += String(format: " in %.2f s (%.1f docs/s), ", seconds, rate)
        text += "\(summary.failures) failure\(summary.failures == 1 ? "" : "s")\n"
        if resumed.documents + resumed.failures > 0 {
            let documents = resumed.documents + summary.documents
            let failures = resumed.failures + summary.failures
            text += "  with the interrupted run's \(Count.grouped(resumed.documents)) documents and "
            text += "\(Count.grouped(resumed.failures)) failures: \(Count.grouped(documents)) documents, "
            text += "\(Count.grouped(failures)) failures in all\n"
        }
        let width = max(8, summary.stages.map(\.name.count).max() ?? 0)
        text += "  " + "stage".padding(toLength: width, withPad: " ", startingAt: 0) + "      out   failed     time\n"
        for stage in summary.stages {
            text += "  " + stage.name.padding(toLength: width, withPad: " ", startingAt: 0)
            text += String(format: " %8d %8d %7.2f s\n", stage.emitted, stage.failures, stage.busy.seconds)
        }
        if summary.failures + resumed.failures > 0 {
            text += "failures are listed in \(relative(failuresPath)):\n"
            for record in firstFailures {
                text += "  \(record.id) [\(record.stage)] \(record.code): \(record.message)\n"
            }
            if summary.failures > firstFailures.count {
                text += "  ... and \(summary.failures - firstFailures.count) more\n"
            }
        }
        return text
    }
}

/// What a resumed run says first: what the interrupted run committed and where this one goes on.
struct ResumeReport {
    var state: RunState
    var inputs: [PipelineConfiguration.Input]

    var text: String {
        var text = "resuming: \(Count.grouped(state.documents)) documents and \(Count.grouped(state.failures)) "
        text += "failures already committed by the run started \(state.startedAt)"
        guard let frontier = state.frontier, frontier.input < inputs.count else {
            return text + "; nothing was committed yet, starting from the first input"
        }
        let done = frontier.input + (frontier.cursor.isEmpty ? 1 : 0)
        text += "; \(Count.grouped(done)) of \(Count.grouped(inputs.count)) inputs already done"
        if !frontier.cursor.isEmpty {
            text += ", continuing in \(inputs[frontier.input].written) after \(frontier.cursor)"
        }
        return text
    }
}
