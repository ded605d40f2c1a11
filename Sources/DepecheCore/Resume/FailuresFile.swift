import Synchronization

/// The failures file of a run (`out/seeds.failures.jsonl`): one JSON object per failure, in output
/// order, committed and published with the run's other outputs, so that it always goes with the
/// export of the same run and a resumed run completes it.
public final class FailuresFile: DurableOutput {
    private let file: AtomicFileWriter
    private let kept = Mutex<(count: Int, first: [FailureRecord])>((0, []))

    public init(path: String) {
        file = AtomicFileWriter(path: path, bufferCapacity: 64 << 10)
    }

    public var path: String { file.path }

    /// The first failures this process recorded (for the summary).
    public var first: [FailureRecord] { kept.withLock { $0.first } }

    public func begin(resumingFrom committed: String?) throws(StageFailure) {
        try file.begin(resumingFrom: committed)
    }

    public func record(_ failure: FailureRecord, at position: RunPosition) throws(StageFailure) {
        try file.write(Array((failure.jsonLine + "\n").utf8), at: position)
        kept.withLock { kept in
            kept.count += 1
            if kept.first.count < 5 { kept.first.append(failure) }
        }
    }

    public func commit(through frontier: UInt64) throws(StageFailure) -> String {
        try file.commit(through: frontier)
    }

    public func publish() throws(StageFailure) {
        try file.publish()
    }
}
