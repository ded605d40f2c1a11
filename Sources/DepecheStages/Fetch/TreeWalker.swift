/// Walks a folder tree depth-first and reports files in byte-wise order of their relative path
/// (the same order on every machine), holding one folder listing per level in memory.
///
/// Symbolic links are followed inside the root: a link that leads out of it is reported and not
/// followed unless ``followsLinksOutside``, and a link back to a folder being walked is reported
/// as a loop and not entered again, so a loop cannot hang the walk.
struct TreeWalker<State> {
    enum Event {
        case file(path: String, relativePath: String, name: String)
        /// A file or folder that could not be read (a broken link, a folder without permission).
        case failure(path: String, relativePath: String, name: String, error: FileSystemError)
        /// A folder reached again through a symbolic link, skipped.
        case loop(path: String)
        /// A wanted name that is a symbolic link to `target`, outside the root: not followed.
        case outside(path: String, relativePath: String, name: String, target: String)
        /// A wanted name that is a FIFO, a socket or a device: never read (a FIFO could block).
        case special(path: String, relativePath: String, name: String)
    }

    var root: String
    /// Follow symbolic links that lead out of ``root`` too.
    var followsLinksOutside = false
    var rootState: State
    /// The state inside the folder `name`, or `nil` to skip it.
    var enter: (State, _ name: String) -> State?
    /// Whether the file `name` is wanted.
    var accept: (State, _ name: String) -> Bool

    private enum EntryKind {
        case file
        case directory
        case other
        case broken(FileSystemError)
    }

    private struct Entry {
        var name: String
        var kind: EntryKind
        /// Listed without a kind: a symbolic link, or a file system that does not say.
        var mayBeLink: Bool
        /// The name as UTF-8, plus `/` for a folder, so that sorting names level by level gives
        /// the byte-wise order of whole relative paths (`a.txt` < `a/b.txt`, as `.` < `/`).
        var sortKey: [UInt8]
    }

    private struct Frame {
        var path: String
        var relativePath: String
        var state: State
        var identity: FileStatus.Identity
        var entries: [Entry]
        var next = 0
    }

    /// Walks the tree; throws when ``root`` itself cannot be listed. `progress` is told, before
    /// each entry, the share of the tree walked so far (estimated from the entries of each folder
    /// on the way down, as the tree is not counted beforehand).
    func walk(progress: (Double) -> Void = { _ in }, _ visit: (Event) async throws -> Void) async throws {
        let rootStatus = try FileSystem.status(root)
        let realRoot = FileSystem.realPath(root) ?? root
        var stack = [
            Frame(
                path: root,
                relativePath: "",
                state: rootState,
                identity: rootStatus.identity,
                entries: try listing(of: root)
            )
        ]
        while !stack.isEmpty {
            let top = stack.count - 1
            guard stack[top].next < stack[top].entries.count else {
                stack.removeLast()
                continue
            }
            let entry = stack[top].entries[stack[top].next]
            stack[top].next += 1
            progress(Self.share(stack))
            let frame = stack[top]
            let path = Self.join(frame.path, entry.name)
            let relativePath = frame.relativePath.isEmpty ? entry.name : frame.relativePath + "/" + entry.name
            if entry.mayBeLink, !followsLinksOutside, FileSystem.isSymbolicLink(path),
                let target = FileSystem.realPath(path), !Self.isInside(target, realRoot)
            {
                let wanted: Bool =
                    switch entry.kind {
                    case .directory: enter(frame.state, entry.name) != nil
                    default: accept(frame.state, entry.name)
                    }
                if wanted {
                    try await visit(.outside(path: path, relativePath: relativePath, name: entry.name, target: target))
                }
                continue
            }
            switch entry.kind {
            case .file:
                if accept(frame.state, entry.name) {
                    try await visit(.file(path: path, relativePath: relativePath, name: entry.name))
                }
            case .directory:
                guard let state = enter(frame.state, entry.name) else { continue }
                do {
                    let identity = try FileSystem.status(path).identity
                    if stack.contains(where: { $0.identity == identity }) {
                        try await visit(.loop(path: path))
                        continue
                    }
                    let entries = try listing(of: path)
                    stack.append(
                        Frame(
                            path: path,
                            relativePath: relativePath,
                            state: state,
                            identity: identity,
                            entries: entries
                        )
                    )
                } catch let error as FileSystemError {
                    try await visit(.failure(path: path, relativePath: relativePath, name: entry.name, error: error))
                }
            case .broken(let error):
                if accept(frame.state, entry.name) {
                    try await visit(.failure(path: path, relativePath: relativePath, name: entry.name, error: error))
                }
            case .other:
                if accept(frame.state, entry.name) {
                    try await visit(.special(path: path, relativePath: relativePath, name: entry.name))
                }
            }
        }
    }

    /// The share of the tree before the entry being walked: in each folder on the way down, the
    /// entries before the one walked into, each worth its share of its parent's.
    private static func share(_ stack: [Frame]) -> Double {
        var share = 0.0
        var scale = 1.0
        for frame in stack {
            let count = Double(max(1, frame.entries.count))
            share += scale * Double(max(0, frame.next - 1)) / count
            scale /= count
        }
        return share
    }

    private func listing(of folder: String) throws(FileSystemError) -> [Entry] {
        var result: [Entry] = []
        for (name, listedKind) in try FileSystem.entries(of: folder) {
            var kind: EntryKind
            switch listedKind {
            case .file?: kind = .file
            case .directory?: kind = .directory
            case .other?: kind = .other
            case nil:
                do {
                    switch try FileSystem.status(Self.join(folder, name)).kind {
                    case .file: kind = .file
                    case .directory: kind = .directory
                    case .other: kind = .other
                    }
                } catch {
                    kind = .broken(error)
                }
            }
            var sortKey = Array(name.utf8)
            if case .directory = kind { sortKey.append(UInt8(ascii: "/")) }
            result.append(Entry(name: name, kind: kind, mayBeLink: listedKind == nil, sortKey: sortKey))
        }
        result.sort { $0.sortKey.lexicographicallyPrecedes($1.sortKey) }
        return result
    }

    /// Whether the resolved `path` is `root` or below it.
    static func isInside(_ path: String, _ root: String) -> Bool {
        path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
