/// Looks at the first bytes of an input: binary formats to refuse, and which parser suits it.
enum ContentSniffer {
    /// How the stage reads a document.
    enum Kind: Sendable, Hashable {
        case html
        case xml
        case plainText
    }

    /// Magic numbers of common binary formats, with the name used in the failure message.
    private static let signatures: [(prefix: [UInt8], offset: Int, name: String)] = [
        (Array("%PDF-".utf8), 0, "a PDF document"),
        ([0x50, 0x4B, 0x03, 0x04], 0, "a ZIP archive (or an Office/OpenDocument file)"),
        ([0x50, 0x4B, 0x05, 0x06], 0, "an empty ZIP archive"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], 0, "a PNG image"),
        (Array("GIF87a".utf8), 0, "a GIF image"),
        (Array("GIF89a".utf8), 0, "a GIF image"),
        ([0xFF, 0xD8, 0xFF], 0, "a JPEG image"),
        (Array("RIFF".utf8), 0, "a RIFF media file (WAV, AVI or WebP)"),
        ([0x1F, 0x8B], 0, "a gzip archive"),
        (Array("BZh91AY&SY".utf8), 0, "a bzip2 archive"),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], 0, "an xz archive"),
        ([0x28, 0xB5, 0x2F, 0xFD], 0, "a zstd archive"),
        ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], 0, "a 7-Zip archive"),
        (Array("Rar!".utf8) + [0x1A, 0x07], 0, "a RAR archive"),
        ([0x7F, 0x45, 0x4C, 0x46], 0, "an ELF executable"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], 0, "an old Microsoft Office document"),
        (Array("SQLite format 3".utf8), 0, "an SQLite database"),
        (Array("OggS".utf8) + [0x00], 0, "an Ogg media file"),
        (Array("ID3".utf8) + [0x03], 0, "an MP3 sound"),
        (Array("ID3".utf8) + [0x04], 0, "an MP3 sound"),
        (Array("ftyp".utf8), 4, "an MP4/QuickTime media file"),
        (Array("wOFF".utf8), 0, "a WOFF font"),
        (Array("wOF2".utf8), 0, "a WOFF2 font"),
        ([0x00, 0x61, 0x73, 0x6D], 0, "a WebAssembly module"),
        ([0xCA, 0xFE, 0xBA, 0xBE], 0, "a Java class or Mach-O file"),
    ]

    /// What kind of binary file `bytes` looks like, or `nil` when it may be text.
    ///
    /// `skipControlCheck` is set for UTF-16 input (found by BOM or declared), whose ASCII
    /// characters come with NUL bytes.
    static func binaryKind(of bytes: [UInt8], skipControlCheck: Bool = false) -> String? {
        for signature in signatures where bytes.count >= signature.offset + signature.prefix.count {
            if bytes[signature.offset..<(signature.offset + signature.prefix.count)].elementsEqual(signature.prefix) {
                return signature.name
            }
        }
        if skipControlCheck { return nil }
        let head = bytes.prefix(1024)
        var controls = 0
        for byte in head {
            switch byte {
            case 0x00: return "binary data (NUL bytes in the first kilobyte)"
            // Tab, line feed, vertical tab, form feed, carriage return, and ESC (ISO-2022 text).
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B: continue
            case 0x01..<0x20, 0x7F: controls += 1
            default: continue
            }
        }
        if !head.isEmpty, controls * 10 > head.count {
            return "binary data (\(controls) control characters in the first \(head.count) bytes)"
        }
        return nil
    }

    /// UTF-16 without a BOM: in the first bytes, NULs on one parity only, next to ASCII.
    /// Returns `"utf-16le"`, `"utf-16be"` or `nil`.
    static func bomlessUTF16(_ bytes: [UInt8]) -> String? {
        let count = min(bytes.count, 512) & ~1
        guard count >= 8 else { return nil }
        var evenZeros = 0
        var oddZeros = 0
        for index in stride(from: 0, to: count, by: 2) {
            if bytes[index] == 0 { evenZeros += 1 }
            if bytes[index + 1] == 0 { oddZeros += 1 }
        }
        let pairs = count / 2
        if oddZeros * 10 >= pairs * 7, evenZeros == 0 { return "utf-16le" }
        if evenZeros * 10 >= pairs * 7, oddZeros == 0 { return "utf-16be" }
        return nil
    }

    /// Chooses the parser from the declared content type and, when it says nothing useful, the
    /// first characters of the decoded text. XML whose root is `<html>` is read as HTML.
    static func kind(contentType: String, text: String) -> Kind {
        let type = contentType.lowercased()
        switch type {
        case "text/html", "application/xhtml+xml":
            return .html
        case "text/plain":
            return .plainText
        case "text/xml", "application/xml":
            return hasHTMLRoot(text) ? .html : .xml
        default:
            if type.hasSuffix("+xml") { return hasHTMLRoot(text) ? .html : .xml }
            let head = lowercasedHead(text)
            if head.hasPrefix("<?xml") { return hasHTMLRoot(text) ? .html : .xml }
            if head.hasPrefix("<") && looksLikeHTML(text) { return .html }
            return .plainText
        }
    }

    /// XML that is really XHTML: `<html` or an HTML doctype near the start.
    private static func hasHTMLRoot(_ text: String) -> Bool {
        let head = lowercasedHead(text)
        return head.contains("<!doctype html") || head.contains("<html")
    }

    private static func lowercasedHead(_ text: String) -> String {
        var head = Substring(text.prefix(1024))
        while let first = head.first, first.isWhitespace || first == "\u{FEFF}" { head.removeFirst() }
        return head.lowercased()
    }

    /// `<!doctype html`, `<html`, `<head` or `<body` near the start.
    private static func looksLikeHTML(_ text: String) -> Bool {
        let head = lowercasedHead(text)
        return head.contains("<!doctype html") || head.contains("<html") || head.contains("<head")
            || head.contains("<body")
    }
}
