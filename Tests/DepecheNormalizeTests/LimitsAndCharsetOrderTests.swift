import DepecheCore
import Testing

@testable import DepecheNormalize

@Suite struct LimitsAndCharsetOrderTests {
    /// `<meta charset=utf-8>` on an ISO-8859-15 page whose HTTP header says `iso-8859-15`.
    private static let latin9Page =
        Array("<html><head><meta charset=\"utf-8\"></head><body><p>".utf8) + [0xA4, 0x20, 0xBD]
        + Array("uf</p></body></html>".utf8)

    @Test func theHTTPCharsetComesBeforeTheMetaDeclaration() throws {
        let document = try NormalizeHarness.run(
            bytes: Self.latin9Page,
            contentType: "text/html",
            charset: "iso-8859-15"
        )
        #expect(document.text == "€ œuf")
    }

    @Test func theMetaDeclarationDecidesWhenTheHTTPHeaderSaysNothing() throws {
        // The meta says UTF-8 but the bytes are not: windows-1252 is the fallback.
        let document = try NormalizeHarness.run(bytes: Self.latin9Page, contentType: "text/html")
        #expect(document.text == "¤ ½uf")
        #expect(NormalizeHarness.codes(document) == ["charset-mismatch"])
    }

    @Test func aByteOrderMarkWinsOverTheHTTPCharset() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("<html><body><p>Noël</p></body></html>".utf8)
        let document = try NormalizeHarness.run(bytes: bytes, contentType: "text/html", charset: "iso-8859-1")
        #expect(document.text == "Noël")
    }

    @Test func aHugePageIsReadWhole() throws {
        let paragraph = "<p>The council discussed the harbour, the schools and the roads, in that order.</p>"
        let html = "<html><body><article>" + String(repeating: paragraph, count: 40_000) + "</article></body></html>"
        let document = try NormalizeHarness.run(html: html)
        #expect(document.text.split(separator: "\n\n").count == 40_000)
        #expect(document.diagnostics.isEmpty)
    }

    @Test func aPageWithTooManyElementsIsReadUpToTheLimitWithAWarning() throws {
        let items = (1...500).map { "<p>Paragraph number \($0) of a machine-made page.</p>" }.joined()
        let document = try NormalizeHarness.run(
            html: "<html><body>\(items)</body></html>",
            options: ["max_elements": .integer(103)]
        )
        // html, body, then 101 paragraphs make 103 elements; the walk stops at the 104th.
        #expect(document.text.hasPrefix("Paragraph number 1 of a machine-made page."))
        #expect(document.text.hasSuffix("Paragraph number 101 of a machine-made page."))
        #expect(NormalizeHarness.codes(document) == ["truncated-markup"])
    }
}
