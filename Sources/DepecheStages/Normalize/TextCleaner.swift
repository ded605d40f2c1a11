import Foundation

/// Cleans text for the document: Unicode NFC; line breaks unified (`\r\n`, `\r`, U+2028 → `\n`);
/// runs of spaces and tabs collapsed to one space, every no-break or typographic space
/// (U+00A0, U+202F, U+2000...U+200A, U+3000, ...) read as a plain space; invisible characters
/// (U+0000 and other controls, zero-width space, BOM, soft hyphen, direction marks) dropped;
/// lines trimmed; at most one blank line between paragraphs; no blank line at either end.
///
/// Works on UTF-8 bytes in one pass, so a 50 MB text costs about as much as copying it.
enum TextCleaner {
    /// What a character does to the output.
    private enum Effect {
        case visible(length: Int)
        case space
        case newline(count: Int)
        case drop(length: Int)
    }

    static func clean(_ text: String) -> String {
        clean(text, singleLine: false)
    }

    /// The same, with every line break read as a space: for titles, names and meta values.
    static func cleanLine(_ text: some StringProtocol) -> String {
        clean(String(text), singleLine: true)
    }

    private static func clean(_ text: String, singleLine: Bool) -> String {
        var text = text
        var maybeNotNFC = false
        let cleaned: [UInt8] = text.withUTF8 { bytes in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            var pendingSpace = false
            var pendingNewlines = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                // Fast path: a printable ASCII character with nothing pending.
                if byte > 0x20, byte < 0x7F, !pendingSpace, pendingNewlines == 0 {
                    output.append(byte)
                    index += 1
                    continue
                }
                let effect = classify(bytes, at: index)
                switch effect {
                case .visible(let length):
                    if !output.isEmpty {
                        if pendingNewlines > 0 {
                            output.append(0x0A)
                            if pendingNewlines > 1 { output.append(0x0A) }
                        } else if pendingSpace {
                            output.append(0x20)
                        }
                    }
                    pendingSpace = false
                    pendingNewlines = 0
                    if length == 1 {
                        output.append(bytes[index])
                    } else {
                        if !maybeNotNFC { maybeNotNFC = !isKnownNFCStable(bytes, at: index, length: length) }
                        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<(index + length)]))
                    }
                    index += length
                case .space:
                    pendingSpace = true
                    index += spaceLength(bytes, at: index)
                case .newline(let count):
                    if singleLine {
                        pendingSpace = true
                    } else {
                        pendingNewlines += count
                    }
                    index += newlineLength(bytes, at: index)
                case .drop(let length):
                    index += length
                }
            }
            return output
        }
        let result = String(decoding: cleaned, as: UTF8.self)
        return maybeNotNFC ? result.precomposedStringWithCanonicalMapping : result
    }

    /// The effect of the character starting at `index` (the input is valid UTF-8).
    private static func classify(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Effect {
        let lead = bytes[index]
        switch lead {
        case 0x20, 0x09: return .space
        case 0x0A, 0x0B, 0x0C, 0x0D: return .newline(count: 1)
        case 0x00..<0x20, 0x7F: return .drop(length: 1)
        case 0x21..<0x7F: return .visible(length: 1)
        default: break
        }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard index + length <= bytes.count else { return .drop(length: bytes.count - index) }
        let second = bytes[index + 1]
        switch (lead, length) {
        case (0xC2, _):
            switch second {
            case 0x85: return .newline(count: 1)  // NEXT LINE
            case 0x80...0x9F, 0xAD: return .drop(length: 2)  // C1 controls, soft hyphen
            case 0xA0: return .space  // NO-BREAK SPACE
            default: return .visible(length: 2)
            }
        case (0xE1, _) where second == 0x9A && bytes[index + 2] == 0x80:
            return .space  // OGHAM SPACE MARK
        case (0xE2, _) where second == 0x80:
            switch bytes[index + 2] {
            case 0x80...0x8A, 0xAF: return .space  // EN QUAD...HAIR SPACE, NARROW NO-BREAK SPACE
            case 0x8B, 0x8E, 0x8F, 0xAA...0xAE: return .drop(length: 3)  // zero width space, direction marks
            case 0xA8: return .newline(count: 1)  // LINE SEPARATOR
            case 0xA9: return .newline(count: 2)  // PARAGRAPH SEPARATOR
            default: return .visible(length: 3)
            }
        case (0xE2, _) where second == 0x81:
            switch bytes[index + 2] {
            case 0x9F: return .space  // MEDIUM MATHEMATICAL SPACE
            case 0xA0...0xA4, 0xA6...0xAF: return .drop(length: 3)  // word joiner, invisible operators, isolates
            default: return .visible(length: 3)
            }
        case (0xE3, _) where second == 0x80 && bytes[index + 2] == 0x80:
            return .space  // IDEOGRAPHIC SPACE
        case (0xEF, _) where second == 0xBB && bytes[index + 2] == 0xBF:
            return .drop(length: 3)  // ZERO WIDTH NO-BREAK SPACE (a stray BOM)
        default:
            return .visible(length: length)
        }
    }

    private static func spaceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        return lead < 0x80 ? 1 : lead >= 0xE0 ? 3 : 2
    }

    /// `\r\n` counts as one line break.
    private static func newlineLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        if lead == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { return 2 }
        return lead < 0x80 ? 1 : lead >= 0xE0 ? 3 : 2
    }

    /// Whether a multibyte character is certainly left unchanged by NFC, whatever surrounds it:
    /// everything below U+0300 (Latin letters with their accents), general punctuation (quotes,
    /// dashes, ellipsis) and currency signs. Anything else sends the text through Foundation's NFC.
    private static func isKnownNFCStable(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, length: Int) -> Bool {
        let lead = bytes[index]
        if length == 2 { return lead < 0xCC }
        guard length == 3, lead == 0xE2 else { return false }
        let second = bytes[index + 1]
        let third = bytes[index + 2]
        switch second {
        case 0x80: return third >= 0x90  // U+2010...U+203F
        case 0x81: return third <= 0x9E  // U+2040...U+205E
        case 0x82: return third >= 0xA0  // U+20A0...U+20BF
        default: return false
        }
    }
}
