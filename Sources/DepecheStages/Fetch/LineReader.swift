#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file line by line through a fixed buffer, so a file of any size streams in constant
/// memory (plus the longest line, which is bounded by ``maximumLineBytes``).
///
/// Lines end with `\n`; a `\r` before it is dropped, and so is a UTF-8 byte order mark at the
/// start of the file. A last line without `\n` counts.
struct LineReader {
    enum Line {
        case text([UInt8])
        /// A line longer than the limit: its bytes were skipped, not kept.
        case tooLong(byteCount: Int)
    }

    let handle: FileSystem.ReadHandle
    let maximumLineBytes: Int
    /// The 1-based number of the line returned last.
    private(set) var lineNumber = 0
    /// The byte offset in the file just after the line returned last (after its `\n`).
    private(set) var endOffset: Int64 = 0
    /// The file offset of `buffer[0]`.
    private var bufferOffset: Int64 = 0
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var pending: [UInt8] = []
    /// Bytes of the current line already skipped because it is too long; `nil` when not skipping.
    private var skipped: Int?
    private var atEndOfFile = false

    init(handle: FileSystem.ReadHandle, maximumLineBytes: Int, bufferSize: Int = 1 << 20) {
        self.handle = handle
        self.maximumLineBytes = maximumLineBytes
        self.buffer = [UInt8](repeating: 0, count: bufferSize)
    }

    /// A reader that starts at byte `offset`, just after line `lineNumber` (to resume a file
    /// read before). Throws when the file is shorter than `offset` or cannot seek.
    init(
        handle: FileSystem.ReadHandle,
        maximumLineBytes: Int,
        resumingAt offset: Int64,
        lineNumber: Int,
        bufferSize: Int = 1 << 20
    ) throws(FileSystemError) {
        self.init(handle: handle, maximumLineBytes: maximumLineBytes, bufferSize: bufferSize)
        let size = try handle.status().size
        guard Int64(size) >= offset, lseek(handle.descriptor, off_t(offset), SEEK_SET) == offset else {
            throw FileSystemError(path: handle.path, errorNumber: EINVAL)
        }
        self.lineNumber = lineNumber
        self.endOffset = offset
        self.bufferOffset = offset
    }

    /// The next line, or `nil` at the end of the file.
    mutating func next() throws(FileSystemError) -> Line? {
        while true {
            if start < end {
                let newline = buffer.withUnsafeBytes { raw -> Int? in
                    guard let found = memchr(raw.baseAddress! + start, 0x0A, end - start) else { return nil }
                    return raw.baseAddress!.distance(to: UnsafeRawPointer(found))
                }
                if let newline {
                    let line = take(upTo: newline)
                    start = newline + 1
                    endOffset = bufferOffset + Int64(start)
                    return line
                }
                keep(start..<end)
                start = end
            }
            if atEndOfFile {
                guard !pending.isEmpty || skipped != nil else { return nil }
                endOffset = bufferOffset + Int64(end)
                return take(upTo: end)
            }
            try refill()
        }
    }

    /// Finishes the current line with `buffer[start..<upTo]`.
    private mutating func take(upTo index: Int) -> Line {
        lineNumber += 1
        if let count = skipped {
            skipped = nil
            return .tooLong(byteCount: count + index - start)
        }
        let total = pending.count + index - start
        guard total <= maximumLineBytes + 1 else {
            pending.removeAll()
            return .tooLong(byteCount: total)
        }
        var line = pending
        pending = []
        line.append(contentsOf: buffer[start..<index])
        if line.last == 0x0D { line.removeLast() }
        if lineNumber == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
        guard line.count <= maximumLineBytes else { return .tooLong(byteCount: total) }
        return .text(line)
    }

    /// Keeps the start of a line that continues in the next read, or counts it when too long.
    private mutating func keep(_ range: Range<Int>) {
        if let count = skipped {
            skipped = count + range.count
        } else if pending.count + range.count > maximumLineBytes + 1 {
            skipped = pending.count + range.count
            pending = []
        } else {
            pending.append(contentsOf: buffer[range])
        }
    }

    private mutating func refill() throws(FileSystemError) {
        let handle = self.handle
        let (count, errorNumber) = buffer.withUnsafeMutableBytes { FileSystem.read(handle.descriptor, $0) }
        guard count >= 0 else { throw FileSystemError(path: handle.path, errorNumber: errorNumber) }
        bufferOffset += Int64(end)
        start = 0
        end = count
        atEndOfFile = count == 0
    }
}
