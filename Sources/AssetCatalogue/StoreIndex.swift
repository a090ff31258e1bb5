import Foundation
import GRDB
import GRDBSQLite

/// The search index kept beside the database (`<db>.search-index`), and searching through it
/// without loading the catalogue.
///
/// The store keeps a change generation: triggers bump it on every insert, update or delete of
/// the tables the index reads (assets, links, transfer and ACV events). An index file records
/// the store's random database id, that generation and the asset count; it is used only while
/// all three still match, and its reference-data fingerprint matches too. Anything else (no
/// file, a stale one, a corrupt or truncated one) is ignored: the index is built from the
/// catalogue and, unless the store is read-only, saved again (written whole, then renamed).
extension CatalogueStore {
    static func migrateV4Generation(_ db: Database) throws {
        var sql = """
            CREATE TABLE generation (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                database TEXT NOT NULL,
                value INTEGER NOT NULL
            );
            INSERT INTO generation (id, database, value) VALUES (1, lower(hex(randomblob(16))), 0);

            """
        for table in ["asset", "link", "transfer_event", "acv_event"] {
            for event in ["insert", "update", "delete"] {
                sql += """
                    CREATE TRIGGER generation_\(table)_\(event) AFTER \(event.uppercased()) ON \(table)
                    BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;

                    """
            }
        }
        try db.execute(sql: sql)
    }

    /// Where the persisted search index lives: beside the database.
    public var searchIndexPath: String { path + ".search-index" }

    static func indexStamp(_ db: Database) throws -> IndexStamp {
        let r = try Row.fetchOne(db, sql: "SELECT database, value FROM generation WHERE id = 1")
        let n = try Int.fetchOne(db, sql: "SELECT count(*) FROM asset") ?? 0
        return IndexStamp(database: r?[0] ?? "", generation: r?[1] ?? -1, count: n)
    }

    /// What an index file must say to be used for the store as it is now.
    public func indexStamp() throws -> IndexStamp {
        try reader.read { try CatalogueStore.indexStamp($0) }
    }

    /// The catalogue, with the stamp and the `seq` of every asset (index order), from one read
    /// transaction, so the three agree.
    public func loadSnapshot(geography: Geography, taxonomy: Taxonomy) throws -> (Catalogue, IndexStamp, [Int64]) {
        try reader.read { db in
            var rows: [Int64] = []
            let cat = try CatalogueStore.load(db, geography: geography, taxonomy: taxonomy, rows: &rows)
            return (cat, try CatalogueStore.indexStamp(db), rows)
        }
    }

    /// The index file, if it belongs to the store as it is now; otherwise nil and why not.
    public func persistedIndex(geography: Geography, taxonomy: Taxonomy) throws -> (index: SearchIndex?, rows: [Int64], reason: String) {
        try reader.read { db in
            let stamp = try CatalogueStore.indexStamp(db)
            do {
                let (index, rows) = try IndexFile.read(from: searchIndexPath, stamp: stamp, geography: geography, taxonomy: taxonomy)
                return (index, rows, "read from \(searchIndexPath)")
            } catch let f as IndexFile.Failure {
                return (nil, [], f.description)
            }
        }
    }

    /// Saves an index built from `loadSnapshot`'s catalogue, with its stamp and rows. Refused on
    /// a read-only store.
    public func saveIndex(_ index: SearchIndex, stamp: IndexStamp, rows: [Int64]) throws {
        _ = try requireWriter()
        guard rows.count == index.count, stamp.count == index.count else {
            throw StoreError("the index does not match the snapshot it is saved with")
        }
        guard !stamp.database.isEmpty, stamp.generation >= 0 else {
            throw StoreError("the store keeps no change generation; the index is not saved")
        }
        try IndexFile.write(index, rows: rows, stamp: stamp, to: searchIndexPath)
    }

