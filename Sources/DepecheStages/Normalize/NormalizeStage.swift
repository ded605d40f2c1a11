public import DepecheCore

extension StageDescriptor {
    /// The `normalize` stage (work in progress).
    public static let normalize = StageDescriptor(name: "normalize", summary: "(in progress)") { _ in
        throw StageFailure(code: "unavailable", message: "the normalize stage is not built yet")
    }
}
