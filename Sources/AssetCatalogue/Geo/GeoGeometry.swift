import Foundation

// Plane and lat/lon geometry for the ward map: points, bounds, polygons with holes and
// multipolygons, point-in-polygon (even-odd, so ring direction never matters), area, centroid,
// distance to the outline and a pole of inaccessibility for label anchors.
//
// Names avoid TermUI's `Point`, `Size` and `Rect`: the app imports both modules.

/// A point in the projected plane: metres east (`x`) and north (`y`) of the projection's origin
/// (see `MapProjection`). Screen pixels are `PixelPoint`s, with y pointing down.
public struct MapPoint: Hashable, Sendable, Codable, CustomStringConvertible {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    public init(_ x: Double, _ y: Double) { self.init(x: x, y: y) }

    public static let zero = MapPoint(0, 0)

    public static func + (a: MapPoint, b: MapPoint) -> MapPoint { MapPoint(a.x + b.x, a.y + b.y) }
    public static func - (a: MapPoint, b: MapPoint) -> MapPoint { MapPoint(a.x - b.x, a.y - b.y) }
    public static func * (a: MapPoint, k: Double) -> MapPoint { MapPoint(a.x * k, a.y * k) }

    public var length: Double { (x * x + y * y).squareRoot() }
    public func distance(to p: MapPoint) -> Double { (self - p).length }
    public func dot(_ p: MapPoint) -> Double { x * p.x + y * p.y }

    public var description: String { String(format: "(%.1f, %.1f)", x, y) }
}

/// An axis-aligned rectangle in the plane. `MapBounds.empty` contains nothing and is the
/// identity for `union`.
public struct MapBounds: Hashable, Sendable, Codable, CustomStringConvertible {
    public var minX: Double
    public var minY: Double
    public var maxX: Double
    public var maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    public static let empty = MapBounds(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)

    public init<S: Sequence>(points: S) where S.Element == MapPoint {
        self = .empty
        for p in points { include(p) }
    }

    public var isEmpty: Bool { !(minX <= maxX && minY <= maxY) }
    public var width: Double { isEmpty ? 0 : maxX - minX }
    public var height: Double { isEmpty ? 0 : maxY - minY }
    public var centre: MapPoint { MapPoint((minX + maxX) / 2, (minY + maxY) / 2) }

    public func contains(_ p: MapPoint) -> Bool { p.x >= minX && p.x <= maxX && p.y >= minY && p.y <= maxY }

    public func intersects(_ b: MapBounds) -> Bool {
        !isEmpty && !b.isEmpty && minX <= b.maxX && b.minX <= maxX && minY <= b.maxY && b.minY <= maxY
    }

    public mutating func include(_ p: MapPoint) {
        minX = Swift.min(minX, p.x); maxX = Swift.max(maxX, p.x)
        minY = Swift.min(minY, p.y); maxY = Swift.max(maxY, p.y)
    }

    public func union(_ b: MapBounds) -> MapBounds {
        MapBounds(minX: Swift.min(minX, b.minX), minY: Swift.min(minY, b.minY),
                  maxX: Swift.max(maxX, b.maxX), maxY: Swift.max(maxY, b.maxY))
    }

    /// Grown by `d` on every side.
    public func expanded(by d: Double) -> MapBounds {
        isEmpty ? self : MapBounds(minX: minX - d, minY: minY - d, maxX: maxX + d, maxY: maxY + d)
    }

    public var description: String { String(format: "[%.1f…%.1f × %.1f…%.1f]", minX, maxX, minY, maxY) }
}

/// A latitude/longitude rectangle (WGS84 degrees).
public struct GeoBounds: Hashable, Sendable, Codable {
    public var minLat: Double
    public var minLon: Double
    public var maxLat: Double
    public var maxLon: Double

    public init(minLat: Double, minLon: Double, maxLat: Double, maxLon: Double) {
        self.minLat = minLat
        self.minLon = minLon
        self.maxLat = maxLat
        self.maxLon = maxLon
    }

    public static let empty = GeoBounds(minLat: .infinity, minLon: .infinity, maxLat: -.infinity, maxLon: -.infinity)

    public init<S: Sequence>(coordinates: S) where S.Element == Coordinate {
        self = .empty
        for c in coordinates { include(c) }
    }

    public var isEmpty: Bool { !(minLat <= maxLat && minLon <= maxLon) }
    public var centre: Coordinate { Coordinate(lat: (minLat + maxLat) / 2, lon: (minLon + maxLon) / 2) }

