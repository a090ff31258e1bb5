import AssetCatalogue
@testable import AssetMapApp
import Foundation
import TermUI
import Testing

/// The explorer on a compact catalogue (the columns of a large store, pages read when shown)
/// draws the same screens as on the whole catalogue, key for key.
@Suite(.serialized) struct CompactExplorerTests {
    /// The fixture in a temporary store with a current index file, loaded both ways.
    static func explorers() throws -> (whole: Explorer, compact: Explorer, store: CatalogueStore) {
        let c = AppFixture.catalogue
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-compact-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try CatalogueStore(path: dir.appendingPathComponent("c.sqlite").path)
        var b = ImportBatch()
        b.assets = c.wholeAssets
        b.transfers = c.allTransferEvents
        b.acv = c.allACVEvents
        try store.apply(b, by: "tester", action: "seed", detail: "test", name: c.name)
        let (wholeCat, _) = try store.loadForExplorer(geography: c.geography, taxonomy: c.taxonomy, compact: false)  // saves the index file
        let (compactCat, index) = try store.loadForExplorer(geography: c.geography, taxonomy: c.taxonomy, compact: true)
        #expect(wholeCat.hasDetails && !compactCat.hasDetails)
        let today = LocalDate(year: 2026, month: 12, day: 1)!
        var whole = Explorer(catalogue: wholeCat, readOnly: true, today: today)
        var compact = Explorer(catalogue: compactCat, index: index, readOnly: true, today: today)
        compact.pages = store
        _ = whole.update(.resize(Size(132, 43)))
        _ = compact.update(.resize(Size(132, 43)))
        return (whole, compact, store)
    }

    @Test func compactCatalogueDrawsTheSameScreens() throws {
        var (whole, compact, _) = try CompactExplorerTests.explorers()
        let steps: [[Any]] = [
            [], [Key.down], [Key.down, Key.down], [Key.enter], ["3"], [Key.down], [Key.enter], ["q"], ["2"],
            ["/", "lunch"], [Key.enter], [Key.enter], ["1"], [Key.down], [Key.enter], ["2"], ["s"], ["s"], ["f", "hall"],
            [Key.escape], ["m"], ["m"], ["G"], [Key.enter],
        ]
        for (n, keys) in steps.enumerated() {
            for k in keys {
                whole.send(k)
                compact.send(k)
            }
            #expect(compact.screenText == whole.screenText, "step \(n): \(keys)")
        }
        // The detail pane showed a description, which only the store holds for the compact catalogue.
        let shown = try #require(compact.detailAsset)
        #expect(!compact.catalogue.hasDetails && shown.description == whole.catalogue.asset(id: shown.id)!.description)
    }

    @Test func withoutPagesTheDetailPaneShowsTheListingFields() throws {
        var (_, compact, _) = try CompactExplorerTests.explorers()
        compact.pages = nil
        compact.send(Key.enter)
        let a = try #require(compact.detailAsset)
        #expect(a.description.isEmpty && !a.name.isEmpty)
        #expect(compact.screenText.contains(a.name))
    }
}
