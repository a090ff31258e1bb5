import Foundation
import GRDB

/// Where assetmap keeps its files. `ASSETMAP_HOME` overrides all of them (tests use it so they
/// never touch a real home); otherwise the XDG base directories.
public struct AppPaths: Sendable {
    public var data: URL
    public var config: URL
    public var state: URL

    public init(environment env: [String: String] = ProcessInfo.processInfo.environment) {
        if let home = env["ASSETMAP_HOME"], !home.isEmpty {
            let h = URL(fileURLWithPath: home)
            data = h
            config = h.appendingPathComponent("config")
            state = h.appendingPathComponent("state")
            return
        }
        let userHome = URL(fileURLWithPath: env["HOME"] ?? NSHomeDirectory())
        func xdg(_ key: String, _ fallback: String) -> URL {
            if let v = env[key], v.hasPrefix("/") { return URL(fileURLWithPath: v).appendingPathComponent("assetmap") }
            return userHome.appendingPathComponent(fallback).appendingPathComponent("assetmap")
        }
        data = xdg("XDG_DATA_HOME", ".local/share")
        config = xdg("XDG_CONFIG_HOME", ".config")
        state = xdg("XDG_STATE_HOME", ".local/state")
    }

    public var defaultDatabase: URL { data.appendingPathComponent("catalogue.sqlite") }
}

/// A first launch's seed being written on a thread of its own (`CatalogueStore.openForLaunch`):
/// `wait` returns once it is written (or throws why it was not), and at once on that thread.
final class SeedGate: @unchecked Sendable {
    private let done = NSCondition()
    private var finished = false
    private var failure: (any Error)?
    private var writer: pthread_t?

    /// Runs `work` on a new thread; `wait` waits for it.
    func start(_ work: @escaping @Sendable () throws -> Void) {
        let thread = Thread { [self] in
            // Below the thread drawing the first frame (on Linux the nice value is per thread).
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
            done.lock()
            writer = pthread_self()
            done.unlock()
            var error: (any Error)?
            do { try work() } catch let e { error = e }
            done.lock()
            failure = error
            finished = true
            done.broadcast()
            done.unlock()
        }
        thread.name = "assetmap.seed"
        thread.stackSize = 8 << 20
        thread.start()
    }

    func wait() throws {
        done.lock()
        defer { done.unlock() }
        if let writer, pthread_equal(writer, pthread_self()) != 0 { return }
        while !finished { done.wait() }
        if let failure { throw failure }
    }
}

/// One value handed from one thread to another: `take` waits for `put`.
final class Handoff<Value>: @unchecked Sendable {
    private let ready = NSCondition()
    private var value: Value?

    func put(_ v: Value) {
        ready.lock()
        value = v
        ready.broadcast()
        ready.unlock()
    }

    func take() -> Value {
        ready.lock()
        defer { ready.unlock() }
        while value == nil { ready.wait() }
        return value!
    }
}

/// A store problem a user can act on.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The SQLite catalogue (GRDB): WAL mode, migrations registered in order, every write in one
/// transaction, and a change log of who imported what and when.
public final class CatalogueStore: Sendable {
    public let path: String
    public let isReadOnly: Bool
    private let writer: (any DatabaseWriter)?
    private let database: any DatabaseReader
    /// The first launch's seed, when it is still being written (`openForLaunch`).
    private let seeding: SeedGate?

    /// The database to read, once any seed being written is in.
    var reader: any DatabaseReader {
        get throws {
            try seeding?.wait()
            return database
        }
    }

    /// Why a store asked for writing was opened read-only (a folder or file that cannot be
    /// written, a catalogue from a newer assetmap), for the caller to say; nil otherwise.
    public let readOnlyReason: String?

