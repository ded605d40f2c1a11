import DepecheCore
import DepecheWire
import Testing

@Suite struct WireCodecDocumentTests {
    @Test func sampleSetsEveryField() {
        #expect(FieldCoverage.uncoveredPaths(of: WireSamples.fullDocument) == [])
    }

    @Test func roundTripKeepsEveryField() throws {
        let document = WireSamples.fullDocument
        let bytes = try WireCodec.encode(document)
        let decoded = try WireCodec.decode(bytes, as: Document.self)
        let equal = decoded == document  // not in #expect: a failure would print 200 KB twice
        #expect(equal, "the document changed in the round trip")
        #expect(decoded.text.unicodeScalars.count == document.text.unicodeScalars.count)
        #expect(decoded.source.raw == [0x00, 0x3C, 0x68, 0x31, 0x3E, 0x00, 0x00, 0xFF, 0xFE, 0x80, 0xC3, 0xA9, 0x00])
        #expect(decoded.entities[5].end == 4_294_967_295)
    }

    @Test func roundTripKeepsDefaults() throws {
        let document = Document(id: "")
        #expect(try WireCodec.decode(WireCodec.encode(document), as: Document.self) == document)
    }

    @Test func smallDocumentHasExactBytes() throws {
        let document = Document(id: "a", text: "é", entities: [Entity(start: 0, end: 1, text: "é", type: .location)])
        let expected: [UInt8] = [
            0x0A, 0x01, 0x61,  // 1: id "a"
            0x12, 0x00,  // 2: source, empty
            0x1A, 0x02, 0xC3, 0xA9,  // 3: text "é"
            0x22, 0x00,  // 4: metadata, empty
            0x2A, 0x08,  // 5: entity, 8 bytes
            0x10, 0x01,  //   2: end 1 (start 0 is not written)
            0x1A, 0x02, 0xC3, 0xA9,  //   3: text "é"
            0x20, 0x03,  //   4: type ENTITY_TYPE_LOC
        ]
        #expect(try WireCodec.encode(document) == expected)
    }

    @Test func equalDocumentsGiveIdenticalBytesWhateverTheDictionaryOrder() throws {
        let keys = (0..<40).map { "clé-\($0)-" + String(repeating: "é", count: $0 % 3) }
        var forward: [String: String] = [:]
        for key in keys {
            forward[key] = "v" + key
        }
        var backward: [String: String] = [:]
        backward.reserveCapacity(1_000)
        for key in keys.reversed() {
            backward[key] = "v" + key
        }
        // The test only means something if the two dictionaries iterate differently.
        #expect(Array(forward.keys) != Array(backward.keys))
        #expect(forward == backward)

        let first = Document(
            id: "x",
            annotations: [Annotation(label: "l", start: 0, end: 1, values: forward)],
            attributes: forward
        )
        let second = Document(
            id: "x",
            annotations: [Annotation(label: "l", start: 0, end: 1, values: backward)],
            attributes: backward
        )
        let bytes = try WireCodec.encode(first)
        expectSameBytes(try WireCodec.encode(second), bytes)

        // The keys are written in UTF-8 byte order.
        let sortedKeys = keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let positions = sortedKeys.map { firstIndex(of: Array($0.utf8), in: bytes) ?? -1 }
        #expect(!positions.contains(-1))
        #expect(positions == positions.sorted())
    }

    @Test func nulIsWrittenAsReplacementCharacterKeepingCodePointOffsets() throws {
        let document = Document(
            id: "a\u{0}b",
            text: "x\u{0}\u{0}y 🎉",
            metadata: Metadata(authors: ["\u{0}"]),
            entities: [Entity(start: 3, end: 4, text: "y", type: .person, label: "\u{0}end")],
            attributes: ["k\u{0}": "v\u{0}"]
        )
        let decoded = try WireCodec.decode(WireCodec.encode(document), as: Document.self)
        #expect(decoded.id == "a\u{FFFD}b")
        #expect(decoded.text == "x\u{FFFD}\u{FFFD}y 🎉")
        #expect(decoded.text.unicodeScalars.count == document.text.unicodeScalars.count)
        #expect(decoded.metadata.authors == ["\u{FFFD}"])
        #expect(decoded.entities[0].label == "\u{FFFD}end")
        #expect(decoded.attributes == ["k\u{FFFD}": "v\u{FFFD}"])
        let scalars = Array(decoded.text.unicodeScalars)
        try #require(scalars.count >= 4)
        #expect(String(String.UnicodeScalarView(scalars[3..<4])) == decoded.entities[0].text)
    }

    @Test func offsetsOutsideUInt32Throw() throws {
        let negative = Document(id: "neg", entities: [Entity(start: -1, end: 2, text: "", type: .person)])
        let error = #expect(throws: WireError.self) { try WireCodec.encode(negative) }
        #expect(error?.code == .valueOutOfRange)
        #expect(
            error?.message
                == "document 'neg': entities[0].start is -1, which does not fit the wire field (0...4294967295)"
        )

        let tooFar = Document(
            id: "far",
            timexes: [
                Timex(start: 0, end: 1, text: "", type: .date, value: ""),
                Timex(start: 0, end: 4_294_967_296, text: "", type: .date, value: ""),
            ]
        )
        let farError = #expect(throws: WireError.self) { try WireCodec.encode(tooFar) }
        #expect(farError?.message.hasPrefix("document 'far': timexes[1].end is 4294967296") == true)

