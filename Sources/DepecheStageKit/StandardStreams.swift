import Foundation

/// Keeps the frame streams away from the stage's own code.
///
/// The frames move to private descriptors (close-on-exec, so programs the stage starts do not
/// inherit them); then fd 1 points at stderr and fd 0 at `/dev/null`. A stray `print` from stage
/// code, a library that logs to stdout, or a child process the stage starts therefore writes to
/// the log and never into the response stream, and nothing can read the runner's requests by
/// mistake.
enum StandardStreams {
    /// The descriptors to read requests from and write responses to.
    struct FrameStreams {
        var input: Int32
        var output: Int32
    }

    /// Moves the frame streams off fds 0 and 1; call it once, before the stage's code runs.
    /// When a descriptor cannot be duplicated, the original is used as it is.
    static func takeFrameStreams() -> FrameStreams {
        // Whatever stdio buffered for fd 1 so far belongs to the old stdout.
        fflush(nil)
        let output = fcntl(1, F_DUPFD_CLOEXEC, 3)
        let input = fcntl(0, F_DUPFD_CLOEXEC, 3)
        if output >= 0 {
            dup2(2, 1)
        }
        if input >= 0 {
            let null = open("/dev/null", O_RDONLY)
            if null >= 0 {
                dup2(null, 0)
                Foundation.close(null)
            }
        }
        return FrameStreams(input: input >= 0 ? input : 0, output: output >= 0 ? output : 1)
    }
}
