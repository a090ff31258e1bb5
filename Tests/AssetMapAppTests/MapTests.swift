import AssetCatalogue
@testable import AssetMapApp
import Foundation
import SnapshotTesting
import TermUI
import Testing

/// The map: screens as snapshots (text + style layer), and the behaviour behind them.
enum MapFixture {
    /// The fixture explorer with the map open (and focused) in `raster`.
    static func explorer(_ size: Size, raster: RasterMode = .braille, full: Bool = false,
                         catalogue: Catalogue = AppFixture.catalogue) -> Explorer {
        var e = Explorer(catalogue: catalogue)
        _ = e.update(.resize(size))
        e.applyMapSettings(MapSettings(raster: raster))
        e.send("m")
        if full { e.send("z") }
        return e
    }

    static var boundaries: WardBoundaries { AppFixture.catalogue.geography.boundaries! }

    /// The ward code of a name.
    static func code(_ name: String) -> String { try! AppFixture.catalogue.geography.ward(named: name).code }

    /// A file from ../shared/data: missing fails under CI=true, else the test skips.
    static func sharedFile(_ path: String) -> URL? {
        let u = AppFixture.repo.deletingLastPathComponent().appendingPathComponent("shared/data").appendingPathComponent(path)
        if FileManager.default.fileExists(atPath: u.path) { return u }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record("missing shared data file \(u.path) (CI needs ../shared beside the repo)")
        } else {
            print("skipping: \(u.path) is not here")
        }
        return nil
    }

    /// The fixture catalogue on the real ONS ward boundaries (from ../shared/data).
    static func realCatalogue() throws -> Catalogue? {
        guard let url = sharedFile("boundaries/oldham_wards_2023.geojson") else { return nil }
        let c = AppFixture.catalogue
        var geo = c.geography
        geo.boundaries = try BoundaryImport.read(url, geography: geo).boundaries()
        return Catalogue(name: c.name, geography: geo, taxonomy: c.taxonomy, assets: c.wholeAssets)
    }
}

@Suite struct MapSnapshotTests {
    @Test(arguments: RasterMode.allCases)
    func mapBesideTheList100x30(raster: RasterMode) {
        let e = MapFixture.explorer(Size(100, 30), raster: raster)
        assertSnapshot(of: e.frame(), as: .lines, named: raster.rawValue)
    }

    @Test(arguments: RasterMode.allCases)
    func fullScreenMap160x45(raster: RasterMode) {
        var e = MapFixture.explorer(Size(160, 45), raster: raster, full: true)
        e.send(Key.right)  // focus moves to a neighbouring ward
        assertSnapshot(of: e.frame(), as: .lines, named: raster.rawValue)
    }

    @Test func gapMapWithAFilter() {
        var e = AppFixture.explorer(Size(132, 43))
        e.send("/", "kind:activity", Key.enter, "m", "s", "s")
        #expect(e.map.shade == .gap)
        assertSnapshot(of: e.frame(), as: .lines)
    }
}

@Suite struct MapBehaviourTests {
    let b = MapFixture.boundaries

    @Test func mOpensTheMapAndTheKeyBarAndHelpShowItsKeys() {
        var e = AppFixture.explorer(Size(132, 43))
        #expect(!e.map.isOpen)
        e.send("m")
        #expect(e.map.isOpen && e.map.focused && e.context == .map)
        let screen = e.screenText
        #expect(screen.contains("4 Map · schematic"))
        #expect(screen.contains("Schematic ward map"), "the legend says schematic")
        #expect(screen.contains("© Crown copyright"), "attribution")
        #expect(screen.contains("shade") && screen.contains("ward"))
        e.send("?")
        #expect(e.screenText.contains("Help") || e.mode == .help)
        e.send("q", "q")   // close help, then the map
        #expect(!e.map.isOpen && e.context == .results)
    }