    /// The stored rows whose `seq` is in `rows` (the columns `fields` needs), in `seq` order, each
    /// with the position in `rows` that names it (a row named twice is visited twice). A few rows
    /// are looked up in batches of `seq`s; many are read in one pass over their `seq` range, in
    /// which SQLite skips the rows not asked for before decoding any of their columns.
    static func forEachRow(_ db: Database, rows: [Int64], fields: HitFields,
                           _ body: (StoredRow, Int) throws -> Void) throws {
        if rows.isEmpty { return }
        let columns: String, seqColumn: Int32
        switch fields {
        case .list: (columns, seqColumn) = (listColumns, 11)
        case .all: (columns, seqColumn) = (assetColumns, 27)
        }
        let linkStatement = try db.cachedStatement(sql: "SELECT relation, target FROM link WHERE source = ? ORDER BY position")
        // Hands each row of `sql` (rows in seq order) to `body`, with each position `named(seq, &positions)` gives.
        var positions: [Int] = []
        func walk(_ sql: String, cached: Bool, _ arguments: StatementArguments, _ named: (Int64, inout [Int]) -> Void) throws {
            let statement = cached ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
            let c = try Row.fetchCursor(statement, arguments: arguments)
            let raw = statement.sqliteStatement
            while let r = try c.next() {
                positions.removeAll(keepingCapacity: true)
                named(sqlite3_column_int64(raw, seqColumn), &positions)
                let row = StoredRow(row: r, statement: raw, fields: fields, links: linkStatement)
                for p in positions { try body(row, p) }
            }
        }
        var lo = rows[0], hi = rows[0]
        for s in rows { lo = min(lo, s); hi = max(hi, s) }
        if rows.count >= 256 && Int64(rows.count) * 16 >= hi - lo {
            // Dense: one ordered pass over the seq range. The positions by seq: `first[seq - lo]`,
            // then `next[position]`, -1 ending each.
            var first = [Int32](repeating: -1, count: Int(hi - lo) + 1)
            var next = [Int32](repeating: -1, count: rows.count)
            for p in rows.indices.reversed() {
                let o = Int(rows[p] - lo)
                next[p] = first[o]
                first[o] = Int32(p)
            }
            try first.withUnsafeBufferPointer { f in
                var wanted = WantedRows(lo: lo, first: f)
                try withUnsafeMutablePointer(to: &wanted) { w in
                    // `assetmap_wanted(seq)`, a filter SQLite runs before it decodes a row's columns.
                    let connection = db.sqliteConnection
                    let name = "assetmap_wanted"
                    guard sqlite3_create_function_v2(connection, name, 1, SQLITE_UTF8, w, { context, _, arguments in
                        let wanted = sqlite3_user_data(context)!.assumingMemoryBound(to: WantedRows.self).pointee
                        let o = Int(sqlite3_value_int64(arguments![0]!) - wanted.lo)
                        sqlite3_result_int(context, o >= 0 && o < wanted.first.count && wanted.first[o] >= 0 ? 1 : 0)
                    }, nil, nil, nil) == SQLITE_OK else { throw StoreError("could not register the row filter") }
                    defer { sqlite3_create_function_v2(connection, name, 1, SQLITE_UTF8, nil, nil, nil, nil, nil) }
                    try walk("SELECT \(columns) FROM asset WHERE seq BETWEEN ? AND ? AND \(name)(seq) ORDER BY seq",
                             cached: false, [lo, hi]) { seq, found in
                        var p = f[Int(seq - lo)]
                        while p >= 0 {
                            found.append(Int(p))
                            p = next[Int(p)]
                        }
                    }
                }
            }
        } else {
            // Sparse: batches of seqs in one statement each (`IN` on the rowid), rows back in seq order.
            let order = rows.indices.sorted { rows[$0] < rows[$1] }
            let batch = 256
            var k = 0
            while k < order.count {
                let end = min(k + batch, order.count)
                let marks = Array(repeating: "?", count: end - k).joined(separator: ",")
                var j = k
                try walk("SELECT \(columns) FROM asset WHERE seq IN (\(marks)) ORDER BY seq", cached: true,
                         StatementArguments(order[k..<end].map { rows[$0] })) { seq, found in
                    while j < end && rows[order[j]] < seq { j += 1 }
                    while j < end && rows[order[j]] == seq {
                        found.append(order[j])
                        j += 1
                    }
                }
                k = end
            }
        }
    }

    /// What the dense pass's filter function reads: which seqs are asked for.
    private struct WantedRows {
        var lo: Int64
        var first: UnsafeBufferPointer<Int32>
    }

    /// One stored asset row as SQLite has it, while it is being read (`searchHits`): decoded
    /// into an `Asset`, or (for `HitFields.list`) its text columns as bytes.
    public struct StoredRow {
        let row: Row
        let statement: SQLiteStatement
        let fields: HitFields
        let links: Statement

        /// The columns of `HitFields.list`, in `listColumns` order.
        public enum ListColumn: Int32, Sendable {
            case id, kind, name, description, categories, ward, cluster, days, times, frequency, cost
        }

