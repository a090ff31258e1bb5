@testable import AssetCatalogue
import Foundation
import Testing

/// `BoundaryImport`: field detection, matching, reports and located errors.
@Suite struct GeoImportTests {
    let geo = Fixtures.geography

    /// A small square (≈ 700 m) around a ward's ONS centre, as a GeoJSON Polygon.
    static func square(around c: Coordinate, size: Double = 0.005, clockwise: Bool = true) -> String {
        let s = size / 2
        var ring = [(c.lon - s, c.lat - s), (c.lon - s, c.lat + s), (c.lon + s, c.lat + s), (c.lon + s, c.lat - s)]
        if !clockwise { ring.reverse() }
        ring.append(ring[0])
        return "{\"type\":\"Polygon\",\"coordinates\":[[" + ring.map { "[\($0.0),\($0.1)]" }.joined(separator: ",") + "]]}"
    }

    static func feature(_ props: String, _ geometry: String) -> String {
        "{\"type\":\"Feature\",\"properties\":{\(props)},\"geometry\":\(geometry)}"
    }

    static func collection(_ features: [String], extra: String = "") -> Data {
        Data(("{\"type\":\"FeatureCollection\",\(extra)\"features\":[" + features.joined(separator: ",\n") + "]}").utf8)
    }

    func ward(_ name: String) -> Ward { try! geo.ward(named: name) }

    func read(_ data: Data, code: String? = nil, name: String? = nil) throws(ImportErrors) -> BoundaryImport {
        try BoundaryImport.read(data, file: "test.geojson", geography: geo, codeField: code, nameField: name)
    }

    /// The errors an import throws, as text.
    func errors(_ data: Data, code: String? = nil, name: String? = nil) -> [String] {
        do { _ = try read(data, code: code, name: name); return [] } catch { return error.errors.map(\.description) }
    }

    @Test func detectsCodeAndNameFieldsOnTheRealFile() throws {
        guard let (imp, _, _) = try GeoFixtures.load(GeoFixtures.full) else { return }
        #expect(imp.codeField == "area_code" && imp.codeFieldDetected)
        #expect(imp.nameField == "area_name" && imp.nameFieldDetected)
        #expect(imp.matches.count == 20 && imp.matches.allSatisfy { $0.matchedBy == .code })
        #expect(imp.missingWards.isEmpty && imp.unmatched.isEmpty && imp.warnings.isEmpty, "\(imp.warnings)")
        #expect(imp.featureCount == 20)
        let report = imp.report(geography: geo)
        #expect(report.contains("code property \"area_code\" (detected)"))
        #expect(report.contains("matched 20 of 20 wards by code"))
    }

    @Test func timesTheRealImport() throws {
        guard let url = try Fixtures.sharedFile(GeoFixtures.full) else { return }
        let t0 = Date()
        let imp = try BoundaryImport.read(url, geography: geo)
        let t1 = Date()
        let b = imp.boundaries()
        let t2 = Date()
        print(String(format: "real ward file: parse+match %.1f ms, WardBoundaries (projection, labels, edges, adjacency) %.1f ms (debug build), %d vertices",
                     t1.timeIntervalSince(t0) * 1000, t2.timeIntervalSince(t1) * 1000, imp.vertexCount))
        #expect(b.codes.count == 20)
    }

    @Test func detectsOtherPropertyNamesByTheirValues() throws {
        let a = ward("Shaw"), b = ward("Crompton")
        let data = GeoImportTests.collection([
            GeoImportTests.feature("\"WD23CD\":\"\(a.code)\",\"WD23NM\":\"Shaw\",\"OBJECTID\":1", GeoImportTests.square(around: a.centre)),
            GeoImportTests.feature("\"WD23CD\":\"\(b.code)\",\"WD23NM\":\"Crompton\",\"OBJECTID\":2", GeoImportTests.square(around: b.centre, clockwise: false)),
        ])
        let imp = try read(data)
        #expect(imp.codeField == "WD23CD" && imp.nameField == "WD23NM")
        #expect(Set(imp.shapes.keys) == [a.code, b.code])
        #expect(imp.missingWards.count == 18)
        #expect(imp.report(geography: geo).contains("18 wards got no feature"))
        // Either ring direction gives the same answers.
        let bounds = imp.boundaries()
        #expect(bounds.ward(containing: a.centre) == a.code && bounds.ward(containing: b.centre) == b.code)
    }

