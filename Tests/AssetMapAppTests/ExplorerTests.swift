import AssetCatalogue
@testable import AssetMapApp
import Foundation
import SnapshotTesting
import TermUI
import Testing

/// The explorer driven by messages and rendered as text: screens are a pure function of state
/// and size, so they are tested as snapshots (text plus a style layer).
enum AppFixture {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The small fixture catalogue in Fixtures/ on the real geography and taxonomy.
    static let catalogue: Catalogue = {
        let (geo, tax) = try! DefaultCatalogue.reference(from: repo.appendingPathComponent("Assets"))
        let importer = Importer(geography: geo, taxonomy: tax)
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        var batch = ImportBatch()
        for f in ["places", "groups", "anchors", "activities", "transfers", "acv"] {
            batch.merge(try! importer.read(dir.appendingPathComponent("\(f).csv")))
        }
        try! importer.checkReferences(batch, existing: { _ in nil })
        return Catalogue(name: "Test catalogue (fixture)", geography: geo, taxonomy: tax, assets: batch.assets,
                         transfers: batch.transfers, acv: batch.acv)
    }()

    static func explorer(_ size: Size = Size(80, 24)) -> Explorer {
        var e = Explorer(catalogue: catalogue)
        _ = e.update(.resize(size))
        return e
    }
}

extension Explorer {
    /// Sends keys: strings are typed character by character; `Key`s are sent as they are. Each
    /// key is a frame of its own, as when a person types (`willRender` runs after each).
    mutating func send(_ keys: Any...) {
        for k in keys {
            if let s = k as? String {
                for ch in s { _ = update(.key(.char(ch))); willRender() }
            } else if let key = k as? Key {
                _ = update(.key(key))
                willRender()
            }
        }
    }

    func frame(theme: Theme = .color(colorCount: 256)) -> String {
        let b = view(size: size, theme: theme)
        return b.textLines().joined(separator: "\n") + "\n--- style ---\n"
            + b.styleLines(legend: theme.legend).joined(separator: "\n") + "\n"
    }

    var screenText: String { view(size: size, theme: .noColor).textLines().joined(separator: "\n") }
}

@Suite struct ExplorerSnapshotTests {
    @Test func launch80x24() {
        let e = AppFixture.explorer(Size(80, 24))
        assertSnapshot(of: e.frame(), as: .lines)
    }

    @Test func launch132x43() {
        let e = AppFixture.explorer(Size(132, 43))
        assertSnapshot(of: e.frame(), as: .lines)
    }

    @Test func searchAsYouType() {
        var e = AppFixture.explorer(Size(132, 43))
        e.send("/", "walk")
        assertSnapshot(of: e.frame(), as: .lines)
    }

    @Test func drillIntoAnAsset() {
        var e = AppFixture.explorer(Size(132, 43))
        e.send("/", "lunch", Key.enter, Key.enter)
        assertSnapshot(of: e.frame(), as: .lines)
    }

    @Test func followALinkAndComeBack() {
        var e = AppFixture.explorer(Size(132, 43))
        e.send("/", "lunch", Key.enter, Key.enter)
        let before = e.screenText
        e.send("j", Key.enter)   // the second link of Friday Lunch Club
        assertSnapshot(of: e.frame(), as: .lines, named: "followed")
        e.send("q")
        #expect(e.screenText == before)
    }

    @Test func combineFilters() {
        var e = AppFixture.explorer(Size(132, 43))
        e.send("1", Key.enter)            // Clusters: North
        e.send("]", "]", "]", "]", "j", Key.enter)  // Kinds: Activities
        assertSnapshot(of: e.frame(), as: .lines)
        #expect(e.chips.map(\.label) == ["North", "Activities"])
    }

    @Test func resizeKeepsSelection() {
        var e = AppFixture.explorer(Size(132, 43))
        e.send("j", "j", "j")
        let selected = e.selectedAsset?.id
        _ = e.update(.resize(Size(80, 24)))
        assertSnapshot(of: e.frame(), as: .lines)
        #expect(e.selectedAsset?.id == selected)
        _ = e.update(.resize(Size(132, 43)))
        #expect(e.selectedAsset?.id == selected)
    }

