/// The word lists the name rules consult, keyed by folded token (see ``Folding``).
///
/// The lists live in `Data/lexicon/` (shared) and `Data/lexicon/<language>/`; a lexicon for
/// several languages is the union of theirs. `Data/README.md` describes each file.
struct Lexicon: Sendable {
    /// Common given names across languages: `john`, `andrew`, `volodymyr`.
    var givenNames: Set<String> = []
    /// Lowercase words inside names: `de`, `von`, `bin`, `of`.
    var particles: Set<String> = []
    /// Grammar words, adverbs, frequent verbs, numbers, months and days: `cependant`, `selon`, `mardi`.
    var functionWords: Set<String> = []
    /// Nouns that are no name on their own even capitalized: `article`, `état`, `défense`, `pib`.
    var commonNouns: Set<String> = []
    /// Titles and roles that announce a person: `président`, `Premier ministre`, `M.`, `Sen.`.
    var titles = PhraseSet()
    /// Words that may sit between a title and a name: `spécial`, `adjoint`, `former`.
    var titleModifiers: Set<String> = []
    /// First words of organization names: `ministère`, `banque`, `université`.
    var organizationHeads: Set<String> = []
    /// Last words of organization names: `inc.`, `ltd`, `party`, `university`.
    var organizationTails: Set<String> = []
    /// Lowercase words that continue a French organization name: `nationale`, `européenne`.
    var organizationAdjectives: Set<String> = []
    /// Lowercase first words of place names: `mer`, `golfe`, `lac`, `rue`.
    var locationHeads: Set<String> = []
    /// Last words of place names: `river`, `street`, `island`.
    var locationTails: Set<String> = []
    /// Words just before a place: `à`, `in`, `près de`.
    var placeCues = PhraseSet()
    /// Nationality and group nouns (`européens`, `russians`) and their canonical English plural.
    var demonymNouns: [String: String] = [:]
    /// Nationality adjectives, every form: `ukrainien`, `ukrainienne`, `russian`.
    var demonymAdjectives: Set<String> = []
    /// Abbreviations written with a period, without it (`m`, `mr`, `sen`), for the tokenizer.
    var abbreviations: Set<String> = []
    /// Those of ``abbreviations`` that may end a sentence: `etc`, `inc`.
    var terminalAbbreviations: Set<String> = []

    init() {}

    /// The union of two lexicons (for several languages).
    mutating func formUnion(_ other: Lexicon) {
        givenNames.formUnion(other.givenNames)
        particles.formUnion(other.particles)
        functionWords.formUnion(other.functionWords)
        commonNouns.formUnion(other.commonNouns)
        titles.formUnion(other.titles)
        titleModifiers.formUnion(other.titleModifiers)
        organizationHeads.formUnion(other.organizationHeads)
        organizationTails.formUnion(other.organizationTails)
        organizationAdjectives.formUnion(other.organizationAdjectives)
        locationHeads.formUnion(other.locationHeads)
        locationTails.formUnion(other.locationTails)
        placeCues.formUnion(other.placeCues)
        demonymNouns.merge(other.demonymNouns) { first, _ in first }
        demonymAdjectives.formUnion(other.demonymAdjectives)
        abbreviations.formUnion(other.abbreviations)
        terminalAbbreviations.formUnion(other.terminalAbbreviations)
    }

    /// Whether a capitalized word can be no part of a name: a function word, a month, a title word.
    func isNeverName(_ key: String) -> Bool {
        functionWords.contains(key) || commonNouns.contains(key) || particles.contains(key)
    }

    /// Whether a lowercase word can continue an organization's name (`Bureau international du
    /// travail`): any word but grammar words.
    func canContinueName(_ key: String) -> Bool {
        !functionWords.contains(key) && !particles.contains(key)
    }
}
