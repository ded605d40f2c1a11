import DepecheCore
import Testing

@testable import DepecheNormalize

@Suite struct DecodingTests {
    /// "Café à Noël – 5 €" in windows-1252: é E9, à E0, ë EB, en dash 96, euro 80.
    static let windows1252: [UInt8] =
        Array("Caf".utf8) + [0xE9, 0x20, 0xE0, 0x20] + Array("No".utf8) + [0xEB]
        + Array("l ".utf8) + [0x96] + Array(" 5 ".utf8) + [0x80]

    @Test func undeclaredNonUTF8BytesAreWindows1252() throws {
        let document = try NormalizeHarness.run(bytes: Self.windows1252, contentType: "text/plain")
        #expect(document.text == "Café à Noël – 5 €")
        #expect(document.diagnostics.isEmpty)
    }

    @Test func iso88591IsReadAsWindows1252() throws {
        let document = try NormalizeHarness.run(
            bytes: Self.windows1252,
            contentType: "text/plain",
            charset: "ISO-8859-1"
        )
        #expect(document.text == "Café à Noël – 5 €")
    }

    @Test func aMetaDeclaringUTF8OverWindows1252BytesFallsBackToWindows1252() throws {
        let bytes =
            Array("<html><head><meta charset=\"utf-8\"></head><body><p>".utf8) + Self.windows1252
            + Array("</p></body></html>".utf8)
        let document = try NormalizeHarness.run(bytes: bytes, contentType: "text/html")
        #expect(document.text == "Café à Noël – 5 €")
        #expect(NormalizeHarness.codes(document) == ["charset-mismatch"])
    }

    @Test func validUTF8WinsOverAWrongMetaDeclaration() throws {
        let html = """
            <html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head>
            <body><p>Élysée, déjà vu</p></body></html>
            """
        let document = try NormalizeHarness.run(bytes: Array(html.utf8), contentType: "text/html")
        #expect(document.text == "Élysée, déjà vu")
        #expect(NormalizeHarness.codes(document) == ["charset-mismatch"])
    }

    @Test func aDeclaredCharsetDecodesNonUTF8Bytes() throws {
        // "Привет" in KOI8-R.
        let bytes: [UInt8] = [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4]
        let document = try NormalizeHarness.run(bytes: bytes, contentType: "text/plain", charset: "koi8-r")
        #expect(document.text == "Привет")
    }

    @Test func browserCharsetLabelsThatIconvDoesNotKnowAreMapped() throws {
        // "한국" in EUC-KR, labelled the way Korean pages do.
        let bytes: [UInt8] = [0xC7, 0xD1, 0xB1, 0xB9]
        let document = try NormalizeHarness.run(bytes: bytes, contentType: "text/plain", charset: "ks_c_5601-1987")
        #expect(document.text == "한국")
    }

    @Test func anUnknownCharsetFallsBackWithADiagnostic() throws {
        let document = try NormalizeHarness.run(
            bytes: Self.windows1252,
            contentType: "text/plain",
            charset: "x-klingon"
        )
        #expect(document.text == "Café à Noël – 5 €")
        #expect(NormalizeHarness.codes(document) == ["unknown-charset"])
    }

    @Test func theMetaCharsetDecodesHTML() throws {
        let bytes =
            Array("<html><head><meta charset='iso-8859-15'></head><body>".utf8) + [0xA4, 0x20, 0xBD]
            + Array("uf</body></html>".utf8)
        let document = try NormalizeHarness.run(bytes: bytes, contentType: "text/html")
        #expect(document.text == "€ œuf")
    }

