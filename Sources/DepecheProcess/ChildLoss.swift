import DepecheCore

/// How a child process ended.
enum ExitStatus: Sendable, Hashable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)

    var isSuccess: Bool { self == .exited(0) }

    var description: String {
        switch self {
        case .exited(let status): "exited with status \(status)"
        case .signalled(let signal): "was killed by signal \(signal) (\(ChildSignal.name(signal)))"
        }
    }
}

/// What the supervisor saw go wrong with a child, before it knows how the child ended.
enum ChildFault: Sendable, Hashable {
    /// EOF on stdout while the child was expected to answer.
    case endOfOutput
    /// Requests pending and no answer for this long.
    case timedOut(Duration)
    /// No handshake answer for this long.
    case handshakeTimedOut(Duration)
    /// Bytes on stdout that are not a frame of a `StageResponse`.
    case garbage(String)
    /// A frame over `max_frame_bytes`.
    case frameTooLarge(String)
    /// The child gave up with `StageResponse.fatal`.
    case fatal(code: String, message: String)
    /// Valid frames that break the protocol (an unknown sequence, a second handshake).
    case unexpected(String)
}

/// A child that was lost, with the code and message for a document that made it fail.
struct ChildLoss: Error, Sendable, Hashable {
    var code: String
    /// What happened, without the child's stderr lines.
    var summary: String
    /// The last lines the child wrote on stderr, oldest first.
    var stderrTail: [String]
    /// Whether the fault points at the document in flight. A child that exits cleanly after
    /// answering others may just have quit: its document is retried on a fresh child first.
    var pointsAtDocument: Bool
    /// The child said why itself (a `fatal` answer): its stderr lines are shown only when they
    /// add to its message.
    var explained = false

    /// The failure to record for the document that caused the loss.
    var failure: StageFailure {
        guard explained else {
            return StageFailure(code: code, message: summary + Self.describe(stderrTail))
        }
        let extra = stderrTail.filter { line in !line.contains(summary.suffix(40)) }
        return StageFailure(code: code, message: summary + (extra.isEmpty ? "" : Self.describe(extra)))
    }

    static func describe(_ tail: [String]) -> String {
        if tail.isEmpty {
            return " (it wrote nothing on stderr)"
        }
        return "; its last lines on stderr:\n" + tail.joined(separator: "\n")
    }

    /// Names the fault for a stage's failure records.
    init(
        _ fault: ChildFault,
        stage: String,
        pid: Int32,
        exit: ExitStatus?,
        killedByRunner: Bool,
        duringHandshake: Bool,
        stderrTail: [String]
    ) {
        let child = "stage '\(stage)' (pid \(pid))"
        let when = duringHandshake ? " before answering the handshake" : ""
        self.stderrTail = stderrTail
        pointsAtDocument = true
        switch fault {
        case .endOfOutput:
            switch exit {
            case .signalled(let signal)? where !killedByRunner:
                code = "stage-crashed"
                summary = "\(child) crashed\(when): it \(ExitStatus.signalled(signal))"
            case .exited(let status)? where status != 0:
                code = "stage-crashed"
                summary = "\(child) crashed\(when): it \(ExitStatus.exited(status))"
            case .exited?:
                code = "stage-exited"
                summary =
                    "\(child) exited with status 0\(when) while the runner waited for an answer; "
                    + "a stage answers every request and exits only when its standard input closes"
                pointsAtDocument = false
            default:
                code = "stage-exited"
                summary = "\(child) closed its standard output\(when) while the runner waited for an answer"
                pointsAtDocument = false
            }
        case .timedOut(let limit):
            code = "stage-timeout"
            summary = "\(child) did not answer within \(Self.seconds(limit)) (the stage's `timeout`) and was killed"
        case .handshakeTimedOut(let limit):
            code = "stage-timeout"
            summary = "\(child) did not answer the handshake within \(Self.seconds(limit)) and was killed"
        case .garbage(let detail):
            code = "protocol-error"
            summary =
                "\(child) wrote something that is not a protocol frame on its standard output\(when) "
                + "(\(detail)); stdout carries only frames, a stage logs to stderr"
        case .frameTooLarge(let detail):
            code = "frame-too-large"
            summary = "\(child) \(detail)\(when); raise the stage's `max_frame_bytes` if the frame is legitimate"
        case .fatal(let code, let message):
            self.code = code
            explained = true
            // A stage's message often names it already ("stage 'x': unknown option ...").
            var reason = Substring(message)
            if reason.hasPrefix("stage '\(stage)': ") { reason = reason.dropFirst("stage '\(stage)': ".count) }
            summary = duringHandshake ? "\(child) refused to start: \(reason)" : "\(child) gave up: \(reason)"
        case .unexpected(let detail):
            code = "protocol-error"
            summary = "\(child) broke the stage protocol\(when): \(detail)"
        }
    }

    /// `2 s`, `1.5 s`, `250 ms`.
    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration / .milliseconds(1)
        if milliseconds < 1000 {
            return "\(Int(milliseconds.rounded())) ms"
        }
        let seconds = milliseconds / 1000
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}
