import CLibXML2
import DepecheCore
import Synchronization

/// An XML element copied out of libxml2 into Swift values: feeds and sitemaps are read from
/// this tree, and no libxml2 pointer leaves this file.
struct XMLElement: Sendable, Hashable {
    /// Local name, as written (`item`, `link`, `publication_date`).
    var name: String
    /// Namespace URI; empty when none.
    var namespace: String
    /// Attributes by local name.
    var attributes: [String: String]
    var children: [XMLElement]
    /// The element's own text and CDATA, concatenated (not its descendants').
    var text: String
    /// The children serialized as XML, kept only for Atom `type="xhtml"` content.
    var markup: String
    /// References to entities of the document's DTD in this element and below: never expanded,
    /// left out of ``text`` (see ``XMLEntityDeclarations``).
    var skippedReferences = 0

    /// The first child with this local name (and namespace, when given).
    func child(_ name: String, namespace: String? = nil) -> XMLElement? {
        children.first { $0.name == name && (namespace == nil || $0.namespace == namespace) }
    }

    func children(_ name: String) -> [XMLElement] {
        children.filter { $0.name == name }
    }

    /// The trimmed text of the first child with this name; empty when there is none.
    func childText(_ name: String, namespace: String? = nil) -> String {
        child(name, namespace: namespace)?.text.trimmingASCIISpaces() ?? ""
    }
}

/// Parses XML with libxml2: no network, no DTD loading, no entity substitution (an entity
/// bomb stays an unexpanded reference, and the DTD's entities are emptied first so that libxml2
/// never checks their expansion), lenient about small errors.
enum XMLTree {
    struct Failure: Error, Sendable {
        var message: String
    }

    /// Trees alive in C right now, for the leak test.
    static let liveDocuments = Atomic<Int>(0)

    private static let options = Int32(
        bitPattern: XML_PARSE_RECOVER.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue
    )

    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// The root element of `bytes`; the encoding comes from the XML declaration (UTF-8 without one).
    static func parse(_ bytes: [UInt8]) throws -> XMLElement {
        _ = initialized
        let bytes = XMLEntityDeclarations.neutralized(bytes) ?? bytes
        let document = bytes.withUnsafeBufferPointer { buffer -> xmlDocPtr? in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    // xmlReadMemory allocates the tree; freed below with xmlFreeDoc.
                    xmlReadMemory($0, Int32(clamping: buffer.count), nil, nil, options)
                }
            }
        }
        guard let document else { throw Failure(message: "not well-formed XML") }
        liveDocuments.add(1, ordering: .relaxed)
        defer {
            xmlFreeDoc(document)
            liveDocuments.subtract(1, ordering: .relaxed)
        }
        guard let root = xmlDocGetRootElement(document) else { throw Failure(message: "the XML has no root element") }
        return element(root, depth: 0)
    }

    private static func element(_ node: xmlNodePtr, depth: Int) -> XMLElement {
        var result = XMLElement(
            name: node.pointee.name.map { String(cString: $0) } ?? "",
            namespace: node.pointee.ns?.pointee.href.map { String(cString: $0) } ?? "",
            attributes: [:],
            children: [],
            text: "",
            markup: ""
        )
        var attribute = node.pointee.properties
        while let current = attribute {
            let name = current.pointee.name.map { String(cString: $0) } ?? ""
            // xmlNodeGetContent allocates; freed right after with xmlFree.
            if let value = xmlNodeGetContent(UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self)) {
                result.attributes[name] = String(cString: value)
                depeche_xml_free(value)
            }
            attribute = current.pointee.next
        }
        if result.attributes["type"] == "xhtml" {
            result.markup = serializedChildren(of: node)
        }
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE where depth < 64:
                let child = element(current, depth: depth + 1)
                result.skippedReferences += child.skippedReferences
                result.children.append(child)
            case XML_ENTITY_REF_NODE:
                result.skippedReferences += 1
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { result.text += String(cString: content) }
            default:
                break
            }
            child = current.pointee.next
        }
        return result
    }

    private static func serializedChildren(of node: xmlNodePtr) -> String {
        // xmlBufferCreate allocates; freed with xmlBufferFree below.
        guard let buffer = xmlBufferCreate() else { return "" }
        defer { xmlBufferFree(buffer) }
        var child = node.pointee.children
        while let current = child {
            xmlNodeDump(buffer, node.pointee.doc, current, 0, 0)
            child = current.pointee.next
        }
        guard let content = xmlBufferContent(buffer) else { return "" }
        return String(cString: content)
    }
}
