internal import CProtobufC
internal import DepecheCore
internal import DepecheProtoC

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds the protobuf-c tree of a `Document`. Every struct, string and array lives in the arena,
/// which frees them all at once; nothing here is freed individually.
struct DocumentPacker {
    let arena: WireArena

    func pack(_ document: Document) throws -> UnsafeMutablePointer<Depeche__V1__Document> {
        let message = arena.make(Depeche__V1__Document.self)
        depeche__v1__document__init(message)
        message.pointee.id = arena.cString(document.id)
        message.pointee.source = pack(document.source)
        message.pointee.text = arena.cString(document.text)
        message.pointee.metadata = pack(document.metadata)

        message.pointee.n_entities = document.entities.count
        message.pointee.entities = try arena.array(
            of: UnsafeMutablePointer<Depeche__V1__Entity>?.self,
            count: document.entities.count
        ) { try pack(document.entities[$0], "document '\(document.id)': entities[\($0)]") }
        message.pointee.n_timexes = document.timexes.count
        message.pointee.timexes = try arena.array(
            of: UnsafeMutablePointer<Depeche__V1__Timex>?.self,
            count: document.timexes.count
        ) { try pack(document.timexes[$0], "document '\(document.id)': timexes[\($0)]") }
        message.pointee.n_annotations = document.annotations.count
        message.pointee.annotations = try arena.array(
            of: UnsafeMutablePointer<Depeche__V1__Annotation>?.self,
            count: document.annotations.count
        ) { try pack(document.annotations[$0], "document '\(document.id)': annotations[\($0)]") }

        let attributes = mapEntries(document.attributes) { key, value in
            let entry = arena.make(Depeche__V1__Document__AttributesEntry.self)
            depeche__v1__document__attributes_entry__init(entry)
            entry.pointee.key = key
            entry.pointee.value = value
            return entry
        } key: {
            $0.key
        }
        message.pointee.n_attributes = attributes.count
        message.pointee.attributes = attributes.pointer

        message.pointee.n_diagnostics = document.diagnostics.count
        message.pointee.diagnostics = arena.array(
            of: UnsafeMutablePointer<Depeche__V1__Diagnostic>?.self,
            count: document.diagnostics.count
        ) { pack(document.diagnostics[$0]) }
        message.pointee.n_provenance = document.provenance.count
        message.pointee.provenance = arena.array(
            of: UnsafeMutablePointer<Depeche__V1__Provenance>?.self,
            count: document.provenance.count
        ) { pack(document.provenance[$0]) }
        return message
    }

    private func pack(_ source: Source) -> UnsafeMutablePointer<Depeche__V1__Source> {
        let message = arena.make(Depeche__V1__Source.self)
        depeche__v1__source__init(message)
        message.pointee.uri = arena.cString(source.uri)
        message.pointee.kind = arena.cString(source.kind)
        message.pointee.fetched_at_ms = source.fetchedAtMilliseconds
        message.pointee.content_type = arena.cString(source.contentType)
        message.pointee.charset = arena.cString(source.charset)
        let raw = arena.bytes(source.raw)
        message.pointee.raw = ProtobufCBinaryData(len: raw.count, data: raw.pointer)
        return message
    }

