import Foundation

/// The shipped default ward map, generated from facts only: the 20 ONS ward centres and areas
/// in `Assets/geography/wards.csv`. It is a **schematic**, not real boundaries.
///
/// 1. Borough shape: the convex hull of a disc around every ward centre, each disc's radius
///    proportional to √(ward area), scaled so the hull's area equals the borough's (the sum of
///    the ward areas). Large rural wards (Saddleworth North and South) push the hull out most.
/// 2. Cells: a power diagram (a Voronoi diagram with weights) of the centres, clipped to that
///    shape by half-planes. Weights start at 0 (plain Voronoi) and are nudged towards each
///    ward's real area, always kept within |wᵢ − wⱼ| ≤ ½·dᵢⱼ², which keeps every centre inside
///    its own cell with room to spare (the cell edge stays at least dᵢⱼ/4 from it).
/// 3. Coordinates are rounded to 6 decimals (≈ 0.1 m) and written as GeoJSON.
public enum SchematicMap {
    public static let fileName = "schematic_wards.geojson"
    static let iterations = 120
    static let step = 0.3
    static let weightSlack = 0.5
    static let discSides = 32
    static let decimals = 6

    /// Ward code → convex schematic cell, in WGS84.
    public static func generate(_ geography: Geography, projection: MapProjection = .oldham) -> [String: GeoMultiPolygon] {
        let cells = planeCells(geography, projection: projection)
        var out: [String: GeoMultiPolygon] = [:]
        for (code, ring) in cells {
            out[code] = GeoMultiPolygon([GeoPolygon(exterior: ring.map(projection.unproject))])
        }
        return out
    }

    /// The generated cells in the plane, ward code → counter-clockwise ring.
    static func planeCells(_ geography: Geography, projection: MapProjection) -> [String: [MapPoint]] {
        let wards = geography.wards.sorted { $0.code < $1.code }
        let n = wards.count
        guard n >= 2 else { return [:] }
        let sites = wards.map { projection.project($0.centre) }
        let areas = wards.map { $0.areaKm2 * 1_000_000 }
        let total = areas.reduce(0, +)
        // 1. The borough shape.
        func hull(_ k: Double) -> [MapPoint] {
            var pts: [MapPoint] = []
            for (s, a) in zip(sites, areas) {
                let r = k * (a / .pi).squareRoot()
                for j in 0..<discSides {
                    let t = 2 * Double.pi * Double(j) / Double(discSides)
                    pts.append(MapPoint(s.x + r * cos(t), s.y + r * sin(t)))
                }
            }
            return PlaneAlgorithms.convexHull(pts)
        }
        var lo = 0.05, hi = 4.0
        for _ in 0..<60 {
            let k = (lo + hi) / 2
            if PlaneAlgorithms.signedArea(hull(k)) > total { hi = k } else { lo = k }
        }
        let shape = hull((lo + hi) / 2)
        // 2. The power diagram, weights nudged towards the real areas.
        func cells(_ w: [Double]) -> [[MapPoint]] {
            (0..<n).map { i in
                var c = shape
                for j in 0..<n where j != i {
                    // |x − pᵢ|² − wᵢ ≤ |x − pⱼ|² − wⱼ  ⇔  2(pⱼ − pᵢ)·x ≤ |pⱼ|² − |pᵢ|² − wⱼ + wᵢ
                    let pi = sites[i], pj = sites[j]
                    c = PlaneAlgorithms.clip(c, a: 2 * (pj.x - pi.x), b: 2 * (pj.y - pi.y),
                                             c: pj.dot(pj) - pi.dot(pi) - w[j] + w[i])
                }
                return c
            }
        }
        var d2 = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n { for j in 0..<n { let d = sites[i] - sites[j]; d2[i][j] = d.dot(d) } }
        var w = [Double](repeating: 0, count: n)
        for _ in 0..<iterations {
            let cs = cells(w)
            for i in 0..<n { w[i] += step * (areas[i] - abs(PlaneAlgorithms.signedArea(cs[i]))) }
            // Keep every centre well inside its own cell.
            for _ in 0..<100 {
                var changed = false
                for i in 0..<n {
                    for j in (i + 1)..<n {
                        let diff = w[i] - w[j], limit = weightSlack * d2[i][j]
                        if abs(diff) > limit {
                            let excess = (abs(diff) - limit) / 2 * (diff > 0 ? 1 : -1)
                            w[i] -= excess
                            w[j] += excess
                            changed = true
                        }
                    }
                }
                if !changed { break }
            }
        }
        var out: [String: [MapPoint]] = [:]
        for (i, c) in cells(w).enumerated() {
            out[wards[i].code] = PlaneAlgorithms.signedArea(c) < 0 ? c.reversed() : c
        }
        return out
    }

    /// The GeoJSON text of the schematic map, exactly as shipped in `Assets/geography/`.
    public static func geoJSON(_ geography: Geography) -> String {
        let shapes = generate(geography)
        let features = geography.wards.sorted { $0.code < $1.code }.compactMap { w -> (properties: [(String, Any)], shape: GeoMultiPolygon)? in
            guard let s = shapes[w.code] else { return nil }
            return ([("code", w.code), ("name", w.name), ("schematic", true)], s)
        }
        let note = "Schematic ward map generated by assetmap (`assetmap boundaries schematic`) from ONS ward centroids "
            + "and areas only: a weighted Voronoi diagram clipped to a hull of the wards. NOT real boundaries."
        return GeoJSON.featureCollection(
            name: "oldham_schematic_wards",
            members: [("schematic", "true"), ("description", GeoJSON.quote(note)),
                      ("attribution", GeoJSON.quote("Derived from ONS ward centroids and areas (May 2023), Open Government Licence v3.0"))],
            features: features, decimals: decimals)
    }

    /// Loads the shipped schematic map (features keyed by their `code` property).
    public static func load(from url: URL, geography: Geography) throws -> WardBoundaries {
        let file = "Assets/geography/" + url.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ImportError(file: file, line: 0, field: "", message: "cannot read file (\(error.localizedDescription))")
        }
        let doc = try GeoJSON.read(data, file: file)
        var shapes: [String: GeoMultiPolygon] = [:]
        for f in doc.features {
            let code = f.properties["code"] ?? ""
            guard let w = geography.ward(code: code) else {
                throw ImportError(file: file, line: 0, field: "features[\(f.index)].properties.code", message: "\"\(code)\" is not a ward code")
            }
            guard let s = f.shape else {
                throw ImportError(file: file, line: 0, field: "features[\(f.index)].geometry", message: "is not a Polygon or MultiPolygon")
            }
            shapes[w.code] = s
        }
        return WardBoundaries(shapes: shapes, source: .schematic)
    }

    /// The schematic map from an Assets folder, nil when the file is not there.
    public static func load(assets folder: URL, geography: Geography) throws -> WardBoundaries? {
        let url = folder.appendingPathComponent("geography").appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try load(from: url, geography: geography)
    }
}