    public func contains(_ c: Coordinate) -> Bool {
        c.lat >= minLat && c.lat <= maxLat && c.lon >= minLon && c.lon <= maxLon
    }

    public mutating func include(_ c: Coordinate) {
        minLat = Swift.min(minLat, c.lat); maxLat = Swift.max(maxLat, c.lat)
        minLon = Swift.min(minLon, c.lon); maxLon = Swift.max(maxLon, c.lon)
    }

    public func union(_ b: GeoBounds) -> GeoBounds {
        GeoBounds(minLat: Swift.min(minLat, b.minLat), minLon: Swift.min(minLon, b.minLon),
                  maxLat: Swift.max(maxLat, b.maxLat), maxLon: Swift.max(maxLon, b.maxLon))
    }
}

// MARK: - Lat/lon polygons (the stored model)

/// A polygon in WGS84: one exterior ring and any holes. Rings are stored open (the first point
/// is not repeated at the end) and may run in either direction.
public struct GeoPolygon: Hashable, Sendable {
    public var exterior: [Coordinate]
    public var holes: [[Coordinate]]

    public init(exterior: [Coordinate], holes: [[Coordinate]] = []) {
        self.exterior = GeoPolygon.open(exterior)
        self.holes = holes.map(GeoPolygon.open)
    }

    /// Drops a repeated closing point and consecutive duplicates.
    static func open(_ ring: [Coordinate]) -> [Coordinate] {
        var out: [Coordinate] = []
        out.reserveCapacity(ring.count)
        for c in ring where out.last != c { out.append(c) }
        if out.count > 1, out.first == out.last { out.removeLast() }
        return out
    }

    public var rings: [[Coordinate]] { [exterior] + holes }
    public var vertexCount: Int { rings.reduce(0) { $0 + $1.count } }
    public var bounds: GeoBounds { GeoBounds(coordinates: exterior) }

    /// Even-odd point-in-polygon on longitude/latitude. An equirectangular projection is affine,
    /// so this answers exactly what the projected test would.
    public func contains(_ c: Coordinate) -> Bool {
        var inside = false
        for ring in rings where PlaneAlgorithms.crossings(ring, lon: c.lon, lat: c.lat) {
            inside.toggle()
        }
        return inside
    }

    public func projected(_ p: MapProjection) -> PlanePolygon {
        PlanePolygon(exterior: exterior.map(p.project), holes: holes.map { $0.map(p.project) })
    }
}

extension GeoPolygon {
    /// What makes this polygon invalid, each naming the ring and a position: a ring that crosses
    /// itself (the fill and `contains` would disagree with what was drawn), and a hole that lies
    /// outside the exterior. Empty when valid. Near-linear: segments are bucketed on a grid.
    public func problems() -> [String] {
        var out: [String] = []
        func at(_ c: Coordinate) -> String { String(format: "%.5f, %.5f", c.lon, c.lat) }
        for (k, ring) in rings.enumerated() {
            if let c = GeoPolygon.selfCrossing(ring) {
                out.append("\(k == 0 ? "the exterior ring" : "hole \(k)") crosses itself near \(at(c)) (lon, lat)")
            }
        }
        for (k, hole) in holes.enumerated() {
            if let c = hole.first(where: { !PlaneAlgorithms.crossings(exterior, lon: $0.lon, lat: $0.lat) }) {
                out.append("hole \(k + 1) lies outside the exterior ring (at \(at(c)), lon, lat)")
            }
        }
        return out
    }

    /// Where two non-adjacent edges of a closed ring cross properly, or nil.
    static func selfCrossing(_ ring: [Coordinate]) -> Coordinate? {
        let n = ring.count
        guard n >= 4 else { return nil }
        let b = GeoBounds(coordinates: ring)
        let side = max(1, Int(Double(n).squareRoot()))
        let w = max(b.maxLon - b.minLon, 1e-12) / Double(side), h = max(b.maxLat - b.minLat, 1e-12) / Double(side)
        func cx(_ x: Double) -> Int { min(side - 1, max(0, Int((x - b.minLon) / w))) }
        func cy(_ y: Double) -> Int { min(side - 1, max(0, Int((y - b.minLat) / h))) }
        var grid = [[Int32]](repeating: [], count: side * side)
        for i in 0..<n {
            let p = ring[i], q = ring[(i + 1) % n]
            for gy in cy(min(p.lat, q.lat))...cy(max(p.lat, q.lat)) {
                for gx in cx(min(p.lon, q.lon))...cx(max(p.lon, q.lon)) { grid[gy * side + gx].append(Int32(i)) }
            }
        }
        func orient(_ a: Coordinate, _ b: Coordinate, _ c: Coordinate) -> Double {
            (b.lon - a.lon) * (c.lat - a.lat) - (b.lat - a.lat) * (c.lon - a.lon)
        }
        for cell in grid where cell.count > 1 {
            for x in 0..<cell.count {
                let i = Int(cell[x])
                for y in (x + 1)..<cell.count {
                    let j = Int(cell[y])
                    if abs(i - j) == 1 || abs(i - j) == n - 1 { continue }  // adjacent edges share a vertex
                    let a = ring[i], a2 = ring[(i + 1) % n], c = ring[j], c2 = ring[(j + 1) % n]
                    let d1 = orient(a, a2, c), d2 = orient(a, a2, c2), d3 = orient(c, c2, a), d4 = orient(c, c2, a2)
                    if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
                        let t = d3 / (d3 - d4)
                        return Coordinate(lat: a.lat + t * (a2.lat - a.lat), lon: a.lon + t * (a2.lon - a.lon))
                    }
                }
            }
        }
        return nil
    }
}

