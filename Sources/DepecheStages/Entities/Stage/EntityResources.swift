import DepecheCore
import Foundation

/// The tokenizer, lexicon and gazetteer built from the data files, for a set of languages.
///
/// The shipped files are read once per process (`static let`); a stage with extra gazetteer
/// files builds its own trie from the shipped records plus its own.
struct EntityResources: Sendable {
    var languages: [String]
    var tokenizer: Tokenizer
    var lexicon: Lexicon
    var gazetteer: Gazetteer

    /// The module's `Data` folder.
    static let dataDirectory: URL = {
        guard let url = Bundle.module.url(forResource: "Data", withExtension: nil) else {
            fatalError("DepecheEntities: the Data resource folder is missing from the bundle")
        }
        return url
    }()

    /// The languages with a lexicon folder in `Data/lexicon/`.
    static let availableLanguages: [String] = {
        let folder = dataDirectory.appendingPathComponent("lexicon")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            let path = folder.appendingPathComponent(name).path
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }.sorted()
    }()

    private static let sharedLists: LexiconLists = shipped {
        try LexiconLists.read(directory: dataDirectory.appendingPathComponent("lexicon"))
    }

    private static let languageLists: [String: LexiconLists] = shipped {
        var lists: [String: LexiconLists] = [:]
        for language in availableLanguages {
            lists[language] = try LexiconLists.read(
                directory: dataDirectory.appendingPathComponent("lexicon").appendingPathComponent(language)
            )
        }
        return lists
    }

    /// The records of every shipped `Data/gazetteer/*.tsv`, in file-name order.
    static let shippedRecords: [Gazetteer.Record] = shipped {
        let folder = dataDirectory.appendingPathComponent("gazetteer")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tsv") }
        var records: [Gazetteer.Record] = []
        for file in files.sorted() {
            records += try Gazetteer.load(contentsOf: folder.appendingPathComponent(file))
        }
        return records
    }

    /// French and English with the shipped gazetteer: the stage's default.
    static let standard: EntityResources = shipped {
        try EntityResources(languages: ["fr", "en"], gazetteerFiles: [])
    }

    /// Builds the resources for `languages`, adding the entries of `gazetteerFiles` after the
    /// shipped ones (an alias already known keeps its shipped entry).
    init(languages: [String], gazetteerFiles: [URL]) throws {
        let unknown = languages.filter { !Self.availableLanguages.contains($0) }
        guard unknown.isEmpty else {
            throw StageFailure(
                code: "invalid-option",
                message:
                    "entities: no lexicon for language(s) \(unknown.joined(separator: ", ")); "
                    + "available: \(Self.availableLanguages.joined(separator: ", "))"
            )
        }
        let folders = [Self.sharedLists] + languages.compactMap { Self.languageLists[$0] }
        let tokenizer = Lexicon.tokenizer(for: folders)
        var records = Self.shippedRecords
        for file in gazetteerFiles {
            do {
                records += try Gazetteer.load(contentsOf: file)
            } catch {
                throw StageFailure(code: "invalid-option", message: "entities: gazetteer \(error)")
            }
        }
        self.languages = languages
        self.tokenizer = tokenizer
        self.lexicon = Lexicon(lists: folders, tokenizer: tokenizer)
        self.gazetteer = Gazetteer(records: records, tokenizer: tokenizer)
    }

    /// Runs a loader of shipped data, which cannot fail unless the package itself is broken.
    private static func shipped<T>(_ load: () throws -> T) -> T {
        do {
            return try load()
        } catch {
            fatalError("DepecheEntities: the shipped data is invalid: \(error)")
        }
    }
}
