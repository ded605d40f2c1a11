import DepecheCore
import DepecheWire
import Testing

/// A test argument described by its name, not by its (possibly 200 KB) value.
struct Named<Value: Sendable>: Sendable, CustomTestStringConvertible {
    let name: String
    let value: Value

    init(_ name: String, _ value: Value) {
        self.name = name
        self.value = value
    }

    var testDescription: String { name }
}

/// Values for the wire tests. `fullDocument` sets every field of every nested type to a
/// non-default value (checked by `FieldCoverage`), so a field that the codec forgets fails the
/// round trip.
enum WireSamples {
    /// About 200 KB of text, bigger than the arena's chunk, with 1-, 2-, 3- and 4-byte scalars.
    static let largeText = String(repeating: "Le président a dit « 東京 » 🚀 — ", count: 6_000)

    static let fullDocument = Document(
        id: "doc-é-🦊-001",
        source: Source(
            uri: "https://exemple.fr/actualités/2025/09/04/article?id=7&lang=fr",
            kind: "http",
            fetchedAtMilliseconds: 1_756_972_800_123,
            contentType: "text/html",
            charset: "windows-1252",
            raw: [0x00, 0x3C, 0x68, 0x31, 0x3E, 0x00, 0x00, 0xFF, 0xFE, 0x80, 0xC3, 0xA9, 0x00]
        ),
        text: "Emmanuel Macron a rencontré Olaf Scholz à Berlin le 4 septembre 2025. 🇫🇷🤝🇩🇪\n" + largeText,
        metadata: Metadata(
            title: "Rencontre franco-allemande : « un moment clé » 🇪🇺",
            authors: ["Zoë Müller", "", "李雷", "O'Brien, Seán"],
            published: "2025-09-04T08:30:00+02:00",
            publishedOrigin: "html-meta",
            language: "fr",
            siteName: "Exemple Actualités",
            canonicalURL: "https://exemple.fr/a/7",
            modified: "2025-09-05",
            titleOrigin: "json-ld",
            authorsOrigin: "html-meta",
            modifiedOrigin: "html-time",
            languageOrigin: "html-lang",
            siteNameOrigin: "og",
            canonicalURLOrigin: "link-canonical",
            paywalled: true,
            fingerprint: "0123456789abcdef",
            duplicateOf: "doc-é-🦊-000"
        ),
        entities: [
            Entity(
                start: 0,
                end: 15,
                text: "Emmanuel Macron",
                type: .person,
                label: "head-of-state",
                canonical: "Emmanuel Macron",
                entityID: "wikidata:Q3052772",
                confidence: 0.9375
            ),
            Entity(
                start: 41,
                end: 47,
                text: "Berlin",
                type: .location,
                label: "city",
                canonical: "Berlin",
                entityID: "wikidata:Q64",
                confidence: 1
            ),
            Entity(start: 0, end: 0, text: "", type: .organization, confidence: 0.5),
            Entity(start: 7, end: 9, text: "🇫🇷", type: .miscellaneous, label: "flag"),
            Entity(start: 1, end: 2, text: "x", type: nil),
            Entity(start: 4_294_967_294, end: 4_294_967_295, text: "max", type: .person),
        ],
        timexes: [
            Timex(start: 51, end: 67, text: "4 septembre 2025", type: .date, value: "2025-09-04", mod: "APPROX"),
            Timex(start: 3, end: 8, text: "hier", type: .time, value: "2025-09-03TEV"),
            Timex(start: 9, end: 17, text: "4 ans", type: .duration, value: "P4Y", mod: "START"),
            Timex(start: 10, end: 20, text: "chaque lundi", type: .set, value: "XXXX-WXX-1"),
            Timex(start: 5, end: 6, text: "?", type: nil, value: ""),
        ],
        annotations: [
            Annotation(
                label: "quote",
                start: 12,
                end: 34,
                values: ["speaker": "Macron", "lang": "fr", "émotion": "😊", "": "empty key", "z": ""],
                stage: "quotes"
            ),
            Annotation(label: "document", start: 0, end: 0),
        ],
        attributes: [
            "feed": "rss://exemple.fr/une",
            "topic": "politique",
            "région": "Île-de-France",
            "emoji🔑": "🗝️",
            "a": "1", "b": "2", "c": "3", "aa": "4", "ab": "",
        ],
        diagnostics: [
            Diagnostic(stage: "normalize", code: "invalid-utf8", severity: .warning, message: "3 bytes replaced"),
            Diagnostic(stage: "dates", code: "no-date", severity: .info, message: "fell back to run date"),
            Diagnostic(stage: "fetch", code: "partial", severity: .error, message: "connection reset — ok"),
            Diagnostic(stage: "x", code: "y", severity: nil, message: ""),
        ],
        provenance: [
            Provenance(stage: "fetch", version: "1.0.0", atMilliseconds: 1_756_972_800_200),
            Provenance(stage: "normalize", version: "2.1.0-β", atMilliseconds: -1),
        ]
    )

