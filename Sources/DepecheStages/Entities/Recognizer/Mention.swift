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
