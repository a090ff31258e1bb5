import Foundation

/// Where a set of ward shapes came from.
public struct BoundarySource: Hashable, Sendable, Codable, CustomStringConvertible {
    /// "schematic", or the imported file's name.
    public var name: String
    public var isSchematic: Bool
    /// ISO 8601 time of the import (nil for the schematic map).
    public var importedAt: String?
    public var importedBy: String?

    public init(name: String, isSchematic: Bool = false, importedAt: String? = nil, importedBy: String? = nil) {
        self.name = name
        self.isSchematic = isSchematic
        self.importedAt = importedAt
        self.importedBy = importedBy
    }

    /// The shipped map generated from ONS ward centres and areas.
    public static let schematic = BoundarySource(name: "schematic", isSchematic: true)

    /// "schematic map (approximate: built from ONS ward centres and areas)" or
    /// "oldham_wards_2023.geojson, imported 2025-06-01 by alice".
    public var description: String {
        if isSchematic { return "schematic map (approximate: built from ONS ward centres and areas)" }
        var s = name
        if let importedAt { s += ", imported \(importedAt.prefix(10))" }
        if let importedBy { s += " by \(importedBy)" }
        return s
    }
}

/// Arrow-key directions on the map (north is up).
public enum MapDirection: String, CaseIterable, Hashable, Sendable {
    case up, down, left, right

    /// A unit vector in the plane (x east, y north).
    public var vector: MapPoint {
        switch self {
        case .up: MapPoint(0, 1)
        case .down: MapPoint(0, -1)
        case .left: MapPoint(-1, 0)
        case .right: MapPoint(1, 0)
        }
    }
}

/// One straight piece of a ward's outline, with the ward on its other side (nil on the borough
/// edge). Every boundary appears once per side; `WardBoundaries.boundaryLines` lists each once.
public struct BoundaryEdge: Hashable, Sendable {
    public var a: MapPoint
    public var b: MapPoint
    public var ward: String
    public var other: String?

    public var length: Double { a.distance(to: b) }
}

/// A health cluster drawn over the ward map: the wards the crosswalk says it touches, and the
/// outline of their union.
public struct ClusterArea: Sendable {
    public var cluster: Cluster
    /// Ward codes the cluster touches (main and part).
    public var wards: [String]
    public var mainWards: [String]
    public var partWards: [String]
    /// The outer edges of the union of `wards`.
    public var outline: [BoundaryEdge]
    public var bounds: MapBounds
}

/// The ward shapes the map draws and the questions a map asks of them: which ward holds a point,
/// which wards are neighbours and which lies in a direction, where labels go, where to draw an
/// asset without coordinates, and the outlines of the borough and of cluster areas.
///
/// Built once (immutable, `Sendable`); everything derived is computed in `init`, in the plane of
/// `projection` (`MapProjection.oldham` unless given).
public final class WardBoundaries: Sendable {
    public let source: BoundarySource
    /// Ward code → shape, WGS84.
    public let shapes: [String: GeoMultiPolygon]
    /// Ward codes with a shape, sorted.
    public let codes: [String]
    public let projection: MapProjection
    /// Ward code → projected shape.
    public let planeShapes: [String: PlaneShape]
    public let bounds: GeoBounds
    /// Projected bounds of every ward: `Viewport.home` for "fit the borough".
    public let planeBounds: MapBounds
    /// Ward code → label anchor (pole of inaccessibility of its largest part).
    public let labelAnchors: [String: MapPoint]
    /// Ward code → distance from the anchor to the ward's edge, metres: room for a label.
    public let labelRoom: [String: Double]
    /// Ward code → the point arrow keys navigate between: the area centroid when it lies inside
    /// the ward, else the label anchor. (A pole of inaccessibility maximises room, so in a big
    /// irregular ward it can sit well off-centre; the centroid says better where a ward "is".)
    public let centres: [String: MapPoint]
    /// Every piece of every ward's outline with the ward across it.
    public let edges: [BoundaryEdge]
    /// Boundaries closer than this (metres) count as shared.
    public let tolerance: Double
    /// code → neighbour code → shared boundary length in metres.
    private let shared: [String: [String: Double]]
    /// Shared boundary shorter than this is a corner touch, not a neighbour.
    public let minimumSharedLength: Double

