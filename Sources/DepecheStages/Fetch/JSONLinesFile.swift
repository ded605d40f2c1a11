import DepecheCore

/// One JSON Lines file being read: turns each line into a document or a failure.
///
/// A line is an object: `{"id", "text" or "html", "url", "title", "published", "language",
/// "authors", "attributes", "site_name", "canonical_url", "modified"}`. Other fields are ignored,
/// `null` counts as absent.
struct JSONLinesFile: Sendable {
    enum Outcome: Sendable {
        case document(Document)
        case failure(id: String, source: Source, StageFailure)
    }

    static let fields: Set<String> = [
        "id", "text", "html", "url", "title", "published", "language", "authors", "attributes", "site_name",
        "canonical_url", "modified",
    ]

    var path: String
    /// The file's `file://` URL.
    var url: String
    var stem: String

    /// The longest `id` a line may give, in UTF-8 bytes.
    static let maximumIDBytes = 1024

    func fallbackID(line: Int) -> String { "\(stem)-\(line)" }

    func source(line: Int) -> Source { Source(uri: "\(url)#L\(line)", kind: "jsonl") }

    func invalid(line: Int, _ message: String) -> StageFailure {
        StageFailure(code: "invalid-jsonl", message: "\(path):\(line): \(message)")
    }

    func record(_ bytes: [UInt8], line: Int, context: StageContext) -> Outcome {
        let parsed: (fields: [String: JSONValue], repairedUTF8: Bool)
        do {
            parsed = try JSONParser.object(in: bytes, keeping: Self.fields)
        } catch {
            return .failure(
                id: fallbackID(line: line),
                source: source(line: line),
                invalid(line: line, "not a JSON object: \(error.message) at column \(error.column)")
            )
        }
        let fields = parsed.fields
        var id = fallbackID(line: line)
        switch fields["id"] {
        case .string(let value)? where !value.isEmpty: id = value
        case .number(let value)?: id = value
        case nil, .null?, .string?: break
        case let other?:
            return .failure(
                id: id,
                source: source(line: line),
                invalid(line: line, "\"id\" must be a string, not \(other.typeName)")
            )
        }
        guard id.utf8.count <= Self.maximumIDBytes else {
            return .failure(
                id: fallbackID(line: line),
                source: source(line: line),
                invalid(
                    line: line,
                    "\"id\" is \(id.utf8.count) bytes, over the limit of \(Self.maximumIDBytes): an id names a "
                        + "document (a URL, a number, a key), it is not its content"
                )
            )
        }
        do throws(LineProblem) {
            let text = try string("text", fields)
            let html = try string("html", fields)
            guard text != nil || html != nil else {
                throw LineProblem("the record has neither \"text\" nor \"html\": give the article in one of them")
            }
            var document = Document(id: id, text: text ?? "")
            document.source = Source(
                uri: try string("url", fields) ?? "\(url)#L\(line)",
                kind: "jsonl",
                fetchedAtMilliseconds: FetchStage.nowMilliseconds(),
                contentType: html != nil ? ContentType.html : ContentType.plainText,
                raw: Array((html ?? text ?? "").utf8)
            )
            document.metadata.fill(
                origin: "jsonl",
                title: try string("title", fields) ?? "",
                authors: try authors(fields),
                published: try string("published", fields) ?? "",
                modified: try string("modified", fields) ?? "",
                language: try string("language", fields) ?? "",
                siteName: try string("site_name", fields) ?? "",
                canonicalURL: try string("canonical_url", fields) ?? ""
            )
            document.attributes = try attributes(fields)
            if parsed.repairedUTF8 {
                document.diagnostics.append(
                    context.diagnostic(
                        "invalid-utf8",
                        .warning,
                        "\(path):\(line): the line is not valid UTF-8; the bad bytes were replaced by U+FFFD"
                    )
                )
            }
            return .document(document)
        } catch {
            let source = Source(uri: (try? string("url", fields)) ?? "\(url)#L\(line)", kind: "jsonl")
            return .failure(id: id, source: source, invalid(line: line, error.message))
        }
    }

    private struct LineProblem: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    private func string(_ key: String, _ fields: [String: JSONValue]) throws(LineProblem) -> String? {
        switch fields[key] {
        case nil, .null?: nil
        case .string(let value)?: value
        case let other?: throw LineProblem("\"\(key)\" must be a string, not \(other.typeName)")
        }
    }

    private func authors(_ fields: [String: JSONValue]) throws(LineProblem) -> [String] {
        switch fields["authors"] {
        case nil, .null?: return []
        case .array(let values)?:
            var result: [String] = []
            for value in values {
                guard case .string(let name) = value else {
                    throw LineProblem("\"authors\" must be an array of strings, but holds \(value.typeName)")
                }
                result.append(name)
            }
            return result
        case let other?: throw LineProblem("\"authors\" must be an array of strings, not \(other.typeName)")
        }
    }

    /// String values are kept; numbers and booleans are kept as written; nulls are dropped.
    private func attributes(_ fields: [String: JSONValue]) throws(LineProblem) -> [String: String] {
        switch fields["attributes"] {
        case nil, .null?: return [:]
        case .object(let values)?:
            var result: [String: String] = [:]
            for (key, value) in values {
                switch value {
                case .string(let text): result[key] = text
                case .number(let literal): result[key] = literal
                case .bool(let flag): result[key] = flag ? "true" : "false"
                case .null: continue
                case .array, .object:
                    throw LineProblem(
                        "attribute \"\(key)\" must be a string, a number or a boolean, not \(value.typeName)"
                    )
                }
            }
            return result
        case let other?: throw LineProblem("\"attributes\" must be an object, not \(other.typeName)")
        }
    }
}
