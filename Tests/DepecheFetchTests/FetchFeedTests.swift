import DepecheCore
import Testing

@testable import DepecheFetch

@Suite struct FetchFeedTests {
    static func rss(_ base: String, fullContent: Bool) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
             xmlns:dc="http://purl.org/dc/elements/1.1/">
          <channel>
            <title>Le Fil</title>
            <item>
              <title>Sommet à Paris</title>
              <link>\(base)/articles/sommet.html</link>
              <guid isPermaLink="false">fil-1</guid>
              <pubDate>Thu, 04 Sep 2025 10:00:00 +0200</pubDate>
              <dc:creator>John Irish</dc:creator>
              <description>&lt;p&gt;Résumé du sommet.&lt;/p&gt;</description>
              \(fullContent ? "<content:encoded><![CDATA[<p>Le texte complet du sommet.</p>]]></content:encoded>" : "")
            </item>
            <item>
              <title>Deuxième</title>
              <link>/articles/deux.html</link>
              <pubDate>not a date</pubDate>
              <description>Second résumé.</description>
            </item>
          </channel>
        </rss>
        """
    }

    @Test func rssItemsBecomeDocumentsWithTheirFullContent() async throws {
        let server = try await TestHTTPServer()
        server.serve(
            "/feed.xml",
            TestResponse(type: "application/rss+xml", Self.rss(server.url(""), fullContent: true))
        )
        let fetch = try FetchHarness(["fetch_articles": .string("never")])
        #expect(await fetch.run(server.url("/feed.xml")) == nil)
        #expect(fetch.documents.count == 2)
        let first = fetch.documents[0]
        #expect(first.id == URLIdentity.documentID(for: server.url("/articles/sommet.html")))
        #expect(first.id.hasPrefix("sommet_"))
        #expect(first.source.kind == "feed-item")
        #expect(first.source.uri == server.url("/articles/sommet.html"))
        #expect(first.source.contentType == "text/html")
        #expect(first.rawText == "<p>Le texte complet du sommet.</p>")
        #expect(first.metadata.title == "Sommet à Paris")
        #expect(first.metadata.published == "2025-09-04T10:00:00+02:00")
        #expect(first.metadata.publishedOrigin == "feed")
        #expect(first.metadata.authors == ["John Irish"])
        #expect([first.metadata.titleOrigin, first.metadata.authorsOrigin] == ["feed", "feed"])
        #expect(first.attributes["feed.summary"] == "<p>Résumé du sommet.</p>")
        #expect(first.attributes["feed.title"] == "Le Fil")
        #expect(first.attributes["feed.content"] == "full")
        let second = fetch.documents[1]
        #expect(second.source.uri == server.url("/articles/deux.html"))
        #expect(second.rawText == "Second résumé.")
        #expect(second.metadata.published == "")
        #expect(second.attributes["feed.content"] == "summary")
        #expect(second.diagnostics.map(\.code) == ["unreadable-date"])
        #expect(server.requests.filter { $0.uri.hasPrefix("/articles") }.isEmpty)
        try await fetch.finish()
        try await server.shutdown()
    }

    @Test func summaryOnlyItemsFetchTheirArticlePage() async throws {
        let server = try await TestHTTPServer()
        server.serve(
            "/feed.xml",
            TestResponse(type: "application/rss+xml", Self.rss(server.url(""), fullContent: true))
        )
        server.serve("/articles/deux.html", TestResponse(type: "text/html; charset=utf-8", "<article>Deux</article>"))
        let fetch = try FetchHarness()  // fetch_articles: auto
        #expect(await fetch.run(server.url("/feed.xml")) == nil)
        #expect(fetch.documents.map(\.source.kind) == ["feed-item", "feed-item"])
        // The first item has its full content: no request for its page.
        #expect(server.requests(to: "/articles/sommet.html").isEmpty)
        let second = fetch.documents[1]
        #expect(second.rawText == "<article>Deux</article>")
        #expect(second.source.charset == "utf-8")
        #expect(second.metadata.title == "Deuxième")
        #expect(second.attributes["feed.summary"] == "Second résumé.")
        try await fetch.finish()
        try await server.shutdown()
    }

    @Test func anUnavailableArticleFallsBackToTheSummary() async throws {
        let server = try await TestHTTPServer()
        server.serve("/feed.xml", TestResponse(type: "text/xml", Self.rss(server.url(""), fullContent: false)))
        server.serve("/articles/deux.html", TestResponse(type: "text/html", "<article>Deux</article>"))
        let fetch = try FetchHarness(["fetch_articles": .string("always")])
        #expect(await fetch.run(server.url("/feed.xml")) == nil)
        let first = fetch.documents[0]
        #expect(first.rawText == "<p>Résumé du sommet.</p>")
        #expect(first.diagnostics.map(\.code) == ["article-unavailable"])
        #expect(fetch.documents[1].rawText == "<article>Deux</article>")
        try await fetch.finish()
        try await server.shutdown()
    }

    @Test func atomEntriesBecomeDocuments() async throws {
        let server = try await TestHTTPServer()
        let atom = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <title>Atom News</title>
              <entry>
                <title>First entry</title>
                <link rel="self" href="\(server.url("/self/1"))"/>
                <link rel="alternate" type="text/html" href="\(server.url("/a/1.html"))"/>
                <id>urn:uuid:1</id>
                <published>2025-09-03T08:30:00Z</published>
                <updated>2025-09-05T09:00:00+01:00</updated>
                <author><name>Jane Doe</name></author>
                <summary>Short.</summary>
                <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Full <b>text</b>.</p></div></content>
              </entry>
            </feed>
            """
        server.serve("/atom", TestResponse(type: "application/atom+xml", atom))
        let fetch = try FetchHarness()
        #expect(await fetch.run(server.url("/atom")) == nil)
        let entry = try #require(fetch.documents.first)
        #expect(entry.source.uri == server.url("/a/1.html"))
        #expect(entry.metadata.title == "First entry")
        #expect(entry.metadata.published == "2025-09-03T08:30:00Z")
        #expect(entry.metadata.modified == "2025-09-05T09:00:00+01:00")
        #expect(entry.metadata.authors == ["Jane Doe"])
        #expect(entry.rawText.contains("<p>Full <b>text</b>.</p>"))
        #expect(entry.attributes["feed.format"] == "atom")
        try await fetch.finish()
        try await server.shutdown()
    }

    @Test func jsonFeedItemsBecomeDocuments() async throws {
        let server = try await TestHTTPServer()
        let json = """
            {"version": "https://jsonfeed.org/version/1.1", "title": "JSON News",
             "items": [
               {"id": "1", "url": "\(server.url("/j/1"))", "title": "One", "date_published": "2025-09-02T12:00:00-04:00",
                "content_html": "<p>One body</p>", "authors": [{"name": "A. Writer"}]},
               {"id": "2", "url": "\(server.url("/j/2"))", "title": "Two", "content_text": "Two body"}
             ]}
            """
        server.serve("/feed.json", TestResponse(type: "application/feed+json", json))
        let fetch = try FetchHarness()
        #expect(await fetch.run(server.url("/feed.json")) == nil)
        #expect(fetch.documents.map(\.rawText) == ["<p>One body</p>", "Two body"])
        #expect(fetch.documents.map(\.source.contentType) == ["text/html", "text/plain"])
        #expect(fetch.documents[0].metadata.published == "2025-09-02T12:00:00-04:00")
        #expect(fetch.documents[0].metadata.authors == ["A. Writer"])
        #expect(fetch.documents[1].metadata.title == "Two")
        try await fetch.finish()
        try await server.shutdown()
    }

    @Test func rss1RDFItemsBecomeDocuments() throws {
        let rdf = """
            <?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                     xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="https://news.example/"><title>RDF News</title></channel>
              <item rdf:about="https://news.example/r/1">
                <title>R1</title><link>https://news.example/r/1</link>
                <dc:date>2025-09-01T07:00:00+02:00</dc:date><dc:creator>Ann Author</dc:creator>
                <description>R1 summary</description>
              </item>
            </rdf:RDF>
            """
        let feed = try Feed.parseXML(Array(rdf.utf8), base: "https://news.example/rss")
        #expect(feed.format == .rdf)
        #expect(feed.title == "RDF News")
        #expect(
            feed.items
                == [
                    FeedItem(
                        link: "https://news.example/r/1",
                        title: "R1",
                        published: "2025-09-01T07:00:00+02:00",
                        authors: ["Ann Author"],
                        summary: "R1 summary"
                    )
                ]
        )
    }

    @Test func aBrokenFeedFailsWithInvalidFeed() async throws {
        let server = try await TestHTTPServer()
        server.serve("/bad.rss", TestResponse(type: "application/rss+xml", "<rss><nochannel/></rss>"))
        let fetch = try FetchHarness()
        #expect(
            await fetch.failure(server.url("/bad.rss"))
                == StageFailure(
                    code: "invalid-feed",
                    message: "\(server.url("/bad.rss")): not a readable feed: an RSS feed without <channel>"
                )
        )
        try await fetch.finish()
        try await server.shutdown()
    }

    @Test func aFeedHintOverridesTheContentType() async throws {
        let server = try await TestHTTPServer()
        server.serve("/odd", TestResponse(type: "text/html", Self.rss(server.url(""), fullContent: true)))
        let fetch = try FetchHarness(["fetch_articles": .string("never")])
        #expect(await fetch.run("feed+" + server.url("/odd")) == nil)
        #expect(fetch.documents.count == 2)
        try await fetch.finish()
        try await server.shutdown()
    }

    @Test func feedDatesAreReadOrLeftEmpty() {
        #expect(FeedDate.parse("Thu, 04 Sep 2025 10:00:00 GMT")?.iso == "2025-09-04T10:00:00Z")
        #expect(FeedDate.parse("4 Sep 25 10:00 EDT")?.iso == "2025-09-04T10:00:00-04:00")
        #expect(FeedDate.parse("2025-09-04")?.iso == "2025-09-04")
        #expect(FeedDate.parse("2025-09-04T10:00:00.123+0530")?.iso == "2025-09-04T10:00:00+05:30")
        #expect(FeedDate.parse("2025") == nil)
        #expect(FeedDate.parse("2025-02-30") == nil)
        #expect(FeedDate.parse("Thu, 04 Sep 2025 10:00:00 GMT")?.unixSeconds == 1_756_980_000)
    }
}
