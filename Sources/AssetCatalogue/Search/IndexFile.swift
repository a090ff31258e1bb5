import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@inline(__always) private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, p, n)
    #else
    Darwin.write(fd, p, n)
    #endif
}

/// What a persisted search index was built from: the database it belongs to (a random id made
/// when the store is created, so a replaced database never matches), the store's change
/// generation (bumped by triggers on every row of the tables the index reads), and the number
/// of assets. An index file is used only when all three match the store now.
public struct IndexStamp: Hashable, Sendable, CustomStringConvertible {
    public var database: String
    public var generation: Int64
    public var count: Int

    public init(database: String, generation: Int64, count: Int) {
        self.database = database
        self.generation = generation
        self.count = count
    }

    public var description: String { "database \(database) generation \(generation), \(count) assets" }
}

/// The search index on disk: a header (magic, format version, stamp, reference-data fingerprint,
/// checksum) then the index's flat arrays, each as its element count and raw bytes. Written to a
/// temporary file and renamed into place, so a reader sees a whole file or none. A file whose
/// header, lengths or checksum do not match is ignored (the caller rebuilds).
enum IndexFile {
    static let magic: UInt64 = 0x5844_4E49_4D41_5341  // "ASAMINDX" little-endian
    /// Bump when the file layout or anything the index build computes changes.
    static let version: UInt32 = 1

    enum Failure: Error, CustomStringConvertible {
        case missing, unreadable(String), stale(String), corrupt(String)
        var description: String {
            switch self {
            case .missing: "no index file"
            case .unreadable(let s): "cannot read the index file: \(s)"
            case .stale(let s): "stale index file: \(s)"
            case .corrupt(let s): "corrupt index file: \(s)"
            }
        }
    }

