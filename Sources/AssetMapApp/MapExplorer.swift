import AssetCatalogue
import Foundation
import TermUI

/// Derived map data the explorer keeps: geometry once per catalogue, matches and shading when
/// the query, the chips or the shading change (never per frame).
struct MapCache {
    var geometry: MapGeometry?
    var lit: [Bool]?
    var shading: MapShading?
}

extension Explorer {
    // MARK: Opening and deriving

    /// Opens the map (and gives it the keyboard unless `focus` is false).
    public mutating func openMap(focus: Bool = true) {
        guard let b = catalogue.geography.boundaries else {
            message = "no ward shapes to draw (Assets/geography/schematic_wards.geojson is missing)"
            return
        }
        if mapCache.geometry.map({ $0.boundaries !== b }) ?? true {
            mapCache.geometry = MapGeometry(catalogue: catalogue, boundaries: b)
        }
        map.isOpen = true
        if focus { map.focused = true }
        if map.ward == nil {
            map.ward = chips.last(where: { $0.facet == .ward })?.key ?? selectedAsset?.ward
        }
        refreshMap()
    }

    public mutating func closeMap() {
        map.isOpen = false
        map.focused = false
        map.tour = nil
        map.drag = nil
    }

    /// Recomputes what the filter lights and the ward shading (called from `recompute`).
    mutating func refreshMap() {
        guard map.isOpen else { return }
        let q = combinedQuery(chips: chips)
        let narrow = !filterField.text.trimmingCharacters(in: .whitespaces).isEmpty
        var indices: [Int]?
        if narrow {
            indices = items  // with the filter line in use, `items` holds every match
        } else if !q.isEmpty {
            indices = index.matchingIndices(q)
        }
        if let indices {
            var lit = [Bool](repeating: false, count: catalogue.assets.count)
            for i in indices { lit[i] = true }
            mapCache.lit = lit
        } else {
            mapCache.lit = nil
        }
        mapCache.shading = MapShading.compute(map.shade, gapCategory: map.gapCategory, catalogue: catalogue, indices: indices,
                                              geometry: mapCache.geometry)
    }

    /// The map as it is drawn now (nil when closed).
    public var mapScene: MapScene? {
        guard map.isOpen, let g = mapCache.geometry, let s = mapCache.shading else { return nil }
        return MapScene(catalogue: catalogue, geometry: g, state: map, lit: mapCache.lit, shading: s,
                        filterWards: Set(chips.filter { $0.facet == .ward }.map(\.key)), presenting: presentation != nil)
    }

    /// The map's canvas rect and viewport for a layout (for mouse hit-tests).
    func mapCanvas(_ layout: ScreenLayout) -> (Rect, Viewport)? {
        guard let r = layout.map, let scene = mapScene else { return nil }
        let canvas = scene.layout(Panel.inner(r)).canvas
        return (canvas, scene.viewport(canvas: canvas))
    }

    // MARK: Keys

