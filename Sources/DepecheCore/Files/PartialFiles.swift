import Foundation
import Synchronization

/// The files a run is writing and has not published yet (`out.jsonl.partial`, say), so that an
/// interrupted run can remove them: Ctrl-C leaves the previous export in place and no
/// half-written file beside it.
///
/// Writers call ``register(_:)`` when they create a partial file and ``unregister(_:)`` once it
/// is renamed into place or removed; the command line calls ``removeAll()`` from its SIGINT and
/// SIGTERM handler.
public enum PartialFiles {
    private static let paths = Mutex<Set<String>>([])

    /// The partial files registered now, sorted.
    public static var registered: [String] {
        paths.withLock { $0.sorted() }
    }

    public static func register(_ path: String) {
        _ = paths.withLock { $0.insert(path) }
    }

    public static func unregister(_ path: String) {
        _ = paths.withLock { $0.remove(path) }
    }

    /// Deletes every registered file and forgets it. Uses `unlink(2)` only, so it is safe to call
    /// from a signal handler's dispatch source while other threads are still writing.
    public static func removeAll() {
        let doomed = paths.withLock { paths in
            defer { paths.removeAll() }
            return paths
        }
        for path in doomed {
            unlink(path)
        }
    }
}
