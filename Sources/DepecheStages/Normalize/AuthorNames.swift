import Foundation

/// Cleans bylines into person names (and news agencies): `Par Jeanne Martin et Paul Roux` →
/// `Jeanne Martin`, `Paul Roux`; `By Jane Doe, Senior Correspondent` → `Jane Doe`;
/// `Le Monde avec AFP` → `AFP` (the site's own name is not an author, the agency is). Job titles,
/// desks, site names, e-mail addresses and URLs are dropped.
enum AuthorNames {
    /// Agencies by lowercased alias (`Data/agencies.txt`).
    static let agencies: [String: String] = {
        var agencies: [String: String] = [:]
        for line in dataLines("agencies") {
            let fields = line.split(separator: "\t", maxSplits: 1)
            if fields.count == 2 { agencies[String(fields[0])] = String(fields[1]) }
        }
        return agencies
    }()

    /// Words that mark a job title or a desk (`Data/author-roles.txt`).
    static let roleWords = Set(dataLines("author-roles"))

    private static let prefixes = [
        "propos recueillis par ", "texte et photos ", "texte ", "écrit par ", "ecrit par ", "publié par ",
        "rédigé par ", "par ", "written by ", "posted by ", "reporting by ", "reported by ", "story by ",
        "by ", "auteur :", "auteur:", "author:", "author :",
    ]
    private static let separators = [
        " et ", " and ", " & ", " avec ", " with ", ", ", ";", " / ", " | ", " - ", " – ", " — ", "\n",
    ]

    /// The names in `values` (bylines, meta values), cleaned and deduplicated, site names excluded.
    static func clean(_ values: [String], excluding siteNames: [String] = []) -> [String] {
        let excluded = Set(siteNames.map(comparable).filter { !$0.isEmpty })
        var names: [String] = []
        var seen: Set<String> = []
        for value in values {
            for part in split(TextCleaner.cleanLine(value)) {
                guard let name = name(from: part), !excluded.contains(comparable(name)) else { continue }
                if seen.insert(name.lowercased()).inserted { names.append(name) }
            }
        }
        return names
    }

    /// Splits a byline at `et`, `and`, commas, `avec`, ... after removing a leading `Par`/`By`.
    static func split(_ value: String) -> [String] {
        var parts = [stripPrefix(value)]
        for separator in separators {
            parts = parts.flatMap { part in
                part.components(separatedBy: separator).map { stripPrefix($0) }
            }
        }
        return parts.map { String($0.trimmingASCIIWhitespace(extra: ["(", ")", ".", ",", ":", "·", "|"])) }
            .filter { !$0.isEmpty }
    }

    private static func stripPrefix(_ value: String) -> String {
        var result = value.trimmingASCIIWhitespace().description
        var changed = true
        while changed {
            changed = false
            let lowered = result.lowercased()
            for prefix in prefixes where lowered.hasPrefix(prefix) && result.count > prefix.count {
                result = String(result.dropFirst(prefix.count)).trimmingASCIIWhitespace().description
                changed = true
                break
            }
        }
        return result
    }

    /// A person or agency name, or `nil` for a job title, a desk, a URL or noise.
    private static func name(from part: String) -> String? {
        let lowered = part.lowercased()
        if let agency = agencies[lowered] { return agency }
        guard part.count >= 3, part.count <= 60, !lowered.hasPrefix("http"), !part.contains("@"),
            !part.contains(where: \.isNumber)
        else { return nil }
        let words = part.split(separator: " ")
        guard (1...5).contains(words.count) else { return nil }
        // Names are capitalized; a part that starts in lowercase is a role ("correspondant à Rome").
        guard let first = part.first, first.isUppercase else { return nil }
        if words.contains(where: { roleWords.contains($0.lowercased()) }) { return nil }
        // "Le Monde", "The Guardian", "L'Express": an organization, not a person.
        if ["le ", "la ", "les ", "l'", "l’", "the "].contains(where: { lowered.hasPrefix($0) }) { return nil }
        // A single word is a name only when it is not a common word written in capitals.
        if words.count == 1, part.uppercased() == part, part.count > 4 { return nil }
        if part.uppercased() == part, part.lowercased() != part {
            return part.lowercased().capitalized
        }
        return part
    }

    /// Lowercased, without a leading article, for comparing with site names.
    private static func comparable(_ value: String) -> String {
        var lowered = value.lowercased().trimmingASCIIWhitespace().description
        for article in ["le ", "la ", "les ", "l'", "the "] where lowered.hasPrefix(article) {
            lowered = String(lowered.dropFirst(article.count))
        }
        return lowered.filter { $0.isLetter || $0.isNumber }
    }

    private static func dataLines(_ name: String) -> [String] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Data"),
            let contents = try? String(contentsOf: url, encoding: .utf8)
        else {
            fatalError("DepecheNormalize is missing its resource Data/\(name).txt; rebuild the package")
        }
        return contents.split(separator: "\n").compactMap { line in
            line.hasPrefix("#") || line.isEmpty ? nil : String(line)
        }
    }
}
