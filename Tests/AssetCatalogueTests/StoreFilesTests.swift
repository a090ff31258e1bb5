@testable import AssetCatalogue
import Foundation
import GRDB
import Testing

/// The files a store keeps beside its database (issue 10).
@Suite(.serialized) struct StoreFilesTests {
    /// A process id that was just used and is gone.
    func deadPID() throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run()
        p.waitUntilExit()
        return p.processIdentifier
    }

    @Test func openingRemovesAKilledRebuildsTemporaryButNotALiveWritersOrOthers() throws {
        let db = Fixtures.tempDir().appendingPathComponent("c.sqlite").path
        _ = try CatalogueStore(path: db)
        let index = db + ".search-index"
        let stale = IndexFile.temporaryPath(for: index, pid: try deadPID())
        let live = IndexFile.temporaryPath(for: index, pid: getpid())
        let other = (db as NSString).deletingLastPathComponent + "/.notes.txt.1.tmp"
        for f in [stale, live, other] { #expect(FileManager.default.createFile(atPath: f, contents: Data(count: 1000))) }
        _ = try CatalogueStore(path: db)
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(FileManager.default.fileExists(atPath: other))
    }

    /// The names in the database's folder.
    func folder(_ db: String) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: (db as NSString).deletingLastPathComponent))
    }

    /// A closed catalogue holding a few assets (its -wal checkpointed away).
    func closedCatalogue() throws -> String {
        let db = Fixtures.tempDir().appendingPathComponent("c.sqlite").path
        do {
            let store = try CatalogueStore(path: db)
            var b = ImportBatch()
            b.assets = Array(Synthetic.catalogue(count: 20, seed: 1, geography: Fixtures.geography, taxonomy: Fixtures.taxonomy).wholeAssets)
            try store.apply(b, by: "tester", action: "seed", detail: "test", name: "t")
        }
        return db
    }

    @Test func readOnlyWritesNothingBesideTheDatabase() throws {
        let db = try closedCatalogue()
        for f in try folder(db) where f != "c.sqlite" { try FileManager.default.removeItem(atPath: (db as NSString).deletingLastPathComponent + "/" + f) }
        let before = try folder(db)
        let store = try CatalogueStore(path: db, readOnly: true)
        #expect(try store.assetCount() == 20)
        _ = try store.persistedIndex(geography: Fixtures.geography, taxonomy: Fixtures.taxonomy)
        #expect(try folder(db) == before)
    }

    @Test func aCatalogueThatCannotBeWrittenOpensReadOnlySayingWhy() throws {
        let db = try closedCatalogue()
        let folderPath = (db as NSString).deletingLastPathComponent
        let store = try CatalogueStore(path: db, seeding: nil, writable: { $0 != folderPath })
        #expect(store.isReadOnly)
        #expect(store.readOnlyReason?.contains("\(db) cannot be written here") == true)
        #expect(try store.assetCount() == 20)
        #expect(throws: StoreError.self) { try store.clearBoundaries(by: "tester") }
    }

    @Test func aCatalogueFromANewerAssetmapOpensReadOnlyNamingTheMigration() throws {
        let db = try closedCatalogue()
        do {
            let q = try DatabaseQueue(path: db)
            try q.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99-team-store')") }
        }
        let store = try CatalogueStore(path: db)
        #expect(store.isReadOnly)
        #expect(store.readOnlyReason?.contains("newer assetmap") == true && store.readOnlyReason?.contains("v99-team-store") == true)
        #expect(try store.assetCount() == 20)
    }

    @Test func sqliteFailuresAreSaidInUserWordsNamingThePath() throws {
        let db = Fixtures.tempDir().appendingPathComponent("notes.sqlite").path
        try String(repeating: "not a database\n", count: 200).write(toFile: db, atomically: true, encoding: .utf8)
        do {
            _ = try CatalogueStore(path: db)
            Issue.record("opened a file that is not a database")
        } catch let e as StoreError {
            #expect(e.description == "\(db) is not an assetmap catalogue (not a SQLite database); check the --db path")
        }
    }
}