    /// Opens (and for writing, creates and migrates) the database at `path`. With `seeding`, every
    /// read and write waits for it (except its own). An existing catalogue that cannot be written
    /// here, or that a newer assetmap wrote, is opened read-only instead (`readOnlyReason`).
    /// Read-only writes nothing beside the database: no -shm, -wal or index file.
    init(path: String, readOnly asked: Bool = false, seeding: SeedGate?, writable: (String) -> Bool = CatalogueStore.canWrite) throws {
        self.path = path
        self.seeding = seeding
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(5)
        do {
            var readOnly = asked
            var reason: String?
            let exists = FileManager.default.fileExists(atPath: path)
            if !readOnly && exists {
                let folder = (path as NSString).deletingLastPathComponent
                if !writable(path) || !writable(folder.isEmpty ? "." : folder) {
                    reason = "\(path) cannot be written here (the file or its folder is not writable): opened read-only; nothing can be changed"
                } else if let newer = try CatalogueStore.unknownMigrations(path, config).first {
                    reason = "\(path) was written by a newer assetmap (its schema has migration '\(newer)', unknown to this version "
                        + "\(CatalogueStore.version)): opened read-only so nothing is changed; update assetmap to change it"
                }
                readOnly = reason != nil
            }
            self.isReadOnly = readOnly
            self.readOnlyReason = reason
            if readOnly {
                guard exists else {
                    throw StoreError("no catalogue at \(path) to open read-only")
                }
                let q = try CatalogueStore.readOnlyQueue(path, config)
                database = q
                writer = nil
                let applied = try q.read { db in try CatalogueStore.migrator.appliedMigrations(db) }
                guard Set(applied) == Set(CatalogueStore.migrator.migrations) else {
                    throw StoreError("\(path) needs migrating; open it once without --read-only")
                }
            } else {
                try FileManager.default.createDirectory(
                    at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
                let pool = try DatabasePool(path: path, configuration: config)
                try CatalogueStore.migrator.migrate(pool)
                database = pool
                writer = pool
                IndexFile.removeStaleTemporaries(for: searchIndexPath)
            }
        } catch {
            // SQLite's own words name no path and no remedy.
            if let words = CatalogueStore.explain(error, path: path) { throw StoreError(words) }
            throw error
        }
    }

    /// A SQLite failure in user words, naming `path` and what to do; nil for other errors.
    public static func explain(_ error: any Error, path: String) -> String? {
        guard let e = error as? DatabaseError else { return nil }
        switch e.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return "\(path) is busy: another assetmap is writing it; try again in a moment"
        case .SQLITE_READONLY:
            return "\(path) cannot be written (a read-only file, folder or disk); use --read-only to look at it"
        case .SQLITE_CORRUPT:
            return "\(path) is damaged; restore it from a backup or an `assetmap export`"
        case .SQLITE_NOTADB:
            return "\(path) is not an assetmap catalogue (not a SQLite database); check the --db path"
        case .SQLITE_CANTOPEN:
            return "\(path) cannot be opened: check that its folder exists and that you may read it"
        case .SQLITE_FULL:
            return "\(path): the disk is full; nothing was changed; free some space and try again"
        case .SQLITE_PERM, .SQLITE_AUTH:
            return "\(path): permission denied; check who owns it"
        case .SQLITE_IOERR:
            return "\(path): the disk could not be read or written; check the disk and try again"
        default:
            return "\(path): the catalogue database failed (\(e.resultCode.description)); nothing was changed"
        }
    }

    /// This assetmap's version, as the catalogue's messages name it.
    public static let version = "0.1.0"

    /// Whether this process may write `path` (a file or folder).
    public static func canWrite(_ path: String) -> Bool { access(path, W_OK) == 0 }

    /// A read-only connection that creates nothing beside the database: with no write-ahead log
    /// to read, the file is opened immutable (no -shm); with one (a writer's changes not yet
    /// checkpointed), read-only through the -shm that writer keeps.
    static func readOnlyQueue(_ path: String, _ base: Configuration) throws -> DatabaseQueue {
        var config = base
        config.readonly = true
        var st = stat()
        let live = stat(path + "-wal", &st) == 0 && st.st_size > 0
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let escaped = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return try DatabaseQueue(path: "file:\(escaped)?\(live ? "mode=ro" : "immutable=1")", configuration: config)
    }

