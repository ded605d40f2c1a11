#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// A Swift copy of a string field of an unpacked protobuf-c message.
    ///
    /// protobuf-c does not validate UTF-8, so invalid sequences are repaired to U+FFFD here.
    /// `NULL` (never produced by protobuf-c for a proto3 string, but cheap to accept) reads as "".
    /// The pointer is borrowed: it belongs to the unpacked message.
    init(wireField pointer: UnsafePointer<CChar>?) {
        guard let pointer else {
            self = ""
            return
        }
        let length = strlen(pointer)
        self = UnsafeRawPointer(pointer).withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
            String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self)
        }
    }
}

/// Swift copies of a repeated string field (`count` pointers at `pointers`), borrowed.
func wireStrings(_ count: Int, _ pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> [String] {
    guard count > 0, let pointers else { return [] }
    return (0..<count).map { String(wireField: pointers[$0]) }
}

/// Swift copies of a repeated message field, one `transform` per non-NULL element, borrowed.
func wireMessages<C, T>(
    _ count: Int,
    _ pointers: UnsafeMutablePointer<UnsafeMutablePointer<C>?>?,
    _ transform: (C) throws -> T
) rethrows -> [T] {
    guard count > 0, let pointers else { return [] }
    var result: [T] = []
    result.reserveCapacity(count)
    for index in 0..<count {
        if let element = pointers[index] {
            result.append(try transform(element.pointee))
        }
    }
    return result
}
