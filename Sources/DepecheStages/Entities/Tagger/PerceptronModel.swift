import Foundation

/// A trained averaged-perceptron tagger: a weight row of ``EntityTag/count`` scores per known
/// feature, tag-to-tag transition scores, and Viterbi decoding under the BILOU constraints.
///
/// Features are 64-bit hashes (``FeatureHash``); the model keeps the top 32 bits of each as its
/// key, in an open-addressing table built at load time.
struct PerceptronModel: Sendable {
    static let magic = Array("DPNER001".utf8)
    static let tagCount = EntityTag.count

    /// The language the model was trained for (`fr`, `en`).
    var language: String
    /// Whether the model's features include word clusters.
    var usesClusters: Bool
    /// `rowCount × tagCount` scores.
    private(set) var weights: [Float]
    /// `(tagCount + 1) × tagCount`: row 0 is the sentence start, row `t + 1` follows tag `t`.
    private(set) var transitions: [Float]
    /// The score of ending a sentence on each tag.
    private(set) var finals: [Float]
    private(set) var keys: [UInt32]
    /// The open-addressing table: `key << 32 | (row + 1)` per slot, 0 when empty (one memory
    /// access per probe).
    private var slots: [UInt64]
    private var mask: Int

    var rowCount: Int { keys.count }

    init(language: String, usesClusters: Bool, keys: [UInt32], weights: [Float], transitions: [Float], finals: [Float])
    {
        precondition(weights.count == keys.count * Self.tagCount)
        precondition(transitions.count == (Self.tagCount + 1) * Self.tagCount && finals.count == Self.tagCount)
        self.language = language
        self.usesClusters = usesClusters
        self.keys = keys
        self.weights = weights
        self.transitions = Self.constrained(transitions)
        self.finals = finals.enumerated().map { EntityTag.allowsEnd($0.offset) ? $0.element : -.infinity }
        var capacity = 16
        while capacity < keys.count * 2 { capacity *= 2 }
        mask = capacity - 1
        slots = [UInt64](repeating: 0, count: capacity)
        for (row, key) in keys.enumerated() {
            var slot = Int(key) & mask
            while slots[slot] != 0 {
                slot = (slot + 1) & mask
            }
            slots[slot] = UInt64(key) << 32 | UInt64(row + 1)
        }
    }

    /// Transitions with the moves BILOU forbids set to minus infinity.
    private static func constrained(_ transitions: [Float]) -> [Float] {
        var result = transitions
        for previous in -1..<tagCount {
            for next in 0..<tagCount where !EntityTag.allows(previous, next) {
                result[(previous + 1) * tagCount + next] = -.infinity
            }
        }
        return result
    }