    /// Migrations recorded in the database at `path` that this version does not know (a newer
    /// assetmap's), read without writing anything.
    static func unknownMigrations(_ path: String, _ config: Configuration) throws -> [String] {
        let q = try readOnlyQueue(path, config)
        let applied = try q.read { db in try CatalogueStore.migrator.appliedIdentifiers(db) }
        let known = Set(CatalogueStore.migrator.migrations)
        return applied.filter { !known.contains($0) }.sorted()
    }

    /// Opens (and for writing, creates and migrates) the database at `path`.
    public convenience init(path: String, readOnly: Bool = false) throws {
        try self.init(path: path, readOnly: readOnly, seeding: nil)
    }

    /// Waits until the seed of a first launch is written (at once otherwise); throws if it failed.
    public func finishSeeding() throws { try seeding?.wait() }

    func requireWriter() throws -> any DatabaseWriter {
        try seeding?.wait()
        guard let writer, !isReadOnly else { throw StoreError("the catalogue is open read-only; nothing was changed") }
        return writer
    }

    // MARK: Reading

    public func assetCount() throws -> Int {
        try reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM asset") ?? 0 }
    }

    public func meta(_ key: String) throws -> String? {
        try reader.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    /// Loads everything into memory.
    public func load(geography: Geography, taxonomy: Taxonomy) throws -> Catalogue {
        try reader.read { db in
            var rows: [Int64] = []
            return try CatalogueStore.load(db, geography: geography, taxonomy: taxonomy, rows: &rows)
        }
    }

    /// Loads everything; `rows` gets each asset's `seq`, in catalogue order.
    static func load(_ db: Database, geography: Geography, taxonomy: Taxonomy, rows seqs: inout [Int64]) throws -> Catalogue {
        var assets: [Asset] = []
        assets.reserveCapacity(try Int.fetchOne(db, sql: "SELECT count(*) FROM asset") ?? 0)
        let rows = try Row.fetchCursor(db, sql: "SELECT \(CatalogueStore.assetColumns) FROM asset ORDER BY seq")
        seqs = []
        seqs.reserveCapacity(assets.capacity)
        while let r = try rows.next() {
            assets.append(CatalogueStore.asset(r) { _ in [] })
            seqs.append(r[27])
        }
        // Links go straight to their asset by row index, through the id map the catalogue keeps.
        var indexByID = [String: Int](minimumCapacity: assets.count)
        for (i, a) in assets.enumerated() { indexByID[a.id] = i }
        let linkRows = try Row.fetchCursor(db, sql: "SELECT source, relation, target FROM link ORDER BY source, position")
        var lastSource = "", lastIndex: Int? = nil
        while let r = try linkRows.next() {
            guard let rel = LinkRelation(rawValue: r[1]) else { continue }
            let source: String = r[0]
            if source != lastSource {
                lastSource = source
                lastIndex = indexByID[source]
            }
            if let i = lastIndex { assets[i].links.append(AssetLink(rel, r[2])) }
        }
        return try finish(db, list: AssetList(storage: .full(assets)), geography: geography, taxonomy: taxonomy)
    }

    /// The catalogue of `list` with its name, histories, transfer cases and ACV listings read from `db`.
    static func finish(_ db: Database, list: AssetList, geography: Geography, taxonomy: Taxonomy,
                       idMap: ByteHash? = nil) throws -> Catalogue {
        try Histories(db).catalogue(list, geography: geography, taxonomy: taxonomy, idMap: idMap)
    }

    /// Everything a catalogue holds besides its assets, as stored.
    struct Histories: Sendable {
        var name: String
        var transfers: [TransferEvent] = []
        var acv: [ACVEvent] = []
        var cases: [TransferCase] = []
        var listings: [ACVListing] = []
        /// The events by asset (grouped here, so on the thread that read them).
        var byAsset: (transfers: [String: [TransferEvent]], acv: [String: [ACVEvent]]) = ([:], [:])

        init(_ db: Database) throws {
            for r in try Row.fetchAll(db, sql: "SELECT asset, date, state, stage, tenure, note FROM transfer_event ORDER BY seq") {
                guard let d = StoredValues.date(r[1]), let s = TransferState(rawValue: r[2]) else { continue }
                let stage: String? = r[3], tenure: String? = r[4]
                transfers.append(TransferEvent(assetID: r[0], date: d, state: s, stage: stage.flatMap(TransferStage.init(rawValue:)),
                                               tenure: tenure.flatMap(Tenure.init(rawValue:)), note: r[5]))
            }
            for r in try Row.fetchAll(db, sql: "SELECT asset, date, state, note FROM acv_event ORDER BY seq") {
                guard let d = StoredValues.date(r[1]), let s = ACVState(rawValue: r[2]) else { continue }
                acv.append(ACVEvent(assetID: r[0], date: d, state: s, note: r[3]))
            }
            name = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'name'") ?? DefaultCatalogue.name
            cases = try CatalogueStore.records(.cases, db).map(\.asCase)
            listings = try CatalogueStore.records(.listings, db).map(\.asListing)
            byAsset = Catalogue.histories(transfers: transfers, acv: acv)
        }

        func catalogue(_ list: AssetList, geography: Geography, taxonomy: Taxonomy, idMap: ByteHash? = nil) -> Catalogue {
            var catalogue = Catalogue(name: name, geography: geography, taxonomy: taxonomy, list: list,
                                      histories: byAsset, idMap: idMap)
            catalogue.transferCases = cases
            catalogue.acvListings = listings
            return catalogue
        }
    }

    /// SQLite's journal mode (`wal` for a writable store).
    public func journalMode() throws -> String {
        try reader.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    public func appliedMigrations() throws -> [String] {
        try reader.read { db in try CatalogueStore.migrator.appliedMigrations(db) }
    }

    /// Ids and kinds of every stored asset, for checking an import's references.
    public func kinds() throws -> [String: AssetKind] {
        try reader.read { db in
            var out: [String: AssetKind] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT id, kind FROM asset")
            while let r = try rows.next() { out[r[0]] = AssetKind(rawValue: r[1]) }
            return out
        }
    }

    /// The change log, newest first.
    public func changeLog(limit: Int = 50) throws -> [(at: String, by: String, action: String, detail: String)] {
        try reader.read { db in
            try Row.fetchAll(db, sql: "SELECT at, by, action, detail FROM change_log ORDER BY seq DESC LIMIT ?", arguments: [limit])
                .map { ($0[0], $0[1], $0[2], $0[3]) }
        }
    }

    static func split(_ s: String) -> [String] { StoredValues.list(s) }

    /// The asset columns `asset(_:links:)` reads, in its order.
    static let assetColumns = """
        id, kind, name, description, categories, ward, cluster, postcode, address, lat, lon,
        email, phone, website, verified, source, days, times, frequency, min_age, max_age,
        audience, cost, how_to_join, owner, facilities, capacity, seq
        """

    /// One stored asset row (columns as in `assetColumns`), with its links.
    static func asset(_ r: Row, links: (String) throws -> [AssetLink]) rethrows -> Asset {
        let id: String = r[0]
        let lat: Double? = r[9], lon: Double? = r[10]
        let verified: String? = r[14]
        let days: String = r[16]
        let facilities: String = r[25]
        let owner: String? = r[24]
        return Asset(
            id: id, kind: AssetKind(rawValue: r[1]) ?? .group, name: r[2], description: r[3],
            categories: StoredValues.list(r[4]), ward: r[5], cluster: r[6], postcode: r[7], address: r[8],
            coordinate: (lat != nil && lon != nil) ? Coordinate(lat: lat!, lon: lon!) : nil,
            email: r[11], phone: r[12], website: r[13], lastVerified: verified.flatMap(StoredValues.date),
            source: r[15], links: try links(id),
            schedule: Schedule(days: StoredValues.days(days), times: r[17], frequency: r[18]),
            audience: Audience(minAge: r[19], maxAge: r[20], who: r[21]), cost: r[22], howToJoin: r[23],
            owner: owner.flatMap(OwnerType.init(rawValue:)),
            facilities: StoredValues.list(facilities).compactMap(Facility.init(rawValue:)), capacity: r[26])
    }

    // MARK: Writing

    /// Stores a validated batch in one transaction: assets are inserted or replaced by id (their
    /// links replaced with them), history rows appended unless the same event is already there
    /// (so importing a file twice changes nothing), and the change logged. On any error nothing is
    /// written. Returns how many history events were new.
    @discardableResult
    public func apply(_ batch: ImportBatch, by officer: String, action: String, detail: String,
                      name: String? = nil, meta: [String: String] = [:], now: Date = Date()) throws -> (transfers: Int, acv: Int) {
        let w = try requireWriter()
        let stamp = ISO8601DateFormatter().string(from: now)
        return try w.write { db in
            var meta = meta
            if let name { meta["name"] = name }
            for (k, v) in meta {
                try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", arguments: [k, v])
            }
            let upsert = try db.makeStatement(sql: """
                INSERT INTO asset (id, kind, name, description, categories, ward, cluster, postcode, address, lat, lon,
                    email, phone, website, verified, source, days, times, frequency, min_age, max_age, audience, cost,
                    how_to_join, owner, facilities, capacity)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                ON CONFLICT(id) DO UPDATE SET kind=excluded.kind, name=excluded.name, description=excluded.description,
                    categories=excluded.categories, ward=excluded.ward, cluster=excluded.cluster, postcode=excluded.postcode,
                    address=excluded.address, lat=excluded.lat, lon=excluded.lon, email=excluded.email, phone=excluded.phone,
                    website=excluded.website, verified=excluded.verified, source=excluded.source, days=excluded.days,
                    times=excluded.times, frequency=excluded.frequency, min_age=excluded.min_age, max_age=excluded.max_age,
                    audience=excluded.audience, cost=excluded.cost, how_to_join=excluded.how_to_join, owner=excluded.owner,
                    facilities=excluded.facilities, capacity=excluded.capacity
                """)
            let deleteLinks = try db.makeStatement(sql: "DELETE FROM link WHERE source = ?")
            let insertLink = try db.makeStatement(sql: "INSERT OR IGNORE INTO link(source, relation, target, position) VALUES (?,?,?,?)")
            for a in batch.assets {
                let args: [(any DatabaseValueConvertible)?] = [
                    a.id, a.kind.rawValue, a.name, a.description, a.categories.joined(separator: ";"), a.ward, a.cluster,
                    a.postcode, a.address, a.coordinate?.lat, a.coordinate?.lon, a.email, a.phone, a.website,
                    a.lastVerified?.description, a.source, a.schedule.days.map(\.code).joined(separator: ";"),
                    a.schedule.times, a.schedule.frequency, a.audience.minAge, a.audience.maxAge, a.audience.who,
                    a.cost, a.howToJoin, a.owner?.rawValue, a.facilities.map(\.rawValue).joined(separator: ";"), a.capacity,
                ]
                try upsert.execute(arguments: StatementArguments(args))
                try deleteLinks.execute(arguments: [a.id])
                for (i, l) in a.links.enumerated() {
                    try insertLink.execute(arguments: [a.id, l.relation.rawValue, l.target, i])
                }
            }
            let insertTransfer = try db.makeStatement(sql: """
                INSERT INTO transfer_event (asset, date, state, stage, tenure, note, recorded_at, recorded_by)
                SELECT ?1,?2,?3,?4,?5,?6,?7,?8 WHERE NOT EXISTS (SELECT 1 FROM transfer_event WHERE asset = ?1
                    AND date = ?2 AND state = ?3 AND stage IS ?4 AND tenure IS ?5 AND note = ?6)
                """)
            var added = (transfers: 0, acv: 0)
            for e in batch.transfers {
                try insertTransfer.execute(arguments: [e.assetID, e.date.description, e.state.rawValue, e.stage?.rawValue,
                                                       e.tenure?.rawValue, e.note, stamp, officer])
                added.transfers += db.changesCount
            }
            let insertACV = try db.makeStatement(sql: """
                INSERT INTO acv_event (asset, date, state, note, recorded_at, recorded_by)
                SELECT ?1,?2,?3,?4,?5,?6 WHERE NOT EXISTS (SELECT 1 FROM acv_event WHERE asset = ?1
                    AND date = ?2 AND state = ?3 AND note = ?4)
                """)
            for e in batch.acv {
                try insertACV.execute(arguments: [e.assetID, e.date.description, e.state.rawValue, e.note, stamp, officer])
                added.acv += db.changesCount
            }
            try db.execute(sql: "INSERT INTO change_log(at, by, action, detail) VALUES (?,?,?,?)",
                           arguments: [stamp, officer, action, detail])
            return added
        }
    }

    // MARK: Ward boundaries (see Geo/BoundaryStore.swift)

    /// Stores real ward boundaries, replacing any stored before, in one transaction with a
    /// change-log entry. Refused on a read-only store and for the schematic map (use
    /// `clearBoundaries` to go back to it).
    public func saveBoundaries(_ boundaries: WardBoundaries, labels: [String: String] = [:], by officer: String,
                               detail: String? = nil, now: Date = Date()) throws {
        let w = try requireWriter()
        guard !boundaries.isSchematic else { throw StoreError("the schematic map is built in; nothing to store") }
        let stamp = ISO8601DateFormatter().string(from: now)
        try w.write { db in
            try CatalogueStore.writeBoundaries(db, shapes: boundaries.shapes, labels: labels, source: boundaries.source.name,
                                               at: stamp, by: officer)
            try db.execute(sql: "INSERT INTO change_log(at, by, action, detail) VALUES (?,?,?,?)", arguments: [
                stamp, officer, "boundaries",
                detail ?? "\(boundaries.source.name): \(boundaries.codes.count) ward shapes"])
        }
    }

    /// The stored ward boundaries, or nil when none were imported (the app then uses the
    /// schematic map).
    public func loadBoundaries() throws -> WardBoundaries? {
        try reader.read { db in try CatalogueStore.readBoundaries(db, path: path) }
    }

    /// Deletes the stored boundaries (back to the schematic map), logged. Returns how many
    /// ward shapes were removed.
    @discardableResult
    public func clearBoundaries(by officer: String, now: Date = Date()) throws -> Int {
        let w = try requireWriter()
        let stamp = ISO8601DateFormatter().string(from: now)
        return try w.write { db in
            try db.execute(sql: "DELETE FROM ward_boundary")
            let n = db.changesCount
            if n > 0 {
                try db.execute(sql: "INSERT INTO change_log(at, by, action, detail) VALUES (?,?,?,?)",
                               arguments: [stamp, officer, "boundaries", "reset to the schematic map (\(n) ward shapes removed)"])
            }
            return n
        }
    }

    /// Opens the store for the app and command line: creates and seeds it from the default
    /// catalogue on first use. Read-only with no database yet: the default catalogue in memory.
    public static func openCatalogue(path: URL, readOnly: Bool, officer: String) throws -> (CatalogueStore?, Catalogue) {
        let opened = try open(path: path, readOnly: readOnly, officer: officer)
        guard let store = opened.store else { return (nil, opened.inMemory!) }
        // Seeded just now: the catalogue parsed for the seed is what the store holds (`seeded`
        // checked the counts; tests load it back to compare), so it is not read back.
        if let seeded = opened.seeded { return (store, seeded) }
        var geography = opened.geography
        if let real = try store.loadBoundaries() { geography.boundaries = real }
        return (store, try store.load(geography: geography, taxonomy: opened.taxonomy))
    }

    /// `openCatalogue` without loading the catalogue: the store (created, seeded and migrated as
    /// there) and the reference data, or with no database to open read-only, the default
    /// catalogue in memory. The geography carries no stored ward boundaries.
    public static func openStore(path: URL, readOnly: Bool, officer: String) throws
        -> (store: CatalogueStore?, geography: Geography, taxonomy: Taxonomy, inMemory: Catalogue?) {
        let o = try open(path: path, readOnly: readOnly, officer: officer)
        return (o.store, o.geography, o.taxonomy, o.inMemory)
    }

    /// `openStore`, and when this call seeded the store, the catalogue it seeded it with, as
    /// loading the store would give it (see `seeded`).
    static func open(path: URL, readOnly: Bool, officer: String) throws
        -> (store: CatalogueStore?, geography: Geography, taxonomy: Taxonomy, inMemory: Catalogue?, seeded: Catalogue?) {
        guard let assets = DefaultCatalogue.assetsFolder() else { throw DefaultCatalogue.NotFound() }
        let (geo, tax) = try DefaultCatalogue.reference(from: assets)
        let exists = FileManager.default.fileExists(atPath: path.path)
        if readOnly && !exists {
            return (nil, geo, tax, try DefaultCatalogue.load(from: assets, geography: geo, taxonomy: tax), nil)
        }
        let store = try CatalogueStore(path: path.path, readOnly: readOnly)
        var seed: (catalogue: Catalogue, added: (transfers: Int, acv: Int))?
        if !store.isReadOnly, try store.needsSeed() {
            let def = try DefaultCatalogue.load(from: assets, geography: geo, taxonomy: tax)
            seed = (def, try store.seed(with: def, from: assets, by: officer))
        }
        if !store.isReadOnly { try store.deriveTransferRecordsIfNeeded(by: officer) }
        return (store, geo, tax, nil, try seed.flatMap { try store.seeded($0.catalogue, added: $0.added) })
    }

    /// True for a store never seeded and holding no assets.
    func needsSeed() throws -> Bool { try meta("seeded") == nil && assetCount() == 0 }

    /// Seeds the store with the default catalogue read from `assets`, in one transaction.
    func seed(with def: Catalogue, from assets: URL, by officer: String) throws -> (transfers: Int, acv: Int) {
        var batch = ImportBatch()
        batch.assets = def.wholeAssets
        batch.transfers = def.allTransferEvents
        batch.acv = def.allACVEvents
        return try apply(batch, by: officer, action: "seed", detail: "default catalogue from \(assets.path) (\(def.count) assets)",
                         name: def.name, meta: ["seeded": assets.path])
    }

    /// The catalogue the store was just seeded with, with the transfer cases and ACV listings
    /// derived from it, when the store holds exactly it: every asset, link and history event
    /// stored (none merged as a duplicate), and no ward boundaries. Otherwise nil (load it).
    func seeded(_ catalogue: Catalogue, added: (transfers: Int, acv: Int)) throws -> Catalogue? {
        let links = catalogue.assets.reduce(0) { $0 + $1.links.count }
        guard added.transfers == catalogue.allTransferEvents.count, added.acv == catalogue.allACVEvents.count else { return nil }
        return try reader.read { db in
            guard try Int.fetchOne(db, sql: "SELECT count(*) FROM asset") == catalogue.count,
                  try Int.fetchOne(db, sql: "SELECT count(*) FROM link") == links,
                  try Int.fetchOne(db, sql: "SELECT count(*) FROM ward_boundary") == 0,
                  try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'name'") == catalogue.name
            else { return nil }
            var out = catalogue
            out.transferCases = try CatalogueStore.records(.cases, db).map(\.asCase)
            out.acvListings = try CatalogueStore.records(.listings, db).map(\.asListing)
            return out
        }
    }

    /// The login name, for "who" in the change log.
    public static var loginName: String {
        let env = ProcessInfo.processInfo.environment
        for key in ["USER", "LOGNAME"] { if let v = env[key], !v.isEmpty { return v } }
        // No login variables (a service, `env -i`, some containers): the account's name.
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return "unknown"
    }
}
