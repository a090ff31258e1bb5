import Foundation
import GRDB
import GRDBSQLite

/// Loading a large catalogue as compact columns (`AssetTable`): every row's listing fields read
/// through the raw SQLite API into shared buffers, with the search index from its file. The
/// pages (description, contacts …) are read when shown, with `assets(ids:)`.
extension CatalogueStore {
    /// What `loadListing` gives: the catalogue and, when the index file is current, its index.
    public struct Listing: Sendable {
        public var catalogue: Catalogue
        public var index: SearchIndex?
        /// Why there is no index (or where it was read from).
        public var reason: String
    }

    /// The compact catalogue and the index file, in one read transaction so the two agree. The
    /// index is nil (with the reason) when the file is missing, stale or does not match the rows.
    public func loadListing(geography: Geography, taxonomy: Taxonomy) throws -> Listing {
        try reader.read { db in
            var seqs: [Int64] = []
            let (table, ids) = try CatalogueStore.readTable(db, seqs: &seqs)
            let cat = try CatalogueStore.finish(db, list: AssetList(storage: .table(table)), geography: geography,
                                                taxonomy: taxonomy, idMap: ids)
            let stamp = try CatalogueStore.indexStamp(db)
            do {
                let (index, rows) = try IndexFile.read(from: searchIndexPath, stamp: stamp, geography: geography, taxonomy: taxonomy)
                guard rows == seqs else { return Listing(catalogue: cat, index: nil, reason: "the index file's rows differ from the store's") }
                return Listing(catalogue: cat, index: index, reason: "read from \(searchIndexPath)")
            } catch let f as IndexFile.Failure {
                return Listing(catalogue: cat, index: nil, reason: f.description)
            }
        }
    }

    /// The catalogue and its index for the explorer. `compact`: the compact columns with the
    /// index file when it is current. Otherwise (or when the file is not current) the whole
    /// catalogue, with the index built and saved beside the store unless it is read-only, so the
    /// next compact load finds it.
    public func loadForExplorer(geography: Geography, taxonomy: Taxonomy, compact: Bool) throws -> (Catalogue, SearchIndex) {
        if compact {
            let listing = try loadListing(geography: geography, taxonomy: taxonomy)
            if let index = listing.index { return (listing.catalogue, index) }
        }
        let (cat, stamp, rows) = try loadSnapshot(geography: geography, taxonomy: taxonomy)
        let index = SearchIndex(cat)
        if !isReadOnly { try? saveIndex(index, stamp: stamp, rows: rows) }
        return (cat, index)
    }

    /// Whole assets by id, with their links, in the order given; ids not stored are left out.
    public func assets(ids: [String]) throws -> [Asset] {
        if ids.isEmpty { return [] }
        return try reader.read { db in
            var seqByID: [String: Int64] = [:]
            for part in stride(from: 0, to: ids.count, by: 256).map({ ids[$0..<min($0 + 256, ids.count)] }) {
                let marks = Array(repeating: "?", count: part.count).joined(separator: ",")
                for r in try Row.fetchAll(db, sql: "SELECT id, seq FROM asset WHERE id IN (\(marks))", arguments: StatementArguments(Array(part))) {
                    seqByID[r[0]] = r[1]
                }
            }
            let found = ids.filter { seqByID[$0] != nil }
            return try CatalogueStore.assets(db, rows: found.map { seqByID[$0]! })
        }
    }

