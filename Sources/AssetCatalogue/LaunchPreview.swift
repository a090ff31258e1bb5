import Foundation
import GRDB

/// What the explorer needs for its first frame on a large catalogue, read straight from SQLite
/// without loading everything (docs/benchmarks.md, suggestion 6: draw before everything is loaded).
public struct LaunchPreview: Sendable {
    /// How many assets the store holds.
    public var total: Int
    /// The catalogue's name, reference data, and the first page of assets in name order (with
    /// their links; targets outside the page are simply not shown until the full load).
    public var catalogue: Catalogue
    /// The whole catalogue's search index, when its file beside the store is current: the
    /// navigator's counts are drawn from it before the catalogue has loaded.
    public var index: SearchIndex?

    public init(total: Int, catalogue: Catalogue, index: SearchIndex? = nil) {
        self.total = total
        self.catalogue = catalogue
        self.index = index
    }
}

/// How a launch opens the store: small catalogues are loaded at once, as always; large ones
/// are previewed, and loaded in the background (`loadAll`).
public enum LaunchOpen: Sendable {
    case loaded(CatalogueStore?, Catalogue)
    case preview(CatalogueStore, LaunchPreview, Geography, Taxonomy)
}

extension CatalogueStore {
    /// Above this many assets the explorer shows a preview first. `ASSETMAP_PREVIEW_THRESHOLD`
    /// overrides it (the tmux test uses a small catalogue).
    public static let defaultPreviewThreshold = 50_000
    /// The first page's size: more than any screen shows.
    public static let previewPageSize = 200

    public static func previewThreshold(environment env: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        if let s = env["ASSETMAP_PREVIEW_THRESHOLD"], let n = Int(s), n >= 0 { return n }
        return defaultPreviewThreshold
    }

    /// Opens the store for the explorer. With at most `threshold` assets (or a store still to be
    /// seeded, or read-only with no database yet) this is `openCatalogue`; above it, only the count
    /// and the first page are read, and `load(geography:taxonomy:)` is left to the caller.
    public static func openForLaunch(path: URL, readOnly: Bool, officer: String,
                                     threshold: Int = previewThreshold(),
                                     pageSize: Int = previewPageSize) throws -> LaunchOpen {
        guard FileManager.default.fileExists(atPath: path.path) else {
            if !readOnly { return try seedForLaunch(path: path, officer: officer) }
            let (s, c) = try openCatalogue(path: path, readOnly: readOnly, officer: officer)
            return .loaded(s, c)
        }
        let store = try CatalogueStore(path: path.path, readOnly: readOnly)
        let count = try store.assetCount()
        if count == 0 {  // still to be seeded (or empty): as ever
            // A database whose first launch ended before its seed was written (it is one transaction).
            if !store.isReadOnly, try store.needsSeed() { return try seedForLaunch(path: path, officer: officer) }
            let (s, c) = try openCatalogue(path: path, readOnly: readOnly, officer: officer)
            return .loaded(s, c)
        }
        // What `openCatalogue` does once seeded, on the store already open.
        guard let assets = DefaultCatalogue.assetsFolder() else { throw DefaultCatalogue.NotFound() }
        let (geo, tax) = try DefaultCatalogue.reference(from: assets)
        if !store.isReadOnly { try store.deriveTransferRecordsIfNeeded(by: officer) }
        var geography = geo
        if let real = try store.loadBoundaries() { geography.boundaries = real }
        guard count > threshold else { return .loaded(store, try store.load(geography: geography, taxonomy: tax)) }
        let page = try store.firstPage(limit: pageSize, geography: geography, taxonomy: tax)
        // The index file, when current, gives the navigator its counts at once (it is only read here).
        let index = try store.persistedIndex(geography: geography, taxonomy: tax).index
        return .preview(store, LaunchPreview(total: count, catalogue: page, index: index?.count == count ? index : nil), geography, tax)
    }

