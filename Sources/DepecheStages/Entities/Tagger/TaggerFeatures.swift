import DepecheCore

/// What the tagger's features consult besides the tokens: word lists, the gazetteer, clusters.
struct FeatureResources: Sendable {
    var lexicon: Lexicon
    var gazetteer: Gazetteer
    var clusters: WordClusters
    /// The language given to the gazetteer (aliases tagged for another language are skipped).
    var language: String?
}

/// The per-token facts of one document, computed once and shared by the features of every
/// token whose window sees them.
struct DocumentFeatures {
    /// Bits of ``TokenFacts/flags``.
    enum Flag {
        static let givenName: UInt32 = 1 << 0
        static let neverName: UInt32 = 1 << 1
        static let demonym: UInt32 = 1 << 2
        static let organizationHead: UInt32 = 1 << 3
        static let organizationTail: UInt32 = 1 << 4
        static let locationHead: UInt32 = 1 << 5
        static let locationTail: UInt32 = 1 << 6
        static let endsTitle: UInt32 = 1 << 7
        static let endsPlaceCue: UInt32 = 1 << 8
        static let elision: UInt32 = 1 << 9
        static let abbreviation: UInt32 = 1 << 10
        static let lowercaseElsewhere: UInt32 = 1 << 11
        static let sentenceStart: UInt32 = 1 << 12
        static let particle: UInt32 = 1 << 13
    }

    struct TokenFacts {
        var key: UInt64
        var text: UInt64
        var shape: UInt64
        var caseCode: UInt64
        var clusters: WordClusters.Classes?
        var flags: UInt32
        /// The BILOU tag of the gazetteer match covering the token, 0 when none.
        var gazetteerTag: UInt64
    }

    var facts: [TokenFacts]
    /// Seven affix hashes per token (``affixes(of:into:)``), 0 for none.
    var affixes: [UInt64]
    /// The greedy longest gazetteer matches, left to right.
    var gazetteerMatches: [Gazetteer.Match]

    init(tokens: [Token], resources: FeatureResources) {
        let lexicon = resources.lexicon
        var lowercaseKeys = Set<String>()
        for token in tokens where token.kind == .word && token.letterCase == .lower {
            lowercaseKeys.insert(token.key)
        }
        var matches: [Gazetteer.Match] = []
        var gazetteerTags = [UInt64](repeating: 0, count: tokens.count)
        var index = 0
        while index < tokens.count {
            guard tokens[index].kind != .punctuation, !tokens[index].isElision,
                let match = resources.gazetteer.longestMatch(in: tokens, at: index, language: resources.language)
            else {
                index += 1
                continue
            }
            matches.append(match)
            let span = TagSpan(start: 0, end: match.end - match.start, type: EntityTag.typeIndex(of: match.entry.type))
            for (offset, tag) in EntityTag.tags(of: [span], count: span.end).enumerated() {
                gazetteerTags[match.start + offset] = UInt64(tag)
            }
            index = max(match.end, index + 1)
        }
        gazetteerMatches = matches
        var affixes = [UInt64](repeating: 0, count: tokens.count * 7)
        for (index, token) in tokens.enumerated() where token.kind == .word {
            Self.affixes(of: token.key, into: &affixes, at: index * 7)
        }
        self.affixes = affixes
        facts = tokens.indices.map { index in
            let token = tokens[index]
            var flags: UInt32 = 0
            let key = token.key
            if lexicon.givenNames.contains(key) { flags |= Flag.givenName }
            if lexicon.functionWords.contains(key) || lexicon.commonNouns.contains(key) { flags |= Flag.neverName }
            if lexicon.particles.contains(key) { flags |= Flag.particle }
            if lexicon.demonymAdjectives.contains(key) || lexicon.demonymNouns[key] != nil { flags |= Flag.demonym }
            if lexicon.organizationHeads.contains(key) { flags |= Flag.organizationHead }
            if lexicon.organizationTails.contains(key) { flags |= Flag.organizationTail }
            if lexicon.locationHeads.contains(key) { flags |= Flag.locationHead }
            if lexicon.locationTails.contains(key) { flags |= Flag.locationTail }
            if token.kind == .word && lexicon.titles.longestSuffix(of: tokens, endingAt: index) != nil {
                flags |= Flag.endsTitle
            }
            if lexicon.placeCues.longestSuffix(of: tokens, endingAt: index) != nil { flags |= Flag.endsPlaceCue }
            if token.isElision { flags |= Flag.elision }
            if token.isAbbreviation { flags |= Flag.abbreviation }
            if token.letterCase != .lower && token.kind == .word && lowercaseKeys.contains(key) {
                flags |= Flag.lowercaseElsewhere
            }
            if token.isSentenceStart { flags |= Flag.sentenceStart }
            return TokenFacts(
                key: FeatureHash.of(key),
                text: FeatureHash.of(token.text),
                shape: Self.shapeHash(of: token.text),
                caseCode: UInt64(token.letterCase.rawValue) | UInt64(token.kind.rawValue) << 4,
                clusters: token.kind == .word ? resources.clusters.classes(of: token.text) : nil,
                flags: flags,
                gazetteerTag: gazetteerTags[index]
            )
        }
    }

