import DepecheCore
import DepecheWire
import Foundation
import Testing

/// Decodes the Swift encoder's bytes with Google's protobuf for Python, an implementation
/// independent of protobuf-c, and checks the fields and that its deterministic re-encoding is
/// byte-identical. Skipped when protoc or python3-protobuf is missing (CI installs both).
@Suite(
    .enabled(
        if: PythonProtobuf.interpreter != nil,
        "needs protoc and Python's google.protobuf: apt-get install protobuf-compiler python3-protobuf"
    )
)
struct PythonCrossCheckTests {
    @Test func pythonReadsEveryFieldOfTheFullDocument() throws {
        let document = WireSamples.fullDocument
        let bytes = try WireCodec.encode(document)
        let decoded = try PythonProtobuf.decode(bytes, as: "depeche.v1.Document")
        // Google's encoders write a map entry's empty key or value, protobuf-c leaves it out
        // (both read the same), so the full sample only compares as values.
        let reread = try WireCodec.decode(decoded.reencoded, as: Document.self)
        let same = reread == document
        #expect(same, "Python's encoding of the full document reads back differently")

        let message = decoded.message
        #expect(message["id"] as? String == "doc-é-🦊-001")
        let text = message["text"] as? String
        let sameText = text == document.text
        #expect(sameText, "the text differs (\(text?.count ?? -1) vs \(document.text.count) characters)")
        let source = try #require(message["source"] as? [String: Any])
        #expect(source["uri"] as? String == document.source.uri)
        #expect(source["fetched_at_ms"] as? String == "1756972800123")
        #expect(source["content_type"] as? String == "text/html")
        #expect(source["charset"] as? String == "windows-1252")
        #expect(source["raw"] as? String == Data(document.source.raw).base64EncodedString())
        let metadata = try #require(message["metadata"] as? [String: Any])
        #expect(metadata["title"] as? String == document.metadata.title)
        #expect(metadata["authors"] as? [String] == ["Zoë Müller", "", "李雷", "O'Brien, Seán"])
        #expect(metadata["published_origin"] as? String == "html-meta")
        #expect(metadata["canonical_url"] as? String == "https://exemple.fr/a/7")
        #expect(metadata["modified"] as? String == "2025-09-05")
        #expect(metadata["title_origin"] as? String == "json-ld")
        #expect(metadata["canonical_url_origin"] as? String == "link-canonical")
        #expect(metadata["paywalled"] as? Bool == true)
        #expect(metadata["fingerprint"] as? String == "0123456789abcdef")
        #expect(metadata["duplicate_of"] as? String == "doc-é-🦊-000")

        let entities = try #require(message["entities"] as? [[String: Any]])
        #expect(entities.count == 6)
        #expect(entities[0]["type"] as? String == "ENTITY_TYPE_PER")
        #expect(entities[0]["confidence"] as? Double == 0.9375)
        #expect(entities[0]["entity_id"] as? String == "wikidata:Q3052772")
        #expect(entities[1]["start"] as? Int == 41)
        #expect(entities[3]["type"] as? String == "ENTITY_TYPE_MISC")
        #expect(entities[3]["text"] as? String == "🇫🇷")
        #expect(entities[4]["type"] == nil)  // unspecified is the default, not written
        #expect(entities[5]["start"] as? Int == 4_294_967_294)
        let timexes = try #require(message["timexes"] as? [[String: Any]])
        #expect(
            timexes.map { $0["type"] as? String } == [
                "TIMEX_TYPE_DATE", "TIMEX_TYPE_TIME", "TIMEX_TYPE_DURATION", "TIMEX_TYPE_SET", nil,
            ]
        )
        #expect(timexes[0]["mod"] as? String == "APPROX")
        let annotations = try #require(message["annotations"] as? [[String: Any]])
        #expect(annotations[0]["values"] as? [String: String] == document.annotations[0].values)
        #expect(annotations[0]["stage"] as? String == "quotes")
        #expect(message["attributes"] as? [String: String] == document.attributes)
        let diagnostics = try #require(message["diagnostics"] as? [[String: Any]])
        #expect(
            diagnostics.map { $0["severity"] as? String } == [
                "SEVERITY_WARNING", "SEVERITY_INFO", "SEVERITY_ERROR", nil,
            ]
        )
        let provenance = try #require(message["provenance"] as? [[String: Any]])
        #expect(provenance[1]["at_ms"] as? String == "-1")
        #expect(provenance[1]["version"] as? String == "2.1.0-β")
    }

    @Test func pythonReEncodesIdenticalBytes() throws {
        let document = WireSamples.fullDocumentWithoutEmptyMapStrings
        let bytes = try WireCodec.encode(document)
        let reencoded = try PythonProtobuf.decode(bytes, as: "depeche.v1.Document").reencoded
        expectSameBytes(reencoded, bytes)
    }

    @Test func pythonSeesReplacementCharacterForNUL() throws {
        let bytes = try WireCodec.encode(Document(id: "a\u{0}b"))
        let decoded = try PythonProtobuf.decode(bytes, as: "depeche.v1.Document")
        #expect(decoded.message["id"] as? String == "a\u{FFFD}b")
    }

    @Test func pythonReadsTheStageEnvelopesIdentically() throws {
        for request in WireSamples.requests {
            let bytes = try WireCodec.encode(WireSamples.withoutEmptyMapStrings(request))
            expectSameBytes(try PythonProtobuf.decode(bytes, as: "depeche.v1.StageRequest").reencoded, bytes)
        }
        for response in WireSamples.responses {
            let bytes = try WireCodec.encode(WireSamples.withoutEmptyMapStrings(response))
            expectSameBytes(try PythonProtobuf.decode(bytes, as: "depeche.v1.StageResponse").reencoded, bytes)
        }
        let handshake =
            try PythonProtobuf.decode(
                WireCodec.encode(StageRequest.handshake(WireSamples.handshakeRequest)),
                as: "depeche.v1.StageRequest"
            ).message["handshake"] as? [String: Any]
        #expect(handshake?["stage_name"] as? String == "entités")
        #expect(handshake?["max_in_flight"] as? Int == 32)
        #expect(handshake?["max_frame_bytes"] as? String == "67108864")
        let result =
            try PythonProtobuf.decode(
                WireCodec.encode(StageResponse.result(WireSamples.processResponse)),
                as: "depeche.v1.StageResponse"
            ).message["result"] as? [String: Any]
        #expect(result?["sequence"] as? String == "42")
        #expect((result?["documents"] as? [Any])?.count == 3)
        #expect((result?["error"] as? [String: Any])?["code"] as? String == "invalid-input")
    }
}