    private func pack(_ metadata: Metadata) -> UnsafeMutablePointer<Depeche__V1__Metadata> {
        let message = arena.make(Depeche__V1__Metadata.self)
        depeche__v1__metadata__init(message)
        message.pointee.title = arena.cString(metadata.title)
        message.pointee.n_authors = metadata.authors.count
        message.pointee.authors = arena.array(of: UnsafeMutablePointer<CChar>?.self, count: metadata.authors.count) {
            arena.cString(metadata.authors[$0])
        }
        message.pointee.published = arena.cString(metadata.published)
        message.pointee.published_origin = arena.cString(metadata.publishedOrigin)
        message.pointee.language = arena.cString(metadata.language)
        message.pointee.site_name = arena.cString(metadata.siteName)
        message.pointee.canonical_url = arena.cString(metadata.canonicalURL)
        message.pointee.modified = arena.cString(metadata.modified)
        message.pointee.title_origin = arena.cString(metadata.titleOrigin)
        message.pointee.authors_origin = arena.cString(metadata.authorsOrigin)
        message.pointee.modified_origin = arena.cString(metadata.modifiedOrigin)
        message.pointee.language_origin = arena.cString(metadata.languageOrigin)
        message.pointee.site_name_origin = arena.cString(metadata.siteNameOrigin)
        message.pointee.canonical_url_origin = arena.cString(metadata.canonicalURLOrigin)
        message.pointee.paywalled = metadata.paywalled ? 1 : 0
        message.pointee.fingerprint = arena.cString(metadata.fingerprint)
        message.pointee.duplicate_of = arena.cString(metadata.duplicateOf)
        return message
    }

    private func pack(
        _ entity: Entity,
        _ field: @autoclosure () -> String
    ) throws -> UnsafeMutablePointer<Depeche__V1__Entity> {
        let message = arena.make(Depeche__V1__Entity.self)
        depeche__v1__entity__init(message)
        message.pointee.start = try wireUInt32(entity.start, field() + ".start")
        message.pointee.end = try wireUInt32(entity.end, field() + ".end")
        message.pointee.text = arena.cString(entity.text)
        message.pointee.type = Depeche__V1__EntityType(entity.type)
        message.pointee.label = arena.cString(entity.label)
        message.pointee.canonical = arena.cString(entity.canonical)
        message.pointee.entity_id = arena.cString(entity.entityID)
        message.pointee.confidence = entity.confidence
        return message
    }

    private func pack(
        _ timex: Timex,
        _ field: @autoclosure () -> String
    ) throws -> UnsafeMutablePointer<Depeche__V1__Timex> {
        let message = arena.make(Depeche__V1__Timex.self)
        depeche__v1__timex__init(message)
        message.pointee.start = try wireUInt32(timex.start, field() + ".start")
        message.pointee.end = try wireUInt32(timex.end, field() + ".end")
        message.pointee.text = arena.cString(timex.text)
        message.pointee.type = Depeche__V1__TimexType(timex.type)
        message.pointee.value = arena.cString(timex.value)
        message.pointee.mod = arena.cString(timex.mod)
        return message
    }

    private func pack(
        _ annotation: Annotation,
        _ field: @autoclosure () -> String
    ) throws -> UnsafeMutablePointer<Depeche__V1__Annotation> {
        let message = arena.make(Depeche__V1__Annotation.self)
        depeche__v1__annotation__init(message)
        message.pointee.label = arena.cString(annotation.label)
        message.pointee.start = try wireUInt32(annotation.start, field() + ".start")
        message.pointee.end = try wireUInt32(annotation.end, field() + ".end")
        let values = mapEntries(annotation.values) { key, value in
            let entry = arena.make(Depeche__V1__Annotation__ValuesEntry.self)
            depeche__v1__annotation__values_entry__init(entry)
            entry.pointee.key = key
            entry.pointee.value = value
            return entry
        } key: {
            $0.key
        }
        message.pointee.n_values = values.count
        message.pointee.values = values.pointer
        message.pointee.stage = arena.cString(annotation.stage)
        return message
    }

    private func pack(_ diagnostic: Diagnostic) -> UnsafeMutablePointer<Depeche__V1__Diagnostic> {
        let message = arena.make(Depeche__V1__Diagnostic.self)
        depeche__v1__diagnostic__init(message)
        message.pointee.stage = arena.cString(diagnostic.stage)
        message.pointee.code = arena.cString(diagnostic.code)
        message.pointee.severity = Depeche__V1__Severity(diagnostic.severity)
        message.pointee.message = arena.cString(diagnostic.message)
        return message
    }

