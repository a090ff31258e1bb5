import AssetCatalogue
import Foundation
import TermUI

/// Where every asset is drawn, computed once per catalogue and set of boundaries (placing
/// assets without coordinates costs about 1 µs each), never per frame.
public final class MapGeometry: Sendable {
    public let boundaries: WardBoundaries
    /// Plane position per asset index (NaN when the asset has neither coordinates nor a ward shape).
    public let xs: [Double]
    public let ys: [Double]
    /// Dot colour indices per asset: kind (0–3) and top-level category (index in `categoryIDs`).
    public let kinds: [UInt8]
    public let categories: [UInt8]
    /// Top-level category ids in taxonomy order.
    public let categoryIDs: [String]
    /// How many assets had no coordinates and were placed inside their ward.
    public let placed: Int
    /// Per asset: its ward's index in `geography.wards` (-1 for an unknown ward), and per ward
    /// the number of assets, so shading a whole catalogue never hashes a string per asset.
    let wardOf: [Int32]
    let wardTotals: [Int]
    /// Per asset: one bit per taxonomy category it has (a subcategory sets its parent's bit
    /// too; ids past the 64th share no bit and are checked by name), and whether it is a building
    /// in the transfer pipeline (enquiry or in progress). The catalogue never changes under an
    /// explorer, so these are computed once.
    let categoryMask: [UInt64]
    let categoryBit: [String: UInt64]
    let inPipeline: [Bool]
    /// Outlines derived from the boundaries once.
    let derived: Derived

    struct Derived: Sendable {
        var boundaryLines: [BoundaryEdge]
        var clusterAreas: [ClusterArea]
        /// Wards touched by more than one cluster: where clusters cross ward lines.
        var sharedWards: Set<String>
        var wardOutlines: [String: [BoundaryEdge]]
    }

    public init(catalogue c: Catalogue, boundaries b: WardBoundaries) {
        boundaries = b
        let n = c.assets.count
        var xs = [Double](repeating: .nan, count: n), ys = [Double](repeating: .nan, count: n)
        var kinds = [UInt8](repeating: 0, count: n), cats = [UInt8](repeating: 0, count: n)
        let top = c.taxonomy.topLevel.map(\.id)
        let topIndex = Dictionary(uniqueKeysWithValues: top.enumerated().map { ($1, UInt8(min($0, 255))) })
        var placed = 0
        let wardIndex = Dictionary(uniqueKeysWithValues: c.geography.wards.enumerated().map { ($1.code, Int32($0)) })
        var wardOf = [Int32](repeating: -1, count: n)
        var totals = [Int](repeating: 0, count: c.geography.wards.count)
        var bits: [String: UInt64] = [:]
        for (k, cat) in c.taxonomy.categories.prefix(64).enumerated() { bits[cat.id] = 1 << UInt64(k) }
        var masks = [UInt64](repeating: 0, count: n)
        var pipeline = [Bool](repeating: false, count: n)
        for i in c.assets.indices {
            let ward = c.ward(at: i), kind = c.kind(at: i), categories = c.categories(at: i)
            if let w = wardIndex[ward] { wardOf[i] = w; totals[Int(w)] += 1 }
            var m: UInt64 = 0
            for cat in categories { m |= (bits[cat] ?? 0) | (bits[c.taxonomy.topLevelID(of: cat)] ?? 0) }
            masks[i] = m
            if kind == .place {
                let s = c.transferState(of: c.id(at: i))
                pipeline[i] = s == .enquiry || s == .inProgress
            }
            // As `WardBoundaries.planePosition(of:)`: the coordinates, or a spot placed in the ward.
            let point: MapPoint?
            if let coordinate = c.coordinate(at: i) {
                point = b.projection.project(coordinate)
            } else {
                placed += 1
                point = b.placedPoint(for: c.id(at: i), inWard: ward)
            }
            if let p = point { xs[i] = p.x; ys[i] = p.y }
            kinds[i] = UInt8(kind.accentIndex)
            if let m = categories.first { cats[i] = topIndex[c.taxonomy.topLevelID(of: m)] ?? 0 }
        }
        self.xs = xs
        self.ys = ys
        self.kinds = kinds
        categories = cats
        categoryIDs = top
        self.placed = placed
        self.wardOf = wardOf
        wardTotals = totals
        categoryMask = masks
        categoryBit = bits
        inPipeline = pipeline
        let areas = b.clusterAreas(in: c.geography)
        var seen: [String: Int] = [:]
        for a in areas { for w in a.wards { seen[w, default: 0] += 1 } }
        var outlines: [String: [BoundaryEdge]] = [:]
        for e in b.edges { outlines[e.ward, default: []].append(e) }
        derived = Derived(boundaryLines: b.boundaryLines, clusterAreas: areas,
                          sharedWards: Set(seen.filter { $0.value > 1 }.keys), wardOutlines: outlines)
    }
}