/// Runs `Fixtures/protobuf_crosscheck.py` with a Python that has google.protobuf.
enum PythonProtobuf {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = packageRoot.appending(path: "Tests/DepecheWireTests/Fixtures/protobuf_crosscheck.py")

    /// The first of the system Python (where Debian's python3-protobuf installs) and the
    /// `python3` on PATH that passes the script's `--check`.
    static let interpreter: URL? = {
        let candidates = ["/usr/bin/python3", "/usr/local/bin/python3"].map { URL(fileURLWithPath: $0) }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            if (try? run(candidate, [script.path, "--check"]))?.status == 0 {
                return candidate
            }
        }
        if (try? run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script.path, "--check"]))?.status == 0 {
            return URL(fileURLWithPath: "/usr/bin/env")
        }
        return nil
    }()

    struct Decoded {
        var message: [String: Any]
        var reencoded: [UInt8]
    }

    static func decode(_ bytes: [UInt8], as messageName: String) throws -> Decoded {
        let interpreter = try #require(interpreter)
        let input = FileManager.default.temporaryDirectory.appending(path: "depeche-wire-\(UUID().uuidString).bin")
        try Data(bytes).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        var arguments = [script.path, packageRoot.appending(path: "proto").path, messageName, input.path]
        if interpreter.lastPathComponent == "env" {
            arguments.insert("python3", at: 0)
        }
        let result = try run(interpreter, arguments)
        try #require(result.status == 0, "protobuf_crosscheck.py failed: \(result.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.standardOutput) as? [String: Any])
        let message = try #require(object["message"] as? [String: Any])
        let hex = try #require(object["reencoded"] as? String)
        return Decoded(message: message, reencoded: try bytesFromHex(hex))
    }

    private static func bytesFromHex(_ hex: String) throws -> [UInt8] {
        let digits = Array(hex.utf8)
        try #require(digits.count % 2 == 0)
        return try stride(from: 0, to: digits.count, by: 2).map { index in
            try #require(UInt8(String(decoding: digits[index..<(index + 2)], as: UTF8.self), radix: 16))
        }
    }

    private static func run(
        _ executable: URL,
        _ arguments: [String]
    ) throws -> (status: Int32, standardOutput: Data, standardError: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        // stderr goes to a file, so that only one pipe has to be drained while the child runs.
        let errorFile = FileManager.default.temporaryDirectory.appending(path: "depeche-wire-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        defer { try? errorHandle.close() }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errorHandle
        try process.run()
        let standardOutput = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let standardError = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
        return (process.terminationStatus, standardOutput, standardError)
    }
}
