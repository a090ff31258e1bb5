@testable import AssetCatalogue
import Foundation
import Testing

/// The persisted search index: answers exactly as a fresh build, and is ignored whenever it
/// does not belong to the store as it is now.
@Suite(.serialized) struct IndexFileTests {
    static let geo = Fixtures.geography
    static let tax = Fixtures.taxonomy
    /// Over 4,096 assets, so heavy prefixes are built and persisted too.
    static let synthetic = Synthetic.catalogue(count: 5000, seed: 3, geography: geo, taxonomy: tax)

    /// A fresh store holding `cat`.
    func store(_ cat: Catalogue) throws -> CatalogueStore {
        let db = Fixtures.tempDir().appendingPathComponent("c.sqlite").path
        let store = try CatalogueStore(path: db)
        var b = ImportBatch()
        b.assets = cat.wholeAssets
        b.transfers = cat.allTransferEvents
        b.acv = cat.allACVEvents
        try store.apply(b, by: "tester", action: "seed", detail: "test", name: cat.name)
        return store
    }

    func queries() throws -> [SearchQuery] {
        try (Synthetic.benchmarkQueries + ["ward:shaw", "-the", "transfer:any", "anchor:yes", "day:tue kind:activity"])
            .map { try SearchQuery.parse($0, geography: IndexFileTests.geo, taxonomy: IndexFileTests.tax) }
    }

    /// Hits of every query, top 50 and all, by asset id.
    func answers(_ index: SearchIndex, ids: [String]) throws -> [[String]] {
        var out: [[String]] = []
        for q in try queries() {
            for limit in [50, nil] as [Int?] {
                let r = index.results(q, limit: limit)
                out.append(["\(r.total)"] + r.hits.map { "\(ids[$0.index]) \($0.score) \($0.kind) \($0.nameMatches)" })
            }
        }
        return out
    }

    @Test func persistedIndexAnswersExactlyAsAFreshBuild() throws {
        let store = try store(IndexFileTests.synthetic)
        let (cat, stamp, rows) = try store.loadSnapshot(geography: IndexFileTests.geo, taxonomy: IndexFileTests.tax)
        #expect(rows.count == cat.count && stamp.count == cat.count)
        let fresh = SearchIndex(cat)
        #expect(!fresh.heavy.entries.isEmpty)
        try store.saveIndex(fresh, stamp: stamp, rows: rows)
        let back = try store.persistedIndex(geography: IndexFileTests.geo, taxonomy: IndexFileTests.tax)
        let index = try #require(back.index, "\(back.reason)")
        #expect(back.rows == rows)
        // The arrays, one by one.
        #expect(index.count == fresh.count)
        #expect(index.vocab.bytes == fresh.vocab.bytes && index.vocab.starts == fresh.vocab.starts)
        for (a, b) in [(index.name, fresh.name), (index.other, fresh.other)] {
            #expect(a.postings == b.postings && a.postStarts == b.postStarts)
            #expect(a.forward == b.forward && a.starts == b.starts && a.tokenCount == b.tokenCount)
        }
        #expect(index.codeOf == fresh.codeOf && index.idOfCode == fresh.idOfCode)
        #expect(index.values.storage == fresh.values.storage && index.values.valueCount == fresh.values.valueCount)
        #expect(index.rank == fresh.rank && index.byRank == fresh.byRank)
        #expect(index.heavy.byPrefix == fresh.heavy.byPrefix)
        #expect(index.heavy.entries.map(\.any) == fresh.heavy.entries.map(\.any))
        #expect(index.heavy.entries.map(\.anyExact) == fresh.heavy.entries.map(\.anyExact))
        #expect(index.memoryBytes == fresh.memoryBytes)
        // And the answers to the benchmark queries (plus filters), ranked and all.
        let ids = cat.assets.map(\.id)
        #expect(try answers(index, ids: ids) == answers(fresh, ids: ids))
    }

