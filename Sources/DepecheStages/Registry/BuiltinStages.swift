public import DepecheCore
import DepecheDates
import DepecheEntities
import DepecheExport
import DepecheFetch
import DepecheNormalize

extension StageRegistry {
    /// The stages that ship with Depeche, in their usual chain order.
    public static let builtin = StageRegistry([.fetch, .normalize, .dedupe, .entities, .dates, .export])
}
