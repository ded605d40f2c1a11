import DepecheCore
import Logging
import Testing

@testable import DepecheNormalize

@Suite struct DuplicateTests {
    @Test func canonicalURLsDropTrackingFragmentsDefaultPortsAndTrailingSlashes() {
        #expect(
            URLCanonicalizer.canonicalize("HTTPS://News.Example:443/a/b/?utm_source=x&id=3&fbclid=y&b=1#comments")
                == "https://news.example/a/b?b=1&id=3"
        )
        #expect(URLCanonicalizer.canonicalize("http://news.example:80/") == "http://news.example/")
        #expect(URLCanonicalizer.canonicalize("http://news.example:8080/x") == "http://news.example:8080/x")
        #expect(
            URLCanonicalizer.canonicalize("/a/./b/../c?xtor=RSS-3&gclid=1", base: "https://n.example/x/y")
                == "https://n.example/a/c"
        )
        #expect(URLCanonicalizer.canonicalize("mailto:jane@example.com") == nil)
        #expect(URLCanonicalizer.canonicalize("file:///tmp/a.html") == nil)
    }

    private static let story = """
        The European Commission proposed on Thursday a new set of rules for the fishing industry, \
        which would limit catches in the Baltic Sea for the next three years and fund the \
        modernisation of small boats. Ministers will discuss the proposal in Brussels next month, \
        and several countries have already said they would ask for changes before any vote. \
        Fishermen's organisations welcomed the funding but criticised the quotas as too strict, \
        saying that many crews would not survive a second year of reduced catches. Scientists, on \
        the other hand, argued that cod and herring stocks had fallen to their lowest level in \
        decades and that only a sharp cut could let them recover. The proposal also includes a \
        plan to monitor boats by satellite, an idea that smaller fleets have long opposed because \
        of its cost. A spokesman for the Commission said the money set aside for the transition \
        would cover most of that cost, and that ports would receive help to build new facilities \
        for processing the catch. The text must be approved by the member states and by the \
        European Parliament before it can take effect, which could happen early next year if the \
        negotiations go smoothly.
        """

    @Test func fingerprintsOfNearCopiesAreCloseAndOfOtherTextsFar() throws {
        let original = Fingerprint.simHash(Self.story)
        let copy = Fingerprint.simHash("By Reuters. " + Self.story + " (Reporting by Jane Doe)")
        let other = Fingerprint.simHash(
            "The city council approved the construction of a new bridge over the river on Tuesday night, "
                + "after a debate that lasted more than five hours and ended with a unanimous vote of the members."
        )
        #expect(original.count == 16)
        #expect(original.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(try #require(Fingerprint.distance(original, copy)) <= 6)
        #expect(try #require(Fingerprint.distance(original, other)) > 16)
        #expect(Fingerprint.simHash("two words") == "")
        #expect(Fingerprint.simHash(Self.story) == original)
    }

    @Test func normalizeWritesTheFingerprintOfTheText() throws {
        let document = try NormalizeHarness.run(html: "<html><body><p>\(Self.story)</p></body></html>")
        #expect(document.metadata.fingerprint == Fingerprint.simHash(Self.story))
    }

    private static func document(_ id: String, url: String, canonical: String = "", text: String) -> Document {
        Document(
            id: id,
            source: Source(uri: url, kind: "http"),
            text: text,
            metadata: Metadata(canonicalURL: canonical, fingerprint: Fingerprint.simHash(text))
        )
    }

    private static let batch = [
        document("a", url: "https://one.example/fish?utm_source=rss", text: story),
        document("b", url: "https://one.example/fish#top", text: "A different first version of the page. " + story),
        document("c", url: "https://two.example/wire/123", text: "AFP - " + story + " Copyright AFP."),
        document(
            "d",
            url: "https://two.example/other",
            text: String(repeating: "A completely different story about the harbour and its new quay. ", count: 10)
        ),
        document("e", url: "https://three.example/x", canonical: "https://two.example/other/", text: "Short."),
    ]

    private static func run(_ options: [String: OptionValue] = [:]) async throws -> [Document] {
        var values = StageDescriptor.dedupe.defaultOptions.values
        values.merge(options) { _, new in new }
        let logger = Logger(label: "dedupe-tests")
        let stage = try StageDescriptor.dedupe.make(StageSetup(options: StageOptions(values), logger: logger))
        #expect(stage.maximumConcurrency == 1)
        let collected = Collected()
        let emitter = DocumentEmitter(send: { await collected.append($0) }, fail: { _, _, _ in })
        let context = StageContext(stageName: "dedupe", logger: logger)
        for document in batch {
            try await stage.process(document, context: context, emit: emitter)
        }
        return await collected.documents
    }

    @Test func dedupeMarksCopiesByURLAndByFingerprintInDocumentOrder() async throws {
        let documents = try await Self.run()
        #expect(documents.map(\.id) == ["a", "b", "c", "d", "e"])
        #expect(documents.map(\.metadata.duplicateOf) == ["", "a", "a", "", "d"])
    }

    @Test func dedupeDropsCopiesWhenAsked() async throws {
        let documents = try await Self.run(["drop": .boolean(true)])
        #expect(documents.map(\.id) == ["a", "d"])
    }

    @Test func dedupeWithoutURLsComparesTextsOnly() async throws {
        let documents = try await Self.run(["compare_urls": .boolean(false), "max_distance": .integer(0)])
        #expect(documents.map(\.metadata.duplicateOf) == ["", "", "", "", ""])
    }
}

private actor Collected {
    var documents: [Document] = []
    func append(_ document: Document) { documents.append(document) }
}
