import Foundation
import GRDB
import GRDBSQLite

/// Loading a large catalogue as compact columns (`AssetTable`): every row's listing fields read
/// through the raw SQLite API into shared buffers, with the search index from its file. The
/// pages (description, contacts …) and links are read when shown, with `assets(ids:)` and
/// `links(of:)`.
extension CatalogueStore {
    /// What `loadListing` gives: the catalogue and, when the index file is current, its index.
    public struct Listing: Sendable {
        public var catalogue: Catalogue
        public var index: SearchIndex?
        /// Why there is no index (or where it was read from).
        public var reason: String
        /// Time taken by each step, in seconds (for benchmarks).
        public var timings: [(step: String, seconds: Double)] = []
    }

    /// The compact catalogue and the index file, read so that the two agree. The index is nil
    /// (with the reason) when the file is missing, stale or does not match the rows.
    ///
    /// On a large store the rows are read in two halves at once, on two connections (each its
    /// own read transaction); the halves are used only if both saw the same change generation
    /// (which every write to the assets, links and histories moves), otherwise everything is read
    /// again in one transaction.
    /// `inHalvesFrom`: stores of at least this many assets are read in two halves (tests use 0).
    public func loadListing(geography: Geography, taxonomy: Taxonomy,
                            inHalvesFrom threshold: Int = CatalogueStore.parallelListingThreshold) throws -> Listing {
        var clock = DispatchTime.now().uptimeNanoseconds
        var timings: [(String, Double)] = []
        func lap(_ step: String) {
            let t = DispatchTime.now().uptimeNanoseconds
            timings.append((step, Double(t - clock) / 1e9))
            clock = t
        }
        let (count, lo, hi) = try reader.read { db -> (Int, Int64, Int64) in
            let r = try Row.fetchOne(db, sql: "SELECT count(*), ifnull(min(seq), 0), ifnull(max(seq), 0) FROM asset")!
            return (r[0], r[1], r[2])
        }
        if count >= threshold && count >= 2 && ProcessInfo.processInfo.activeProcessorCount >= 2 {
            // Any failure there (a second connection refused, a change between the halves) reads again in one go.
            if var listing = try? parallelListing(geography: geography, taxonomy: taxonomy, split: lo + (hi - lo) * 45 / 100,
                                                  total: count, lap: lap) {
                listing.timings = timings
                return listing
            }
            lap("halves not used (a change between them, or no second connection): read again")
        }
        var listing = try reader.read { db -> Listing in
            var part = try CatalogueStore.readPart(db, seqs: nil)
            lap("asset rows (raw SQLite)")
            let cat = try CatalogueStore.finish(db, list: AssetList(storage: .table(part.finished)), geography: geography,
                                                taxonomy: taxonomy)
            lap("histories, records, id map (Catalogue)")
            let l = try indexListing(db, catalogue: cat, seqs: part.seqs, geography: geography, taxonomy: taxonomy)
            part.seqs = []
            lap("index file (map, check)")
            return l
        }
        listing.timings = timings
        return listing
    }

    /// Stores of at least this many assets are read in two halves at once.
    public static let parallelListingThreshold = 100_000