    /// The very first launch: what `openCatalogue` does on a new database, but the explorer draws
    /// at once. The default catalogue parsed from `Assets/`, with the transfer cases and ACV
    /// listings the seed derives from it, is returned while a thread of its own writes the seed
    /// (one transaction, then the derived records, as `openCatalogue`). Until that is written,
    /// every read and write of the returned store waits for it; it then checks that the store holds
    /// exactly the catalogue returned (else the store's uses throw, saying so).
    static func seedForLaunch(path: URL, officer: String, now: Date = Date()) throws -> LaunchOpen {
        guard let assets = DefaultCatalogue.assetsFolder() else { throw DefaultCatalogue.NotFound() }
        let gate = SeedGate()
        // The thread creates and migrates the database while this one parses Assets/.
        let opened = Handoff<Result<CatalogueStore, any Error>>()
        let parsed = Handoff<(seed: Catalogue, shown: Catalogue)?>()
        gate.start {
            let store: CatalogueStore
            do { store = try CatalogueStore(path: path.path, readOnly: false, seeding: gate) } catch {
                opened.put(.failure(error))
                throw error
            }
            opened.put(.success(store))
            guard let (def, shown) = parsed.take() else { return }   // not parsed: the launch throws why
            guard try store.needsSeed() else {
                throw StoreError("another assetmap seeded \(path.path) at the same time; nothing was changed here: start assetmap again")
            }
            let added = try store.seed(with: def, from: assets, by: officer)
            try store.deriveTransferRecordsIfNeeded(by: officer, now: now)
            guard let stored = try store.seeded(def, added: added), stored.transferCases == shown.transferCases,
                  stored.acvListings == shown.acvListings else {
                throw StoreError("\(path.path) was seeded with a catalogue that differs from the one shown: start assetmap again")
            }
        }
        let def: Catalogue
        do {
            let (geo, tax) = try DefaultCatalogue.reference(from: assets)
            def = try DefaultCatalogue.load(from: assets, geography: geo, taxonomy: tax)
        } catch {
            parsed.put(nil)
            throw error
        }
        var shown = def
        let stamp = timestamp(now)
        let plans = derivedRecordPlans(transfers: def.transferHistory, acv: def.acvHistory, lookup: def)
        shown.transferCases = newRecords(plans.cases, table: .cases, officer: officer, stamp: stamp).map(\.asCase)
        shown.acvListings = newRecords(plans.listings, table: .listings, officer: officer, stamp: stamp).map(\.asListing)
        parsed.put((def, shown))
        return .loaded(try opened.take().get(), shown)
    }

    /// The index the launch preview's first page reads in order (`firstPage`): without it the
    /// page query sorts the whole table, about 0.75 s at 1,000,000 assets.
    static func migrateV5NameOrder(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX asset_name_order ON asset (lower(name), name, id)")
    }

    /// SQLite's plan for the first page (tests check that it walks `asset_name_order`).
    public func firstPagePlan() throws -> [String] {
        try reader.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + CatalogueStore.firstPageSQL, arguments: [1]).map { $0["detail"] as String }
        }
    }

    static let firstPageSQL = "SELECT \(assetColumns) FROM asset ORDER BY lower(name), name, id LIMIT ?"

    /// The first `limit` assets in name order (lower-cased name, then name, then id), with their
    /// links, as a catalogue of its own. SQLite's `lower` folds ASCII only; the explorer orders the
    /// page by the full fold, so a page of names that differ only in accents or curly quotes may
    /// differ from the full list at its edge (the generated and default catalogues agree: tests).
    public func firstPage(limit: Int, geography: Geography, taxonomy: Taxonomy) throws -> Catalogue {
        try reader.read { db in
            let rows = try Row.fetchAll(db, sql: CatalogueStore.firstPageSQL, arguments: [limit])
            let ids = rows.map { $0[0] as String }
            var linksBySource: [String: [AssetLink]] = [:]
            if !ids.isEmpty {
                let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
                let linkRows = try Row.fetchAll(db, sql: "SELECT source, relation, target FROM link WHERE source IN (\(marks)) ORDER BY source, position",
                                                arguments: StatementArguments(ids))
                for r in linkRows {
                    guard let rel = LinkRelation(rawValue: r[1]) else { continue }
                    linksBySource[r[0], default: []].append(AssetLink(rel, r[2]))
                }
            }
            // The same row decoding as the full load (`CatalogueStore.asset`), so the page cannot drift from it.
            let assets = rows.map { r in CatalogueStore.asset(r) { linksBySource[$0] ?? [] } }
            let name = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'name'") ?? DefaultCatalogue.name
            return Catalogue(name: name, geography: geography, taxonomy: taxonomy, assets: assets)
        }
    }
}
