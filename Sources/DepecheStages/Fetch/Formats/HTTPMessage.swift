/// An HTTP response as a WARC `response` record stores it: status line, headers, body.
struct HTTPMessage: Sendable, Hashable {
    struct Failure: Error, Sendable {
        var message: String
    }

    var status: Int
    /// Header names lowercased; a repeated header keeps its last value.
    var headers: [String: String]
    var body: [UInt8]

    init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Parses `bytes`; a chunked body is de-chunked and a gzip `Content-Encoding` decoded
    /// (at most `limit` bytes).
    init(parsing bytes: [UInt8], limit: Int) throws {
        guard let headerEnd = Self.headerEnd(bytes) else {
            throw Failure(message: "no blank line after the HTTP headers")
        }
        let head = String(decoding: bytes[..<headerEnd.start], as: UTF8.self)
        var lines = head.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\r\n" || $0 == "\n" })
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/") else {
            throw Failure(message: "no HTTP status line")
        }
        lines.removeFirst()
        let words = statusLine.split(separator: " ", maxSplits: 2)
        guard words.count >= 2, let status = Int(words[1]) else {
            throw Failure(message: "unreadable HTTP status line '\(statusLine.prefix(80))'")
        }
        self.status = status
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].trimmingASCIISpaces().lowercased()] =
                line[line.index(after: colon)...].trimmingASCIISpaces()
        }
        self.headers = headers
        var body = Array(bytes[headerEnd.end...])
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            body = try Self.dechunk(body)
        }
        if let encoding = headers["content-encoding"]?.lowercased(), encoding == "gzip" || encoding == "x-gzip",
            Gunzip.isGzip(body)
        {
            do {
                body = try Gunzip.decompress(body, limit: limit)
            } catch let error as Gunzip.Failure {
                throw Failure(message: "Content-Encoding gzip: \(error.message)")
            }
        }
        self.body = body
    }

    private static func headerEnd(_ bytes: [UInt8]) -> (start: Int, end: Int)? {
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == 0x0A {
                if bytes[index + 1] == 0x0A { return (index, index + 2) }
                if index + 2 < bytes.count, bytes[index + 1] == 0x0D, bytes[index + 2] == 0x0A {
                    return (index, index + 3)
                }
            }
            index += 1
        }
        return nil
    }

    private static func dechunk(_ bytes: [UInt8]) throws -> [UInt8] {
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let newline = bytes[index...].firstIndex(of: 0x0A) else { break }
            let sizeText =
                String(decoding: bytes[index..<newline], as: UTF8.self)
                .split(separator: ";").first.map { $0.trimmingASCIISpaces() } ?? ""
            guard let size = Int(sizeText, radix: 16) else {
                throw Failure(message: "bad chunk size '\(sizeText.prefix(20))'")
            }
            if size == 0 { break }
            let start = newline + 1
            guard start + size <= bytes.count else { throw Failure(message: "a chunk is cut short") }
            result.append(contentsOf: bytes[start..<start + size])
            index = start + size
            while index < bytes.count, bytes[index] == 0x0D || bytes[index] == 0x0A { index += 1 }
        }
        return result
    }
}
