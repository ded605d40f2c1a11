import DepecheCore
import Foundation

extension Document {
    /// Writes the document as the export's JSON object, keys in this fixed order:
    /// `id`, `source` (`uri`, `kind`, `content_type`), `title`, `published`, `published_origin`,
    /// `modified`, `language`, `authors`, `site_name`, `canonical_url`, `origins`, `paywalled`, `fingerprint`,
    /// `duplicate_of`, `text`, `entities`, `timexes`, `annotations`, `attributes`, `diagnostics`.
    ///
    /// Optional entity and timex members (`label`, `entity_id`, `confidence`, `mod`) are left out
    /// when empty; maps are written with sorted keys; no timestamp is written, so the same
    /// document always gives the same bytes.
    func writeExportJSON(to json: inout JSONLineWriter, includeText: Bool, includeRaw: Bool) {
        json.beginObject()
        json.field("id", id)
        json.key("source")
        json.object { json in
            json.field("uri", source.uri)
            json.field("kind", source.kind)
            json.field("content_type", source.contentType)
            if includeRaw {
                if let text = String(validating: source.raw, as: UTF8.self) {
                    json.field("raw", text)
                } else {
                    json.field("raw_base64", Data(source.raw).base64EncodedString())
                }
            }
        }
        json.field("title", metadata.title)
        json.field("published", metadata.published)
        json.field("published_origin", metadata.publishedOrigin)
        json.field("modified", metadata.modified)
        json.field("language", metadata.language)
        json.field("authors", metadata.authors)
        json.field("site_name", metadata.siteName)
        json.field("canonical_url", metadata.canonicalURL)
        json.field("origins", metadata.origins)
        json.field("paywalled", metadata.paywalled)
        json.field("fingerprint", metadata.fingerprint)
        json.field("duplicate_of", metadata.duplicateOf)
        if includeText { json.field("text", text) }
        json.key("entities")
        json.array { json in
            for entity in entities { entity.writeExportJSON(to: &json) }
        }
        json.key("timexes")
        json.array { json in
            for timex in timexes { timex.writeExportJSON(to: &json) }
        }
        json.key("annotations")
        json.array { json in
            for annotation in annotations {
                json.object { json in
                    json.field("label", annotation.label)
                    json.field("start", annotation.start)
                    json.field("end", annotation.end)
                    json.field("stage", annotation.stage)
                    json.field("values", annotation.values)
                }
            }
        }
        json.field("attributes", attributes)
        json.key("diagnostics")
        json.diagnostics(diagnostics)
        json.endObject()
    }
}

extension Metadata {
    /// The non-empty origins of the metadata fields other than `published` (which has its own
    /// `published_origin` key), keyed by the export's field names.
    var origins: [String: String] {
        let pairs = [
            ("title", titleOrigin), ("authors", authorsOrigin), ("modified", modifiedOrigin),
            ("language", languageOrigin), ("site_name", siteNameOrigin), ("canonical_url", canonicalURLOrigin),
        ]
        return Dictionary(uniqueKeysWithValues: pairs.filter { !$0.1.isEmpty })
    }
}

extension JSONLineWriter {
    /// The members every exported span starts with: `start`, `end`, `text`, `type`.
    fileprivate mutating func spanFields(start: Int, end: Int, text: String, type: String?) {
        field("start", start)
        field("end", end)
        field("text", text)
        field("type", type ?? "")
    }
}

extension Entity {
    func writeExportJSON(to json: inout JSONLineWriter) {
        json.object { json in
            json.spanFields(start: start, end: end, text: text, type: type?.rawValue)
            json.field("canonical", canonical)
            if !label.isEmpty { json.field("label", label) }
            if !entityID.isEmpty { json.field("entity_id", entityID) }
            if confidence != 0, confidence.isFinite { json.field("confidence", confidence) }
        }
    }
}

extension Timex {
    func writeExportJSON(to json: inout JSONLineWriter) {
        json.object { json in
            json.spanFields(start: start, end: end, text: text, type: type?.rawValue)
            json.field("value", value)
            if !mod.isEmpty { json.field("mod", mod) }
        }
    }
}
