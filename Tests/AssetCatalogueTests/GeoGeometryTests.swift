@testable import AssetCatalogue
import Foundation
import Testing

/// Plane geometry, projection and viewport on small hand-made shapes.
@Suite struct GeoGeometryTests {
    func c(_ lon: Double, _ lat: Double) -> Coordinate { Coordinate(lat: lat, lon: lon) }
    func square(_ x0: Double, _ y0: Double, _ s: Double) -> [MapPoint] {
        [MapPoint(x0, y0), MapPoint(x0 + s, y0), MapPoint(x0 + s, y0 + s), MapPoint(x0, y0 + s)]
    }

    @Test func projectionRoundTripsAndHasTheRightScale() {
        let p = MapProjection.oldham
        for lon in stride(from: -2.2, through: -1.9, by: 0.037) {
            for lat in stride(from: 53.48, through: 53.63, by: 0.021) {
                let back = p.unproject(p.project(c(lon, lat)))
                #expect(abs(back.lon - lon) < 1e-12 && abs(back.lat - lat) < 1e-12)
            }
        }
        #expect(p.project(p.origin) == .zero)
        // One degree of latitude is ≈111.2 km here; one of longitude ≈66.3 km (cos 53.55°).
        #expect(abs(p.metresPerDegreeLat - 111_250) < 100, "\(p.metresPerDegreeLat)")
        #expect(abs(p.metresPerDegreeLon - 66_300) < 150, "\(p.metresPerDegreeLon)")
        // North is +y, east is +x.
        let q = p.project(c(p.origin.lon + 0.01, p.origin.lat + 0.01))
        #expect(q.x > 0 && q.y > 0)
    }

    @Test func pointInPolygonWithAHoleInEitherDirection() {
        let outer = square(0, 0, 10), hole = square(3, 3, 4)
        for (o, h) in [(outer, hole), (outer.reversed(), hole), (outer, hole.reversed()), (outer.reversed(), hole.reversed())] {
            let poly = PlanePolygon(exterior: Array(o), holes: [Array(h)])
            #expect(poly.contains(MapPoint(1, 1)))
            #expect(poly.contains(MapPoint(9, 5)))
            #expect(!poly.contains(MapPoint(5, 5)), "the hole is outside")
            #expect(!poly.contains(MapPoint(11, 5)))
            #expect(!poly.contains(MapPoint(-1, -1)))
            #expect(abs(poly.area - 84) < 1e-9)
            #expect(abs(PlanePolygon(exterior: Array(o)).area - 100) < 1e-9)
        }
    }

    @Test func aClosedRingIsTheSameAsAnOpenOne() {
        let open = square(0, 0, 2)
        let closed = PlanePolygon(exterior: open + [open[0]])
        #expect(closed.exterior.count == 4)
        #expect(closed == PlanePolygon(exterior: open))
        let g = GeoPolygon(exterior: [c(0, 0), c(1, 0), c(1, 1), c(0, 1), c(0, 0)])
        #expect(g.exterior.count == 4)
    }

    @Test func geoPolygonContainsAgreesWithTheProjectedTest() {
        // An L-shaped ward-sized polygon near Oldham, clockwise like the ONS files.
        let ring = [c(-2.10, 53.50), c(-2.10, 53.55), c(-2.05, 53.55), c(-2.05, 53.53), c(-2.08, 53.53), c(-2.08, 53.50)]
        let geo = GeoPolygon(exterior: ring)
        let plane = geo.projected(.oldham)
        var rng = SplitMix64(seed: 7)
        var inside = 0
        for _ in 0..<2000 {
            let p = c(-2.11 + rng.unit() * 0.07, 53.49 + rng.unit() * 0.07)
            let a = geo.contains(p), b = plane.contains(MapProjection.oldham.project(p))
            #expect(a == b)
            if a { inside += 1 }
        }
        #expect(inside > 300 && inside < 1500)
        #expect(!geo.contains(c(-2.06, 53.51)), "the notch of the L")
        #expect(geo.contains(c(-2.09, 53.51)))
    }