        /// A text column's bytes as stored (empty for NULL), valid only while the row is being
        /// visited. Only with `HitFields.list`.
        public func bytes(_ c: ListColumn) -> UnsafeBufferPointer<UInt8> {
            precondition(fields == .list, "StoredRow.bytes reads the list columns")
            guard let p = sqlite3_column_text(statement, c.rawValue) else { return UnsafeBufferPointer(start: nil, count: 0) }
            return UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(statement, c.rawValue)))
        }

        /// The days of `Schedule.days`, one at a time, when stored in the form the store writes
        /// (`mon;tue`, or empty); false, having called nothing, for anything else (which
        /// `Weekday(loose:)` decodes).
        public func forEachStoredDay(_ body: (Weekday) -> Void) -> Bool {
            guard let days = StoredValues.days(bytes: bytes(.days)) else { return false }
            days.forEach(body)
            return true
        }

        /// The row as an `Asset`, decoded as `HitFields` says.
        public func asset() throws -> Asset {
            switch fields {
            case .list: return CatalogueStore.listAsset(row)
            case .all(let withLinks):
                return try CatalogueStore.asset(row) { id in
                    guard withLinks else { return [] }
                    var l: [AssetLink] = []
                    let c = try Row.fetchCursor(links, arguments: [id])
                    while let x = try c.next() {
                        if let rel = LinkRelation(rawValue: x[0]) { l.append(AssetLink(rel, x[1])) }
                    }
                    return l
                }
            }
        }
    }

    /// The columns `listAsset` reads, in its order.
    static let listColumns = "id, kind, name, description, categories, ward, cluster, days, times, frequency, cost, seq"

    /// One stored asset row (columns as in `listColumns`) with only what lists show: id, kind,
    /// name, description, categories, ward, cluster, schedule and cost; every other field empty.
    /// Each of those is decoded as `asset(_:links:)` decodes it.
    static func listAsset(_ r: Row) -> Asset {
        let days: String = r[7]
        return Asset(id: r[0], kind: AssetKind(rawValue: r[1]) ?? .group, name: r[2], description: r[3],
                     categories: StoredValues.list(r[4]), ward: r[5], cluster: r[6],
                     schedule: Schedule(days: StoredValues.days(days), times: r[8], frequency: r[9]), cost: r[10])
    }

    /// Which stored fields of each hit `searchHits` decodes.
    public enum HitFields: Sendable, Equatable {
        /// What the list output shows (`listAsset`): id, kind, name, description, categories,
        /// ward, cluster, schedule and cost. Every other field is left empty, links too.
        case list
        /// Every field; links only when asked (they cost a look-up per hit).
        case all(links: Bool)
    }

    /// Runs the query on the index file, if it is current, and hands each hit to `row` as it is
    /// read from SQLite, with its rank (0 is the best hit), to decode or read as bytes. Rows are read in `seq` order, not
    /// rank order; `start` is told how many hits there will be, and the total matching, first.
    /// The file and the rows are read in one read transaction, so they agree. Returns nil when
    /// the hits were read; otherwise, having read none, why the file was not used (`search`
    /// then builds the index).
    public func searchHits(_ query: SearchQuery, limit: Int?, geography: Geography, taxonomy: Taxonomy, fields: HitFields,
                           start: (_ count: Int, _ total: Int) throws -> Void,
                           row: (_ rank: Int, _ row: StoredRow) throws -> Void) throws -> String? {
        try reader.read { db in
            let stamp = try CatalogueStore.indexStamp(db)
            let found: (SearchIndex, [Int64])
            do {
                found = try IndexFile.read(from: searchIndexPath, stamp: stamp, geography: geography, taxonomy: taxonomy)
            } catch let f as IndexFile.Failure {
                return f.description
            }
            let r = found.0.results(query, limit: limit)
            try start(r.hits.count, r.total)
            let rows = r.hits.map { found.1[$0.index] }
            var seen = 0
            try CatalogueStore.forEachRow(db, rows: rows, fields: fields) { r, rank in
                try row(rank, r)
                seen += 1
            }
            guard seen == rows.count else { throw StoreError("\(rows.count - seen) of the search's asset rows are missing") }
            return nil
        }
    }

    /// How a search found its index.
    public enum IndexSource: Equatable, Sendable {
        /// Read from the index file; only the hits were read from SQLite.
        case file
        /// Built from the loaded catalogue (the reason the file was not used), and saved or not.
        case built(reason: String, saved: Bool)
    }

    /// Searches the store: with a current index file, runs the query on it and reads only the
    /// hits from SQLite (in one read transaction, so the file and the rows agree); otherwise
    /// loads the catalogue, builds the index (saving it unless read-only) and searches that.
    /// The hits are the same either way (`SearchIndex.results`).
    /// `links: false` leaves each hit's links empty (they cost a look-up per hit).
    public func search(_ query: SearchQuery, limit: Int?, geography: Geography, taxonomy: Taxonomy, links: Bool = true)
        throws -> (assets: [Asset], total: Int, source: IndexSource) {
        var hits: [Asset?] = [], total = 0
        let failure = try searchHits(query, limit: limit, geography: geography, taxonomy: taxonomy, fields: .all(links: links),
                                     start: { hits = Array(repeating: nil, count: $0); total = $1 },
                                     row: { hits[$0] = try $1.asset() })
        guard var reason = failure else { return (hits.map { $0! }, total, .file) }
        let (cat, stamp, rows) = try loadSnapshot(geography: geography, taxonomy: taxonomy)
        let index = SearchIndex(cat)
        var saved = false
        if !isReadOnly {
            do {
                try saveIndex(index, stamp: stamp, rows: rows)
                saved = true
            } catch {
                reason += "; not saved: \(error)"
            }
        }
        let r = index.results(query, limit: limit)
        return (r.hits.map { a in
            var x = cat.assets[a.index]
            if !links { x.links = [] }
            return x
        }, r.total, .built(reason: reason, saved: saved))
    }
}