    @Test func tooSmall() {
        let e = AppFixture.explorer(Size(30, 8))
        assertSnapshot(of: e.frame(), as: .lines)
        #expect(e.screenText.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            .contains("need 40×12, have 30×8"))
    }

    @Test func help() {
        var e = AppFixture.explorer(Size(80, 24))
        e.send("?")
        assertSnapshot(of: e.frame(), as: .lines)
    }

    @Test func noColor() {
        var e = AppFixture.explorer(Size(80, 24))
        e.send("j")
        assertSnapshot(of: e.frame(theme: .noColor), as: .lines)
    }
}

@Suite struct ExplorerBehaviourTests {
    @Test func aBurstOfKeystrokesRunsOneSearchForTheLastQuery() {
        var e = AppFixture.explorer(Size(132, 43))
        _ = e.update(.key(.char("/")))
        for ch in "lunch" { _ = e.update(.key(.char(ch))) }
        // Typed but not yet rendered: the search is pending, the list not yet recomputed.
        #expect(e.searchPending && e.items.count == e.catalogue.count)
        e.willRender()
        #expect(!e.searchPending && e.items.count < e.catalogue.count && e.selectedAsset?.name == "Friday Lunch Club")
        // A key that needs the results (Enter keeps them) runs a pending search first.
        for ch in " club" { _ = e.update(.key(.char(ch))) }
        _ = e.update(.key(.enter))
        #expect(!e.searchPending && e.query == "lunch club" && e.mode == .browse)
    }