    private func pack(_ provenance: Provenance) -> UnsafeMutablePointer<Depeche__V1__Provenance> {
        let message = arena.make(Depeche__V1__Provenance.self)
        depeche__v1__provenance__init(message)
        message.pointee.stage = arena.cString(provenance.stage)
        message.pointee.version = arena.cString(provenance.version)
        message.pointee.at_ms = provenance.atMilliseconds
        return message
    }

    /// The entries of a `map<string, string>` field, sorted by the UTF-8 bytes of the key as
    /// written (after U+0000 replacement), so that equal dictionaries give identical bytes
    /// whatever their insertion order. This is also the order of protobuf's deterministic
    /// serialization.
    private func mapEntries<Entry>(
        _ dictionary: [String: String],
        make: (_ key: UnsafeMutablePointer<CChar>, _ value: UnsafeMutablePointer<CChar>) -> UnsafeMutablePointer<Entry>,
        key: (Entry) -> UnsafeMutablePointer<CChar>
    ) -> (count: Int, pointer: UnsafeMutablePointer<UnsafeMutablePointer<Entry>?>?) {
        guard !dictionary.isEmpty else { return (0, nil) }
        var entries = arena.buffer(of: UnsafeMutablePointer<Entry>?.self, count: dictionary.count)
        var index = 0
        for (name, value) in dictionary {
            entries.initializeElement(at: index, to: make(arena.cString(name), arena.cString(value)))
            index += 1
        }
        entries.sort { left, right in strcmp(key(left!.pointee), key(right!.pointee)) < 0 }
        return (dictionary.count, entries.baseAddress)
    }
}

/// A non-negative `Int` as a `uint32` field, or a `valueOutOfRange` error naming `field`.
func wireUInt32(_ value: Int, _ field: @autoclosure () -> String) throws -> UInt32 {
    guard let wire = UInt32(exactly: value) else {
        throw WireError.outOfRange(field(), value, limit: UInt64(UInt32.max))
    }
    return wire
}

extension Depeche__V1__EntityType {
    init(_ kind: Entity.Kind?) {
        switch kind {
        case nil: self = DEPECHE__V1__ENTITY_TYPE__ENTITY_TYPE_UNSPECIFIED
        case .person: self = DEPECHE__V1__ENTITY_TYPE__ENTITY_TYPE_PER
        case .organization: self = DEPECHE__V1__ENTITY_TYPE__ENTITY_TYPE_ORG
        case .location: self = DEPECHE__V1__ENTITY_TYPE__ENTITY_TYPE_LOC
        case .miscellaneous: self = DEPECHE__V1__ENTITY_TYPE__ENTITY_TYPE_MISC
        }
    }
}

extension Depeche__V1__TimexType {
    init(_ kind: Timex.Kind?) {
        switch kind {
        case nil: self = DEPECHE__V1__TIMEX_TYPE__TIMEX_TYPE_UNSPECIFIED
        case .date: self = DEPECHE__V1__TIMEX_TYPE__TIMEX_TYPE_DATE
        case .time: self = DEPECHE__V1__TIMEX_TYPE__TIMEX_TYPE_TIME
        case .duration: self = DEPECHE__V1__TIMEX_TYPE__TIMEX_TYPE_DURATION
        case .set: self = DEPECHE__V1__TIMEX_TYPE__TIMEX_TYPE_SET
        }
    }
}

extension Depeche__V1__Severity {
    init(_ severity: Diagnostic.Severity?) {
        switch severity {
        case nil: self = DEPECHE__V1__SEVERITY__SEVERITY_UNSPECIFIED
        case .info: self = DEPECHE__V1__SEVERITY__SEVERITY_INFO
        case .warning: self = DEPECHE__V1__SEVERITY__SEVERITY_WARNING
        case .error: self = DEPECHE__V1__SEVERITY__SEVERITY_ERROR
        }
    }
}