    @Test func arrowKeysMoveToTheNeighbourInThatDirection() {
        var e = MapFixture.explorer(Size(132, 43))
        let keys: [(Key, MapDirection)] = [(.up, .up), (.down, .down), (.left, .left), (.right, .right)]
        var moved = 0
        for code in b.codes {
            for (key, dir) in keys {
                e.map.ward = code
                e.send(key)
                let expected = b.neighbour(of: code, direction: dir)
                #expect(e.map.ward == (expected ?? code), "\(code) \(dir)")
                if let expected {
                    #expect(b.neighbours(of: code).contains(expected))
                    moved += 1
                }
            }
        }
        #expect(moved > 40)
        // Shaw's northern neighbour is none; its western one is Crompton.
        e.map.ward = MapFixture.code("Shaw")
        e.send(Key.left)
        #expect(e.map.ward == MapFixture.code("Crompton"))
    }

    @Test func enterFiltersTheListsToTheFocusedWardAndTheMapLightsIt() {
        var e = MapFixture.explorer(Size(132, 43))
        let shaw = MapFixture.code("Shaw")
        e.map.ward = shaw
        e.send(Key.enter)
        #expect(e.chips.map(\.key) == [shaw] && e.chips.map(\.facet) == [.ward])
        #expect(!e.items.isEmpty && e.items.allSatisfy { e.catalogue.assets[$0].ward == shaw })
        let scene = e.mapScene!
        #expect(scene.filterWards == [shaw])
        let lit = scene.lit!
        #expect(lit.indices.filter { lit[$0] } == e.items.sorted())
        #expect(scene.shading.matches.keys.sorted() == [shaw])
        // Backspace (remove the filter) works from the map too, and everything is lit again.
        e.send(Key.backspace)
        #expect(e.chips.isEmpty && e.mapScene!.lit == nil)
    }

    @Test func theSearchLightsItsAssetsAndWards() throws {
        var e = AppFixture.explorer(Size(132, 43))
        e.send("/", "walk", Key.enter, "m")
        let q = try SearchQuery.parse("walk", in: e.catalogue)
        let hits = Set(e.index.search(q).map(\.index))
        let lit = e.mapScene!.lit!
        #expect(Set(lit.indices.filter { lit[$0] }) == hits)
        var perWard: [String: Int] = [:]
        for i in hits { perWard[e.catalogue.assets[i].ward, default: 0] += 1 }
        #expect(e.mapScene!.shading.matches == perWard)
        // Typing a new search while the map is open relights it.
        e.send(Key.tab)   // to the navigator
        e.send("/", Key.backspace, Key.backspace, Key.backspace, Key.backspace, "lunch", Key.enter)
        let q2 = try SearchQuery.parse("lunch", in: e.catalogue)
        let lit2 = e.mapScene!.lit!
        #expect(Set(lit2.indices.filter { lit2[$0] }) == Set(e.index.search(q2).map(\.index)))
    }

