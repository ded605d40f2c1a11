import ArgumentParser
import DepecheCore
import DepecheStages

struct Stages: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the built-in stages with their options and defaults."
    )

    func run() {
        var text = ""
        for descriptor in StageRegistry.builtin.descriptors {
            text += "\(descriptor.name): \(descriptor.summary)\n"
            if descriptor.options.isEmpty {
                text += "    (no options)\n"
            }
            for option in descriptor.options {
                let fallback = option.defaultValue.map { " (default: \($0))" } ?? ""
                text += "    \(option.name): \(option.typeDescription)\(fallback)\n        \(option.help)\n"
            }
            text += "\n"
        }
        text += "Every stage also takes 'concurrency' (documents processed at once). See docs/configuration.md.\n"
        print(text, terminator: "")
    }
}