    @Test func aUTF8ByteOrderMarkIsDroppedAndWinsOverTheDeclaration() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("Noël".utf8)
        let document = try NormalizeHarness.run(bytes: bytes, contentType: "text/plain", charset: "windows-1252")
        #expect(document.text == "Noël")
    }

    @Test func utf16WithAByteOrderMarkIsDecoded() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "Été 2025".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let document = try NormalizeHarness.run(bytes: bytes, contentType: "text/plain")
        #expect(document.text == "Été 2025")
    }

    @Test func utf16WithoutAByteOrderMarkIsRecognized() throws {
        var bytes: [UInt8] = []
        for unit in "Big-endian text here".utf16 { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        let document = try NormalizeHarness.run(bytes: bytes, contentType: "text/plain")
        #expect(document.text == "Big-endian text here")
    }

    @Test func invalidUTF8BecomesReplacementCharactersWithACount() throws {
        // Valid "é" and "—", then a lone continuation byte and a truncated 3-byte sequence.
        let bytes = Array("Début — fin ".utf8) + [0x80] + Array(" et ".utf8) + [0xE2, 0x82] + Array(" ok".utf8)
        let document = try NormalizeHarness.run(bytes: bytes, contentType: "text/plain")
        #expect(document.text == "Début — fin \u{FFFD} et \u{FFFD} ok")
        let diagnostic = try #require(document.diagnostics.first)
        #expect(diagnostic.code == "invalid-utf8")
        #expect(diagnostic.stage == "normalize")
        #expect(diagnostic.message == "2 invalid UTF-8 sequences were replaced by U+FFFD")
    }

    @Test func nulCharactersNeverReachTheText() throws {
        let document = try NormalizeHarness.run(
            Document(id: "given", text: "a\u{0}b \u{7}c\u{FEFF}d")
        )
        #expect(document.text == "ab cd")
    }

    @Test func binaryFilesFailWithWhatTheyLookLike() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
        #expect(
            NormalizeHarness.failure(bytes: png)
                == StageFailure(
                    code: "binary-content",
                    message: "the document looks like a PNG image, not text; normalize reads HTML, XML and plain text"
                )
        )
        let pdf = Array("%PDF-1.7\n%âãÏÓ\n".utf8)
        #expect(
            NormalizeHarness.failure(bytes: pdf, contentType: "text/plain")?.message.contains("a PDF document") == true
        )
        let nulBytes: [UInt8] = Array("text".utf8) + [0, 1, 2, 3] + Array("more".utf8)
        #expect(
            NormalizeHarness.failure(bytes: nulBytes)?.message
                == "the document looks like binary data (NUL bytes in the first kilobyte), not text; "
                + "normalize reads HTML, XML and plain text"
        )
        let controls = [UInt8](repeating: 0x01, count: 40) + Array(String(repeating: "a", count: 100).utf8)
        #expect(NormalizeHarness.failure(bytes: controls)?.code == "binary-content")
    }

    @Test func anEmptyInputGivesAnEmptyTextAndADiagnostic() throws {
        let document = try NormalizeHarness.run(Document(id: "empty", source: Source(kind: "file")))
        #expect(document.text == "")
        #expect(document.diagnostics.map(\.code) == ["empty-document"])
        #expect(document.diagnostics.first?.severity == .warning)
        let blank = try NormalizeHarness.run(bytes: Array(" \n\t\n".utf8), contentType: "text/plain")
        #expect(blank.text == "")
        #expect(NormalizeHarness.codes(blank) == ["empty-document"])
    }

    @Test func anInputOverMaxBytesFailsAndNamesTheOption() {
        let failure = NormalizeHarness.failure(
            bytes: Array(String(repeating: "word ", count: 300).utf8),
            options: ["max_bytes": .integer(1000)]
        )
        #expect(failure?.code == "too-large")
        #expect(
            failure?.message
                == "the document is 1,500 bytes, over the normalize limit of 1,000; "
                + "raise the normalize option max_bytes to process it"
        )
    }

    @Test func aFiftyMegabyteTextIsRefusedByDefaultAndProcessedWhenAllowed() throws {
        let paragraph = "Le conseil municipal a voté le budget\u{A0}: 12\u{202F}millions d’euros.\r\n"
        let bytes = Array(String(repeating: paragraph, count: 50_000_000 / paragraph.utf8.count + 1).utf8)
        #expect(NormalizeHarness.failure(bytes: bytes, contentType: "text/plain")?.code == "too-large")
        let document = try NormalizeHarness.run(
            bytes: bytes,
            contentType: "text/plain",
            options: ["max_bytes": .integer(60_000_000)]
        )
        #expect(document.text.hasPrefix("Le conseil municipal a voté le budget : 12 millions d’euros.\nLe conseil"))
        #expect(document.metadata.language == "fr")
    }

    @Test func keepRawKeepsTheBytes() throws {
        let bytes = Array("Some text".utf8)
        let document = try NormalizeHarness.run(
            bytes: bytes,
            contentType: "text/plain",
            options: ["keep_raw": .boolean(true)]
        )
        #expect(document.source.raw == bytes)
    }
}
