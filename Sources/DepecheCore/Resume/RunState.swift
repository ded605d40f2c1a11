import Foundation

/// What a run keeps durable beside its output so that the next run can continue it: the
/// configuration it runs, how far its outputs are committed, and whether it finished.
public struct RunState: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// Going on, or interrupted: the next run with the same configuration resumes it.
        case running
        /// Every input was read and committed; the outputs are being published.
        case publishing
        /// Done: the next run starts afresh.
        case finished
    }

    /// The last position whose every output is committed.
    public struct Frontier: Sendable, Hashable, Codable {
        public var input: Int
        public var cursor: InputCursor

        public init(input: Int, cursor: InputCursor) {
            self.input = input
            self.cursor = cursor
        }
    }

    /// The format of this record; bumped when its meaning changes.
    public var format: Int
    /// A unique id for the run (a resumed run keeps it).
    public var run: String
    public var depecheVersion: String
    /// ``PipelineConfiguration/fingerprint``: what must not change for a run to be resumed.
    public var configuration: String
    public var status: Status
    /// ISO 8601 UTC times.
    public var startedAt: String
    public var updatedAt: String
    public var frontier: Frontier?
    /// Documents and failures committed so far.
    public var documents: Int
    public var failures: Int
    /// The number of configured inputs.
    public var inputs: Int
    /// What each output's last ``DurableOutput/commit(through:)`` returned, by output path.
    public var outputs: [String: String]

    public static let currentFormat = 1

    public init(run: String, depecheVersion: String, configuration: String, inputs: Int, startedAt: Date = Date()) {
        format = Self.currentFormat
        self.run = run
        self.depecheVersion = depecheVersion
        self.configuration = configuration
        status = .running
        self.startedAt = Self.timestamp(startedAt)
        updatedAt = self.startedAt
        frontier = nil
        documents = 0
        failures = 0
        self.inputs = inputs
        outputs = [:]
    }

    /// `2026-12-07T03:12:45Z`.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// The state as one line of JSON with sorted keys.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a struct of strings, numbers and arrays cannot fail.
        return try! encoder.encode(self)
    }

    /// Reads a state written by ``encoded()``; `nil` when the bytes are not one.
    public static func decode(_ data: Data) -> RunState? {
        try? JSONDecoder().decode(RunState.self, from: data)
    }

    /// Reads the state kept at `location` (for messages), or throws what is wrong with it and
    /// what to do: damaged or foreign bytes, or a newer format.
    public static func read(_ data: Data, at location: String) throws(StageFailure) -> RunState {
        guard let state = decode(data) else {
            throw StageFailure(
                code: "state-unreadable",
                message: "\(location): the run state is damaged (or was written by another program); run with "
                    + "--restart to start over, which replaces it"
            )
        }
        guard state.format <= currentFormat else {
            throw StageFailure(
                code: "state-unreadable",
                message: "\(location): the run state was written by a newer Depeche (state format \(state.format)); "
                    + "use that version to resume, or run with --restart to start over"
            )
        }
        return state
    }
}

/// Where a run's state is kept: a file beside a JSON Lines or CSV export, or the SQLite store
/// itself.
public protocol RunJournal: Sendable {
    /// Where the state lives, for messages (`out/seeds.state.json`).
    var location: String { get }
    /// The saved state, or `nil` when there is none. Throws when something is there but cannot
    /// be read (a foreign file, a newer format).
    func load() throws(StageFailure) -> RunState?
    /// Saves `state` durably and atomically: after a crash, `load` returns this state or the one
    /// saved before, never a mix.
    func save(_ state: RunState) throws(StageFailure)
}
