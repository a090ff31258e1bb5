import AssetCatalogue
import Foundation
import TermUI

/// Everything one map frame is drawn from. `render` is a pure function of it, the area and the
/// theme: the explorer's map pane, `assetmap map` (text) and the tests all draw through it.
public struct MapScene {
    public var catalogue: Catalogue
    public var geometry: MapGeometry
    public var state: MapState
    /// Per asset: lit by the current filter or search (nil: no filter, all lit).
    public var lit: [Bool]?
    public var shading: MapShading
    /// Wards chosen as filters (outlined).
    public var filterWards: Set<String>
    /// Presentation mode: larger labels, high contrast.
    public var presenting: Bool

    public init(catalogue: Catalogue, geometry: MapGeometry, state: MapState, lit: [Bool]?, shading: MapShading,
                filterWards: Set<String> = [], presenting: Bool = false) {
        self.catalogue = catalogue
        self.geometry = geometry
        self.state = state
        self.lit = lit
        self.shading = shading
        self.filterWards = filterWards
        self.presenting = presenting
    }

    public var boundaries: WardBoundaries { geometry.boundaries }

    /// Attribution wherever real boundaries are shown (docs/geography.md), and for the schematic
    /// map the ONS facts it is built from.
    public static func attribution(schematic: Bool) -> String {
        schematic
            ? "Schematic map built from ONS ward centres and areas. Contains National Statistics data © Crown copyright and database right 2023. Open Government Licence v3.0."
            : "Contains National Statistics data © Crown copyright and database right 2023. Contains OS data © Crown copyright and database right 2023. Open Government Licence v3.0."
    }

    /// The line saying which geometry is drawn.
    public var sourceLine: String {
        boundaries.isSchematic
            ? "Schematic ward map: approximate, NOT real boundaries (assetmap boundaries import loads them)"
            : "Ward boundaries: \(boundaries.source.description)"
    }

    // MARK: Layout

    /// The canvas (map drawing) and legend rects inside `area`.
    public func layout(_ area: Rect) -> (canvas: Rect, legend: Rect) {
        let lines = legendLines(width: area.width, theme: .noColor).count
        let keep = min(lines, max(2, area.height - 6))
        let (canvas, legend) = area.splitBottom(max(0, min(keep, area.height - 1)))
        return (canvas, legend)
    }

    /// The viewport for a canvas rect: the borough fitted, then the state's zoom and centre.
    public func viewport(canvas: Rect) -> Viewport {
        MapScene.viewport(canvas: canvas, state: state, boundaries: boundaries)
    }

    public static func viewport(canvas: Rect, state: MapState, boundaries: WardBoundaries) -> Viewport {
        var v = Viewport(home: boundaries.planeBounds, columns: max(1, canvas.width), rows: max(1, canvas.height), mode: state.raster)
        if state.zoom != 1 { v = v.zoomed(by: state.zoom) }
        if let c = state.centre { v.centre = c }
        return v
    }

    // MARK: Drawing

    /// Draws the map (canvas, labels, legend) into `area`; returns the labels placed.
    @discardableResult
    public func render(into b: inout Buffer, area: Rect, theme: Theme) -> [MapLabel] {
        guard area.width >= 4, area.height >= 3 else { return [] }
        let (canvas, legend) = layout(area)
        let colours = MapColours(theme: theme, presenting: presenting)
        let v = viewport(canvas: canvas)
        let raster = boundaries.raster(v)
        var grid = PixelLayer(width: v.width, height: v.height)
        drawLines(into: &grid, viewport: v)
        drawDots(into: &grid, viewport: v)
        switch state.raster {
        case .braille: paintBraille(grid, raster: raster, canvas: canvas, colours: colours, into: &b)
        case .halfBlock: paintHalfBlock(grid, raster: raster, canvas: canvas, colours: colours, into: &b)
        case .ascii: paintASCII(grid, raster: raster, canvas: canvas, colours: colours, into: &b)
        }
        let labels = placeLabels(viewport: v, canvas: canvas)
        for l in labels {
            let style = labelStyle(l.ward, colours: colours, theme: theme)
            b.put(l.text, x: l.x, y: l.y, style: style, maxWidth: l.width)
        }
        var lines = legendLines(width: legend.width, theme: theme)
        if state.raster == .ascii { lines = lines.map { $0.map { Span(MapScene.asciiOnly($0.text), $0.style) } } }
        let shown = MapScene.fit(lines, rows: legend.height, tail: attributionRows(width: legend.width))
        for (i, line) in shown.enumerated() {
            b.fill(Rect(x: legend.x, y: legend.y + i, width: legend.width, height: 1), style: theme.normal)
            b.put(line, x: legend.x, y: legend.y + i, maxWidth: legend.width)
        }
        return labels
    }

