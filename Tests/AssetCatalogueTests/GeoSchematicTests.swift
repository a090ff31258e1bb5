@testable import AssetCatalogue
import Foundation
import Testing

/// The shipped schematic ward map: generated from ONS centres and areas, never drifting.
@Suite struct GeoSchematicTests {
    let geo = Fixtures.geography
    static let shipped = Fixtures.assets.appendingPathComponent("geography/schematic_wards.geojson")

    @Test func theShippedFileIsExactlyWhatTheGeneratorWrites() throws {
        let text = try String(contentsOf: GeoSchematicTests.shipped, encoding: .utf8)
        let fresh = SchematicMap.geoJSON(geo)
        if text != fresh {
            // Tolerate last-digit rounding differences across platforms; anything more is drift.
            let a = try GeoJSON.read(Data(text.utf8), file: "shipped"), b = try GeoJSON.read(Data(fresh.utf8), file: "fresh")
            #expect(a.features.count == b.features.count)
            for (x, y) in zip(a.features, b.features) {
                #expect(x.properties == y.properties)
                let xs = x.shape!.polygons.flatMap(\.exterior), ys = y.shape!.polygons.flatMap(\.exterior)
                #expect(xs.count == ys.count, "\(x.properties["name"]!): vertex count drifted; run `assetmap boundaries schematic`")
                for (p, q) in zip(xs, ys) {
                    #expect(abs(p.lat - q.lat) < 2e-6 && abs(p.lon - q.lon) < 2e-6,
                            "\(x.properties["name"]!) drifted; run `assetmap boundaries schematic`")
                }
            }
        }
    }

    @Test func theFileSaysItIsSchematic() throws {
        let text = try String(contentsOf: GeoSchematicTests.shipped, encoding: .utf8)
        let obj = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        #expect(obj["schematic"] as? Bool == true)
        #expect((obj["description"] as? String)?.contains("NOT real boundaries") == true)
        let doc = try GeoJSON.read(Data(text.utf8), file: "schematic")
        #expect(doc.features.count == 20)
        for f in doc.features {
            #expect(f.properties["schematic"] == "1" || f.properties["schematic"] == "true")
            #expect(geo.ward(code: f.properties["code"]!)?.name == f.properties["name"])
        }
        // Loaded by default, flagged as schematic.
        let b = try #require(geo.boundaries)
        #expect(b.isSchematic && b.source == .schematic && b.codes.count == 20)
        #expect(b.source.description.contains("schematic"))
    }

    @Test func everyCentreIsInsideItsOwnCellWithRoom() throws {
        let b = try #require(geo.boundaries)
        for w in geo.wards {
            #expect(b.ward(containing: w.centre) == w.code, "\(w.name)")
            let holders = b.codes.filter { b.shape(of: $0)!.contains(w.centre) }
            #expect(holders == [w.code])
            let room = b.planeShape(of: w.code)!.signedDistance(to: b.projection.project(w.centre))
            #expect(room > 200, "\(w.name)'s centre is only \(room) m from its cell's edge")
        }
    }

    @Test func cellsTileTheBoroughWithoutOverlap() throws {
        let b = try #require(geo.boundaries)
        let total = b.planeShapes.values.reduce(0) { $0 + $1.area }
        let ons = geo.wards.reduce(0) { $0 + $1.areaKm2 } * 1e6
        #expect(abs(total - ons) / ons < 0.01, "schematic borough \(total / 1e6) km² vs \(ons / 1e6) km²")
        // Sample the borough: no point is in two cells, and the cells cover the hull (no gaps).
        var rng = SplitMix64(seed: 3)
        let pb = b.planeBounds
        var inside = 0
        let hullCheck = PlanePolygon(exterior: PlaneAlgorithms.convexHull(b.planeShapes.values.flatMap { $0.polygons[0].exterior }))
        for _ in 0..<20_000 {
            let p = MapPoint(pb.minX + rng.unit() * pb.width, pb.minY + rng.unit() * pb.height)
            let holders = b.codes.filter { b.planeShape(of: $0)!.contains(p) }
            #expect(holders.count <= 1, "\(p) is in \(holders)")
            if hullCheck.signedDistance(to: p) > 1 { #expect(holders.count == 1, "gap at \(p)") }
            inside += holders.count
        }
        #expect(inside > 10_000)
    }

    @Test func bigRuralWardsGetRoomAndAreasAreRoughlyRight() throws {
        let b = try #require(geo.boundaries)
        func km2(_ name: String) -> Double { b.planeShape(of: GeoFixtures.code(name))!.area / 1e6 }
        #expect(km2("Saddleworth North") > 25 && km2("Saddleworth South") > 25)
        let biggest = b.codes.max { b.planeShape(of: $0)!.area < b.planeShape(of: $1)!.area }
        #expect(biggest == GeoFixtures.code("Saddleworth North"))
        // Mean |log(area ratio)| is modest (0 would be exact): within a factor of ~1.25 on average.
        let err = geo.wards.reduce(0.0) { $0 + abs(log(km2($1.name) / $1.areaKm2)) } / 20
        #expect(err < 0.25, "mean log area error \(err)")
    }

    @Test func adjacencyIsPlausible() throws {
        let b = try #require(geo.boundaries)
        func n(_ w: String) -> [String] { b.neighbours(of: GeoFixtures.code(w)).map { geo.ward(code: $0)!.name } }
        #expect(n("Shaw").contains("Crompton"))
        #expect(n("Saddleworth North").contains("Saddleworth South"))
        #expect(n("Failsworth West").contains("Failsworth East"))
        #expect(n("Chadderton Central").contains("Chadderton North"))
        #expect(!n("Failsworth West").contains("Saddleworth North"))
        for a in b.codes { for x in b.neighbours(of: a) { #expect(b.neighbours(of: x).contains(a)) } }
        // Against the real map (when ../shared is here): most real neighbours are schematic neighbours too.
        guard let (_, real, _) = try GeoFixtures.load(GeoFixtures.full) else { return }
        var realPairs = Set<String>(), schematicPairs = Set<String>()
        for a in real.codes { for x in real.neighbours(of: a) where a < x { realPairs.insert(a + x) } }
        for a in b.codes { for x in b.neighbours(of: a) where a < x { schematicPairs.insert(a + x) } }
        let recall = Double(realPairs.intersection(schematicPairs).count) / Double(realPairs.count)
        let precision = Double(realPairs.intersection(schematicPairs).count) / Double(schematicPairs.count)
        print(String(format: "schematic adjacency: %d pairs, %d real; recall %.2f, precision %.2f",
                     schematicPairs.count, realPairs.count, recall, precision))
        #expect(recall >= 0.85 && precision >= 0.8)
    }

    @Test func schematicAgreesWithTheRealMapOverMostOfTheBorough() throws {
        guard let (_, real, _) = try GeoFixtures.load(GeoFixtures.full) else { return }
        let b = try #require(geo.boundaries)
        var rng = SplitMix64(seed: 11)
        var both = 0, same = 0
        let bb = real.bounds
        for _ in 0..<10_000 {
            let c = Coordinate(lat: bb.minLat + rng.unit() * (bb.maxLat - bb.minLat), lon: bb.minLon + rng.unit() * (bb.maxLon - bb.minLon))
            guard let r = real.ward(containing: c), let s = b.ward(containing: c) else { continue }
            both += 1
            if r == s { same += 1 }
        }
        let agreement = Double(same) / Double(both)
        print(String(format: "schematic vs real: same ward for %.0f%% of points inside both", agreement * 100))
        #expect(agreement > 0.6)
    }
}