    @Test func searchUpdatesOnEveryKeystrokeAndEscRestores() {
        var e = AppFixture.explorer(Size(132, 43))
        let all = e.items.count
        e.send("j", "j")
        let selected = e.selectedAsset?.id
        e.send("/", "w")
        let afterW = e.items.count
        e.send("a", "l", "k")
        #expect(e.items.count < all && e.items.count <= afterW)
        #expect(e.items.allSatisfy { i in
            let a = e.catalogue.assets[i]
            return (a.name + a.description + a.categories.joined()).lowercased().contains("walk")
        })
        e.send(Key.escape)
        #expect(e.items.count == all && e.query.isEmpty && e.selectedAsset?.id == selected)
        #expect(e.mode == .browse)
    }

    @Test func enterKeepsTheSearchAndNSteps() {
        var e = AppFixture.explorer(Size(132, 43))
        e.send("/", "shaw", Key.enter)
        #expect(e.mode == .browse && e.query == "shaw" && e.items.count >= 2)
        let first = e.selectedAsset?.id
        e.send("n")
        #expect(e.selectedAsset?.id != first)
        e.send("N")
        #expect(e.selectedAsset?.id == first)
    }

    @Test func aBadQueryKeepsResultsAndSaysWhy() {
        var e = AppFixture.explorer(Size(132, 43))
        e.send("/", "ward:shw")
        #expect(e.queryError?.contains("Shaw") == true)
        #expect(e.screenText.contains("did you mean"))
    }

    @Test func anInvalidQueryShowsTheErrorAndNoResults() {
        // Typed a character at a time, each of these parses as a word (`cat`, `day`, `foo`) first:
        // the error must not leave that word's matches on screen.
        for text in ["cat:nonsense", "day:xyz", "foo:bar", "lunch \"coffee", "\"", "-"] {
            var e = AppFixture.explorer(Size(132, 43))
            e.send("/", text)
            #expect(e.queryError != nil, "\(text)")
            #expect(e.items.isEmpty && e.total == 0, "\(text)")
            #expect(e.screenText.contains("The query has a problem"), "\(text)")
        }
    }

    @Test func filterNarrowsWithoutLeavingTheList() {
        var e = AppFixture.explorer(Size(132, 43))
        e.send("2", "f", "failsworth")
        #expect(e.items.count >= 2 && e.items.allSatisfy { e.catalogue.assets[$0].ward == "E05014653" })
        e.send(Key.escape)
        #expect(e.items.count == e.catalogue.count)
    }

    @Test func sortCycles() {
        var e = AppFixture.explorer(Size(132, 43))
        e.send("2", "s")  // relevance → name
        #expect(e.sort == .name)
        e.send("s")       // ward
        let wards = e.items.map { e.catalogue.wardName(e.catalogue.assets[$0].ward) }
        #expect(wards == wards.sorted())
    }

    @Test func qAtTheTopQuitsAndBacksOutOfDrills() {
        var e = AppFixture.explorer()
        e.send(Key.enter)   // open detail
        #expect(e.detail != nil)
        #expect(e.update(.key(.char("q"))) == .none)
        #expect(e.detail == nil)
        #expect(e.update(.key(.char("q"))) == .quit(0))
        var f = AppFixture.explorer()
        #expect(f.update(.key(.ctrl("c"))) == .quit(0))
        #expect(f.update(.key(.ctrl("z"))) == .suspend)
    }

    @Test func breadcrumbsAreRemovable() {
        var e = AppFixture.explorer(Size(132, 43))
        e.send("1", Key.enter)
        #expect(e.chips.count == 1)
        e.send(Key.backspace)
        #expect(e.chips.isEmpty)
        e.send(Key.enter)
        let layout = ScreenLayout.compute(e, size: e.size)
        let x = layout.chipRanges[0].range.lowerBound
        _ = e.update(.mouse(MouseEvent(point: Point(x, layout.crumbs.y), button: .left, action: .press)))
        #expect(e.chips.isEmpty)
    }

    @Test func clickingABreadcrumbRefreshesTheStatusLine() {
        var e = AppFixture.explorer(Size(132, 43))
        e.send("1", Key.enter)
        #expect(e.chips.count == 1)
        e.focus = .results
        e.send("s")
        #expect(e.message?.hasPrefix("sorted by") == true)
        let layout = ScreenLayout.compute(e, size: e.size)
        let x = layout.chipRanges[0].range.lowerBound
        _ = e.update(.mouse(MouseEvent(point: Point(x, layout.crumbs.y), button: .left, action: .press)))
        #expect(e.chips.isEmpty)
        #expect(e.message == nil)   // the status line no longer says the old thing
    }

    @Test func navigatorNestsClusterWardsCategories() {
        var e = AppFixture.explorer(Size(132, 43))
        e.send("1")
        let north = e.navRows.firstIndex { $0.label == "North" }!
        for _ in 0..<north { e.send("j") }
        e.send("l")
        let wards = e.navRows.filter { $0.depth == 1 }.map(\.label)
        #expect(wards.contains("Shaw") && wards.contains("Royton North"))
        let shaw = e.navRows.firstIndex { $0.label == "Shaw" && $0.depth == 1 }!
        while e.nav.selected < shaw { e.send("j") }
        e.send("l", "j")
        let cat = e.navRows[e.nav.selected]
        #expect(cat.depth == 2)
        e.send(Key.enter)
        #expect(e.chips.map(\.facet) == [.cluster, .ward, .category])
        #expect(e.items.allSatisfy { e.catalogue.assets[$0].ward == "E05014661" && e.catalogue.assets[$0].cluster == "north" })
    }

    @Test func onlyAPrefixIsRankedAndItGrowsAsTheListScrolls() throws {
        var e = Explorer(catalogue: AppFixture.catalogue, rankedPrefix: 3)
        _ = e.update(.resize(Size(80, 24)))
        #expect(e.items.count == 3)
        #expect(e.total == e.catalogue.count)
        #expect(e.screenText.contains("\(e.catalogue.count) of \(e.catalogue.count) assets"))
        e.send("2", "j")
        #expect(e.items.count > 3)
        e.send("G")
        #expect(e.items.count == e.catalogue.count)
        #expect(e.results.selected == e.catalogue.count - 1)
        // Growing the prefix never changes the order: it is the index's full ranking.
        var f = Explorer(catalogue: AppFixture.catalogue, rankedPrefix: 2)
        _ = f.update(.resize(Size(80, 24)))
        f.send("/", "shaw", Key.enter, "G")
        let q = try SearchQuery.parse("shaw", in: f.catalogue)
        #expect(f.items == f.index.search(q).map(\.index))
        #expect(f.items.count > 2)
    }

    @Test func navigatorCountsAgreeWithACountOverTheAssets() {
        var e = AppFixture.explorer(Size(132, 43))
        e.send("/", "club", Key.enter, "1")
        for label in ["North", "Central"] {
            let i = e.navRows.firstIndex { $0.label == label && $0.depth == 0 }!
            while e.nav.selected < i { e.send("j") }
            e.send("l")
        }
        let c = e.catalogue
        let words = try! SearchQuery.parse("club", in: c)
        let hits = Set(e.index.search(words).map(\.index))
        #expect(e.navRows.contains { $0.depth == 1 })
        for row in e.navRows {
            let brute = c.assets.indices.filter { i in
                hits.contains(i) && row.path.allSatisfy { chip in c.keys(of: c.assets[i], for: chip.facet).contains(chip.key) }
            }.count
            #expect(row.count == brute, "\(row.id)")
        }
    }

    @Test func mouseClickSelectsAndWheelScrolls() {
        var e = AppFixture.explorer(Size(132, 43))
        let layout = ScreenLayout.compute(e, size: e.size)
        let list = layout.inner(.results)!
        _ = e.update(.mouse(MouseEvent(point: Point(list.x + 2, list.y + 1 + 3), button: .left, action: .press)))
        #expect(e.focus == .results && e.results.selected == 3)
        _ = e.update(.mouse(MouseEvent(point: Point(list.x + 2, list.y + 3), button: .wheelDown, action: .press)))
        #expect(e.results.selected == 6)
        let nav = layout.inner(.navigator)!
        _ = e.update(.mouse(MouseEvent(point: Point(nav.x + 2, nav.y + 2), button: .left, action: .press)))
        #expect(e.focus == .navigator)
    }

    @Test func paletteCompletesAndRuns() {
        var e = AppFixture.explorer(Size(132, 43))
        e.send(":", "wa", Key.tab)
        #expect(e.paletteField.text == "ward ")
        e.send("sha", Key.enter)
        #expect(e.chips.map(\.label) == ["Shaw"])
        e.send(":", "sort ward", Key.enter)
        #expect(e.sort == .ward)
        e.send(":", "frobnicate", Key.enter)
        #expect(e.message?.contains("unknown command") == true)
    }

    @Test func controlCharactersInDataNeverReachTheScreen() throws {
        var assets = AppFixture.catalogue.wholeAssets
        assets[0].name = "Evil\u{1B}[2J\u{1B}]52;c;aGk=\u{07}Hall\u{202E}"
        let c = Catalogue(name: "x", geography: AppFixture.catalogue.geography, taxonomy: AppFixture.catalogue.taxonomy, assets: assets)
        var e = Explorer(catalogue: c)
        _ = e.update(.resize(Size(132, 43)))
        let b = e.view(size: e.size, theme: .color())
        for y in 0..<b.height {
            for x in 0..<b.width {
                let t = b[x, y].text
                #expect(!t.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) || $0.value == 0x202E })
            }
        }
    }

    @Test func everyScreenFitsItsSizeWithWideText() {
        for size in [Size(40, 12), Size(80, 24), Size(100, 30), Size(132, 43), Size(200, 60)] {
            var e = AppFixture.explorer(size)
            e.send(Key.enter)
            let b = e.view(size: size, theme: .color())
            #expect(b.textLines().count == size.height)
            for line in b.textLines() { #expect(TextWidth.width(of: line) <= size.width, "\(size): \(line)") }
        }
    }
}

@Suite struct KeyTableTests {
    @Test func noKeyIsBoundTwiceInOneContext() {
        #expect(ExplorerKeys.table.conflicts() == [])
    }

    @Test func docsKeysMdIsGeneratedFromTheTable() throws {
        let doc = try String(contentsOf: AppFixture.repo.appendingPathComponent("docs/keys.md"), encoding: .utf8)
        #expect(doc == ExplorerKeys.markdown, "docs/keys.md is stale: run `assetmap keys > docs/keys.md`")
    }
}