/// A ward's shape in WGS84: one or more polygons (GeoJSON Polygon or MultiPolygon).
public struct GeoMultiPolygon: Hashable, Sendable {
    public var polygons: [GeoPolygon]

    public init(_ polygons: [GeoPolygon]) { self.polygons = polygons }

    public var vertexCount: Int { polygons.reduce(0) { $0 + $1.vertexCount } }
    public var bounds: GeoBounds { polygons.reduce(GeoBounds.empty) { $0.union($1.bounds) } }
    public var isEmpty: Bool { polygons.isEmpty }

    /// Inside any of the polygons (a point in a hole of one polygon is outside it).
    public func contains(_ c: Coordinate) -> Bool {
        polygons.contains { $0.bounds.contains(c) && $0.contains(c) }
    }

    public func projected(_ p: MapProjection) -> PlaneShape {
        PlaneShape(polygons.map { $0.projected(p) })
    }
}

// MARK: - Plane polygons (what algorithms and renderers use)

/// A polygon in the projected plane: exterior ring and holes, open rings, any direction.
public struct PlanePolygon: Hashable, Sendable {
    public let exterior: [MapPoint]
    public let holes: [[MapPoint]]
    public let bounds: MapBounds

    public init(exterior: [MapPoint], holes: [[MapPoint]] = []) {
        var ext = exterior
        if ext.count > 1, ext.first == ext.last { ext.removeLast() }
        self.exterior = ext
        self.holes = holes.map { h in
            var h = h
            if h.count > 1, h.first == h.last { h.removeLast() }
            return h
        }
        bounds = MapBounds(points: ext)
    }

    public var rings: [[MapPoint]] { [exterior] + holes }

    /// Even-odd over every ring: holes are outside whichever way they wind.
    public func contains(_ p: MapPoint) -> Bool {
        guard bounds.contains(p) else { return false }
        var inside = false
        if PlaneAlgorithms.crossings(exterior, x: p.x, y: p.y) { inside = true }
        for h in holes where PlaneAlgorithms.crossings(h, x: p.x, y: p.y) { inside.toggle() }
        return inside
    }

    /// Area in square metres (exterior minus holes), whatever the ring directions.
    public var area: Double {
        abs(PlaneAlgorithms.signedArea(exterior)) - holes.reduce(0) { $0 + abs(PlaneAlgorithms.signedArea($1)) }
    }

    /// The area-weighted centroid (may lie outside a concave polygon; use `poleOfInaccessibility`
    /// for labels).
    public var centroid: MapPoint {
        var (sx, sy, sa) = PlaneAlgorithms.centroidSums(exterior)
        if sa < 0 { sx = -sx; sy = -sy; sa = -sa }
        for h in holes {
            var (hx, hy, ha) = PlaneAlgorithms.centroidSums(h)
            if ha < 0 { hx = -hx; hy = -hy; ha = -ha }
            sx -= hx; sy -= hy; sa -= ha
        }
        guard sa > 0 else { return bounds.centre }
        return MapPoint(sx / (6 * sa), sy / (6 * sa))
    }

    /// Distance from `p` to the nearest ring edge (positive inside, negative outside).
    public func signedDistance(to p: MapPoint) -> Double {
        var best = Double.infinity
        for r in rings { best = min(best, PlaneAlgorithms.distanceToRing(r, p)) }
        return contains(p) ? best : -best
    }

