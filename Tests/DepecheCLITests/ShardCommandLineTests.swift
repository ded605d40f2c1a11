import DepecheTestSupport
import Foundation
import Testing

/// `--shard I/N`: N runs over the same inputs export, together, exactly what one run exports.
@Suite struct ShardCommandLineTests {
    @Test func threeShardsTogetherExportExactlyWhatOneRunExports() async throws {
        let folder = try TemporaryFolder()
        for index in 0..<30 {
            try folder.write("in/article-\(index).txt", "Titre \(index)\n\nLe texte de l'article \(index).\n")
        }
        try folder.write(
            "in/dump.jsonl",
            #"{"id": "a", "text": "Un."}"# + "\n" + #"{"id": "a", "text": "Deux."}"# + "\n"
        )
        try folder.write("p.yaml", "inputs: [in/]\nstages: [fetch, normalize, export]\n")
        let whole = try await Depeche.run(["run", "p.yaml", "-q", "--output", "whole.jsonl"], in: folder.path)
        #expect(whole.status == 0, "\(whole.stderr)")
        var parts: [Substring] = []
        for index in 0..<3 {
            let part = try await Depeche.run(
                ["run", "p.yaml", "-q", "--shard", "\(index)/3", "--output", "part\(index).jsonl"],
                in: folder.path
            )
            #expect(part.status == 0, "\(part.stderr)")
            let lines = try folder.read("part\(index).jsonl").split(separator: "\n")
            #expect(!lines.isEmpty)
            parts += lines
        }
        // The same lines (the renamed duplicate id `a~2` included), each in one part only.
        let expected = try folder.read("whole.jsonl").split(separator: "\n")
        #expect(expected.count == 32)
        #expect(parts.sorted() == expected.sorted())
    }

    @Test func aShardThatDoesNotExistIsRefusedBeforeAnything() async throws {
        let folder = try TemporaryFolder()
        try folder.write("in/a.txt", "Titre\n\nUn texte.\n")
        try folder.write("p.yaml", "inputs: [in/]\noutput: out.jsonl\nstages: [fetch, export]\n")
        for (shard, message) in [
            ("3/2", "the shard index goes from 0 to 1"),
            ("0/0", "the number of shards must be at least 1"),
        ] {
            for command in ["run", "validate"] {
                let result = try await Depeche.run([command, "p.yaml", "--shard", shard], in: folder.path)
                #expect(result.status == 2)
                #expect(result.stderr.contains(message), "\(result.stderr)")
            }
        }
        #expect(!folder.exists("out.jsonl"))
    }
}
