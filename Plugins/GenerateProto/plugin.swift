import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory generate-proto`
///
/// Runs protoc-c on every `.proto` under `proto/` and writes the output into the committed C
/// target `Sources/DepecheProtoC`: `.c` files under `Sources/DepecheProtoC/<proto dir>/`, headers
/// under `Sources/DepecheProtoC/include/<proto dir>/`, and the umbrella header
/// `include/DepecheProtoC.h` listing every generated header. Generated files that no proto
/// produces any more are deleted; unchanged files are not rewritten.
///
/// protoc-c is `$PROTOC_C` when set, else the first `protoc-c` on `PATH` (Debian package
/// `protobuf-c-compiler`). CI pins protoc-c 1.4.1 (`.ci/check-proto.sh`), since another version
/// writes different code.
@main struct GenerateProto: CommandPlugin {
    static let pinnedVersion = "1.4.1"

    func performCommand(context: PluginContext, arguments: [String]) async throws {
        guard arguments.isEmpty else {
            throw GenerateProtoError("generate-proto takes no arguments (got \(arguments.joined(separator: " ")))")
        }
        let package = context.package.directoryURL
        let protoRoot = package.appending(path: "proto")
        let target = package.appending(path: "Sources/DepecheProtoC")
        let protoc = try Self.findProtocC()

        let version = try Self.run(protoc, ["--version"], in: package)
        if !version.contains("protobuf-c \(Self.pinnedVersion)") {
            Diagnostics.warning(
                "\(protoc.path) reports '\(version.split(separator: "\n").first ?? "")'; CI expects protobuf-c "
                    + "\(Self.pinnedVersion), so .ci/check-proto.sh will report a diff"
            )
        }

        let protos = try Self.files(under: protoRoot, suffix: ".proto")
        guard !protos.isEmpty else { throw GenerateProtoError("no .proto file under \(protoRoot.path)") }
        let output = context.pluginWorkDirectoryURL.appending(path: "protoc-c-output")
        try? FileManager.default.removeItem(at: output)
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        _ = try Self.run(
            protoc,
            ["--proto_path=proto", "--c_out=\(output.path)"] + protos.map { "proto/" + $0 },
            in: package
        )

        // Relative path in protoc-c's output → destination in the target.
        var generated: [String: URL] = [:]
        var headers: [String] = []
        for file in try Self.files(under: output, suffix: "") {
            if file.hasSuffix(".pb-c.c") {
                generated[file] = output.appending(path: file)
            } else if file.hasSuffix(".pb-c.h") {
                generated["include/" + file] = output.appending(path: file)
                headers.append(file)
            } else {
                throw GenerateProtoError("protoc-c wrote an unexpected file: \(file)")
            }
        }

        var changed: [String] = []
        for (relative, source) in generated.sorted(by: { $0.key < $1.key }) {
            if try Self.write(Data(contentsOf: source), to: target.appending(path: relative)) {
                changed.append(relative)
            }
        }
        let umbrella = Self.umbrellaHeader(including: headers.sorted())
        if try Self.write(Data(umbrella.utf8), to: target.appending(path: "include/DepecheProtoC.h")) {
            changed.append("include/DepecheProtoC.h")
        }
        var removed: [String] = []
        for stale in try Self.files(under: target, suffix: "") where Self.isGenerated(stale) && generated[stale] == nil
        {
            try FileManager.default.removeItem(at: target.appending(path: stale))
            removed.append(stale)
        }

        print(
            "generate-proto: \(protos.count) proto file(s) → \(generated.count) generated file(s) in Sources/DepecheProtoC; "
                + (changed.isEmpty && removed.isEmpty
                    ? "already up to date"
                    : "updated \(changed.joined(separator: ", "))"
                        + (removed.isEmpty ? "" : "; removed \(removed.joined(separator: ", "))"))
        )
    }

    /// The umbrella header that the module map names. `.ci/check-proto.sh` writes the same text.
    static func umbrellaHeader(including headers: [String]) -> String {
        """
        // Umbrella header for the protoc-c output of proto/depeche/v1.
        // The files beside it are generated: run `swift package generate-proto` after editing proto/.

        """ + headers.map { "#include \"\($0)\"\n" }.joined()
    }

    private static func isGenerated(_ relativePath: String) -> Bool {
        (relativePath.hasSuffix(".pb-c.c") && !relativePath.hasPrefix("include/"))
            || (relativePath.hasSuffix(".pb-c.h") && relativePath.hasPrefix("include/"))
    }

    /// `$PROTOC_C`, else `protoc-c` on `PATH`.
    private static func findProtocC() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["PROTOC_C"], !explicit.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: explicit) else {
                throw GenerateProtoError("PROTOC_C is '\(explicit)', which is not an executable file")
            }
            return URL(fileURLWithPath: explicit)
        }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appending(path: "protoc-c")
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        throw GenerateProtoError(
            "protoc-c not found on PATH. Install the Debian package protobuf-c-compiler "
                + "(apt-get install protobuf-c-compiler; on macOS: brew install protobuf-c), "
                + "or set PROTOC_C to its path."
        )
    }

    /// Paths relative to `root` of the regular files under it whose names end with `suffix`, sorted.
    private static func files(under root: URL, suffix: String) throws -> [String] {
        let rootPath = root.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: rootPath) else { return [] }
        var result: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = rootPath + "/" + relative
            if relative.hasSuffix(suffix), FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                result.append(relative)
            }
        }
        return result.sorted()
    }

    /// Writes `data` to `url` unless it already holds exactly that; returns whether it wrote.
    private static func write(_ data: Data, to url: URL) throws -> Bool {
        if let existing = try? Data(contentsOf: url), existing == data {
            return false
        }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
        return true
    }

    /// Runs `executable` and returns its standard output; throws with its standard error on failure.
    private static func run(_ executable: URL, _ arguments: [String], in directory: URL) throws -> String {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let scratch = FileManager.default.temporaryDirectory.appending(path: "generate-proto-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        // Files rather than pipes: nothing can block however much the tool prints.
        let outputURL = scratch.appending(path: "stdout")
        let errorURL = scratch.appending(path: "stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        let error = try FileHandle(forWritingTo: errorURL)
        process.standardOutput = output
        process.standardError = error
        try process.run()
        process.waitUntilExit()
        try output.close()
        try error.close()
        let standardOutput = (try? String(contentsOf: outputURL, encoding: .utf8)) ?? ""
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let standardError = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
            throw GenerateProtoError(
                "\(executable.path) \(arguments.joined(separator: " ")) failed (status \(process.terminationStatus)):\n"
                    + standardError
            )
        }
        return standardOutput
    }
}

struct GenerateProtoError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