    @Test func namesOnlyMatchForgivinglyAndSuggestForTypos() throws {
        let data = GeoImportTests.collection([
            GeoImportTests.feature("\"ward\":\"St Marys\"", GeoImportTests.square(around: ward("St Mary's").centre)),
            GeoImportTests.feature("\"ward\":\"saddleworth west and lees\"", GeoImportTests.square(around: ward("Saddleworth West & Lees").centre)),
            GeoImportTests.feature("\"ward\":\"Shw\"", GeoImportTests.square(around: ward("Shaw").centre)),
            GeoImportTests.feature("\"ward\":\"Narnia\"", GeoImportTests.square(around: ward("Shaw").centre)),
        ])
        let imp = try read(data)
        #expect(imp.codeField == nil && imp.nameField == "ward")
        #expect(Set(imp.shapes.keys) == [ward("St Mary's").code, ward("Saddleworth West & Lees").code])
        #expect(imp.matches.allSatisfy { $0.matchedBy == .name })
        #expect(imp.unmatched.map(\.index) == [2, 3])
        #expect(imp.unmatched[0].reason.contains("did you mean \"Shaw\""))
        let report = imp.report(geography: geo)
        #expect(report.contains("2 features matched no ward"))
        #expect(report.contains("#2 \"Shw\": unknown ward \"Shw\"; did you mean \"Shaw\"?"), "\(report)")
    }

    @Test func explicitFieldsWinAndUnknownFieldsAreCaught() throws {
        let a = ward("Werneth")
        // "label" holds names, but detection would find the code field first; naming fields overrides.
        let data = GeoImportTests.collection([
            GeoImportTests.feature("\"id\":\"x1\",\"label\":\"Werneth\",\"gss\":\"\(a.code)\"", GeoImportTests.square(around: a.centre)),
        ])
        let byName = try read(data, code: nil, name: "label")
        #expect(byName.nameField == "label" && !byName.nameFieldDetected && byName.codeField == "gss")
        let onlyCode = try read(data, code: "gss")
        #expect(onlyCode.codeField == "gss" && !onlyCode.codeFieldDetected)
        let e = errors(data, code: "gsss")
        #expect(e.count == 1 && e[0].contains("--code-field \"gsss\": no feature has that property; did you mean \"gss\"?"), "\(e)")
        // A field with no ward values at all matches nothing.
        let none = errors(data, code: "id")
        #expect(none.first?.contains("no feature matched an Oldham ward") == true, "\(none)")
    }

    @Test func featuresForTheSameWardMergeIntoAMultiPolygon() throws {
        let a = ward("Saddleworth North")
        let far = Coordinate(lat: a.centre.lat + 0.02, lon: a.centre.lon + 0.02)
        let data = GeoImportTests.collection([
            GeoImportTests.feature("\"code\":\"\(a.code)\"", GeoImportTests.square(around: a.centre)),
            GeoImportTests.feature("\"code\":\"\(a.code)\"", GeoImportTests.square(around: far)),
        ])
        let imp = try read(data)
        #expect(imp.shapes[a.code]?.polygons.count == 2)
        #expect(imp.warnings.contains { $0.contains("2 features (#0, #1) merged") })
        let b = imp.boundaries()
        #expect(b.ward(containing: far) == a.code && b.ward(containing: a.centre) == a.code)
    }

    @Test func multiPolygonWithAHoleImports() throws {
        let a = ward("Alexandra"), c = a.centre
        let hole = "[[\(c.lon - 0.001),\(c.lat - 0.001)],[\(c.lon + 0.001),\(c.lat - 0.001)],[\(c.lon + 0.001),\(c.lat + 0.001)],[\(c.lon - 0.001),\(c.lat + 0.001)],[\(c.lon - 0.001),\(c.lat - 0.001)]]"
        let outer = "[[\(c.lon - 0.01),\(c.lat - 0.01)],[\(c.lon + 0.01),\(c.lat - 0.01)],[\(c.lon + 0.01),\(c.lat + 0.01)],[\(c.lon - 0.01),\(c.lat + 0.01)],[\(c.lon - 0.01),\(c.lat - 0.01)]]"
        let islet = "[[[\(c.lon + 0.02),\(c.lat)],[\(c.lon + 0.021),\(c.lat)],[\(c.lon + 0.021),\(c.lat + 0.001)],[\(c.lon + 0.02),\(c.lat)]]]"
        let geometry = "{\"type\":\"MultiPolygon\",\"coordinates\":[[\(outer),\(hole)],\(islet)]}"
        let imp = try read(GeoImportTests.collection([GeoImportTests.feature("\"code\":\"\(a.code)\"", geometry)]))
        let b = imp.boundaries()
        #expect(imp.shapes[a.code]?.polygons.count == 2 && imp.shapes[a.code]?.polygons[0].holes.count == 1)
        #expect(b.ward(containing: c) == nil, "the centre is in the hole")
        #expect(b.ward(containing: Coordinate(lat: c.lat + 0.005, lon: c.lon)) == a.code)
        #expect(imp.warnings.isEmpty, "a centre ~100 m inside a hole is close enough: \(imp.warnings)")
    }

