@_exported public import DepecheCore
import DepecheWire
import Foundation
import Logging

/// A custom stage as a program of its own: declare its name and version, read its options, and
/// write one `process` function. `@main` runs it behind the stage protocol on stdin and stdout,
/// ready to be named in a pipeline with `run: [path/to/program]`.
///
/// ```swift
/// import DepecheStageKit
///
/// @main struct Shout: StageProgram {
///     static let name = "shout"
///     static let version = "1.0.0"
///     let marker: String
///
///     init(options: StageProgramOptions) throws {
///         marker = try options.string("marker") ?? "!"
///     }
///
///     func process(_ document: inout Document) throws {
///         guard !document.text.isEmpty else {
///             throw StageFailure(code: "invalid-input", message: "the document has no text; run normalize first")
///         }
///         document.metadata.title = document.metadata.title.uppercased() + marker
///     }
/// }
/// ```
///
/// Implement one of the two `process` functions:
/// - `process(_ document: inout Document)` for a stage that changes each document in place (the
///   common case);
/// - `process(_ document: Document) -> [Document]` to drop a document (return `[]`) or split it
///   into several.
///
/// Both may be `async`. Throwing ``StageFailure`` records that document as failed with your
/// code and message, and the run goes on with the others; any other error is recorded with
/// code `stage-error`. Several documents are processed at once (the type is `Sendable`); set
/// ``maximumConcurrency`` to 1 for one at a time, in order.
///
/// Standard output carries the protocol's frames only: anything the stage prints goes to
/// stderr, which the runner forwards to its log prefixed with the stage's name.
public protocol StageProgram: Sendable {
    /// The stage's name, as in the pipeline configuration.
    static var name: String { get }
    /// The stage's version, recorded in each document's provenance.
    static var version: String { get }
    /// The most documents processed at once; `nil` (the default) for no limit of the stage's own.
    static var maximumConcurrency: Int? { get }

    /// Builds the stage from its options (`options:` in the configuration). Throwing refuses the
    /// handshake with `invalid-options`: the run stops before any document is sent.
    init(options: StageProgramOptions) throws

    /// Changes one document in place.
    func process(_ document: inout Document) async throws

    /// Turns one document into zero, one or several documents.
    func process(_ document: Document) async throws -> [Document]
}

extension StageProgram {
    public static var maximumConcurrency: Int? { nil }

    public func process(_ document: inout Document) async throws {
        preconditionFailure(
            "\(Self.self) implements neither process(_ document: inout Document) "
                + "nor process(_ document: Document) -> [Document]; implement one of them"
        )
    }

    public func process(_ document: Document) async throws -> [Document] {
        var document = document
        try await process(&document)
        return [document]
    }

    /// Runs the stage behind the stage protocol on stdin and stdout, and exits with the protocol's
    /// status (see ``StageServer``). Logs go to stderr.
    ///
    /// Started with `--listen HOST:PORT`, the program serves the stage over gRPC instead (see
    /// ``GRPCStageServer``), until SIGTERM or SIGINT: `--tls-certificate FILE --tls-key FILE` for
    /// TLS, `--max-streams N` for the calls open at once on one connection, `--grace SECONDS` for
    /// how long a graceful shutdown may take.
    public static func main() async {
        let logger = Logger(label: name) { StreamLogHandler.standardError(label: $0) }
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard !arguments.isEmpty else {
            let status = await StageServer.run(logger: logger) { handshake in
                try ProgramStage<Self>(optionsJSON: handshake.optionsJSON)
            }
            exit(status)
        }
        #if GRPC
        switch ServeArguments.parse(arguments) {
        case .success(let configuration):
            let server = GRPCStageServer(configuration: configuration, logger: logger) { handshake in
                try ProgramStage<Self>(optionsJSON: handshake.optionsJSON)
            }
            exit(await server.serveUntilSignalled())
        case .failure(let problem):
            FileHandle.standardError.write(Data("\(name): \(problem.message)\n\(ServeArguments.usage(name))\n".utf8))
            exit(StageServer.ExitStatus.refused)
        }
        #else
        FileHandle.standardError.write(
            Data("\(name): takes no arguments (this build has no gRPC: build with the trait GRPC to serve)\n".utf8)
        )
        exit(StageServer.ExitStatus.refused)
        #endif
    }
}

/// Adapts a ``StageProgram`` to the runner's ``Stage``.
struct ProgramStage<Program: StageProgram>: Stage {
    let program: Program

    var name: String { Program.name }
    var version: String { Program.version }
    var maximumConcurrency: Int? { Program.maximumConcurrency }

    init(program: Program) {
        self.program = program
    }

    /// Builds the program from `options_json`; an option it never read is an error.
    init(optionsJSON: String) throws {
        let options = try StageProgramOptions(json: optionsJSON)
        program = try Program(options: options)
        let unread = options.unreadNames
        guard unread.isEmpty else {
            let list = unread.map { "'\($0)'" }.joined(separator: ", ")
            let known = options.askedNames.map { "'\($0)'" }.joined(separator: ", ")
            throw StageFailure(
                code: StageServer.invalidOptionsCode,
                message: "unknown option\(unread.count == 1 ? "" : "s") \(list); "
                    + (known.isEmpty ? "the stage takes no options" : "its options are \(known)")
            )
        }
    }

    func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws {
        for output in try await program.process(document) {
            try await emit(output)
        }
    }
}
