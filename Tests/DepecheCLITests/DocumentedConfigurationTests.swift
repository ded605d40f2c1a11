import DepecheTestSupport
import Foundation
import Testing

/// One complete configuration (a YAML block with `stages:`) shown in the README or in `docs/`.
struct DocumentedConfiguration: Sendable, CustomTestStringConvertible {
    /// `docs/stages.md:10`
    var place: String
    var yaml: String

    var testDescription: String { place }

    /// Every YAML block with a `stages:` key in README.md, docs/*.md and examples/*/README.md.
    static let all: [DocumentedConfiguration] = {
        let repository = DocumentationTests.repository
        var files = ["README.md"]
        for folder in ["docs", "examples"] {
            let root = repository.appendingPathComponent(folder)
            let names = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String]) ?? []
            files += names.filter { $0.hasSuffix(".md") && !$0.contains(".build") }.map { "\(folder)/\($0)" }
        }
        var found: [DocumentedConfiguration] = []
        for file in files.sorted() {
            guard let text = try? String(contentsOf: repository.appendingPathComponent(file), encoding: .utf8) else {
                continue
            }
            var block: [Substring]?
            var opening = 0
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if block == nil, line == "```yaml" || line == "```yml" {
                    block = []
                    opening = index + 2
                } else if let lines = block, line == "```" {
                    if lines.contains(where: { $0.hasPrefix("stages:") }) {
                        found.append(.init(place: "\(file):\(opening)", yaml: lines.joined(separator: "\n") + "\n"))
                    }
                    block = nil
                } else if block != nil {
                    block?.append(line)
                }
            }
        }
        return found
    }()
}

/// Every configuration the documentation shows passes `depeche validate`, which starts each stage
/// that runs in its own process for its handshake: a documented configuration cannot point at a
/// program that does not start or give a stage options it refuses.
///
/// Each runs in a folder laid out like the repository (its `examples/`, `proto/` and `seeds/`),
/// with the inputs the examples name, and the programs that the docs have the reader build
/// (`.build/release/...`) in place, taken from this build.
@Suite struct DocumentedConfigurationTests {
    /// Programs the docs tell the reader to build, and the product of this package that is that program.
    static let builtByTheReader = [
        "keywords/.build/release/keywords": "depeche-keywords-stage",
        ".build/release/depeche-quotes-stage": "depeche-quotes-stage",
    ]
    /// Models the docs have the reader train with `depeche train entities` (docs/entities.md): a small
    /// one is trained here at the same path.
    static let trainedByTheReader = ["models/wikigold-en.bin"]
    /// Made by the `new-stage` plugin in the reader's own package, not built here: a placeholder
    /// stands at its path, and `validate --no-start` checks the YAML and finds the program without
    /// starting it.
    static let notBuiltHere = ["Stages/word-count/.build/release/word-count-stage"]

    /// The gRPC addresses of a configuration, each with the name of the stage whose entry has it.
    static func remoteAddresses(in yaml: String) -> [(address: String, stage: String)] {
        let address = /grpcs?:\/\/(?:\[[0-9a-fA-F:]+\]|[A-Za-z0-9.\-]+):[0-9]+/
        let stage = /stage: *([A-Za-z0-9_\-]+)/
        var found: [(String, String)] = []
        for match in yaml.matches(of: address) where !found.contains(where: { $0.0 == String(match.output) }) {
            guard let name = yaml[..<match.range.lowerBound].matches(of: stage).last?.output.1 else { continue }
            found.append((String(match.output), String(name)))
        }
        return found
    }

    @Test func theDocumentationShowsConfigurations() {
        let places = DocumentedConfiguration.all.map(\.place)
        #expect(places.count >= 10, "\(places)")
        #expect(places.contains { $0.hasPrefix("docs/stages.md") })
        #expect(places.contains { $0.hasPrefix("README.md") })
    }

    @Test(arguments: DocumentedConfiguration.all)
    func validates(_ configuration: DocumentedConfiguration) async throws {
        let folder = try TemporaryFolder()
        let repository = DocumentationTests.repository
        for name in ["examples", "proto", "seeds"] {
            try FileManager.default.createSymbolicLink(
                atPath: folder.path(name),
                withDestinationPath: repository.appendingPathComponent(name).path
            )
        }
        // The inputs the examples name.
        for path in ["articles/a.html", "extra/article.html", "archive/2025/a.html", "archive/b.txt"] {
            try folder.write(path, "<p>Un article.</p>\n")
        }
        try folder.write("dump.jsonl", "{\"id\": \"a\", \"text\": \"Un.\"}\n")
        let products = Depeche.executable.deletingLastPathComponent()
        for (path, product) in Self.builtByTheReader where configuration.yaml.contains(path) {
            try FileManager.default.createDirectory(
                atPath: folder.path((path as NSString).deletingLastPathComponent),
                withIntermediateDirectories: true
            )
            try FileManager.default.createSymbolicLink(
                atPath: folder.path(path),
                withDestinationPath: products.appendingPathComponent(product).path
            )
        }
        for path in Self.notBuiltHere where configuration.yaml.contains(path) {
            try folder.write(path, "#!/bin/sh\nexit 1\n")
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path(path))
        }
        for path in Self.trainedByTheReader where configuration.yaml.contains(path) {
            try folder.write("train.conll", TrainedModelTests.corpus)
            let training = try await Depeche.run(
                ["train", "entities", "--language", "en", "--epochs", "1", "--data", "train.conll", "--out", path],
                in: folder.path
            )
            #expect(training.status == 0, "\(training.stderr)")
        }
        var yaml = configuration.yaml
        var noStart = false
        #if GRPC
        // The servers of the remote stages: each documented address is replaced by a server started here.
        var servers: [StageServerProcess] = []
        for (address, stage) in Self.remoteAddresses(in: yaml) {
            let server: StageServerProcess
            if stage == "wordcount" {  // examples/python-grpc-stage
                guard PythonGRPCExampleTests.runs else {
                    noStart = true
                    continue
                }
                server = try await StageServerProcess.start(
                    repository.appendingPathComponent("examples/python-grpc-stage/run"),
                    []
                )
            } else {
                server = try await StageServerProcess.start(Depeche.executable, ["serve", stage])
            }
            yaml = yaml.replacingOccurrences(of: address, with: server.address)
            servers.append(server)
        }
        defer {
            for server in servers { server.process.terminate() }
        }
        #endif
        try folder.write("run.yaml", yaml)
        var arguments = ["validate", "run.yaml"]
        if !configuration.yaml.contains("\noutput:") && !configuration.yaml.hasPrefix("output:") {
            arguments += ["--output", "out.jsonl"]  // as the docs run it: depeche run FILE --output ...
        }
        let pythonMissing =
            configuration.yaml.contains("python-stage") && !ProcessStageCommandLineTests.pythonExampleRuns
        if noStart || pythonMissing || Self.notBuiltHere.contains(where: configuration.yaml.contains) {
            arguments.append("--no-start")
        }
        let result = try await Depeche.run(arguments, in: folder.path)
        #expect(result.status == 0, "\(configuration.place): \(result.stderr)")
        #expect(result.stdout.contains("run.yaml: OK"), "\(configuration.place): \(result.stdout)")
    }
}
