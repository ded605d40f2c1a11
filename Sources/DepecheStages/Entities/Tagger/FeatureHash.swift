/// 64-bit hashes for tagger features: FNV-1a over UTF-8, then a SplitMix64 finalizer to combine a
/// feature template with its values. Stable across runs and platforms (model files depend on it).
enum FeatureHash {
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0100_0000_01b3

    /// The FNV-1a hash of `text`'s UTF-8 bytes.
    static func of(_ text: String) -> UInt64 {
        var hash = seed
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* prime
        }
        return hash
    }

    /// The FNV-1a hash of some scalars (prefixes and suffixes).
    static func of(_ scalars: some Sequence<Unicode.Scalar>) -> UInt64 {
        var hash = seed
        for scalar in scalars {
            hash = (hash ^ UInt64(scalar.value)) &* prime
        }
        return hash
    }

    /// The 32-bit FNV-1a hash of `text`'s UTF-8 bytes (the word-cluster table's key).
    static func of32(_ text: String) -> UInt32 {
        var hash: UInt32 = 0x811c_9dc5
        for byte in text.utf8 {
            hash = (hash ^ UInt32(byte)) &* 0x0100_0193
        }
        return hash
    }

    /// Mixes `value` into `hash` (SplitMix64 finalizer).
    @inline(__always)
    static func combine(_ hash: UInt64, _ value: UInt64) -> UInt64 {
        var z = (hash ^ (value &+ 0x9e37_79b9_7f4a_7c15 &+ (hash << 6) &+ (hash >> 2)))
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A feature: a template number and one or more values.
    @inline(__always)
    static func feature(_ template: UInt64, _ value: UInt64) -> UInt64 {
        combine(template &* 0x9e37_79b9_7f4a_7c15, value)
    }

    @inline(__always)
    static func feature(_ template: UInt64, _ first: UInt64, _ second: UInt64) -> UInt64 {
        combine(combine(template &* 0x9e37_79b9_7f4a_7c15, first), second)
    }

    @inline(__always)
    static func feature(_ template: UInt64, _ first: UInt64, _ second: UInt64, _ third: UInt64) -> UInt64 {
        combine(combine(combine(template &* 0x9e37_79b9_7f4a_7c15, first), second), third)
    }
}