    @Test func storeSearchReadsOnlyTheHitsAndMatchesTheFullLoad() throws {
        let store = try store(IndexFileTests.synthetic)
        let q = try SearchQuery.parse("community centre", geography: IndexFileTests.geo, taxonomy: IndexFileTests.tax)
        let first = try store.search(q, limit: 20, geography: IndexFileTests.geo, taxonomy: IndexFileTests.tax)
        guard case .built(_, true) = first.source else { Issue.record("first search should build and save: \(first.source)"); return }
        #expect(FileManager.default.fileExists(atPath: store.searchIndexPath))
        let second = try store.search(q, limit: 20, geography: IndexFileTests.geo, taxonomy: IndexFileTests.tax)
        #expect(second.source == .file)
        let cat = try store.load(geography: IndexFileTests.geo, taxonomy: IndexFileTests.tax)
        let want = SearchIndex(cat).results(q, limit: 20)
        #expect(second.total == want.total && first.total == want.total)
        #expect(second.assets == want.hits.map { cat.assets[$0.index] })
        #expect(first.assets == second.assets)
        #expect(second.assets.contains { !$0.links.isEmpty }, "hits are read with their links")
        // Many hits (read in one seq-ordered pass), a few hundred (batches), with and without links.
        for text in ["s", "a -the", "library", "ward:shaw kind:activity", "zzzz"] {
            let q = try SearchQuery.parse(text, geography: IndexFileTests.geo, taxonomy: IndexFileTests.tax)
            for limit in [nil, 300, 7] as [Int?] {
                let want = SearchIndex(cat).results(q, limit: limit)
                let r = try store.search(q, limit: limit, geography: IndexFileTests.geo, taxonomy: IndexFileTests.tax)
                #expect(r.source == .file && r.total == want.total)
                #expect(r.assets == want.hits.map { cat.assets[$0.index] }, "\(text) \(String(describing: limit))")
                let bare = try store.search(q, limit: limit, geography: IndexFileTests.geo, taxonomy: IndexFileTests.tax, links: false)
                #expect(bare.assets.map(\.id) == r.assets.map(\.id) && bare.assets.allSatisfy { $0.links.isEmpty })
            }
        }
    }

