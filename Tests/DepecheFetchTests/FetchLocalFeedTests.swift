import DepecheCore
import DepecheTestSupport
import Foundation
import Synchronization
import Testing

@testable import DepecheFetch

@Suite struct FetchLocalFeedTests {
    static let rss = """
        <?xml version="1.0"?>
        <rss version="2.0"><channel><title>Local</title>
          <item><title>Un</title><link>https://news.example/un.html</link>
            <description>Premier.</description></item>
        </channel></rss>
        """

    @Test func aFeedFileInAFolderIsExpandedAndOtherXMLIsNot() async throws {
        let folder = try TemporaryFolder()
        try folder.write("in/feed.rss", Self.rss)
        try folder.write("in/article.xml", "<?xml version=\"1.0\"?><doc>Texte</doc>")
        let fetch = try FetchHarness(["fetch_articles": .string("never")])
        #expect(await fetch.run(folder.path("in")) == nil)
        #expect(fetch.documents.map(\.source.kind) == ["file", "feed-item"])
        #expect(fetch.documents.map(\.rawText) == ["<?xml version=\"1.0\"?><doc>Texte</doc>", "Premier."])
        #expect(fetch.documents[1].attributes["feed.url"] == "file://" + folder.path("in/feed.rss"))
    }

    @Test func hintsDecideWhatALocalFileIs() async throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("feed.txt", Self.rss)
        let asFeed = try FetchHarness(["fetch_articles": .string("never")])
        #expect(await asFeed.run("feed+file://" + path) == nil)
        #expect(asFeed.documents.map(\.source.kind) == ["feed-item"])
        let asPage = try FetchHarness()
        let xml = try folder.write("feed.xml", Self.rss)
        #expect(await asPage.run("page+file://" + xml) == nil)
        #expect(asPage.documents.map(\.source.kind) == ["file"])
        let notASitemap = try FetchHarness()
        #expect(await notASitemap.run("sitemap+file://" + path) as? StageFailure != nil)
    }

    @Test func entitiesAreNeverExpandedNorExternalFilesRead() throws {
        let bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [
              <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
              <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
              <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
            ]>
            <rss version="2.0"><channel><title>T</title>
              <item><title>x&c;y</title><link>https://news.example/1</link></item>
            </channel></rss>
            """
        let external = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <rss version="2.0"><channel><title>T</title>
              <item><title>t</title><description>&secret;</description><link>https://news.example/2</link></item>
            </channel></rss>
            """
        let feed = try Feed.parseXML(Array(bomb.utf8), base: "https://news.example/feed")
        // The references stay unexpanded and are left out; the text around them is kept.
        let item = try #require(feed.items.first)
        #expect(feed.items.count == 1)
        #expect(item.title == "xy")
        #expect(item.skippedReferences == 1)
        let leak = try #require(try Feed.parseXML(Array(external.utf8), base: "https://news.example/").items.first)
        #expect(leak.summary == "")
        #expect(leak.link == "https://news.example/2")
        #expect(XMLTree.liveDocuments.load(ordering: .relaxed) == 0)
    }

    /// A reference to a small nested entity (1,000 bytes expanded) once halted libxml2: the item
    /// was exported empty and every later item was lost. The text around the reference is kept,
    /// every item is read, and the reference is recorded on its item.
    @Test func aNestedEntityReferenceLosesNeitherTheItemNorTheItemsAfterIt() async throws {
        let folder = try TemporaryFolder()
        let feed = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [
              <!-- a comment with ] and > in it -->
              <!ENTITY a "xxxxxxxxxx">
              <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
              <!ENTITY % p "ignored">
              <!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'>
            ]>
            <rss version="2.0"><channel><title>T</title>
              <item><title>Premier</title><link>https://news.example/1</link><description>Un.</description></item>
              <item><title>Deuxième &c; titre</title><link>https://news.example/2</link>
                <description>Avant &c; après.</description></item>
              <item><title>Troisième</title><link>https://news.example/3</link><description>Trois.</description></item>
            </channel></rss>
            """
        let path = try folder.write("feed.rss", feed)
        let fetch = try FetchHarness(["fetch_articles": .string("never")])
        #expect(await fetch.run(path) == nil)
        #expect(fetch.documents.map(\.metadata.title) == ["Premier", "Deuxième  titre", "Troisième"])
        #expect(fetch.documents.map(\.rawText) == ["Un.", "Avant  après.", "Trois."])
        let diagnostics = fetch.documents[1].diagnostics.filter { $0.code == "xml-entities-ignored" }
        #expect(
            diagnostics.map(\.message) == [
                "the feed's DTD declares entities, which are never expanded; 2 references were left out of the item"
            ]
        )
        #expect(fetch.documents[0].diagnostics.isEmpty)
    }

    @Test func entityDeclarationsAreEmptiedAndTheRestOfTheSubsetDropped() throws {
        let xml = """
            <?xml version="1.0"?><!-- [ --><!DOCTYPE d SYSTEM "x]y.dtd" [
            <!ELEMENT d ANY><!ENTITY e "v>]"><!ENTITY % pe "p"><!ENTITY é SYSTEM "file:///etc/passwd">
            ]><d>&e;</d>
            """
        let rewritten = try #require(XMLEntityDeclarations.neutralized(Array(xml.utf8)))
        #expect(
            String(decoding: rewritten, as: UTF8.self) == """
                <?xml version="1.0"?><!-- [ --><!DOCTYPE d SYSTEM "x]y.dtd" [<!ENTITY e ""><!ENTITY é "">]><d>&e;</d>
                """
        )
        #expect(XMLEntityDeclarations.neutralized(Array("<!DOCTYPE html><html/>".utf8)) == nil)
        #expect(XMLEntityDeclarations.neutralized(Array("<rss><![CDATA[<!DOCTYPE x [ ]>]]></rss>".utf8)) == nil)
        #expect(XMLEntityDeclarations.neutralized(Array("<!DOCTYPE d [ <!ENTITY e \"unclosed".utf8)) == nil)
    }

    @Test func rootElementsAreSniffed() {
        #expect(DocumentFormat.sniffXML(Array("<?xml version='1.0'?><!-- x --><rdf:RDF>".utf8)) == .feed)
        #expect(DocumentFormat.sniffXML(Array("<sitemapindex xmlns='x'>".utf8)) == .sitemap)
        #expect(DocumentFormat.sniffXML(Array("<!DOCTYPE html><html>".utf8)) == .other)
        #expect(FetchStage.classify(Array("WARC/1.0\r\n".utf8), mediaType: MediaType(type: ""), hint: nil) == .warc)
    }
}

/// A gzip bomb stops at the limit: decompression never holds more than the limit in memory.
@Suite struct GzipLimitTests {
    @Test func decompressionStopsAtTheLimitNotAfterTheChunk() throws {
        // 200 MB of zeros in about 200 KB: one 1 MiB chunk of it would inflate past 200 MB.
        let bomb = gzip([UInt8](repeating: 0, count: 200_000_000))
        #expect(bomb.count < 1 << 20)
        let gunzip = try Gunzip()
        var output: [UInt8] = []
        #expect(throws: Gunzip.Failure.self) {
            try gunzip.decompress(bomb, into: &output, limit: 1_000_000)
        }
        #expect(output.count <= 1_000_000)
    }

    @Test func aLocalGzipBombIsTooLargeAndTheNextFileGoesThrough() async throws {
        let folder = try TemporaryFolder()
        try folder.write("in/bomb.xml.gz", bytes: gzip([UInt8](repeating: 0x20, count: 100_000_000)))
        try folder.write("in/page.txt", "Texte.")
        let fetch = try FetchHarness(["max_body_bytes": .integer(5_000_000)])
        let failure = try #require(await fetch.failure(folder.path("in/bomb.xml.gz")))
        #expect(await fetch.run(folder.path("in/page.txt")) == nil)
        #expect(fetch.documents.map(\.id) == ["page"])
        #expect(failure.code == "too-large")
        #expect(
            failure.message.hasSuffix(
                "decompresses to more than 5000000 bytes; raise the fetch option max_body_bytes to read it"
            )
        )
    }
}
