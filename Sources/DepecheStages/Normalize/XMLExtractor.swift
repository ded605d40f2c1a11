import CLibXML2
import DepecheCore

/// Text and a few metadata of a generic XML document (a feed item, NewsML, TEI, ...).
///
/// An element starts a new line unless it sits in mixed content (its parent has text of its
/// own, as `<b>` in `<p>Some <b>bold</b> text</p>`). References to DTD entities are never
/// expanded: the parser leaves them as nodes and the walk skips them.
enum XMLExtractor {
    private static let titleNames: Set<String> = ["title", "headline", "hl1"]
    private static let publishedNames: Set<String> = [
        "pubdate", "datepublished", "published", "date", "issued", "created", "firstcreated",
    ]

    /// `nil` when libxml2 cannot build a tree at all.
    static func extract(_ xml: String) -> ExtractedContent? {
        guard let document = LibXMLDocument.parseXML(xml),
            let content = document.withRootElement({ walk($0, declaresEntities: document.declaresEntities) })
        else { return nil }
        return content
    }

    private static func walk(_ root: xmlNodePtr, declaresEntities: Bool) -> ExtractedContent {
        var content = ExtractedContent()
        var output: [UInt8] = []
        var skippedEntities = 0
        // For each open element: whether its children are inline (it has text of its own).
        var mixed: [Bool] = []
        content.language = LanguageDetector.primarySubtag(root.attribute("lang") ?? "")

        var node: xmlNodePtr? = root
        while let current = node {
            var descend = false
            if current.isElement {
                if !(mixed.last ?? false) { appendLineBreak(&output) }
                readMetadata(current, into: &content)
                mixed.append(hasOwnText(current))
                descend = true
            } else if current.isText, let text = current.pointee.content {
                // Indentation between block elements is not text.
                if mixed.last ?? false || !isBlank(text) {
                    var index = 0
                    while text[index] != 0 {
                        output.append(text[index])
                        index += 1
                    }
                }
            } else if current.isEntityReference {
                skippedEntities += 1
            }
            if descend, let child = current.pointee.children {
                node = child
                continue
            }
            if descend { leave(&mixed, &output) }
            node = nil
            var cursor = current
            while cursor != root {
                if let next = cursor.pointee.next {
                    node = next
                    break
                }
                guard let parent = cursor.pointee.parent else { break }
                leave(&mixed, &output)
                cursor = parent
            }
        }
        content.text = String(decoding: output, as: UTF8.self)
        if declaresEntities || skippedEntities > 0 {
            var message = "the document's DTD declares entities, which are never expanded"
            if skippedEntities > 0 {
                message +=
                    "; \(skippedEntities) reference\(skippedEntities == 1 ? " was" : "s were") left out of the text"
            }
            content.findings.append(Finding("xml-entities-ignored", .info, message))
        }
        return content
    }

    private static func leave(_ mixed: inout [Bool], _ output: inout [UInt8]) {
        mixed.removeLast()
        if !(mixed.last ?? false) { appendLineBreak(&output) }
    }

    private static func appendLineBreak(_ output: inout [UInt8]) {
        if output.last != 0x0A { output.append(0x0A) }
    }

    /// Whether a child text node holds something other than white space.
    private static func hasOwnText(_ element: xmlNodePtr) -> Bool {
        var child = element.pointee.children
        while let current = child {
            if current.isText, let text = current.pointee.content, !isBlank(text) { return true }
            child = current.pointee.next
        }
        return false
    }

    private static func isBlank(_ text: UnsafePointer<UInt8>) -> Bool {
        var index = 0
        while text[index] != 0 {
            switch text[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return false
            }
        }
        return true
    }

    private static func readMetadata(_ element: xmlNodePtr, into content: inout ExtractedContent) {
        let name = element.name.lowercased()
        if content.title.isEmpty, titleNames.contains(name) {
            content.title = TextCleaner.cleanLine(element.subtreeText(limit: 4096))
            content.titleOrigin = "xml"
        } else if content.published.isEmpty, publishedNames.contains(name),
            let date = DateParser.normalize(element.subtreeText(limit: 256))
        {
            content.published = date
            content.publishedOrigin = "xml"
        }
    }
}
