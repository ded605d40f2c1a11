extension Feed {
    /// Parses a JSON Feed (1.0 or 1.1); relative URLs are resolved against `base`.
    static func parseJSON(_ bytes: [UInt8], base: String) throws -> Feed {
        let fields: [String: JSONValue]
        do {
            fields = try JSONParser.object(in: bytes, keeping: ["version", "title", "items"]).fields
        } catch {
            throw Failure(message: "not a JSON object: \(error.message) at byte \(error.column)")
        }
        guard case .string(let version)? = fields["version"], version.contains("jsonfeed.org") else {
            throw Failure(message: "no JSON Feed \"version\" (https://jsonfeed.org/version/1.1)")
        }
        guard case .array(let values)? = fields["items"] else {
            throw Failure(message: "a JSON Feed without an \"items\" array")
        }
        let baseURL = URLParts(base)
        var items: [FeedItem] = []
        for case .object(let object) in values {
            var item = FeedItem()
            let link = string(object["url"]).isEmpty ? string(object["external_url"]) : string(object["url"])
            item.link = link.isEmpty ? "" : (baseURL?.resolve(link) ?? link)
            item.guid = string(object["id"])
            item.title = string(object["title"])
            setDate(string(object["date_published"]), of: &item)
            if let modified = FeedDate.parse(string(object["date_modified"])) { item.modified = modified.iso }
            item.summary = string(object["summary"])
            item.content = string(object["content_html"])
            if item.content.isEmpty, !string(object["content_text"]).isEmpty {
                item.content = string(object["content_text"])
                item.contentType = "text/plain"
            }
            var authors: [JSONValue] = []
            if case .array(let list)? = object["authors"] { authors = list }
            if let author = object["author"] { authors.append(author) }
            item.authors = authors.compactMap { value in
                guard case .object(let author) = value else { return nil }
                let name = string(author["name"])
                return name.isEmpty ? nil : name
            }
            items.append(item)
        }
        return Feed(format: .jsonFeed, title: string(fields["title"]), items: items)
    }

    private static func string(_ value: JSONValue?) -> String {
        if case .string(let text)? = value { return text.trimmingASCIISpaces() }
        return ""
    }
}
