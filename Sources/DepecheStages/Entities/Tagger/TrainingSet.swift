/// Annotated corpora turned into hashed features, for training and scoring.
struct TrainingSet {
    /// One sentence's feature hashes, token after token, and its gold tags.
    struct Sentence {
        var features: [UInt64]
        /// `features[offsets[t]..<offsets[t + 1]]` are token `t`'s.
        var offsets: [Int32]
        var tags: [UInt8]
        var spans: [TagSpan]

        /// The training example: features without a row are dropped.
        func example(rows: [UInt64: Int32]) -> PerceptronTrainer.Example {
            var kept: [Int32] = []
            kept.reserveCapacity(features.count)
            var keptOffsets: [Int32] = [0]
            for token in 0..<tags.count {
                for feature in features[Int(offsets[token])..<Int(offsets[token + 1])] {
                    if let row = rows[feature] { kept.append(row) }
                }
                keptOffsets.append(Int32(kept.count))
            }
            return PerceptronTrainer.Example(rows: kept, offsets: keptOffsets, tags: tags)
        }
    }

    let tokenizer: Tokenizer
    let features: FeatureResources

    /// Every sentence of `corpus`, with features computed document by document (some features
    /// look at the whole document).
    func hash(_ corpus: CoNLLCorpus) -> [Sentence] {
        var result: [Sentence] = []
        for document in corpus.documents {
            var tokens: [Token] = []
            var ranges: [Range<Int>] = []
            var offset = 0
            for (line, sentence) in document.enumerated() {
                let sentenceTokens = tokenizer.tokens(words: sentence.words, line: line, offset: offset)
                offset = (sentenceTokens.last?.end ?? offset) + 1
                ranges.append(tokens.count..<tokens.count + sentenceTokens.count)
                tokens += sentenceTokens
            }
            let facts = DocumentFeatures(tokens: tokens, resources: features)
            for (sentence, range) in zip(document, ranges) {
                var hashes: [UInt64] = []
                hashes.reserveCapacity(range.count * 48)
                var offsets: [Int32] = [0]
                for index in range {
                    facts.appendFeatures(of: index, in: range, to: &hashes)
                    offsets.append(Int32(hashes.count))
                }
                result.append(
                    Sentence(
                        features: hashes,
                        offsets: offsets,
                        tags: EntityTag.tags(of: sentence.spans, count: range.count),
                        spans: sentence.spans
                    )
                )
            }
        }
        return result
    }

    /// Strict span-and-type precision, recall and F1 of `model` on `sentences`.
    static func score(
        model: PerceptronModel,
        _ sentences: [Sentence]
    ) -> (precision: Double, recall: Double, f1: Double) {
        var found = 0
        var expected = 0
        var correct = 0
        var emissions: [Float] = []
        for sentence in sentences {
            let count = sentence.tags.count
            emissions = [Float](repeating: 0, count: count * EntityTag.count)
            for token in 0..<count {
                model.addScores(
                    of: sentence.features[Int(sentence.offsets[token])..<Int(sentence.offsets[token + 1])],
                    to: &emissions,
                    at: token * EntityTag.count
                )
            }
            let predicted = Set(EntityTag.spans(of: model.decode(emissions, count: count)))
            found += predicted.count
            expected += sentence.spans.count
            correct += predicted.intersection(sentence.spans).count
        }
        let precision = found == 0 ? 0 : Double(correct) / Double(found)
        let recall = expected == 0 ? 0 : Double(correct) / Double(expected)
        let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        return (precision, recall, f1)
    }
}
