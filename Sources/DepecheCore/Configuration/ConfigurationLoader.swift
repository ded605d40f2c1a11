import Foundation
import Yams

/// Reads a YAML pipeline configuration and checks every key against the stage registry.
///
/// ```yaml
/// inputs: [seeds/]
/// reference_date: 2025-09-04      # optional
/// output: out/seeds.jsonl
/// stages:
///   - fetch
///   - stage: normalize
///     concurrency: 2
///     options: { language: fr }
///   - export
/// ```
///
/// All problems are reported at once, each as `file:line:column: message`, with a suggestion
/// for a likely typo. Relative paths are resolved against the configuration file's folder.
public struct ConfigurationLoader: Sendable {
    public static let topLevelKeys = ["inputs", "reference_date", "output", "stages"]
    public static let stageKeys = [
        "stage", "concurrency", "options", "run", "isolate", "remote", "env", "cwd", "timeout", "in_flight",
        "restarts", "max_frame_bytes", "ca_file",
    ]
    /// Keys that only make sense for a stage in child processes or on gRPC servers.
    static let processKeys: Set = ["env", "cwd", "timeout", "in_flight", "restarts", "max_frame_bytes", "ca_file"]
    /// Keys of a stage in child processes that a remote stage cannot have.
    static let childOnlyKeys: Set = ["env", "cwd"]

    public var registry: StageRegistry
    /// Whether configured inputs must exist. The command line turns it off when `--input`
    /// replaces them.
    public var checksInputs: Bool

    public init(registry: StageRegistry, checksInputs: Bool = true) {
        self.registry = registry
        self.checksInputs = checksInputs
    }

    /// Loads the configuration at `path` (relative to the working directory).
    public func load(path: String) throws -> PipelineConfiguration {
        let absolute = PathResolver.absolute(path, relativeTo: FileManager.default.currentDirectoryPath)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
            throw ConfigurationError([
                .init(
                    "configuration file '\(path)' does not exist; pass the path of a YAML file (see README.md)",
                    at: nil,
                    suggestion: PathResolver.closestSibling(of: absolute).map { PathResolver.display($0, like: path) }
                )
            ])
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: absolute) else {
            throw ConfigurationError([.init("'\(path)' is not a readable file", at: nil)])
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ConfigurationError([.init("'\(path)' is not valid UTF-8 text", at: nil)])
        }
        return try parse(text, file: path, directory: (absolute as NSString).deletingLastPathComponent)
    }

    /// Parses configuration text. `file` names it in messages; `directory` anchors relative paths.
    public func parse(_ text: String, file: String, directory: String) throws -> PipelineConfiguration {
        var checker = Checker(registry: registry, file: file, directory: directory)
        checker.checksInputs = checksInputs
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigurationError([checker.problem(from: error)])
        } catch {
            throw ConfigurationError([
                .init("invalid YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
            ])
        }
        var configuration = checker.configuration(from: root)
        configuration.file = PathResolver.absolute(file, relativeTo: FileManager.default.currentDirectoryPath)
        let problems = checker.problems + configuration.chainErrors
        if !problems.isEmpty {
            throw ConfigurationError(problems)
        }
        return configuration
    }
}

/// Walks the YAML tree and collects problems.
private struct Checker {
    let registry: StageRegistry
    let file: String
    let directory: String
    var checksInputs = true
    var problems: [ConfigurationError.Problem] = []

    init(registry: StageRegistry, file: String, directory: String) {
        self.registry = registry
        self.file = file
        self.directory = directory
    }

    func location(_ node: Node) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    mutating func report(_ message: String, at node: Node, suggestion: String? = nil) {
        problems.append(.init(message, at: location(node), suggestion: suggestion))
    }

