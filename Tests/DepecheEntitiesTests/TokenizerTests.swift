import Testing

@testable import DepecheEntities

/// The shipped tokenizer (with the French and English abbreviations).
private let tokenizer = EntityResources.standard.tokenizer

private func texts(_ text: String) -> [String] {
    tokenizer.tokenize(text).map(\.text)
}

@Test func splitsElisionWithBothApostrophes() {
    #expect(texts("l'Ukraine et d’Andrew, qu'il") == ["l'", "Ukraine", "et", "d’", "Andrew", ",", "qu'", "il"])
    let tokens = tokenizer.tokenize("L’objectif")
    #expect(tokens.map(\.isElision) == [true, false])
    #expect(tokens.map(\.key) == ["l'", "objectif"])
}

@Test func keepsApostrophesInsideWords() {
    #expect(texts("aujourd'hui O'Brien presqu'île") == ["aujourd'hui", "O'Brien", "presqu'île"])
}

@Test func splitsEnglishPossessives() {
    #expect(texts("Trump's plan and Jones' car") == ["Trump", "'s", "plan", "and", "Jones", "'", "car"])
}

@Test func keepsHyphenatedNamesWhole() {
    #expect(
        texts("Pays-Bas, Royaume-Uni, Saint-Étienne, États-Unis, a-t-il")
            == ["Pays-Bas", ",", "Royaume-Uni", ",", "Saint-Étienne", ",", "États-Unis", ",", "a-t-il"]
    )
}

@Test func separatesGuillemetsAndStartsAQuotation() {
    let tokens = tokenizer.tokenize("la « Coalition des volontaires »")
    #expect(tokens.map(\.text) == ["la", "«", "Coalition", "des", "volontaires", "»"])
    #expect(tokens.map(\.isSentenceStart) == [true, false, true, false, false, false])
}

@Test func keepsThePeriodOfTitlesAndInitials() {
    let tokens = tokenizer.tokenize("M. Lecornu, Mme Dati et John F. Kennedy. Dr. Who")
    #expect(
        tokens.map(\.text) == ["M.", "Lecornu", ",", "Mme", "Dati", "et", "John", "F.", "Kennedy", ".", "Dr.", "Who"]
    )
    #expect(tokens[0].isAbbreviation && tokens[7].isAbbreviation && tokens[10].isAbbreviation)
    // Only the real period ends the sentence.
    #expect(tokens.filter(\.isSentenceStart).map(\.text) == ["M.", "Dr."])
}

@Test func keepsDottedAcronymsWhole() {
    let tokens = tokenizer.tokenize("the U.S. and Washington, D.C.")
    #expect(tokens.map(\.text) == ["the", "U.S.", "and", "Washington", ",", "D.C."])
    #expect(tokens[1].letterCase == .upper)
}

@Test func joinsNumbersWithSpacedThousands() {
    #expect(
        texts("10 000 soldats, 1\u{202F}250\u{202F}000 euros, 3,5 % en 2014 2015") == [
            "10 000", "soldats", ",", "1\u{202F}250\u{202F}000", "euros", ",", "3,5", "%", "en", "2014", "2015",
        ]
    )
    #expect(tokenizer.tokenize("10 000").first?.kind == .number)
}

@Test func marksSentenceStartsAfterPeriodsAndLineBreaks() {
    let tokens = tokenizer.tokenize("Cependant, il part. Selon lui\nMardi aussi")
    #expect(tokens.filter(\.isSentenceStart).map(\.text) == ["Cependant", "Selon", "Mardi"])
    #expect(tokens.map(\.line) == [0, 0, 0, 0, 0, 0, 0, 1, 1])
}

@Test func countsOffsetsInCodePoints() {
    // "É" is one code point; the emoji is one code point but two UTF-16 units.
    let tokens = tokenizer.tokenize("😀 États-Unis")
    #expect(tokens.map(\.start) == [0, 2])
    #expect(tokens.map(\.end) == [1, 12])
}

@Test func readsArabicArticlesAsPartOfAName() {
    let tokens = tokenizer.tokenize("Bachar al-Assad à Deir ez-Zor, al-qaida")
    #expect(tokens.map(\.text) == ["Bachar", "al-Assad", "à", "Deir", "ez-Zor", ",", "al-qaida"])
    #expect(tokens[1].letterCase == .capitalized)
    #expect(tokens[4].letterCase == .capitalized)
    #expect(tokens[6].letterCase == .lower)
}

@Test func foldsCaseAccentsLigaturesAndApostrophes() {
    #expect(Folding.key("États-Unis") == "etats-unis")
    #expect(Folding.key("ETATS-UNIS") == Folding.key("Etats-Unis"))
    #expect(Folding.key("Œuvre d’Élysée") == "oeuvre d'elysee")
    #expect(Folding.key("Zelenskyy") != Folding.key("Zelensky"))
}
