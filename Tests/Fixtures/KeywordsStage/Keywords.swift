import DepecheStageKit

/// Marks each occurrence of the configured words as a `keyword` annotation.
@main struct Keywords: StageProgram {
    static let name = "keywords"
    static let version = "1.0.0"
    let words: [[Unicode.Scalar]]

    init(options: StageProgramOptions) throws {
        words = (try options.strings("words") ?? []).map { Array($0.unicodeScalars) }.filter { !$0.isEmpty }
    }

    func process(_ document: inout Document) throws {
        guard !document.text.isEmpty else {
            throw StageFailure(code: "invalid-input", message: "the document has no text; run normalize first")
        }
        let text = Array(document.text.unicodeScalars)  // offsets count code points
        for word in words where word.count <= text.count {
            for start in 0...(text.count - word.count) where text[start..<(start + word.count)].elementsEqual(word) {
                let keyword = Annotation(label: "keyword", start: start, end: start + word.count, stage: Self.name)
                document.annotations.append(keyword)
            }
        }
    }
}