    /// The hash of the word's shape: `Xx`, `XX`, `X.X.`, `Xx-Xx`, `dd` (letters and digits as
    /// classes, runs of more than two collapsed), as ``FeatureHash/of(_:)-(String)`` of that text.
    static func shapeHash(of text: String) -> UInt64 {
        var hash = FeatureHash.seed
        var previous: UInt32 = 0xFFFF_FFFF
        var repeats = 0
        for scalar in text.unicodeScalars {
            let mapped: UInt32 =
                CharacterClass.isUppercase(scalar)
                ? 0x58 : CharacterClass.isLetter(scalar) ? 0x78 : CharacterClass.isDigit(scalar) ? 0x64 : scalar.value
            if mapped == previous {
                repeats += 1
                if repeats >= 2 { continue }
            } else {
                repeats = 0
            }
            previous = mapped
            hash = (hash ^ UInt64(mapped)) &* 0x0100_0000_01b3
        }
        return hash
    }

    /// Writes the hashes of the prefixes of 1 to 3 and the suffixes of 1 to 4 scalars of a folded
    /// word to `output[offset..<offset + 7]` (0 where the word is too short).
    static func affixes(of key: String, into output: inout [UInt64], at offset: Int) {
        let scalars = key.unicodeScalars
        var hash = FeatureHash.seed
        var length = 0
        for scalar in scalars.prefix(3) {
            hash = (hash ^ UInt64(scalar.value)) &* 0x0100_0000_01b3
            output[offset + length] = hash
            length += 1
        }
        var suffix: [Unicode.Scalar] = []
        suffix.reserveCapacity(4)
        for scalar in scalars.reversed().prefix(4) {
            suffix.insert(scalar, at: 0)
            output[offset + 2 + suffix.count] = FeatureHash.of(suffix)
        }
    }

    static let boundary = FeatureHash.of("<s>")
    static let end = FeatureHash.of("</s>")

    /// Appends the feature hashes of token `index` of the sentence `sentence` to `output`.
    func appendFeatures(of index: Int, in sentence: Range<Int>, to output: inout [UInt64]) {
        let token = facts[index]
        func at(_ offset: Int) -> TokenFacts? {
            let position = index + offset
            return sentence.contains(position) ? facts[position] : nil
        }
        let previous = at(-1)
        let next = at(1)
        let previous2 = at(-2)
        let next2 = at(2)
        let previousKey = previous?.key ?? Self.boundary
        let nextKey = next?.key ?? Self.end
        output.append(FeatureHash.feature(1, 0))
        output.append(FeatureHash.feature(2, token.key))
        output.append(FeatureHash.feature(3, token.text))
        output.append(FeatureHash.feature(4, previousKey))
        output.append(FeatureHash.feature(5, nextKey))
        output.append(FeatureHash.feature(6, previous2?.key ?? Self.boundary))
        output.append(FeatureHash.feature(7, next2?.key ?? Self.end))
        output.append(FeatureHash.feature(8, previousKey, token.key))
        output.append(FeatureHash.feature(9, token.key, nextKey))
        output.append(FeatureHash.feature(10, token.shape))
        output.append(FeatureHash.feature(11, previous?.shape ?? Self.boundary))
        output.append(FeatureHash.feature(12, next?.shape ?? Self.end))
        output.append(
            FeatureHash.feature(13, previous?.shape ?? Self.boundary, token.shape, next?.shape ?? Self.end)
        )
        for offset in 0..<7 {
            let affix = affixes[index * 7 + offset]
            if affix != 0 { output.append(FeatureHash.feature(14 + UInt64(offset), affix)) }
        }
        let caseWindow = (previous?.caseCode ?? 0xFF) | token.caseCode << 8 | (next?.caseCode ?? 0xFF) << 16
        output.append(FeatureHash.feature(21, caseWindow))
        let startFlag = UInt64(token.flags & Flag.sentenceStart)
        output.append(FeatureHash.feature(22, startFlag, token.caseCode))
        output.append(FeatureHash.feature(23, UInt64(token.flags & ~Flag.sentenceStart)))
        output.append(FeatureHash.feature(24, UInt64(previous?.flags ?? 0xFFFF_FFFF)))
        output.append(FeatureHash.feature(25, UInt64(next?.flags ?? 0xFFFF_FFFF)))
        for bit in 0..<14 where token.flags & (1 << UInt32(bit)) != 0 {
            output.append(FeatureHash.feature(26, UInt64(bit), token.caseCode))
        }
        if let previous, previous.flags & Flag.endsTitle != 0 {
            output.append(FeatureHash.feature(27, token.caseCode))
        }
        output.append(FeatureHash.feature(28, token.gazetteerTag))
        output.append(FeatureHash.feature(29, previous?.gazetteerTag ?? 0xFF, token.gazetteerTag))
        output.append(FeatureHash.feature(30, token.gazetteerTag, next?.gazetteerTag ?? 0xFF))
        if let classes = token.clusters {
            output.append(FeatureHash.feature(31, UInt64(classes.fine)))
            output.append(FeatureHash.feature(32, UInt64(classes.medium)))
            output.append(FeatureHash.feature(33, UInt64(classes.coarse), token.caseCode))
        } else {
            output.append(FeatureHash.feature(34, token.caseCode))
        }
        if let classes = previous?.clusters {
            output.append(FeatureHash.feature(35, UInt64(classes.fine)))
        }
        if let classes = next?.clusters {
            output.append(FeatureHash.feature(36, UInt64(classes.fine)))
        }
        if index == sentence.lowerBound {
            output.append(FeatureHash.feature(37, token.key))
        }
    }
}
