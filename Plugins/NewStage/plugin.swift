import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory new-stage NAME [--output DIR]`
///
/// Creates a ready-to-build package for a custom stage written with `DepecheStageKit`: by default
/// in `Stages/NAME/` under this package's root, or in `DIR` (relative to the package root unless
/// absolute). It never overwrites an existing folder. The new package depends on this Depeche
/// checkout by a relative path, so it builds offline against the same sources.
///
/// For NAME `my-stage` it writes:
/// - `Package.swift`: package `MyStage`, executable target `my-stage` (NAME, plus `-stage` unless
///   NAME already ends with it);
/// - `Sources/my-stage/MyStage.swift`: a `StageProgram` that counts each document's words into an
///   attribute, with the place for your own logic marked;
/// - `README.md` (how to build it and the YAML that runs it) and `.gitignore`.
@main struct NewStage: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let outputs = extractor.extractOption(named: "output")
        let positional = extractor.remainingArguments
        guard positional.count == 1, let name = positional.first else {
            throw NewStageError(
                "usage: swift package --allow-writing-to-package-directory new-stage NAME [--output DIR] "
                    + "(got \(arguments.isEmpty ? "no arguments" : arguments.joined(separator: " ")))"
            )
        }
        guard outputs.count <= 1 else { throw NewStageError("--output is given more than once") }
        if let problem = Self.problem(withName: name) {
            throw NewStageError("'\(name)' is not a valid stage name: \(problem)")
        }
        let names = StageNames(stage: name)
        let taken = Set(context.package.targets.map { $0.name.lowercased() })
        guard !taken.contains(names.executable.lowercased()) else {
            throw NewStageError(
                "the executable target '\(names.executable)' would clash with the Depeche target of that name; "
                    + "choose another stage name"
            )
        }

        let root = context.package.directoryURL.standardizedFileURL
        let output: URL
        if let path = outputs.first {
            output =
                (path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appending(path: path)).standardizedFileURL
        } else {
            output = root.appending(path: "Stages").appending(path: name).standardizedFileURL
        }
        guard !FileManager.default.fileExists(atPath: output.path) else {
            throw NewStageError("\(output.path) already exists; remove it or choose another --output")
        }

        let depeche = Self.relativePath(from: output, to: root)
        let templates = Templates(
            names: names,
            depechePath: depeche,
            depecheIdentity: root.lastPathComponent,
            runPath: Self.pathForConfiguration(of: output, root: root) + "/.build/release/" + names.executable
        )
        let files: [(String, String)] = [
            ("Package.swift", templates.manifest),
            ("Sources/\(names.executable)/\(names.type).swift", templates.program),
            ("README.md", templates.readme),
            (".gitignore", templates.gitignore),
        ]
        for (relative, text) in files {
            let url = output.appending(path: relative)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try Data(text.utf8).write(to: url, options: .withoutOverwriting)
        }
        print(
            "new-stage: created the package \(names.type) in \(output.path) "
                + "(depends on Depeche at \(depeche)); build it with: cd \(output.path) && swift build -c release"
        )
    }

    /// Why `name` cannot be a stage name, or `nil` when it can: lowercase ASCII letters and digits in
    /// words separated by single hyphens, starting with a letter (`quotes`, `my-stage`).
    static func problem(withName name: String) -> String? {
        guard let first = name.unicodeScalars.first else { return "it is empty" }
        guard ("a"..."z").contains(first) else { return "it must start with a lowercase letter (a-z)" }
        let allowed = name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
        }
        guard allowed else { return "use only lowercase letters, digits and hyphens, like quotes or my-stage" }
        guard !name.hasSuffix("-"), !name.contains("--") else {
            return "hyphens must separate words (no trailing or doubled hyphen)"
        }
        guard name.count <= 64 else { return "it is longer than 64 characters" }
        return nil
    }

    /// The relative path from the directory `from` to the directory `to`, e.g. `../..`.
    static func relativePath(from: URL, to: URL) -> String {
        let source = from.standardizedFileURL.pathComponents
        let destination = to.standardizedFileURL.pathComponents
        var common = 0
        while common < min(source.count, destination.count), source[common] == destination[common] {
            common += 1
        }
        let parts =
            Array(repeating: "..", count: source.count - common) + destination[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// How a configuration file at the package root names `directory`: relative when it is inside
    /// the package, absolute otherwise.
    static func pathForConfiguration(of directory: URL, root: URL) -> String {
        let relative = relativePath(from: root, to: directory)
        return relative.hasPrefix("..") ? directory.standardizedFileURL.path : relative
    }
}

/// The names derived from a stage name.
struct StageNames {
    /// The stage's name in the configuration: `my-stage`.
    var stage: String
    /// The executable target and product: `my-stage`, `quotes-stage`.
    var executable: String
    /// The `StageProgram` type and the package: `MyStage`, `QuotesStage`.
    var type: String

    init(stage: String) {
        self.stage = stage
        executable = stage.hasSuffix("-stage") ? stage : stage + "-stage"
        type = executable.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}

struct NewStageError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// The files of the new package, as string literals: a plugin cannot easily read resources.
struct Templates {
    var names: StageNames
    /// From the new package's folder to the Depeche package root.
    var depechePath: String
    /// The identity SwiftPM gives the Depeche package: the last component of its path.
    var depecheIdentity: String
    /// The executable's path as a configuration file at the Depeche root names it.
    var runPath: String

    var manifest: String {
        #"""
        // swift-tools-version: 6.2
        import PackageDescription

        let package = Package(
            name: "\#(names.type)",
            platforms: [.macOS(.v15)],
            dependencies: [
                // The Depeche checkout this package was created in, by relative path: builds offline.
                .package(path: "\#(depechePath)")
            ],
            targets: [
                .executableTarget(
                    name: "\#(names.executable)",
                    dependencies: [.product(name: "DepecheStageKit", package: "\#(depecheIdentity)")],
                    swiftSettings: [
                        .enableUpcomingFeature("ExistentialAny"),
                        .enableUpcomingFeature("MemberImportVisibility"),
                    ]
                )
            ]
        )

        """#
    }

    var program: String {
        #"""
        import DepecheStageKit

        /// The `\#(names.stage)` stage: counts the words of each document into an attribute.
        ///
        /// Options come from `options:` in the pipeline configuration. Read every option in `init`: the
        /// stage refuses an option it never reads (a typo in the YAML), and the run stops before any
        /// document is sent.
        @main struct \#(names.type): StageProgram {
            static let name = "\#(names.stage)"
            static let version = "0.1.0"
            /// The attribute that receives the word count (option `attribute`, default `words`).
            let attribute: String

            init(options: StageProgramOptions) throws {
                attribute = try options.string("attribute") ?? "words"
                guard !attribute.isEmpty else {
                    throw StageFailure(code: "invalid-options", message: "the option 'attribute' must not be empty")
                }
            }

            func process(_ document: inout Document) throws {
                guard !document.text.isEmpty else {
                    throw StageFailure(code: "invalid-input", message: "the document has no text; run normalize first")
                }
                // Your logic goes here. Read `document.text` (offsets count Unicode scalars, half-open), then
                // add `document.annotations`, `document.attributes` or `document.diagnostics`. Throw a
                // `StageFailure` for a document you cannot process: the run records it and goes on.
                let words = document.text.split(whereSeparator: \.isWhitespace).count
                document.attributes[attribute] = String(words)
            }
        }

        """#
    }

    var readme: String {
        #"""
        # \#(names.stage)

        A custom Depeche stage written with `DepecheStageKit`. It counts the words of each document into
        the attribute `words` (option `attribute` to change it); replace the body of `process` in
        `Sources/\#(names.executable)/\#(names.type).swift` with your own logic.

        It depends on the Depeche checkout at `\#(depechePath)` (by path, so it builds offline).

        ## Build

        ```sh
        swift build -c release
        ```

        The stage is then `.build/release/\#(names.executable)`.

        ## Use it in a pipeline

        In a configuration file at the Depeche root (paths are relative to the configuration file):

        ```yaml
        stages:
          - fetch
          - normalize
          - stage: \#(names.stage)
            run: [\#(runPath)]
            options: { attribute: words }
          - export
        ```

        See `docs/stages.md` ("Writing a stage in Swift") in Depeche for what the library does for you.

        """#
    }

    var gitignore: String {
        """
        .build/
        Package.resolved

        """
    }
}