    public var isSchematic: Bool { source.isSchematic }

    public init(shapes: [String: GeoMultiPolygon], source: BoundarySource, projection: MapProjection = .oldham,
                tolerance: Double = 25, minimumSharedLength: Double = 50) {
        self.source = source
        self.shapes = shapes.filter { !$0.value.isEmpty }
        codes = self.shapes.keys.sorted()
        self.projection = projection
        self.tolerance = tolerance
        self.minimumSharedLength = minimumSharedLength
        var plane: [String: PlaneShape] = [:]
        var gb = GeoBounds.empty, pb = MapBounds.empty
        var anchors: [String: MapPoint] = [:], room: [String: Double] = [:], centres: [String: MapPoint] = [:]
        for (code, s) in self.shapes {
            let p = s.projected(projection)
            plane[code] = p
            gb = gb.union(s.bounds)
            pb = pb.union(p.bounds)
            let anchor = p.labelAnchor(precision: max(1, min(p.bounds.width, p.bounds.height) / 200))
            anchors[code] = anchor
            room[code] = max(0, p.signedDistance(to: anchor))
            let centroid = p.centroid
            centres[code] = p.contains(centroid) ? centroid : anchor
        }
        planeShapes = plane
        bounds = gb
        planeBounds = pb
        labelAnchors = anchors
        labelRoom = room
        self.centres = centres
        let (e, s) = WardBoundaries.classifyEdges(plane, codes: codes, tolerance: tolerance)
        edges = e
        shared = s
    }

    public func shape(of code: String) -> GeoMultiPolygon? { shapes[code] }
    public func planeShape(of code: String) -> PlaneShape? { planeShapes[code] }
    public func hasShape(_ code: String) -> Bool { shapes[code] != nil }

    /// Wards of `geography` with no shape here (after a partial import).
    public func missingWards(in geography: Geography) -> [String] {
        geography.wards.map(\.code).filter { shapes[$0] == nil }
    }

    // MARK: Point in polygon

    /// The ward whose shape holds the point, or nil outside every ward.
    public func ward(containing c: Coordinate) -> String? { ward(containing: projection.project(c)) }

    public func ward(containing p: MapPoint) -> String? {
        guard planeBounds.contains(p) else { return nil }
        for code in codes where planeShapes[code]!.contains(p) { return code }
        return nil
    }

    /// The ward holding the point, else the nearest within `distance` metres of it.
    public func nearestWard(to p: MapPoint, within distance: Double) -> (code: String, distance: Double)? {
        if let w = ward(containing: p) { return (w, 0) }
        var best: (String, Double)?
        for code in codes {
            let s = planeShapes[code]!
            guard s.bounds.expanded(by: distance).contains(p) else { continue }
            let d = -s.signedDistance(to: p)
            if d <= distance, d < (best?.1 ?? .infinity) { best = (code, d) }
        }
        return best
    }

    // MARK: Neighbours

    /// Wards sharing at least `minimumSharedLength` metres of boundary, longest shared first.
    public func neighbours(of code: String) -> [String] {
        (shared[code] ?? [:]).filter { $0.value >= minimumSharedLength }
            .sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
    }

    /// Length of the boundary two wards share, metres.
    public func sharedBoundaryLength(_ a: String, _ b: String) -> Double { shared[a]?[b] ?? 0 }

