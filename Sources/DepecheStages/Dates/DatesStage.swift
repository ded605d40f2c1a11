public import DepecheCore

extension StageDescriptor {
    /// The `dates` stage (work in progress).
    public static let dates = StageDescriptor(name: "dates", summary: "(in progress)") { _ in
        throw StageFailure(code: "unavailable", message: "the dates stage is not built yet")
    }
}