    /// Map actions, and the pane actions that work differently while the map is open. Nil: not
    /// a map matter, `perform` carries on.
    mutating func performMap(_ action: Action, layout: ScreenLayout) -> ProgramCommand? {
        switch action {
        case .openMap:
            if map.isOpen && map.focused { closeMap() } else { openMap() }
            return ProgramCommand.none
        case .focusMap:
            openMap()
            return ProgramCommand.none
        case .present:
            togglePresentation()
            return ProgramCommand.none
        default: break
        }
        if map.isOpen, action == .nextPane || action == .prevPane, map.focused, layout.panes.isEmpty {
            // The map fills the screen: Tab goes back to the pane that had the keyboard.
            map.focused = false
            return ProgramCommand.none
        }
        if map.isOpen, action == .nextPane || action == .prevPane {
            // The map is one more stop in the Tab order.
            var order: [Pane?] = Pane.allCases.filter { layout.panes[$0] != nil || $0 == .detail && detail != nil && !map.fullScreen }
            order.append(nil)
            let here: Pane? = map.focused ? nil : focus
            let i = order.firstIndex(where: { $0 == here }) ?? 0
            let next = order[(i + (action == .nextPane ? 1 : order.count - 1)) % order.count]
            if let p = next {
                map.focused = false
                focus = p
                if focus == .detail && detail == nil, let a = selectedAsset { openDetail(a.id, push: false) }
            } else {
                map.focused = true
            }
            return ProgramCommand.none
        }
        if map.focused, action == .focusNavigator || action == .focusResults || action == .focusDetail {
            map.focused = false
            return nil
        }
        guard map.focused, map.isOpen, let b = mapCache.geometry?.boundaries else { return nil }
        let canvas = mapCanvas(layout)
        func apply(_ v: Viewport) {
            map.zoom = v.zoom
            map.centre = v.centre
        }
        switch action {
        case .back:
            closeMap()
            focus = .results
        case .mapWardUp, .mapWardDown, .mapWardLeft, .mapWardRight:
            let dir: MapDirection = action == .mapWardUp ? .up : action == .mapWardDown ? .down : action == .mapWardLeft ? .left : .right
            if let w = map.ward {
                if let n = b.neighbour(of: w, direction: dir) { map.ward = n }
                else { message = "no ward \(["up": "north", "down": "south", "left": "west", "right": "east"][dir.rawValue]!) of \(catalogue.wardName(w))" }
            } else {
                let centre = canvas.map { $0.1.centre } ?? b.planeBounds.centre
                map.ward = b.ward(containing: centre) ?? b.nearestWard(to: centre, within: .infinity)?.code ?? b.codes.first
            }
            // Keep the focused ward in view.
            if let w = map.ward, let (_, v) = canvas, let c = b.centres[w], !v.visibleBounds.contains(c) { apply(v.centred(on: c)) }
        case .mapFilterWard:
            guard let w = map.ward else { message = "pick a ward first: arrow keys or a click"; break }
            applyRow(NavRow(path: [FilterChip(facet: .ward, key: w, label: catalogue.wardName(w))], count: 0, expandable: false))
        case .zoomIn, .zoomOut:
            if let (_, v) = canvas { apply(v.zoomed(by: action == .zoomIn ? 1.5 : 1 / 1.5)) }
        case .zoomFit:
            map.zoom = 1
            map.centre = nil
        case .panLeft, .panRight, .panUp, .panDown:
            if let (_, v) = canvas {
                let dx = Double(v.width) / 4, dy = Double(v.height) / 4
                switch action {
                case .panLeft: apply(v.panned(byPixels: dx, 0))
                case .panRight: apply(v.panned(byPixels: -dx, 0))
                case .panUp: apply(v.panned(byPixels: 0, dy))
                default: apply(v.panned(byPixels: 0, -dy))
                }
            }
        case .mapRaster:
            let all = RasterMode.allCases
            map.raster = all[(all.firstIndex(of: map.raster)! + 1) % all.count]
            message = "map drawn with \(map.raster == .braille ? "Braille dots" : map.raster == .halfBlock ? "half blocks" : "plain ASCII") (remembered)"
        case .mapShade:
            let all = MapShade.allCases
            map.shade = all[(all.firstIndex(of: map.shade)! + 1) % all.count]
            refreshMap()
            message = "shading: \(mapCache.shading?.title ?? map.shade.label)"
        case .mapNextCategory, .mapPrevCategory:
            let cats = catalogue.taxonomy.categories.map(\.id)
            let i = cats.firstIndex(of: map.gapCategory) ?? 0
            map.gapCategory = cats[(i + (action == .mapNextCategory ? 1 : cats.count - 1)) % cats.count]
            map.shade = .gap
            refreshMap()
            message = mapCache.shading?.title
        case .mapDots:
            map.dots = map.dots == .kind ? .category : .kind
        case .mapClusters:
            map.clusters.toggle()
        case .mapFullScreen:
            map.fullScreen.toggle()
        case .mapTour:
            if var t = map.tour, t.paused {
                t.paused = false
                map.tour = t
                message = "tour resumed"
            } else if map.tour != nil {
                map.tour = nil
                message = "tour stopped"
            } else {
                startTour(MapTour(stops: .wards, seconds: 6))
            }
        default:
            return nil
        }
        return ProgramCommand.none
    }

    // MARK: Mouse

    /// Clicks, drags and the wheel on the map. True when the event was the map's.
    mutating func handleMapMouse(_ m: MouseEvent, layout: ScreenLayout) -> Bool {
        guard mode == .browse, let r = layout.map, let (canvas, v) = mapCanvas(layout) else { return false }
        let mode = map.raster
        let d = mode.dotsPerCell
        if m.action == .release { map.drag = nil }
        if m.button == .left && m.action == .drag, let start = map.drag {
            let dx = Double((m.point.x - start.x) * d.x), dy = Double((m.point.y - start.y) * d.y)
            map.drag = m.point
            let moved = v.panned(byPixels: dx, dy)
            map.zoom = moved.zoom
            map.centre = moved.centre
            return true
        }
        guard r.contains(m.point) else {
            // A click elsewhere (a pane, a breadcrumb) takes the keyboard away from the map.
            if m.isPrimaryActivation { map.focused = false }
            return false
        }
        map.focused = true
        guard canvas.contains(m.point) else { return true }
        let cell = Point(m.point.x - canvas.x, m.point.y - canvas.y)
        switch m.button {
        case .wheelUp, .wheelDown:
            let px = PixelPoint(x: (Double(cell.x) + 0.5) * Double(d.x), y: (Double(cell.y) + 0.5) * Double(d.y))
            let z = v.zoomed(by: m.button == .wheelUp ? 1.25 : 1 / 1.25, at: px)
            map.zoom = z.zoom
            map.centre = z.centre
        case .left where m.action == .press || m.action == .click:
            let p = v.point(atCellColumn: cell.x, row: cell.y, mode: mode)
            if let w = mapCache.geometry?.boundaries.ward(containing: p) { map.ward = w }
            map.drag = m.point
        default:
            break
        }
        return true
    }

