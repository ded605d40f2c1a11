import Foundation

/// Word clusters (distributional classes) for the tagger's features: for a word, three cluster
/// numbers at three granularities (1024, 256 and 64 classes).
///
/// The binary file (`Data/models/clusters-fr.bin`, written by `depeche train entities --clusters-out`) is:
/// the magic `DPCLUS01`, a little-endian `UInt32` count, then `count` sorted `UInt32` word hashes
/// (``FeatureHash/of32(_:)``), then `count` packed `UInt32` values (`k1024 | k256 << 10 | k64 << 18`).
struct WordClusters: Sendable {
    static let magic = Array("DPCLUS01".utf8)

    /// One word's classes.
    struct Classes: Sendable, Hashable {
        var fine: UInt16
        var medium: UInt16
        var coarse: UInt16
    }

    private var hashes: [UInt32]
    private var packed: [UInt32]

    var count: Int { hashes.count }

    init() {
        hashes = []
        packed = []
    }

    /// Reads the binary file.
    init(data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.count >= 12, Array(bytes[0..<8]) == Self.magic else {
            throw ModelFormatError(message: "not a word-cluster file (bad magic)")
        }
        let count = Int(ModelBytes.uint32(bytes, at: 8))
        guard bytes.count == 12 + 8 * count else {
            throw ModelFormatError(message: "truncated word-cluster file")
        }
        var hashes = [UInt32](repeating: 0, count: count)
        var packed = [UInt32](repeating: 0, count: count)
        for index in 0..<count {
            hashes[index] = ModelBytes.uint32(bytes, at: 12 + 4 * index)
            packed[index] = ModelBytes.uint32(bytes, at: 12 + 4 * count + 4 * index)
        }
        self.hashes = hashes
        self.packed = packed
    }

    /// Builds the table from `word → (k1024, k256, k64)`; words whose hashes collide keep the first.
    init(words: [(word: String, classes: Classes)]) {
        var table: [UInt32: UInt32] = [:]
        for (word, classes) in words {
            let value = UInt32(classes.fine) | UInt32(classes.medium) << 10 | UInt32(classes.coarse) << 18
            let hash = FeatureHash.of32(word)
            if table[hash] == nil { table[hash] = value }
        }
        let sorted = table.sorted { $0.key < $1.key }
        hashes = sorted.map(\.key)
        packed = sorted.map(\.value)
    }

    /// The file's bytes.
    func serialized() -> Data {
        var bytes = Self.magic
        ModelBytes.append(UInt32(hashes.count), to: &bytes)
        for hash in hashes { ModelBytes.append(hash, to: &bytes) }
        for value in packed { ModelBytes.append(value, to: &bytes) }
        return Data(bytes)
    }

    /// The classes of `word` as written, else of its lowercase form.
    func classes(of word: String) -> Classes? {
        guard !hashes.isEmpty else { return nil }
        if let found = lookup(FeatureHash.of32(word)) { return found }
        let lower = word.lowercased()
        return lower == word ? nil : lookup(FeatureHash.of32(lower))
    }

    private func lookup(_ hash: UInt32) -> Classes? {
        var low = 0
        var high = hashes.count
        while low < high {
            let middle = (low + high) / 2
            if hashes[middle] < hash { low = middle + 1 } else { high = middle }
        }
        guard low < hashes.count, hashes[low] == hash else { return nil }
        let value = packed[low]
        return Classes(
            fine: UInt16(value & 0x3FF),
            medium: UInt16((value >> 10) & 0xFF),
            coarse: UInt16((value >> 18) & 0x3F)
        )
    }
}

/// A model or cluster file that cannot be read.
struct ModelFormatError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Little-endian reading and writing of the binary files.
enum ModelBytes {
    static func uint32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }

    static func float(_ bytes: [UInt8], at offset: Int) -> Float {
        Float(bitPattern: uint32(bytes, at: offset))
    }

    static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes.append(UInt8(value & 0xFF))
        bytes.append(UInt8((value >> 8) & 0xFF))
        bytes.append(UInt8((value >> 16) & 0xFF))
        bytes.append(UInt8(value >> 24))
    }

    static func append(_ value: Float, to bytes: inout [UInt8]) {
        append(value.bitPattern, to: &bytes)
    }
}
