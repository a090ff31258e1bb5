import Foundation
import GRDB

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

    /// Stored assets by `seq`, in the order given, with their links (or none when `links` is
    /// false). A few rows are looked up one by one; many are read in one pass in `seq` order,
    /// decoding only the rows asked for.
    static func assets(_ db: Database, rows: [Int64], links withLinks: Bool = true) throws -> [Asset] {
        if rows.isEmpty { return [] }
        let linkStatement = try db.cachedStatement(sql: "SELECT relation, target FROM link WHERE source = ? ORDER BY position")
        func links(_ id: String) throws -> [AssetLink] {
            guard withLinks else { return [] }
            var l: [AssetLink] = []
            let c = try Row.fetchCursor(linkStatement, arguments: [id])
            while let x = try c.next() {
                if let rel = LinkRelation(rawValue: x[0]) { l.append(AssetLink(rel, x[1])) }
            }
            return l
        }
        // Positions in `rows` order, sorted by seq.
        let order = rows.indices.sorted { rows[$0] < rows[$1] }
        var found = [Asset?](repeating: nil, count: rows.count)
        let lo = rows[order[0]], hi = rows[order[order.count - 1]]
        if rows.count >= 256 && Int64(rows.count) * 16 >= hi - lo {
            // Dense: one ordered pass over the seq range.
            let c = try Row.fetchCursor(db, sql: "SELECT \(assetColumns) FROM asset WHERE seq BETWEEN ? AND ? ORDER BY seq",
                                        arguments: [lo, hi])
            var k = 0
            while k < order.count, let r = try c.next() {
                let seq: Int64 = r[27]
                while k < order.count && rows[order[k]] < seq { k += 1 }
                guard k < order.count && rows[order[k]] == seq else { continue }
                let a = try asset(r, links: links)
                while k < order.count && rows[order[k]] == seq {
                    found[order[k]] = a
                    k += 1
                }
            }
        } else {
            // Sparse: batches of seqs in one statement each (`IN` on the rowid), rows back in seq order.
            let batch = 256
            var k = 0
            while k < order.count {
                let part = order[k..<min(k + batch, order.count)]
                let marks = Array(repeating: "?", count: part.count).joined(separator: ",")
                let statement = try db.cachedStatement(sql: "SELECT \(assetColumns) FROM asset WHERE seq IN (\(marks)) ORDER BY seq")
                let c = try Row.fetchCursor(statement, arguments: StatementArguments(part.map { rows[$0] }))
                var j = part.startIndex
                while let r = try c.next() {
                    let seq: Int64 = r[27]
                    while j < part.endIndex && rows[order[j]] < seq { j += 1 }
                    guard j < part.endIndex && rows[order[j]] == seq else { continue }
                    let a = try asset(r, links: links)
                    while j < part.endIndex && rows[order[j]] == seq {
                        found[order[j]] = a
                        j += 1
                    }
                }
                k = part.endIndex
            }
        }
        return try found.enumerated().map { i, a in
            guard let a else { throw StoreError("asset row \(rows[i]) is missing") }
            return a
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
        var reason = ""
        let fast: ([Asset], Int)? = try reader.read { db in
            let stamp = try CatalogueStore.indexStamp(db)
            let found: (SearchIndex, [Int64])
            do {
                found = try IndexFile.read(from: searchIndexPath, stamp: stamp, geography: geography, taxonomy: taxonomy)
            } catch let f as IndexFile.Failure {
                reason = f.description
                return nil
            }
            let r = found.0.results(query, limit: limit)
            return (try CatalogueStore.assets(db, rows: r.hits.map { found.1[$0.index] }, links: links), r.total)
        }
        if let fast { return (fast.0, fast.1, .file) }
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
