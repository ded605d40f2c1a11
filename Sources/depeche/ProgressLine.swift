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
                while true {
                    do { try await Task.sleep(for: .milliseconds(200)) } catch { return }
                    let progress = statistics.snapshot
                    let seconds = max(0.001, (clock.now - started).seconds)
                    let rate = Double(progress.completed) / seconds
                    var line = "\r\u{1B}[2Kdepeche: \(progress.completed)/\(progress.discovered) documents"
                    line += String(format: " · %.1f docs/s", rate)
                    if progress.failed > 0 { line += " · \(progress.failed) failed" }
                    StandardError.write(line)
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
        let width = max(8, summary.stages.map(\.name.count).max() ?? 0)
        text += "  " + "stage".padding(toLength: width, withPad: " ", startingAt: 0) + "      out   failed     time\n"
        for stage in summary.stages {
            text += "  " + stage.name.padding(toLength: width, withPad: " ", startingAt: 0)
            text += String(format: " %8d %8d %7.2f s\n", stage.emitted, stage.failures, stage.busy.seconds)
        }
        if summary.failures > 0 {
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