    /// Pixel priorities: a higher one wins the pixel (and, in Braille, the cell's colour).
    enum Layer: UInt8 { case none = 0, dimDot, boundary, cluster, dot, filterWard, focus }

    /// Colour codes stored per pixel (see `MapColours.style(code:)`).
    enum Code {
        static let boundary: UInt8 = 1, focus: UInt8 = 2, dimDot: UInt8 = 3, filterWard: UInt8 = 4
        static let kind: UInt8 = 10, category: UInt8 = 20, cluster: UInt8 = 60
    }

    struct PixelLayer {
        let width: Int, height: Int
        var layer: [UInt8]
        var code: [UInt8]
        var count: [UInt8]

        init(width: Int, height: Int) {
            self.width = width
            self.height = height
            layer = [UInt8](repeating: 0, count: width * height)
            code = layer
            count = layer
        }

        @inline(__always) mutating func plot(_ x: Int, _ y: Int, _ l: Layer, _ c: UInt8) {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            let i = y * width + x
            if l.rawValue >= layer[i] { layer[i] = l.rawValue; code[i] = c }
        }

        mutating func line(_ a: PixelPoint, _ b: PixelPoint, _ l: Layer, _ c: UInt8, dash: Int = 0) {
            var x0 = Int(a.x.rounded(.down)), y0 = Int(a.y.rounded(.down))
            let x1 = Int(b.x.rounded(.down)), y1 = Int(b.y.rounded(.down))
            let dx = abs(x1 - x0), sx = x0 < x1 ? 1 : -1
            let dy = -abs(y1 - y0), sy = y0 < y1 ? 1 : -1
            var err = dx + dy
            var step = 0
            while true {
                if dash == 0 || (step / dash) % 2 == 0 { plot(x0, y0, l, c) }
                if x0 == x1 && y0 == y1 { break }
                let e2 = 2 * err
                if e2 >= dy { err += dy; x0 += sx }
                if e2 <= dx { err += dx; y0 += sy }
                step += 1
            }
        }
    }

    func drawLines(into g: inout PixelLayer, viewport v: Viewport) {
        for e in geometry.boundaryLines {
            if let (p, q) = v.clippedSegment(e.a, e.b) { g.line(p, q, .boundary, Code.boundary) }
        }
        if state.clusters {
            for (k, area) in geometry.clusterAreas.enumerated() {
                for e in area.outline {
                    if let (p, q) = v.clippedSegment(e.a, e.b) { g.line(p, q, .cluster, Code.cluster + UInt8(k), dash: 3) }
                }
            }
        }
        if !filterWards.isEmpty {
            for e in boundaries.outline(of: filterWards) {
                if let (p, q) = v.clippedSegment(e.a, e.b) { g.line(p, q, .filterWard, Code.filterWard) }
            }
        }
        if let w = state.ward {
            for e in geometry.wardOutlines[w] ?? [] {
                if let (p, q) = v.clippedSegment(e.a, e.b) { g.line(p, q, .focus, Code.focus) }
            }
        }
    }

    func drawDots(into g: inout PixelLayer, viewport v: Viewport) {
        let sx = v.metresPerPixelX, sy = v.metresPerPixelY
        let ox = Double(v.width) / 2 - v.centre.x / sx, oy = Double(v.height) / 2 + v.centre.y / sy
        let xs = geometry.xs, ys = geometry.ys
        let byKind = state.dots == .kind
        let kinds = geometry.kinds, cats = geometry.categories
        let w = g.width, h = g.height
        xs.withUnsafeBufferPointer { xs in
            ys.withUnsafeBufferPointer { ys in
                for i in 0..<xs.count {
                    let x = xs[i]
                    guard !x.isNaN else { continue }
                    let px = x / sx + ox, py = oy - ys[i] / sy
                    guard px >= 0, py >= 0, px < Double(w), py < Double(h) else { continue }
                    let cx = Int(px), cy = Int(py)
                    let on = lit?[i] ?? true
                    let j = cy * w + cx
                    if on {
                        g.plot(cx, cy, .dot, byKind ? Code.kind + kinds[i] : Code.category + cats[i])
                        if g.count[j] < 255 { g.count[j] += 1 }
                    } else {
                        g.plot(cx, cy, .dimDot, Code.dimDot)
                    }
                }
            }
        }
    }

