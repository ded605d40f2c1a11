import DepecheCore

extension Document {
    /// The CSV export's first line.
    static let csvHeader = Array("id,source,title,published,language,entities,timexes\n".utf8)

    /// One CSV row (RFC 4180 quoting, `\n` line ends): id, source URI, title, published,
    /// language, number of entities, number of timexes.
    var csvRow: [UInt8] {
        var row: [UInt8] = []
        row.reserveCapacity(256)
        for (index, field) in [id, source.uri, metadata.title, metadata.published, metadata.language].enumerated() {
            if index > 0 { row.append(UInt8(ascii: ",")) }
            Self.appendCSVField(field, to: &row)
        }
        row.append(contentsOf: ",\(entities.count),\(timexes.count)\n".utf8)
        return row
    }

    /// Quotes a field holding a comma, a quote or a line break (quotes doubled); others as is.
    static func appendCSVField(_ field: String, to row: inout [UInt8]) {
        let needsQuotes = field.utf8.contains {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D
        }
        guard needsQuotes else {
            row.append(contentsOf: field.utf8)
            return
        }
        row.append(UInt8(ascii: "\""))
        for byte in field.utf8 {
            if byte == UInt8(ascii: "\"") { row.append(byte) }
            row.append(byte)
        }
        row.append(UInt8(ascii: "\""))
    }
}
