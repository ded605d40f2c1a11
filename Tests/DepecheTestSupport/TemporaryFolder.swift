import Foundation

/// A temporary folder for a test, removed with everything in it when the value is released.
public final class TemporaryFolder: Sendable {
    public let path: String

    public init() throws {
        path = NSTemporaryDirectory() + "depeche-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The absolute path of `relative` inside the folder.
    public func path(_ relative: String) -> String {
        (path as NSString).appendingPathComponent(relative)
    }

    /// Writes UTF-8 `text` at `relative`, creating folders; returns the absolute path.
    @discardableResult
    public func write(_ relative: String, _ text: String) throws -> String {
        try write(relative, bytes: Data(text.utf8))
    }

    /// Writes `bytes` at `relative`, creating folders; returns the absolute path.
    @discardableResult
    public func write(_ relative: String, bytes: Data) throws -> String {
        let full = path(relative)
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        try bytes.write(to: URL(fileURLWithPath: full))
        return full
    }

    /// Writes `bytes` at `relative`, creating folders; returns the absolute path.
    @discardableResult
    public func write(_ relative: String, bytes: [UInt8]) throws -> String {
        try write(relative, bytes: Data(bytes))
    }

    /// Creates a symbolic link at `relative` pointing to `destination`.
    public func link(_ relative: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path(relative), withDestinationPath: destination)
    }

    public func read(_ relative: String) throws -> String {
        try String(contentsOfFile: path(relative), encoding: .utf8)
    }

    public func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: path(relative))
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