    /// `searchHits` hands over every hit once, with its rank, as stored: `.list` rows decode to
    /// the list fields only, and their bytes and days are those fields as stored.
    @Test func searchHitsGiveEachHitsStoredRowWithItsRank() throws {
        let store = try store(IndexFileTests.synthetic)
        let geo = IndexFileTests.geo, tax = IndexFileTests.tax
        let none = try store.searchHits(try SearchQuery.parse("club", geography: geo, taxonomy: tax), limit: nil, geography: geo,
                                        taxonomy: tax, fields: .list, start: { _, _ in Issue.record("no file: nothing to start") },
                                        row: { _, _ in Issue.record("no file: no rows") })
        #expect(none != nil)
        _ = try store.search(try SearchQuery.parse("club", geography: geo, taxonomy: tax), limit: 1, geography: geo, taxonomy: tax)
        // A day written in a form the store does not write (as an older or hand-edited file may hold).
        let odd = IndexFileTests.synthetic.assets.first { $0.kind == .activity && !$0.schedule.days.isEmpty }!
        try store.requireWriter().write { try $0.execute(sql: "UPDATE asset SET days = 'Tuesday;thurs' WHERE id = ?", arguments: [odd.id]) }
        _ = try store.search(try SearchQuery.parse("club", geography: geo, taxonomy: tax), limit: 1, geography: geo, taxonomy: tax)
        let cat = try store.load(geography: geo, taxonomy: tax)
        let index = SearchIndex(cat)
        var checkedOdd = false
        for text in ["s", "a -the", "community centre", "ward:shaw kind:activity", "\(odd.name)", "zzzz"] {
            let q = try SearchQuery.parse(text, geography: geo, taxonomy: tax)
            for limit in [nil, 300, 7] as [Int?] {
                let want = index.results(q, limit: limit).hits.map { cat.assets[$0.index] }
                var got = [Asset?](repeating: nil, count: want.count), started = false
                let failure = try store.searchHits(q, limit: limit, geography: geo, taxonomy: tax, fields: .list,
                                                   start: { n, total in
                                                       #expect(n == want.count && total == index.results(q, limit: nil).total)
                                                       started = true
                                                   }, row: { rank, row in
                    #expect(got[rank] == nil, "rank \(rank) given twice")
                    let a = try row.asset()
                    got[rank] = a
                    let full = want[rank]
                    #expect(a == Asset(id: full.id, kind: full.kind, name: full.name, description: full.description,
                                       categories: full.categories, ward: full.ward, cluster: full.cluster,
                                       schedule: full.schedule, cost: full.cost), "\(full.id)")
                    #expect(String(decoding: row.bytes(.name), as: UTF8.self) == full.name)
                    #expect(String(decoding: row.bytes(.description), as: UTF8.self) == full.description)
                    #expect(String(decoding: row.bytes(.cost), as: UTF8.self) == full.cost)
                    var days: [Weekday] = []
                    if row.forEachStoredDay({ days.append($0) }) {
                        #expect(days == full.schedule.days && full.id != odd.id, "\(full.id)")
                    } else {
                        #expect(days.isEmpty && full.id == odd.id && full.schedule.days == [.tue, .thu])
                        checkedOdd = true
                    }
                })
                #expect(failure == nil && started)
                #expect(got.map { $0?.id } == want.map(\.id), "\(text) \(String(describing: limit))")
            }
        }
        #expect(checkedOdd)
    }

    @Test func everyChangeToIndexedTablesMovesTheGeneration() throws {
        let store = try store(IndexFileTests.synthetic)
        var last = try store.indexStamp()
        func moved(_ what: String) throws {
            let now = try store.indexStamp()
            #expect(now.generation > last.generation, "\(what) should move the generation")
            last = now
        }
        var a = IndexFileTests.synthetic.assets[7]
        a.name = "Renamed Hall"
        var b = ImportBatch()
        b.assets = [a]
        try store.apply(b, by: "t", action: "import", detail: "rename")
        try moved("an updated asset")
        b.assets = [Fixtures.asset("zz-new", name: "Brand New Group")]
        try store.apply(b, by: "t", action: "import", detail: "add")
        try moved("a new asset")
        #expect(last.count == IndexFileTests.synthetic.count + 1)
        let place = try #require(IndexFileTests.synthetic.assets.first { $0.kind == .place })
        b = ImportBatch()
        b.transfers = [TransferEvent(assetID: place.id, date: LocalDate(year: 2026, month: 1, day: 2)!, state: .enquiry,
                                     stage: nil, tenure: nil, note: "test")]
        try store.apply(b, by: "t", action: "import", detail: "transfer")
        try moved("a transfer event")
        let database = last.database
        #expect(database.count == 32)
        // Another store never shares the id.
        #expect(try self.store(IndexFileTests.synthetic).indexStamp().database != database)
    }

    @Test func staleCorruptTruncatedOrForeignFilesAreIgnored() throws {
        let geo = IndexFileTests.geo, tax = IndexFileTests.tax
        let small = try DefaultCatalogue.load(from: Fixtures.assets)
        let store = try store(small)
        let q = try SearchQuery.parse("community", geography: geo, taxonomy: tax)
        _ = try store.search(q, limit: 5, geography: geo, taxonomy: tax)
        let path = store.searchIndexPath
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(try store.persistedIndex(geography: geo, taxonomy: tax).index != nil)

        func expectIgnored(_ data: Data, _ what: String, reason: String) throws {
            try data.write(to: URL(fileURLWithPath: path))
            let r = try store.persistedIndex(geography: geo, taxonomy: tax)
            #expect(r.index == nil, "\(what) should be ignored")
            #expect(r.reason.contains(reason), "\(what): \(r.reason)")
            let s = try store.search(q, limit: 5, geography: geo, taxonomy: tax)
            guard case .built(_, true) = s.source else { Issue.record("\(what): should rebuild, got \(s.source)"); return }
            #expect(try store.persistedIndex(geography: geo, taxonomy: tax).index != nil, "\(what): rebuilt file is used")
        }
        var flipped = good
        flipped[good.count - 100] ^= 0x40
        try expectIgnored(flipped, "a flipped byte", reason: "corrupt")
        try expectIgnored(good.prefix(good.count - 13), "a truncated file", reason: "corrupt")
        try expectIgnored(good.prefix(20), "a very short file", reason: "corrupt")
        try expectIgnored(Data("not an index".utf8), "a text file", reason: "corrupt")
        var version = good
        version[8] &+= 1
        try expectIgnored(version, "another format version", reason: "stale")
        // A file made for another database (same content) does not fit this one.
        let other = try self.store(small)
        _ = try other.search(q, limit: 5, geography: geo, taxonomy: tax)
        try expectIgnored(try Data(contentsOf: URL(fileURLWithPath: other.searchIndexPath)), "another database's file", reason: "stale")
        // A change to the data makes it stale.
        var a = small.assets[0]
        a.description = "now with a zebra"
        var b = ImportBatch()
        b.assets = [a]
        try store.apply(b, by: "t", action: "import", detail: "edit")
        let r = try store.persistedIndex(geography: geo, taxonomy: tax)
        #expect(r.index == nil && r.reason.contains("stale"), "\(r.reason)")
        let zebra = try SearchQuery.parse("zebra", geography: geo, taxonomy: tax)
        let z = try store.search(zebra, limit: nil, geography: geo, taxonomy: tax)
        #expect(z.assets.map(\.id) == [a.id])
        #expect(try store.search(zebra, limit: nil, geography: geo, taxonomy: tax).source == .file)
    }

    @Test func withoutItsGenerationRowTheFileIsNeverUsed() throws {
        let geo = IndexFileTests.geo, tax = IndexFileTests.tax
        let store = try store(try DefaultCatalogue.load(from: Fixtures.assets))
        let q = try SearchQuery.parse("club", geography: geo, taxonomy: tax)
        _ = try store.search(q, limit: 5, geography: geo, taxonomy: tax)
        #expect(try store.search(q, limit: 5, geography: geo, taxonomy: tax).source == .file)
        try store.requireWriter().write { db in try db.execute(sql: "DELETE FROM generation") }
        let r = try store.search(q, limit: 5, geography: geo, taxonomy: tax)
        guard case .built(let reason, false) = r.source else { Issue.record("\(r.source)"); return }
        #expect(reason.contains("no change generation"))
        #expect(try store.search(q, limit: 5, geography: geo, taxonomy: tax).source != .file)
    }

    @Test func readOnlyStoresNeverWriteTheFile() throws {
        let store = try store(try DefaultCatalogue.load(from: Fixtures.assets))
        let ro = try CatalogueStore(path: store.path, readOnly: true)
        let q = try SearchQuery.parse("club", geography: IndexFileTests.geo, taxonomy: IndexFileTests.tax)
        let r = try ro.search(q, limit: 5, geography: IndexFileTests.geo, taxonomy: IndexFileTests.tax)
        guard case .built(_, false) = r.source else { Issue.record("read-only: \(r.source)"); return }
        #expect(!FileManager.default.fileExists(atPath: ro.searchIndexPath))
        #expect(throws: StoreError.self) {
            let (cat, stamp, rows) = try ro.loadSnapshot(geography: IndexFileTests.geo, taxonomy: IndexFileTests.tax)
            try ro.saveIndex(SearchIndex(cat), stamp: stamp, rows: rows)
        }
        // A file written by a writable open is used by a read-only one.
        _ = try store.search(q, limit: 5, geography: IndexFileTests.geo, taxonomy: IndexFileTests.tax)
        #expect(try ro.search(q, limit: 5, geography: IndexFileTests.geo, taxonomy: IndexFileTests.tax).source == .file)
    }

    @Test func storedValueParsersAgreeWithTheForgivingOnes() {
        let lists = ["", "a", "a;b", ";a;;b;", "community.centre;food.bank", "café;x", "a;\u{301}b", ";", "é"]
        for s in lists { #expect(StoredValues.list(s) == s.split(separator: ";").map(String.init), "\(s)") }
        let days = ["", "mon", "mon;tue;sun", "tue;thu", "Monday;tues", "mon;", "mo", "thurs;weds", "sat;xyz", "mon;;fri", "MON"]
        for s in days {
            #expect(StoredValues.days(s) == s.split(separator: ";").map(String.init).compactMap { Weekday(loose: $0) }, "\(s)")
        }
        let dates = ["2026-01-31", "2026-02-30", "2024-02-29", " 2026-01-31", "2026-1-31", "+026-01-01", "2026-01-3a", "", "0000-01-01",
                     "2026-13-01", "20260131"]
        for s in dates { #expect(StoredValues.date(s) == LocalDate(iso: s), "\(s)") }
    }

    @Test func summaryOnBytesAgreesWithFoundation() {
        func foundation(_ d: String) -> String {
            guard let r = d.range(of: ". ") else { return d }
            return String(d[..<r.lowerBound]) + "."
        }
        var texts = ["", "One. Two.", "No stop", "Ends with a stop.", "a.b. c", ". lead", "x. \u{301}y. z", "Café. Bar", "a. é",
                     "tab.\tno", "a.  b", "a.\u{301} b. c"]
        texts += IndexFileTests.synthetic.assets.prefix(2000).map(\.description)
        for t in texts {
            var b = t
            switch b.withUTF8({ AssetDetails.firstSentence(ascii: $0) }) {
            case .whole: #expect(t == foundation(t), "\(t)")
            case .cut(let i): #expect(String(decoding: t.utf8.prefix(i), as: UTF8.self) + "." == foundation(t), "\(t)")
            case .notASCII: break
            }
            #expect(AssetDetails.summary(kind: .group, schedule: Schedule(), cost: "", description: t) == foundation(t), "\(t)")
        }
        for a in IndexFileTests.synthetic.assets.prefix(2000) where a.kind != .activity || a.schedule.isEmpty {
            #expect(AssetDetails.summary(a) == foundation(a.description))
        }
    }
}