    /// The columns lists need, for every asset in `seq` order, and the id map; `seqs` gets each row's `seq`.
    static func readTable(_ db: Database, seqs: inout [Int64]) throws -> (AssetTable, ByteHash) {
        let n = try Int.fetchOne(db, sql: "SELECT count(*) FROM asset") ?? 0
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
        seqs = []
        seqs.reserveCapacity(n)
        var wards = Interner(), clusters = Interner(), categories = Interner()
        var idMap = ByteHash(capacity: n)

        let statement = try db.makeStatement(sql: """
            SELECT id, kind, name, description, categories, ward, cluster, postcode, lat, lon, verified,
                days, times, frequency, cost, seq FROM asset ORDER BY seq
            """)
        let p = statement.sqliteStatement
        defer { sqlite3_reset(p) }
        var row = 0
        while true {
            let rc = sqlite3_step(p)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection))) }
            let id = text(p, 0)
            t.ids.append(id)
            let ids = t.ids
            idMap.set(hash: ByteHash.hash(id), value: Int32(row), { ids.equals(Int($0), id) }, hashOf: { ids.hash(Int($0)) })
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
            seqs.append(sqlite3_column_int64(p, 15))
            row += 1
        }
        t.wardCodes = wards.strings
        t.clusterIDs = clusters.strings
        t.categoryLists = categories.strings.map { StoredValues.list($0) }

        // Links, grouped by source (by id, which is how the table is ordered), into catalogue order.
        var linkSource: [Int32] = [], linkRelation: [LinkRelation] = [], linkTarget = TextColumn()
        let links = try db.makeStatement(sql: "SELECT source, relation, target FROM link ORDER BY source, position")
        let lp = links.sqliteStatement
        defer { sqlite3_reset(lp) }
        var lastSource: Int32 = -1
        var lastBytes: [UInt8] = []
        while true {
            let rc = sqlite3_step(lp)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection))) }
            guard let rel = LinkRelation(rawValue: String(decoding: text(lp, 1), as: UTF8.self)) else { continue }
            let source = text(lp, 0)
            if !source.elementsEqual(lastBytes) {
                lastBytes = Array(source)
                let ids = t.ids
                lastSource = idMap.find(hash: ByteHash.hash(source), { ids.equals(Int($0), source) }) ?? -1
            }
            guard lastSource >= 0 else { continue }
            linkSource.append(lastSource)
            linkRelation.append(rel)
            linkTarget.append(text(lp, 2))
        }
        // Counting sort by source index; each source keeps its links in position order.
        var starts = [UInt32](repeating: 0, count: n + 1)
        for s in linkSource { starts[Int(s) + 1] += 1 }
        for i in 0..<n { starts[i + 1] += starts[i] }
        var slot = [Int](repeating: 0, count: linkSource.count)
        var fill = starts
        for (k, s) in linkSource.enumerated() {
            slot[Int(fill[Int(s)])] = k
            fill[Int(s)] += 1
        }
        t.linkStarts = starts
        t.linkRelations = slot.map { linkRelation[$0] }
        t.linkTargets.reserve(slot.count, bytes: linkTarget.count * 12)
        for k in slot { linkTarget.withBytes(k) { t.linkTargets.append($0) } }
        return (t, idMap)
    }

    @inline(__always)
    private static func text(_ p: OpaquePointer, _ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let c = sqlite3_column_text(p, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: c, count: Int(sqlite3_column_bytes(p, column)))
    }

    /// `AssetKind(rawValue:) ?? .group`, as `asset(_:links:)` reads it.
    private static func kind(_ b: UnsafeBufferPointer<UInt8>) -> AssetKind {
        switch b.count {
        case 5 where b.elementsEqual("group".utf8): .group
        case 8 where b.elementsEqual("activity".utf8): .activity
        case 5 where b.elementsEqual("place".utf8): .place
        case 6 where b.elementsEqual("anchor".utf8): .anchor
        default: .group
        }
    }

    /// `AssetDetails.summary` of the row (columns 3 description, 12 times, 13 frequency, 14 cost),
    /// on bytes when the description is ASCII.
    private static func summary(into column: inout TextColumn, kind: AssetKind, days: [Weekday], _ p: OpaquePointer) {
        let times = text(p, 12), frequency = text(p, 13)
        if kind == .activity && !(days.isEmpty && times.isEmpty && frequency.isEmpty) {
            let schedule = Schedule(days: days, times: String(decoding: times, as: UTF8.self),
                                    frequency: String(decoding: frequency, as: UTF8.self))
            column.append(AssetDetails.summary(kind: kind, schedule: schedule, cost: String(decoding: text(p, 14), as: UTF8.self),
                                               description: ""))
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
