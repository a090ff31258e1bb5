@testable import AssetCatalogue
import Foundation
import Testing

/// The compact catalogue (`CatalogueStore.loadListing`): every column and count agrees with the
/// whole load of the same store, and the pages and links read by id are the whole assets' own.
@Suite(.serialized) struct CompactCatalogueTests {
    static let geo = Fixtures.geography
    static let tax = Fixtures.taxonomy

    /// Rows that take the slow paths: text that is not ASCII around the first ". ", no
    /// coordinates, never verified, no categories, a link to an asset that is not stored, an
    /// activity with only a frequency, an anchor based at a place.
    static let awkward: [Asset] = {
        let shaw = try! geo.ward(named: "Shaw").code
        return [
            Asset(id: "x-place", kind: .place, name: "Ṡhaw Hall. Old", description: "বাংলা. দ্বিতীয় বাক্য. Third.",
                  categories: [], ward: shaw, cluster: "north", postcode: "OL2 8AA", coordinate: nil),
            Asset(id: "x-anchor", kind: .anchor, name: "Anchor", description: "Café. Bar", categories: ["food"], ward: shaw,
                  cluster: "north", coordinate: Coordinate(lat: 53.57, lon: -2.09), lastVerified: LocalDate(year: 2026, month: 2, day: 28),
                  links: [AssetLink(.basedAt, "x-place"), AssetLink(.hosts, "x-group"), AssetLink(.hosts, "not-stored")]),
            Asset(id: "x-group", kind: .group, name: "Zgoda Polish group", description: "a.\u{301} b. c", categories: ["food.lunch-club", "older.social"],
                  ward: shaw, cluster: "east", links: [AssetLink(.basedAt, "x-place")]),
            Asset(id: "x-activity", kind: .activity, name: "Only a frequency", description: "Ignored. Here", ward: shaw, cluster: "north",
                  links: [AssetLink(.runBy, "x-group"), AssetLink(.heldAt, "x-place")],
                  schedule: Schedule(frequency: "monthly"), cost: "£2"),
            Asset(id: "x-empty", kind: .activity, name: "No schedule", description: "", ward: shaw, cluster: "north"),
        ]
    }()

    static func store(_ assets: [Asset], transfers: [TransferEvent] = [], acv: [ACVEvent] = []) throws -> CatalogueStore {
        let store = try CatalogueStore(path: Fixtures.tempDir().appendingPathComponent("c.sqlite").path)
        var b = ImportBatch()
        b.assets = assets
        b.transfers = transfers
        b.acv = acv
        try store.apply(b, by: "tester", action: "seed", detail: "test", name: "Compact test")
        return store
    }

    static func catalogues() throws -> [(String, CatalogueStore)] {
        let def = try DefaultCatalogue.load()
        let syn = Synthetic.catalogue(count: 3000, seed: 5, geography: geo, taxonomy: tax)
        return [("default", try store(def.wholeAssets, transfers: def.allTransferEvents, acv: def.allACVEvents)),
                ("synthetic", try store(syn.wholeAssets, transfers: syn.allTransferEvents, acv: syn.allACVEvents)),
                ("awkward", try store(awkward))]
    }

    @Test func compactColumnsAgreeWithTheWholeLoad() throws {
        for (label, store) in try CompactCatalogueTests.catalogues() {
            let whole = try store.load(geography: CompactCatalogueTests.geo, taxonomy: CompactCatalogueTests.tax)
            let compact = try store.loadListing(geography: CompactCatalogueTests.geo, taxonomy: CompactCatalogueTests.tax).catalogue
            #expect(whole.hasDetails && !compact.hasDetails, "\(label)")
            #expect(compact.count == whole.count && compact.name == whole.name, "\(label)")
            #expect(compact.allTransferEvents == whole.allTransferEvents && compact.allACVEvents == whole.allACVEvents, "\(label)")
            #expect(compact.transferCases.count == whole.transferCases.count && compact.acvListings.count == whole.acvListings.count)
            var mismatches: [String] = []
            for i in whole.assets.indices {
                let w = whole.assets[i], c = compact.assets[i]
                let same = c.id == w.id && c.name == w.name && c.kind == w.kind && c.ward == w.ward && c.cluster == w.cluster
                    && c.categories == w.categories && c.postcode == w.postcode && c.coordinate == w.coordinate
                    && c.lastVerified == w.lastVerified && c.links.isEmpty && c.schedule.days == w.schedule.days
                    && compact.id(at: i) == w.id && compact.name(at: i) == w.name && compact.kind(at: i) == w.kind
                    && compact.ward(at: i) == w.ward && compact.cluster(at: i) == w.cluster
                    && compact.categories(at: i) == w.categories && compact.coordinate(at: i) == w.coordinate
                    && compact.lastVerified(at: i) == w.lastVerified
                    && compact.summary(at: i) == AssetDetails.summary(w) && whole.summary(at: i) == AssetDetails.summary(w)
                    && compact.index(of: w.id) == i
                if !same { mismatches.append(w.id) }
                // Links come from the store when a page is shown (a sample: two queries each).
                if i % 5 == 0 || label == "awkward" {
                    let l = try store.links(of: w.id)
                    let got = compact.linked(to: w.id, outgoing: l.outgoing, incoming: l.incoming)
                    if got.map({ "\($0.label) \($0.asset.id) \($0.outgoing)" }) != whole.linked(to: w.id).map({ "\($0.label) \($0.asset.id) \($0.outgoing)" }) {
                        mismatches.append("links of \(w.id)")
                    }
                }
            }
            #expect(mismatches.isEmpty, "\(label): \(mismatches.prefix(5))")
            for facet in Facet.allCases {
                #expect(compact.facetCounts(facet) == whole.facetCounts(facet), "\(label) \(facet)")
            }
            #expect(compact.index(of: "not-stored") == nil && compact.asset(id: "") == nil)
        }
    }

