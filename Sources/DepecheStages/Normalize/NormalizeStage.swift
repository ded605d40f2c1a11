public import DepecheCore

extension StageDescriptor {
    /// The `normalize` stage: raw bytes (HTML, XML, text) or given text → clean text and metadata.
    public static let normalize = StageDescriptor(
        name: "normalize",
        summary: "Turns HTML, XML or plain text into clean NFC text with title, authors, dates, site and language.",
        options: NormalizeOptions.specs
    ) { setup in
        NormalizeStage(options: NormalizeOptions(setup.options))
    }
}

/// Decodes `source.raw` (or takes the given `text`), extracts the visible text and metadata,
/// cleans the text, finds the language, and drops the raw bytes unless `keep_raw` is set.
///
/// Metadata that the input already carries (a JSONL `title`, `published`, `language`) is kept;
/// only empty fields are filled.
struct NormalizeStage: DocumentTransform {
    let name = "normalize"
    let version = "0.1.0"
    let options: NormalizeOptions

    func transform(_ document: inout Document, context: StageContext) throws {
        var findings: [Finding] = []
        let kind: ContentSniffer.Kind
        var content: ExtractedContent
        if !document.source.raw.isEmpty {
            (kind, content) = try extract(document.source, findings: &findings)
        } else if !document.text.isEmpty {
            try checkSize(document.text.utf8.count)
            kind = .plainText
            content = ExtractedContent(text: document.text)
        } else {
            document.diagnostics.append(
                context.diagnostic("empty-document", .warning, "the document has neither bytes nor text")
            )
            document.text = ""
            return
        }
        findings += content.findings

        let text = TextCleaner.clean(content.text)
        let language = chooseLanguage(
            document.metadata.language,
            given: document.metadata.languageOrigin,
            declared: (content.language, content.languageOrigin),
            text: text
        )
        if kind == .plainText {
            let header = PlainTextHeader.read(
                text,
                titleFromFirstLine: options.titleFromFirstLine,
                dayFirst: language.0 == "en" ? nil : true
            )
            content.merge(header)
        }
        content.title = TextCleaner.cleanLine(content.title)
        document.metadata.fillEmptyFields(from: content)
        (document.metadata.language, document.metadata.languageOrigin) = language
        document.metadata.paywalled = document.metadata.paywalled || content.paywalled
        document.metadata.fingerprint = Fingerprint.simHash(text)
        document.text = text
        if text.isEmpty {
            findings.append(Finding("empty-document", .warning, "no visible text was found in the document"))
        }
        if !options.keepRaw { document.source.raw = [] }
        document.diagnostics += findings.map { context.diagnostic($0.code, $0.severity, $0.message) }
    }

    /// Decodes and parses the raw bytes.
    private func extract(
        _ source: Source,
        findings: inout [Finding]
    ) throws -> (ContentSniffer.Kind, ExtractedContent) {
        let bytes = source.raw
        try checkSize(bytes.count)
        let bom = ByteDecoder.byteOrderMark(bytes)
        let transportCharset = Charset.canonicalName(source.charset)
        let utf16 =
            bom?.charset.hasPrefix("utf-16") == true || transportCharset?.hasPrefix("utf-16") == true
            || ContentSniffer.bomlessUTF16(bytes) != nil
        if let binary = ContentSniffer.binaryKind(of: bytes, skipControlCheck: utf16) {
            throw StageFailure(
                code: "binary-content",
                message: "the document looks like \(binary), not text; normalize reads HTML, XML and plain text"
            )
        }
        var declarations: [ByteDecoder.Declaration] = []
        if !source.charset.isEmpty {
            declarations.append(.init(label: source.charset, origin: "the source's charset"))
        } else if bom == nil, let guessed = ContentSniffer.bomlessUTF16(bytes) {
            declarations.append(.init(label: guessed, origin: "the byte pattern"))
        }
        let type = source.contentType.lowercased()
        if type != "text/plain" {
            if type != "text/html", let encoding = CharsetSniffer.xmlDeclarationEncoding(bytes) {
                declarations.append(.init(label: encoding, origin: "the XML declaration"))
            }
            if let charset = CharsetSniffer.htmlMetaCharset(bytes) {
                declarations.append(.init(label: charset, origin: "a <meta> tag"))
            }
        }
        let decoded = ByteDecoder.decode(bytes, declarations: declarations)
        findings += decoded.findings

        let kind = ContentSniffer.kind(contentType: source.contentType, text: decoded.text)
        switch kind {
        case .plainText:
            return (kind, ExtractedContent(text: decoded.text))
        case .html:
            if let content = HTMLExtractor.extract(decoded.text, url: source.uri, maximumElements: options.maxElements)
            {
                return (kind, content)
            }
            findings.append(Finding("unparsable-markup", .warning, "the HTML could not be parsed; read as text"))
            return (.plainText, ExtractedContent(text: decoded.text))
        case .xml:
            if let content = XMLExtractor.extract(decoded.text) { return (kind, content) }
            if let content = HTMLExtractor.extract(decoded.text, url: source.uri, maximumElements: options.maxElements)
            {
                findings.append(Finding("unparsable-markup", .warning, "the XML could not be parsed; read as HTML"))
                return (.html, content)
            }
            findings.append(Finding("unparsable-markup", .warning, "the XML could not be parsed; read as text"))
            return (.plainText, ExtractedContent(text: decoded.text))
        }
    }

    private func checkSize(_ count: Int) throws {
        guard count > options.maxBytes else { return }
        throw StageFailure(
            code: "too-large",
            message:
                "the document is \(grouped(count)) bytes, over the normalize limit of \(grouped(options.maxBytes)); "
                + "raise the normalize option max_bytes to process it"
        )
    }

    /// The input's own language wins, then a declared one (`<html lang>`), then the `language`
    /// option, then detection; with where it came from.
    private func chooseLanguage(
        _ given: String,
        given origin: String,
        declared: (value: String, origin: String),
        text: String
    ) -> (String, String) {
        if !given.isEmpty {
            return (LanguageDetector.primarySubtag(given).nonEmpty ?? given, origin.nonEmpty ?? "input")
        }
        if !declared.value.isEmpty { return (declared.value, declared.origin) }
        if options.language != "auto" { return (options.language, "option") }
        let detected = LanguageDetector.detect(text)
        return (detected, detected.isEmpty ? "" : "detected")
    }
}

extension ExtractedContent {
    /// Fills empty fields from `other` (the plain-text header of the same document).
    mutating func merge(_ other: ExtractedContent) {
        if title.isEmpty, !other.title.isEmpty { (title, titleOrigin) = (other.title, other.titleOrigin) }
        if authors.isEmpty, !other.authors.isEmpty { (authors, authorsOrigin) = (other.authors, other.authorsOrigin) }
        if published.isEmpty, !other.published.isEmpty {
            published = other.published
            publishedOrigin = other.publishedOrigin
        }
        if modified.isEmpty, !other.modified.isEmpty {
            (modified, modifiedOrigin) = (other.modified, other.modifiedOrigin)
        }
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}

/// `20000000` → `20,000,000`.
func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (index, digit) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
        result.append(digit)
    }
    return value < 0 ? "-" + result : result
}
