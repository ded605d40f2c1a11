public import DepecheCore

extension StageDescriptor {
    /// The `export` stage (work in progress).
    public static let export = StageDescriptor(name: "export", summary: "(in progress)") { _ in
        throw StageFailure(code: "unavailable", message: "the export stage is not built yet")
    }
}
