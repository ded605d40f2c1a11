public import DepecheCore

extension StageDescriptor {
    /// The `entities` stage (work in progress).
    public static let entities = StageDescriptor(name: "entities", summary: "(in progress)") { _ in
        throw StageFailure(code: "unavailable", message: "the entities stage is not built yet")
    }
}