    /// The neighbour to move to with an arrow key: among `neighbours(of:)`, the one whose centre
    /// (`centres`) lies most nearly in `direction` from this ward's centre (within 45° first,
    /// then within 80°), nearer beating further. Nil when no neighbour lies that way.
    public func neighbour(of code: String, direction: MapDirection) -> String? {
        guard let from = centres[code] else { return nil }
        let d = direction.vector
        var best: (score: Double, cone: Int, code: String)?
        for n in neighbours(of: code) {
            guard let to = centres[n] else { continue }
            let v = to - from
            let along = v.dot(d)
            let across = abs(v.x * d.y - v.y * d.x)
            guard along > 0 else { continue }
            let cone: Int
            if across <= along { cone = 0 } else if across <= along * 5.67 { cone = 1 } else { continue }
            let score = along + 3 * across
            if best == nil || (cone, score) < (best!.cone, best!.score) { best = (score, cone, n) }
        }
        return best?.code
    }

    // MARK: Outlines

    /// Every boundary once: the borough edge, and each line between two wards drawn once.
    public var boundaryLines: [BoundaryEdge] {
        edges.filter { $0.other == nil || $0.ward < $0.other! }
    }

    /// The outer edges of the union of `wards`: the pieces whose other side is not one of them.
    public func outline<S: Sequence>(of wards: S) -> [BoundaryEdge] where S.Element == String {
        let set = Set(wards)
        return edges.filter { set.contains($0.ward) && ($0.other.map { !set.contains($0) } ?? true) }
    }

    /// The borough's outline (the edges no two wards share).
    public var boroughOutline: [BoundaryEdge] { edges.filter { $0.other == nil } }

    /// The five clusters as areas over the map: the wards each touches per the crosswalk in
    /// `geography`, and the outline of their union.
    public func clusterAreas(in geography: Geography) -> [ClusterArea] {
        geography.clusters.map { c in
            let wards = c.wardCodes
            let b = wards.compactMap { planeShapes[$0]?.bounds }.reduce(MapBounds.empty) { $0.union($1) }
            return ClusterArea(cluster: c, wards: wards, mainWards: c.wards.filter(\.main).map(\.ward),
                               partWards: c.wards.filter { !$0.main }.map(\.ward), outline: outline(of: wards), bounds: b)
        }
    }

    // MARK: Labels

    /// A point inside the ward for its label.
    public func labelAnchor(of code: String) -> Coordinate? { labelAnchors[code].map(projection.unproject) }

    // MARK: Asset positions

    /// Where to draw an asset: its coordinates when it has them, else a stable point inside its
    /// ward (see `placedPoint(for:inWard:)`). Nil when it has neither coordinates nor a ward shape.
    public func planePosition(of asset: Asset) -> MapPoint? {
        if let c = asset.coordinate { return projection.project(c) }
        return placedPoint(for: asset.id, inWard: asset.ward)
    }

    public func position(of asset: Asset) -> Coordinate? { planePosition(of: asset).map(projection.unproject) }

    /// Positions for many assets at once (same order).
    public func planePositions(of assets: [Asset]) -> [MapPoint?] { assets.map(planePosition(of:)) }

    /// A deterministic point inside a ward for an asset without coordinates: a hash of the id
    /// seeds rejection sampling in the ward's bounds (kept a little away from the edge when
    /// possible), falling back to the label anchor. The same id always lands on the same spot.
    public func placedPoint(for id: String, inWard code: String) -> MapPoint? {
        guard let s = planeShapes[code] else { return nil }
        var rng = SplitMix64(seed: WardBoundaries.fnv1a(id))
        let b = s.bounds
        let margin = min(40, (labelRoom[code] ?? 0) * 0.25)
        for attempt in 0..<64 {
            let p = MapPoint(b.minX + rng.unit() * b.width, b.minY + rng.unit() * b.height)
            if attempt < 24 {
                if s.contains(p) && s.signedDistance(to: p) >= margin { return p }
            } else if s.contains(p) {
                return p
            }
        }
        return labelAnchors[code]
    }