/// One ward's shading: its value, its level (0 none … 4 most; for the gap map 0 absent, 1 present)
/// and the text its label carries.
public struct WardShade: Equatable, Sendable {
    public var value: Double
    public var level: Int
    public var text: String
}

/// The shading of every ward and the legend that explains it, for one query and mode.
public struct MapShading: Equatable, Sendable {
    public var mode: MapShade
    public var wards: [String: WardShade]
    /// The legend: a title and one entry per level shown, with the level it stands for.
    public var title: String
    public var steps: [(level: Int, label: String)]
    /// Matching assets per ward (what lights wards when a filter is on).
    public var matches: [String: Int]

    public static func == (a: MapShading, b: MapShading) -> Bool {
        a.mode == b.mode && a.wards == b.wards && a.title == b.title && a.matches == b.matches
            && a.steps.map(\.label) == b.steps.map(\.label) && a.steps.map(\.level) == b.steps.map(\.level)
    }

    /// Assets per 1,000 of a ward's residents (0 without a population).
    static func perThousand(_ n: Int, of w: Ward) -> Double {
        w.population > 0 ? Double(n) * 1000 / Double(w.population) : 0
    }

    static func perThousandText(_ v: Double) -> String { String(format: v >= 10 ? "%.0f" : "%.1f", v) }

    /// Levels above zero for a continuous value (0 < value ≤ max), in four equal steps.
    static func level(_ v: Double, max: Double) -> Int {
        guard v > 0, max > 0 else { return 0 }
        return Swift.min(4, Swift.max(1, Int((v / max * 4).rounded(.up))))
    }

