import DepecheCore
import Testing

@testable import DepecheFetch

@Suite struct FetchSitemapTests {
    @Test func aSitemapIndexLeadsToEveryPageWithItsDates() async throws {
        let server = try await TestHTTPServer()
        server.serve(
            "/sitemap_index.xml",
            TestResponse(
                type: "application/xml",
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                  <sitemap><loc>\(server.url("/news-sitemap.xml"))</loc><lastmod>2025-09-05</lastmod></sitemap>
                  <sitemap><loc>/pages.xml.gz</loc></sitemap>
                </sitemapindex>
                """
            )
        )
        server.serve(
            "/news-sitemap.xml",
            TestResponse(
                type: "text/xml",
                """
                <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
                        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
                  <url>
                    <loc>\(server.url("/n/1.html"))</loc>
                    <lastmod>2025-09-04T12:00:00+02:00</lastmod>
                    <news:news>
                      <news:publication><news:name>Le Journal</news:name><news:language>fr</news:language></news:publication>
                      <news:publication_date>2025-09-04T09:15:00+02:00</news:publication_date>
                      <news:title>Un titre</news:title>
                    </news:news>
                  </url>
                </urlset>
                """
            )
        )
        let pages = """
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <url><loc>\(server.url("/p/a.html"))</loc><lastmod>2025-08-01</lastmod></url>
              <url><loc>\(server.url("/p/missing.html"))</loc></url>
            </urlset>
            """
        server.serve("/pages.xml.gz", TestResponse(headers: [("Content-Type", "application/gzip")], body: gzip(pages)))
        server.serve("/n/1.html", TestResponse(type: "text/html", "<p>news</p>"))
        server.serve("/p/a.html", TestResponse(type: "text/html", "<p>a</p>"))
        let fetch = try FetchHarness()
        #expect(await fetch.run(server.url("/sitemap_index.xml")) == nil)
        #expect(fetch.documents.map(\.rawText) == ["<p>news</p>", "<p>a</p>"])
        let news = fetch.documents[0]
        #expect(news.source.kind == "sitemap-url")
        #expect(news.metadata.published == "2025-09-04T09:15:00+02:00")
        #expect(news.metadata.publishedOrigin == "sitemap")
        #expect(news.metadata.modified == "2025-09-04T12:00:00+02:00")
        #expect(news.metadata.title == "Un titre")
        #expect(news.metadata.language == "fr")
        #expect(news.metadata.siteName == "Le Journal")
        let origins = [news.metadata.titleOrigin, news.metadata.languageOrigin, news.metadata.siteNameOrigin]
        #expect(origins == ["sitemap", "sitemap", "sitemap"])
        #expect(news.attributes["sitemap.url"] == server.url("/news-sitemap.xml"))
        let page = fetch.documents[1]
        #expect(page.metadata.published == "")
        #expect(page.metadata.modified == "2025-08-01")
        #expect(page.attributes["sitemap.url"] == server.url("/pages.xml.gz"))
        #expect(fetch.outcome.failures.map(\.code) == ["not-found"])
        #expect(fetch.outcome.failures.first?.source == server.url("/p/missing.html"))
        try await fetch.finish()
        try await server.shutdown()
    }

    @Test func sitemapsBelowTheDepthLimitFail() async throws {
        let server = try await TestHTTPServer()
        server.serve(
            "/index.xml",
            TestResponse(
                type: "application/xml",
                "<sitemapindex><sitemap><loc>\(server.url("/inner.xml"))</loc></sitemap></sitemapindex>"
            )
        )
        server.serve(
            "/inner.xml",
            TestResponse(type: "application/xml", "<urlset><url><loc>\(server.url("/x.html"))</loc></url></urlset>")
        )
        server.serve("/x.html", TestResponse(type: "text/html", "<p>x</p>"))
        let shallow = try FetchHarness(["sitemap_depth": .integer(0)])
        #expect(await shallow.run(server.url("/index.xml")) == nil)
        #expect(shallow.documents.isEmpty)
        #expect(shallow.outcome.failures.map(\.code) == ["sitemap-too-deep"])
        let deep = try FetchHarness(["sitemap_depth": .integer(1)])
        #expect(await deep.run(server.url("/index.xml")) == nil)
        #expect(deep.documents.map(\.rawText) == ["<p>x</p>"])
        try await shallow.finish()
        try await deep.finish()
        try await server.shutdown()
    }

    @Test func maxURLsLimitsTheSitemap() async throws {
        let server = try await TestHTTPServer()
        let urls = (1...5).map { "<url><loc>\(server.url("/u\($0)"))</loc></url>" }.joined()
        server.serve("/many.xml", TestResponse(type: "application/xml", "<urlset>\(urls)</urlset>"))
        for index in 1...5 { server.serve("/u\(index)", TestResponse(type: "text/plain", "u\(index)")) }
        let fetch = try FetchHarness(["max_urls": .integer(3)])
        #expect(await fetch.run(server.url("/many.xml")) == nil)
        #expect(fetch.documents.map(\.rawText) == ["u1", "u2", "u3"])
        try await fetch.finish()
        try await server.shutdown()
    }
}
