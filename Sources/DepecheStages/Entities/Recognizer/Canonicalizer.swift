import DepecheCore

/// Gives every mention of a document the canonical name it shares with the other mentions of
/// the same entity.
///
/// - A gazetteer mention keeps its entry's canonical name (`Kiev` → `Kyiv`, `Otan` → `NATO`).
/// - A person named by part of a full name found in the document takes that name's canonical
///   (`Witkoff` → `Steve Witkoff`), preferring the nearest full name before it, else the first after.
/// - An acronym in parentheses after a name takes the name's canonical:
///   `Agence internationale de l'énergie atomique (AIEA)`.
/// - Any other mention's canonical is its text, tidied (spaces, apostrophes, capitals), and
///   mentions that fold alike (`TERZIAN`, `Terzian`) share the first one's.
struct Canonicalizer: Sendable {
    init() {}

    func resolve(_ mentions: inout [Mention], tokens: [Token]) {
        for index in mentions.indices where mentions[index].canonical.isEmpty {
            mentions[index].canonical = displayForm(mentions[index], tokens: tokens)
        }
        linkPartialNames(&mentions, tokens: tokens)
        linkAcronyms(&mentions, tokens: tokens)
        unifyVariants(&mentions, tokens: tokens)
    }

    /// The mention's text with single spaces, straight apostrophes, and all-capital words of a
    /// person's name in title case.
    func displayForm(_ mention: Mention, tokens: [Token]) -> String {
        var text = ""
        for index in mention.start..<mention.end {
            let token = tokens[index]
            if index > mention.start && token.spaceBefore {
                text += " "
            }
            var word = token.text.replacingApostrophes()
            if mention.type == .person && token.letterCase == .upper && token.letterCount > 2 {
                word = word.prefix(1) + word.dropFirst().lowercased()
            }
            text += word
        }
        return text
    }

    private func keys(_ mention: Mention, _ tokens: [Token]) -> [String] {
        tokens[mention.start..<mention.end].map(\.key)
    }

    /// `Witkoff`, `Le Pen`: a person mention whose words end a longer person mention.
    ///
    /// The longer mentions are found through an index of their endings, so that a document with
    /// many names costs time in proportion to its names, not to their square.
    private func linkPartialNames(_ mentions: inout [Mention], tokens: [Token]) {
        let people = mentions.indices.filter { mentions[$0].type == .person }
        let partials = people.filter { mentions[$0].origin != .gazetteer || mentions[$0].isSingleName }
        guard !partials.isEmpty else { return }
        // For each length a partial name has, the people mentions (in document order) by their
        // last words of that length, when they are longer.
        let lengths = Set(partials.map { mentions[$0].length })
        var endings: [[String]: [Int]] = [:]
        for other in people {
            let words = keys(mentions[other], tokens)
            for length in lengths where length < words.count {
                endings[Array(words.suffix(length)), default: []].append(other)
            }
        }
        for index in partials {
            let candidates = endings[keys(mentions[index], tokens)] ?? []
            guard !candidates.isEmpty else { continue }
            // The nearest full name before the mention, else the first after it.
            var low = 0
            var high = candidates.count
            while low < high {
                let middle = (low + high) / 2
                if candidates[middle] < index { low = middle + 1 } else { high = middle }
            }
            let before = low > 0 ? candidates[low - 1] : nil
            guard let full = before ?? candidates.first(where: { $0 != index }) else { continue }
            if mentions[index].origin == .gazetteer && mentions[full].canonical == mentions[index].canonical {
                continue
            }
            if mentions[index].origin == .gazetteer && before == nil {
                continue
            }
            mentions[index].canonical = mentions[full].canonical
            mentions[index].entityID = mentions[full].entityID
            mentions[index].label = mentions[full].label
        }
    }

    /// `(AIEA)` after a name: the acronym names the same thing.
    private func linkAcronyms(_ mentions: inout [Mention], tokens: [Token]) {
        var acronyms: [String: Int] = [:]
        for index in mentions.indices.dropFirst() {
            let mention = mentions[index]
            let previous = mentions[index - 1]
            guard mention.length == 1, tokens[mention.start].letterCase == .upper,
                mention.start >= 2, mention.end < tokens.count,
                tokens[mention.start - 1].text == "(", tokens[mention.end].text == ")",
                previous.end == mention.start - 1, previous.length > 1
            else { continue }
            if mention.origin == .gazetteer && previous.origin == .gazetteer { continue }
            acronyms[tokens[mention.start].key] = index - 1
        }
        guard !acronyms.isEmpty else { return }
        for index in mentions.indices where mentions[index].length == 1 {
            guard let source = acronyms[tokens[mentions[index].start].key] else { continue }
            let full = mentions[source]
            if mentions[index].origin == .gazetteer && full.origin != .gazetteer { continue }
            mentions[index].canonical = full.canonical
            mentions[index].entityID = full.entityID
            mentions[index].type = full.type
        }
    }

    /// Mentions found by rules whose text folds alike share the first one's canonical.
    private func unifyVariants(_ mentions: inout [Mention], tokens: [Token]) {
        var firstCanonical: [String: (canonical: String, entityID: String)] = [:]
        for index in mentions.indices {
            let key = keys(mentions[index], tokens).joined(separator: " ") + "|" + mentions[index].type.rawValue
            if let known = firstCanonical[key] {
                if mentions[index].origin != .gazetteer {
                    mentions[index].canonical = known.canonical
                    mentions[index].entityID = known.entityID
                }
            } else {
                firstCanonical[key] = (mentions[index].canonical, mentions[index].entityID)
            }
        }
    }
}

extension String {
    /// `’` and `ʼ` replaced by `'`, as in Wikipedia titles.
    fileprivate func replacingApostrophes() -> String {
        guard unicodeScalars.contains(where: { $0.value == 0x2019 || $0.value == 0x02BC }) else { return self }
        return String(
            String.UnicodeScalarView(unicodeScalars.map { $0.value == 0x2019 || $0.value == 0x02BC ? "'" : $0 })
        )
    }
}
