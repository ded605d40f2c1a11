/// Where an item stands in a run's input: which input it comes from and, inside an input that
/// holds many items (a folder, a JSON Lines dump, a WARC archive, a feed), which item.
///
/// The first stage (fetch) gives each document it emits a cursor; every later stage's output keeps
/// the position of the document it came from. The runner numbers positions in output order
/// (``sequence``), and a run's state records the last position whose every output is committed,
/// so that a resumed run skips what is done and redoes only what was in flight.
public struct RunPosition: Sendable, Hashable, CustomStringConvertible {
    /// The item's place in this process's output order, from 0. Not stable across runs: a resumed
    /// run numbers from 0 again. Used to compare positions while a run goes on.
    public var sequence: UInt64
    /// The index of the input (in the configuration's or the command line's order).
    public var input: Int
    /// The item inside the input; empty for the input as a whole.
    public var cursor: InputCursor
    /// Whether the cursor names exactly one item of the first stage (`emit(document, at:)`), so
    /// that the item can be read again alone; false for items that share a place (the items of a
    /// feed inside a folder's file) or have none.
    public var exact: Bool

    public init(sequence: UInt64 = 0, input: Int, cursor: InputCursor = InputCursor(), exact: Bool = false) {
        self.sequence = sequence
        self.input = input
        self.cursor = cursor
        self.exact = exact
    }

    public var description: String { "input \(input)\(cursor.marks.isEmpty ? "" : ", \(cursor)")" }
}

/// An item's place inside one input: a path of marks, outermost first. A folder's JSON Lines file
/// gives `[.entry("2024/dump.jsonl"), .line(…)]`, a line of a dump given directly `[.line(…)]`.
///
/// Inside one input, cursors come in the order fetch emits the items, so "resume after this
/// cursor" is well defined: ``FetchResume`` in the fetch stage skips every item at or before it.
public struct InputCursor: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Mark: Sendable, Hashable, Codable {
        /// A file of a folder or glob input, by its path relative to the folder (`/`-separated).
        /// Files are walked in byte-wise order of this path.
        case entry(String)
        /// A line of a JSON Lines file: its 1-based number and the byte offset just after it.
        case line(number: Int, end: Int64)
        /// A record of a WARC archive: its 0-based index among the records read, and the byte
        /// offset (in the file as stored, compressed or not) just after it when it is known.
        case record(index: Int, end: Int64?)
        /// An item of a feed or sitemap: its 0-based index and its id (the URL or the feed's id).
        case item(index: Int, id: String)
    }

    public var marks: [Mark]

    public init(_ marks: [Mark] = []) {
        self.marks = marks
    }

    /// The cursor with `mark` added inside it.
    public func appending(_ mark: Mark) -> InputCursor {
        InputCursor(marks + [mark])
    }

    /// The first mark, and the rest of the cursor after it.
    public var split: (first: Mark, rest: InputCursor)? {
        guard let first = marks.first else { return nil }
        return (first, InputCursor(Array(marks.dropFirst())))
    }

    public var isEmpty: Bool { marks.isEmpty }

    /// Reads like `2024/dump.jsonl, line 10,252`.
    public var description: String {
        marks.map { mark in
            switch mark {
            case .entry(let path): path
            case .line(let number, _): "line \(number)"
            case .record(let index, _): "record \(index + 1)"
            case .item(let index, let id): "item \(index + 1) (\(id))"
            }
        }.joined(separator: ", ")
    }
}

extension InputCursor.Mark {
    // A mark is written as a short JSON array in the run state: ["entry","2024/a.html"],
    // ["line",12,4096], ["record",3,1234] (or null for an unknown end), ["item",2,"https://…"].
    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        let kind = try container.decode(String.self)
        switch kind {
        case "entry": self = .entry(try container.decode(String.self))
        case "line": self = .line(number: try container.decode(Int.self), end: try container.decode(Int64.self))
        case "record":
            self = .record(index: try container.decode(Int.self), end: try container.decodeIfPresent(Int64.self))
        case "item": self = .item(index: try container.decode(Int.self), id: try container.decode(String.self))
        default:
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown cursor mark '\(kind)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        switch self {
        case .entry(let path):
            try container.encode("entry")
            try container.encode(path)
        case .line(let number, let end):
            try container.encode("line")
            try container.encode(number)
            try container.encode(end)
        case .record(let index, let end):
            try container.encode("record")
            try container.encode(index)
            if let end { try container.encode(end) } else { try container.encodeNil() }
        case .item(let index, let id):
            try container.encode("item")
            try container.encode(index)
            try container.encode(id)
        }
    }
}

extension InputCursor {
    public init(from decoder: any Decoder) throws {
        marks = try decoder.singleValueContainer().decode([Mark].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(marks)
    }
}
