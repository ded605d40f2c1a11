import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Every live stage child process of this runner, so that none outlives it.
///
/// Children run in their own process group (Foundation's `Process` puts them there), so a
/// Ctrl-C in the terminal does not reach them: the runner must kill them itself. Stages kill
/// their children when they finish, are cancelled, or are released; for SIGINT and SIGTERM the
/// CLI calls ``installSignalHandlers(beforeKill:beforeExit:)`` once at startup.
public enum ChildProcessRegistry {
    private static let live = Mutex<Set<Int32>>([])
    private static let signalSources = Mutex<[any DispatchSourceSignal]>([])

    /// The process ids of the children running now, in increasing order.
    public static var livePIDs: [Int32] {
        live.withLock { $0.sorted() }
    }

    /// Kills every live child and its process group with SIGKILL.
    public static func killAll() {
        for pid in livePIDs {
            ChildSignal.send(SIGKILL, toGroupOf: pid)
        }
    }

    /// Makes SIGINT and SIGTERM kill every live child, then exit the runner with status 130
    /// (SIGINT) or 143 (SIGTERM). `beforeKill` runs first, with the signal number, while the
    /// children still answer (commit what is done there: a child's death must not be recorded as
    /// a failure of its document); `beforeExit` runs after the children are killed (remove
    /// temporary files there). Calling it again does nothing.
    public static func installSignalHandlers(
        beforeKill: @escaping @Sendable (Int32) -> Void = { _ in },
        beforeExit: @escaping @Sendable (Int32) -> Void = { _ in }
    ) {
        signalSources.withLock { sources in
            guard sources.isEmpty else { return }
            for number in [SIGINT, SIGTERM] {
                // Caught by a handler that does nothing until the source's own handler is in
                // place, so that the default action cannot end the runner first. Not SIG_IGN: an
                // ignored signal stays ignored across exec, and a stage could not be stopped.
                ignoreHere(number)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global(qos: .userInitiated))
                source.setEventHandler {
                    beforeKill(number)
                    killAll()
                    beforeExit(number)
                    fflush(nil)
                    _exit(128 + number)
                }
                source.resume()
                sources.append(source)
            }
        }
    }

    /// Makes `number` do nothing in this process while children still start with its default
    /// action: a handler (reset to the default by exec), not SIG_IGN (which children inherit).
    public static func ignoreHere(_ number: Int32) {
        signal(number, ignoreSignal)
    }

    static func register(_ pid: Int32) {
        _ = live.withLock { $0.insert(pid) }
    }

    static func unregister(_ pid: Int32) {
        _ = live.withLock { $0.remove(pid) }
    }
}

/// Signals to child processes, and the runner's SIGPIPE setting.
enum ChildSignal {
    /// Sends `signal` to the process group `pid` leads (which includes any process the child
    /// started), or to `pid` alone when it leads no group.
    static func send(_ signal: Int32, toGroupOf pid: Int32) {
        guard pid > 0 else { return }
        if kill(-pid, signal) != 0 {
            kill(pid, signal)
        }
    }

    /// Kills what is left of the process group a child led, once the child itself has exited
    /// and been reaped: the processes it started. Only the group: the child's pid may already
    /// belong to another process.
    static func killLeftovers(ofGroup pid: Int32) {
        guard pid > 0 else { return }
        _ = kill(-pid, SIGKILL)
    }

    /// Writing to a child that has exited must fail with EPIPE, not kill the runner. A handler
    /// that does nothing (rather than SIG_IGN) is reset to the default on exec, so children
    /// start with an ordinary SIGPIPE. Runs once.
    static let brokenPipesDoNotKill: Void = {
        signal(SIGPIPE, ignoreSignal)
    }()

    /// The name of a signal for messages: `SIGSEGV`, or `signal 42`.
    static func name(_ number: Int32) -> String {
        let names: [Int32: String] = [
            SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
            SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGUSR1: "SIGUSR1",
            SIGSEGV: "SIGSEGV", SIGUSR2: "SIGUSR2", SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM",
            SIGXCPU: "SIGXCPU", SIGXFSZ: "SIGXFSZ",
        ]
        return names[number] ?? "signal \(number)"
    }
}

private func ignoreSignal(_: Int32) {}
