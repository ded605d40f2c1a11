/// Finds stored properties that a sample leaves at their default value everywhere.
///
/// Walks a value with `Mirror`: each stored property is named by its path (`entities.label`),
/// through structs, arrays, optionals and enum payloads. A path is covered when at least one
/// occurrence is non-default (non-empty string or collection, non-zero number, non-nil
/// optional). Adding a field to `Document` without filling it in `WireSamples` makes the
/// coverage test fail, and filling it makes the round trip catch a codec that forgets it.
enum FieldCoverage {
    static func uncoveredPaths(of value: Any) -> [String] {
        var all: Set<String> = []
        var covered: Set<String> = []
        walk(value, path: "", all: &all, covered: &covered)
        return all.subtracting(covered).sorted()
    }

    private static func walk(_ value: Any, path: String, all: inout Set<String>, covered: inout Set<String>) {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .struct, .enum:
            for child in mirror.children {
                let childPath = path.isEmpty ? (child.label ?? "?") : path + "." + (child.label ?? "?")
                all.insert(childPath)
                if isSet(child.value) {
                    covered.insert(childPath)
                }
                walk(child.value, path: childPath, all: &all, covered: &covered)
            }
        case .optional:
            if let wrapped = mirror.children.first {
                walk(wrapped.value, path: path, all: &all, covered: &covered)
            }
        case .collection:
            for element in mirror.children where isComposite(element.value) {
                walk(element.value, path: path, all: &all, covered: &covered)
            }
        default:
            break
        }
    }

    private static func isComposite(_ value: Any) -> Bool {
        switch Mirror(reflecting: value).displayStyle {
        case .struct, .enum, .optional: !(value is String)
        default: false
        }
    }

    private static func isSet(_ value: Any) -> Bool {
        switch value {
        case let string as String: return !string.isEmpty
        case let number as Int: return number != 0
        case let number as Int64: return number != 0
        case let number as UInt64: return number != 0
        case let number as Float: return number != 0
        case let bytes as [UInt8]: return !bytes.isEmpty
        case let strings as [String]: return !strings.isEmpty
        case let map as [String: String]: return !map.isEmpty
        default: break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional: return !mirror.children.isEmpty
        case .collection, .dictionary: return !mirror.children.isEmpty
        default: return true
        }
    }
}