    @Test func multiPolygonHoldsAPointInAnyPart() {
        let a = GeoPolygon(exterior: [c(0, 0), c(1, 0), c(1, 1), c(0, 1)])
        let b = GeoPolygon(exterior: [c(5, 5), c(6, 5), c(6, 6), c(5, 6)], holes: [[c(5.4, 5.4), c(5.6, 5.4), c(5.6, 5.6), c(5.4, 5.6)]])
        let m = GeoMultiPolygon([a, b])
        #expect(m.contains(c(0.5, 0.5)))
        #expect(m.contains(c(5.2, 5.2)))
        #expect(!m.contains(c(5.5, 5.5)), "in the hole of the second part")
        #expect(!m.contains(c(3, 3)), "between the parts")
        #expect(m.vertexCount == 12)
        let plane = m.projected(MapProjection(origin: c(3, 3)))
        #expect(plane.polygons.count == 2)
        #expect(plane.contains(MapProjection(origin: c(3, 3)).project(c(5.2, 5.2))))
        // The label goes in the bigger part even when it is listed second.
        let big = GeoPolygon(exterior: [c(5, 5), c(7, 5), c(7, 7), c(5, 7)])
        let labelled = GeoMultiPolygon([a, big]).projected(MapProjection(origin: c(3, 3)))
        let anchor = MapProjection(origin: c(3, 3)).unproject(labelled.labelAnchor())
        #expect(anchor.lon > 5 && anchor.lat > 5)
    }

    @Test func centroidAndPoleOfInaccessibility() {
        let sq = PlanePolygon(exterior: square(0, 0, 10))
        #expect(sq.centroid.distance(to: MapPoint(5, 5)) < 1e-9)
        #expect(sq.poleOfInaccessibility(precision: 0.01).distance(to: MapPoint(5, 5)) < 0.05)
        // A U shape: its centroid falls in the gap, the pole must not.
        let u = PlanePolygon(exterior: [MapPoint(0, 0), MapPoint(30, 0), MapPoint(30, 30), MapPoint(20, 30),
                                        MapPoint(20, 10), MapPoint(10, 10), MapPoint(10, 30), MapPoint(0, 30)])
        #expect(!u.contains(u.centroid), "test shape: the centroid should be outside")
        let pole = u.poleOfInaccessibility(precision: 0.1)
        #expect(u.contains(pole))
        #expect(u.signedDistance(to: pole) >= 4.9, "pole \(pole) only \(u.signedDistance(to: pole)) from the edge")
        // With a hole in the middle, the pole avoids it.
        let holed = PlanePolygon(exterior: square(0, 0, 10), holes: [square(3, 3, 4)])
        let hp = holed.poleOfInaccessibility(precision: 0.05)
        #expect(holed.contains(hp) && holed.signedDistance(to: hp) > 1.2)
        #expect(abs(holed.centroid.x - 5) < 1e-9 && abs(holed.centroid.y - 5) < 1e-9)
    }

    @Test func signedDistanceIsPositiveInsideNegativeOutside() {
        let sq = PlanePolygon(exterior: square(0, 0, 10))
        #expect(abs(sq.signedDistance(to: MapPoint(2, 5)) - 2) < 1e-9)
        #expect(abs(sq.signedDistance(to: MapPoint(13, 5)) + 3) < 1e-9)
    }

    @Test func convexHullAndHalfPlaneClip() {
        let pts = [MapPoint(0, 0), MapPoint(4, 0), MapPoint(4, 4), MapPoint(0, 4), MapPoint(2, 2), MapPoint(1, 3), MapPoint(2, 0)]
        let hull = PlaneAlgorithms.convexHull(pts)
        #expect(Set(hull) == [MapPoint(0, 0), MapPoint(4, 0), MapPoint(4, 4), MapPoint(0, 4)])
        #expect(PlaneAlgorithms.signedArea(hull) > 0, "counter-clockwise")
        // Keep x <= 1: a 1×4 strip.
        let strip = PlaneAlgorithms.clip(hull, a: 1, b: 0, c: 1)
        #expect(abs(abs(PlaneAlgorithms.signedArea(strip)) - 4) < 1e-9)
    }

