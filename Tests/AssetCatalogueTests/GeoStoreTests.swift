@testable import AssetCatalogue
import Foundation
import Testing

/// Ward boundaries in the SQLite store, and the importer's ward-from-coordinates.
@Suite struct GeoStoreTests {
    let geo = Fixtures.geography

    func sample() throws -> WardBoundaries {
        let shaw = try geo.ward(named: "Shaw"), crompton = try geo.ward(named: "Crompton")
        let data = GeoImportTests.collection([
            GeoImportTests.feature("\"code\":\"\(shaw.code)\"", GeoImportTests.square(around: shaw.centre, size: 0.02)),
            GeoImportTests.feature("\"code\":\"\(crompton.code)\"", GeoImportTests.square(around: crompton.centre, size: 0.02)),
        ])
        return try BoundaryImport.read(data, file: "/some/where/two-wards.geojson", geography: geo).boundaries()
    }

    @Test func migrationV2ComesRightAfterV1() throws {
        let store = try CatalogueStore(path: Fixtures.tempDir().appendingPathComponent("c.sqlite").path)
        let applied = try store.appliedMigrations()
        #expect(applied.count >= 2 && applied[0].hasPrefix("v1") && applied[1] == "v2: ward boundaries")
        #expect(try store.loadBoundaries() == nil, "a new catalogue has no boundaries: the schematic map is used")
    }

    @Test func boundariesRoundTripWithSourceAndChangeLog() throws {
        let store = try CatalogueStore(path: Fixtures.tempDir().appendingPathComponent("c.sqlite").path)
        let b = try sample()
        let when = Date(timeIntervalSince1970: 1_750_000_000)
        try store.saveBoundaries(b, by: "officer-a", now: when)
        let back = try #require(try store.loadBoundaries())
        #expect(back.shapes == b.shapes)
        #expect(!back.isSchematic)
        #expect(back.source.name == "two-wards.geojson")
        #expect(back.source.importedBy == "officer-a")
        #expect(back.source.importedAt == ISO8601DateFormatter().string(from: when))
        #expect(back.source.description == "two-wards.geojson, imported 2025-06-15 by officer-a")
        let log = try store.changeLog()
        #expect(log.first?.action == "boundaries" && log.first?.by == "officer-a" && log.first!.detail.contains("2 ward shapes"))
        // The real file round-trips exactly too.
        if let (_, real, _) = try GeoFixtures.load(GeoFixtures.full) {
            try store.saveBoundaries(real, by: "officer-b")
            let r = try #require(try store.loadBoundaries())
            for code in real.codes { #expect(r.shapes[code] == real.shapes[code], "stored geometry of \(code) must be lossless") }
            #expect(r.codes.count == 20 && r.source.name == "oldham_wards_2023.geojson")
        }
    }

    @Test func aNewImportReplacesTheOldAndResetGoesBackToSchematic() throws {
        let store = try CatalogueStore(path: Fixtures.tempDir().appendingPathComponent("c.sqlite").path)
        try store.saveBoundaries(try sample(), by: "a")
        let shaw = try geo.ward(named: "Shaw")
        let one = try BoundaryImport.read(GeoImportTests.collection([
            GeoImportTests.feature("\"code\":\"\(shaw.code)\"", GeoImportTests.square(around: shaw.centre))]),
            file: "one.geojson", geography: geo).boundaries()
        try store.saveBoundaries(one, by: "b")
        #expect(try store.loadBoundaries()?.codes == [shaw.code])
        #expect(try store.clearBoundaries(by: "c") == 1)
        #expect(try store.loadBoundaries() == nil)
        #expect(try store.clearBoundaries(by: "c") == 0)
        #expect(try store.changeLog().first?.detail.contains("reset to the schematic map") == true)
        #expect(throws: StoreError.self) { try store.saveBoundaries(geo.boundaries!, by: "x") }
    }

    @Test func readOnlyStoreRefusesToWriteBoundaries() throws {
        let path = Fixtures.tempDir().appendingPathComponent("c.sqlite").path
        try CatalogueStore(path: path).saveBoundaries(try sample(), by: "a")
        let ro = try CatalogueStore(path: path, readOnly: true)
        #expect(try ro.loadBoundaries()?.codes.count == 2, "reading works read-only")
        #expect(throws: StoreError.self) { try ro.saveBoundaries(try sample(), by: "b") }
        #expect(throws: StoreError.self) { try ro.clearBoundaries(by: "b") }
        #expect(try ro.loadBoundaries()?.codes.count == 2)
    }

    @Test func openCatalogueUsesStoredBoundariesElseSchematic() throws {
        let path = Fixtures.tempDir().appendingPathComponent("c.sqlite")
        let (store, cat) = try CatalogueStore.openCatalogue(path: path, readOnly: false, officer: "t")
        #expect(cat.geography.boundaries?.isSchematic == true)
        try store!.saveBoundaries(try sample(), by: "t")
        let (_, again) = try CatalogueStore.openCatalogue(path: path, readOnly: true, officer: "t")
        #expect(again.geography.boundaries?.isSchematic == false && again.geography.boundaries?.codes.count == 2)
    }

    // MARK: Ward from coordinates on import

    func csv(_ rows: String) throws -> CSVTable {
        try CSVTable.parse("id,kind,name,categories,ward,cluster,lat,lon\n" + rows, file: "assets.csv")
    }

    @Test func anEmptyWardComesFromCoordinatesWithRealBoundaries() throws {
        guard let (_, real, _) = try GeoFixtures.load(GeoFixtures.full) else { return }
        let importer = Importer(geography: geo, taxonomy: Fixtures.taxonomy, boundaries: real)
        let shaw = try geo.ward(named: "Shaw").centre
        let batch = try importer.read(try csv("""
            grp-a,group,A,food,,north,\(shaw.lat),\(shaw.lon)
            grp-b,group,B,food,Werneth,central,\(shaw.lat),\(shaw.lon)
            grp-c,group,C,food,Royton North,north,,
            """))
        #expect(batch.assets.map(\.ward) == [try geo.ward(named: "Shaw").code, try geo.ward(named: "Werneth").code,
                                             try geo.ward(named: "Royton North").code])
        // Outside every ward: an error naming file, line and field.
        #expect {
            _ = try importer.read(try csv("grp-d,group,D,food,,north,53.70,-2.30\n"))
        } throws: { e in
            let d = (e as? ImportErrors)?.description ?? ""
            return d.contains("assets.csv:2: ward: is empty, and lat/lon 53.70, -2.30 is outside every ward (boundaries: oldham_wards_2023.geojson)")
        }
    }

    @Test func theSchematicMapNeverAssignsWards() throws {
        // Through the geography's default (schematic) boundaries: an empty ward stays an error.
        let importer = Importer(geography: geo, taxonomy: Fixtures.taxonomy)
        #expect(importer.boundaries?.isSchematic == true)
        let shaw = try geo.ward(named: "Shaw").centre
        #expect {
            _ = try importer.read(try csv("grp-a,group,A,food,,north,\(shaw.lat),\(shaw.lon)\n"))
        } throws: { e in
            ((e as? ImportErrors)?.description ?? "").contains("assets.csv:2: ward: is empty (a row with lat/lon gets its ward from real boundaries")
        }
        #expect {
            _ = try importer.read(try csv("grp-a,group,A,food,,north,,\n"))
        } throws: { e in ((e as? ImportErrors)?.description ?? "").hasSuffix("ward: is empty") }
    }
}
