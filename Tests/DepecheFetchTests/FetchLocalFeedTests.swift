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
        // libxml2 keeps the references unexpanded (and drops what follows a suspicious one).
        let item = try #require(feed.items.first)
        #expect(feed.items.count == 1)
        #expect(item.title.hasPrefix("x"))
        #expect(!item.title.contains("aaaa"))
        let leak = try #require(try Feed.parseXML(Array(external.utf8), base: "https://news.example/").items.first)
        #expect(leak.summary == "")
        #expect(leak.link == "https://news.example/2")
        #expect(XMLTree.liveDocuments.load(ordering: .relaxed) == 0)
    }

    @Test func rootElementsAreSniffed() {
        #expect(DocumentFormat.sniffXML(Array("<?xml version='1.0'?><!-- x --><rdf:RDF>".utf8)) == .feed)
        #expect(DocumentFormat.sniffXML(Array("<sitemapindex xmlns='x'>".utf8)) == .sitemap)
        #expect(DocumentFormat.sniffXML(Array("<!DOCTYPE html><html>".utf8)) == .other)
        #expect(FetchStage.classify(Array("WARC/1.0\r\n".utf8), mediaType: MediaType(type: ""), hint: nil) == .warc)
    }
}