    /// The shading colour of each ward of a raster, by raster index (looked up once per frame,
    /// not once per cell).
    func shadeColours(_ raster: WardRaster, colours: MapColours) -> [Color?] {
        raster.codes.map { code in shading.wards[code].flatMap { colours.shade(level: $0.level, gap: shading.mode == .gap) } }
    }

    func paintBraille(_ g: PixelLayer, raster: WardRaster, canvas: Rect, colours: MapColours, into b: inout Buffer) {
        let wardColour = shadeColours(raster, colours: colours)
        var styles = [Style?](repeating: nil, count: 256)
        for cy in 0..<canvas.height {
            for cx in 0..<canvas.width {
                var bits: UInt32 = 0
                var best: UInt8 = 0, code: UInt8 = 0
                for dy in 0..<4 {
                    let row = (cy * 4 + dy) * g.width
                    for dx in 0..<2 {
                        let i = row + cx * 2 + dx
                        let l = g.layer[i]
                        if l != 0 {
                            bits |= UInt32(BrailleCanvas.dotBit(dx: dx, dy: dy))
                            if l >= best { best = l; code = g.code[i] }
                        }
                    }
                }
                var style: Style
                if let s = styles[Int(code)] { style = s } else { style = colours.style(code: code); styles[Int(code)] = style }
                if let w = raster.wardIndex(column: cx * 2 + 1, row: cy * 4 + 2), let bg = wardColour[w] { style.bg = bg }
                b.putGlyph(Unicode.Scalar(0x2800 + bits)!, x: canvas.x + cx, y: canvas.y + cy, style: style)
            }
        }
    }

    func paintHalfBlock(_ g: PixelLayer, raster: WardRaster, canvas: Rect, colours: MapColours, into b: inout Buffer) {
        let wardColour = shadeColours(raster, colours: colours)
        func pixel(_ x: Int, _ y: Int) -> Color? {
            let i = y * g.width + x
            if g.layer[i] != 0 { return colours.style(code: g.code[i]).fg }
            return raster.wardIndex(column: x, row: y).flatMap { wardColour[$0] }
        }
        let base = colours.base
        for cy in 0..<canvas.height {
            for cx in 0..<canvas.width {
                let top = pixel(cx, cy * 2), bottom = pixel(cx, cy * 2 + 1)
                let setTop = g.layer[cy * 2 * g.width + cx] != 0, setBottom = g.layer[(cy * 2 + 1) * g.width + cx] != 0
                let glyph: Unicode.Scalar
                var style = base
                switch (top, bottom) {
                case (nil, nil): glyph = " "
                case (let t?, nil): glyph = "▀"; style.fg = t
                case (nil, let u?): glyph = "▄"; style.fg = u
                case (let t?, let u?):
                    if t == u { glyph = setTop || setBottom || colours.usesColor ? "█" : " "; style.fg = t } else { glyph = "▀"; style.fg = t; style.bg = u }
                }
                // Without colour, only drawn pixels show (shading cannot).
                if !colours.usesColor {
                    let g2: Unicode.Scalar = setTop && setBottom ? "█" : setTop ? "▀" : setBottom ? "▄" : " "
                    b.putGlyph(g2, x: canvas.x + cx, y: canvas.y + cy, style: base)
                } else {
                    b.putGlyph(glyph, x: canvas.x + cx, y: canvas.y + cy, style: style)
                }
            }
        }
    }

    func paintASCII(_ g: PixelLayer, raster: WardRaster, canvas: Rect, colours: MapColours, into b: inout Buffer) {
        let wardColour = shadeColours(raster, colours: colours)
        for cy in 0..<canvas.height {
            for cx in 0..<canvas.width {
                let i = cy * g.width + cx
                let glyph: Unicode.Scalar
                switch Layer(rawValue: g.layer[i]) ?? .none {
                case .none: glyph = " "
                case .dimDot: glyph = ","
                case .boundary: glyph = "."
                case .cluster: glyph = ":"
                case .dot: glyph = g.count[i] >= 5 ? "8" : g.count[i] >= 2 ? "O" : "o"
                case .filterWard: glyph = "#"
                case .focus: glyph = "*"
                }
                var style = colours.style(code: g.code[i])
                if let w = raster.wardIndex(column: cx, row: cy), let bg = wardColour[w] { style.bg = bg }
                b.putGlyph(glyph, x: canvas.x + cx, y: canvas.y + cy, style: style)
            }
        }
    }

