public import Logging
import Synchronization

/// Keeps every message a logger gets, for checks on what a stage, its children or `--verbose` said.
public final class LogRecorder: Sendable {
    private let entries = Mutex<[(level: Logger.Level, message: String)]>([])

    public init() {}

    /// A logger at the debug level that records here.
    public var logger: Logger {
        var logger = Logger(label: "depeche-tests") { _ in Handler(recorder: self) }
        logger.logLevel = .debug
        return logger
    }

    /// Every message, in order.
    public var messages: [String] { entries.withLock { $0.map(\.message) } }

    public func messages(_ level: Logger.Level) -> [String] {
        entries.withLock { $0.filter { $0.level == level }.map(\.message) }
    }

    public func contains(_ level: Logger.Level, _ fragment: String) -> Bool {
        messages(level).contains { $0.contains(fragment) }
    }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel = Logger.Level.debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            recorder.entries.withLock { $0.append((event.level, "\(event.message)")) }
        }
    }
}
