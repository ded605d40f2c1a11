import DepecheCore
import Foundation
import Logging
import Testing

@testable import DepecheNormalize

/// Runs the real `normalize` stage, built from its descriptor like the runner does.
enum NormalizeHarness {
    static let logger = Logger(label: "depeche-normalize-tests")

    static func run(_ document: Document, options: [String: OptionValue] = [:]) throws -> Document {
        var values = StageDescriptor.normalize.defaultOptions.values
        values.merge(options) { _, new in new }
        let stage = try StageDescriptor.normalize.make(StageSetup(options: StageOptions(values), logger: logger))
        let transform = try #require(stage as? any DocumentTransform)
        var document = document
        try transform.transform(&document, context: StageContext(stageName: "normalize", logger: logger))
        return document
    }

    /// A document as fetch makes it from bytes.
    static func run(
        bytes: [UInt8],
        contentType: String = "",
        charset: String = "",
        options: [String: OptionValue] = [:]
    ) throws -> Document {
        let source = Source(uri: "file:///test", kind: "file", contentType: contentType, charset: charset, raw: bytes)
        return try run(Document(id: "test", source: source), options: options)
    }

    static func run(html: String, url: String = "file:///test", options: [String: OptionValue] = [:]) throws -> Document
    {
        let source = Source(uri: url, kind: "file", contentType: "text/html", raw: Array(html.utf8))
        return try run(Document(id: "test", source: source), options: options)
    }

    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return Array(try Data(contentsOf: url))
    }

    static func codes(_ document: Document) -> [String] {
        document.diagnostics.map(\.code)
    }

    /// Runs the stage and returns the `StageFailure` it throws.
    static func failure(bytes: [UInt8], contentType: String = "", options: [String: OptionValue] = [:]) -> StageFailure?
    {
        do {
            _ = try run(bytes: bytes, contentType: contentType, options: options)
            return nil
        } catch let failure as StageFailure {
            return failure
        } catch {
            return nil
        }
    }
}
