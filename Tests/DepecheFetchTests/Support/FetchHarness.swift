import CZlib
import DepecheCore
import Logging
import Synchronization

@testable import DepecheFetch

/// Drives a fetch stage the way the runner does and keeps what it emits.
final class FetchHarness: Sendable {
    struct Failure: Sendable, Hashable {
        var id: String
        var source: String
        var code: String
        var message: String
    }

    struct Outcome: Sendable {
        var documents: [Document] = []
        var failures: [Failure] = []
        var ids: [String] { documents.map(\.id) }
    }

    /// Options every test starts from: no politeness delay and short retry delays, so that the
    /// tests spend their time on behaviour, not on waiting.
    static let testOptions: [String: OptionValue] = [
        "per_host_delay_ms": .integer(0),
        "retry_backoff_ms": .integer(10),
    ]

    let stage: any Stage
    let context = StageContext(stageName: "fetch", logger: Logger(label: "test"))
    private let collected = Mutex(Outcome())

    init(_ options: [String: OptionValue] = [:], logger: Logger = Logger(label: "test")) throws {
        var values = StageDescriptor.fetch.defaultOptions.values
        values.merge(Self.testOptions) { $1 }
        values.merge(options) { $1 }
        stage = try StageDescriptor.fetch.make(StageSetup(options: StageOptions(values), logger: logger))
    }

    /// Processes the seed of `input`; returns the error the stage threw, if any.
    @discardableResult
    func run(_ input: String) async -> (any Error)? {
        let emitter = DocumentEmitter(
            send: { [self] document in collected.withLock { $0.documents.append(document) } },
            fail: { [self] id, source, failure in
                collected.withLock {
                    $0.failures.append(
                        Failure(id: id, source: source.uri, code: failure.code, message: failure.message)
                    )
                }
            }
        )
        do {
            try await stage.process(
                Document(id: input, source: Source(uri: input, kind: "input")),
                context: context,
                emit: emitter
            )
            return nil
        } catch {
            return error
        }
    }

    /// Runs `input` and returns the single failure it threw (or `nil`).
    func failure(_ input: String) async -> StageFailure? {
        await run(input) as? StageFailure
    }

    func finish() async throws {
        try await stage.finish(context: context)
    }

    var outcome: Outcome { collected.withLock { $0 } }
    var documents: [Document] { outcome.documents }
}

extension Document {
    var rawText: String { String(decoding: source.raw, as: UTF8.self) }
}

/// gzip-compresses `bytes` into one member.
func gzip(_ bytes: [UInt8]) -> [UInt8] {
    var stream = z_stream()
    precondition(depeche_deflate_init2(&stream, 6, 15 + 16) == Z_OK)
    defer { deflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 32)
    var input = bytes
    let written = input.withUnsafeMutableBufferPointer { source in
        output.withUnsafeMutableBufferPointer { target in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(source.count)
            stream.next_out = target.baseAddress
            stream.avail_out = UInt32(target.count)
            precondition(deflate(&stream, Z_FINISH) == Z_STREAM_END)
            return target.count - Int(stream.avail_out)
        }
    }
    return Array(output[0..<written])
}

func gzip(_ text: String) -> [UInt8] { gzip(Array(text.utf8)) }
