#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call on a path, with its `errno`.
struct FileSystemError: Error, Sendable, Hashable {
    var path: String
    var errorNumber: Int32

    var reason: String { String(cString: strerror(errorNumber)) }
    var isNotFound: Bool { errorNumber == ENOENT || errorNumber == ENOTDIR }
    var isPermission: Bool { errorNumber == EACCES || errorNumber == EPERM }
    var isLoop: Bool { errorNumber == ELOOP }
}

/// What `stat` (which follows symbolic links) says about a path.
struct FileStatus: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case file
        case directory
        /// A device, socket or FIFO: never read.
        case other
    }

    /// Identifies a folder for symlink-loop detection.
    struct Identity: Sendable, Hashable {
        var device: UInt64
        var inode: UInt64
    }

    var kind: Kind
    var size: Int
    var identity: Identity
}

/// The few POSIX calls fetch needs, with errors as values: no Foundation on the hot path.
enum FileSystem {
    static func status(_ path: String) throws(FileSystemError) -> FileStatus {
        var info = stat()
        guard stat(path, &info) == 0 else { throw FileSystemError(path: path, errorNumber: errno) }
        return FileStatus(info)
    }

    /// The absolute path with every symbolic link resolved, or `nil` when it cannot be resolved.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether `path` is itself a symbolic link (`lstat`, which does not follow it).
    static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// The names in a folder (without `.` and `..`), unsorted, with the kind `readdir` gives for
    /// free (`nil` when the file system does not say, or for a symbolic link).
    static func entries(of path: String) throws(FileSystemError) -> [(name: String, kind: FileStatus.Kind?)] {
        // opendir allocates the stream; closedir (deferred) frees it.
        guard let stream = opendir(path) else { throw FileSystemError(path: path, errorNumber: errno) }
        defer { closedir(stream) }
        var result: [(name: String, kind: FileStatus.Kind?)] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw FileSystemError(path: path, errorNumber: errno) }
                break
            }
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            let kind: FileStatus.Kind? =
                switch Int32(entry.pointee.d_type) {
                case Int32(DT_REG): .file
                case Int32(DT_DIR): .directory
                case Int32(DT_LNK), Int32(DT_UNKNOWN): nil
                default: .other
                }
            result.append((name, kind))
        }
        return result
    }

    /// An open file descriptor for reading, closed in `deinit`.
    final class ReadHandle {
        let path: String
        let descriptor: Int32

        init(path: String) throws(FileSystemError) {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw FileSystemError(path: path, errorNumber: errno) }
            self.path = path
            self.descriptor = descriptor
        }

        deinit { close(descriptor) }

        func status() throws(FileSystemError) -> FileStatus {
            var info = stat()
            guard fstat(descriptor, &info) == 0 else { throw FileSystemError(path: path, errorNumber: errno) }
            return FileStatus(info)
        }

        /// Reads into `buffer`; 0 at the end of the file.
        func readChunk(into buffer: UnsafeMutableRawBufferPointer) throws(FileSystemError) -> Int {
            let (count, errorNumber) = FileSystem.read(descriptor, buffer)
            guard count >= 0 else { throw FileSystemError(path: path, errorNumber: errorNumber) }
            return count
        }

        /// The whole file, or `nil` when it holds more than `limit` bytes (it is not read further).
        func readAll(limit: Int, sizeHint: Int) throws(FileSystemError) -> [UInt8]? {
            var bytes = [UInt8](repeating: 0, count: min(max(sizeHint, 0), limit) + 1)
            var filled = 0
            while true {
                if filled == bytes.count {
                    bytes.append(contentsOf: repeatElement(0, count: max(filled, 1 << 16)))
                }
                let (count, errorNumber) = bytes.withUnsafeMutableBytes { raw in
                    FileSystem.read(descriptor, UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
                }
                guard count >= 0 else { throw FileSystemError(path: path, errorNumber: errorNumber) }
                if count == 0 { break }
                filled += count
                if filled > limit { return nil }
            }
            bytes.removeLast(bytes.count - filled)
            return bytes
        }
    }

    /// `read(2)`, retried on `EINTR`: the count (-1 on error) and `errno`.
    static func read(_ descriptor: Int32, _ buffer: UnsafeMutableRawBufferPointer) -> (Int, Int32) {
        while true {
            let count = unistdRead(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return (count, 0) }
            if errno != EINTR { return (-1, errno) }
        }
    }
}

/// The C `read`, out of reach of the `read` members above.
private func unistdRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

extension FileStatus {
    init(_ info: stat) {
        let type = info.st_mode & S_IFMT
        kind = type == S_IFREG ? .file : type == S_IFDIR ? .directory : .other
        size = Int(info.st_size)
        identity = Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}
