/// What an input says it is, when sniffing should not decide: `feed+https://…`, `sitemap+https://…`,
/// `warc+https://…`, `page+https://…` (and the same before `file://`).
enum InputHint: String, Sendable, CaseIterable {
    case feed, sitemap, warc, page

    /// The hint and the input without it; no hint when the input has no known `NAME+` prefix.
    static func split(_ input: String) -> (InputHint?, String) {
        guard let plus = input.firstIndex(of: "+"), input[plus...].contains("://"),
            let hint = InputHint(rawValue: input[..<plus].lowercased())
        else { return (nil, input) }
        return (hint, String(input[input.index(after: plus)...]))
    }
}
