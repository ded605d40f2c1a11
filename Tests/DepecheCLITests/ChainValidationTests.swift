import DepecheTestSupport
import Foundation
import Testing

/// `validate` rejects the chains `run` would reject, at the same place and with the same words,
/// and warns about chains that run but probably not as meant.
@Suite struct ChainValidationTests {
    static func check(_ yaml: String) async throws -> (validate: CommandResult, run: CommandResult) {
        let folder = try TemporaryFolder()
        try folder.write("in/a.txt", "Titre\n\nLe ministre a parlé hier à Berlin.\n")
        try folder.write("p.yaml", yaml)
        let validate = try await Depeche.run(["validate", "p.yaml"], in: folder.path)
        let run = try await Depeche.run(["run", "p.yaml"], in: folder.path)
        return (validate, run)
    }

    @Test(arguments: [
        (
            "inputs: [in/]\noutput: out/x.jsonl\nstages: [export, entities, normalize, fetch]\n",
            [
                "p.yaml:3:10: stage 'export' must come last: the stages after it ('entities', 'normalize', 'fetch') "
                    + "would change documents already written",
                "p.yaml:3:18: stage 'entities' must come after 'normalize': it reads the text normalize extracts",
                "p.yaml:3:39: stage 'fetch' must come first: it reads the inputs, and 'export' before it would only "
                    + "see their names",
            ]
        ),
        (
            "inputs: [in/]\noutput: out/x.jsonl\nstages:\n  - fetch\n  - dates\n  - normalize\n  - export\n",
            ["p.yaml:5:5: stage 'dates' must come after 'normalize': it reads the text normalize extracts"]
        ),
        (
            "inputs: [in/]\noutput: out/x.jsonl\nstages:\n  - fetch\n  - normalize\n  - {stage: export, isolate: true}\n",
            [
                "p.yaml:6:5: stage 'export' cannot run in its own process or on a server ('isolate', 'run' or "
                    + "'remote'): it writes the run's outputs, which the runner commits and resumes"
            ]
        ),
        (
            "inputs: [in/]\noutput: out/x.jsonl\nstages:\n  - fetch\n  - {stage: export, remote: grpc://127.0.0.1:9}\n",
            [
                "p.yaml:5:5: stage 'export' cannot run in its own process or on a server ('isolate', 'run' or "
                    + "'remote'): it writes the run's outputs, which the runner commits and resumes"
            ]
        ),
    ])
    func aChainThatCannotWorkIsRefusedTheSameWayByValidateAndRun(yaml: String, errors: [String]) async throws {
        let (validate, run) = try await Self.check(yaml)
        #expect(validate.status == 2)
        #expect(validate.stderr == errors.map { $0 + "\n" }.joined())
        #expect(run.status == 2)
        #expect(run.stderr == validate.stderr)
    }

    @Test func aChainWithoutExportIsAWarningNamingTheOutputNeverWritten() async throws {
        let (validate, run) = try await Self.check("inputs: [in/]\noutput: out/x.jsonl\nstages: [fetch, normalize]\n")
        let warning =
            "p.yaml:3:17: warning: no 'export' stage: the documents are not written anywhere ('x.jsonl' is never "
            + "written); add 'export' last\n"
        #expect(validate.status == 0)
        #expect(validate.stderr == warning)
        #expect(run.stderr.hasPrefix(warning), "\(run.stderr)")
    }

    @Test func entitiesWithoutNormalizeAndNoInputsAreWarnings() async throws {
        let (validate, _) = try await Self.check("output: out/x.jsonl\nstages: [fetch, entities, export]\n")
        #expect(validate.status == 0)
        #expect(
            validate.stderr
                == "depeche: warning: no inputs: add 'inputs:', or give --input PATH to run\n"
                + "p.yaml:2:17: warning: stage 'entities' without 'normalize': only documents that come with their "
                + "text (JSON Lines dumps) have anything to read\n"
        )
    }
}