    @Test func readingInTwoHalvesGivesTheSameCatalogue() throws {
        for (label, store) in try CompactCatalogueTests.catalogues() {
            let (g, t) = (CompactCatalogueTests.geo, CompactCatalogueTests.tax)
            _ = try store.loadForExplorer(geography: g, taxonomy: t, compact: true)  // saves the index file
            let one = try store.loadListing(geography: g, taxonomy: t, inHalvesFrom: .max)
            let two = try store.loadListing(geography: g, taxonomy: t, inHalvesFrom: 0)
            #expect(one.timings.map(\.step) != two.timings.map(\.step), "\(label): both read the same way")
            #expect(one.index != nil && two.index != nil, "\(label): \(one.reason) / \(two.reason)")
            let a = one.catalogue, b = two.catalogue
            #expect(a.count == b.count && a.allTransferEvents == b.allTransferEvents && a.transferCases.count == b.transferCases.count)
            let same = a.assets.indices.allSatisfy { i in
                a.assets[i] == b.assets[i] && a.summary(at: i) == b.summary(at: i) && b.index(of: a.id(at: i)) == i
            }
            #expect(same, "\(label)")
            for facet in Facet.allCases { #expect(a.facetCounts(facet) == b.facetCounts(facet), "\(label) \(facet)") }
        }
    }

    @Test func theAwkwardRowsTookTheirSlowPaths() throws {
        // So the test above covers them: Foundation's first sentence, and a schedule of only a frequency.
        let store = try CompactCatalogueTests.store(CompactCatalogueTests.awkward)
        let c = try store.loadListing(geography: CompactCatalogueTests.geo, taxonomy: CompactCatalogueTests.tax).catalogue
        #expect(c.summary(at: 0) == "বাংলা.")
        #expect(c.summary(at: 1) == "Café.")
        #expect(c.summary(at: 3) == "monthly · £2")
        #expect(c.summary(at: 4) == "")
        let l = try store.links(of: "x-place")
        #expect(c.linked(to: "x-place", outgoing: l.outgoing, incoming: l.incoming).map(\.asset.id) == ["x-activity", "x-anchor", "x-group"])
        #expect(try store.links(of: "x-anchor").outgoing.map(\.target) == ["x-place", "x-group", "not-stored"])
    }

    @Test func pagesByIdAreTheWholeAssets() throws {
        let store = try CompactCatalogueTests.store(CompactCatalogueTests.awkward)
        let whole = try store.load(geography: CompactCatalogueTests.geo, taxonomy: CompactCatalogueTests.tax)
        let got = try store.assets(ids: ["x-group", "missing", "x-place", "x-activity"])
        #expect(got == ["x-group", "x-place", "x-activity"].map { whole.asset(id: $0)! })
        #expect(try store.assets(ids: []).isEmpty)
    }

    @Test func theIndexFileIsUsedOnlyWhenCurrent() throws {
        let syn = Synthetic.catalogue(count: 1500, seed: 9, geography: CompactCatalogueTests.geo, taxonomy: CompactCatalogueTests.tax)
        let store = try CompactCatalogueTests.store(syn.wholeAssets, transfers: syn.allTransferEvents)
        let (g, t) = (CompactCatalogueTests.geo, CompactCatalogueTests.tax)
        let none = try store.loadListing(geography: g, taxonomy: t)
        #expect(none.index == nil && !none.reason.isEmpty)
        // Without a current file the index is built from the whole catalogue and saved, and the compact one read with it.
        let (first, builtIndex) = try store.loadForExplorer(geography: g, taxonomy: t, compact: false)
        #expect(first.hasDetails)
        #expect(try store.loadListing(geography: g, taxonomy: t).index != nil, "the index was saved all the same")
        let (second, readIndex) = try store.loadForExplorer(geography: g, taxonomy: t, compact: true)
        #expect(!second.hasDetails)
        #expect(try store.loadListing(geography: g, taxonomy: t).index != nil)
        for text in ["lunch club", "libary", "ward:shaw kind:activity", "day:tue", "transfer:any", "-the community"] {
            let q = try SearchQuery.parse(text, geography: g, taxonomy: t)
            let a = builtIndex.results(q, limit: nil), b = readIndex.results(q, limit: nil)
            #expect(a.total == b.total && a.hits.map { first.id(at: $0.index) } == b.hits.map { second.id(at: $0.index) }, "\(text)")
        }
        // Any change makes the file stale: the compact load says so, and the explorer gets the whole catalogue again.
        var b = ImportBatch()
        b.assets = [CompactCatalogueTests.awkward[4]]
        try store.apply(b, by: "tester", action: "import", detail: "one more")
        #expect(try store.loadListing(geography: g, taxonomy: t).index == nil)
        #expect(try !store.loadForExplorer(geography: g, taxonomy: t, compact: true).0.hasDetails)
        #expect(try store.loadListing(geography: g, taxonomy: t).index != nil, "saved again")
        // Read-only with a stale file: the whole catalogue, and nothing written.
        try store.apply(b, by: "tester", action: "import", detail: "again")
        let readOnly = try CatalogueStore(path: store.path, readOnly: true)
        #expect(try readOnly.loadForExplorer(geography: g, taxonomy: t, compact: true).0.hasDetails)
        #expect(try readOnly.loadListing(geography: g, taxonomy: t).index == nil)
        // Asked for the whole catalogue, it is whole even with a current file.
        #expect(try store.loadForExplorer(geography: g, taxonomy: t, compact: false).0.hasDetails)
    }
}