    // MARK: Tour, presentation, ticks

    public mutating func startTour(_ tour: MapTour) {
        // A tour moves on its own: in accessible mode a reader would lose their place.
        if accessible { message = "no tour in accessible mode: move through the wards table with ↑/↓"; return }
        if !map.isOpen { openMap() }
        map.tour = tour
        showTourStop()
        message = "tour through the \(tour.stops.rawValue): a stop every \(Double(tour.ticksPerStop * MapTour.tickMs) / 1000) s (t stops it)"
    }

    /// The tour's stops in order: wards cluster by cluster (so the tour moves to neighbours), or clusters.
    var tourStops: [String] {
        let g = catalogue.geography
        guard map.tour?.stops == .wards else { return g.clusters.map(\.id) }
        var seen = Set<String>(), out: [String] = []
        for c in g.clusters { for w in c.wards where w.main && seen.insert(w.ward).inserted { out.append(w.ward) } }
        for w in g.wards where seen.insert(w.code).inserted { out.append(w.code) }
        return out.filter { mapCache.geometry?.boundaries.hasShape($0) ?? false }
    }

    mutating func showTourStop() {
        guard let t = map.tour, let b = mapCache.geometry?.boundaries else { return }
        let stops = tourStops
        guard !stops.isEmpty else { return }
        let id = stops[t.index % stops.count]
        var bounds = MapBounds.empty
        if t.stops == .wards {
            map.ward = id
            bounds = b.planeShapes[id]?.bounds ?? .empty
        } else if let area = mapCache.geometry?.clusterAreas.first(where: { $0.cluster.id == id }) {
            map.ward = area.mainWards.first
            map.tour?.stopName = area.cluster.name
            bounds = area.bounds
        }
        // Fit the stop with room around it (the viewport's grid size does not change the zoom).
        let v = Viewport(home: b.planeBounds, columns: 80, rows: 24, mode: map.raster).fitted(to: bounds.expanded(by: 1500))
        map.zoom = max(1, v.zoom)
        map.centre = v.centre
    }

    /// One tick of the runtime: the tour moves on every `ticksPerStop` ticks.
    mutating func mapTick() {
        guard var t = map.tour, !t.paused else { return }
        t.ticks += 1
        if t.ticks >= t.ticksPerStop {
            t.ticks = 0
            t.index += 1
        }
        let moved = t.index != map.tour?.index
        map.tour = t
        if moved { showTourStop() }
    }

    /// Notes a key: shown in presentation mode; any key but `t` pauses a tour (true when it did).
    mutating func noteKey(_ key: Key) -> Bool {
        if presentation != nil { presentation?.lastKey = key.name }
        guard var t = map.tour, key != .char("t"), !t.paused else { return false }
        t.paused = true
        map.tour = t
        return true
    }

    /// Map settings (config/map.json) may be written: never while presenting, which writes nothing.
    public var mayWriteSettings: Bool { presentation == nil }

    public var needsTick: Bool { map.tour.map { !$0.paused } ?? false }

    /// Presentation mode as `assetmap present` starts it: locked on, the map open.
    public mutating func startPresentation(tour: MapTour? = nil, fullScreenMap: Bool = false) {
        presentation = Presentation(locked: true, wasReadOnly: readOnly, lastKey: nil)
        readOnly = true
        hideContacts = true
        openMap(focus: true)
        map.fullScreen = fullScreenMap
        if let tour { startTour(tour) }
    }

    mutating func togglePresentation() {
        if let p = presentation {
            if p.locked {
                message = "presentation mode was started by assetmap present: quit to leave it"
                return
            }
            readOnly = p.wasReadOnly
            hideContacts = false
            presentation = nil
            message = "presentation mode off"
        } else {
            presentation = Presentation(locked: false, wasReadOnly: readOnly, lastKey: "P")
            readOnly = true
            hideContacts = true
            message = "presentation mode: read-only, contact details hidden (P leaves it)"
        }
    }

    // MARK: Drawing

