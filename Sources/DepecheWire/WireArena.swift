#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A bump allocator for the C-owned copies that a protobuf-c struct points to while it is packed.
///
/// Packing builds a tree of protobuf-c structs, strings and pointer arrays in one arena, packs
/// it, and drops the arena: every allocation is freed at once in `deinit`. Callers must keep the
/// arena alive across the C call with `withExtendedLifetime(arena)`, because the optimizer may
/// release a class right after its last Swift use.
///
/// Not `Sendable`: an arena is created and destroyed inside one encode call.
final class WireArena {
    /// Size of an ordinary chunk. Requests bigger than `largeThreshold` get their own block.
    private static let chunkSize = 64 * 1024
    private static let largeThreshold = 16 * 1024

    private var blocks: [UnsafeMutableRawPointer] = []
    private var cursor: UnsafeMutableRawPointer?
    private var remaining = 0

    init() {}

    deinit {
        for block in blocks {
            free(block)
        }
    }

    /// Uninitialized memory for `byteCount` bytes aligned to `alignment` (a power of two ≤ 16),
    /// valid until the arena is released.
    func allocate(byteCount: Int, alignment: Int) -> UnsafeMutableRawPointer {
        if byteCount > Self.largeThreshold {
            return newBlock(byteCount: byteCount)
        }
        if let cursor {
            let padding = (alignment - Int(bitPattern: cursor) & (alignment - 1)) & (alignment - 1)
            if padding + byteCount <= remaining {
                let start = cursor + padding
                self.cursor = start + byteCount
                remaining -= padding + byteCount
                return start
            }
        }
        let chunk = newBlock(byteCount: Self.chunkSize)
        cursor = chunk + byteCount
        remaining = Self.chunkSize - byteCount
        return chunk
    }

    /// malloc'd memory (aligned for any type), recorded so that `deinit` frees it.
    private func newBlock(byteCount: Int) -> UnsafeMutableRawPointer {
        // Freed by `deinit`, with every other block of this arena.
        guard let block = malloc(max(byteCount, 1)) else {
            fatalError("DepecheWire: out of memory allocating \(byteCount) bytes")
        }
        blocks.append(block)
        return block
    }

    /// One uninitialized `T`, for a protobuf-c struct that its `__init` function then fills.
    func make<T>(_ type: T.Type) -> UnsafeMutablePointer<T> {
        allocate(byteCount: MemoryLayout<T>.stride, alignment: MemoryLayout<T>.alignment)
            .bindMemory(to: T.self, capacity: 1)
    }

    /// Uninitialized room for `count` elements (`count` > 0).
    func buffer<T>(of type: T.Type, count: Int) -> UnsafeMutableBufferPointer<T> {
        let pointer = allocate(byteCount: MemoryLayout<T>.stride * count, alignment: MemoryLayout<T>.alignment)
            .bindMemory(to: T.self, capacity: count)
        return UnsafeMutableBufferPointer(start: pointer, count: count)
    }

    /// A C array of `count` elements, each produced by `element(index)`; `nil` when `count` is 0,
    /// as protobuf-c expects for an empty repeated field.
    func array<T>(of type: T.Type, count: Int, _ element: (Int) throws -> T) rethrows -> UnsafeMutablePointer<T>? {
        guard count > 0 else { return nil }
        let buffer = buffer(of: T.self, count: count)
        for index in 0..<count {
            buffer.initializeElement(at: index, to: try element(index))
        }
        return buffer.baseAddress
    }

    /// A NUL-terminated UTF-8 copy of `string`. protobuf-c stores strings as C strings, so each
    /// U+0000 is written as U+FFFD (one code point for one, so code-point offsets stay valid).
    func cString(_ string: String) -> UnsafeMutablePointer<CChar> {
        var string = string
        return string.withUTF8 { utf8 in
            let nulCount = utf8.isEmpty ? 0 : Self.countNULs(utf8)
            let destination = allocate(byteCount: utf8.count + 2 * nulCount + 1, alignment: 1)
                .bindMemory(to: UInt8.self, capacity: utf8.count + 2 * nulCount + 1)
            if nulCount == 0 {
                if let source = utf8.baseAddress {
                    destination.initialize(from: source, count: utf8.count)
                }
                destination[utf8.count] = 0
            } else {
                var written = 0
                for byte in utf8 {
                    if byte == 0 {
                        // U+FFFD REPLACEMENT CHARACTER in UTF-8.
                        destination[written] = 0xEF
                        destination[written + 1] = 0xBF
                        destination[written + 2] = 0xBD
                        written += 3
                    } else {
                        destination[written] = byte
                        written += 1
                    }
                }
                destination[written] = 0
            }
            return UnsafeMutableRawPointer(destination).assumingMemoryBound(to: CChar.self)
        }
    }

    /// In UTF-8 the byte 0x00 only ever encodes U+0000.
    private static func countNULs(_ utf8: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = utf8.baseAddress, memchr(base, 0, utf8.count) != nil else { return 0 }
        var count = 0
        for byte in utf8 where byte == 0 {
            count += 1
        }
        return count
    }

    /// A copy of `bytes` for a `bytes` field; `(0, nil)` when empty.
    func bytes(_ bytes: [UInt8]) -> (count: Int, pointer: UnsafeMutablePointer<UInt8>?) {
        guard !bytes.isEmpty else { return (0, nil) }
        let destination = allocate(byteCount: bytes.count, alignment: 1).bindMemory(
            to: UInt8.self,
            capacity: bytes.count
        )
        bytes.withUnsafeBufferPointer { source in
            destination.initialize(from: source.baseAddress!, count: source.count)
        }
        return (bytes.count, destination)
    }
}