    /// A point inside the polygon as far as possible from its edges (Mapbox's "polylabel"),
    /// to within `precision` metres: the best place for a label.
    public func poleOfInaccessibility(precision: Double = 10) -> MapPoint {
        PlaneAlgorithms.poleOfInaccessibility(self, precision: precision)
    }
}

/// A multipolygon in the plane: a projected ward.
public struct PlaneShape: Hashable, Sendable {
    public let polygons: [PlanePolygon]
    public let bounds: MapBounds

    public init(_ polygons: [PlanePolygon]) {
        self.polygons = polygons
        bounds = polygons.reduce(MapBounds.empty) { $0.union($1.bounds) }
    }

    public func contains(_ p: MapPoint) -> Bool {
        bounds.contains(p) && polygons.contains { $0.contains(p) }
    }

    public var area: Double { polygons.reduce(0) { $0 + $1.area } }

    /// Area-weighted centroid of all parts.
    public var centroid: MapPoint {
        var sx = 0.0, sy = 0.0, sa = 0.0
        for p in polygons {
            let a = p.area, c = p.centroid
            sx += c.x * a; sy += c.y * a; sa += a
        }
        return sa > 0 ? MapPoint(sx / sa, sy / sa) : bounds.centre
    }

    /// Distance to the nearest edge of any part, positive inside, negative outside.
    public func signedDistance(to p: MapPoint) -> Double {
        var best = Double.infinity
        for poly in polygons { for r in poly.rings { best = min(best, PlaneAlgorithms.distanceToRing(r, p)) } }
        return contains(p) ? best : -best
    }

    /// The label anchor: the pole of inaccessibility of the largest part. Always inside the shape.
    public func labelAnchor(precision: Double = 10) -> MapPoint {
        guard let biggest = polygons.max(by: { $0.area < $1.area }) else { return bounds.centre }
        return biggest.poleOfInaccessibility(precision: precision)
    }

    public var vertexCount: Int { polygons.reduce(0) { $0 + $1.rings.reduce(0) { $0 + $1.count } } }
}

// MARK: - Algorithms

