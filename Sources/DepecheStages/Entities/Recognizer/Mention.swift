import DepecheCore

/// A recognized entity over the tokens `start..<end`, before it becomes an ``Entity``.
struct Mention: Sendable, Hashable {
    /// What found the mention; the canonicalizer trusts a gazetteer's canonical name.
    enum Origin: Sendable, Hashable {
        case gazetteer
        case rule
        /// A lone word that repeats part of a name found elsewhere in the document (`Witkoff`).
        case link
    }

    var start: Int
    var end: Int
    var type: Entity.Kind
    var label = ""
    /// Empty until the ``Canonicalizer`` fills it, unless a gazetteer or lexicon gave it.
    var canonical = ""
    var entityID = ""
    var confidence: Float
    var origin: Origin
    /// A one-token person alias of the gazetteer (`Poutine`): a given name may precede it.
    var isSingleName = false
    /// Removed by a longer mention that absorbed it.
    var isRemoved = false

    var length: Int { end - start }
}

extension Mention {
    /// A mention of a gazetteer alias, with the entry's type, label, canonical name and id.
    init(gazetteer match: Gazetteer.Match, confidence: Float) {
        self.init(
            start: match.start,
            end: match.end,
            type: match.entry.type,
            label: match.entry.label,
            canonical: match.entry.canonical,
            entityID: match.entry.entityID,
            confidence: confidence,
            origin: .gazetteer,
            isSingleName: match.alias.isSingleName
        )
    }
}

/// How far each way of finding a mention is trusted: about the share of its mentions that were
/// right (span and type) on French Wikinews articles. It becomes the entity's `confidence`.
enum Confidence {
    /// A gazetteer alias.
    static let gazetteer: Float = 0.9
    /// A given name before a known surname of the same person (`Volodimir Zelensky`).
    static let knownPersonWithGivenName: Float = 0.9
    /// A name after a title (`le général X`, `Sen. X`).
    static let titleCue: Float = 0.9
    /// A given name and a surname (`John Irish`).
    static let givenName: Float = 0.95
    /// A word after a place preposition (`à Kostopil`, `près de Velyka Novosilka`).
    static let placePreposition: Float = 0.9
    /// A place after a lowercase head word (`golfe Persique`), a motorway (`A7`).
    static let lowercaseLocation: Float = 0.85
    /// A place named with a head or tail word (`Lake Geneva`, `Mississippi River`).
    static let locationCue: Float = 0.8
    /// A lone surname that repeats a full name of the document (`Witkoff`).
    static let surnameLink: Float = 0.8
    /// A new person sharing a known surname (`Lara Trump`), or a given-name place (`Nancy Reagan`).
    static let newPersonWithKnownWord: Float = 0.75
    /// An organization named with a head or tail word (`Ministère de la Défense`, `Acme Corp.`).
    static let organizationCue: Float = 0.65
    /// An unknown acronym (`FNSEA`).
    static let acronym: Float = 0.65
    /// Capitalized words with no other cue, read as a person.
    static let capitalizedWords: Float = 0.65
    /// A nationality noun (`Européens`).
    static let demonym: Float = 0.6
    /// A lone word repeating a one-word mention of the document.
    static let wordLink: Float = 0.6
}
