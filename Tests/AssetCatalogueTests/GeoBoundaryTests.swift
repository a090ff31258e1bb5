@testable import AssetCatalogue
import Foundation
import Testing

/// Real ONS ward boundaries from ../shared/data (never copied into the repository).
enum GeoFixtures {
    static let full = "boundaries/oldham_wards_2023.geojson"
    static let simplified = "boundaries/oldham_wards_2023_simplified.geojson"

    static func load(_ path: String) throws -> (BoundaryImport, WardBoundaries, GeoJSON.Document)? {
        guard let url = try Fixtures.sharedFile(path) else { return nil }
        let imp = try BoundaryImport.read(url, geography: Fixtures.geography)
        let doc = try GeoJSON.read(Data(contentsOf: url), file: url.lastPathComponent)
        return (imp, imp.boundaries(), doc)
    }

    static func code(_ name: String) -> String { try! Fixtures.geography.ward(named: name).code }
}

@Suite struct GeoBoundaryTests {
    let geo = Fixtures.geography

    @Test(arguments: [GeoFixtures.full, GeoFixtures.simplified])
    func everyONSCentreFallsInItsOwnWardAndNoOther(path: String) throws {
        guard let (_, b, doc) = try GeoFixtures.load(path) else { return }
        #expect(b.codes.count == 20)
        #expect(!b.isSchematic)
        // Centres from the file's own lat/lon properties …
        for f in doc.features {
            let code = try #require(f.properties["area_code"])
            let c = Coordinate(lat: Double(f.properties["lat"]!)!, lon: Double(f.properties["lon"]!)!)
            #expect(b.ward(containing: c) == code, "\(f.properties["area_name"]!)")
            let holders = b.codes.filter { b.shape(of: $0)!.contains(c) }
            #expect(holders == [code], "\(f.properties["area_name"]!) centre is in \(holders)")
        }
        // … and from Assets/geography/wards.csv.
        for w in geo.wards {
            #expect(b.ward(containing: w.centre) == w.code, "\(w.name)")
        }
    }