    func problem(from error: YamlError) -> ConfigurationError.Problem {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) (\($0.text) at line \($0.mark.line))" } ?? problem
            return .init("invalid YAML: \(detail)", at: at(mark))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return .init("duplicate key \(keys): each key may appear once", at: at(context.mark))
        case .reader(let problem, _, _, _):
            return .init("unreadable YAML: \(problem)", at: SourceLocation(file: file, line: 1, column: 1))
        default:
            return .init("invalid YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    // MARK: Top level

    mutating func configuration(from root: Node?) -> PipelineConfiguration {
        var configuration = PipelineConfiguration()
        guard let root, let mapping = root.mapping else {
            let start = SourceLocation(file: file, line: root?.mark?.line ?? 1, column: root?.mark?.column ?? 1)
            problems.append(
                .init(
                    "the configuration must be a mapping with the keys 'inputs', 'output' and 'stages'",
                    at: start
                )
            )
            return configuration
        }
        var sawStages = false
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                report("keys must be plain names", at: keyNode)
                continue
            }
            switch key {
            case "inputs":
                configuration.inputs = inputs(from: value)
            case "reference_date":
                if let date = date(from: value, what: "'reference_date'") {
                    configuration.referenceDate = date
                }
            case "output":
                if let path = string(from: value, what: "'output'", expected: "a file path") {
                    configuration.output = PathResolver.absolute(path, relativeTo: directory)
                }
            case "stages":
                sawStages = true
                configuration.stages = stages(from: value)
            default:
                report(
                    unknownKeyMessage(key, known: ConfigurationLoader.topLevelKeys),
                    at: keyNode,
                    suggestion: closestName(to: key, in: ConfigurationLoader.topLevelKeys)
                )
            }
        }
        if !sawStages {
            report("missing key 'stages': list the stages to run, for example [fetch, normalize, export]", at: root)
        }
        return configuration
    }

    func unknownKeyMessage(_ key: String, known: [String], in place: String = "") -> String {
        let list = known.map { "'\($0)'" }.joined(separator: ", ")
        return "unknown key '\(key)'\(place); expected one of \(list)"
    }

    // MARK: Inputs

    mutating func inputs(from node: Node) -> [PipelineConfiguration.Input] {
        guard let items = listItems(node) else {
            report(
                "'inputs' must be a list of paths, folders, glob patterns or URLs, found \(describe(node))",
                at: node
            )
            return []
        }
        var result: [PipelineConfiguration.Input] = []
        for item in items {
            guard let written = string(from: item, what: "each input", expected: "a path, folder, glob or URL") else {
                continue
            }
            let input = PathResolver.input(written, relativeTo: directory, location: location(item))
            if checksInputs, PathResolver.isLocal(input.resolved), !PathResolver.isPattern(input.resolved),
                !FileManager.default.fileExists(atPath: input.resolved)
            {
                report(
                    "input '\(written)' does not exist",
                    at: item,
                    suggestion: PathResolver.closestSibling(of: input.resolved).map {
                        PathResolver.display($0, like: written)
                    }
                )
            }
            result.append(input)
        }
        return result
    }

    // MARK: Stages

    mutating func stages(from node: Node) -> [PipelineConfiguration.StageEntry] {
        guard let sequence = node.sequence else {
            report(
                "'stages' must be a list of stage names or mappings with a 'stage' key, found \(describe(node))",
                at: node
            )
            return []
        }
        if sequence.isEmpty {
            report("'stages' is empty: list at least one stage (\(registry.names.joined(separator: ", ")))", at: node)
        }
        var result: [PipelineConfiguration.StageEntry] = []
        for item in sequence {
            if let entry = stage(from: item) {
                result.append(entry)
            }
        }
        return result
    }

    mutating func stage(from node: Node) -> PipelineConfiguration.StageEntry? {
        if let scalar = node.scalar {
            guard let descriptor = descriptor(named: scalar.string, at: node) else { return nil }
            return .init(name: descriptor.name, options: descriptor.defaultOptions, location: location(node))
        }
        guard let mapping = node.mapping else {
            report("a stage must be a name or a mapping with a 'stage' key, found \(describe(node))", at: node)
            return nil
        }
        guard let nameNode = mapping["stage"] else {
            report("this stage has no 'stage' key naming it (\(registry.names.joined(separator: ", ")))", at: node)
            return nil
        }
        guard let name = string(from: nameNode, what: "'stage'", expected: "a stage name") else { return nil }
        // A custom stage (`run:`, or `remote:` with a name that is not a built-in stage's) may have
        // any name; its options go to the program unchecked.
        let runNode = mapping["run"]
        let remoteNode = mapping["remote"]
        let descriptor: StageDescriptor?
        if runNode == nil, remoteNode == nil || registry[name] != nil {
            guard let builtin = self.descriptor(named: name, at: nameNode) else { return nil }
            descriptor = builtin
        } else {
            descriptor = nil
        }
        var entry = PipelineConfiguration.StageEntry(
            name: name,
            options: descriptor?.defaultOptions ?? StageOptions(),
            location: location(node)
        )
        var process = PipelineConfiguration.ProcessSettings()
        var isolate = false
        var processKeyNodes: [Node] = []
        for (keyNode, value) in mapping {
            let key = keyNode.scalar?.string ?? ""
            if ConfigurationLoader.processKeys.contains(key) { processKeyNodes.append(keyNode) }
            switch key {
            case "stage":
                continue
            case "concurrency":
                entry.concurrency = integer(from: value, what: "'concurrency'", range: 1...4096)
            case "options":
                if let descriptor {
                    options(from: value, into: &entry.options, descriptor: descriptor)
                } else if value.mapping == nil {
                    report("'options' of stage '\(name)' must be a mapping, found \(describe(value))", at: value)
                } else {
                    process.optionsJSON = json(from: value)
                }
            case "run":
                process.command = command(from: value)
            case "remote":
                process.remote = endpoints(from: value)
            case "ca_file":
                if let path = existingFile(value, what: "'ca_file'") { process.certificateAuthorities = path }
            case "isolate":
                guard value.scalar != nil, tagName(value) == .bool, let flag = value.bool else {
                    report("'isolate' must be true or false, found \(describe(value))", at: value)
                    continue
                }
                isolate = flag
            case "env":
                process.environment = environment(from: value)
            case "cwd":
                if let path = existingFolder(value) { process.workingDirectory = path }
            case "timeout":
                if let seconds = seconds(from: value) { process.timeout = seconds }
            case "in_flight":
                if let count = integer(from: value, what: "'in_flight'", range: 1...4096) { process.inFlight = count }
            case "restarts":
                if let count = integer(from: value, what: "'restarts'", range: 0...1_000_000) {
                    process.restarts = count
                }
            case "max_frame_bytes":
                if let bytes = integer(from: value, what: "'max_frame_bytes'", range: 1024...(1 << 30)) {
                    process.maxFrameBytes = bytes
                }
            default:
                report(
                    unknownKeyMessage(key, known: ConfigurationLoader.stageKeys, in: " in stage '\(name)'"),
                    at: keyNode,
                    suggestion: closestName(to: key, in: ConfigurationLoader.stageKeys)
                        ?? descriptor?.option(named: key).map { _ in "options: { \(key): ... }" }
                )
            }
        }
        if let runNode, isolate {
            report(
                "'run' and 'isolate' exclude each other: 'run' already runs the stage in its own process",
                at: runNode
            )
        }
        if let remoteNode, runNode != nil || isolate {
            report(
                "'remote' excludes '\(runNode != nil ? "run" : "isolate")': a remote stage runs on its servers, "
                    + "not in a process of the runner",
                at: remoteNode
            )
        }
        if remoteNode != nil {
            for keyNode in processKeyNodes
            where ConfigurationLoader.childOnlyKeys.contains(keyNode.scalar?.string ?? "") {
                report(
                    "'\(keyNode.scalar?.string ?? "")' applies to a stage in child processes ('run' or 'isolate'), "
                        + "not to a remote stage: set it on the server",
                    at: keyNode
                )
            }
        } else if let caNode = processKeyNodes.first(where: { $0.scalar?.string == "ca_file" }) {
            report(
                "'ca_file' applies to a remote stage: add 'remote: grpcs://HOST:PORT' to stage '\(name)'",
                at: caNode
            )
        }
        if let endpoints = process.remote, process.certificateAuthorities != nil, !endpoints.contains(where: \.usesTLS),
            let caNode = processKeyNodes.first(where: { $0.scalar?.string == "ca_file" })
        {
            report(
                "'ca_file' is for TLS servers, and every server of stage '\(name)' is grpc://: use grpcs://",
                at: caNode
            )
        }
        if runNode != nil || isolate || remoteNode != nil {
            if isolate || remoteNode != nil, let descriptor {
                process.optionsJSON = json(from: entry.options, of: descriptor)
            }
            entry.process = process
        } else {
            for keyNode in processKeyNodes {
                report(
                    "'\(keyNode.scalar?.string ?? "")' applies to a stage in its own process or on servers: add "
                        + "'run: [program, ...]', 'isolate: true' or 'remote: grpc://HOST:PORT' to stage '\(name)'",
                    at: keyNode
                )
            }
        }
        return entry
    }

    /// `remote:`: one address or a list of them, each `grpc://HOST:PORT` or `grpcs://HOST:PORT`.
    mutating func endpoints(from node: Node) -> [RemoteEndpoint]? {
        let items: [Node]
        if node.scalar != nil {
            items = [node]
        } else if let list = listItems(node), !list.isEmpty {
            items = list
        } else {
            report(
                "'remote' must be an address like grpc://127.0.0.1:50051, or a list of them, found \(describe(node))",
                at: node
            )
            return nil
        }
        var endpoints: [RemoteEndpoint] = []
        for item in items {
            guard let text = string(from: item, what: "'remote'", expected: "an address like grpc://HOST:PORT") else {
                continue
            }
            do {
                let endpoint = try RemoteEndpoint(parsing: text)
                if endpoints.contains(endpoint) {
                    report("'remote' lists \(endpoint) twice", at: item)
                } else {
                    endpoints.append(endpoint)
                }
            } catch {
                report("'remote': \(error.description)", at: item)
            }
        }
        return endpoints.count == items.count ? endpoints : nil
    }

    mutating func existingFile(_ node: Node, what: String) -> String? {
        guard let path = string(from: node, what: what, expected: "a file") else { return nil }
        let absolute = PathResolver.absolute(path, relativeTo: directory)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder), !isFolder.boolValue,
            FileManager.default.isReadableFile(atPath: absolute)
        else {
            report(
                "\(what): '\(path)' is not a readable file",
                at: node,
                suggestion: PathResolver.closestSibling(of: absolute).map { PathResolver.display($0, like: path) }
            )
            return nil
        }
        return absolute
    }

    mutating func command(from node: Node) -> [String]? {
        guard let items = listItems(node) else {
            report("'run' must be a list: [program, arguments...], found \(describe(node))", at: node)
            return nil
        }
        guard var command = strings(items, what: "each item of 'run'") else { return nil }
        guard let program = command.first, !program.isEmpty else {
            report("'run' is empty: give the program to start, for example [python3, stage.py]", at: node)
            return nil
        }
        // A program given as a relative path (with a slash) is found from the configuration's folder.
        if program.contains("/") {
            command[0] = PathResolver.absolute(program, relativeTo: directory)
            if !FileManager.default.isExecutableFile(atPath: command[0]) {
                report(
                    "'run': '\(program)' is not an executable file",
                    at: items[0],
                    suggestion: PathResolver.closestSibling(of: command[0]).map {
                        PathResolver.display($0, like: program)
                    }
                )
            }
        }
        return command
    }

    mutating func environment(from node: Node) -> [String: String] {
        guard let mapping = node.mapping else {
            report("'env' must be a mapping of variable names to values, found \(describe(node))", at: node)
            return [:]
        }
        var environment: [String: String] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string, !key.isEmpty, !key.contains("=") else {
                report("environment variable names must be plain words", at: keyNode)
                continue
            }
            guard let scalar = value.scalar else {
                report("the value of '\(key)' in 'env' must be a string, found \(describe(value))", at: value)
                continue
            }
            environment[key] = scalar.string
        }
        return environment
    }

    mutating func existingFolder(_ node: Node) -> String? {
        guard let path = string(from: node, what: "'cwd'", expected: "a folder") else { return nil }
        let absolute = PathResolver.absolute(path, relativeTo: directory)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder), isFolder.boolValue else {
            report("'cwd': '\(path)' is not a folder", at: node)
            return nil
        }
        return absolute
    }

    /// Seconds, as a number (`30`, `2.5`) or with a unit (`30s`, `500ms`, `2m`).
    mutating func seconds(from node: Node) -> Double? {
        guard let text = node.scalar?.string.trimmingCharacters(in: .whitespaces) else {
            report("'timeout' must be a duration like 30, 30s, 500ms or 2m, found \(describe(node))", at: node)
            return nil
        }
        let units: [(suffix: String, factor: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("", 1)]
        for unit in units where text.hasSuffix(unit.suffix) {
            let number = text.dropLast(unit.suffix.count).trimmingCharacters(in: .whitespaces)
            if let value = Double(number), value > 0, value.isFinite {
                return value * unit.factor
            }
        }
        report("'timeout' must be a duration like 30, 30s, 500ms or 2m, found \(describe(node))", at: node)
        return nil
    }

    /// The YAML value as JSON text (for options handed to a custom stage).
    func json(from node: Node) -> String {
        var writer = JSONLineWriter(reservingCapacity: 256)
        writeJSON(node, to: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    func writeJSON(_ node: Node, to writer: inout JSONLineWriter) {
        switch node {
        case .mapping(let mapping):
            writer.beginObject()
            for (key, value) in mapping {
                writer.key(key.scalar?.string ?? "")
                writeJSON(value, to: &writer)
            }
            writer.endObject()
        case .sequence(let sequence):
            writer.beginArray()
            for item in sequence { writeJSON(item, to: &writer) }
            writer.endArray()
        case .scalar(let scalar):
            switch tagName(node) {
            case .null: writer.null()
            case .bool: writer.bool(node.bool ?? false)
            case .int: if let value = Int(scalar.string) { writer.integer(value) } else { writer.string(scalar.string) }
            case .float:
                if let value = Double(scalar.string), value.isFinite {
                    writer.number(value)
                } else {
                    writer.string(scalar.string)
                }
            default: writer.string(scalar.string)
            }
        case .alias:
            writer.null()
        }
    }

    /// Checked options as the JSON object a built-in stage receives in its handshake.
    func json(from options: StageOptions, of descriptor: StageDescriptor) -> String {
        var writer = JSONLineWriter(reservingCapacity: 256)
        writer.beginObject()
        for spec in descriptor.options {
            guard let value = options.values[spec.name] else { continue }
            writer.key(spec.name)
            switch value {
            case .string(let text): writer.string(text)
            case .integer(let number): writer.integer(number)
            case .number(let number): writer.number(number)
            case .boolean(let flag): writer.bool(flag)
            case .list(let items):
                writer.beginArray()
                for item in items { writer.string(item) }
                writer.endArray()
            }
        }
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    mutating func descriptor(named name: String, at node: Node) -> StageDescriptor? {
        if let descriptor = registry[name] { return descriptor }
        report("unknown stage '\(name)'", at: node, suggestion: closestName(to: name, in: registry.names))
        return nil
    }

    mutating func options(from node: Node, into options: inout StageOptions, descriptor: StageDescriptor) {
        guard let mapping = node.mapping else {
            report(
                "'options' of stage '\(descriptor.name)' must be a mapping of option names to values, found \(describe(node))",
                at: node
            )
            return
        }
        for (keyNode, value) in mapping {
            let key = keyNode.scalar?.string ?? ""
            guard let spec = descriptor.option(named: key) else {
                let names = descriptor.options.map(\.name)
                let known =
                    names.isEmpty
                    ? "it takes no options" : "its options are " + names.map { "'\($0)'" }.joined(separator: ", ")
                report(
                    "stage '\(descriptor.name)' has no option '\(key)'; \(known)",
                    at: keyNode,
                    suggestion: closestName(to: key, in: names)
                )
                continue
            }
            if let checked = optionValue(from: value, spec: spec, stage: descriptor.name) {
                options.values[spec.name] = checked
            }
        }
    }

    mutating func optionValue(from node: Node, spec: OptionSpec, stage: String) -> OptionValue? {
        let what = "option '\(spec.name)' of stage '\(stage)'"
        switch spec.kind {
        case .string:
            return string(from: node, what: what, expected: "a string").map(OptionValue.string)
        case .integer(let range):
            return integer(from: node, what: what, range: range).map(OptionValue.integer)
        case .number:
            guard let scalar = node.scalar, [.int, .float].contains(tagName(node)),
                let number = Double(scalar.string)
            else {
                report("\(what) must be a number, found \(describe(node))", at: node)
                return nil
            }
            return .number(number)
        case .boolean:
            guard node.scalar != nil, tagName(node) == .bool, let flag = node.bool else {
                report("\(what) must be true or false, found \(describe(node))", at: node)
                return nil
            }
            return .boolean(flag)
        case .existingPath:
            guard let path = string(from: node, what: what, expected: "a path") else { return nil }
            return existingPath(path, at: node, what: what).map(OptionValue.string)
        case .outputPath:
            guard let path = string(from: node, what: what, expected: "a path") else { return nil }
            return .string(PathResolver.absolute(path, relativeTo: directory))
        case .choice(let choices):
            guard let choice = string(from: node, what: what, expected: "one of \(choices.joined(separator: ", "))")
            else {
                return nil
            }
            guard choices.contains(choice) else {
                report(
                    "\(what) must be one of \(choices.map { "'\($0)'" }.joined(separator: ", ")), found '\(choice)'",
                    at: node,
                    suggestion: closestName(to: choice, in: choices)
                )
                return nil
            }
            return .string(choice)
        case .stringList:
            guard let items = listItems(node) else {
                report("\(what) must be a list of strings, found \(describe(node))", at: node)
                return nil
            }
            return strings(items, what: "each item of \(what)").map(OptionValue.list)
        case .existingPathList:
            guard let items = listItems(node) else {
                report("\(what) must be a list of paths, found \(describe(node))", at: node)
                return nil
            }
            var resolved: [String] = []
            for item in items {
                guard let path = string(from: item, what: "each item of \(what)", expected: "a path"),
                    let absolute = existingPath(path, at: item, what: what)
                else { continue }
                resolved.append(absolute)
            }
            return resolved.count == items.count ? .list(resolved) : nil
        case .date:
            return date(from: node, what: what).map(OptionValue.string)
        }
    }

    /// `path` resolved against the configuration's folder, or `nil` (reported) when it does not exist.
    mutating func existingPath(_ path: String, at node: Node, what: String) -> String? {
        let absolute = PathResolver.absolute(path, relativeTo: directory)
        guard FileManager.default.fileExists(atPath: absolute) else {
            report(
                "\(what): '\(path)' does not exist",
                at: node,
                suggestion: PathResolver.closestSibling(of: absolute).map { PathResolver.display($0, like: path) }
            )
            return nil
        }
        return absolute
    }

    // MARK: Scalars

    /// The items of a list, or a lone scalar as a list of one; `nil` for anything else.
    func listItems(_ node: Node) -> [Node]? {
        if let sequence = node.sequence { return Array(sequence) }
        return node.scalar != nil ? [node] : nil
    }

    /// Each item as a string, or `nil` (reported) at the first that is not one.
    mutating func strings(_ items: [Node], what: String) -> [String]? {
        var values: [String] = []
        for item in items {
            guard let value = string(from: item, what: what, expected: "a string") else { return nil }
            values.append(value)
        }
        return values
    }

    mutating func string(from node: Node, what: String, expected: String) -> String? {
        guard let scalar = node.scalar, tagName(node) != .null else {
            report("\(what) must be \(expected), found \(describe(node))", at: node)
            return nil
        }
        return scalar.string
    }

    mutating func integer(from node: Node, what: String, range: ClosedRange<Int>) -> Int? {
        // Parsed here, not by Yams: its base-60 reading of `1:0:0` can overflow and trap.
        guard let scalar = node.scalar, tagName(node) == .int,
            let value = Int(scalar.string.replacingOccurrences(of: "_", with: ""))
        else {
            report("\(what) must be an integer, found \(describe(node))", at: node)
            return nil
        }
        guard range.contains(value) else {
            report("\(what) must be between \(range.lowerBound) and \(range.upperBound), found \(value)", at: node)
            return nil
        }
        return value
    }

    mutating func date(from node: Node, what: String) -> String? {
        guard let text = string(from: node, what: what, expected: "a date like 2025-09-04") else { return nil }
        guard let day = ISODay(text) else {
            report("\(what) must be a date like 2025-09-04, found '\(text)'", at: node)
            return nil
        }
        return day.description
    }

    /// The scalar's type as YAML 1.1 resolves it (`5` is an int, `"5"` a string).
    func tagName(_ node: Node) -> Tag.Name {
        Resolver.default.resolveTag(of: node)
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar(let scalar):
            tagName(node) == .null ? "nothing" : "'\(scalar.string)'"
        }
    }
}
