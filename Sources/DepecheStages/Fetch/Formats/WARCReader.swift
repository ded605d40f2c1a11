/// One WARC record: its named fields and its block (empty when skipped).
struct WARCRecord: Sendable, Hashable {
    /// Field names lowercased: `warc-type`, `warc-target-uri`, `warc-date`, `content-type`, ...
    var fields: [String: String]
    var block: [UInt8]
    /// The block's declared length; the block is left unread (empty) when it is over the limit.
    var length: Int
    /// The record's offset in the (decompressed) archive, for messages.
    var offset: Int

    var type: String { fields["warc-type"]?.lowercased() ?? "" }
    var targetURI: String { fields["warc-target-uri"].map { $0.trimmingCharacters(in: "<>") } ?? "" }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}

/// Reads WARC records one at a time from a stream of chunks (a file or an HTTP body), gzip or
/// not (a `.warc.gz` is one gzip member per record, or one for all). Only the current record
/// is held in memory; a block over `maximumBlockBytes` is skipped without being kept.
struct WARCReader {
    struct Failure: Error, Sendable {
        var message: String
    }

    private let next: () async throws -> [UInt8]?
    private let maximumBlockBytes: Int
    private var gunzip: Gunzip?
    private var decided = false
    private var buffer: [UInt8] = []
    private var position = 0
    private var ended = false
    /// Bytes of the decompressed archive consumed before `buffer[0]`.
    private var consumed = 0

    /// `next` gives the archive's next chunk, `nil` at the end.
    init(maximumBlockBytes: Int, next: @escaping () async throws -> [UInt8]?) {
        self.maximumBlockBytes = maximumBlockBytes
        self.next = next
    }

    /// The next record, or `nil` at the end of the archive.
    mutating func nextRecord() async throws -> WARCRecord? {
        // Blank lines between records are tolerated.
        while true {
            guard try await fill(1) else { return nil }
            if buffer[position] == 0x0D || buffer[position] == 0x0A {
                position += 1
            } else {
                break
            }
        }
        let offset = consumed + position
        guard let versionLine = try await line(), versionLine.hasPrefix("WARC/") else {
            throw Failure(message: "no WARC record at byte \(offset) (expected a 'WARC/1.x' line)")
        }
        var fields: [String: String] = [:]
        while let field = try await line(), !field.isEmpty {
            guard let colon = field.firstIndex(of: ":") else { continue }
            fields[field[..<colon].trimmingASCIISpaces().lowercased()] =
                field[field.index(after: colon)...].trimmingASCIISpaces()
        }
        guard let length = fields["content-length"].flatMap(Int.init), length >= 0 else {
            throw Failure(message: "the WARC record at byte \(offset) has no valid Content-Length")
        }
        var record = WARCRecord(fields: fields, block: [], length: length, offset: offset)
        if length <= maximumBlockBytes {
            guard try await fill(length) else { throw truncated(offset) }
            record.block = Array(buffer[position..<position + length])
            position += length
        } else {
            var remaining = length
            while remaining > 0 {
                guard try await fill(1) else { throw truncated(offset) }
                let step = min(remaining, buffer.count - position)
                position += step
                remaining -= step
            }
        }
        return record
    }

    private func truncated(_ offset: Int) -> Failure {
        Failure(message: "the WARC record at byte \(offset) is cut short (the archive ends inside it)")
    }

    /// A line without its CR LF; `nil` at the end of the archive.
    private mutating func line() async throws -> String? {
        var searched = position
        while true {
            if let newline = buffer[searched...].firstIndex(of: 0x0A) {
                var end = newline
                if end > position, buffer[end - 1] == 0x0D { end -= 1 }
                let text = String(decoding: buffer[position..<end], as: UTF8.self)
                position = newline + 1
                return text
            }
            let scanned = buffer.count - position
            guard scanned < 1 << 20 else {
                throw Failure(message: "a WARC header line longer than 1 MiB at byte \(consumed + position)")
            }
            guard try await fill(scanned + 1) else {
                if position < buffer.count { throw truncated(consumed + position) }
                return nil
            }
            searched = position + scanned
        }
    }

    /// Makes at least `count` bytes available after `position`; false when the archive ends first.
    private mutating func fill(_ count: Int) async throws -> Bool {
        while buffer.count - position < count {
            if position > 0, position >= buffer.count / 2 {
                consumed += position
                buffer.removeFirst(position)
                position = 0
            }
            guard !ended, let chunk = try await next() else {
                ended = true
                if let gunzip, !gunzip.isAtMemberBoundary {
                    throw Failure(message: "the gzip stream of the archive is cut short")
                }
                return false
            }
            if !decided {
                decided = true
                if Gunzip.isGzip(chunk) { gunzip = try Gunzip() }
            }
            if let gunzip {
                do {
                    try gunzip.decompress(chunk, into: &buffer)
                } catch let error as Gunzip.Failure {
                    throw Failure(message: error.message)
                }
            } else {
                buffer.append(contentsOf: chunk)
            }
        }
        return true
    }
}
