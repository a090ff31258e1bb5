import AssetCatalogue
@testable import AssetMapApp
import Foundation
import SnapshotTesting
import TermUI
import Testing

/// Launch on a large catalogue (Loading.swift): the preview frame, what works while loading, and
/// the hand-over to the whole catalogue.
enum LoadingFixture {
    static let full = AppFixture.catalogue
    static let fullIndex = SearchIndex(full)

    /// The first `n` assets in name order, as `CatalogueStore.firstPage` reads them.
    static func preview(first n: Int = 12) -> LaunchPreview {
        let order = fullIndex.matches(SearchQuery()).results(limit: n).hits.map { full.assets[$0.index] }
        let page = Catalogue(name: full.name, geography: full.geography, taxonomy: full.taxonomy, assets: order)
        return LaunchPreview(total: full.count, catalogue: page)
    }

    static func explorer(_ size: Size = Size(80, 24), first n: Int = 12) -> Explorer {
        var e = Explorer.preview(preview(first: n))
        _ = e.update(.resize(size))
        return e
    }
}

@Suite struct LoadingTests {
    @Test func loadingFrame80x24() {
        let e = LoadingFixture.explorer(Size(80, 24))
        assertSnapshot(of: e.frame(), as: .lines)
    }

    @Test func loadingFrame132x43() {
        let e = LoadingFixture.explorer(Size(132, 43))
        assertSnapshot(of: e.frame(), as: .lines)
    }

    @Test func withTheIndexTheNavigatorCountsTheWholeCatalogueWhileLoading() {
        var p = LoadingFixture.preview()
        p.index = LoadingFixture.fullIndex
        var e = Explorer.preview(p)
        _ = e.update(.resize(Size(132, 43)))
        let whole = Explorer(catalogue: LoadingFixture.full, index: LoadingFixture.fullIndex)
        #expect(e.loading != nil && !e.navRows.isEmpty)
        #expect(e.navRows.map { "\($0.label) \($0.count)" } == whole.navRows.map { "\($0.label) \($0.count)" })
        let north = whole.navRows.first { $0.label == "North" }!
        #expect(e.screenText.contains("North") && e.screenText.contains(" \(north.count)"))
        #expect(!e.screenText.contains("│loading…") && LoadingFixture.explorer(Size(132, 43)).screenText.contains("│loading…"))
        // Handed over, the rows are the loaded catalogue's own.
        e.finishLoading(catalogue: LoadingFixture.full, index: LoadingFixture.fullIndex)
        #expect(e.previewNavRows == nil && e.navRows.map(\.count) == whole.navRows.map(\.count))
    }

    @Test func previewShowsTheRealTotalAndTheFirstPageInNameOrder() {
        let e = LoadingFixture.explorer()
        let full = AppFixture.explorer()
        #expect(e.loading == LoadingFixture.full.count)
        #expect(e.screenText.split(separator: "\n").first?.contains("\(LoadingFixture.full.count) assets, loading") == true)
        #expect(e.items.map { e.catalogue.assets[$0].id } == Array(full.items.prefix(12).map { full.catalogue.assets[$0].id }))
        #expect(e.screenText.contains("loading \(grouped(LoadingFixture.full.count)) assets… (search is ready when loading finishes)"))
        #expect(e.screenText.contains("loading…"))
    }

    @Test func previewListIsNavigableAndOpensDetail() {
        var e = LoadingFixture.explorer()
        e.send(Key.down, Key.down)
        let id = e.selectedAsset?.id
        #expect(id == e.catalogue.assets[e.items[2]].id)
        e.send(Key.enter)
        #expect(e.detail?.assetID == id)
        #expect(e.focus == .detail)
        #expect(e.screenText.contains(e.selectedAsset!.name))
    }

    @Test func whatNeedsTheWholeCatalogueSaysItWaits() {
        var e = LoadingFixture.explorer()
        e.send("s")
        #expect(e.sort == .relevance)
        #expect(e.message?.contains("waits until all") == true)
        e.send("1", Key.enter)
        #expect(e.chips.isEmpty)
        #expect(e.message?.contains("waits until all") == true)
    }

    @Test func handOverKeepsSelectionFocusAndDetail() {
        var e = LoadingFixture.explorer()
        e.send(Key.down, Key.down, Key.down, Key.enter)
        let id = e.selectedAsset?.id
        let focus = e.focus
        e.finishLoading(catalogue: LoadingFixture.full, index: LoadingFixture.fullIndex)
        #expect(e.loading == nil)
        #expect(e.catalogue.count == LoadingFixture.full.count)
        #expect(e.total == LoadingFixture.full.count)
        #expect(e.selectedAsset?.id == id)
        #expect(e.results.selected == 3)
        #expect(e.focus == focus)
        #expect(e.detail?.assetID == id)
        #expect(!e.navRows.isEmpty)
        #expect(!e.screenText.contains("loading"))
    }

    @Test func searchTypedWhileLoadingRunsOnHandOver() {
        var e = LoadingFixture.explorer()
        let before = e.items.map { e.catalogue.assets[$0].id }
        e.send("/", "walk")
        // Not run against the first page: the list stays as it was and the status says so.
        #expect(e.items.map { e.catalogue.assets[$0].id } == before)
        e.send(Key.enter)
        #expect(e.screenText.contains("the search \"walk\" runs when loading finishes"))
        e.finishLoading(catalogue: LoadingFixture.full, index: LoadingFixture.fullIndex)
        var direct = AppFixture.explorer()
        direct.send("/", "walk", Key.enter)
        #expect(!direct.items.isEmpty)
        #expect(e.items.map { e.catalogue.assets[$0].id } == direct.items.map { direct.catalogue.assets[$0].id })
        #expect(e.total == direct.total)
        #expect(e.results.selected == 0)
        #expect(e.query == "walk")
    }

    @Test func smallCataloguesNeverLoad() {
        let e = AppFixture.explorer()
        #expect(e.loading == nil)
        #expect(!e.screenText.contains("loading"))
    }
}
