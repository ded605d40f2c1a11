import DepecheCore

/// Tags and normalizes the temporal expressions of one text: tokenize, match, resolve.
struct DateTagger: Sendable {
    let lexicon: Lexicon
    let options: TemporalTagger.Options

    /// The timexes of `text`, sorted by start, without overlaps; `anchor` is the reference
    /// date (`nil`: values keep their unknown parts).
    func timexes(in text: String, anchor: ISODay?) -> [DepecheCore.Timex] {
        let stream = TokenStream(text: text, lexicon: lexicon)
        let tagger = TemporalTagger(lexicon: lexicon, stream: stream, options: options)
        var resolver = Resolver(anchor: anchor)
        var timexes: [DepecheCore.Timex] = []
        for match in tagger.scan() {
            let (type, value) = resolver.resolve(match) { tagger.tense(around: match.range) }
            let start = stream.tokens[match.start].start
            let end = stream.tokens[match.end - 1].end
            timexes.append(
                Timex(
                    start: start,
                    end: end,
                    text: stream.text(scalarRange: start..<end),
                    type: type,
                    value: value,
                    mod: match.mod
                )
            )
        }
        return timexes
    }
}
