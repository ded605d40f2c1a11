extension JSONLineWriter {
    /// Writes `[{"stage","code","severity","message"}, …]`: a document's diagnostics as the export and
    /// the store write them.
    public mutating func diagnostics(_ diagnostics: [Diagnostic]) {
        array { json in
            for diagnostic in diagnostics {
                json.object { json in
                    json.field("stage", diagnostic.stage)
                    json.field("code", diagnostic.code)
                    json.field("severity", diagnostic.severity?.rawValue ?? "")
                    json.field("message", diagnostic.message)
                }
            }
        }
    }
}