    // MARK: Labels

    /// Label texts for a ward, longest first: name and value, name, short name and value, short name.
    func labelTexts(_ code: String) -> [String] {
        let name = catalogue.wardName(code)
        let short = MapLabels.shortName(name)
        let value = shading.wards[code]?.text ?? ""
        let shared = geometry.sharedWards.contains(code) && state.clusters ? "*" : ""
        var out = [name + shared + (value.isEmpty ? "" : " " + value), name + shared,
                    short + shared + (value.isEmpty ? "" : " " + value), short + shared]
        if presenting { out = out.map { " " + $0.uppercased() + " " } }
        if state.raster == .ascii { out = out.map(MapScene.asciiOnly) }
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }
    }

    func placeLabels(viewport v: Viewport, canvas: Rect) -> [MapLabel] {
        let d = state.raster.dotsPerCell
        var items: [MapLabels.Item] = []
        for code in boundaries.codes {
            guard let anchor = boundaries.labelAnchors[code] else { continue }
            let px = v.pixel(for: anchor)
            let cell = Point(canvas.x + Int((px.x / Double(d.x)).rounded(.down)), canvas.y + Int((px.y / Double(d.y)).rounded(.down)))
            guard canvas.contains(cell) else { continue }
            let room = boundaries.labelRoom[code] ?? 0
            items.append(MapLabels.Item(ward: code, anchor: cell, texts: labelTexts(code),
                                        priority: code == state.ward ? .infinity : (filterWards.contains(code) ? 1e12 : room)))
        }
        return MapLabels.place(items, in: canvas)
    }

    func labelStyle(_ code: String, colours: MapColours, theme: Theme) -> Style {
        if code == state.ward { return theme.selection }
        let filtering = lit != nil
        if presenting { return colours.presentLabel }
        if filtering && (shading.matches[code] ?? 0) == 0 { return theme.dim }
        return filtering ? theme.title : theme.normal.adding(.bold)
    }

    // MARK: Legend

    /// Legend rows, most important first; `fit` drops from the middle when rows are short.
    func legendLines(width: Int, theme: Theme) -> [[Span]] {
        let colours = MapColours(theme: theme, presenting: presenting)
        var lines: [[Span]] = []
        let source = boundaries.isSchematic && TextWidth.width(of: sourceLine) > width
            ? "Schematic ward map: approximate, NOT real boundaries" : sourceLine
        lines.append([Span(source, boundaries.isSchematic ? theme.warning : theme.dim)])
        var shade = [Span(shading.title + " ", theme.normal)]
        for (i, s) in shading.steps.enumerated() {
            if theme.usesColor {
                let bg = colours.shade(level: s.level, gap: shading.mode == .gap)
                shade.append(Span("  ", colours.base.bg(bg ?? .default)))
                shade.append(Span(" " + s.label + " ", theme.dim))
            } else {
                shade.append(Span((i == 0 ? "" : " | ") + s.label, theme.dim))
            }
        }
        lines.append(shade)
        let glyph = state.raster == .braille ? "⣿" : state.raster == .halfBlock ? "█" : "o"
        var dots = [Span(state.dots == .kind ? "Dots by kind: " : "Dots by category: ", theme.normal)]
        if state.dots == .kind {
            for k in AssetKind.allCases { dots += [Span(glyph, colours.style(code: Code.kind + UInt8(k.accentIndex))), Span(" \(k.plural.lowercased())  ", theme.dim)] }
        } else {
            for (i, id) in geometry.categoryIDs.enumerated() {
                dots += [Span(glyph, colours.style(code: Code.category + UInt8(i))), Span(" \(catalogue.taxonomy.name(of: id))  ", theme.dim)]
            }
        }
        if lit != nil { dots.append(Span("(dim: not matching)", theme.dim)) }
        if state.raster == .ascii { dots.append(Span("  o 1 · O 2–4 · 8 5+", theme.dim)) }
        lines.append(dots)
        if state.clusters {
            var cl = [Span("Clusters (dashed outlines): ", theme.normal)]
            for (k, a) in geometry.clusterAreas.enumerated() {
                cl += [Span(state.raster == .ascii ? "::" : "╌╌", colours.style(code: Code.cluster + UInt8(k))), Span(" \(a.cluster.name)  ", theme.dim)]
            }
            cl.append(Span("* ward in two clusters", theme.dim))
            lines.append(cl)
        }
        lines.append([Span(statusLine, theme.normal)])
        for l in TextWrap.wrap([Span(attributionText(width: width), theme.dim)], width: max(10, width)).prefix(2) { lines.append(l) }
        return lines
    }

    /// The attribution in full when it fits two rows, else the short form (never cut off).
    func attributionText(width: Int) -> String {
        let full = MapScene.attribution(schematic: boundaries.isSchematic)
        if TextWrap.wrap([Span(full, .plain)], width: max(10, width)).count <= 2 { return full }
        let short = boundaries.isSchematic
            ? "Schematic, from ONS ward centres and areas. © Crown copyright and database right 2023 (ONS). OGL v3.0."
            : "Contains ONS and OS data © Crown copyright and database right 2023. OGL v3.0."
        if TextWrap.wrap([Span(short, .plain)], width: max(10, width)).count <= 2 { return short }
        return "© Crown copyright 2023 (ONS/OS), OGL v3"
    }

    func attributionRows(width: Int) -> Int {
        min(2, TextWrap.wrap([Span(attributionText(width: width), .plain)], width: max(10, width)).count)
    }

    /// Plain ASCII for the ASCII drawing (fonts without Braille often lack these too).
    static func asciiOnly(_ s: String) -> String {
        var o = ""
        for ch in s {
            switch ch {
            case "·": o += "-"
            case "–", "—": o += "-"
            case "›": o += ">"
            case "©": o += "(c)"
            case "×": o += "x"
            case "’": o += "'"
            default: if ch.isASCII { o.append(ch) } else { o += "?" }
            }
        }
        return o
    }

    /// The focused ward in words (or how to focus one).
    var statusLine: String {
        var s: String
        if let w = state.ward, let ward = catalogue.geography.ward(code: w) {
            let n = shading.matches[w] ?? 0
            let stop = state.tour.flatMap { $0.stops == .clusters ? $0.stopName : nil }
            s = (stop.map { "\($0) cluster (tour) · " } ?? "") + "\(ward.name): \(n) matching asset\(n == 1 ? "" : "s") · \(grouped(ward.population)) residents · "
                + catalogue.geography.clusters(touching: w).map(\.name).joined(separator: "/") + " cluster"
            if let v = shading.wards[w], shading.mode != .assets { s += " · \(shading.mode.label): \(v.text)" }
        } else {
            s = "Arrow keys pick a ward; Enter filters to it"
        }
        s += String(format: " · zoom %.1f×", state.zoom) + " · \(state.raster.rawValue)"
        return s
    }

    /// Chooses `rows` of the legend lines: always the first (source) and the attribution (the
    /// last `tail` lines), then the others in order.
    static func fit(_ lines: [[Span]], rows: Int, tail: Int) -> [[Span]] {
        guard lines.count > rows else { return lines }
        guard rows > 0 else { return [] }
        if rows == 1 { return [lines[0]] }
        let t = min(tail, rows - 1, lines.count - 1)
        let middle = lines.dropFirst().dropLast(min(tail, lines.count - 1))
        return [lines[0]] + middle.prefix(rows - 1 - t) + lines.suffix(tail).prefix(t)
    }
}

