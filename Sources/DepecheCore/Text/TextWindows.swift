/// Cuts a long text into consecutive windows that an analysis stage reads one at a time, so that
/// the memory a document costs is bounded by the window, not by the document.
///
/// Each window holds at most ``limit`` Unicode scalars and ends, by preference, after a blank line,
/// else after a line break, else after a sentence end (`.`, `!` or `?` then a space), else after
/// a space, searched in the window's second half; a text without any of these is cut at the
/// limit. A text within the limit is one window: an ordinary article is read whole, as before.
public struct TextWindows: Sendable {
    /// One window: its text and where it starts in the whole text, in Unicode scalars (the unit
    /// of entity and timex offsets).
    public struct Window: Sendable {
        public var offset: Int
        public var text: String
    }

    /// At most this many Unicode scalars a window.
    public var limit: Int

    /// 200,000 scalars: about 30,000 words, far more than a news article.
    public static let standard = TextWindows(limit: 200_000)

    public init(limit: Int) {
        self.limit = max(2, limit)
    }

    /// What `find` finds in each window of `text`, in order, with offsets into the whole text.
    public func spans<Span: TextSpan>(in text: String, _ find: (String) throws -> [Span]) rethrows -> [Span] {
        var spans: [Span] = []
        for window in windows(of: text) {
            var found = try find(window.text)
            if window.offset > 0 {
                for index in found.indices {
                    found[index].start += window.offset
                    found[index].end += window.offset
                }
            }
            spans += found
        }
        return spans
    }

    /// The windows of `text`, in order; their texts joined give `text` again.
    public func windows(of text: String) -> [Window] {
        let scalars = text.unicodeScalars
        var windows: [Window] = []
        var start = scalars.startIndex
        var offset = 0
        while start < scalars.endIndex {
            guard let hardEnd = scalars.index(start, offsetBy: limit, limitedBy: scalars.endIndex),
                hardEnd < scalars.endIndex
            else {
                let rest = start == scalars.startIndex ? text : String(scalars[start...])
                windows.append(Window(offset: offset, text: rest))
                break
            }
            let cut = Self.cut(scalars, from: start, before: hardEnd, searching: limit / 2)
            windows.append(Window(offset: offset, text: String(scalars[start..<cut])))
            offset += scalars.distance(from: start, to: cut)
            start = cut
        }
        return windows
    }

    /// The best place to end a window that starts at `start` and may not go past `end`: right
    /// after the last separator of the highest rank among the last `span` scalars.
    private static func cut(
        _ scalars: String.UnicodeScalarView,
        from start: String.UnicodeScalarView.Index,
        before end: String.UnicodeScalarView.Index,
        searching span: Int
    ) -> String.UnicodeScalarView.Index {
        // Ranks: 3 a blank line, 2 a line break, 1 a sentence end, 0 a space.
        var best: [String.UnicodeScalarView.Index?] = [nil, nil, nil, nil]
        var index = end
        var seen = 0
        while index > start && seen < span {
            let after = index
            index = scalars.index(before: index)
            seen += 1
            let scalar = scalars[index]
            switch scalar {
            case "\n":
                if best[2] == nil { best[2] = after }
                if best[3] == nil, index > start, scalars[scalars.index(before: index)] == "\n" { best[3] = after }
            case " ", "\t":
                if best[0] == nil { best[0] = after }
                if best[1] == nil, index > start, [".", "!", "?"].contains(scalars[scalars.index(before: index)]) {
                    best[1] = after
                }
            default:
                break
            }
            if best[3] != nil { break }
        }
        return best.reversed().lazy.compactMap { $0 }.first ?? end
    }
}

/// A stretch of a document's text found by a stage, from `start` to `end` in Unicode scalars.
public protocol TextSpan {
    var start: Int { get set }
    var end: Int { get set }
}

extension Entity: TextSpan {}
extension Timex: TextSpan {}
