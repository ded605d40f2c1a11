#if GRPC
import ArgumentParser
import DepecheCore
import DepecheStageKit
import DepecheStages
import DepecheWire
import Foundation
import Logging

/// `depeche serve NAME --listen HOST:PORT`: one built-in stage as a gRPC server, for pipelines
/// that name it with `remote:`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve one built-in stage over gRPC, for pipelines that call it with 'remote:'.",
        discussion: """
            Serves the service depeche.v1.Stage (docs/stages.md) and the standard health service \
            grpc.health.v1.Health. Each pipeline sends the stage's options in its handshake, so one server \
            serves every configuration. Prints 'listening on HOST:PORT' on standard output once it listens \
            (port 0 picks a free port); logs go to stderr. SIGTERM or SIGINT stops it gracefully: health turns \
            NOT_SERVING, the documents in flight are finished and answered, the others are handed back to the \
            runners, which send them to another server. Exit status: 0 after a shutdown, 1 when it cannot \
            listen, 2 for a bad command line.
            """
    )

    @Argument(help: "The built-in stage to serve (see 'depeche stages').")
    var name: String

    @Option(help: "Address to listen on: HOST:PORT, [IPv6]:PORT; port 0 picks a free one.")
    var listen = "127.0.0.1:50051"

    @Option(help: "The reference date (YYYY-MM-DD) for documents without a publication date.")
    var referenceDate: String?

    @Option(help: "Most calls open at once on one connection.")
    var maxStreams = GRPCStageServer.Configuration.defaultMaximumStreams

    @Option(help: "Largest message (a document) accepted, in bytes.")
    var maxMessageBytes = GRPCStageServer.Configuration.defaultMaximumMessageBytes

    @Option(help: "PEM certificate chain, to serve over TLS (grpcs://); needs --tls-key.")
    var tlsCertificate: String?

    @Option(help: "PEM private key of --tls-certificate.")
    var tlsKey: String?

    @Option(help: "Seconds a graceful shutdown may take before open calls are cancelled.")
    var grace = 30

    @OptionGroup var verbosity: VerbosityOptions

    func run() async throws {
        func refuse(_ message: String) -> ExitCode {
            StandardError.line("depeche serve: \(message)")
            return ExitStatus.invalidConfiguration
        }
        guard let descriptor = StageRegistry.builtin[name] else {
            throw refuse(
                "unknown stage '\(name)'; the built-in stages are "
                    + StageRegistry.builtin.names.joined(separator: ", ")
            )
        }
        if let reason = StageCommand.refused[name] {
            throw refuse("stage '\(name)' cannot be served: \(reason)")
        }
        var referenceDay: String?
        if let referenceDate {
            guard let day = ISODay(referenceDate) else {
                throw refuse("--reference-date must be a date like 2025-09-04, found '\(referenceDate)'")
            }
            referenceDay = day.description
        }
        let address: (host: String, port: Int)
        switch GRPCStageServer.Configuration.parseListen(listen) {
        case .success(let parsed): address = parsed
        case .failure(let error): throw refuse("--listen: \(error.description)")
        }
        guard maxStreams >= 1 else { throw refuse("--max-streams must be at least 1, got \(maxStreams)") }
        guard maxMessageBytes >= 1024 else {
            throw refuse("--max-message-bytes must be at least 1024, got \(maxMessageBytes)")
        }
        guard grace >= 0 else { throw refuse("--grace cannot be negative, got \(grace)") }
        var configuration = GRPCStageServer.Configuration(
            host: address.host,
            port: address.port,
            maximumStreams: maxStreams,
            maximumMessageBytes: maxMessageBytes,
            grace: .seconds(grace)
        )
        switch (tlsCertificate, tlsKey) {
        case (let certificate?, let key?):
            for file in [certificate, key] where !FileManager.default.isReadableFile(atPath: file) {
                throw refuse("'\(file)' is not a readable file")
            }
            configuration.tls = (certificate, key)
        case (nil, nil):
            break
        default:
            throw refuse("TLS needs both --tls-certificate and --tls-key")
        }
        let logger = verbosity.bootstrapLogging()
        let directory = FileManager.default.currentDirectoryPath
        let server = GRPCStageServer(configuration: configuration, referenceDate: referenceDay, logger: logger) {
            handshake in
            let options = try descriptor.options(fromJSON: handshake.optionsJSON, relativeTo: directory)
            return try descriptor.make(StageSetup(options: options, logger: logger))
        }
        let status = await server.serveUntilSignalled()
        throw ExitCode(status)
    }
}
#endif