    @Test func projectedCoordinatesAreRejectedClearly() {
        // British National Grid eastings/northings for central Oldham.
        let bng = "{\"type\":\"Polygon\",\"coordinates\":[[[392000,405000],[393000,405000],[393000,406000],[392000,405000]]]}"
        let data = GeoImportTests.collection([GeoImportTests.feature("\"code\":\"E05014661\"", bng)])
        let e = errors(data)
        #expect(e.count == 1)
        #expect(e[0].contains("test.geojson: features[0].geometry.coordinates: has [392000, 405000]"), "\(e)")
        #expect(e[0].contains("looks projected (British National Grid") && e[0].contains("EPSG:4326"))
        // A legacy crs member naming EPSG:27700 is caught before any coordinate is read.
        let withCRS = GeoImportTests.collection([GeoImportTests.feature("\"code\":\"E05014661\"", bng)],
                                                extra: "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::27700\"}},")
        let c = errors(withCRS)
        #expect(c.count == 1 && c[0].contains("crs: the file is in EPSG:27700 (British National Grid)"), "\(c)")
        // CRS84 (as in the ONS files) is fine.
        let ok = GeoImportTests.collection([GeoImportTests.feature("\"code\":\"E05014661\"", GeoImportTests.square(around: ward("Shaw").centre))],
                                           extra: "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:OGC:1.3:CRS84\"}},")
        #expect(errors(ok).isEmpty)
    }

    @Test func swappedLatLonIsExplained() {
        let c = ward("Shaw").centre
        let swapped = "{\"type\":\"Polygon\",\"coordinates\":[[[\(c.lat),\(c.lon)],[\(c.lat + 0.01),\(c.lon)],[\(c.lat + 0.01),\(c.lon + 0.01)],[\(c.lat),\(c.lon)]]]}"
        let e = errors(GeoImportTests.collection([GeoImportTests.feature("\"code\":\"E05014661\"", swapped)]))
        #expect(e.count == 1 && e[0].contains("not in Oldham") && e[0].contains("[latitude, longitude]"), "\(e)")
    }

    @Test func malformedFeaturesAreLocatedAndNothingIsImported() {
        let good = GeoImportTests.square(around: ward("Shaw").centre)
        let data = GeoImportTests.collection([
            GeoImportTests.feature("\"code\":\"E05014661\"", good),
            GeoImportTests.feature("\"code\":\"E05014651\"", "{\"type\":\"Polygon\",\"coordinates\":[[[-2.1,53.58],[-2.1,\"x\"],[-2.09,53.59],[-2.1,53.58]]]}"),
            GeoImportTests.feature("\"code\":\"E05014656\"", "{\"type\":\"Polygon\",\"coordinates\":[[[-2.1,53.58],[-2.1,53.59],[-2.1,53.58]]]}"),
            GeoImportTests.feature("\"code\":\"E05014657\"", "{\"type\":\"Polygon\"}"),
            GeoImportTests.feature("\"code\":\"E05014662\"", "{\"type\":\"Point\",\"coordinates\":[-2.07,53.56]}"),
            "{\"type\":\"Thing\"}",
        ])
        let e = errors(data)
        #expect(e.contains("test.geojson: features[1].geometry.coordinates[0][1]: is not a [longitude, latitude] pair of numbers"), "\(e)")
        #expect(e.contains("test.geojson: features[2].geometry.coordinates[0]: a ring needs at least 3 distinct positions (has 2)"))
        #expect(e.contains("test.geojson: features[3].geometry.coordinates: is missing or not an array"))
        #expect(e.contains("test.geojson: features[5]: is not a GeoJSON Feature"))
        // The point feature is reported once the others are fixed: a ward's geometry must be a polygon.
        let point = GeoImportTests.collection([
            GeoImportTests.feature("\"code\":\"E05014661\"", good),
            GeoImportTests.feature("\"code\":\"E05014662\"", "{\"type\":\"Point\",\"coordinates\":[-2.07,53.56]}"),
        ])
        #expect(errors(point) == ["test.geojson: features[1].geometry.type: \"Point\" is not Polygon or MultiPolygon (ward St James')"])
        #expect(errors(Data("{\"type\":\"FeatureCollection\",\"features\":[".utf8)).first?.hasPrefix("test.geojson: not valid JSON") == true)
        #expect(errors(Data("[1,2]".utf8)) == ["test.geojson: not a GeoJSON object"])
        #expect(errors(Data("{\"type\":\"Polygon\",\"coordinates\":[]}".utf8)).first?.contains("bare geometry") == true)
        #expect(errors(GeoImportTests.collection([])) == ["test.geojson: features: is empty: no ward boundaries in the file"])
    }