extension MapGeometry {
    /// Cached per geometry (derived from the boundaries once).
    var boundaryLines: [BoundaryEdge] { derived.boundaryLines }
    var clusterAreas: [ClusterArea] { derived.clusterAreas }
    var sharedWards: Set<String> { derived.sharedWards }
    var wardOutlines: [String: [BoundaryEdge]] { derived.wardOutlines }
}

/// One placed label.
public struct MapLabel: Equatable, Sendable {
    public var ward: String
    public var text: String
    public var x: Int
    public var y: Int
    public var width: Int
    public var rect: Rect { Rect(x: x, y: y, width: width, height: 1) }
}

/// Ward labels placed without overlapping: most important first (the focused ward, filtered
/// wards, then by room), each at its anchor or up to two rows above or below it, in its longest
/// text that fits; a label that fits nowhere is left out rather than drawn over another.
public enum MapLabels {
    public struct Item: Sendable {
        public var ward: String
        public var anchor: Point
        public var texts: [String]
        public var priority: Double
        public init(ward: String, anchor: Point, texts: [String], priority: Double) {
            self.ward = ward
            self.anchor = anchor
            self.texts = texts
            self.priority = priority
        }
    }

    /// "Saddleworth North" → "Sadd. N"; "Shaw" stays.
    public static func shortName(_ name: String) -> String {
        let words = name.split(whereSeparator: { $0 == " " || $0 == "&" }).map(String.init)
        guard words.count > 1 else { return name.count > 6 ? String(name.prefix(5)) + "." : name }
        let first = words[0].count > 5 ? String(words[0].prefix(4)) + "." : words[0]
        return first + " " + words.dropFirst().compactMap { $0.first.map(String.init) }.joined()
    }