    /// A fingerprint of the reference data the value bitsets are laid out by.
    static func fingerprint(_ geo: Geography, _ tax: Taxonomy) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ s: String) {
            for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            h = (h ^ 0xff) &* 0x100_0000_01b3
        }
        for w in geo.wards { add(w.code); add(w.name); add(w.district) }
        add("|")
        for c in geo.clusters { add(c.id); add(c.name) }
        add("|")
        for d in geo.districts { add(d.id); add(d.name) }
        add("|")
        for c in tax.categories { add(c.id); add(c.name); add(c.parent ?? "\u{0}") }
        add("|")
        for o in OwnerType.allCases { add(o.rawValue); add(o.label) }
        for f in Facility.allCases { add(f.rawValue); add(f.label) }
        return h
    }

    // MARK: Writing

    struct Writer {
        var out: [UInt8] = []
        var checksum = Checksum()

        mutating func bytes(_ b: UnsafeRawBufferPointer) {
            checksum.add(b)
            out.append(contentsOf: b)
            pad()
        }

        mutating func raw<T>(_ a: [T]) { a.withUnsafeBytes { bytes($0) } }

        mutating func array<T>(_ a: [T]) {
            int(a.count)
            raw(a)
        }

        mutating func array<T>(_ a: Flat<T>) {
            int(a.count)
            a.withUnsafeBytes { bytes($0) }
        }

        mutating func int(_ v: Int) { raw([Int64(v)]) }

        mutating func pad() {
            while out.count % 8 != 0 { out.append(0) }
        }
    }

    /// Where the process `pid` writes the index file for `path` before renaming it into place.
    static func temporaryPath(for path: String, pid: Int32) -> String {
        let dir = (path as NSString).deletingLastPathComponent
        return (dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).\(pid).tmp"
    }

    /// Removes the temporaries of index writes for `path` whose process is gone (a rebuild killed
    /// midway): only files named as `temporaryPath` names them, and never a live process's.
    static func removeStaleTemporaries(for path: String) {
        let dir = (path as NSString).deletingLastPathComponent
        let prefix = ".\((path as NSString).lastPathComponent).", folder = dir.isEmpty ? "." : dir
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            guard let pid = Int32(name.dropFirst(prefix.count).dropLast(4)), pid > 0, pid != getpid(),
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            unlink(folder + "/" + name)
        }
    }

    static func write(_ index: SearchIndex, rows: [Int64], stamp: IndexStamp, to path: String) throws {
        precondition(rows.count == index.count && stamp.count == index.count)
        var w = Writer()
        w.out.reserveCapacity(index.memoryBytes + rows.count * 8 + 4096)
        w.array(index.vocab.bytes)
        w.array(index.vocab.starts)
        for s in [index.name, index.other] {
            w.array(s.postings)
            w.array(s.postStarts)
            w.array(s.forward)
            w.array(s.starts)
            w.int(s.tokenCount)
        }
        w.array(index.codeOf)
        w.array(index.idOfCode)
        w.array(index.values.storage)
        w.array(index.rank)
        w.array(index.byRank)
        let prefixes = index.heavy.byPrefix.sorted { $0.value < $1.value }
        w.int(prefixes.count)
        for (p, e) in prefixes {
            precondition(e < index.heavy.entries.count)
            let entry = index.heavy.entries[e]
            w.array(p)
            w.array(entry.any)
            w.array(entry.name)
            w.int(entry.anyExact == nil ? 0 : 1)
            if let x = entry.anyExact { w.array(x) }
            w.int(entry.nameExact == nil ? 0 : 1)
            if let x = entry.nameExact { w.array(x) }
        }
        w.array(rows)

        var header = Writer()
        header.raw([magic])
        header.raw([version, UInt32(0)])
        let db = Array(stamp.database.utf8)
        header.array(db)
        header.raw([stamp.generation, Int64(stamp.count)])
        header.raw([fingerprint(index.geography, index.taxonomy), UInt64(w.out.count), w.checksum.value])

        let tmp = temporaryPath(for: path, pid: getpid())
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw StoreError("cannot write \(tmp): \(String(cString: strerror(errno)))") }
        var ok = false
        defer {
            if !ok { unlink(tmp) }
        }
        do {
            defer { close(fd) }
            try writeAll(fd, header.out, tmp)
            try writeAll(fd, w.out, tmp)
            guard fsync(fd) == 0 else { throw StoreError("cannot write \(tmp): \(String(cString: strerror(errno)))") }
        }
        guard rename(tmp, path) == 0 else { throw StoreError("cannot rename \(tmp): \(String(cString: strerror(errno)))") }
        ok = true
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], _ what: String) throws {
        try bytes.withUnsafeBytes { b in
            var off = 0
            while off < b.count {
                let n = posixWrite(fd, b.baseAddress! + off, b.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw StoreError("cannot write \(what): \(String(cString: strerror(errno)))")
                }
                off += n
            }
        }
    }

    // MARK: Reading

    /// Reads the mapped file front to back. Arrays are pieces of the mapping (nothing is
    /// copied); every length is checked against what is left of the file first.
    struct Reader {
        let file: MappedFile
        var offset = 0
        var checksum = Checksum()
        var summing = false

        var left: Int { file.size - offset }

        /// The next `n` bytes, then the padding to the next 8-byte boundary (not checksummed).
        mutating func take(_ n: Int) throws -> UnsafeRawPointer {
            guard n >= 0, n <= left else { throw Failure.corrupt("truncated") }
            let p = file.base + offset
            if summing {
                // The check reads every page of the piece; it gives back those read so far as it
                // goes (they fault back in from the page cache when a search needs them).
                let start = offset, file = file
                checksum.add(UnsafeRawBufferPointer(start: p, count: n)) { done in file.release(upTo: start + done) }
                file.release(upTo: offset + n)
            }
            offset += n + (8 - n % 8) % 8
            guard offset <= file.size else { throw Failure.corrupt("truncated") }
            return p
        }

        /// `n` values copied out (header fields).
        mutating func raw<T: BitwiseCopyable>(_ n: Int, _: T.Type) throws -> [T] {
            guard n >= 0, n <= left / max(1, MemoryLayout<T>.stride) else { throw Failure.corrupt("length \(n) out of range") }
            let p = try take(n * MemoryLayout<T>.stride)
            return (0..<n).map { p.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.stride, as: T.self) }
        }

        mutating func int() throws -> Int { Int(try raw(1, Int64.self)[0]) }

        /// A counted array, as a piece of the mapping.
        mutating func flat<T: BitwiseCopyable>(_: T.Type) throws -> Flat<T> {
            let n = try int()
            guard n >= 0, n <= left / max(1, MemoryLayout<T>.stride) else { throw Failure.corrupt("length \(n) out of range") }
            let p = try take(n * MemoryLayout<T>.stride)
            return Flat(mapped: n == 0 ? nil : p.bindMemory(to: T.self, capacity: n), count: n, file: file)
        }

        /// A counted array, copied out.
        mutating func array<T: BitwiseCopyable>(_: T.Type) throws -> [T] { Array(try flat(T.self)) }
    }

    /// The index and its rows (store `seq` of each indexed asset, in index order), if the file
    /// at `path` belongs to `stamp` and reads back whole.
    static func read(from path: String, stamp: IndexStamp, geography: Geography, taxonomy: Taxonomy) throws
        -> (SearchIndex, [Int64]) {
        let t0 = Date()
        // Without its generation row the store cannot say when it changed: never trust a file then.
        guard !stamp.database.isEmpty, stamp.generation >= 0 else { throw Failure.stale("the store keeps no change generation") }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            if errno == ENOENT { throw Failure.missing }
            throw Failure.unreadable(String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Failure.unreadable(String(cString: strerror(errno))) }
        guard st.st_size >= 64 else { throw Failure.corrupt("not an assetmap index file") }
        guard let file = MappedFile(fd: fd, size: Int(st.st_size)) else {
            throw Failure.unreadable("cannot map it: \(String(cString: strerror(errno)))")
        }
        var r = Reader(file: file)
        guard try r.raw(1, UInt64.self)[0] == magic else { throw Failure.corrupt("not an assetmap index file") }
        let v = try r.raw(2, UInt32.self)
        guard v[0] == version else { throw Failure.stale("format version \(v[0]), want \(version)") }
        let db = String(decoding: try r.array(UInt8.self), as: UTF8.self)
        let gc = try r.raw(2, Int64.self)
        let have = IndexStamp(database: db, generation: gc[0], count: Int(gc[1]))
        guard have == stamp else { throw Failure.stale("made for \(have), the store is at \(stamp)") }
        let tail = try r.raw(3, UInt64.self)
        guard tail[0] == fingerprint(geography, taxonomy) else { throw Failure.stale("reference data changed") }
        guard Int(tail[1]) == r.left else { throw Failure.corrupt("\(r.left) bytes of data, header says \(tail[1])") }
        r.summing = true

        let n = stamp.count
        let words = max(1, (n + 63) >> 6)
        let vocab = Vocabulary(bytes: try r.flat(UInt8.self), starts: try r.flat(UInt32.self))
        let terms = vocab.starts.count - 1
        guard terms >= 0, vocab.starts.last.map({ Int($0) == vocab.bytes.count }) ?? false else { throw Failure.corrupt("vocabulary") }
        var streams: [SearchIndex.Stream] = []
        for _ in 0..<2 {
            let s = SearchIndex.Stream(postings: try r.flat(UInt32.self), postStarts: try r.flat(UInt32.self),
                                       forward: try r.flat(UInt8.self), starts: try r.flat(UInt32.self),
                                       tokenCount: try r.int())
            guard s.postStarts.count == terms + 1, Int(s.postStarts[terms]) == s.postings.count,
                  s.starts.count == n + 1, Int(s.starts[n]) == s.forward.count else { throw Failure.corrupt("postings") }
            streams.append(s)
        }
        let codeOf = try r.flat(UInt32.self), idOfCode = try r.flat(UInt32.self)
        guard codeOf.count == terms, idOfCode.count == terms + 1 else { throw Failure.corrupt("forward codes") }
        let storage = try r.flat(UInt64.self)
        let values = ValueBits(geography: geography, taxonomy: taxonomy, count: n, storage: storage)
        guard storage.count == values.valueCount * words else { throw Failure.corrupt("value bitsets") }
        let rank = try r.flat(UInt32.self), byRank = try r.flat(UInt32.self)
        guard rank.count == n, byRank.count == n else { throw Failure.corrupt("name order") }
        var heavy = SearchIndex.HeavyPrefixes()
        let prefixes = try r.int()
        guard prefixes >= 0 && prefixes <= 1024 else { throw Failure.corrupt("heavy prefixes") }
        for _ in 0..<prefixes {
            let p = try r.array(UInt8.self)
            var e = SearchIndex.HeavyPrefixes.Entry(any: try r.array(UInt64.self), name: try r.array(UInt64.self))
            if try r.int() != 0 { e.anyExact = try r.array(UInt64.self) }
            if try r.int() != 0 { e.nameExact = try r.array(UInt64.self) }
            guard e.any.count == words, e.name.count == words, (e.anyExact?.count ?? words) == words,
                  (e.nameExact?.count ?? words) == words else { throw Failure.corrupt("heavy prefixes") }
            heavy.byPrefix[p] = heavy.entries.count
            heavy.entries.append(e)
        }
        let rows = try r.array(Int64.self)
        guard rows.count == n, r.left == 0 else { throw Failure.corrupt("rows") }
        // Every byte was checksummed above, so the arrays are the ones written.
        guard r.checksum.value == tail[2] else { throw Failure.corrupt("checksum") }
        let index = SearchIndex(count: n, vocab: vocab, name: streams[0], other: streams[1], codeOf: codeOf, idOfCode: idOfCode,
                                values: values, rank: rank, byRank: byRank, heavy: heavy, geography: geography,
                                taxonomy: taxonomy, buildTimings: [("read index file", Date().timeIntervalSince(t0))])
        return (index, rows)
    }
}

