import CLibXML2
import DepecheCore
import Synchronization

/// Owns one libxml2 document tree and frees it in `deinit`. It is created, walked and dropped
/// inside a single extraction call: neither it nor any node pointer leaves this folder.
final class LibXMLDocument {
    private let document: xmlDocPtr

    /// Documents alive right now, for the tests that check nothing leaks.
    static let liveCount = Atomic<Int>(0)

    private init(_ document: xmlDocPtr) {
        self.document = document
        Self.liveCount.add(1, ordering: .relaxed)
    }

    deinit {
        xmlFreeDoc(document)
        Self.liveCount.subtract(1, ordering: .relaxed)
    }

    /// `xmlInitParser` must run once before parsing on several threads; never undone
    /// (`xmlCleanupParser` would break FoundationXML, which shares the library).
    private static let parserInitialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// Lenient HTML parsing of text we already decoded: no network, no error output, the
    /// document's own charset declaration ignored. `XML_PARSE_HUGE` lifts the depth limit (256,
    /// beyond which libxml2 drops the rest of the page) and the 10 MB text-node limit; HTML has
    /// no DTD entities, so it opens no expansion attack.
    private static let htmlOptions = Int32(
        bitPattern: HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue
            | XML_PARSE_HUGE.rawValue
    )

    /// XML parsing without entity substitution (`XML_PARSE_NOENT` off), without loading a DTD,
    /// without network: references to DTD entities stay unexpanded nodes that the walk skips, so
    /// an entity bomb costs nothing.
    private static let xmlOptions = Int32(
        bitPattern: XML_PARSE_RECOVER.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue
            | XML_PARSE_IGNORE_ENC.rawValue
    )

    static func parseHTML(_ text: String) -> LibXMLDocument? {
        parse(text) { base, count in
            // htmlReadMemory allocates the tree; LibXMLDocument.deinit frees it with xmlFreeDoc.
            htmlReadMemory(base, count, nil, "UTF-8", htmlOptions)
        }
    }

    static func parseXML(_ text: String) -> LibXMLDocument? {
        // The DTD's entities emptied first: libxml2 would otherwise check their expansion and
        // halt on a small nested entity, losing the rest of the document.
        let text =
            XMLEntityDeclarations.neutralized(Array(text.utf8)).map { String(decoding: $0, as: UTF8.self) } ?? text
        return parse(text) { base, count in
            // xmlReadMemory allocates the tree; LibXMLDocument.deinit frees it with xmlFreeDoc.
            xmlReadMemory(base, count, nil, "UTF-8", xmlOptions)
        }
    }

    private static func parse(
        _ text: String,
        _ read: (UnsafePointer<CChar>, Int32) -> xmlDocPtr?
    ) -> LibXMLDocument? {
        _ = parserInitialized
        var text = text
        return text.withUTF8 { buffer -> LibXMLDocument? in
            guard let base = buffer.baseAddress, buffer.count > 0, buffer.count < Int(Int32.max) else { return nil }
            let document = base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                read($0, Int32(buffer.count))
            }
            return document.map(LibXMLDocument.init)
        }
    }

    /// The root element, valid while `self` is alive.
    var rootElement: xmlNodePtr? {
        xmlDocGetRootElement(document)
    }

    /// Whether the document's internal DTD declares entities (which are never expanded here).
    var declaresEntities: Bool {
        withExtendedLifetime(self) { document.pointee.intSubset?.pointee.entities != nil }
    }

    /// Calls `body` with the root element while keeping the document alive.
    func withRootElement<Result>(_ body: (xmlNodePtr) -> Result) -> Result? {
        withExtendedLifetime(self) {
            rootElement.map(body)
        }
    }
}

/// Borrowed views of libxml2 nodes; valid only while their document is alive.
extension UnsafeMutablePointer where Pointee == xmlNode {
    var isElement: Bool { pointee.type == XML_ELEMENT_NODE }
    var isText: Bool { pointee.type == XML_TEXT_NODE || pointee.type == XML_CDATA_SECTION_NODE }
    var isEntityReference: Bool { pointee.type == XML_ENTITY_REF_NODE }

    /// A text node holding only ASCII white space.
    var isBlankText: Bool {
        guard isText, let content = pointee.content else { return false }
        var index = 0
        while content[index] != 0 {
            switch content[index] {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0C: index += 1
            default: return false
            }
        }
        return true
    }

    /// The element's name (lowercase for HTML), without a namespace prefix.
    var name: String {
        pointee.name.map { String(cString: $0) } ?? ""
    }

    /// The value of attribute `name` (compared as given: libxml2's HTML parser lowercases names).
    func attribute(_ name: StaticString) -> String? {
        findAttribute(name).map { Self.concatenatedText(of: $0.pointee.children) }
    }

    /// Whether the element has attribute `name`, whatever its value.
    func hasAttribute(_ name: StaticString) -> Bool {
        findAttribute(name) != nil
    }

    private func findAttribute(_ name: StaticString) -> xmlAttrPtr? {
        var attribute = pointee.properties
        while let current = attribute {
            if let attributeName = current.pointee.name, Self.equals(attributeName, name) { return current }
            attribute = current.pointee.next
        }
        return nil
    }

    /// Compares a NUL-terminated libxml2 string with an ASCII literal, without building a String.
    private static func equals(_ string: UnsafePointer<UInt8>, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        let bytes = literal.utf8Start
        for index in 0..<count where string[index] != bytes[index] { return false }
        return string[count] == 0
    }

    /// The text of the node's subtree: text and CDATA only, entity references left out.
    /// Walks without recursion; `limit` bounds the bytes read (a text cut there may end inside a
    /// character, which decoding repairs).
    func subtreeText(limit: Int = 1 << 20) -> String {
        var bytes: [UInt8] = []
        var node = pointee.children
        while let current = node, bytes.count < limit {
            if current.isText, let content = current.pointee.content {
                // A single text node may be larger than the limit: it is cut there.
                let maximum = limit - bytes.count
                var count = 0
                while count < maximum, content[count] != 0 { count += 1 }
                bytes.append(contentsOf: UnsafeBufferPointer(start: content, count: count))
            }
            node = current.next(within: self, descending: current.isElement)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The node after this one in document order inside `root`'s subtree: its first child when
    /// `descending` and it has one, else its next sibling or an ancestor's; `nil` at the end.
    func next(within root: xmlNodePtr, descending: Bool) -> xmlNodePtr? {
        if descending, let child = pointee.children { return child }
        var cursor = self
        while cursor != root {
            if let next = cursor.pointee.next { return next }
            guard let parent = cursor.pointee.parent else { return nil }
            cursor = parent
        }
        return nil
    }

    /// Text content of an attribute's value nodes.
    private static func concatenatedText(of first: xmlNodePtr?) -> String {
        guard let first else { return "" }
        if first.pointee.next == nil, let content = first.pointee.content { return String(cString: content) }
        var result = ""
        var node: xmlNodePtr? = first
        while let current = node {
            if let content = current.pointee.content { result += String(cString: content) }
            node = current.pointee.next
        }
        return result
    }
}

/// `strlen` for libxml2's unsigned `xmlChar` strings.
private func strlen(_ string: UnsafePointer<UInt8>) -> Int {
    var length = 0
    while string[length] != 0 { length += 1 }
    return length
}
