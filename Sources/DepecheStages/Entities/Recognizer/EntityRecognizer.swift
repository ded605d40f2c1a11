import DepecheCore

/// The gazetteer-and-rules named-entity recognizer: text in, sorted non-overlapping entities out.
///
/// The pieces are separate so that a statistical tagger can replace the core and keep the rest:
/// ``Tokenizer`` (offsets, elision, abbreviations), ``Gazetteer`` (known names, trie),
/// ``DocumentAnalysis`` (gazetteer matching and name rules) and ``Canonicalizer`` (identity).
struct EntityRecognizer: Sendable {
    var resources: EntityResources
    var canonicalizer = Canonicalizer()

    init(resources: EntityResources) {
        self.resources = resources
    }

    /// The entities of `text`, sorted by start. `language` is the document's language when known.
    func entities(in text: String, language: String? = nil) -> [Entity] {
        let scalars = Array(text.unicodeScalars)
        let tokens = resources.tokenizer.tokenize(scalars)
        var mentions = self.mentions(in: tokens, language: language)
        canonicalizer.resolve(&mentions, tokens: tokens)
        return mentions.entities(tokens: tokens, scalars: scalars)
    }

    /// The mentions of a tokenized text, before canonicalization.
    func mentions(in tokens: [Token], language: String?) -> [Mention] {
        var analysis = DocumentAnalysis(
            tokens: tokens,
            lexicon: resources.lexicon,
            gazetteer: resources.gazetteer,
            language: language
        )
        return analysis.run()
    }
}

extension [Mention] {
    /// The mentions as entities: code point offsets and covered text from the tokens they span.
    func entities(tokens: [Token], scalars: [Unicode.Scalar]) -> [Entity] {
        map { mention in
            let start = tokens[mention.start].start
            let end = tokens[mention.end - 1].end
            return Entity(
                start: start,
                end: end,
                text: String(String.UnicodeScalarView(scalars[start..<end])),
                type: mention.type,
                label: mention.label,
                canonical: mention.canonical,
                entityID: mention.entityID,
                confidence: mention.confidence
            )
        }
    }
}
