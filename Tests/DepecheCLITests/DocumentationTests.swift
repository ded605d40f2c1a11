import DepecheTestSupport
import Foundation
import Testing

/// The documentation keeps up with the code.
@Suite struct DocumentationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func everyStageOptionIsDocumented() async throws {
        let folder = try TemporaryFolder()
        let listing = try await Depeche.run(["stages"], in: folder.path).stdout
        let documentation = try String(
            contentsOf: Self.repository.appendingPathComponent("docs/configuration.md"),
            encoding: .utf8
        )
        var stage = ""
        var missing: [String] = []
        for line in listing.split(separator: "\n") {
            if line.hasPrefix("Every stage") { continue }
            if !line.hasPrefix(" ") {
                stage = String(line.prefix { $0 != ":" })
                if !documentation.contains("### \(stage)") { missing.append("section ### \(stage)") }
            } else if line.hasPrefix("    "), !line.hasPrefix("        "), let colon = line.firstIndex(of: ":") {
                let option = line.dropFirst(4)[..<colon]
                guard let section = documentation.range(of: "### \(stage)") else { continue }
                let rest = documentation[section.upperBound...]
                let end = rest.range(of: "\n### ")?.lowerBound ?? rest.endIndex
                if !rest[..<end].contains("`\(option)`") { missing.append("\(stage).\(option)") }
            }
        }
        #expect(missing.isEmpty, "docs/configuration.md does not describe: \(missing.joined(separator: ", "))")
    }

    @Test func theSampleConfigurationIsValid() async throws {
        let result = try await Depeche.run(["validate", "depeche.yaml"], in: Self.repository.path)
        #expect(result.status == 0, "\(result.stderr)")
    }
}

/// The README's sample job and the `sqlite3` questions it shows, run as a user would, in a copy of
/// the repository's sample (so that the tests never write into the repository).
@Suite struct SampleStoreDocumentationTests {
    @Test func theReadmeQuestionsRunOnTheSampleStore() async throws {
        let folder = try TemporaryFolder()
        let repository = DocumentationTests.repository.path
        try FileManager.default.copyItem(atPath: repository + "/seeds", toPath: folder.path("seeds"))
        try FileManager.default.copyItem(atPath: repository + "/depeche.yaml", toPath: folder.path("depeche.yaml"))
        let run = try await Depeche.run(["run", "-q"], in: folder.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(folder.exists("out/seeds.jsonl"))
        #expect(folder.exists("out/seeds.sqlite"))
        #expect(!folder.exists("out/seeds.sqlite-wal"), "the store's log was not folded into it")

        let readme = try String(contentsOfFile: repository + "/README.md", encoding: .utf8)
        var commands: [String] = []
        var rest = readme[...]
        let opening = "\nsqlite3 out/seeds.sqlite \""
        while let start = rest.range(of: opening), let end = rest[start.upperBound...].firstIndex(of: "\"") {
            commands.append(String(opening.dropFirst()) + rest[start.upperBound..<end] + "\"")
            rest = rest[rest.index(after: end)...]
        }
        #expect(commands.count == 3, "README shows \(commands.count) sqlite3 commands")
        var answers: [String] = []
        for command in commands {
            let result = try await blocking {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments = ["-c", command]
                process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
                let output = Pipe()
                process.standardOutput = output
                process.standardError = output
                try process.run()
                let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                return (process.terminationStatus, text)
            }
            #expect(result.0 == 0, "\(command): \(result.1)")
            answers.append(result.1)
        }
        #expect(answers.first?.hasPrefix("Donald Trump|12\n") == true, "\(answers)")
        #expect(answers.dropFirst().first?.contains("003_46c0d45d742b5856|") == true, "\(answers)")
        #expect(answers.last?.split(separator: "\n").count == 3, "\(answers)")

        // The sample output in "What comes out" shows every field of a real export line.
        let exported = try folder.read("out/seeds.jsonl").split(separator: "\n")
        let line = try #require(exported.first { $0.contains("\"id\":\"003_46c0d45d742b5856\"") })
        let document = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let sample = try #require(readme.range(of: "### What comes out").map { readme[$0.upperBound...] })
        let block = sample[..<(sample.range(of: "\n```\n")?.upperBound ?? sample.endIndex)]
        let missing = document.keys.filter { !block.contains("\"\($0)\":") }.sorted()
        #expect(missing.isEmpty, "README's sample output lacks \(missing)")
    }
}