    private func parallelListing(geography: Geography, taxonomy: Taxonomy, split: Int64, total: Int,
                                 lap: (String) -> Void) throws -> Listing? {
        // The upper half, and the histories, each on a thread and a connection of its own (read-only
        // queues, whatever this store is); the lower half, then the index file, here. Three pieces
        // of work on two cores finish closer together than two uneven ones.
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(5)
        // A read-only store's connections write nothing beside the database either (`readOnlyQueue`).
        func connection() throws -> DatabaseQueue {
            isReadOnly ? try CatalogueStore.readOnlyQueue(path, config) : try DatabaseQueue(path: path, configuration: config)
        }
        let second = try connection()
        let third = try connection()
        final class Box<T>: @unchecked Sendable { var result: Result<(T, IndexStamp), Error>? }
        let upperBox = Box<TablePart>(), historiesBox = Box<Histories>()
        let done = DispatchSemaphore(value: 0)
        func start<T>(_ box: Box<T>, on queue: DatabaseQueue, _ work: @escaping @Sendable (Database) throws -> T) {
            let thread = Thread {
                box.result = Result { try queue.read { db in (try work(db), try CatalogueStore.indexStamp(db)) } }
                done.signal()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        start(upperBox, on: second) { db in try CatalogueStore.readPart(db, seqs: (split + 1)...Int64.max) }
        start(historiesBox, on: third) { db in try Histories(db) }
        var (lower, stamp, found) = try reader.read { db -> (TablePart, IndexStamp, Result<(SearchIndex, [Int64]), Error>) in
            // Room for both halves, so the upper one is appended in place.
            let part = try CatalogueStore.readPart(db, seqs: Int64.min...split, reserve: total)
            let stamp = try CatalogueStore.indexStamp(db)
            return (part, stamp, Result { try IndexFile.read(from: searchIndexPath, stamp: stamp, geography: geography, taxonomy: taxonomy) })
        }
        // The lower half's ids while the upper half may still be reading.
        var idMap = ByteHash(capacity: total)
        AssetTable.addIDs(lower.table.ids, from: 0, to: &idMap)
        let lowerCount = lower.table.count
        lap("lower half's rows, the index file and its ids (this thread)")
        done.wait()
        done.wait()
        lap("then waiting for the upper half's rows and the histories (the other threads)")
        let (histories, historiesStamp) = try historiesBox.result!.get()
        guard historiesStamp == stamp else { return nil }
        do {  // the upper half is freed once appended
            let (upper, upperStamp) = try upperBox.result!.get()
            upperBox.result = nil
            guard upperStamp == stamp else { return nil }
            lower.append(upper)
        }
        let merged = lower
        lower = TablePart()
        lap("halves joined")
        AssetTable.addIDs(merged.table.ids, from: lowerCount, to: &idMap)
        lap("the upper half's ids")
        let cat = histories.catalogue(AssetList(storage: .table(merged.finished)), geography: geography, taxonomy: taxonomy, idMap: idMap)
        lap("Catalogue (histories by asset)")
        switch found {
        case .success(let (index, rows)):
            return rows == merged.seqs ? Listing(catalogue: cat, index: index, reason: "read from \(searchIndexPath)")
                : Listing(catalogue: cat, index: nil, reason: "the index file's rows differ from the store's")
        case .failure(let f as IndexFile.Failure):
            return Listing(catalogue: cat, index: nil, reason: f.description)
        case .failure(let e):
            throw e
        }
    }

    /// The listing of `catalogue` with the index file, if it is current and its rows are `seqs`.
    private func indexListing(_ db: Database, catalogue cat: Catalogue, seqs: [Int64], geography: Geography,
                              taxonomy: Taxonomy) throws -> Listing {
        let stamp = try CatalogueStore.indexStamp(db)
        do {
            let (index, rows) = try IndexFile.read(from: searchIndexPath, stamp: stamp, geography: geography, taxonomy: taxonomy)
            return rows == seqs ? Listing(catalogue: cat, index: index, reason: "read from \(searchIndexPath)")
                : Listing(catalogue: cat, index: nil, reason: "the index file's rows differ from the store's")
        } catch let f as IndexFile.Failure {
            return Listing(catalogue: cat, index: nil, reason: f.description)
        }
    }

    /// The catalogue and its index for the explorer. `compact`: the compact columns with the
    /// index file when it is current; when it is not, the whole catalogue is loaded to build the
    /// index, which is saved beside the store (unless it is read-only) and then the compact
    /// columns are read with it. Otherwise (not `compact`, or read-only without a current file)
    /// the whole catalogue and its index.
    public func loadForExplorer(geography: Geography, taxonomy: Taxonomy, compact: Bool) throws -> (Catalogue, SearchIndex) {
        if compact {
            let listing = try loadListing(geography: geography, taxonomy: taxonomy)
            if let index = listing.index { return (listing.catalogue, index) }
        }
        let (cat, stamp, rows) = try loadSnapshot(geography: geography, taxonomy: taxonomy)
        let index = SearchIndex(cat)
        guard !isReadOnly, (try? saveIndex(index, stamp: stamp, rows: rows)) != nil else { return (cat, index) }
        // Saved: a compact catalogue holds a tenth of the memory, so read that instead (unless
        // the store changed meanwhile, when the whole one is as current as it can be).
        if compact, case let listing = try loadListing(geography: geography, taxonomy: taxonomy), let read = listing.index {
            return (listing.catalogue, read)
        }
        return (cat, index)
    }

    /// An asset's links as stored: its own, and who links to it (by source id).
    public func links(of id: String) throws -> (outgoing: [AssetLink], incoming: [(source: String, relation: LinkRelation)]) {
        try reader.read { db in
            let out = try Row.fetchAll(db, sql: "SELECT relation, target FROM link WHERE source = ? ORDER BY position", arguments: [id])
                .compactMap { r in LinkRelation(rawValue: r[0]).map { AssetLink($0, r[1]) } }
            let incoming = try Row.fetchAll(db, sql: "SELECT source, relation FROM link WHERE target = ?", arguments: [id])
                .compactMap { r -> (source: String, relation: LinkRelation)? in LinkRelation(rawValue: r[1]).map { (r[0], $0) } }
            return (out, incoming)
        }
    }

    /// Whole assets by id, with their links, in the order given; ids not stored are left out.
    public func assets(ids: [String]) throws -> [Asset] {
        if ids.isEmpty { return [] }
        return try reader.read { db in
            let links = try db.cachedStatement(sql: "SELECT relation, target FROM link WHERE source = ? ORDER BY position")
            var byID: [String: Asset] = [:]
            for part in stride(from: 0, to: ids.count, by: 256).map({ ids[$0..<min($0 + 256, ids.count)] }) {
                let marks = Array(repeating: "?", count: part.count).joined(separator: ",")
                let rows = try Row.fetchAll(db, sql: "SELECT \(CatalogueStore.assetColumns) FROM asset WHERE id IN (\(marks))",
                                            arguments: StatementArguments(Array(part)))
                for r in rows {
                    let a = try CatalogueStore.asset(r) { id in
                        try Row.fetchAll(links, arguments: [id]).compactMap { x in LinkRelation(rawValue: x[0]).map { AssetLink($0, x[1]) } }
                    }
                    byID[a.id] = a
                }
            }
            return ids.compactMap { byID[$0] }
        }
    }

    /// The rows of one seq range, read into columns (interned values numbered within the part).
    struct TablePart {
        var table = AssetTable()
        var seqs: [Int64] = []
        /// The stored ward, cluster and category texts, numbered as `table` numbers them.
        var wards = Interner(), clusters = Interner(), categories = Interner()

        /// The table with the interned texts filled in.
        var finished: AssetTable {
            var t = table
            t.wardCodes = wards.strings
            t.clusterIDs = clusters.strings
            t.categoryLists = TablePart.lists(categories)
            return t
        }

        /// `StoredValues.list` of each interned text, with one `String` per distinct category id
        /// (a million assets have over 100,000 distinct lists of some 75 ids).
        static func lists(_ texts: Interner) -> [[String]] {
            var ids = Interner()
            var names: [String] = []
            return (0..<texts.keys.count).map { k in
                texts.keys.withBytes(k) { b -> [String] in
                    guard !b.contains(where: { $0 >= 0x80 }) else { return StoredValues.list(String(decoding: b, as: UTF8.self)) }
                    var out: [String] = []
                    var start = 0
                    for i in 0...b.count where i == b.count || b[i] == 0x3B {
                        if i > start {
                            let id = ids.intern(UnsafeBufferPointer(rebasing: b[start..<i]))
                            if id == names.count { names.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)) }
                            out.append(names[id])
                        }
                        start = i + 1
                    }
                    return out
                }
            }
        }

        /// Appends `other`'s rows after these, renumbering its interned values.
        mutating func append(_ other: TablePart) {
            func remap(_ mine: inout Interner, _ theirs: Interner) -> [Int] {
                (0..<theirs.keys.count).map { k in theirs.keys.withBytes(k) { mine.intern($0) } }
            }
            let o = other.table
            let wardMap = remap(&wards, other.wards), clusterMap = remap(&clusters, other.clusters)
            let categoryMap = remap(&categories, other.categories)
            table.ids.append(contentsOf: o.ids)
            table.names.append(contentsOf: o.names)
            table.summaries.append(contentsOf: o.summaries)
            table.postcodes.append(contentsOf: o.postcodes)
            table.kinds += o.kinds
            table.wards += o.wards.map { UInt16(wardMap[Int($0)]) }
            table.clusters += o.clusters.map { UInt16(clusterMap[Int($0)]) }
            table.categories += o.categories.map { UInt32(categoryMap[Int($0)]) }
            table.lat += o.lat
            table.lon += o.lon
            table.verified += o.verified
            table.days += o.days
            seqs += other.seqs
        }
    }

