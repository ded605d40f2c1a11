public import DepecheCore

extension StageDescriptor {
    /// The `fetch` stage (work in progress).
    public static let fetch = StageDescriptor(name: "fetch", summary: "(in progress)") { _ in
        throw StageFailure(code: "unavailable", message: "the fetch stage is not built yet")
    }
}