    @Test func aClickSelectsTheWardUnderThePointer() throws {
        var e = MapFixture.explorer(Size(160, 45), full: true)
        let layout = ScreenLayout.compute(e, size: e.size)
        let (canvas, v) = try #require(e.mapCanvas(layout))
        var checked = 0
        for code in b.codes {
            let anchor = b.labelAnchors[code]!
            let px = v.pixel(for: anchor)
            let cell = Point(canvas.x + Int(px.x / 2), canvas.y + Int(px.y / 4))
            _ = e.update(.mouse(MouseEvent(point: cell, button: .left, action: .press)))
            _ = e.update(.mouse(MouseEvent(point: cell, button: .left, action: .release)))
            // Independently: the plane point at that cell's centre, and the ward holding it.
            let p = v.point(atCellColumn: cell.x - canvas.x, row: cell.y - canvas.y, mode: .braille)
            #expect(e.map.ward == b.ward(containing: p), "\(code)")
            if (b.labelRoom[code] ?? 0) > 4 * v.metresPerPixelX * 2 { #expect(e.map.ward == code); checked += 1 }
        }
        #expect(checked >= 15)
    }

    @Test func theWheelZoomsAtThePointerAndKeysZoomPanAndFit() throws {
        var e = MapFixture.explorer(Size(160, 45), full: true)
        let layout = ScreenLayout.compute(e, size: e.size)
        let (canvas, v0) = try #require(e.mapCanvas(layout))
        let cell = Point(canvas.x + canvas.width / 3, canvas.y + canvas.height / 3)
        let before = v0.point(atCellColumn: cell.x - canvas.x, row: cell.y - canvas.y, mode: .braille)
        _ = e.update(.mouse(MouseEvent(point: cell, button: .wheelUp, action: .press)))
        let (_, v1) = try #require(e.mapCanvas(layout))
        #expect(v1.zoom > v0.zoom)
        let after = v1.point(atCellColumn: cell.x - canvas.x, row: cell.y - canvas.y, mode: .braille)
        #expect(after.distance(to: before) < v1.metresPerPixelX * 2, "the ground under the pointer stays put")
        e.send("+")
        #expect(abs(e.map.zoom - v1.zoom * 1.5) < 1e-9)
        e.send("-")
        #expect(abs(e.map.zoom - v1.zoom) < 1e-9)
        var c = e.mapCanvas(layout)!.1.centre
        e.send("h"); #expect(e.mapCanvas(layout)!.1.centre.x < c.x); c = e.mapCanvas(layout)!.1.centre
        e.send("l"); #expect(e.mapCanvas(layout)!.1.centre.x > c.x); c = e.mapCanvas(layout)!.1.centre
        e.send("k"); #expect(e.mapCanvas(layout)!.1.centre.y > c.y); c = e.mapCanvas(layout)!.1.centre
        e.send("j"); #expect(e.mapCanvas(layout)!.1.centre.y < c.y)
        e.send("0")
        #expect(e.map.zoom == 1 && e.map.centre == nil)
        #expect(e.mapCanvas(layout)!.1.centre == b.planeBounds.centre)
    }

    @Test func aDragPansTheMap() throws {
        var e = MapFixture.explorer(Size(160, 45), full: true)
        let layout = ScreenLayout.compute(e, size: e.size)
        let (canvas, v0) = try #require(e.mapCanvas(layout))
        let start = Point(canvas.x + 40, canvas.y + 10)
        _ = e.update(.mouse(MouseEvent(point: start, button: .left, action: .press)))
        _ = e.update(.mouse(MouseEvent(point: Point(start.x + 5, start.y), button: .left, action: .drag)))
        _ = e.update(.mouse(MouseEvent(point: Point(start.x + 10, start.y + 2), button: .left, action: .drag)))
        _ = e.update(.mouse(MouseEvent(point: Point(start.x + 10, start.y + 2), button: .left, action: .release)))
        let v1 = e.mapCanvas(layout)!.1
        // Dragged 10 cells right (20 pixels) and 2 down (8 pixels): the map slid that way.
        #expect(abs((v0.centre.x - v1.centre.x) - 20 * v0.metresPerPixelX) < 1e-6)
        #expect(abs((v1.centre.y - v0.centre.y) - 8 * v0.metresPerPixelY) < 1e-6)
    }

    @Test func aClickOnTheListTakesTheKeyboardFromTheMap() throws {
        var e = MapFixture.explorer(Size(160, 45))
        let layout = ScreenLayout.compute(e, size: e.size)
        let list = try #require(layout.inner(.results))
        _ = e.update(.mouse(MouseEvent(point: Point(list.x + 2, list.y + 3), button: .left, action: .press)))
        #expect(e.context == .results && e.results.selected == 2 && e.map.isOpen)
        let map = try #require(layout.map)
        _ = e.update(.mouse(MouseEvent(point: Point(map.x + 10, map.y + 5), button: .left, action: .press)))
        #expect(e.context == .map)
    }

    @Test func aFullScreenOrNarrowMapGivesWayToThePaneWithTheKeyboard() {
        for (size, full) in [(Size(60, 20), false), (Size(160, 45), true)] {
            var e = MapFixture.explorer(size, full: full)
            var layout = ScreenLayout.compute(e, size: e.size)
            #expect(layout.map == Rect(x: 0, y: 2, width: size.width, height: size.height - 4) && layout.panes.isEmpty)
            e.send("2")
            layout = ScreenLayout.compute(e, size: e.size)
            #expect(e.context == .results && layout.map == nil && layout.panes[.results] != nil, "\(size)")
            #expect(e.screenText.contains("2 Results"))
            e.send("4")
            #expect(e.context == .map && ScreenLayout.compute(e, size: e.size).panes.isEmpty)
            e.send(Key.tab)
            #expect(e.context == .results && e.map.isOpen)
        }
    }

    @Test func tabGoesThroughThePanesAndTheMap() {
        var e = MapFixture.explorer(Size(160, 45))
        #expect(e.context == .map)
        e.send(Key.tab)
        #expect(e.context == .navigator)
        e.send(Key.tab, Key.tab)
        #expect(e.context == .map)
        e.send("2")
        #expect(e.context == .results && e.map.isOpen)
        e.send("4")
        #expect(e.context == .map)
    }

    @Test func shadingModesCycleAndAgreeWithACountOverTheAssets() {
        var e = MapFixture.explorer(Size(132, 43))
        let c = e.catalogue
        var seen: [MapShade] = []
        for _ in MapShade.allCases {
            seen.append(e.map.shade)
            let s = e.mapScene!.shading
            for w in c.geography.wards {
                let inWard = c.assets.filter { $0.ward == w.code }
                let expected: Double
                switch e.map.shade {
                case .assets: expected = Double(inWard.count)
                case .perThousand: expected = Double(inWard.count) * 1000 / Double(w.population)
                case .gap: expected = Double(inWard.filter { $0.categories.contains(e.map.gapCategory) }.count)
                case .transfers:
                    expected = Double(inWard.filter { $0.kind == .place && [.enquiry, .inProgress].contains(c.transferState(of: $0.id)) }.count)
                }
                #expect(abs((s.wards[w.code]?.value ?? -1) - expected) < 1e-9, "\(e.map.shade) \(w.name)")
            }
            // Levels never fall as values rise.
            let byValue = s.wards.values.sorted { $0.value < $1.value }
            #expect(zip(byValue, byValue.dropFirst()).allSatisfy { $0.level <= $1.level })
            #expect(e.screenText.contains(String(s.title.prefix(30))), "the legend explains \(e.map.shade)")
            e.send("s")
        }
        #expect(seen == MapShade.allCases)
    }

    @Test func theFastCountsAgreeWithCountingTheAssetsForEveryCategoryAndMode() {
        let c = AppFixture.catalogue
        let g = MapGeometry(catalogue: c, boundaries: b)
        let some = Array(stride(from: 0, to: c.count, by: 2))
        for mode in MapShade.allCases {
            for cat in c.taxonomy.categories.map(\.id) where mode == .gap || cat == "food" {
                for indices in [nil, some] {
                    let fast = MapShading.compute(mode, gapCategory: cat, catalogue: c, indices: indices, geometry: g)
                    let slow = MapShading.compute(mode, gapCategory: cat, catalogue: c, indices: indices)
                    #expect(fast == slow, "\(mode) \(cat)")
                }
            }
        }
    }

    @Test func theGapMapShowsWhereACategoryIsMissing() {
        var e = MapFixture.explorer(Size(160, 45), full: true)
        e.send("]")
        #expect(e.map.shade == .gap)
        while e.map.gapCategory != "food.lunch-club" { e.send("]") }
        let s = e.mapScene!.shading
        let c = e.catalogue
        let have = Set(c.assets.filter { $0.categories.contains("food.lunch-club") }.map(\.ward))
        #expect(!have.isEmpty && have.count < 20)
        for w in c.geography.wards { #expect((s.wards[w.code]!.level == 1) == have.contains(w.code), "\(w.name)") }
        #expect(e.screenText.contains("Gap map: Food › Lunch club"))
        #expect(e.screenText.contains("none"), "wards with none say so in their label")
    }

    @Test func thePaletteOpensShadesAndChoosesTheGapCategory() {
        var e = AppFixture.explorer(Size(132, 43))
        e.send(":", "map", Key.enter)
        #expect(e.map.isOpen && e.context == .map)
        e.send(":", "gap lunch", Key.enter)
        #expect(e.map.shade == .gap && e.map.gapCategory == "food.lunch-club")
        #expect(e.screenText.contains("Gap map: Food › Lunch club"))
        e.send(":", "shade per-1000", Key.enter)
        #expect(e.map.shade == .perThousand)
        e.send(":", "shade sideways", Key.enter)
        #expect(e.message?.contains("shade by assets") == true && e.map.shade == .perThousand)
        e.send(":", "gap zzzz", Key.enter)
        #expect(e.map.gapCategory == "food.lunch-club")
        e.send(":", "present", Key.enter)
        #expect(e.presentation != nil && e.readOnly)
    }

    @Test func cCyclesTheDrawingAndTheSettingIsRemembered() throws {
        var e = MapFixture.explorer(Size(100, 30))
        #expect(e.map.raster == .braille)
        e.send("c")
        #expect(e.map.raster == .halfBlock && e.map.settings == MapSettings(raster: .halfBlock))
        e.send("c")
        #expect(e.map.raster == .ascii)
        #expect(e.screenText.split(separator: "\n").dropFirst(3).prefix(20).allSatisfy { !$0.unicodeScalars.contains { (0x2800...0x28FF).contains($0.value) } })
        e.send("c")
        #expect(e.map.raster == .braille)
        // Saved where the store code resolves paths: ASSETMAP_HOME/config, or $XDG_CONFIG_HOME/assetmap.
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-map-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let file = MapSettings.file(in: AppPaths(environment: ["ASSETMAP_HOME": home.path]))
        #expect(file.path == home.appendingPathComponent("config/map.json").path)
        #expect(MapSettings.file(in: AppPaths(environment: ["XDG_CONFIG_HOME": "/x/cfg", "HOME": "/h"])).path == "/x/cfg/assetmap/map.json")
        #expect(MapSettings.load(from: file) == MapSettings(), "no file: defaults")
        try MapSettings(raster: .ascii).save(to: file)
        #expect(MapSettings.load(from: file) == MapSettings(raster: .ascii))
        try Data("not json".utf8).write(to: file)
        #expect(MapSettings.load(from: file) == MapSettings())
    }

    @Test func assetsWithoutCoordinatesAreDrawnInsideTheirWard() {
        let e = MapFixture.explorer(Size(100, 30))
        let g = e.mapScene!.geometry
        for (i, a) in e.catalogue.assets.enumerated() where a.coordinate == nil {
            #expect(!g.xs[i].isNaN)
            #expect(b.planeShapes[a.ward]!.contains(MapPoint(g.xs[i], g.ys[i])), "\(a.id)")
        }
        #expect(g.placed > 0)
    }

    @Test func aTourMovesOnTicksAndAKeyPausesIt() {
        var e = MapFixture.explorer(Size(132, 43))
        #expect(!e.needsTick)
        e.startTour(MapTour(stops: .wards, seconds: 1))
        #expect(e.needsTick && e.map.tour?.ticksPerStop == 10)
        let first = e.map.ward
        #expect(first != nil)
        for _ in 0..<9 { _ = e.update(.tick) }
        #expect(e.map.ward == first)
        _ = e.update(.tick)
        let second = e.map.ward
        #expect(second != first && second != nil)
        #expect(e.map.zoom >= 1)
        e.send("s")   // any key but t pauses
        #expect(!e.needsTick)
        for _ in 0..<20 { _ = e.update(.tick) }
        #expect(e.map.ward == second)
        e.send("t")   // resumes
        #expect(e.needsTick)
        e.send("t")   // stops
        #expect(e.map.tour == nil && !e.needsTick)
        // A tour of the clusters fits each cluster in turn.
        var f = MapFixture.explorer(Size(132, 43))
        f.startTour(MapTour(stops: .clusters, seconds: 0.5))
        var zooms = Set<Double>()
        for _ in 0..<(5 * 5) { _ = f.update(.tick); zooms.insert(f.map.zoom) }
        #expect(zooms.count >= 2)
    }

    @Test func everyMapScreenFitsItsSize() {
        for raster in RasterMode.allCases {
            for size in [Size(40, 12), Size(80, 24), Size(120, 40), Size(200, 60)] {
                for full in [false, true] {
                    let e = MapFixture.explorer(size, raster: raster, full: full)
                    let bf = e.view(size: size, theme: .color())
                    #expect(bf.textLines().count == size.height)
                    for line in bf.textLines() { #expect(TextWidth.width(of: line) <= size.width, "\(raster) \(size)") }
                }
            }
        }
    }
}

@Suite struct MapSVGTests {
    @Test func textIsEscapedAndControlCharactersDropped() {
        #expect(MapSVG.esc("St Mary's & <Lees> \"x\"") == "St Mary&apos;s &amp; &lt;Lees&gt; &quot;x&quot;")
        #expect(MapSVG.esc("a\u{1B}[2Jb\u{07}\u{85}c") == "a[2Jbc")
    }

    @Test func theSVGShadesTheFocusedSceneAndListsTheLegend() {
        var state = MapState()
        state.shade = .gap
        state.ward = MapFixture.code("Shaw")
        let scene = MapScene.make(catalogue: AppFixture.catalogue, state: state)!
        let svg = MapSVG.render(scene, width: 800, height: 600)
        let have = Set(AppFixture.catalogue.assets.filter { $0.categories.contains("food.lunch-club") }.map(\.ward))
        for code in scene.boundaries.codes {
            let fill = have.contains(code) ? MapSVG.gapFill.present : MapSVG.gapFill.absent
            #expect(svg.contains("<path data-ward=\"\(code)\" fill=\"\(fill)\""), "\(code)")
        }
        #expect(svg.contains("stroke=\"#000000\" stroke-width=\"2.5\""), "the focused ward is outlined")
        #expect(svg.contains("none here (a gap)") && svg.contains("Gap map: Food › Lunch club"))
        #expect(svg.components(separatedBy: "<circle ").count - 1 >= AppFixture.catalogue.count)
    }
}

@Suite struct MapLabelTests {
    @Test func labelsNeverOverlapAndStayNearTheirAnchor() {
        var rng = Synthetic.RNG(seed: 7)
        for round in 0..<200 {
            let area = Rect(x: Int.random(in: 0...5, using: &rng), y: Int.random(in: 0...3, using: &rng),
                            width: Int.random(in: 10...120, using: &rng), height: Int.random(in: 3...40, using: &rng))
            let items = (0..<Int.random(in: 1...30, using: &rng)).map { i in
                let name = String(repeating: "x", count: Int.random(in: 2...18, using: &rng))
                return MapLabels.Item(ward: "w\(i)", anchor: Point(area.x + Int.random(in: 0..<area.width, using: &rng),
                                                                   area.y + Int.random(in: 0..<area.height, using: &rng)),
                                      texts: [name + " 12", name, String(name.prefix(3))], priority: Double.random(in: 0...1, using: &rng))
            }
            let placed = MapLabels.place(items, in: area)
            for (i, a) in placed.enumerated() {
                #expect(area.contains(a.rect), "round \(round): \(a) outside \(area)")
                let item = items.first { $0.ward == a.ward }!
                #expect(abs(a.y - item.anchor.y) <= 2 && item.texts.contains(a.text))
                for c in placed[(i + 1)...] {
                    let padded = Rect(x: c.x - 1, y: c.y, width: c.width + 2, height: 1)
                    #expect(!a.rect.intersects(padded), "round \(round): \(a) overlaps \(c)")
                }
            }
            #expect(Set(placed.map(\.ward)).count == placed.count)
        }
    }

    @Test func theHighestPriorityLabelIsAlwaysPlaced() {
        let items = [MapLabels.Item(ward: "a", anchor: Point(5, 1), texts: ["Alpha"], priority: 1),
                     MapLabels.Item(ward: "b", anchor: Point(6, 1), texts: ["Bravo"], priority: 2)]
        let placed = MapLabels.place(items, in: Rect(x: 0, y: 0, width: 20, height: 3))
        #expect(placed.first?.ward == "b" && placed.contains { $0.ward == "a" && $0.y != 1 })
        #expect(MapLabels.shortName("Saddleworth North") == "Sadd. N" && MapLabels.shortName("Shaw") == "Shaw")
    }

    @Test(arguments: [Size(100, 30), Size(160, 45)])
    func wardLabelsOnTheMapDoNotOverlapAndNameWards(size: Size) {
        let e = MapFixture.explorer(size, full: true)
        let scene = e.mapScene!
        var b = Buffer(size: size)
        let inner = Panel.inner(ScreenLayout.compute(e, size: size).map!)
        let labels = scene.render(into: &b, area: inner, theme: .noColor)
        let canvas = scene.layout(inner).canvas
        #expect(labels.count >= (size.width >= 160 ? 20 : 12))
        for (i, l) in labels.enumerated() {
            #expect(canvas.contains(l.rect))
            #expect(b.textLines()[l.y].contains(l.text), "drawn as placed")
            for m in labels[(i + 1)...] { #expect(!l.rect.intersects(m.rect.inset(dx: -1, dy: 0)), "\(l.text) / \(m.text)") }
        }
    }
}

@Suite struct PresentationTests {
    /// The fixture with a distinct email, phone and website on every asset.
    static let withContacts: Catalogue = {
        let c = AppFixture.catalogue
        var assets = c.wholeAssets
        for i in assets.indices {
            assets[i].email = "contact\(i)@example.org"
            assets[i].phone = "0161 496 0\(String(format: "%03d", i))"
            assets[i].website = "https://example.org/asset\(i)"
        }
        return Catalogue(name: c.name, geography: c.geography, taxonomy: c.taxonomy, assets: assets,
                         transfers: c.allTransferEvents, acv: c.allACVEvents)
    }()

    static var contactStrings: [String] { withContacts.assets.flatMap { [$0.email, $0.phone, $0.website] } }

    /// Every screen of a walk through the app: the list, every asset's detail, searches, the map.
    static func screens(_ e: inout Explorer) -> [String] {
        var out = [e.screenText]
        e.send("2")
        for _ in 0..<e.catalogue.count {
            e.send(Key.enter)
            out.append(e.screenText)
            out.append(e.view(size: e.size, theme: .color()).text)
            e.send("q", "j")
        }
        e.send("/", "example", Key.enter)
        out.append(e.screenText)
        e.send("/", Key.backspace, Key.backspace, Key.backspace, Key.backspace, Key.backspace, Key.backspace, Key.backspace, "0161", Key.enter)
        out.append(e.screenText)
        e.send("4", "z")
        out.append(e.screenText)
        return out
    }

    @Test func noContactDetailReachesTheScreen() {
        var e = Explorer(catalogue: PresentationTests.withContacts)
        _ = e.update(.resize(Size(132, 43)))
        e.startPresentation()
        #expect(e.readOnly && e.hideContacts && e.map.isOpen)
        let shown = PresentationTests.screens(&e).joined(separator: "\n")
        for s in PresentationTests.contactStrings { #expect(!shown.contains(s), "\(s) is on screen") }
        #expect(!shown.contains("@example.org") && !shown.contains("https://"))
        // The same walk without presentation mode does show them (so the check above can fail).
        var plain = Explorer(catalogue: PresentationTests.withContacts)
        _ = plain.update(.resize(Size(132, 43)))
        let visible = PresentationTests.screens(&plain).joined(separator: "\n")
        #expect(visible.contains(PresentationTests.withContacts.assets[0].email))
    }

    @Test func presentationIsReadOnlyAndCannotBeLeftWhenStartedByPresent() {
        var e = Explorer(catalogue: AppFixture.catalogue, readOnly: false)
        _ = e.update(.resize(Size(132, 43)))
        e.startPresentation()
        e.send("P")
        #expect(e.presentation != nil && e.readOnly && e.message?.contains("assetmap present") == true)
        #expect(e.screenText.contains("READ-ONLY") && e.screenText.contains("PRESENTATION"))
        // In the app, P toggles it and restores what was there before.
        var f = Explorer(catalogue: AppFixture.catalogue, readOnly: false)
        _ = f.update(.resize(Size(132, 43)))
        f.send("P")
        #expect(f.presentation != nil && f.readOnly && f.hideContacts)
        f.send("P")
        #expect(f.presentation == nil && !f.readOnly && !f.hideContacts)
    }

    @Test func theLastKeyIsShownAndThePaletteIsHighContrast() {
        var e = AppFixture.explorer(Size(132, 43))
        e.startPresentation()
        e.send(Key.right)
        #expect(e.screenText.contains("key: →"))
        e.send("s")
        #expect(e.screenText.contains("key: s"))
        let b = e.view(size: e.size, theme: .color())
        let styles = Set(b.cells.map(\.style))
        #expect(!styles.contains { $0.attributes.contains(.dim) }, "no dim text on a projector")
        #expect(styles.contains { $0.fg == .brightWhite || $0.fg == .brightYellow })
        // Labels are larger: upper case and padded.
        #expect(e.screenText.contains(" SHAW") || e.screenText.contains(" SHAW "))
        // Without colour (NO_COLOR) the theme is left alone.
        #expect(e.view(size: e.size, theme: .noColor).cells.allSatisfy { $0.style.fg == .default && $0.style.bg == .default })
    }
}

@Suite struct RealBoundaryMapTests {
    @Test func theMapDrawsRealBoundariesWithTheirAttribution() throws {
        guard let c = try MapFixture.realCatalogue() else { return }
        var e = Explorer(catalogue: c)
        _ = e.update(.resize(Size(160, 45)))
        e.send("m", "z")
        let screen = e.screenText
        #expect(screen.contains("4 Map · ONS boundaries"))
        #expect(screen.contains("Ward boundaries: oldham_wards_2023.geojson"))
        #expect(!screen.contains("Schematic"))
        #expect(screen.split(separator: "\n").joined(separator: " ").contains("Contains OS data"))
    }

    /// Projection → viewport → cell → point → point-in-polygon, on the real boundaries: clicking
    /// the cell under each ward's ONS centre selects that ward.
    @Test func clickingEachONSCentreSelectsItsWard() throws {
        guard let c = try MapFixture.realCatalogue() else { return }
        let b = c.geography.boundaries!
        var e = Explorer(catalogue: c)
        _ = e.update(.resize(Size(200, 60)))
        e.send("m", "z")
        let layout = ScreenLayout.compute(e, size: e.size)
        let (canvas, v) = try #require(e.mapCanvas(layout))
        var exact = 0
        for w in c.geography.wards {
            let p = b.projection.project(w.centre)
            #expect(b.ward(containing: p) == w.code, "\(w.name): its ONS centre lies in it")
            let px = v.pixel(for: p)
            let cell = Point(canvas.x + Int(px.x / 2), canvas.y + Int(px.y / 4))
            _ = e.update(.mouse(MouseEvent(point: cell, button: .left, action: .press)))
            let clicked = v.point(atCellColumn: cell.x - canvas.x, row: cell.y - canvas.y, mode: .braille)
            #expect(clicked.distance(to: p) < 3 * v.metresPerPixelX, "the cell holds the centre")
            #expect(e.map.ward == b.ward(containing: clicked))
            if e.map.ward == w.code { exact += 1 }
        }
        #expect(exact >= 18, "\(exact) of 20 wards selected at their centres")
        // The raster agrees with point-in-polygon at every cell centre.
        let r = b.raster(v)
        for cy in stride(from: 0, to: canvas.height, by: 3) {
            for cx in stride(from: 0, to: canvas.width, by: 3) {
                let p = v.point(atPixelColumn: cx * 2 + 1, row: cy * 4 + 2)
                let inRaster = r.ward(column: cx * 2 + 1, row: cy * 4 + 2)
                let inPolygon = b.ward(containing: p)
                if inRaster != inPolygon { #expect(b.nearestWard(to: p, within: 2 * v.metresPerPixelX) != nil, "only at an edge") }
            }
        }
    }
}
