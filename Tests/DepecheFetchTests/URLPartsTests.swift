import Testing

@testable import DepecheFetch

@Suite struct URLPartsTests {
    @Test func referencesResolveAgainstTheBase() throws {
        let base = try #require(URLParts("https://News.Example:8443/a/b/feed.xml?x=1#top"))
        #expect(base.host == "news.example")
        #expect(base.port == 8443)
        #expect(base.path == "/a/b/feed.xml?x=1")
        #expect(base.origin == "https://news.example:8443")
        #expect(base.resolve("c.html") == "https://news.example:8443/a/b/c.html")
        #expect(base.resolve("../c.html") == "https://news.example:8443/a/c.html")
        #expect(base.resolve("/root.html") == "https://news.example:8443/root.html")
        #expect(base.resolve("//cdn.example/x") == "https://cdn.example/x")
        #expect(base.resolve("http://other.example/y") == "http://other.example/y")
        #expect(base.resolve("?page=2") == "https://news.example:8443/a/b/feed.xml?page=2")
        #expect(base.resolve("mailto:someone") == "https://news.example:8443/a/b/mailto:someone")
        #expect(URLParts("ftp://example.org/x") == nil)
        #expect(URLParts("https://example.org")?.path == "/")
    }

    @Test func documentIDsAreReadableAndStable() {
        #expect(URLIdentity.documentID(for: "https://example.org/news/sommet-paris.html").hasPrefix("sommet-paris_"))
        #expect(URLIdentity.documentID(for: "https://example.org/").hasPrefix("example.org_"))
        #expect(
            URLIdentity.documentID(for: "https://example.org/a")
                != URLIdentity.documentID(for: "https://example.org/b/a")
        )
        #expect(URLIdentity.hash("") == "cbf29ce484222325")
    }

    @Test func retryAfterIsReadInSecondsOrAsADate() {
        #expect(HTTPFetcher.retryAfterMilliseconds("120") == 120_000)
        #expect(HTTPFetcher.retryAfterMilliseconds("Thu, 01 Jan 2015 00:00:00 GMT") == 0)
        let later = HTTPFetcher.retryAfterMilliseconds("Fri, 31 Dec 2100 23:59:59 GMT") ?? 0
        #expect(later > 1_000_000_000)
        #expect(HTTPFetcher.retryAfterMilliseconds("soon") == nil)
        #expect(HTTPFetcher.retryAfterMilliseconds(nil) == nil)
    }
}
