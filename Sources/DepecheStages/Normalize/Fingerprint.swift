/// A 64-bit SimHash of a text's word shingles, for near-duplicate detection: two copies of a
/// wire story with a different headline, byline or footer differ in a few bits only.
///
/// Words are lowercased runs of letters and digits; each shingle of ``shingleSize`` words is
/// hashed with 64-bit FNV-1a and a final mix; bit `i` of the fingerprint is set when more
/// shingles have bit `i` set than not (the first ``maximumShingles`` shingles). Written as 16
/// lowercase hexadecimal digits.
enum Fingerprint {
    static let shingleSize = 3
    /// Only the first shingles count: enough to tell copies apart, and a bounded cost on huge texts.
    static let maximumShingles = 20_000

    /// The fingerprint of `text`, or `""` when it has fewer words than a shingle.
    static func simHash(_ text: String) -> String {
        guard let value = simHashValue(text) else { return "" }
        return hex(value)
    }

    static func simHashValue(_ text: String) -> UInt64? {
        let words = wordHashes(text, limit: maximumShingles + shingleSize - 1)
        guard words.count >= shingleSize else { return nil }
        var counts = [Int](repeating: 0, count: 64)
        for start in 0...min(words.count - shingleSize, maximumShingles - 1) {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for offset in 0..<shingleSize {
                hash = (hash ^ words[start + offset]) &* 0x0000_0100_0000_01B3
            }
            hash = mix(hash)
            for bit in 0..<64 {
                counts[bit] += (hash >> UInt64(bit)) & 1 == 1 ? 1 : -1
            }
        }
        var value: UInt64 = 0
        for bit in 0..<64 where counts[bit] > 0 { value |= 1 << UInt64(bit) }
        return value
    }

    /// The number of differing bits between two fingerprints, or `nil` when either is not one.
    static func distance(_ first: String, _ second: String) -> Int? {
        guard let first = parse(first), let second = parse(second) else { return nil }
        return (first ^ second).nonzeroBitCount
    }

    static func parse(_ value: String) -> UInt64? {
        guard value.utf8.count == 16 else { return nil }
        return UInt64(value, radix: 16)
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// FNV-1a hashes of the lowercased words.
    private static func wordHashes(_ text: String, limit: Int) -> [UInt64] {
        var hashes: [UInt64] = []
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var inWord = false
        for scalar in text.unicodeScalars {
            if hashes.count >= limit { return hashes }
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                if (lower >= 0x61 && lower <= 0x7A) || (byte >= 0x30 && byte <= 0x39) {
                    hash = (hash ^ UInt64(lower)) &* 0x0000_0100_0000_01B3
                    inWord = true
                    continue
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                for unit in scalar.properties.lowercaseMapping.utf8 {
                    hash = (hash ^ UInt64(unit)) &* 0x0000_0100_0000_01B3
                }
                inWord = true
                continue
            }
            if inWord {
                hashes.append(hash)
                hash = 0xcbf2_9ce4_8422_2325
                inWord = false
            }
        }
        if inWord { hashes.append(hash) }
        return hashes
    }

    /// The murmur3 finalizer: spreads FNV's weak high bits.
    private static func mix(_ value: UInt64) -> UInt64 {
        var hash = value
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash = hash &* 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return hash
    }
}