    // MARK: Viewport

    let borough = MapBounds(minX: -8000, minY: -7000, maxX: 10000, maxY: 8000)

    @Test func viewportFitsHomeInsideTheMargins() {
        for (w, h, aspect) in [(160, 96, 1.0), (80, 24, 0.5), (400, 100, 1.0), (50, 200, 1.0)] {
            let v = Viewport(home: borough, width: w, height: h, pixelAspect: aspect, margin: 2)
            let tl = v.pixel(for: MapPoint(borough.minX, borough.maxY))
            let br = v.pixel(for: MapPoint(borough.maxX, borough.minY))
            #expect(tl.x >= 2 - 1e-9 && tl.y >= 2 - 1e-9 && br.x <= Double(w - 2) + 1e-9 && br.y <= Double(h - 2) + 1e-9,
                    "\(w)×\(h): \(tl) \(br)")
            // One side touches the margins exactly (fitted, not merely inside).
            #expect(abs(tl.x - 2) < 1e-6 || abs(tl.y - 2) < 1e-6)
            // The centre of home is the centre of the grid.
            let mid = v.pixel(for: borough.centre)
            #expect(abs(mid.x - Double(w) / 2) < 1e-9 && abs(mid.y - Double(h) / 2) < 1e-9)
            // Ground distances are equal both ways on screen: 1 km east spans as much screen as 1 km north.
            let east = v.pixel(for: borough.centre + MapPoint(1000, 0)).x - mid.x
            let north = mid.y - v.pixel(for: borough.centre + MapPoint(0, 1000)).y
            #expect(abs(east * aspect - north) < 1e-9, "east \(east) px, north \(north) px")
        }
    }

    @Test func viewportMapsPixelsBothWays() {
        let v = Viewport(home: borough, columns: 80, rows: 24, mode: .braille)
        #expect(v.width == 160 && v.height == 96 && v.pixelAspect == 1)
        for p in [MapPoint(0, 0), MapPoint(-7000, 7000), MapPoint(9999, -6000)] {
            #expect(v.point(at: v.pixel(for: p)).distance(to: p) < 1e-6)
        }
        #expect(v.pixel(for: MapPoint(0, borough.maxY)).y < v.pixel(for: MapPoint(0, borough.minY)).y, "north is up")
        #expect(v.visibleBounds.contains(MapPoint(borough.minX, borough.minY)))
        #expect(v.isVisible(borough.centre) && !v.isVisible(MapPoint(1e6, 0)))
        // A click on a cell maps to the plane point at the middle of its 2×4 dots.
        let cellPoint = v.point(atCellColumn: 40, row: 12, mode: .braille)
        let px = v.pixel(for: cellPoint)
        #expect(px.column / 2 == 40 && px.row / 4 == 12)
        #expect(RasterMode.halfBlock.pixelAspect() == 1 && RasterMode.ascii.pixelAspect() == 0.5)
    }

    @Test func zoomAtAPointKeepsThatPointStill() {
        let v = Viewport(home: borough, width: 200, height: 120)
        let at = PixelPoint(x: 37.5, y: 90.25)
        let ground = v.point(at: at)
        let z = v.zoomed(by: 2, at: at)
        #expect(z.zoom == 2)
        #expect(abs(z.metresPerPixelX - v.metresPerPixelX / 2) < 1e-9)
        #expect(z.pixel(for: ground).x - at.x < 1e-9 && abs(z.pixel(for: ground).y - at.y) < 1e-9)
        let out = z.zoomed(by: 0.5, at: at)
        #expect(abs(out.centre.x - v.centre.x) < 1e-6 && abs(out.centre.y - v.centre.y) < 1e-6)
        #expect(v.zoomed(by: 1e9).zoom == Viewport.zoomRange.upperBound)
        #expect(v.zoomed(by: 1e-9).zoom == Viewport.zoomRange.lowerBound)
        #expect(z.fitted() == v)
    }

    @Test func panResizeAndFitToAWard() {
        let v = Viewport(home: borough, width: 200, height: 120)
        let p = v.panned(byPixels: 10, -4)
        // The map slid 10 px right and 4 px up: what was at the centre is now there.
        let moved = p.pixel(for: v.centre)
        #expect(abs(moved.x - 110) < 1e-9 && abs(moved.y - 56) < 1e-9)
        let v0 = Viewport(home: borough, width: 200, height: 120, margin: 0)
        let r = v0.resized(width: 100, height: 60)
        #expect(r.zoom == 1 && r.centre == v0.centre && abs(r.metresPerPixelX - 2 * v0.metresPerPixelX) < 1e-9)
        let ward = MapBounds(minX: 1000, minY: 1000, maxX: 2000, maxY: 1500)
        let f = v.fitted(to: ward)
        let a = f.pixel(for: MapPoint(ward.minX, ward.maxY)), b = f.pixel(for: MapPoint(ward.maxX, ward.minY))
        #expect(a.x >= 1 - 1e-9 && b.x <= 199 + 1e-9 && a.y >= 1 - 1e-9 && b.y <= 119 + 1e-9)
        #expect(abs(a.x - 1) < 1e-6 || abs(a.y - 1) < 1e-6)
    }

    @Test func segmentsAreClippedToTheGrid() {
        let v = Viewport(home: MapBounds(minX: 0, minY: 0, maxX: 100, maxY: 100), width: 100, height: 100, margin: 0)
        // Fully inside: unchanged.
        let inside = v.clippedSegment(MapPoint(10, 10), MapPoint(90, 50))!
        #expect(abs(inside.0.x - 10) < 1e-9 && abs(inside.1.x - 90) < 1e-9)
        // Crossing the whole grid from far away: cut at the edges.
        let across = v.clippedSegment(MapPoint(-1e7, 50), MapPoint(1e7, 50))!
        #expect(abs(across.0.x) < 1e-6 && abs(across.1.x - 100) < 1e-6 && abs(across.0.y - 50) < 1e-9)
        // Entirely off the grid.
        #expect(v.clippedSegment(MapPoint(-50, -50), MapPoint(-10, 150)) == nil)
        #expect(v.clippedSegment(MapPoint(200, 10), MapPoint(300, 90)) == nil)
    }

    @Test func rasterFillsHandMadeShapesWithHoles() {
        let outer = [MapPoint(0, 0), MapPoint(100, 0), MapPoint(100, 100), MapPoint(0, 100)]
        let hole = [MapPoint(40, 40), MapPoint(60, 40), MapPoint(60, 60), MapPoint(40, 60)]
        let proj = MapProjection.oldham
        func geo(_ r: [MapPoint]) -> [Coordinate] { r.map(proj.unproject) }
        let a = GeoMultiPolygon([GeoPolygon(exterior: geo(outer), holes: [geo(hole)])])
        let b = GeoMultiPolygon([GeoPolygon(exterior: geo(hole.reversed()))])
        let wb = WardBoundaries(shapes: ["A": a, "B": b], source: BoundarySource(name: "test"))
        let v = Viewport(home: wb.planeBounds, width: 50, height: 50, margin: 0)
        let r = wb.raster(v)
        var counts = [0, 0, 0]
        for row in 0..<50 {
            for col in 0..<50 {
                let expected = wb.ward(containing: v.point(atPixelColumn: col, row: row))
                #expect(r.ward(column: col, row: row) == expected, "pixel \(col),\(row)")
                counts[r.wardIndex(column: col, row: row).map { $0 + 1 } ?? 0] += 1
            }
        }
        // 20×20 m hole of a 100×100 m square on a 2 m grid: 100 pixels of B, 2400 of A.
        #expect(counts == [0, 2400, 100], "\(counts)")
        // Adjacent wards: A's hole is B, so the two share the hole's edge.
        #expect(wb.neighbours(of: "A") == ["B"] && wb.neighbours(of: "B") == ["A"])
        #expect(wb.boroughOutline.allSatisfy { $0.ward == "A" })
    }
}
