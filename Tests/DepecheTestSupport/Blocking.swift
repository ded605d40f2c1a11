import Foundation

/// Runs `body`, which blocks (waits for a child process, reads a pipe to its end), on a thread of
/// its own and awaits its result.
///
/// Swift Testing runs tests in parallel on the cooperative pool, which has one thread per core:
/// two tests blocking there at once (two on this 2-core machine) would starve every other test's
/// tasks, the process supervision under test among them, for as long as they block.
public func blocking<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.name = "depeche-tests.blocking"
        thread.start()
    }
}
