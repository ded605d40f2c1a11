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
