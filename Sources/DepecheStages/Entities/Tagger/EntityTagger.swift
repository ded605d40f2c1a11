/// Runs a ``PerceptronModel`` over a tokenized document: features per token, scores, Viterbi per
/// sentence.
struct EntityTagger: Sendable {
    var model: PerceptronModel
    var resources: FeatureResources

    /// The BILOU tags of `tokens`, sentence by sentence.
    func tags(of tokens: [Token], features: DocumentFeatures, sentences: [Range<Int>]) -> [UInt8] {
        var tags = [UInt8](repeating: 0, count: tokens.count)
        var buffer: [UInt64] = []
        buffer.reserveCapacity(64)
        var emissions: [Float] = []
        for sentence in sentences where !sentence.isEmpty {
            emissions.removeAll(keepingCapacity: true)
            emissions.append(contentsOf: repeatElement(0, count: sentence.count * EntityTag.count))
            for index in sentence {
                buffer.removeAll(keepingCapacity: true)
                features.appendFeatures(of: index, in: sentence, to: &buffer)
                model.addScores(
                    of: buffer[...],
                    to: &emissions,
                    at: (index - sentence.lowerBound) * EntityTag.count
                )
            }
            let path = model.decode(emissions, count: sentence.count)
            for (offset, tag) in path.enumerated() {
                tags[sentence.lowerBound + offset] = tag
            }
        }
        return tags
    }
}
