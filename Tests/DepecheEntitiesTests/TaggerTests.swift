import DepecheCore
import Foundation
import Testing

@testable import DepecheEntities

/// A tiny corpus: who is where, in IOB1 (`I-` everywhere), with a second column that is not tags.
private let corpus = """
    -DOCSTART- -X- O
    Marie NNP I-PER
    Curie NNP I-PER
    habite VB O
    à P O
    Varsovie NNP I-LOC
    . . O

    Pierre NNP I-PER
    travaille VB O
    chez P O
    Renault NNP I-ORG
    à P O
    Lyon NNP I-LOC
    . . O

    -DOCSTART- -X- O
    Le DT O
    festival NN O
    Jazz NNP I-MISC
    à P I-MISC
    Vienne NNP I-MISC
    accueille VB O
    Paul NNP I-PER
    . . O
    """

/// Features with no word lists, no gazetteer and no clusters: only the words themselves.
private let bareResources = FeatureResources(
    lexicon: Lexicon(),
    gazetteer: Gazetteer(records: [], tokenizer: Tokenizer()),
    clusters: WordClusters(),
    language: "fr"
)

private func trainTiny(epochs: Int = 8) throws -> (PerceptronModel, [TrainingSet.Sentence]) {
    let set = TrainingSet(tokenizer: Tokenizer(), features: bareResources)
    let sentences = set.hash(try CoNLLCorpus(text: corpus))
    var rows: [UInt64: Int32] = [:]
    var features: [UInt64] = []
    for sentence in sentences {
        for feature in sentence.features where rows[feature] == nil {
            rows[feature] = Int32(features.count)
            features.append(feature)
        }
    }
    var trainer = PerceptronTrainer(features: features)
    let examples = sentences.map { $0.example(rows: rows) }
    for _ in 0..<epochs {
        _ = trainer.epoch(examples, order: Array(examples.indices))
    }
    return (trainer.model(language: "fr", usesClusters: false), sentences)
}

private func decode(_ model: PerceptronModel, _ sentence: TrainingSet.Sentence) -> [TagSpan] {
    var emissions = [Float](repeating: 0, count: sentence.tags.count * EntityTag.count)
    for token in sentence.tags.indices {
        let features = sentence.features[Int(sentence.offsets[token])..<Int(sentence.offsets[token + 1])]
        model.addScores(of: features, to: &emissions, at: token * EntityTag.count)
    }
    return EntityTag.spans(of: model.decode(emissions, count: sentence.tags.count))
}

@Test func readsIOB1FilesAndFindsTheTagColumn() throws {
    let read = try CoNLLCorpus(text: corpus)
    #expect(read.documents.count == 2)
    #expect(read.sentenceCount == 3)
    #expect(read.documents[0][0].words == ["Marie", "Curie", "habite", "à", "Varsovie", "."])
    #expect(read.documents[0][0].spans == [TagSpan(start: 0, end: 2, type: 0), TagSpan(start: 4, end: 5, type: 2)])
    #expect(read.documents[1][0].spans == [TagSpan(start: 2, end: 5, type: 3), TagSpan(start: 6, end: 7, type: 0)])
}

@Test func readsIOB2AndSeparatesAdjacentEntities() {
    let spans = CoNLLCorpus.spans(["B-PER", "I-PER", "B-PER", "O", "B-LOC", "I-ORG"])
    #expect(
        spans == [
            TagSpan(start: 0, end: 2, type: 0), TagSpan(start: 2, end: 3, type: 0), TagSpan(start: 4, end: 5, type: 2),
            TagSpan(start: 5, end: 6, type: 1),
        ]
    )
}

@Test func dropsNationalityWordsTaggedMISC() throws {
    var read = try CoNLLCorpus(text: "Les O\nRusses B-MISC\net O\nle O\nPrix B-MISC\nNobel I-MISC\n")
    var lexicon = Lexicon()
    lexicon.demonymNouns["russes"] = "Russians"
    read.dropNationalityMISC(lexicon: lexicon)
    #expect(read.documents[0][0].spans == [TagSpan(start: 4, end: 6, type: 3)])
}

@Test func convertsBetweenSpansAndBILOUTags() {
    let spans = [TagSpan(start: 0, end: 1, type: 2), TagSpan(start: 2, end: 5, type: 0)]
    let tags = EntityTag.tags(of: spans, count: 6)
    #expect(tags.map { EntityTag.name(of: Int($0)) } == ["U-LOC", "O", "B-PER", "I-PER", "L-PER", "O"])
    #expect(EntityTag.spans(of: tags) == spans)
    #expect(EntityTag.allows(-1, EntityTag.tag(.begin, type: 1)))
    #expect(!EntityTag.allows(-1, EntityTag.tag(.inside, type: 1)))
    #expect(!EntityTag.allows(EntityTag.tag(.begin, type: 0), EntityTag.tag(.last, type: 1)))
    #expect(!EntityTag.allows(EntityTag.tag(.begin, type: 0), EntityTag.outside))
}

@Test func trainerLearnsATinyCorpus() throws {
    let (model, sentences) = try trainTiny()
    for sentence in sentences {
        #expect(decode(model, sentence) == sentence.spans)
    }
}

@Test func modelFileRoundTrips() throws {
    let (model, sentences) = try trainTiny()
    let data = model.serialized()
    let loaded = try PerceptronModel(data: data)
    #expect(loaded.language == "fr")
    #expect(loaded.usesClusters == false)
    #expect(loaded.keys == model.keys)
    #expect(loaded.weights.count == model.weights.count)
    let largest = model.weights.map(abs).max() ?? 0
    for (saved, original) in zip(loaded.weights, model.weights) {
        #expect(abs(saved - original) <= largest / 127)
    }
    for sentence in sentences {
        #expect(decode(loaded, sentence) == sentence.spans)
    }
    #expect(loaded.serialized() == data)
}

@Test func rejectsAFileThatIsNoModel() {
    #expect(throws: ModelFormatError.self) { try PerceptronModel(data: Data("DPNER001 but too short".utf8)) }
    #expect(throws: ModelFormatError.self) { try WordClusters(data: Data("not clusters".utf8)) }
}

@Test func wordClustersRoundTripAndFallBackToLowercase() throws {
    let table = WordClusters(words: [
        ("Paris", .init(fine: 1000, medium: 200, coarse: 60)), ("otan", .init(fine: 3, medium: 2, coarse: 1)),
    ])
    let loaded = try WordClusters(data: table.serialized())
    #expect(loaded.count == 2)
    #expect(loaded.classes(of: "Paris") == .init(fine: 1000, medium: 200, coarse: 60))
    #expect(loaded.classes(of: "OTAN") == .init(fine: 3, medium: 2, coarse: 1))
    #expect(loaded.classes(of: "Lyon") == nil)
}
