import Foundation

/// What the order of the stages must respect for a run to do anything, checked by `validate` and
/// at the start of `run` alike, each problem at its stage's place in the file.
///
/// Errors: a chain that cannot work (fetch after another stage, export before another stage or
/// isolated, entities or dates before normalize). Warnings: a chain that runs but probably not as
/// meant (no fetch, no export, entities or dates without normalize, no inputs).
extension PipelineConfiguration {
    /// The chain's errors: the run is refused.
    public var chainErrors: [ConfigurationError.Problem] {
        var problems: [ConfigurationError.Problem] = []
        let names = stages.map(\.name)
        for (index, stage) in stages.enumerated() {
            switch stage.name {
            case "fetch" where index > 0:
                problems.append(
                    .init(
                        "stage 'fetch' must come first: it reads the inputs, and '\(names[0])' before it would "
                            + "only see their names",
                        at: stage.location
                    )
                )
            case "export" where names[(index + 1)...].contains { $0 != "export" }:
                // Several exports in a row are fine (a JSON Lines file and a store).
                problems.append(
                    .init(
                        "stage 'export' must come last: the stages after it ("
                            + names[(index + 1)...].filter { $0 != "export" }.map { "'\($0)'" }
                            .joined(separator: ", ") + ") would change documents already written",
                        at: stage.location
                    )
                )
            case "export" where stage.process != nil:
                problems.append(
                    .init(
                        "stage 'export' cannot run in its own process or on a server ('isolate', 'run' or 'remote'): "
                            + "it writes the run's outputs, which the runner commits and resumes",
                        at: stage.location
                    )
                )
            case "entities", "dates":
                if let normalize = names.firstIndex(of: "normalize"), normalize > index {
                    problems.append(
                        .init(
                            "stage '\(stage.name)' must come after 'normalize': it reads the text normalize "
                                + "extracts",
                            at: stage.location
                        )
                    )
                }
            default:
                break
            }
        }
        return problems
    }

    /// The chain's warnings: the run goes on, but probably not as meant.
    public var chainWarnings: [ConfigurationError.Problem] {
        var problems: [ConfigurationError.Problem] = []
        let names = stages.map(\.name)
        let top = SourceLocation(file: file.map(Self.displayName) ?? "(configuration)", line: 1, column: 1)
        if !stages.isEmpty, !names.contains("fetch") {
            problems.append(
                .init(
                    "no 'fetch' stage: the first stage, '\(names[0])', receives each input as a document that "
                        + "holds only its name",
                    at: stages[0].location ?? top
                )
            )
        }
        if !stages.isEmpty, !names.contains("export") {
            let output = output.map { " ('\(Self.displayName($0))' is never written)" } ?? ""
            problems.append(
                .init(
                    "no 'export' stage: the documents are not written anywhere\(output); add 'export' last",
                    at: stages[stages.count - 1].location ?? top
                )
            )
        }
        if !names.contains("normalize") {
            for stage in stages where stage.name == "entities" || stage.name == "dates" {
                problems.append(
                    .init(
                        "stage '\(stage.name)' without 'normalize': only documents that come with their text "
                            + "(JSON Lines dumps) have anything to read",
                        at: stage.location ?? top
                    )
                )
            }
        }
        return problems
    }

    private static func displayName(_ path: String) -> String {
        (path as NSString).lastPathComponent
    }
}
