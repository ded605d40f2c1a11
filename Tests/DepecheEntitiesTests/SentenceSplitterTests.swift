import Testing

@testable import DepecheEntities

private let tokenizer = EntityResources.standard.tokenizer

/// The sentences of `text`, as the covered token texts joined by spaces.
private func sentences(_ text: String) -> [String] {
    let tokens = tokenizer.tokenize(text)
    return tokenizer.sentences(of: tokens).map { range in tokens[range].map(\.text).joined(separator: " ") }
}

@Test func splitsSentencesAtTerminatorsAndLineBreaks() {
    #expect(
        sentences("Il pleut. Elle sort ! Qui vient ?\nLa suite")
            == ["Il pleut .", "Elle sort !", "Qui vient ?", "La suite"]
    )
}

@Test func doesNotSplitAfterTitlesInitialsOrInsideQuotes() {
    #expect(
        sentences("M. Dupont et Mme Durand ont vu J. K. Rowling à St-Denis. Il a dit « Nous partons » hier.")
            == [
                "M. Dupont et Mme Durand ont vu J. K. Rowling à St-Denis .",
                "Il a dit « Nous partons » hier .",
            ]
    )
}

@Test func keepsAClosingQuoteWithItsSentenceAndAnOpeningOneWithTheNext() {
    #expect(
        sentences("« C'est fini. » Puis il part. « Non ! » dit-elle.")
            == ["« C' est fini . »", "Puis il part .", "« Non ! » dit-elle ."]
    )
}

@Test func splitsAfterASentenceFinalAbbreviation() {
    #expect(
        sentences("Des pommes, des poires, etc. Puis du pain.") == ["Des pommes , des poires , etc.", "Puis du pain ."]
    )
}

@Test func keepsNumbersWithSpacesAndDecimalsInOneSentence() {
    #expect(
        sentences("Il a payé 10 000 euros, soit 3,5 %. Fin.") == ["Il a payé 10 000 euros , soit 3,5 % .", "Fin ."]
    )
}

@Test func buildsTokensFromAnnotatedWords() {
    let tokens = tokenizer.tokens(words: ["«", "L'", "OTAN", "et", "M.", "Macron", "."], line: 3)
    #expect(tokens.map(\.start) == [0, 2, 5, 10, 13, 16, 23])
    #expect(tokens.map(\.isElision) == [false, true, false, false, false, false, false])
    #expect(tokens.map(\.isAbbreviation) == [false, false, false, false, true, false, false])
    #expect(tokens.map(\.isSentenceStart) == [false, true, false, false, false, false, false])
    #expect(tokens.map(\.letterCase) == [.none, .capitalized, .upper, .lower, .capitalized, .capitalized, .none])
    #expect(tokens.allSatisfy { $0.line == 3 })
}
