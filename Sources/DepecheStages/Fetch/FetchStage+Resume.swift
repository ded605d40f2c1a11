import DepecheCore

/// How fetch places the items it emits inside their input, and skips those that an interrupted
/// run committed (docs/resume.md).
///
/// A folder or glob gives each file the mark `.entry(relative path)`; the files are walked in
/// byte-wise order of that path, so "after" is a byte comparison. A JSON Lines file gives each
/// line `.line(number, end offset)` and resumes by seeking to the offset. Items inside an item (the
/// lines of a dump found in a folder) add their mark after the item's.
enum FetchResume {
    enum Decision: Equatable {
        /// Committed by the interrupted run, or not the selected item.
        case skip
        /// To read; items inside it are skipped up to `resumeAfter`, and only `select` is read.
        case read(resumeAfter: InputCursor?, select: [InputCursor]?)
    }

    /// What to do with the file at `relativePath` of a folder or glob walk: skip it when it is not
    /// among the selected items, or was committed by the interrupted run.
    static func decide(entry relativePath: String, resumeAfter: InputCursor?, select: [InputCursor]?) -> Decision {
        let path = Array(relativePath.utf8)
        var inner: [InputCursor]?
        if let select {
            let matching = select.compactMap { cursor -> InputCursor? in
                guard let (first, rest) = cursor.split, case .entry(let wanted) = first, Array(wanted.utf8) == path
                else { return nil }
                return rest
            }
            guard !matching.isEmpty else { return .skip }
            inner = matching.contains(where: \.isEmpty) ? nil : matching
        }
        guard let (first, rest) = resumeAfter?.split, case .entry(let done) = first else {
            return .read(resumeAfter: nil, select: inner)
        }
        let committed = Array(done.utf8)
        if path == committed { return rest.isEmpty ? .skip : .read(resumeAfter: rest, select: inner) }
        return path.lexicographicallyPrecedes(committed) ? .skip : .read(resumeAfter: nil, select: inner)
    }
}

extension FetchResume {
    /// The numbered items (lines, records) a retry selects, each read from a one-mark cursor by
    /// `number`; `nil` when every item is wanted. Throws for a cursor of another kind of input.
    static func selectedNumbers(
        _ select: [InputCursor]?,
        of input: String,
        kind: String,
        number: (InputCursor.Mark) -> Int?
    ) throws(StageFailure) -> Set<Int>? {
        guard let select else { return nil }
        var numbers = Set<Int>()
        for cursor in select {
            guard let (first, rest) = cursor.split, rest.isEmpty, let value = number(first) else {
                throw StageFailure(code: "invalid-input", message: "\(input): '\(cursor)' is not \(kind)")
            }
            numbers.insert(value)
        }
        return numbers
    }

    /// The failure for a resume cursor of another kind of input: the input changed since.
    static func changed(_ input: String, at cursor: InputCursor, kind: String) -> StageFailure {
        StageFailure(
            code: "cannot-resume",
            message: "\(input): the interrupted run stopped at '\(cursor)' of this input, which is not \(kind): the "
                + "input changed since. Run with --restart"
        )
    }
}

extension DocumentEmitter {
    /// An emitter for the items inside the item at `mark`: their cursors start with `mark` (items
    /// emitted without a cursor all share `mark`), and it resumes after `resumeAfter` (relative to
    /// `mark`).
    func inside(_ mark: InputCursor.Mark, resumeAfter: InputCursor?, select: [InputCursor]? = nil) -> DocumentEmitter {
        let parent = self
        return DocumentEmitter(
            position: position,
            resumeAfter: resumeAfter,
            select: select,
            emit: { document, placement in
                try await parent(document, placed: placement.inside(mark))
            },
            fail: { id, source, failure, placement in
                try await parent.fail(id, source: source, failure, placed: placement.inside(mark))
            }
        )
    }
}