    static func key(of feature: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: feature >> 32)
    }

    /// The weight row of a feature, if the model knows it.
    @inline(__always)
    func row(of feature: UInt64) -> Int? {
        let key = Self.key(of: feature)
        var slot = Int(key) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if UInt32(truncatingIfNeeded: entry >> 32) == key { return Int(entry & 0xFFFF_FFFF) - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// Adds the scores of `features` to `scores[offset..<offset + tagCount]`.
    func addScores(of features: ArraySlice<UInt64>, to scores: inout [Float], at offset: Int) {
        weights.withUnsafeBufferPointer { weights in
            scores.withUnsafeMutableBufferPointer { scores in
                for feature in features {
                    guard let row = row(of: feature) else { continue }
                    let base = row * Self.tagCount
                    for tag in 0..<Self.tagCount {
                        scores[offset + tag] += weights[base + tag]
                    }
                }
            }
        }
    }

    /// The best tag sequence for `count` tokens with the given emission scores.
    func decode(_ emissions: [Float], count: Int) -> [UInt8] {
        Self.viterbi(emissions, count: count, transitions: transitions, finals: finals)
    }

    /// Viterbi decoding; `transitions` must already forbid the impossible moves.
    static func viterbi(_ emissions: [Float], count: Int, transitions: [Float], finals: [Float]) -> [UInt8] {
        guard count > 0 else { return [] }
        let tags = tagCount
        var score = [Float](repeating: -.infinity, count: count * tags)
        var back = [UInt8](repeating: 0, count: count * tags)
        for tag in 0..<tags {
            score[tag] = transitions[tag] + emissions[tag]
        }
        if count > 1 {
            for position in 1..<count {
                let base = position * tags
                let previousBase = base - tags
                for tag in 0..<tags {
                    var best = -Float.infinity
                    var bestPrevious = 0
                    for previous in 0..<tags {
                        let candidate = score[previousBase + previous] + transitions[(previous + 1) * tags + tag]
                        if candidate > best {
                            best = candidate
                            bestPrevious = previous
                        }
                    }
                    score[base + tag] = best + emissions[base + tag]
                    back[base + tag] = UInt8(bestPrevious)
                }
            }
        }
        var bestLast = 0
        var bestScore = -Float.infinity
        let lastBase = (count - 1) * tags
        for tag in 0..<tags where score[lastBase + tag] + finals[tag] > bestScore {
            bestScore = score[lastBase + tag] + finals[tag]
            bestLast = tag
        }
        var path = [UInt8](repeating: 0, count: count)
        path[count - 1] = UInt8(bestLast)
        var position = count - 1
        while position > 0 {
            path[position - 1] = back[position * tags + Int(path[position])]
            position -= 1
        }
        return path
    }
}

// MARK: - File format

extension PerceptronModel {
    /// The model file: magic `DPNER001`; `UInt32` format version (1); the language in 8 bytes
    /// (UTF-8, zero-padded); `UInt32` flags (bit 0: word clusters); `UInt32` tag count; `UInt32`
    /// row count; the transition and final scores as `Float32`; the row keys as `UInt32`; one
    /// `Float32` scale per row; then each row's scores as `Int8` (score = value × scale).
    /// Little-endian throughout.
    func serialized() -> Data {
        var bytes = Self.magic
        ModelBytes.append(UInt32(1), to: &bytes)
        var languageBytes = Array(language.utf8.prefix(8))
        languageBytes += [UInt8](repeating: 0, count: 8 - languageBytes.count)
        bytes += languageBytes
        ModelBytes.append(UInt32(usesClusters ? 1 : 0), to: &bytes)
        ModelBytes.append(UInt32(Self.tagCount), to: &bytes)
        ModelBytes.append(UInt32(keys.count), to: &bytes)
        for value in transitions { ModelBytes.append(value.isFinite ? value : 0, to: &bytes) }
        for value in finals { ModelBytes.append(value.isFinite ? value : 0, to: &bytes) }
        for key in keys { ModelBytes.append(key, to: &bytes) }
        var scales: [Float] = []
        scales.reserveCapacity(keys.count)
        for row in 0..<keys.count {
            let slice = weights[row * Self.tagCount..<(row + 1) * Self.tagCount]
            let largest = slice.map(abs).max() ?? 0
            scales.append(largest > 0 ? largest / 127 : 1)
        }
        for scale in scales { ModelBytes.append(scale, to: &bytes) }
        for row in 0..<keys.count {
            for tag in 0..<Self.tagCount {
                let value = (weights[row * Self.tagCount + tag] / scales[row]).rounded()
                bytes.append(UInt8(bitPattern: Int8(max(-127, min(127, value)))))
            }
        }
        return Data(bytes)
    }

    init(data: Data) throws {
        let bytes = [UInt8](data)
        let header = 8 + 4 + 8 + 4 + 4 + 4
        guard bytes.count >= header, Array(bytes[0..<8]) == Self.magic else {
            throw ModelFormatError(message: "not an entity model (bad magic)")
        }
        guard ModelBytes.uint32(bytes, at: 8) == 1 else {
            throw ModelFormatError(message: "unsupported entity model version \(ModelBytes.uint32(bytes, at: 8))")
        }
        let language = String(decoding: bytes[12..<20].prefix { $0 != 0 }, as: UTF8.self)
        let flags = ModelBytes.uint32(bytes, at: 20)
        guard Int(ModelBytes.uint32(bytes, at: 24)) == Self.tagCount else {
            throw ModelFormatError(message: "entity model with an unexpected tag set")
        }
        let rows = Int(ModelBytes.uint32(bytes, at: 28))
        let tags = Self.tagCount
        let transitionCount = (tags + 1) * tags
        let expected = header + 4 * (transitionCount + tags) + 8 * rows + rows * tags
        guard bytes.count == expected else {
            throw ModelFormatError(message: "truncated entity model (\(bytes.count) bytes, expected \(expected))")
        }
        var offset = header
        func floats(_ count: Int) -> [Float] {
            defer { offset += 4 * count }
            return (0..<count).map { ModelBytes.float(bytes, at: offset + 4 * $0) }
        }
        let transitions = floats(transitionCount)
        let finals = floats(tags)
        let keys = (0..<rows).map { ModelBytes.uint32(bytes, at: offset + 4 * $0) }
        offset += 4 * rows
        let scales = floats(rows)
        var weights = [Float](repeating: 0, count: rows * tags)
        for row in 0..<rows {
            let scale = scales[row]
            let base = row * tags
            for tag in 0..<tags {
                weights[base + tag] = Float(Int8(bitPattern: bytes[offset + base + tag])) * scale
            }
        }
        self.init(
            language: language,
            usesClusters: flags & 1 != 0,
            keys: keys,
            weights: weights,
            transitions: transitions,
            finals: finals
        )
    }
}