    /// FNV-1a, 64 bits: stable across runs and platforms (unlike `Hasher`).
    static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h
    }

    // MARK: Edge classification

    /// Splits every ward's outline into pieces (≤ 4 × tolerance long), finds for each piece the
    /// other ward whose outline passes within `tolerance` of its middle, merges runs, and sums
    /// shared lengths. A uniform grid keeps it near-linear.
    static func classifyEdges(_ shapes: [String: PlaneShape], codes: [String], tolerance: Double)
        -> ([BoundaryEdge], [String: [String: Double]]) {
        struct Seg { var a: MapPoint; var b: MapPoint; var ward: Int }
        var segs: [Seg] = []
        for (wi, code) in codes.enumerated() {
            for poly in shapes[code]!.polygons {
                for ring in poly.rings where ring.count >= 2 {
                    var j = ring.count - 1
                    for i in ring.indices {
                        segs.append(Seg(a: ring[j], b: ring[i], ward: wi))
                        j = i
                    }
                }
            }
        }
        var all = MapBounds.empty
        for s in segs { all.include(s.a); all.include(s.b) }
        guard !all.isEmpty else { return ([], [:]) }
        let cell = max(tolerance * 8, 100)
        let nx = max(1, Int((all.width / cell).rounded(.up)) + 1), ny = max(1, Int((all.height / cell).rounded(.up)) + 1)
        var grid = [[Int32]](repeating: [], count: nx * ny)
        func ix(_ x: Double) -> Int { min(nx - 1, max(0, Int((x - all.minX) / cell))) }
        func iy(_ y: Double) -> Int { min(ny - 1, max(0, Int((y - all.minY) / cell))) }
        for (k, s) in segs.enumerated() {
            let x0 = ix(min(s.a.x, s.b.x) - tolerance), x1 = ix(max(s.a.x, s.b.x) + tolerance)
            let y0 = iy(min(s.a.y, s.b.y) - tolerance), y1 = iy(max(s.a.y, s.b.y) + tolerance)
            for gy in y0...y1 { for gx in x0...x1 { grid[gy * nx + gx].append(Int32(k)) } }
        }
        func otherWard(at p: MapPoint, not ward: Int) -> Int? {
            var best: (Int, Double)?
            for k in grid[iy(p.y) * nx + ix(p.x)] {
                let s = segs[Int(k)]
                guard s.ward != ward else { continue }
                let d = PlaneAlgorithms.distanceToSegment(p, s.a, s.b)
                if d <= tolerance, d < (best?.1 ?? .infinity) { best = (s.ward, d) }
            }
            return best?.0
        }
        var edges: [BoundaryEdge] = []
        var shared: [String: [String: Double]] = [:]
        let pieceLength = tolerance * 4
        for s in segs {
            let len = s.a.distance(to: s.b)
            guard len > 0 else { continue }
            let n = max(1, Int((len / pieceLength).rounded(.up)))
            var runStart = s.a
            var runOther: Int?? = .none
            for k in 0..<n {
                let t0 = Double(k) / Double(n), t1 = Double(k + 1) / Double(n)
                let mid = s.a + (s.b - s.a) * ((t0 + t1) / 2)
                let other = otherWard(at: mid, not: s.ward)
                if let current = runOther, current != other {
                    let end = s.a + (s.b - s.a) * t0
                    edges.append(BoundaryEdge(a: runStart, b: end, ward: codes[s.ward], other: current.map { codes[$0] }))
                    runStart = end
                }
                runOther = .some(other)
                if let o = other { shared[codes[s.ward], default: [:]][codes[o], default: 0] += len / Double(n) }
            }
            if let current = runOther {
                edges.append(BoundaryEdge(a: runStart, b: s.b, ward: codes[s.ward], other: current.map { codes[$0] }))
            }
        }
        // Symmetric shared lengths: the mean of both sides' measurements.
        var sym: [String: [String: Double]] = [:]
        for (a, m) in shared {
            for (b, l) in m {
                let both = (l + (shared[b]?[a] ?? 0)) / 2
                sym[a, default: [:]][b] = both
                sym[b, default: [:]][a] = both
            }
        }
        return (edges, sym)
    }
}

/// A small, fast, deterministic generator (Steele, Lea & Flood's SplitMix64).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
