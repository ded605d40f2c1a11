import DepecheCore
import Foundation

/// `depeche run --retry-failures`: the failures the last run of a configuration recorded, as the
/// inputs of a new run.
///
/// A failure that knows its item's place (`"at"`: a folder's file, a JSON Lines line, a WARC
/// record) is read again from exactly there, in one pass over its input with the other failed items
/// of that input. An input that failed as a whole (`"after"`) is read again after the last item
/// that went through. Any other failure (an item of a feed) is read again from its source (the path
/// or URL it failed on). The retry run continues the published export: its lines stay, and the items
/// that now go through are appended; the failures file is replaced by the failures of the retry.
struct FailureRetry {
    var failuresPath: String
    /// The failures read (some may share an input).
    var failures = 0
    var inputs: [PipelineConfiguration.Input] = []
    var plans: [SeedPlan] = []

    init(configuration: PipelineConfiguration, workingDirectory: String) throws(StageFailure) {
        guard let output = configuration.output else {
            throw StageFailure(
                code: "nothing-to-retry",
                message: "--retry-failures needs the run's output (output: in the configuration, or --output)"
            )
        }
        failuresPath = Pipeline.failuresPath(forOutput: output, workingDirectory: workingDirectory)
        guard let data = FileManager.default.contents(atPath: failuresPath) else {
            throw StageFailure(
                code: "nothing-to-retry",
                message: "\(failuresPath): there is no failures file to retry; run the configuration first"
            )
        }
        let configured = Dictionary(configuration.inputs.map { ($0.written, $0) }, uniquingKeysWith: { a, _ in a })
        // Items of one input are read in one pass: one seed per input with all its selected items.
        var selectedByInput: [String: Int] = [:]
        var sources = Set<String>()
        for (number, line) in data.split(separator: 0x0A).enumerated() {
            guard let record = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                let source = record["source"] as? String
            else {
                throw StageFailure(
                    code: "nothing-to-retry",
                    message: "\(failuresPath):\(number + 1): not a failure record written by depeche"
                )
            }
            failures += 1
            let input = record["input"] as? String ?? ""
            let resolved = configured[input] ?? PathResolver.input(input, relativeTo: workingDirectory)
            if !input.isEmpty, let at = record["at"] as? [Any] {
                let cursor = InputCursor(at.compactMap(Self.mark))
                if let index = selectedByInput[input] {
                    plans[index].select?.append(cursor)
                } else {
                    selectedByInput[input] = inputs.count
                    inputs.append(resolved)
                    plans.append(SeedPlan(select: [cursor]))
                }
            } else if !input.isEmpty, let after = record["after"] as? [Any] {
                inputs.append(resolved)
                plans.append(SeedPlan(after: InputCursor(after.compactMap(Self.mark))))
            } else if sources.insert(source).inserted {
                inputs.append(PathResolver.input(source, relativeTo: workingDirectory))
                plans.append(SeedPlan())
            }
        }
        guard !inputs.isEmpty else {
            throw StageFailure(code: "nothing-to-retry", message: "\(failuresPath) lists no failure: nothing to retry")
        }
    }

    /// A cursor mark read back from the failures file (`["line",12,4096]`).
    static func mark(_ value: Any) -> InputCursor.Mark? {
        guard let array = value as? [Any], let kind = array.first as? String else { return nil }
        let rest = Array(array.dropFirst())
        switch (kind, rest.count) {
        case ("entry", 1): return (rest[0] as? String).map { .entry($0) }
        case ("line", 2):
            guard let number = rest[0] as? Int, let end = rest[1] as? Int else { return nil }
            return .line(number: number, end: Int64(end))
        case ("record", 2):
            guard let index = rest[0] as? Int else { return nil }
            return .record(index: index, end: (rest[1] as? Int).map(Int64.init))
        case ("item", 2):
            guard let index = rest[0] as? Int, let id = rest[1] as? String else { return nil }
            return .item(index: index, id: id)
        default: return nil
        }
    }

    /// Makes the published files the committed start of this run: each export's file is copied to
    /// its partial file and the retried items are appended after it. Returns the state's tokens.
    func continuePublishedOutputs(_ outputs: [any DurableOutput]) throws(StageFailure) -> [String: String] {
        var tokens: [String: String] = [:]
        for output in outputs {
            tokens[output.path] = "0"
            guard let file = output as? AtomicFileWriter, file.path != failuresPath,
                FileManager.default.fileExists(atPath: file.path)
            else { continue }
            do {
                try? FileManager.default.removeItem(atPath: file.partialPath)
                try FileManager.default.copyItem(atPath: file.path, toPath: file.partialPath)
                let size = try FileManager.default.attributesOfItem(atPath: file.partialPath)[.size] as? Int ?? 0
                tokens[output.path] = String(size)
            } catch {
                throw StageFailure(
                    code: "write-failed",
                    message: "\(file.partialPath): cannot copy \(file.path) to continue it: "
                        + "\(FileErrorText.describe(error)); check the folder and the free space"
                )
            }
        }
        return tokens
    }
}
