import Testing

/// Compares two byte strings, reporting the first difference rather than every byte.
func expectSameBytes(
    _ actual: [UInt8],
    _ expected: [UInt8],
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    guard actual != expected else { return }
    let common = zip(actual, expected).prefix { $0 == $1 }.count
    let context = { (bytes: [UInt8]) in bytes[common..<min(bytes.count, common + 12)].map { String($0, radix: 16) } }
    Issue.record(
        "bytes differ at offset \(common) (\(actual.count) vs \(expected.count) bytes): \(context(actual)) vs \(context(expected))",
        sourceLocation: sourceLocation
    )
}

/// Compares frames without printing 70 KB payloads on failure.
func expectSameFrames(
    _ actual: [[UInt8]],
    _ expected: [[UInt8]],
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    #expect(actual.map(\.count) == expected.map(\.count), sourceLocation: sourceLocation)
    let same = actual == expected
    #expect(same, "the frames' contents differ", sourceLocation: sourceLocation)
}

/// SplitMix64, so that random tests replay the same bytes on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