    @Test(arguments: [GeoFixtures.full, GeoFixtures.simplified])
    func pointsClearlyOutsideOldhamAreInNoWard(path: String) throws {
        guard let (_, b, _) = try GeoFixtures.load(path) else { return }
        let outside = [
            Coordinate(lat: 53.4808, lon: -2.2426),  // Manchester city centre
            Coordinate(lat: 53.6158, lon: -2.1561),  // Rochdale town centre
            Coordinate(lat: 53.4839, lon: -2.0502),  // Ashton-under-Lyne
            Coordinate(lat: 53.6458, lon: -1.7850),  // Huddersfield
            Coordinate(lat: 51.5072, lon: -0.1276),  // London
            Coordinate(lat: -53.55, lon: 2.05),      // the antipode's neighbour
        ]
        for c in outside { #expect(b.ward(containing: c) == nil, "\(c)") }
    }

    @Test func areasAgreeWithONS() throws {
        guard let (_, b, _) = try GeoFixtures.load(GeoFixtures.full) else { return }
        for w in geo.wards {
            let km2 = b.planeShape(of: w.code)!.area / 1e6
            #expect(abs(km2 - w.areaKm2) / w.areaKm2 < 0.01, "\(w.name): \(km2) km² vs ONS \(w.areaKm2)")
        }
    }

    @Test(arguments: [GeoFixtures.full, GeoFixtures.simplified])
    func neighboursMatchTheRealMap(path: String) throws {
        guard let (_, b, _) = try GeoFixtures.load(path) else { return }
        func n(_ w: String) -> Set<String> { Set(b.neighbours(of: GeoFixtures.code(w)).map { geo.ward(code: $0)!.name }) }
        #expect(n("Shaw").contains("Crompton"))
        #expect(n("Failsworth West") == ["Failsworth East"])
        #expect(n("Saddleworth North").contains("Saddleworth South"))
        #expect(n("Saddleworth South") == ["Saddleworth North", "Saddleworth West & Lees"])
        #expect(n("Crompton") == ["Shaw", "Royton North", "Royton South"])
        #expect(n("Werneth") == ["Alexandra", "Chadderton Central", "Chadderton South", "Coldhurst", "Hollinwood", "Medlock Vale"])
        // Failsworth West and Chadderton South meet at a point (a 2 m edge), not along a boundary.
        #expect(!n("Chadderton South").contains("Failsworth West"))
        #expect(b.sharedBoundaryLength(GeoFixtures.code("Chadderton South"), GeoFixtures.code("Failsworth West")) < b.minimumSharedLength)
        // Symmetric, and never itself.
        for a in b.codes {
            #expect(!b.neighbours(of: a).contains(a))
            for x in b.neighbours(of: a) { #expect(b.neighbours(of: x).contains(a)) }
        }
        let pairs = b.codes.reduce(0) { $0 + b.neighbours(of: $1).count } / 2
        #expect(pairs == 43, "\(pairs) neighbouring pairs")
    }

    @Test func arrowKeysMoveToTheNeighbourThatWay() throws {
        guard let (_, b, _) = try GeoFixtures.load(GeoFixtures.full) else { return }
        func go(_ from: String, _ d: MapDirection) -> String? {
            b.neighbour(of: GeoFixtures.code(from), direction: d).map { geo.ward(code: $0)!.name }
        }
        #expect(go("Shaw", .left) == "Crompton")
        #expect(go("Shaw", .right) == "Saddleworth North")
        #expect(go("Shaw", .down) == "St James'")
        #expect(go("Failsworth West", .right) == "Failsworth East")
        #expect(go("Failsworth East", .left) == "Failsworth West")
        #expect(go("Saddleworth North", .down) == "Saddleworth South")
        #expect(go("Saddleworth South", .up) == "Saddleworth North")
        #expect(go("Failsworth West", .up) == nil, "nothing but Failsworth East borders it")
        // Every move lands on a neighbour lying that way, and every neighbour is reachable.
        for a in b.codes {
            var reached: Set<String> = []
            for d in MapDirection.allCases {
                guard let to = b.neighbour(of: a, direction: d) else { continue }
                #expect(b.neighbours(of: a).contains(to))
                let v = b.centres[to]! - b.centres[a]!
                #expect(v.dot(d.vector) > 0, "\(a) \(d) → \(to)")
                reached.insert(to)
            }
            #expect(!reached.isEmpty)
        }
    }

    @Test(arguments: [GeoFixtures.full, GeoFixtures.simplified])
    func labelAnchorsLieWellInsideTheirWard(path: String) throws {
        guard let (_, b, _) = try GeoFixtures.load(path) else { return }
        for code in b.codes {
            let a = b.labelAnchors[code]!
            #expect(b.ward(containing: a) == code)
            #expect(b.ward(containing: b.labelAnchor(of: code)!) == code)
            #expect(b.labelRoom[code]! > 150, "\(code): only \(b.labelRoom[code]!) m of room")
            #expect(b.ward(containing: b.centres[code]!) == code)
        }
    }

    @Test func outlinesAndClusterAreas() throws {
        guard let (_, b, _) = try GeoFixtures.load(GeoFixtures.full) else { return }
        // Every internal boundary has two sides; the borough outline one.
        let outline = b.boroughOutline
        let length = outline.reduce(0) { $0 + $1.length }
        #expect(length > 60_000 && length < 90_000, "borough outline \(length) m")
        // Saddleworth South is on the borough edge; St Mary's (the town centre) is not.
        #expect(outline.contains { $0.ward == GeoFixtures.code("Saddleworth South") })
        #expect(!outline.contains { $0.ward == GeoFixtures.code("St Mary's") })
        let lines = b.boundaryLines
        #expect(lines.count < b.edges.count && lines.count > b.edges.count / 2)
        let areas = b.clusterAreas(in: geo)
        #expect(areas.map(\.cluster.id).sorted() == ["central", "east", "north", "south", "west"])
        let north = try #require(areas.first { $0.cluster.id == "north" })
        #expect(Set(north.wards) == Set(["Royton North", "Royton South", "Shaw", "Crompton", "St James'"].map(GeoFixtures.code)))
        #expect(north.partWards == [GeoFixtures.code("St James'")])
        // The outline of the union skips boundaries between its own wards.
        #expect(!north.outline.contains { $0.ward == GeoFixtures.code("Shaw") && $0.other == GeoFixtures.code("Crompton") })
        #expect(north.outline.contains { $0.ward == GeoFixtures.code("Shaw") && $0.other == GeoFixtures.code("Saddleworth North") })
        #expect(north.bounds.contains(b.labelAnchors[GeoFixtures.code("Shaw")]!))
    }

    @Test func assetsWithoutCoordinatesArePlacedInsideTheirWardDeterministically() throws {
        guard let (_, b, _) = try GeoFixtures.load(GeoFixtures.full) else { return }
        var seen: Set<MapPoint> = []
        for w in geo.wards {
            for k in 0..<25 {
                let a = Fixtures.asset("grp-\(w.code.lowercased())-\(k)", ward: w.code)
                let p = try #require(b.planePosition(of: a))
                #expect(b.ward(containing: p) == w.code, "\(a.id) placed outside \(w.name)")
                #expect(b.planePosition(of: a) == p, "not deterministic")
                seen.insert(p)
            }
        }
        #expect(seen.count == 500, "placements collide")
        // The same id in a fresh instance lands on the same spot (no per-process hashing).
        let again = GeoFixtures.code("Shaw")
        let fresh = WardBoundaries(shapes: b.shapes, source: b.source)
        #expect(fresh.placedPoint(for: "grp-x", inWard: again) == b.placedPoint(for: "grp-x", inWard: again))
        #expect(WardBoundaries.fnv1a("") == 0xcbf2_9ce4_8422_2325 && WardBoundaries.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)
        // Assets with coordinates are drawn where they are.
        var withCoord = Fixtures.asset("pl-here", .place, ward: again)
        withCoord.coordinate = Coordinate(lat: 53.58, lon: -2.08)
        #expect(b.position(of: withCoord)!.lat - 53.58 < 1e-9)
        #expect(b.planePosition(of: Fixtures.asset("grp-nowhere", ward: "E05999999")) == nil)
    }

    @Test func pointInPolygonCost() throws {
        guard let (_, b, _) = try GeoFixtures.load(GeoFixtures.full) else { return }
        var rng = SplitMix64(seed: 42)
        let bb = b.bounds
        let pts = (0..<20_000).map { _ in
            Coordinate(lat: bb.minLat + rng.unit() * (bb.maxLat - bb.minLat), lon: bb.minLon + rng.unit() * (bb.maxLon - bb.minLon))
        }
        let t0 = Date()
        var hits = 0
        for p in pts where b.ward(containing: p) != nil { hits += 1 }
        let us = Date().timeIntervalSince(t0) / Double(pts.count) * 1e6
        print(String(format: "ward(containing:) on the real boundaries: %.2f µs per point (debug build), %d of %d in a ward", us, hits, pts.count))
        // The borough fills roughly half its bounding box.
        #expect(hits > pts.count / 3 && hits < pts.count * 4 / 5)
        // Every hit agrees with the lat/lon test on the stored shapes.
        for p in pts.prefix(2000) {
            let a = b.ward(containing: p)
            let direct = b.codes.first { b.shape(of: $0)!.contains(p) }
            #expect(a == direct)
        }
    }

    @Test func rasterAgreesWithPointInPolygonOnTheRealMap() throws {
        guard let (_, b, _) = try GeoFixtures.load(GeoFixtures.full) else { return }
        // A 200×60 terminal in Braille: 400×240 pixels; and zoomed in on the town centre.
        let fit = Viewport(home: b.planeBounds, columns: 200, rows: 60, mode: .braille)
        let zoomed = fit.zoomed(by: 6, at: fit.pixel(for: b.labelAnchors[GeoFixtures.code("St Mary's")]!))
        for v in [fit, zoomed] {
            let t0 = Date()
            let r = b.raster(v)
            let ms = Date().timeIntervalSince(t0) * 1000
            var differ = 0, filled = 0
            for row in 0..<v.height {
                for col in 0..<v.width {
                    let want = b.ward(containing: v.point(atPixelColumn: col, row: row))
                    if r.ward(column: col, row: row) != want { differ += 1 }
                    if want != nil { filled += 1 }
                }
            }
            print(String(format: "raster %d×%d (zoom %.0f): %.1f ms (debug build), %d pixels differ from point-in-polygon", v.width, v.height, v.zoom, ms, differ))
            #expect(differ <= v.width * v.height / 1000, "\(differ) pixels differ")
            #expect(filled > v.width * v.height / 4)
        }
    }
}