/// A fast checksum over whole 8-byte words (4 lanes, so it runs at memory speed); the tail
/// bytes are folded in one by one. Data is always fed in 8-byte-padded pieces.
struct Checksum {
    private var lanes: (UInt64, UInt64, UInt64, UInt64) = (1, 2, 3, 4)
    private var length: UInt64 = 0

    /// `progress` is told every 8 MB how many bytes of `b` are done (the sum is the same).
    mutating func add(_ b: UnsafeRawBufferPointer, progress: ((Int) -> Void)? = nil) {
        let n = b.count
        guard n > 0, let base = b.baseAddress else { return }
        var (a, c, d, e) = lanes
        let m: UInt64 = 0x9E37_79B9_7F4A_7C15
        var i = 0
        while i + 32 <= n {
            if let progress, i & (8 << 20 - 1) == 0, i > 0 { progress(i) }
            a = (a ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* m
            c = (c ^ base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)) &* m
            d = (d ^ base.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)) &* m
            e = (e ^ base.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)) &* m
            i += 32
        }
        while i < n {
            a = (a ^ UInt64(base.load(fromByteOffset: i, as: UInt8.self))) &* m
            a = a ^ (a >> 29)
            i += 1
        }
        lanes = (a ^ (a >> 31), c ^ (c >> 31), d ^ (d >> 31), e ^ (e >> 31))
        length &+= UInt64(n)
    }

    var value: UInt64 {
        let (a, c, d, e) = lanes
        var h = a &+ (c &* 3) &+ (d &* 5) &+ (e &* 7) &+ length
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h
    }
}
