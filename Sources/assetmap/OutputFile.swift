import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writing what a command produces to a path the user named, or to standard output, checking
/// every write. One rule for every command that writes a file (export -o / --dir, map --svg, …):
/// - a regular file (or nothing yet) is replaced through a temporary file beside it, renamed
///   over it only once all of it is written, so a failed write leaves the old file whole;
/// - a symlink is followed: its target is written (or created), the link stays;
/// - a FIFO, a device or a `/proc/self/fd/N` is written into directly, never deleted;
/// - a folder, or what cannot be written, is refused with a message naming the path.
enum OutputFile {
    /// User words for a write or open failure (`errno`).
    static func reason(_ code: Int32) -> String {
        switch code {
        case ENOSPC: "the disk is full"
        case EFBIG: "the file would be larger than allowed (a file-size limit)"
        case EDQUOT: "the disk quota is used up"
        case EACCES, EPERM: "permission denied: choose a place you can write"
        case EROFS: "it is on a read-only file system"
        case ENOENT: "its folder does not exist"
        case ENOTDIR: "part of the path is not a folder"
        case EISDIR: "it is a folder; name a file"
        case EIO: "an input/output error"
        default: String(cString: strerror(code)).lowercased()
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var path: String
        var code: Int32
        var description: String { "cannot write \(path): \(OutputFile.reason(code))" }
    }

    /// Writes `data` to `path` by the rules above; throws `Failure` naming `path`.
    static func write(_ data: Data, to path: String) throws {
        var st = stat()
        if stat(path, &st) == 0 {
            switch st.st_mode & S_IFMT {
            case S_IFREG: try replace(data, at: realPath(path) ?? path, shown: path)
            case S_IFDIR: throw Failure(path: path, code: EISDIR)
            default: try writeInto(data, path: path)  // FIFO, device, socket: write into it as it is
            }
            return
        }
        guard errno == ENOENT else { throw Failure(path: path, code: errno) }
        // Nothing there, or a symlink to nothing yet: create the file the link names.
        try replace(data, at: danglingTarget(path) ?? path, shown: path)
    }

    /// The file a symlink chain ends at, when it exists.
    private static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// Where a symlink to nothing points (resolved against its folder); nil when `path` is no link.
    private static func danglingTarget(_ path: String) -> String? {
        var p = path
        for _ in 0..<40 {
            var st = stat()
            guard lstat(p, &st) == 0, st.st_mode & S_IFMT == S_IFLNK,
                  let dest = try? FileManager.default.destinationOfSymbolicLink(atPath: p) else { return p == path ? nil : p }
            p = dest.hasPrefix("/") ? dest : URL(fileURLWithPath: p).deletingLastPathComponent().appendingPathComponent(dest).path
        }
        return nil
    }

    /// Writes all of `data` to `fd`, retrying short writes; returns `errno` of a failure, or nil.
    static func writeAll(_ fd: Int32, _ data: UnsafeRawBufferPointer) -> Int32? {
        var done = 0
        while done < data.count {
            let n = Glibc.write(fd, data.baseAddress! + done, data.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            done += n
        }
        return nil
    }

    private static func writeInto(_ data: Data, path: String) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(path: path, code: errno) }
        let failed = data.withUnsafeBytes { writeAll(fd, $0) }
        let closed = close(fd) == 0 ? nil : errno
        if let code = failed ?? closed { throw Failure(path: path, code: code) }
    }

    private static func replace(_ data: Data, at target: String, shown: String) throws {
        let url = URL(fileURLWithPath: target)
        let folder = url.deletingLastPathComponent().path
        var template = Array("\(folder)/.\(url.lastPathComponent).assetmap-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure(path: shown, code: errno) }
        let temp = String(cString: template)
        var mode = stat()
        // The new file keeps the old one's permissions; a new one gets the usual 0666 less the umask.
        let perms: mode_t = stat(target, &mode) == 0 ? mode.st_mode & 0o7777 : { let m = umask(0); umask(m); return 0o666 & ~m }()
        var failure = data.withUnsafeBytes { writeAll(fd, $0) }
        if failure == nil, fchmod(fd, perms) != 0 { failure = errno }
        if failure == nil, fsync(fd) != 0 { failure = errno }
        if close(fd) != 0, failure == nil { failure = errno }
        if failure == nil, rename(temp, target) != 0 { failure = errno }
        if let failure {
            unlink(temp)
            throw Failure(path: shown, code: failure)
        }
    }
}
