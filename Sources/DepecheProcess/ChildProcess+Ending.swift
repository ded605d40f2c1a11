import DepecheWire
import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a child ends: a fault (killed, then reported), a discard (killed, nothing reported), or
/// the graceful end of the stream.
extension ChildProcess {
    /// Marks the child as failed because of `fault`, kills its process group, and reports the
    /// loss once its exit status and last stderr lines are in. Only the first fault counts.
    func fail(_ fault: ChildFault) {
        let (first, duringHandshake) = state.withLock { state -> (Bool, Bool) in
            switch state.phase {
            case .handshaking:
                state.phase = .failing
                return (true, true)
            case .running:
                state.phase = .failing
                return (true, false)
            case .closing:
                // At the end of the run only what is still unanswered matters: the pool fails it.
                return (false, false)
            case .failing, .discarded:
                return (false, false)
            }
        }
        guard first else { return }
        alive.store(false, ordering: .relaxed)
        Task.detached { await self.finalize(fault, duringHandshake: duringHandshake) }
    }

    /// Reports the loss: thrown from a pending handshake, kept for the handshake when the child
    /// failed before it was sent (a program that exits at once), else sent to `events`.
    private func finalize(_ fault: ChildFault, duringHandshake: Bool) async {
        // A child whose stdout ended has usually exited already: let it, so that its status is
        // its own. Every other fault kills it now.
        var exitedByItself = false
        if fault == .endOfOutput {
            exitedByItself = await exited.wait(timeout: .seconds(1))
        }
        if !exitedByItself {
            kill()
        }
        if !(await exited.wait(timeout: .seconds(5))) {
            logger.error("[\(stageName)] child pid \(pid) survives SIGKILL")
        }
        // Its last words may still be in the pipe: its process group is dead, so stderr closes
        // at once unless a process that left the group holds it (that one is not waited for).
        _ = await stderrDrained.wait(timeout: .seconds(5))
        closeInput()
        let (killedByRunner, tail, unfinished) = state.withLock { state in
            (state.killedByRunner, state.stderrTail, state.unfinishedOutput)
        }
        var loss = ChildLoss(
            fault,
            stage: stageName,
            pid: pid,
            exit: termination.status,
            killedByRunner: killedByRunner,
            duringHandshake: duringHandshake,
            stderrTail: tail
        )
        if unfinished.size > 0 {
            loss.summary +=
                "; it left \(unfinished.size) bytes of an unfinished frame on stdout: \(Self.quote(unfinished.head))"
        }
        let waiter = state.withLock { state in
            defer { state.handshakeWaiter = nil }
            if state.handshakeWaiter == nil, duringHandshake {
                state.lossBeforeHandshake = loss
            }
            return state.handshakeWaiter
        }
        if let waiter {
            waiter.resume(throwing: loss)
        } else if !duringHandshake, phase != .discarded {
            events(.lost(loss))
        }
    }

    /// Kills the child now and reports nothing more; a pending handshake throws
    /// `CancellationError`.
    func discard() {
        let waiter = state.withLock { state -> CheckedContinuation<HandshakeResponse, any Error>? in
            state.phase = .discarded
            defer { state.handshakeWaiter = nil }
            return state.handshakeWaiter
        }
        alive.store(false, ordering: .relaxed)
        kill()
        closeInput()
        waiter?.resume(throwing: CancellationError())
    }

    /// The end of the stream: closes stdin and waits for the exit, then SIGTERM after
    /// `exitGrace`, then SIGKILL after `terminateGrace`. Returns how the child ended, `nil` if
    /// it could not be reaped.
    func shutdown(exitGrace: Duration, terminateGrace: Duration) async -> ExitStatus? {
        state.withLock { state in
            if state.phase == .running || state.phase == .handshaking {
                state.phase = .closing
            }
        }
        alive.store(false, ordering: .relaxed)
        closeInput()
        if !(await exited.wait(timeout: exitGrace)) {
            let grace = ChildLoss.seconds(exitGrace)
            logger.warning(
                "[\(stageName)] child pid \(pid) did not exit \(grace) after its input ended: sending SIGTERM"
            )
            markKilledByRunner()
            ChildSignal.send(SIGTERM, toGroupOf: pid)
            if !(await exited.wait(timeout: terminateGrace)) {
                let seconds = ChildLoss.seconds(terminateGrace)
                logger.warning("[\(stageName)] child pid \(pid) ignored SIGTERM for \(seconds): sending SIGKILL")
                kill()
                _ = await exited.wait(timeout: .seconds(5))
            }
        }
        _ = await stderrDrained.wait(timeout: .seconds(1))
        return termination.status
    }

    /// SIGKILL to the child's process group, unless it has been reaped (its pid may be reused).
    func kill() {
        markKilledByRunner()
        if !termination.latch.isOpen {
            ChildSignal.send(SIGKILL, toGroupOf: pid)
        }
    }

    func markKilledByRunner() {
        state.withLock { $0.killedByRunner = true }
    }
}

/// The exit status, recorded by Foundation's termination handler.
final class Termination: Sendable {
    let latch = Latch()
    private let recorded = Mutex<ExitStatus?>(nil)

    var status: ExitStatus? { recorded.withLock { $0 } }

    /// Registers `pid` as live, unless the process has already been reaped (the lock orders
    /// this with ``record(_:)``).
    func register(_ pid: Int32) {
        recorded.withLock { status in
            if status == nil {
                ChildProcessRegistry.register(pid)
            }
        }
    }

    func record(_ process: Process) {
        recorded.withLock { status in
            status =
                process.terminationReason == .uncaughtSignal
                ? .signalled(process.terminationStatus) : .exited(process.terminationStatus)
            ChildProcessRegistry.unregister(process.processIdentifier)
        }
        // Whatever the child started dies with it (a crashed stage's own subprocesses would
        // otherwise outlive the run, adopted by init).
        ChildSignal.killLeftovers(ofGroup: process.processIdentifier)
        latch.open()
    }
}