/// The shared arithmetic, written once over any point type with two coordinates.
enum PlaneAlgorithms {
    /// True when a ray from (x, y) towards +x crosses the ring an odd number of times. Half-open
    /// in y, so a point on an edge shared by two rings counts for exactly one of them.
    static func crossings(_ ring: [MapPoint], x: Double, y: Double) -> Bool {
        let n = ring.count
        guard n >= 3 else { return false }
        var inside = false
        var j = n - 1
        ring.withUnsafeBufferPointer { r in
            for i in 0..<n {
                let a = r[i], b = r[j]
                if (a.y > y) != (b.y > y), x < a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y) { inside.toggle() }
                j = i
            }
        }
        return inside
    }

    /// The same on longitude (x) and latitude (y).
    static func crossings(_ ring: [Coordinate], lon x: Double, lat y: Double) -> Bool {
        let n = ring.count
        guard n >= 3 else { return false }
        var inside = false
        var j = n - 1
        ring.withUnsafeBufferPointer { r in
            for i in 0..<n {
                let a = r[i], b = r[j]
                if (a.lat > y) != (b.lat > y), x < a.lon + (y - a.lat) * (b.lon - a.lon) / (b.lat - a.lat) { inside.toggle() }
                j = i
            }
        }
        return inside
    }

    /// Shoelace: positive for counter-clockwise rings (x east, y north).
    static func signedArea(_ ring: [MapPoint]) -> Double {
        let n = ring.count
        guard n >= 3 else { return 0 }
        var s = 0.0
        var j = n - 1
        for i in 0..<n {
            s += ring[j].x * ring[i].y - ring[i].x * ring[j].y
            j = i
        }
        return s / 2
    }

    /// Σ(x_j+x_i)·cross and Σ(y_j+y_i)·cross (= 6·A·centroid) and the signed area A, summed
    /// relative to the first vertex for precision, then shifted back.
    static func centroidSums(_ ring: [MapPoint]) -> (Double, Double, Double) {
        let n = ring.count
        guard n >= 3 else { return (0, 0, 0) }
        let o = ring[0]
        var sx = 0.0, sy = 0.0, a = 0.0
        var j = n - 1
        for i in 0..<n {
            let p = ring[j] - o, q = ring[i] - o
            let cross = p.x * q.y - q.x * p.y
            sx += (p.x + q.x) * cross
            sy += (p.y + q.y) * cross
            a += cross
            j = i
        }
        a /= 2
        return (sx + 6 * a * o.x, sy + 6 * a * o.y, a)
    }

    static func distanceToSegment(_ p: MapPoint, _ a: MapPoint, _ b: MapPoint) -> Double {
        let d = b - a
        let len2 = d.dot(d)
        var t = len2 > 0 ? (p - a).dot(d) / len2 : 0
        t = max(0, min(1, t))
        return p.distance(to: a + d * t)
    }

    static func distanceToRing(_ ring: [MapPoint], _ p: MapPoint) -> Double {
        var best = Double.infinity
        var j = ring.count - 1
        for i in ring.indices {
            best = min(best, distanceToSegment(p, ring[j], ring[i]))
            j = i
        }
        return best
    }

    /// Polylabel: best-first search over square cells, each bounded by its centre's distance
    /// plus its half-diagonal.
    static func poleOfInaccessibility(_ poly: PlanePolygon, precision: Double) -> MapPoint {
        let b = poly.bounds
        guard !b.isEmpty, poly.exterior.count >= 3 else { return b.centre }
        let size = min(b.width, b.height)
        if size <= 0 { return b.centre }
        struct Cell {
            var c: MapPoint, h: Double, d: Double
            var maxD: Double { d + h * 2.squareRoot() }
        }
        func cell(_ c: MapPoint, _ h: Double) -> Cell { Cell(c: c, h: h, d: poly.signedDistance(to: c)) }
        var heap = MaxHeap<Cell> { $0.maxD < $1.maxD }
        let h = size / 2
        var x = b.minX
        while x < b.maxX {
            var y = b.minY
            while y < b.maxY {
                heap.push(cell(MapPoint(x + h, y + h), h))
                y += size
            }
            x += size
        }
        // Start from the centroid (often good) and the bounds centre.
        var best = cell(poly.centroid, 0)
        let centre = cell(b.centre, 0)
        if centre.d > best.d { best = centre }
        while let c = heap.pop() {
            if c.d > best.d { best = c }
            if c.maxD - best.d <= precision { continue }
            let q = c.h / 2
            for (dx, dy) in [(-q, -q), (q, -q), (-q, q), (q, q)] {
                heap.push(cell(MapPoint(c.c.x + dx, c.c.y + dy), q))
            }
        }
        return best.c
    }

    /// Andrew's monotone chain; counter-clockwise, no repeated point, collinear points dropped.
    static func convexHull(_ points: [MapPoint]) -> [MapPoint] {
        let pts = points.sorted { ($0.x, $0.y) < ($1.x, $1.y) }
        guard pts.count >= 3 else { return pts }
        func cross(_ o: MapPoint, _ a: MapPoint, _ b: MapPoint) -> Double {
            (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
        }
        var lower: [MapPoint] = [], upper: [MapPoint] = []
        for p in pts {
            while lower.count >= 2 && cross(lower[lower.count - 2], lower[lower.count - 1], p) <= 0 { lower.removeLast() }
            lower.append(p)
        }
        for p in pts.reversed() {
            while upper.count >= 2 && cross(upper[upper.count - 2], upper[upper.count - 1], p) <= 0 { upper.removeLast() }
            upper.append(p)
        }
        return Array(lower.dropLast() + upper.dropLast())
    }

    /// Sutherland–Hodgman against one half-plane `a·x + b·y <= c`, for convex polygons.
    static func clip(_ poly: [MapPoint], a: Double, b: Double, c: Double) -> [MapPoint] {
        var out: [MapPoint] = []
        let n = poly.count
        guard n > 0 else { return [] }
        for i in 0..<n {
            let p = poly[i], q = poly[(i + 1) % n]
            let fp = a * p.x + b * p.y - c, fq = a * q.x + b * q.y - c
            if fp <= 0 { out.append(p) }
            if (fp < 0 && fq > 0) || (fp > 0 && fq < 0) {
                let t = fp / (fp - fq)
                out.append(MapPoint(p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)))
            }
        }
        return out
    }
}

/// A binary max-heap (the standard library has none).
struct MaxHeap<T> {
    private var items: [T] = []
    private let less: (T, T) -> Bool

    init(less: @escaping (T, T) -> Bool) { self.less = less }

    var isEmpty: Bool { items.isEmpty }

    mutating func push(_ x: T) {
        items.append(x)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard less(items[parent], items[i]) else { break }
            items.swapAt(parent, i)
            i = parent
        }
    }

    mutating func pop() -> T? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count && less(items[m], items[l]) { m = l }
            if r < items.count && less(items[m], items[r]) { m = r }
            if m == i { break }
            items.swapAt(i, m)
            i = m
        }
        return top
    }
}
