import DepecheCore

/// BILOU tags over the four entity types, as small integers.
///
/// Tag 0 is `O` (outside); then each type has `B` (begin), `I` (inside), `L` (last) and `U`
/// (unit, a one-token entity): `1 + 4 × type + position`, types in ``types`` order.
enum EntityTag {
    /// The position of a token inside its entity.
    enum Position: Int {
        case begin = 0
        case inside
        case last
        case unit
    }

    /// The entity types, in tag order.
    static let types: [Entity.Kind] = [.person, .organization, .location, .miscellaneous]
    /// `O` plus four positions for each type.
    static let count = 1 + 4 * types.count
    static let outside = 0

    static func tag(_ position: Position, type: Int) -> Int {
        1 + 4 * type + position.rawValue
    }

    static func position(of tag: Int) -> Position? {
        tag == outside ? nil : Position(rawValue: (tag - 1) % 4)
    }

    static func type(of tag: Int) -> Int {
        (tag - 1) / 4
    }

    static func typeIndex(of kind: Entity.Kind) -> Int {
        types.firstIndex(of: kind) ?? 3
    }

    /// The tag's name, `O` or `B-PER`, for messages and tests.
    static func name(of tag: Int) -> String {
        guard let position = position(of: tag) else { return "O" }
        let letter = ["B", "I", "L", "U"][position.rawValue]
        return "\(letter)-\(types[type(of: tag)].rawValue)"
    }

    /// Whether `next` may follow `previous`; `previous` is -1 at the start of a sentence.
    static func allows(_ previous: Int, _ next: Int) -> Bool {
        let open = previous >= 0 && (position(of: previous) == .begin || position(of: previous) == .inside)
        guard let nextPosition = position(of: next) else { return !open }
        switch nextPosition {
        case .begin, .unit:
            return !open
        case .inside, .last:
            return open && type(of: previous) == type(of: next)
        }
    }

    /// Whether a sentence may end on `tag`.
    static func allowsEnd(_ tag: Int) -> Bool {
        let position = position(of: tag)
        return position == nil || position == .last || position == .unit
    }

    /// The BILOU tags of `count` tokens holding the non-overlapping `spans`.
    static func tags(of spans: [TagSpan], count: Int) -> [UInt8] {
        var tags = [UInt8](repeating: 0, count: count)
        for span in spans where span.start < span.end && span.end <= count {
            if span.end - span.start == 1 {
                tags[span.start] = UInt8(tag(.unit, type: span.type))
                continue
            }
            tags[span.start] = UInt8(tag(.begin, type: span.type))
            for index in span.start + 1..<span.end - 1 {
                tags[index] = UInt8(tag(.inside, type: span.type))
            }
            tags[span.end - 1] = UInt8(tag(.last, type: span.type))
        }
        return tags
    }

    /// The spans of a tag sequence; a malformed sequence (`B` without `L`) is read leniently.
    static func spans(of tags: some Collection<UInt8>) -> [TagSpan] {
        var spans: [TagSpan] = []
        var open: TagSpan?
        for (index, value) in tags.enumerated() {
            let tag = Int(value)
            guard let position = position(of: tag) else {
                if let span = open { spans.append(span) }
                open = nil
                continue
            }
            let type = type(of: tag)
            if position == .begin || position == .unit || open?.type != type {
                if let span = open { spans.append(span) }
                open = TagSpan(start: index, end: index + 1, type: type)
            } else {
                open?.end = index + 1
            }
            if position == .last || position == .unit {
                if let span = open { spans.append(span) }
                open = nil
            }
        }
        if let span = open { spans.append(span) }
        return spans
    }
}

/// Tokens `start..<end` tagged with the type at index `type` of ``EntityTag/types``.
struct TagSpan: Sendable, Hashable {
    var start: Int
    var end: Int
    var type: Int
}
