/// Makes the entities an XML document declares in its internal DTD subset harmless before libxml2
/// reads it: every general entity keeps its name but loses its value (`<!ENTITY c "">`), and the
/// rest of the subset (parameter entities, element and attribute declarations) is dropped.
///
/// Without this, libxml2 still checks a declared entity's replacement text when the document
/// refers to it, even with substitution off; a small nested entity that expands to a few
/// kilobytes trips its amplification guard, which halts the parser and silently loses everything
/// after the reference (the rest of an article, every later item of a feed). With empty values,
/// a reference stays an unexpanded entity-reference node the readers skip and count, and the text
/// around it is kept.
public enum XMLEntityDeclarations {
    /// `bytes` with its internal subset rewritten, or `nil` when the document has no internal
    /// subset (nothing to change). Works on ASCII-compatible encodings (UTF-8, ISO-8859-*).
    public static func neutralized(_ bytes: some RandomAccessCollection<UInt8>) -> [UInt8]? {
        let bytes = Array(bytes)
        guard let subset = internalSubset(of: bytes) else { return nil }
        var rewritten = Array("[".utf8)
        for name in subset.entities {
            rewritten += Array("<!ENTITY ".utf8) + name + Array(" \"\">".utf8)
        }
        rewritten += Array("]".utf8)
        return Array(bytes[..<subset.range.lowerBound]) + rewritten + Array(bytes[subset.range.upperBound...])
    }

    /// The range of the internal subset, from `[` to `]` included, and the names of the general
    /// entities it declares.
    static func internalSubset(of bytes: [UInt8]) -> (range: Range<Int>, entities: [[UInt8]])? {
        var scanner = Scanner(bytes: bytes)
        // The prolog: a byte order mark, the XML declaration, comments, processing instructions.
        scanner.skip(Array([0xEF, 0xBB, 0xBF]))
        while true {
            scanner.skipSpaces()
            if scanner.skip(Array("<?".utf8)) {
                guard scanner.skip(past: Array("?>".utf8)) else { return nil }
            } else if scanner.skip(Array("<!--".utf8)) {
                guard scanner.skip(past: Array("-->".utf8)) else { return nil }
            } else {
                break
            }
        }
        guard scanner.skip(Array("<!DOCTYPE".utf8)) else { return nil }
        // The name and external identifier, up to `[` (a subset) or `>` (none).
        while let byte = scanner.peek() {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                guard scanner.skipQuoted() else { return nil }
            case UInt8(ascii: ">"):
                return nil
            case UInt8(ascii: "["):
                return subset(&scanner)
            default:
                scanner.index += 1
            }
        }
        return nil
    }

    private static func subset(_ scanner: inout Scanner) -> (range: Range<Int>, entities: [[UInt8]])? {
        let start = scanner.index
        scanner.index += 1
        var entities: [[UInt8]] = []
        while let byte = scanner.peek() {
            switch byte {
            case UInt8(ascii: "]"):
                return (start..<(scanner.index + 1), entities)
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                guard scanner.skipQuoted() else { return nil }
            case UInt8(ascii: "<"):
                if scanner.skip(Array("<!--".utf8)) {
                    guard scanner.skip(past: Array("-->".utf8)) else { return nil }
                } else if scanner.skip(Array("<?".utf8)) {
                    guard scanner.skip(past: Array("?>".utf8)) else { return nil }
                } else if scanner.skip(Array("<!ENTITY".utf8)) {
                    scanner.skipSpaces()
                    if scanner.peek() != UInt8(ascii: "%"), let name = scanner.name(),
                        !entities.contains(name)
                    {
                        entities.append(name)
                    }
                } else {
                    scanner.index += 1
                }
            default:
                scanner.index += 1
            }
        }
        return nil
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        func peek() -> UInt8? {
            index < bytes.count ? bytes[index] : nil
        }

        mutating func skipSpaces() {
            while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
            }
        }

        /// Skips `literal` when the bytes at the index start with it.
        @discardableResult
        mutating func skip(_ literal: [UInt8]) -> Bool {
            guard bytes.count - index >= literal.count, bytes[index..<(index + literal.count)].elementsEqual(literal)
            else { return false }
            index += literal.count
            return true
        }

        /// Skips to just after the next `terminator`; false when there is none.
        mutating func skip(past terminator: [UInt8]) -> Bool {
            while index < bytes.count {
                if skip(terminator) { return true }
                index += 1
            }
            return false
        }

        /// Skips a quoted literal starting at the index; false when it is not closed.
        mutating func skipQuoted() -> Bool {
            let quote = bytes[index]
            index += 1
            while let byte = peek() {
                index += 1
                if byte == quote { return true }
            }
            return false
        }

        /// An XML name (ASCII name characters, any byte of a multi-byte character), or nil.
        mutating func name() -> [UInt8]? {
            let start = index
            while let byte = peek(),
                byte >= 0x80 || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
                    || byte == UInt8(ascii: ":")
            {
                index += 1
            }
            return index > start ? Array(bytes[start..<index]) : nil
        }
    }
}
