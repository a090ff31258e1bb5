import AssetCatalogue
import Foundation
import Testing

@Suite struct StoreTests {
    func batch(_ assets: [Asset]) -> ImportBatch {
        var b = ImportBatch()
        b.assets = assets
        return b
    }

    @Test func pathsHonourAssetmapHomeThenXDG() {
        let p = AppPaths(environment: ["ASSETMAP_HOME": "/tmp/am", "HOME": "/home/x"])
        #expect(p.defaultDatabase.path == "/tmp/am/catalogue.sqlite")
        let x = AppPaths(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/x"])
        #expect(x.defaultDatabase.path == "/data/assetmap/catalogue.sqlite")
        #expect(AppPaths(environment: ["HOME": "/home/x"]).defaultDatabase.path == "/home/x/.local/share/assetmap/catalogue.sqlite")
        #expect(AppPaths(environment: ["HOME": "/home/x"]).config.path == "/home/x/.config/assetmap")
    }

    @Test func roundTripIsLossless() throws {
        let dir = Fixtures.tempDir()
        let db = dir.appendingPathComponent("c.sqlite").path
        let c = try DefaultCatalogue.load(from: Fixtures.assets)
        let store = try CatalogueStore(path: db)
        var b = batch(c.wholeAssets)
        b.transfers = c.allTransferEvents
        b.acv = c.allACVEvents
        try store.apply(b, by: "tester", action: "seed", detail: "test", name: c.name)
        let back = try store.load(geography: c.geography, taxonomy: c.taxonomy)
        #expect(back.wholeAssets == c.wholeAssets)
        #expect(back.allTransferEvents == c.allTransferEvents)
        #expect(back.allACVEvents == c.allACVEvents)
        #expect(back.name == c.name)
        let log = try store.changeLog()
        #expect(log.first?.by == "tester" && log.first?.action == "seed")
    }

    @Test func upsertReplacesAssetAndItsLinks() throws {
        let db = Fixtures.tempDir().appendingPathComponent("c.sqlite").path
        let store = try CatalogueStore(path: db)
        try store.apply(batch([
            Fixtures.asset("pl-1", .place), Fixtures.asset("grp-1", links: [AssetLink(.basedAt, "pl-1")]),
        ]), by: "a", action: "import", detail: "")
        try store.apply(batch([Fixtures.asset("grp-1", name: "Renamed")]), by: "b", action: "import", detail: "")
        let c = try store.load(geography: Fixtures.geography, taxonomy: Fixtures.taxonomy)
        #expect(c.count == 2)
        #expect(c.asset(id: "grp-1")?.name == "Renamed")
        #expect(c.asset(id: "grp-1")?.links == [])
        #expect(try store.changeLog().map(\.by) == ["b", "a"])
    }

    @Test func aFailedWriteLeavesNothingHalfWritten() throws {
        let db = Fixtures.tempDir().appendingPathComponent("c.sqlite").path
        let store = try CatalogueStore(path: db)
        try store.apply(batch([Fixtures.asset("pl-1", .place)]), by: "a", action: "import", detail: "")
        var b = batch([Fixtures.asset("grp-new")])
        // A history row for an asset that does not exist violates the foreign key at commit.
        b.transfers = [TransferEvent(assetID: "pl-missing", date: LocalDate(iso: "2024-01-01")!, state: .enquiry)]
        #expect(throws: (any Error).self) { try store.apply(b, by: "a", action: "import", detail: "") }
        let c = try store.load(geography: Fixtures.geography, taxonomy: Fixtures.taxonomy)
        #expect(c.assets.map(\.id) == ["pl-1"])
        #expect(try store.changeLog().count == 1)
    }

    @Test func importingTheSameHistoryTwiceAddsNothing() throws {
        let db = Fixtures.tempDir().appendingPathComponent("c.sqlite").path
        let store = try CatalogueStore(path: db)
        var b = batch([Fixtures.asset("pl-1", .place)])
        b.transfers = [TransferEvent(assetID: "pl-1", date: LocalDate(iso: "2024-01-01")!, state: .enquiry, note: "first")]
        b.acv = [ACVEvent(assetID: "pl-1", date: LocalDate(iso: "2024-02-01")!, state: .nominated)]
        #expect(try store.apply(b, by: "a", action: "import", detail: "") == (1, 1))
        #expect(try store.apply(b, by: "a", action: "import", detail: "") == (0, 0))
        let c = try store.load(geography: Fixtures.geography, taxonomy: Fixtures.taxonomy)
        #expect(c.transferHistory["pl-1"]?.count == 1 && c.acvHistory["pl-1"]?.count == 1)
    }

    @Test func readOnlyRefusesWrites() throws {
        let db = Fixtures.tempDir().appendingPathComponent("c.sqlite").path
        do {
            let store = try CatalogueStore(path: db)
            try store.apply(batch([Fixtures.asset("pl-1", .place)]), by: "a", action: "import", detail: "")
        }
        let ro = try CatalogueStore(path: db, readOnly: true)
        #expect(ro.isReadOnly)
        #expect(try ro.assetCount() == 1)
        #expect(throws: StoreError.self) { try ro.apply(batch([Fixtures.asset("x")]), by: "a", action: "import", detail: "") }
        #expect(try ro.assetCount() == 1)
        #expect(throws: StoreError.self) { try CatalogueStore(path: db + ".missing", readOnly: true) }
    }

    @Test func migrationsAreRecordedAndWALIsOn() throws {
        let db = Fixtures.tempDir().appendingPathComponent("c.sqlite").path
        _ = try CatalogueStore(path: db)
        let again = try CatalogueStore(path: db)  // a second open finds nothing to migrate
        #expect(try again.journalMode() == "wal")
        #expect(try again.appliedMigrations() == [
            "v1: assets, links, histories, change log",
            "v2: ward boundaries",
            "v3: transfer cases, ACV listings and audit events",
            "v4-generation: change generation for the persisted search index",
            "v5-name-order: an index for the launch preview's first page",
        ])
    }
}

