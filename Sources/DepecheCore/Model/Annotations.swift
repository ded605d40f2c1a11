/// A named entity mention.
public struct Entity: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case person = "PER"
        case organization = "ORG"
        case location = "LOC"
        case miscellaneous = "MISC"
    }

    /// Code-point offsets into the document's text, half-open.
    public var start: Int
    public var end: Int
    /// Exactly the covered text.
    public var text: String
    /// `nil` only for a value read off the wire with an unspecified type.
    public var type: Kind?
    /// Finer label (`"city"`, `"country"`); empty when none.
    public var label: String
    /// Canonical name shared by every mention of the same real-world entity.
    public var canonical: String
    /// Knowledge-base identifier; empty when unknown.
    public var entityID: String
    /// 0...1; 0 when the stage gives none.
    public var confidence: Float

    public init(
        start: Int,
        end: Int,
        text: String,
        type: Kind?,
        label: String = "",
        canonical: String = "",
        entityID: String = "",
        confidence: Float = 0
    ) {
        self.start = start
        self.end = end
        self.text = text
        self.type = type
        self.label = label
        self.canonical = canonical
        self.entityID = entityID
        self.confidence = confidence
    }
}

/// A temporal expression, following TIMEX3 (ISO-TimeML).
public struct Timex: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case date = "DATE"
        case time = "TIME"
        case duration = "DURATION"
        case set = "SET"
    }

    public var start: Int
    public var end: Int
    public var text: String
    public var type: Kind?
    /// TIMEX3 value: `2025-09-04`, `XXXX-03-15`, `2025-W35`, `P4Y`, `PRESENT_REF`, ...
    public var value: String
    /// TIMEX3 mod (`APPROX`, `START`, `END`, ...); empty when none.
    public var mod: String

    public init(start: Int, end: Int, text: String, type: Kind?, value: String, mod: String = "") {
        self.start = start
        self.end = end
        self.text = text
        self.type = type
        self.value = value
        self.mod = mod
    }
}

/// A labelled span with free key/values, written by a custom stage.
public struct Annotation: Sendable, Hashable {
    public var label: String
    public var start: Int
    public var end: Int
    public var values: [String: String]
    /// The stage that wrote it.
    public var stage: String

    public init(label: String, start: Int, end: Int, values: [String: String] = [:], stage: String = "") {
        self.label = label
        self.start = start
        self.end = end
        self.values = values
        self.stage = stage
    }
}

/// Something a stage noticed about a document that did not stop it.
public struct Diagnostic: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable, CaseIterable {
        case info
        case warning
        case error
    }

    public var stage: String
    /// Stable machine-readable code, such as `invalid-utf8`.
    public var code: String
    /// `nil` only for a value read off the wire with an unspecified severity.
    public var severity: Severity?
    public var message: String

    public init(stage: String, code: String, severity: Severity?, message: String) {
        self.stage = stage
        self.code = code
        self.severity = severity
        self.message = message
    }
}

/// One stage's visit to a document.
public struct Provenance: Sendable, Hashable {
    public var stage: String
    public var version: String
    /// Unix time in milliseconds at which the stage finished with the document.
    public var atMilliseconds: Int64

    public init(stage: String, version: String, atMilliseconds: Int64) {
        self.stage = stage
        self.version = version
        self.atMilliseconds = atMilliseconds
    }
}