    @Test func anOlderVintageIsNotJoinedByName() throws {
        // Pre-2023 Shaw (E05000733) has the same name but another shape: report it, never match by name.
        let data = GeoImportTests.collection([
            GeoImportTests.feature("\"area_code\":\"E05014651\",\"area_name\":\"Crompton\"", GeoImportTests.square(around: ward("Crompton").centre)),
            GeoImportTests.feature("\"area_code\":\"E05000733\",\"area_name\":\"Shaw\"", GeoImportTests.square(around: ward("Shaw").centre)),
        ])
        let imp = try read(data)
        #expect(imp.shapes.keys.sorted() == [ward("Crompton").code])
        #expect(imp.unmatched.count == 1)
        #expect(imp.unmatched[0].reason.contains("E05000733 is not one of Oldham's current (May 2023) wards"))
        #expect(imp.unmatched[0].reason.contains("may predate the May 2023 ward review"))
    }

    @Test func aFileOverTheSizeLimitIsRefusedBeforeItIsRead() throws {
        // A sparse file one byte over the limit: refused from its size alone (reading it would fail as JSON).
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("big-\(UUID().uuidString).geojson")
        FileManager.default.createFile(atPath: u.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: u) }
        let h = try FileHandle(forWritingTo: u)
        try h.truncate(atOffset: UInt64(GeoJSON.maxBytes + 1))
        try h.close()
        var message = ""
        do { _ = try BoundaryImport.read(u, displayName: "big.geojson", geography: geo) } catch { message = error.errors.map(\.description).joined() }
        #expect(message.hasPrefix("big.geojson: is too large (32.0 MB; the limit is 32.0 MB)"), "\(message)")
    }

    @Test func aFileOverTheVertexLimitIsRefusedWhileReading() throws {
        // One ward-sized ring with more vertices than the limit, well under the size limit.
        let n = GeoJSON.maxVertices + 10, c = ward("Shaw").centre
        var ring = (0..<n).map { i -> String in
            let a = Double(i) / Double(n) * 2 * Double.pi
            return "[\(c.lon + 0.01 * cos(a)),\(c.lat + 0.01 * sin(a))]"
        }
        ring.append(ring[0])
        let data = GeoImportTests.collection([
            GeoImportTests.feature("\"area_code\":\"E05014661\"", "{\"type\":\"Polygon\",\"coordinates\":[[" + ring.joined(separator: ",") + "]]}")])
        #expect(data.count < GeoJSON.maxBytes)
        let e = errors(data)
        #expect(e == ["test.geojson: is too large (more than 250000 vertices by features[0]; the limit is 250000 vertices); "
                      + "simplify it first, e.g. mapshaper in.geojson -simplify 10% -o out.geojson"], "\(e)")
    }

    @Test func olderVintageCodesAreRecognisedSoNamesNeverMatch() throws {
        // A 2017 Greater Manchester file: Bolton's "Crompton" and Oldham's pre-2023 wards carry
        // WD17CD codes of another vintage or authority; no ward is taken by name.
        let data = GeoImportTests.collection([
            GeoImportTests.feature("\"WD17CD\":\"E05000650\",\"WD17NM\":\"Crompton\",\"LAD17CD\":\"E08000001\"",
                                   GeoImportTests.square(around: Coordinate(lat: 53.59026, lon: -2.42838))),
            GeoImportTests.feature("\"WD17CD\":\"E05000733\",\"WD17NM\":\"Shaw\",\"LAD17CD\":\"E08000004\"",
                                   GeoImportTests.square(around: ward("Shaw").centre)),
        ])
        let e = errors(data)
        #expect(e.count == 1 && e[0].hasPrefix("test.geojson: no feature matched an Oldham ward"), "\(e)")
        #expect(e.first?.contains("code E05000733 is not one of Oldham's current (May 2023) wards") == true, "\(e)")
        // The 2013 Oldham file (WD13CD/WD13NM) the same way.
        let old = GeoImportTests.collection([
            GeoImportTests.feature("\"WD13CD\":\"E05000737\",\"WD13NM\":\"St Mary's\"", GeoImportTests.square(around: ward("St Mary's").centre))])
        #expect(errors(old).first?.contains("E05000737 is not one of Oldham's current (May 2023) wards") == true, "\(errors(old))")
        #expect(BoundaryImport.isWardCode("E05000650") && BoundaryImport.isWardCode("S13002516") && !BoundaryImport.isWardCode("E08000004"))
    }

    @Test func selfCrossingRingsAndHolesOutsideTheirShapeAreRefusedNamingFeatureAndWard() throws {
        let c = ward("Shaw").centre, r = ward("Royton North").centre
        // A bow tie: the exterior ring crosses itself at the centre.
        let bowTie = "{\"type\":\"Polygon\",\"coordinates\":[[[\(c.lon - 0.01),\(c.lat - 0.01)],[\(c.lon + 0.01),\(c.lat + 0.01)],"
            + "[\(c.lon + 0.01),\(c.lat - 0.01)],[\(c.lon - 0.01),\(c.lat + 0.01)],[\(c.lon - 0.01),\(c.lat - 0.01)]]]}"
        // A square with a "hole" well outside it.
        let s = 0.01, o = 0.05
        let holeOutside = "{\"type\":\"Polygon\",\"coordinates\":[[[\(r.lon - s),\(r.lat - s)],[\(r.lon - s),\(r.lat + s)],[\(r.lon + s),\(r.lat + s)],[\(r.lon + s),\(r.lat - s)],[\(r.lon - s),\(r.lat - s)]],"
            + "[[\(r.lon + o),\(r.lat)],[\(r.lon + o + 0.002),\(r.lat)],[\(r.lon + o + 0.002),\(r.lat + 0.002)],[\(r.lon + o),\(r.lat)]]]}"
        let data = GeoImportTests.collection([
            GeoImportTests.feature("\"area_code\":\"E05014646\"", GeoImportTests.square(around: ward("Alexandra").centre)),
            GeoImportTests.feature("\"area_code\":\"E05014661\"", bowTie),
            GeoImportTests.feature("\"area_code\":\"\(ward("Royton North").code)\"", holeOutside),
        ])
        let e = errors(data)
        #expect(e.count == 2, "\(e)")
        #expect(e.first?.hasPrefix("test.geojson: features[1].geometry: the exterior ring crosses itself near") == true
                && e.first?.contains("(ward Shaw)") == true, "\(e)")
        #expect(e.last?.hasPrefix("test.geojson: features[2].geometry: hole 1 lies outside the exterior ring") == true
                && e.last?.contains("(ward Royton North)") == true, "\(e)")
        // The real file has none.
        #expect(GeoPolygon(exterior: [Coordinate(lat: 0, lon: 0), Coordinate(lat: 1, lon: 0), Coordinate(lat: 1, lon: 1), Coordinate(lat: 0, lon: 1)]).problems().isEmpty)
    }

    @Test func aShapeFarFromItsWardIsWarnedAbout() throws {
        let data = GeoImportTests.collection([
            GeoImportTests.feature("\"code\":\"\(ward("Shaw").code)\"", GeoImportTests.square(around: ward("Shaw").centre)),
            GeoImportTests.feature("\"code\":\"\(ward("Werneth").code)\"", GeoImportTests.square(around: ward("Crompton").centre)),
        ])
        let imp = try read(data)
        #expect(imp.warnings.count == 1 && imp.warnings[0].hasPrefix("Werneth: its ONS centre is"), "\(imp.warnings)")
    }

    @Test func theSimplifiedFileImportsToo() throws {
        guard let (imp, b, _) = try GeoFixtures.load(GeoFixtures.simplified) else { return }
        #expect(imp.matches.count == 20 && imp.vertexCount < 500)
        #expect(b.neighbours(of: GeoFixtures.code("Shaw")).contains(GeoFixtures.code("Crompton")))
    }
}