    /// Shades the wards of `geography` over the assets at `indices` (the current matches; nil is
    /// all). With `geometry`, counting uses its per-asset ward indices (no string hashing).
    public static func compute(_ mode: MapShade, gapCategory: String, catalogue c: Catalogue, indices: [Int]?,
                               geometry: MapGeometry? = nil) -> MapShading {
        let tax = c.taxonomy
        let geo = c.geography
        let gapIsTop = tax.category(id: gapCategory)?.isTopLevel ?? false
        let wardCodes = geo.wards.map(\.code)
        let wardIndex = Dictionary(uniqueKeysWithValues: wardCodes.enumerated().map { ($1, Int32($0)) })
        let wardOf: (Int) -> Int32 = { i in
            if let g = geometry { return g.wardOf[i] }
            return wardIndex[c.ward(at: i)] ?? -1
        }
        var countsByIndex = [Int](repeating: 0, count: wardCodes.count)
        var gapByIndex = countsByIndex, pipeByIndex = countsByIndex
        let gapBit = geometry?.categoryBit[gapCategory]
        func visitExtra(_ i: Int, _ w: Int) {
            switch mode {
            case .gap:
                if let g = geometry, let bit = gapBit {
                    if g.categoryMask[i] & bit != 0 { gapByIndex[w] += 1 }
                } else if c.categories(at: i).contains(where: { $0 == gapCategory || (gapIsTop && tax.topLevelID(of: $0) == gapCategory) }) {
                    gapByIndex[w] += 1
                }
            case .transfers:
                if let g = geometry {
                    if g.inPipeline[i] { pipeByIndex[w] += 1 }
                } else if c.kind(at: i) == .place {
                    let s = c.transferState(of: c.id(at: i))
                    if s == .enquiry || s == .inProgress { pipeByIndex[w] += 1 }
                }
            default: break
            }
        }
        let needsExtra = mode == .gap || mode == .transfers
        if indices == nil, let g = geometry, g.wardTotals.count == countsByIndex.count {
            countsByIndex = g.wardTotals
            if needsExtra { for i in c.assets.indices { let w = g.wardOf[i]; if w >= 0 { visitExtra(i, Int(w)) } } }
        } else {
            let all = indices ?? Array(c.assets.indices)
            for i in all {
                let w = wardOf(i)
                guard w >= 0 else { continue }
                countsByIndex[Int(w)] += 1
                if needsExtra { visitExtra(i, Int(w)) }
            }
        }
        var counts: [String: Int] = [:], gap: [String: Int] = [:], pipeline: [String: Int] = [:]
        for (k, code) in wardCodes.enumerated() {
            if countsByIndex[k] > 0 { counts[code] = countsByIndex[k] }
            if gapByIndex[k] > 0 { gap[code] = gapByIndex[k] }
            if pipeByIndex[k] > 0 { pipeline[code] = pipeByIndex[k] }
        }
        var wards: [String: WardShade] = [:]
        var title: String
        var steps: [(Int, String)] = []
        func continuous(_ values: [String: Double], format: (Double) -> String) {
            let mx = values.values.max() ?? 0
            for w in geo.wards {
                let v = values[w.code] ?? 0
                wards[w.code] = WardShade(value: v, level: level(v, max: mx), text: format(v))
            }
            steps.append((0, "0"))
            if mx > 0 {
                for k in 1...4 {
                    let lo = mx * Double(k - 1) / 4, hi = mx * Double(k) / 4
                    steps.append((k, "\(k == 1 ? ">0" : "> " + format(lo))–\(format(hi))"))
                }
            }
        }
        switch mode {
        case .assets:
            title = "Shade: matching assets per ward"
            continuous(counts.mapValues(Double.init)) { String(Int($0.rounded())) }
        case .perThousand:
            title = "Shade: matching assets per 1,000 residents"
            var per: [String: Double] = [:]
            for w in geo.wards where w.population > 0 { per[w.code] = perThousand(counts[w.code] ?? 0, of: w) }
            continuous(per, format: perThousandText)
        case .gap:
            let name = tax.category(id: gapCategory).map { tax.path(of: $0.id) } ?? gapCategory
            title = "Gap map: \(name)"
            for w in geo.wards {
                let n = gap[w.code] ?? 0
                wards[w.code] = WardShade(value: Double(n), level: n > 0 ? 1 : 0, text: n > 0 ? String(n) : "none")
            }
            steps = [(0, "none here (a gap)"), (1, "at least one")]
        case .transfers:
            title = "Shade: buildings in the transfer pipeline (enquiry, in progress)"
            continuous(pipeline.mapValues(Double.init)) { String(Int($0.rounded())) }
        }
        return MapShading(mode: mode, wards: wards, title: title, steps: steps.map { (level: $0.0, label: $0.1) }, matches: counts)
    }
}

/// What the current filter or search matches, for lighting dots and wards.
public struct MapMatches: Sendable {
    /// Per asset index: lit (matches). Nil when nothing filters: every asset is lit.
    public var lit: [Bool]?
    public var count: Int
    public var shading: MapShading
}

extension MapScene {
    /// A scene for the command line: the whole catalogue, lit by `query` when given.
    public static func make(catalogue c: Catalogue, state: MapState, query: SearchQuery? = nil) -> MapScene? {
        guard let b = c.geography.boundaries else { return nil }
        let g = MapGeometry(catalogue: c, boundaries: b)
        var indices: [Int]?
        var lit: [Bool]?
        if let query, !query.isEmpty {
            let found = SearchIndex(c).matchingIndices(query)
            var l = [Bool](repeating: false, count: c.assets.count)
            for i in found { l[i] = true }
            indices = found
            lit = l
        }
        let shading = MapShading.compute(state.shade, gapCategory: state.gapCategory, catalogue: c, indices: indices, geometry: g)
        return MapScene(catalogue: c, geometry: g, state: state, lit: lit, shading: shading)
    }

    /// The map as plain text lines (trailing spaces trimmed), for handouts.
    public func text(width: Int, height: Int) -> String {
        var b = Buffer(size: Size(width, height))
        render(into: &b, area: Rect(size: Size(width, height)), theme: .noColor)
        return b.textLines().map { line in
            var l = Substring(line)
            while l.last == " " { l = l.dropLast() }
            return String(l)
        }.joined(separator: "\n") + "\n"
    }
}