    static let handshakeRequest = HandshakeRequest(
        protocolVersion: 1,
        stageName: "entités",
        optionsJSON: #"{"lexicon":"fr","threshold":0.5,"note":"ünïcødé 🙂"}"#,
        maxInFlight: 32,
        maxFrameBytes: 64 << 20,
        referenceDate: "2025-09-04"
    )

    static let handshakeResponse = HandshakeResponse(
        stageName: "entités",
        stageVersion: "0.3.0-rc.1",
        protocolVersion: 1,
        capabilities: ["batch", "", "streaming-🚀"]
    )

    static let processRequest = ProcessRequest(sequence: 18_446_744_073_709_551_615, document: fullDocument)

    static let processResponse = ProcessResponse(
        sequence: 42,
        documents: [fullDocument, Document(id: "second", text: "court"), Document(id: "")],
        error: StageErrorMessage(code: "invalid-input", message: "le texte est vide — rien à faire")
    )

    static let stageError = StageErrorMessage(
        code: "bad-options",
        message: "unknown option 'lexicn' (did you mean 'lexicon'?)"
    )

    static let requests: [StageRequest] = namedRequests.map(\.value)
    static let responses: [StageResponse] = namedResponses.map(\.value)

    /// For parameterized tests: the name stands for the value in the test log.
    static let namedRequests: [Named<StageRequest>] = [
        Named("handshake", .handshake(handshakeRequest)),
        Named("process", .process(processRequest)),
    ]

    static let namedResponses: [Named<StageResponse>] = [
        Named("handshake", .handshake(handshakeResponse)),
        Named("result", .result(processResponse)),
        Named("fatal", .fatal(stageError)),
        Named("empty result", .result(ProcessResponse(sequence: 0))),
    ]

    // MARK: For byte comparisons with Google's encoders

    /// `fullDocument` without empty keys or values in its maps: Google's encoders write a map
    /// entry's empty key or value, protobuf-c leaves it out (both read the same).
    static let fullDocumentWithoutEmptyMapStrings = withoutEmptyMapStrings(fullDocument)

    static func withoutEmptyMapStrings(_ document: Document) -> Document {
        var document = document
        document.attributes = document.attributes.filter { !$0.key.isEmpty && !$0.value.isEmpty }
        for index in document.annotations.indices {
            document.annotations[index].values = document.annotations[index].values.filter {
                !$0.key.isEmpty && !$0.value.isEmpty
            }
        }
        return document
    }

    static func withoutEmptyMapStrings(_ request: StageRequest) -> StageRequest {
        guard case .process(var process) = request else { return request }
        process.document = withoutEmptyMapStrings(process.document)
        return .process(process)
    }

    static func withoutEmptyMapStrings(_ response: StageResponse) -> StageResponse {
        guard case .result(var result) = response else { return response }
        result.documents = result.documents.map(withoutEmptyMapStrings)
        return .result(result)
    }
}
