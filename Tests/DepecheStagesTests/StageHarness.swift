import DepecheCore
import DepecheTestSupport
import Foundation
import Logging
import Synchronization

/// Drives a stage the way the runner does and keeps what it emits.
final class StageHarness: Sendable {
    struct Failure: Sendable, Hashable {
        var id: String
        var source: String
        var code: String
        var message: String
    }

    struct Outcome: Sendable {
        var documents: [Document] = []
        var failures: [Failure] = []
        /// `d:<id>` and `f:<id>` in emission order.
        var order: [String] = []
        /// The shares of the input read, as the stage reported them.
        var progress: [Double] = []

        var ids: [String] { documents.map(\.id) }
        func document(_ id: String) -> Document? { documents.first { $0.id == id } }
    }

    let stage: any Stage
    let context: StageContext
    private let collected = Mutex(Outcome())

    init(_ stage: any Stage) {
        self.stage = stage
        context = StageContext(stageName: stage.name, logger: Logger(label: "test"))
    }

    /// Builds the stage from its descriptor, as the configuration loader would.
    convenience init(
        _ descriptor: StageDescriptor,
        options: [String: OptionValue] = [:],
        outputPath: String? = nil
    )
        throws
    {
        var values = descriptor.defaultOptions.values
        values.merge(options) { $1 }
        let setup = StageSetup(options: StageOptions(values), outputPath: outputPath, logger: Logger(label: "test"))
        self.init(try descriptor.make(setup))
    }

    /// Processes `document`; a thrown error is returned, not recorded.
    @discardableResult
    func process(_ document: Document) async -> (any Error)? {
        let emitter = DocumentEmitter(
            position: RunPosition(input: 0),
            resumeAfter: nil,
            emit: { [self] document, _ in
                self.collected.withLock {
                    $0.documents.append(document)
                    $0.order.append("d:\(document.id)")
                }
            },
            fail: { [self] id, source, failure, _ in
                self.collected.withLock {
                    $0.failures.append(
                        Failure(id: id, source: source.uri, code: failure.code, message: failure.message)
                    )
                    $0.order.append("f:\(id)")
                }
            },
            progress: { [self] share in self.collected.withLock { $0.progress.append(share) } }
        )
        do {
            try await stage.process(document, context: context, emit: emitter)
            return nil
        } catch {
            return error
        }
    }

    func finish() async throws {
        try await stage.finish(context: context)
    }

    var outcome: Outcome { collected.withLock { $0 } }
}

/// A seed document as the runner makes it for a configured input.
func seed(_ input: String) -> Document {
    Document(id: input, source: Source(uri: input, kind: "input"))
}

/// The absolute path of a fixture (a file or folder under `Fixtures/`).
func fixture(_ relative: String = "") -> String {
    let root = Bundle.module.resourcePath! + "/Fixtures"
    return relative.isEmpty ? root : root + "/" + relative
}

extension String {
    /// The raw bytes as text, for readable expectations.
    init(raw document: Document) {
        self = String(decoding: document.source.raw, as: UTF8.self)
    }
}
