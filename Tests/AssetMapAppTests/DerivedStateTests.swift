import AssetCatalogue
@testable import AssetMapApp
import TermUI
import Testing

/// The explorer's derived state (the list, its total, the navigator rows) against a fresh
/// computation: the cache of recent inputs, the shared matches and the lazily walked sort orders
/// must never show anything a recompute from scratch would not.
@Suite struct DerivedStateTests {
    /// Synthetic, so names repeat within a ward (ties for the ward, kind and verified sorts).
    static let catalogue: Catalogue = Synthetic.catalogue(count: 3000, seed: 3, geography: AppFixture.catalogue.geography,
                                                          taxonomy: AppFixture.catalogue.taxonomy)
    static let index = SearchIndex(catalogue)

    static func explorer(rankedPrefix: Int = 7) -> Explorer {
        var e = Explorer(catalogue: catalogue, index: index, rankedPrefix: rankedPrefix)
        _ = e.update(.resize(Size(132, 43)))
        return e
    }

    /// The state `e` would derive with nothing cached or matched before, its list ranked at least
    /// as far as `e`'s (moves and kept selections rank more of it).
    static func fresh(_ e: Explorer) -> (items: [Int], total: Int, navRows: [NavRow]) {
        var f = e
        f.dropDerivedCaches()
        f.recompute()
        if f.items.count < e.items.count { f.rank(atLeast: e.items.count) }
        return (f.items, f.total, f.navRows)
    }

    static func expectFresh(_ e: Explorer, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let f = fresh(e)
        #expect(e.items.count >= min(7, e.total), "items after \(what)", sourceLocation: sourceLocation)
        #expect(e.items == Array(f.items.prefix(e.items.count)), "items after \(what)", sourceLocation: sourceLocation)
        #expect(e.total == f.total, "total after \(what)", sourceLocation: sourceLocation)
        #expect(e.navRows == f.navRows, "navigator after \(what)", sourceLocation: sourceLocation)
    }

    /// The whole list the old code built: every hit ranked, then `Browse.sorted` (a stable sort).
    static func reference(_ e: Explorer) -> [Int] {
        let q = e.combinedQuery(chips: e.chips)
        // The old code listed the catalogue unranked for an empty query in any order but relevance.
        let hits = q.isEmpty && e.sort != .relevance ? Array(e.catalogue.assets.indices) : e.index.search(q).map(\.index)
        return Browse.sorted(hits, by: e.sort, in: e.catalogue)
    }

    @Test func everySortOrderListsWhatSortingEveryHitGives() throws {
        let c = DerivedStateTests.catalogue
        let ward = c.geography.wards.first { w in c.assets.contains { $0.ward == w.code } }!
        // Ties exist for the ward sort (same ward, same name), so their order is tested.
        let keys = c.assets.map { "\($0.ward)|\($0.name.lowercased())" }
        #expect(Set(keys).count < keys.count)
        for text in ["", "club", "lunch club", "ward:\(ward.code)", "cent -kind:group", "\"coffee morning\"", "zzzzqqq"] {
            var e = DerivedStateTests.explorer()
            e.send("/", text, Key.enter)
            for sort in SortKey.allCases {
                if sort != .relevance { e.send("2", "s") }
                #expect(e.sort == sort)
                let full = DerivedStateTests.reference(e)
                #expect(e.total == full.count, "total, \(text) by \(sort)")
                #expect(e.items.count >= min(7, full.count) && e.items.count <= full.count, "prefix, \(text) by \(sort)")
                #expect(e.items == Array(full.prefix(e.items.count)), "prefix order, \(text) by \(sort)")
                var g = e
                g.send("2", "G")
                #expect(g.items == full, "whole list, \(text) by \(sort)")
                #expect(g.results.selected == max(0, full.count - 1))
            }
        }
    }