    /// The columns lists need for the assets in `seqs` (all when nil), in `seq` order.
    /// `reserve`: room for that many rows (when more are appended later).
    static func readPart(_ db: Database, seqs range: ClosedRange<Int64>?, reserve: Int = 0) throws -> TablePart {
        let where_ = range == nil ? "" : "WHERE seq BETWEEN ?1 AND ?2"
        let n = max(reserve, try Int.fetchOne(db, sql: "SELECT count(*) FROM asset \(where_)",
                                              arguments: range.map { [$0.lowerBound, $0.upperBound] } ?? []) ?? 0)
        var part = TablePart()
        var t = AssetTable()
        t.ids.reserve(n, bytes: n * 12)
        t.names.reserve(n, bytes: n * 32)
        t.summaries.reserve(n, bytes: n * 48)
        t.postcodes.reserve(n, bytes: n * 8)
        t.kinds.reserveCapacity(n)
        t.wards.reserveCapacity(n)
        t.clusters.reserveCapacity(n)
        t.categories.reserveCapacity(n)
        t.lat.reserveCapacity(n)
        t.lon.reserveCapacity(n)
        t.verified.reserveCapacity(n)
        t.days.reserveCapacity(n)
        part.seqs.reserveCapacity(n)
        var wards = Interner(), clusters = Interner(), categories = Interner()

        let statement = try db.makeStatement(sql: """
            SELECT id, kind, name, description, categories, ward, cluster, postcode, lat, lon, verified,
                days, times, frequency, cost, seq FROM asset \(where_) ORDER BY seq
            """)
        if let range { try statement.setArguments([range.lowerBound, range.upperBound]) }
        let p = statement.sqliteStatement
        defer { sqlite3_reset(p) }
        while true {
            let rc = sqlite3_step(p)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection))) }
            t.ids.append(text(p, 0))
            let kind = CatalogueStore.kind(text(p, 1))
            t.kinds.append(kind)
            t.names.append(text(p, 2))
            t.categories.append(UInt32(categories.intern(text(p, 4))))
            t.wards.append(UInt16(wards.intern(text(p, 5))))
            t.clusters.append(UInt16(clusters.intern(text(p, 6))))
            t.postcodes.append(text(p, 7))
            if sqlite3_column_type(p, 8) != SQLITE_NULL && sqlite3_column_type(p, 9) != SQLITE_NULL {
                t.lat.append(sqlite3_column_double(p, 8))
                t.lon.append(sqlite3_column_double(p, 9))
            } else {
                t.lat.append(.nan)
                t.lon.append(.nan)
            }
            if sqlite3_column_type(p, 10) == SQLITE_NULL {
                t.verified.append(Int32.min)
            } else {
                let b = text(p, 10)
                let d = StoredValues.date(bytes: b) ?? LocalDate(iso: String(decoding: b, as: UTF8.self))
                t.verified.append(d.map { Int32($0.dayNumber) } ?? Int32.min)
            }
            let dayBytes = text(p, 11)
            let days = StoredValues.days(bytes: dayBytes) ?? StoredValues.days(String(decoding: dayBytes, as: UTF8.self))
            var mask: UInt8 = 0
            for d in days { mask |= 1 << (d.rawValue - 1) }
            t.days.append(mask)
            summary(into: &t.summaries, kind: kind, days: days, p)
            part.seqs.append(sqlite3_column_int64(p, 15))
        }
        part.table = t
        (part.wards, part.clusters, part.categories) = (wards, clusters, categories)
        return part
    }

    @inline(__always)
    private static func text(_ p: OpaquePointer, _ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let c = sqlite3_column_text(p, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: c, count: Int(sqlite3_column_bytes(p, column)))
    }

    /// `AssetKind(rawValue:) ?? .group`, as `asset(_:links:)` reads it. The table's CHECK
    /// constraint allows only the four names, so the first byte and the length tell them apart.
    @inline(__always)
    private static func kind(_ b: UnsafeBufferPointer<UInt8>) -> AssetKind {
        guard let first = b.first else { return .group }
        switch (first, b.count) {
        case (0x67, 5): return .group  // g
        case (0x61, 8): return .activity  // a
        case (0x70, 5): return .place  // p
        case (0x61, 6): return .anchor  // a
        default: return .group
        }
    }

    /// `AssetDetails.summary` of the row (columns 3 description, 12 times, 13 frequency, 14 cost),
    /// on bytes when the description is ASCII.
    private static func summary(into column: inout TextColumn, kind: AssetKind, days: [Weekday], _ p: OpaquePointer) {
        let times = kind == .activity ? text(p, 12) : UnsafeBufferPointer(start: nil, count: 0)
        let frequency = kind == .activity ? text(p, 13) : UnsafeBufferPointer(start: nil, count: 0)
        if kind == .activity && !(days.isEmpty && times.isEmpty && frequency.isEmpty) {
            // `Schedule.summary` and the cost, written straight into the column.
            var empty = true
            for (k, d) in days.enumerated() {
                if k > 0 { column.extend(", ") }
                column.extend(d.short)
                empty = false
            }
            if !times.isEmpty {
                if !empty { column.extend(byte: 0x20) }
                column.extend(times)
                empty = false
            }
            if !frequency.isEmpty {
                if empty {
                    column.extend(frequency)
                } else {
                    column.extend(" (")
                    column.extend(frequency)
                    column.extend(byte: 0x29)
                }
            }
            let cost = text(p, 14)
            if !cost.isEmpty {
                column.extend(" · ")
                column.extend(cost)
            }
            column.close()
            return
        }
        let d = text(p, 3)
        switch AssetDetails.firstSentence(ascii: d) {
        case .whole: column.append(d)
        case .cut(let i):
            column.extend(UnsafeBufferPointer(rebasing: d[0..<i]))
            column.extend(byte: 0x2E)
            column.close()
        case .notASCII:
            column.append(AssetDetails.summary(kind: kind, schedule: Schedule(), cost: "", description: String(decoding: d, as: UTF8.self)))
        }
    }
}
