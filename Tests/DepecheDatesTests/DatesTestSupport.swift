import DepecheCore
import Logging

@testable import DepecheDates

/// A timex reduced to what the tests compare.
struct Tagged: Hashable, CustomStringConvertible {
    var text: String
    var type: String
    var value: String
    var mod: String = ""

    var description: String { "\(text)|\(type)|\(value)" + (mod.isEmpty ? "" : "|\(mod)") }
}

/// Thursday 4 September 2025, the publication date most tests resolve against.
let thursday = "2025-09-04"

let testContext = StageContext(stageName: "dates", logger: Logger(label: "dates-tests"))

/// The stage as the registry builds it, with its default options.
let defaultStage: any DocumentTransform = {
    try! StageDescriptor.dates.make(
        StageSetup(options: StageDescriptor.dates.defaultOptions, logger: testContext.logger)
    )
        as! any DocumentTransform
}()

/// Runs the stage on `text` and returns the document.
func process(
    _ text: String,
    published: String = thursday,
    language: String = "fr",
    reference: String? = nil,
    stage: any DocumentTransform = defaultStage
) throws -> Document {
    var document = Document(id: "test", text: text)
    document.metadata.published = published
    document.metadata.language = language
    var context = testContext
    context.referenceDate = reference
    try stage.transform(&document, context: context)
    return document
}

/// The timexes of `text`, as `Tagged` values.
func tag(_ text: String, published: String = thursday, language: String = "fr") throws -> [Tagged] {
    try process(text, published: published, language: language).timexes.map {
        Tagged(text: $0.text, type: $0.type?.rawValue ?? "?", value: $0.value, mod: $0.mod)
    }
}

/// The single timex of `text` (a test failure if there is not exactly one).
func single(_ text: String, published: String = thursday, language: String = "fr") throws -> Tagged? {
    let found = try tag(text, published: published, language: language)
    return found.count == 1 ? found[0] : nil
}

/// The values of the timexes of `text`.
func values(_ text: String, published: String = thursday, language: String = "fr") throws -> [String] {
    try tag(text, published: published, language: language).map(\.value)
}
