extension PipelineConfiguration {
    /// What a run's output depends on, one fact a line: the inputs, the output, the reference date
    /// and every stage with its options and how it runs. A run is resumed only under the same
    /// fingerprint. Concurrency (`concurrency`, `in_flight`) is left out: it changes the speed, not
    /// the output, so it may change between an interrupted run and its resumption.
    public var fingerprint: String {
        var lines: [String] = []
        for input in inputs {
            lines.append("input: \(input.resolved)")
        }
        lines.append("output: \(output ?? "-")")
        lines.append("reference_date: \(referenceDate ?? "-")")
        if let shard {
            lines.append("shard: \(shard)")
        }
        for stage in stages {
            var line = "stage: \(stage.name)"
            let options = stage.options.values.sorted { $0.key < $1.key }
            if !options.isEmpty {
                line += " options: " + options.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            }
            if let process = stage.process {
                // A remote stage's servers may change between two runs: they are not part of it.
                line +=
                    " process: "
                    + (process.command.map { $0.joined(separator: " ") }
                        ?? (process.remote == nil ? "isolate" : "remote"))
                let environment = process.environment.sorted { $0.key < $1.key }
                if !environment.isEmpty {
                    line += " env: " + environment.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
                }
                line += " cwd: \(process.workingDirectory ?? "-")"
                line += " timeout: \(process.timeout) restarts: \(process.restarts)"
                line += " max_frame_bytes: \(process.maxFrameBytes) options: \(process.optionsJSON)"
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// The first fact that differs between two fingerprints, as `(before, now)`; `nil` when equal.
    public static func firstDifference(_ before: String, _ now: String) -> (before: String, now: String)? {
        guard before != now else { return nil }
        let old = before.split(separator: "\n", omittingEmptySubsequences: false)
        let new = now.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(old.count, new.count) {
            let a = index < old.count ? String(old[index]) : "(nothing)"
            let b = index < new.count ? String(new[index]) : "(nothing)"
            if a != b { return (a, b) }
        }
        return nil
    }
}