    func drawMap(into b: inout Buffer, area: Rect, theme: Theme) {
        guard let scene = mapScene else { return }
        let kind = scene.boundaries.isSchematic ? "schematic" : "ONS boundaries"
        let inner = Panel(title: "4 Map · \(kind)", rightTitle: scene.shading.mode.label + (map.tour != nil ? " · tour" : ""),
                          focused: map.focused && mode == .browse)
            .render(into: &b, area: area, theme: theme)
        if accessible { drawWardTable(scene, into: &b, area: inner, theme: theme); return }
        scene.render(into: &b, area: inner, theme: theme)
    }

    /// The key bar now: no write keys where nothing can be written, and the gap map's category
    /// keys kept first while the gap map is shown.
    var keyBarItems: [KeyBarItem] {
        ExplorerKeys.table.barBindings(for: [context]).filter { canWrite || !$0.action.writes }.map { b in
            let gap = b.action == .mapNextCategory && map.isOpen && map.shade == .gap
            return KeyBarItem(key: b.barKeys ?? b.keys.first?.name ?? "", label: b.label, priority: gap ? 10 : b.barPriority)
        }
    }

    /// Presentation mode's banner: the mode and the last key pressed, on the header row.
    func drawPresentationBanner(into b: inout Buffer, layout: ScreenLayout, theme: Theme) {
        guard let p = presentation else { return }
        let text = " PRESENTATION · key: \(p.lastKey ?? "–") "
        let w = TextWidth.width(of: text)
        let r = layout.header
        // Left of the header's own right-hand text (the counts and READ-ONLY), as drawHeader lays it out.
        let right = TextWidth.width(of: "READ-ONLY · \(total) of \(catalogue.count) assets ") + 1
        guard r.width > w + right + 12 else { return }
        b.put(text, x: r.maxX - right - w, y: r.y, style: theme.highlight, maxWidth: w)
    }
}

extension ScreenLayout {
    /// Panes and the map's rect when the map is open: full screen (or on a narrow terminal) it
    /// takes the body; as a pane it takes the right half and the list keeps the left.
    static func withMap(_ e: Explorer, body: Rect) -> (panes: [Pane: Rect], map: Rect)? {
        guard e.map.isOpen else { return nil }
        // Full screen (or too narrow to share): the map takes the body while it has the keyboard;
        // a pane that takes the keyboard is shown in the usual layout.
        if e.map.fullScreen || body.width < 70 { return e.map.focused ? ([:], body) : nil }
        let mapWidth = body.width >= 110 ? body.width * 11 / 20 : body.width / 2
        let (left, mapRect) = body.splitRight(mapWidth)
        var panes: [Pane: Rect] = [:]
        let onDetail = e.focus == .detail && e.detail != nil
        if left.width >= 70 {
            let (a, b) = left.splitLeft(onDetail ? left.width * 2 / 5 : 28)
            if onDetail { panes[.results] = a; panes[.detail] = b } else { panes[.navigator] = a; panes[.results] = b }
        } else {
            panes[onDetail ? .detail : (e.focus == .navigator ? .navigator : .results)] = left
        }
        return (panes, mapRect)
    }
}

extension Theme {
    /// Presentation mode's palette: bright, saturated, bold, no dim greys — it survives a projector.
    public static let presentation: Theme = {
        var t = Theme.color(colorCount: 256)
        t.name = "presentation"
        t.normal = Style(fg: .brightWhite)
        t.dim = Style(fg: .white)
        t.title = Style(fg: .brightYellow, bold: true)
        t.border = Style(fg: .brightWhite)
        t.borderFocused = Style(fg: .brightYellow, bold: true)
        t.selection = Style(fg: .black, bg: .brightYellow, bold: true)
        t.selectionUnfocused = Style(fg: .black, bg: .white, bold: true)
        t.highlight = Style(fg: .black, bg: .brightCyan, bold: true)
        t.keyHint = Style(fg: .brightYellow, bold: true)
        t.header = Style(fg: .brightCyan, bold: true, underline: true)
        t.error = Style(fg: .brightRed, bold: true)
        t.warning = Style(fg: .brightYellow, bold: true)
        t.ok = Style(fg: .brightGreen, bold: true)
        t.accents = [Style(fg: .brightCyan, bold: true), Style(fg: .brightYellow, bold: true), Style(fg: .brightGreen, bold: true),
                     Style(fg: .brightMagenta, bold: true), Style(fg: .brightWhite, bold: true), Style(fg: .brightRed, bold: true)]
        t.statusBar = Style(fg: .black, bg: .brightWhite, bold: true)
        t.boxKind = .heavy
        t.focusedBoxKind = .double
        t.scrollThumb = "█"
        return t
    }()
}

extension Explorer {
    /// Settings remembered from an earlier run.
    public mutating func applyMapSettings(_ s: MapSettings) { map.raster = s.raster }

    /// A problem for the status line (e.g. from an effect the runtime ran).
    public mutating func noteProblem(_ text: String) { message = text }
}