    @Test func sortedListsWithChipsAndTheFilterLine() {
        var e = DerivedStateTests.explorer()
        e.send("1", Key.enter)  // the first cluster as a chip
        #expect(e.chips.count == 1)
        e.send("2", "s", "s")   // by ward
        #expect(e.sort == .ward)
        var g = e
        g.send("G")
        #expect(g.items == DerivedStateTests.reference(e))
        e.send("/", "club", Key.enter, "f", "a")
        let narrowed = DerivedStateTests.reference(e).filter { i in
            let a = e.catalogue.assets[i]
            return Text.fold(a.name).contains("a") || Text.fold(AssetDetails.summary(a)).contains("a")
                || Text.fold(e.catalogue.wardName(a.ward)).contains("a")
        }
        #expect(e.items == narrowed && e.total == narrowed.count)
    }

    @Test func escAfterASearchShowsWhatAFreshComputationShows() {
        var e = DerivedStateTests.explorer()
        e.send("1", "j", Key.enter, "2", "j", "j")
        let before = (e.items, e.total, e.navRows, e.selectedAsset?.id)
        e.send("/", "lunch cl")
        #expect(e.total < before.1)
        DerivedStateTests.expectFresh(e, "typing")
        e.send(Key.escape)
        // The list as it was (its ranked prefix: moving down had ranked more of it).
        #expect(e.items.count >= 7 && e.items == Array(before.0.prefix(e.items.count)))
        #expect(e.total == before.1 && e.navRows == before.2 && e.selectedAsset?.id == before.3)
        DerivedStateTests.expectFresh(e, "Esc")
        // The view before the search came from the cache (the entry most recently used).
        #expect(e.derived.entries.last?.key == e.derivedKey)
        // Backspacing the query away, and q back from a drill, too.
        e.send("/", "walk", Key.backspace, Key.backspace, Key.backspace, Key.backspace)
        DerivedStateTests.expectFresh(e, "Backspace to empty")
        e.send(Key.enter, Key.enter, "q")
        DerivedStateTests.expectFresh(e, "q back")
    }

    @Test func theCacheIsKeyedByEveryInput() {
        var e = DerivedStateTests.explorer()
        e.send("/", "club", Key.enter)
        DerivedStateTests.expectFresh(e, "search")
        // Each input changed, then changed back: never the other input's list.
        e.send("1", Key.enter)
        DerivedStateTests.expectFresh(e, "a chip")
        e.send("2", "s")
        DerivedStateTests.expectFresh(e, "sort")
        e.send("f", "e")
        DerivedStateTests.expectFresh(e, "filter line")
        e.send(Key.escape)
        DerivedStateTests.expectFresh(e, "filter line cleared")
        e.send("1", "]")
        DerivedStateTests.expectFresh(e, "navigator tab")
        e.send("l")
        DerivedStateTests.expectFresh(e, "a row expanded")
        e.send("h", "[")
        DerivedStateTests.expectFresh(e, "back to the first tab")
        e.send("2", "s", "s", "s", "s")
        #expect(e.sort == .relevance)
        DerivedStateTests.expectFresh(e, "sort cycled back")
        e.send(Key.backspace)  // drops the chip
        DerivedStateTests.expectFresh(e, "chip removed")
        e.send(Key.backspace)  // drops the search
        #expect(e.query.isEmpty && e.chips.isEmpty)
        DerivedStateTests.expectFresh(e, "search removed")
        #expect(e.derived.entries.count > 1 && e.derived.entries.count <= DerivedCache.capacity)
    }

    @Test func aNewCatalogueDropsWhatWasDerivedFromTheOld() {
        var e = DerivedStateTests.explorer()
        e.send("/", "club", Key.enter, "2", "s")
        let old = e.items
        // The same inputs over a catalogue whose first matches are renamed so they no longer match.
        var assets = DerivedStateTests.catalogue.wholeAssets
        for i in old.prefix(3) { assets[i].name = "Zzz renamed \(i)"; assets[i].description = ""; assets[i].categories = [] }
        let c = Catalogue(name: "renamed", geography: DerivedStateTests.catalogue.geography,
                          taxonomy: DerivedStateTests.catalogue.taxonomy, assets: assets)
        e.catalogue = c
        e.index = SearchIndex(c)
        e.recompute()
        #expect(e.items != old)
        #expect(!e.items.contains(old[0]))
        #expect(e.items == Array(DerivedStateTests.reference(e).prefix(e.items.count)))
        DerivedStateTests.expectFresh(e, "a new catalogue")
    }
}