    public static func place(_ items: [Item], in area: Rect) -> [MapLabel] {
        var placed: [MapLabel] = []
        var taken: [Rect] = []
        let order = items.enumerated().sorted { ($0.element.priority, -$0.offset) > ($1.element.priority, -$1.offset) }.map(\.element)
        for item in order {
            search: for text in item.texts {
                let w = TextWidth.width(of: text)
                guard w <= area.width else { continue }
                for dy in [0, -1, 1, -2, 2] {
                    let y = item.anchor.y + dy
                    guard y >= area.minY, y < area.maxY else { continue }
                    let x = min(max(area.minX, item.anchor.x - w / 2), area.maxX - w)
                    let r = Rect(x: x, y: y, width: w, height: 1)
                    let padded = Rect(x: x - 1, y: y, width: w + 2, height: 1)
                    if taken.contains(where: { $0.intersects(padded) }) { continue }
                    placed.append(MapLabel(ward: item.ward, text: text, x: x, y: y, width: w))
                    taken.append(r)
                    break search
                }
            }
        }
        return placed
    }
}

/// Map colours for a theme: boundaries, dots by kind and category, clusters, shading levels.
struct MapColours {
    let theme: Theme
    let presenting: Bool
    var usesColor: Bool { theme.usesColor }
    var base: Style { theme.normal }

    var presentLabel: Style { theme.usesColor ? Style(fg: .black, bg: .brightWhite, bold: true) : Style(bold: true, reverse: true) }

    func style(code: UInt8) -> Style {
        guard theme.usesColor else {
            return code == SceneCode.focus ? Style(bold: true) : (code == SceneCode.dimDot || code == SceneCode.boundary ? Style(dim: true) : .plain)
        }
        let rich = theme.name == "color256" || presenting
        switch code {
        case 0: return base
        case SceneCode.boundary: return presenting ? Style(fg: .brightWhite) : theme.border.fg(rich ? .indexed(250) : .white)
        case SceneCode.focus: return Style(fg: presenting ? .brightYellow : (rich ? .indexed(226) : .yellow), bold: true)
        case SceneCode.dimDot: return Style(fg: rich ? .indexed(240) : .white, dim: !rich)
        case SceneCode.filterWard: return Style(fg: rich ? .indexed(220) : .yellow, bold: true)
        case SceneCode.kind..<(SceneCode.kind + 10):
            let k = Int(code - SceneCode.kind)
            if presenting { return Style(fg: [.brightCyan, .brightYellow, .brightGreen, .brightMagenta][k % 4], bold: true) }
            return theme.accents[k % theme.accents.count]
        case SceneCode.category..<(SceneCode.category + 40):
            let k = Int(code - SceneCode.category)
            let palette: [Color] = rich ? [.indexed(75), .indexed(215), .indexed(150), .indexed(176), .indexed(222), .indexed(80),
                                            .indexed(203), .indexed(147), .indexed(229), .indexed(114), .indexed(210), .indexed(159)]
                : [.cyan, .yellow, .green, .magenta, .red, .white]
            return Style(fg: palette[k % palette.count], bold: presenting)
        case SceneCode.cluster..<(SceneCode.cluster + 20):
            let k = Int(code - SceneCode.cluster)
            let palette: [Color] = rich ? [.indexed(213), .indexed(87), .indexed(191), .indexed(208), .indexed(141)]
                : [.magenta, .cyan, .green, .red, .yellow]
            return Style(fg: palette[k % palette.count], bold: presenting)
        default: return base
        }
    }

    /// Background for a ward's shading level (nil: unshaded).
    func shade(level: Int, gap: Bool) -> Color? {
        guard theme.usesColor else { return nil }
        let rich = theme.name == "color256" || presenting
        if gap {
            if rich { return level > 0 ? .indexed(presenting ? 28 : 22) : .indexed(presenting ? 160 : 52) }
            return level > 0 ? .green : .red
        }
        guard level > 0 else { return nil }
        if rich { return .indexed(UInt8((presenting ? [24, 25, 26, 27] : [17, 18, 19, 20])[min(3, level - 1)])) }
        return level >= 3 ? .blue : (level == 2 ? .cyan : nil)
    }
}

typealias SceneCode = MapScene.Code
