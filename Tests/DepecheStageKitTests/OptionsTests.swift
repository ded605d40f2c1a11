import DepecheCore
import DepecheStageKit
import DepecheTestSupport
import Testing

/// `options_json` read for a built-in stage (by its option specs) and for a custom stage.
@Suite struct OptionsTests {
    struct Unused: Stage {
        let name = "sample"
        let version = "0"
        func process(_ document: Document, context: StageContext, emit: DocumentEmitter) async throws {}
    }

    static let sample = StageDescriptor(
        name: "sample",
        summary: "Every kind of option.",
        options: [
            OptionSpec("label", .string, default: .string("none"), help: ""),
            OptionSpec("count", .integer(1...10), default: .integer(2), help: ""),
            OptionSpec("ratio", .number, help: ""),
            OptionSpec("strict", .boolean, default: .boolean(false), help: ""),
            OptionSpec("lexicon", .existingPath, help: ""),
            OptionSpec("report", .outputPath, help: ""),
            OptionSpec("mode", .choice(["fast", "exact"]), default: .string("fast"), help: ""),
            OptionSpec("languages", .stringList, default: .list(["fr"]), help: ""),
            OptionSpec("gazetteers", .existingPathList, default: .list([]), help: ""),
            OptionSpec("since", .date, help: ""),
        ]
    ) { _ in Unused() }

    private func problem(_ json: String, relativeTo directory: String = "/") -> String? {
        do {
            _ = try Self.sample.options(fromJSON: json, relativeTo: directory)
            return nil
        } catch let failure as StageFailure {
            #expect(failure.code == "invalid-options")
            return failure.message
        } catch {
            return "unexpected error \(error)"
        }
    }

    @Test func readsEachKindAndFillsTheDefaults() throws {
        let folder = try TemporaryFolder()
        try folder.write("data/lexicon.tsv", "x\n")
        try folder.write("data/extra.tsv", "y\n")
        let options = try Self.sample.options(
            fromJSON: """
                {"count": 7, "ratio": 2, "strict": true, "lexicon": "data/lexicon.tsv", "report": "out/r.txt",
                 "mode": "exact", "languages": ["en", "de"], "gazetteers": ["data/extra.tsv"], "since": "2025-09-04"}
                """,
            relativeTo: folder.path
        )
        #expect(
            options
                == StageOptions([
                    "label": .string("none"),
                    "count": .integer(7),
                    "ratio": .number(2),
                    "strict": .boolean(true),
                    "lexicon": .string(folder.path("data/lexicon.tsv")),
                    "report": .string(folder.path("out/r.txt")),
                    "mode": .string("exact"),
                    "languages": .list(["en", "de"]),
                    "gazetteers": .list([folder.path("data/extra.tsv")]),
                    "since": .string("2025-09-04"),
                ])
        )
    }

    @Test func emptyOrNullMeansDefaults() throws {
        for json in ["", "{}", " { } ", #"{"count": null}"#] {
            #expect(try Self.sample.options(fromJSON: json, relativeTo: "/") == Self.sample.defaultOptions)
        }
    }

    @Test func aSingleStringIsAListOfOne() throws {
        let options = try Self.sample.options(fromJSON: #"{"languages": "en"}"#, relativeTo: "/")
        #expect(options.list("languages") == ["en"])
    }

    @Test func reportsEveryProblemAtOnce() {
        #expect(
            problem(#"{"count": 11, "strict": "yes", "colour": "red"}"#)
                == "unknown option 'colour'; its options are 'label', 'count', 'ratio', 'strict', "
                + "'lexicon', 'report', 'mode', 'languages', 'gazetteers', 'since'; "
                + "option 'count' must be between 1 and 10, found 11; "
                + "option 'strict' must be true or false, found 'yes'"
        )
    }

    @Test(arguments: [
        (#"{"count": 2.5}"#, "option 'count' must be an integer, found 2.5"),
        (#"{"label": 3}"#, "option 'label' must be a string, found 3"),
        (#"{"ratio": "high"}"#, "option 'ratio' must be a number, found 'high'"),
        (#"{"mode": "quick"}"#, "option 'mode' must be one of 'fast', 'exact', found 'quick'"),
        (#"{"since": "2025-13-01"}"#, "option 'since' must be a date like 2025-09-04, found '2025-13-01'"),
        (#"{"lexicon": "missing.tsv"}"#, "option 'lexicon' names 'missing.tsv', which does not exist"),
        (
            #"{"languages": [1, 2]}"#,
            "options_json is not a JSON object of strings, numbers, booleans and lists of strings"
        ),
    ])
    func refusesAValueOfTheWrongKind(json: String, expected: String) {
        let message = problem(json)
        #expect(message?.hasPrefix(expected) == true, "\(message ?? "accepted")")
    }

    @Test func programOptionsHaveTypedGetters() throws {
        let options = try StageProgramOptions(
            json: #"{"name": "x", "count": 3, "ratio": 0.5, "whole": 4.0, "on": false, "tags": ["a", "b"], "one": "c"}"#
        )
        #expect(options.names == ["count", "name", "on", "one", "ratio", "tags", "whole"])
        #expect(try options.string("name") == "x")
        #expect(try options.integer("count") == 3)
        #expect(try options.integer("whole") == 4)
        #expect(try options.number("ratio") == 0.5)
        #expect(try options.number("count") == 3)
        #expect(try options.boolean("on") == false)
        #expect(try options.strings("tags") == ["a", "b"])
        #expect(try options.strings("one") == ["c"])
        #expect(try options.string("absent") == nil)
        #expect(throws: StageFailure(code: "invalid-options", message: "option 'ratio' must be an integer, found 0.5"))
        {
            try options.integer("ratio")
        }
        #expect(
            throws: StageFailure(
                code: "invalid-options",
                message: "option 'tags' must be a string, found a list of 2 strings"
            )
        ) {
            try options.string("tags")
        }
    }

    @Test func programOptionsRefuseAnythingButAnObject() {
        for json in ["[]", "3", "{", #"{"nested": {"a": 1}}"#] {
            #expect(throws: StageFailure.self) { try StageProgramOptions(json: json) }
        }
    }
}
