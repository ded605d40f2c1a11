internal import CProtobufC
internal import DepecheCore
internal import DepecheProtoC

/// Copies an unpacked protobuf-c `Document` tree into Swift values. The C tree is borrowed:
/// its owner frees it with `free_unpacked` after this returns, so no pointer is kept.
enum DocumentUnpacker {
    static func document(_ message: Depeche__V1__Document) -> Document {
        var attributes: [String: String] = [:]
        attributes.reserveCapacity(message.n_attributes)
        for index in 0..<message.n_attributes {
            if let entry = message.attributes[index] {
                // A repeated key keeps the last value, as in every protobuf implementation.
                attributes[String(wireField: entry.pointee.key)] = String(wireField: entry.pointee.value)
            }
        }
        return Document(
            id: String(wireField: message.id),
            source: message.source.map { source($0.pointee) } ?? Source(),
            text: String(wireField: message.text),
            metadata: message.metadata.map { metadata($0.pointee) } ?? Metadata(),
            entities: wireMessages(message.n_entities, message.entities, entity),
            timexes: wireMessages(message.n_timexes, message.timexes, timex),
            annotations: wireMessages(message.n_annotations, message.annotations, annotation),
            attributes: attributes,
            diagnostics: wireMessages(message.n_diagnostics, message.diagnostics, diagnostic),
            provenance: wireMessages(message.n_provenance, message.provenance, provenance)
        )
    }

    private static func source(_ message: Depeche__V1__Source) -> Source {
        var raw: [UInt8] = []
        if message.raw.len > 0, let data = message.raw.data {
            raw = Array(UnsafeBufferPointer(start: data, count: message.raw.len))
        }
        return Source(
            uri: String(wireField: message.uri),
            kind: String(wireField: message.kind),
            fetchedAtMilliseconds: message.fetched_at_ms,
            contentType: String(wireField: message.content_type),
            charset: String(wireField: message.charset),
            raw: raw
        )
    }

    private static func metadata(_ message: Depeche__V1__Metadata) -> Metadata {
        Metadata(
            title: String(wireField: message.title),
            authors: wireStrings(message.n_authors, message.authors),
            published: String(wireField: message.published),
            publishedOrigin: String(wireField: message.published_origin),
            language: String(wireField: message.language),
            siteName: String(wireField: message.site_name),
            canonicalURL: String(wireField: message.canonical_url),
            modified: String(wireField: message.modified),
            titleOrigin: String(wireField: message.title_origin),
            authorsOrigin: String(wireField: message.authors_origin),
            modifiedOrigin: String(wireField: message.modified_origin),
            languageOrigin: String(wireField: message.language_origin),
            siteNameOrigin: String(wireField: message.site_name_origin),
            canonicalURLOrigin: String(wireField: message.canonical_url_origin),
            paywalled: message.paywalled != 0,
            fingerprint: String(wireField: message.fingerprint),
            duplicateOf: String(wireField: message.duplicate_of)
        )
    }

    private static func entity(_ message: Depeche__V1__Entity) -> Entity {
        Entity(
            start: Int(message.start),
            end: Int(message.end),
            text: String(wireField: message.text),
            type: Entity.Kind(message.type),
            label: String(wireField: message.label),
            canonical: String(wireField: message.canonical),
            entityID: String(wireField: message.entity_id),
            confidence: message.confidence
        )
    }

    private static func timex(_ message: Depeche__V1__Timex) -> Timex {
        Timex(
            start: Int(message.start),
            end: Int(message.end),
            text: String(wireField: message.text),
            type: Timex.Kind(message.type),
            value: String(wireField: message.value),
            mod: String(wireField: message.mod)
        )
    }

    private static func annotation(_ message: Depeche__V1__Annotation) -> Annotation {
        var values: [String: String] = [:]
        values.reserveCapacity(message.n_values)
        for index in 0..<message.n_values {
            if let entry = message.values[index] {
                values[String(wireField: entry.pointee.key)] = String(wireField: entry.pointee.value)
            }
        }
        return Annotation(
            label: String(wireField: message.label),
            start: Int(message.start),
            end: Int(message.end),
            values: values,
            stage: String(wireField: message.stage)
        )
    }

    private static func diagnostic(_ message: Depeche__V1__Diagnostic) -> Diagnostic {
        Diagnostic(
            stage: String(wireField: message.stage),
            code: String(wireField: message.code),
            severity: Diagnostic.Severity(message.severity),
            message: String(wireField: message.message)
        )
    }

    private static func provenance(_ message: Depeche__V1__Provenance) -> Provenance {
        Provenance(
            stage: String(wireField: message.stage),
            version: String(wireField: message.version),
            atMilliseconds: message.at_ms
        )
    }
}

// Unspecified, and any value this version does not know (proto3 enums are open), reads as nil.

extension Entity.Kind {
    init?(_ wire: Depeche__V1__EntityType) {
        switch wire {
        case DEPECHE__V1__ENTITY_TYPE__ENTITY_TYPE_PER: self = .person
        case DEPECHE__V1__ENTITY_TYPE__ENTITY_TYPE_ORG: self = .organization
        case DEPECHE__V1__ENTITY_TYPE__ENTITY_TYPE_LOC: self = .location
        case DEPECHE__V1__ENTITY_TYPE__ENTITY_TYPE_MISC: self = .miscellaneous
        default: return nil
        }
    }
}

extension Timex.Kind {
    init?(_ wire: Depeche__V1__TimexType) {
        switch wire {
        case DEPECHE__V1__TIMEX_TYPE__TIMEX_TYPE_DATE: self = .date
        case DEPECHE__V1__TIMEX_TYPE__TIMEX_TYPE_TIME: self = .time
        case DEPECHE__V1__TIMEX_TYPE__TIMEX_TYPE_DURATION: self = .duration
        case DEPECHE__V1__TIMEX_TYPE__TIMEX_TYPE_SET: self = .set
        default: return nil
        }
    }
}

extension Diagnostic.Severity {
    init?(_ wire: Depeche__V1__Severity) {
        switch wire {
        case DEPECHE__V1__SEVERITY__SEVERITY_INFO: self = .info
        case DEPECHE__V1__SEVERITY__SEVERITY_WARNING: self = .warning
        case DEPECHE__V1__SEVERITY__SEVERITY_ERROR: self = .error
        default: return nil
        }
    }
}