        let annotation = Document(id: "ann", annotations: [Annotation(label: "", start: -5, end: 0)])
        #expect(throws: WireError.self) { try WireCodec.encode(annotation) }
    }

    @Test func invalidUTF8IsRepairedOnDecode() throws {
        // Field 1 (id) = 61 FF 62, field 3 (text) = C3 (a truncated 2-byte sequence) 41.
        let bytes: [UInt8] = [0x0A, 0x03, 0x61, 0xFF, 0x62, 0x1A, 0x02, 0xC3, 0x41]
        let document = try WireCodec.decode(bytes, as: Document.self)
        #expect(document.id == "a\u{FFFD}b")
        #expect(document.text == "\u{FFFD}A")
    }

    @Test func unknownEnumValuesDecodeAsNil() throws {
        // Field 5 (entity) { 3: "e", 4: 9 }, field 6 (timex) { 4: 7 }, field 9 (diagnostic) { 3: 99 }.
        let bytes: [UInt8] = [
            0x2A, 0x05, 0x1A, 0x01, 0x65, 0x20, 0x09,
            0x32, 0x02, 0x20, 0x07,
            0x4A, 0x02, 0x18, 0x63,
        ]
        let document = try WireCodec.decode(bytes, as: Document.self)
        #expect(document.entities == [Entity(start: 0, end: 0, text: "e", type: nil)])
        #expect(document.timexes == [Timex(start: 0, end: 0, text: "", type: nil, value: "")])
        #expect(document.diagnostics == [Diagnostic(stage: "", code: "", severity: nil, message: "")])
    }

    @Test func repeatedMapKeyKeepsTheLastValue() throws {
        // Two attribute entries (field 8) with key "k": "1" then "2".
        let bytes: [UInt8] = [
            0x42, 0x06, 0x0A, 0x01, 0x6B, 0x12, 0x01, 0x31,
            0x42, 0x06, 0x0A, 0x01, 0x6B, 0x12, 0x01, 0x32,
        ]
        #expect(try WireCodec.decode(bytes, as: Document.self).attributes == ["k": "2"])
    }

    @Test func emptyInputIsTheDefaultDocument() throws {
        #expect(try WireCodec.decode([UInt8](), as: Document.self) == Document(id: ""))
    }

    @Test(arguments: [
        [0xFF] as [UInt8],
        [0xFF, 0xFF, 0xFF, 0xFF],
        [0x0A, 0x05, 0x61],  // id announces 5 bytes, 1 follows
        [0x0A],  // tag without length
        [0x08, 0x80],  // varint field with a dangling continuation bit
        [0x0B, 0x01],  // wire type 3 (start group) is not valid here
        [0x12, 0x03, 0x0A, 0x05, 0x61],  // source whose uri overruns the source
        Array("this is not protobuf at all".utf8),
    ])
    func garbageThrowsMalformedMessage(bytes: [UInt8]) {
        let error = #expect(throws: WireError.self) { try WireCodec.decode(bytes, as: Document.self) }
        #expect(error?.code == .malformedMessage)
        #expect(error?.message.contains("depeche.v1.Document from \(bytes.count) bytes") == true)
    }

    @Test func truncatedBytesThrowOrDecodeButNeverCrash() throws {
        let bytes = try WireCodec.encode(WireSamples.fullDocument)
        // Cuts inside a length-delimited field: the last provenance entry, the large text, a tag.
        for cut in [bytes.count - 1, bytes.count - 2, bytes.count / 2, 1] {
            let error = #expect(throws: WireError.self) { try WireCodec.decode(bytes[0..<cut], as: Document.self) }
            #expect(error?.code == .malformedMessage)
        }
        // Every prefix either decodes (a cut between fields is a valid, shorter message) or
        // throws a WireError; none may trap.
        var small = WireSamples.fullDocument
        small.text = "court 🦊"
        let smallBytes = try WireCodec.encode(small)
        var failures = 0
        for cut in 0..<smallBytes.count {
            do {
                _ = try WireCodec.decode(smallBytes[0..<cut], as: Document.self)
            } catch let error as WireError {
                #expect(error.code == .malformedMessage)
                failures += 1
            }
        }
        #expect(failures > smallBytes.count / 2)
    }

    @Test func randomBytesNeverCrash() {
        var generator = SeededGenerator(seed: 0x5EED)
        var decoded = 0
        for _ in 0..<2_000 {
            let count = Int.random(in: 0...64, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            do {
                _ = try WireCodec.decode(bytes, as: Document.self)
                decoded += 1
            } catch {
                #expect(error is WireError)
            }
        }
        // Most random byte strings are not valid protobuf.
        #expect(decoded < 1_000)
    }

    @Test func decodesFromAnyByteCollection() throws {
        let bytes = try WireCodec.encode(WireSamples.fullDocument)
        let padded = [0xAA] + bytes + [0xBB]
        let fromSlice = try WireCodec.decode(padded[1..<(padded.count - 1)], as: Document.self)
        let fromNonContiguous = try WireCodec.decode(AnyCollection(bytes), as: Document.self)
        let sliceMatches = fromSlice == WireSamples.fullDocument
        let nonContiguousMatches = fromNonContiguous == WireSamples.fullDocument
        #expect(sliceMatches, "decoding from an ArraySlice")
        #expect(nonContiguousMatches, "decoding from a non-contiguous collection")
    }

    private func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - needle.count)
        where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
