import Foundation

/// A folder of earlier responses for conditional GET: for each URL its body and the validators
/// (`ETag`, `Last-Modified`) the server sent. A re-run sends `If-None-Match` /
/// `If-Modified-Since`, and a `304 Not Modified` reuses the stored body.
///
/// Each entry is two files named after a hash of the URL: `<hash>.json` (the URL, validators
/// and content type) and `<hash>.body`. Both are written to a temporary name and renamed, so a
/// crash never leaves a half-written entry; an unreadable entry counts as absent.
struct ResponseCache: Sendable {
    struct Entry: Codable, Sendable, Hashable {
        var url: String
        var etag: String?
        var lastModified: String?
        var contentType: String
        var charset: String
        var finalURL: String
    }

    let folder: String

    init(folder: String) throws {
        self.folder = folder
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// The stored entry and body for `url`, when there is one.
    func lookup(_ url: String) -> (entry: Entry, body: [UInt8])? {
        let base = path(for: url)
        guard let metadata = FileManager.default.contents(atPath: base + ".json"),
            let entry = try? JSONDecoder().decode(Entry.self, from: metadata), entry.url == url,
            let body = FileManager.default.contents(atPath: base + ".body")
        else { return nil }
        return (entry, [UInt8](body))
    }

    /// Stores a response that carries a validator; other responses are not worth keeping.
    func store(_ entry: Entry, body: [UInt8]) {
        guard entry.etag != nil || entry.lastModified != nil else { return }
        let base = path(for: entry.url)
        let suffix = ".tmp-\(UInt32.random(in: 0...UInt32.max))"
        do {
            let metadata = try JSONEncoder().encode(entry)
            try Data(body).write(to: URL(fileURLWithPath: base + ".body" + suffix))
            try metadata.write(to: URL(fileURLWithPath: base + ".json" + suffix))
            _ = rename(base + ".body" + suffix, base + ".body")
            _ = rename(base + ".json" + suffix, base + ".json")
        } catch {
            _ = unlink(base + ".body" + suffix)
            _ = unlink(base + ".json" + suffix)
        }
    }

    private func path(for url: String) -> String {
        folder + "/" + URLIdentity.hash(url)
    }
}
