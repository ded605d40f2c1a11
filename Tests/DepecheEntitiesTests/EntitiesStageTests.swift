import DepecheCore
import DepecheTestSupport
import Foundation
import Logging
import Testing

@testable import DepecheEntities

private let context = StageContext(stageName: "entities", logger: Logger(label: "test"))

private func makeStage(_ values: [String: OptionValue] = [:]) throws -> any Stage {
    var options = StageDescriptor.entities.defaultOptions
    options.values.merge(values) { _, new in new }
    return try StageDescriptor.entities.make(StageSetup(options: options, logger: context.logger))
}

private func transform(_ document: Document, with stage: any Stage) throws -> Document {
    guard let transform = stage as? any DocumentTransform else {
        Issue.record("the entities stage is not a DocumentTransform")
        return document
    }
    var document = document
    try transform.transform(&document, context: context)
    return document
}

@Test func declaresItsOptionsWithDefaults() {
    let descriptor = StageDescriptor.entities
    #expect(descriptor.name == "entities")
    #expect(descriptor.options.map(\.name) == ["gazetteers", "languages", "models", "recognizer"])
    #expect(descriptor.defaultOptions.string("recognizer") == "tagger")
    #expect(descriptor.defaultOptions.list("gazetteers") == [])
    #expect(descriptor.defaultOptions.list("languages") == ["fr", "en"])
}

@Test func fillsTheDocumentsEntities() throws {
    let stage = try makeStage()
    let document = try transform(
        Document(id: "a", text: "Emmanuel Macron à Kiev.", metadata: Metadata(language: "fr")),
        with: stage
    )
    #expect(document.entities.map(\.text) == ["Emmanuel Macron", "Kiev"])
    #expect(document.entities.map(\.canonical) == ["Emmanuel Macron", "Kyiv"])
    #expect(document.diagnostics.isEmpty)
}

/// A text longer than a window (200,000 scalars) is read window by window: the names after the
/// first window are found, at their offsets in the whole text.
@Test func readsAVeryLongTextInWindowsWithOffsetsIntoTheWholeText() async throws {
    try await blocking {
        let paragraph = "Le chat dort sur le canapé, et la pluie tombe depuis le matin sur la ville.\n\n"
        let named = "Emmanuel Macron est arrivé à Kiev mardi.\n\n"
        let filler = String(repeating: paragraph, count: 2_700)
        let text = filler + named + filler + named
        #expect(text.unicodeScalars.count > 400_000)
        let document = try transform(
            Document(id: "long", text: text, metadata: Metadata(language: "fr")),
            with: try makeStage()
        )
        let scalars = Array(text.unicodeScalars)
        let found = document.entities.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) }
        #expect(found == ["Emmanuel Macron", "Kiev", "Emmanuel Macron", "Kiev"])
        #expect(document.entities.first?.start == filler.unicodeScalars.count)
    }
}

@Test func passesOnDocumentsInOtherLanguages() throws {
    let stage = try makeStage(["languages": .list(["fr"])])
    let document = try transform(
        Document(id: "b", text: "Angela Merkel in Berlin.", metadata: Metadata(language: "de-DE")),
        with: stage
    )
    #expect(document.entities.isEmpty)
    #expect(document.diagnostics.map(\.code) == ["unsupported-language"])
    #expect(document.diagnostics.first?.severity == .info)
}

@Test func warnsAboutDocumentsWithoutText() throws {
    let document = try transform(Document(id: "c"), with: try makeStage())
    #expect(document.entities.isEmpty)
    #expect(document.diagnostics.map(\.code) == ["empty-text"])
}

@Test func rejectsLanguagesWithoutALexicon() {
    #expect(throws: StageFailure.self) {
        _ = try makeStage(["languages": .list(["fr", "xx"])])
    }
}

@Test func readsExtraGazetteerFiles() throws {
    let path = NSTemporaryDirectory() + "depeche-entities-\(UUID().uuidString).tsv"
    defer { try? FileManager.default.removeItem(atPath: path) }
    try "# mine\nAcme Widgets\tORG\tcompany\t\tAcmé|Widgets Acme\n".write(
        toFile: path,
        atomically: true,
        encoding: .utf8
    )
    let stage = try makeStage(["gazetteers": .list([path])])
    let document = try transform(Document(id: "d", text: "Chez Acme, pas chez Widgets Acme."), with: stage)
    #expect(document.entities.map(\.text) == ["Acme", "Widgets Acme"])
    #expect(document.entities.map(\.canonical) == ["Acme Widgets", "Acme Widgets"])
    #expect(document.entities.map(\.label) == ["company", "company"])
}

@Test func reportsABrokenExtraGazetteerWithItsLine() throws {
    let path = NSTemporaryDirectory() + "depeche-entities-\(UUID().uuidString).tsv"
    defer { try? FileManager.default.removeItem(atPath: path) }
    try "Acme\tORG\nBroken line\n".write(toFile: path, atomically: true, encoding: .utf8)
    do {
        _ = try makeStage(["gazetteers": .list([path])])
        Issue.record("a broken gazetteer was accepted")
    } catch let failure as StageFailure {
        #expect(failure.code == "invalid-option")
        #expect(failure.message.contains("\(path):2:"))
    }
}

@Test func findsTheSameEntitiesInEverySeedArticle() throws {
    // The seed articles of the repository, read as the pipeline would after normalize.
    let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("seeds")
    let files = try FileManager.default.contentsOfDirectory(atPath: seeds.path).filter { $0.hasSuffix(".txt") }
    #expect(files.count == 5)
    for file in files {
        let text = try String(contentsOf: seeds.appendingPathComponent(file), encoding: .utf8)
        let entities = recognize(text)
        for (before, after) in zip(entities, entities.dropFirst()) {
            #expect(before.end <= after.start, "\(file): \(before.text) overlaps \(after.text)")
        }
        let unitedStates = entities.filter { ["États-Unis", "Etats-Unis", "USA"].contains($0.text) }
        #expect(unitedStates.allSatisfy { $0.type == .location && $0.canonical == "United States" })
        #expect(!entities.contains { ["Premier ministre", "Cependant", "Selon", "CLARTÉ"].contains($0.text) })
    }
}

@Test func usesTheTaggerByDefaultAndTheRulesWhenAsked() throws {
    let tagger = try #require(try makeStage() as? EntitiesStage)
    let rules = try #require(try makeStage(["recognizer": .string("rules")]) as? EntitiesStage)
    #expect(tagger.tagged != nil)
    #expect(rules.tagged == nil)
    let text = "Le ministre Sébastien Lecornu était à Kiev."
    for stage in [tagger, rules] {
        let document = try transform(Document(id: "e", text: text, metadata: Metadata(language: "fr")), with: stage)
        #expect(document.entities.map(\.text) == ["Sébastien Lecornu", "Kiev"])
    }
}