/// The launch preview's first page (LaunchPreview.swift) against the full load's name order.
@Suite struct LaunchPreviewTests {
    func seeded(_ c: Catalogue) throws -> (URL, CatalogueStore) {
        let url = Fixtures.tempDir().appendingPathComponent("c.sqlite")
        let store = try CatalogueStore(path: url.path)
        var b = ImportBatch()
        b.assets = c.wholeAssets
        try store.apply(b, by: "tester", action: "seed", detail: "test", name: c.name, meta: ["seeded": "test"])
        return (url, store)
    }

    func firstIDs(_ c: Catalogue, _ n: Int) -> [String] {
        SearchIndex(c).matches(SearchQuery()).results(limit: n).hits.map { c.assets[$0.index].id }
    }

    @Test(arguments: [0, 1])
    func firstPageIsTheFullLoadsFirstPageInNameOrder(which: Int) throws {
        let c = which == 0 ? try DefaultCatalogue.load(from: Fixtures.assets)
            : Synthetic.catalogue(count: 3000, seed: 7, geography: Fixtures.geography, taxonomy: Fixtures.taxonomy)
        let (_, store) = try seeded(c)
        let full = try store.load(geography: c.geography, taxonomy: c.taxonomy)
        for n in [1, 50, 200] {
            let page = try store.firstPage(limit: n, geography: c.geography, taxonomy: c.taxonomy)
            #expect(page.count == n)
            #expect(firstIDs(page, n) == firstIDs(full, n), "first \(n)")
            // The page's assets are the stored ones, links included.
            for a in page.assets { #expect(full.asset(id: a.id) == a) }
        }
    }

    /// The first page walks the name-order index instead of sorting the whole table.
    @Test func firstPageReadsTheNameOrderIndex() throws {
        let c = Synthetic.catalogue(count: 500, seed: 3, geography: Fixtures.geography, taxonomy: Fixtures.taxonomy)
        let (_, store) = try seeded(c)
        let plan = try store.firstPagePlan().joined(separator: "\n")
        #expect(plan.contains("asset_name_order"), "\(plan)")
        #expect(!plan.contains("TEMP B-TREE"), "\(plan)")
    }

    @Test func openForLaunchPreviewsOnlyAboveTheThreshold() throws {
        let c = Synthetic.catalogue(count: 300, seed: 3, geography: Fixtures.geography, taxonomy: Fixtures.taxonomy)
        let (url, _) = try seeded(c)
        guard case .loaded(_, let all) = try CatalogueStore.openForLaunch(path: url, readOnly: false, officer: "t", threshold: 300)
        else { Issue.record("300 assets at threshold 300 should load at once"); return }
        #expect(all.count == 300)
        guard case .preview(let store, let p, let geo, let tax) = try CatalogueStore.openForLaunch(
            path: url, readOnly: true, officer: "t", threshold: 299, pageSize: 40)
        else { Issue.record("300 assets at threshold 299 should preview"); return }
        #expect(p.total == 300)
        #expect(p.catalogue.count == 40)
        #expect(try store.load(geography: geo, taxonomy: tax).count == 300)
    }

    @Test func thresholdFromTheEnvironment() {
        #expect(CatalogueStore.previewThreshold(environment: [:]) == CatalogueStore.defaultPreviewThreshold)
        #expect(CatalogueStore.previewThreshold(environment: ["ASSETMAP_PREVIEW_THRESHOLD": "10"]) == 10)
        #expect(CatalogueStore.previewThreshold(environment: ["ASSETMAP_PREVIEW_THRESHOLD": "x"]) == CatalogueStore.defaultPreviewThreshold)
    }
}
