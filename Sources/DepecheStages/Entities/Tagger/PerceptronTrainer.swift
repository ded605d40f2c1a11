/// Trains a ``PerceptronModel``: the averaged structured perceptron (Collins 2002) over BILOU
/// tags, with Viterbi decoding and the lazy-update trick for the averages.
struct PerceptronTrainer {
    /// One training sentence: the weight rows of each token's features, and the gold tags.
    struct Example {
        /// Rows of every token's known features, token after token.
        var rows: [Int32]
        /// `rows[offsets[t]..<offsets[t + 1]]` are token `t`'s.
        var offsets: [Int32]
        var tags: [UInt8]
    }

    /// Weights with their running sums, for averaging.
    private struct AveragedWeights {
        var current: [Float]
        var sums: [Double]
        var stamps: [Int32]

        init(count: Int) {
            current = [Float](repeating: 0, count: count)
            sums = [Double](repeating: 0, count: count)
            stamps = [Int32](repeating: 0, count: count)
        }

        @inline(__always)
        mutating func update(_ index: Int, by delta: Float, step: Int) {
            sums[index] += Double(current[index]) * Double(step - Int(stamps[index]))
            stamps[index] = Int32(step)
            current[index] += delta
        }

        func averaged(step: Int) -> [Float] {
            guard step > 0 else { return current }
            return current.indices.map { index in
                let total = sums[index] + Double(current[index]) * Double(step - Int(stamps[index]))
                return Float(total / Double(step))
            }
        }
    }

    static let tags = EntityTag.count

    /// The feature hashes that have a weight row, in row order.
    let features: [UInt64]
    private var weights: AveragedWeights
    private var transitions: AveragedWeights
    private var finals: AveragedWeights
    private var step = 0

    init(features: [UInt64]) {
        self.features = features
        weights = AveragedWeights(count: features.count * Self.tags)
        transitions = AveragedWeights(count: (Self.tags + 1) * Self.tags)
        finals = AveragedWeights(count: Self.tags)
    }

    /// The transitions with the forbidden moves at minus infinity.
    private func constrainedTransitions() -> [Float] {
        var result = transitions.current
        for previous in -1..<Self.tags {
            for next in 0..<Self.tags where !EntityTag.allows(previous, next) {
                result[(previous + 1) * Self.tags + next] = -.infinity
            }
        }
        return result
    }

    /// One pass over `examples` in the given order; returns how many tokens were mistagged.
    mutating func epoch(_ examples: [Example], order: [Int]) -> Int {
        var errors = 0
        var emissions: [Float] = []
        for exampleIndex in order {
            let example = examples[exampleIndex]
            let count = example.tags.count
            guard count > 0 else { continue }
            step += 1
            emissions = [Float](repeating: 0, count: count * Self.tags)
            weights.current.withUnsafeBufferPointer { current in
                for token in 0..<count {
                    let base = token * Self.tags
                    for slot in Int(example.offsets[token])..<Int(example.offsets[token + 1]) {
                        let row = Int(example.rows[slot]) * Self.tags
                        for tag in 0..<Self.tags {
                            emissions[base + tag] += current[row + tag]
                        }
                    }
                }
            }
            var finalScores = finals.current
            for tag in 0..<Self.tags where !EntityTag.allowsEnd(tag) {
                finalScores[tag] = -.infinity
            }
            let predicted = PerceptronModel.viterbi(
                emissions,
                count: count,
                transitions: constrainedTransitions(),
                finals: finalScores
            )
            guard predicted != example.tags else { continue }
            for token in 0..<count {
                let gold = Int(example.tags[token])
                let guess = Int(predicted[token])
                let goldPrevious = token == 0 ? -1 : Int(example.tags[token - 1])
                let guessPrevious = token == 0 ? -1 : Int(predicted[token - 1])
                if gold != guess || goldPrevious != guessPrevious {
                    transitions.update((goldPrevious + 1) * Self.tags + gold, by: 1, step: step)
                    transitions.update((guessPrevious + 1) * Self.tags + guess, by: -1, step: step)
                }
                guard gold != guess else { continue }
                errors += 1
                for slot in Int(example.offsets[token])..<Int(example.offsets[token + 1]) {
                    let row = Int(example.rows[slot]) * Self.tags
                    weights.update(row + gold, by: 1, step: step)
                    weights.update(row + guess, by: -1, step: step)
                }
            }
            let goldLast = Int(example.tags[count - 1])
            let guessLast = Int(predicted[count - 1])
            if goldLast != guessLast {
                finals.update(goldLast, by: 1, step: step)
                finals.update(guessLast, by: -1, step: step)
            }
        }
        return errors
    }

    /// The averaged model. Rows whose largest averaged score is below `threshold` are dropped,
    /// as are features whose 32-bit keys collide with an earlier one's.
    func model(language: String, usesClusters: Bool, threshold: Float = 0) -> PerceptronModel {
        let averaged = weights.averaged(step: step)
        var keys: [UInt32] = []
        var kept: [Float] = []
        var seen = Set<UInt32>()
        for (row, feature) in features.enumerated() {
            let slice = averaged[row * Self.tags..<(row + 1) * Self.tags]
            guard (slice.map(abs).max() ?? 0) > threshold else { continue }
            let key = PerceptronModel.key(of: feature)
            guard seen.insert(key).inserted else { continue }
            keys.append(key)
            kept += slice
        }
        return PerceptronModel(
            language: language,
            usesClusters: usesClusters,
            keys: keys,
            weights: kept,
            transitions: transitions.averaged(step: step),
            finals: finals.averaged(step: step)
        )
    }
}
