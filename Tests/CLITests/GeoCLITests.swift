import Foundation
import Testing

/// `assetmap boundaries …` and `assetmap locate`, run as the built binary on a private home.
@Suite(.serialized) struct GeoCLITests {
    /// A file from ../shared/data: under CI (CI=true) a missing file fails; elsewhere the test skips.
    static func sharedFile(_ path: String) -> String? {
        let u = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data").appendingPathComponent(path)
        if FileManager.default.fileExists(atPath: u.path) { return u.path }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record("missing shared data file \(u.path) (CI needs ../shared beside the repo)")
        } else {
            print("skipping: \(u.path) is not here")
        }
        return nil
    }

    static let wards = "boundaries/oldham_wards_2023.geojson"
    // ONS centres (Assets/geography/wards.csv).
    static let shaw = ["-2.07551", "53.58169"]
    static let failsworthWest = ["-2.16332", "53.50606"]

    @Test func locateWithOnlyTheSchematicMapSaysItIsApproximate() throws {
        let cli = CLI()
        let r = try cli.run(["locate"] + GeoCLITests.shaw)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.hasPrefix("Shaw (E05014661)\n"))
        #expect(r.out.contains("district  Royton, Shaw & Crompton") && r.out.contains("clusters  North"))
        #expect(r.out.contains("approximate: only the schematic ward map is loaded"))
        let j = try cli.run(["locate", "--json"] + GeoCLITests.failsworthWest)
        let obj = try JSONSerialization.jsonObject(with: Data(j.out.utf8)) as! [String: Any]
        #expect((obj["ward"] as? [String: Any])?["name"] as? String == "Failsworth West")
        #expect(obj["approximate"] as? Bool == true && obj["boundaries"] as? String == "schematic")
        // Outside Oldham: non-zero, on stderr.
        let out = try cli.run("locate", "-2.2426", "53.4808")
        #expect(out.status == 1 && out.out.isEmpty && out.err.contains("is outside Oldham's wards"))
        let bad = try cli.run("locate", "north", "53.5")
        #expect(bad.status != 0 && bad.err.contains("give a longitude and a latitude"))
    }

    @Test func importRealBoundariesThenLocateExactly() throws {
        guard let file = GeoCLITests.sharedFile(GeoCLITests.wards) else { return }
        let cli = CLI()
        let imp = try cli.run("boundaries", "import", file, "--officer", "geo-test")
        #expect(imp.status == 0, "\(imp.err)")
        #expect(imp.out.contains("code property \"area_code\" (detected), name property \"area_name\" (detected)"))
        #expect(imp.out.contains("matched 20 of 20 wards by code"))
        #expect(imp.out.contains("stored 20 ward shapes"))
        let r = try cli.run(["locate"] + GeoCLITests.shaw)
        #expect(r.status == 0 && r.out.hasPrefix("Shaw (E05014661)\n"), "\(r.out)\(r.err)")
        #expect(!r.out.contains("approximate") && r.out.contains("boundaries  oldham_wards_2023.geojson, imported"))
        #expect(r.out.contains("by geo-test"))
        // A point just inside Oldham near the Rochdale border, and the same point as "lat,lon".
        let j = try cli.run("locate", "--json", "53.58169,-2.07551")
        let obj = try JSONSerialization.jsonObject(with: Data(j.out.utf8)) as! [String: Any]
        #expect(obj["approximate"] as? Bool == false && (obj["ward"] as? [String: Any])?["id"] as? String == "E05014661")
        #expect((obj["note"] as? String)?.contains("LAT LON") == true)
        let outside = try cli.run("locate", "--json", "-2.2426", "53.4808")
        #expect(outside.status == 1)
        let o = try JSONSerialization.jsonObject(with: Data(outside.out.utf8)) as! [String: Any]
        #expect(o["inside"] as? Bool == false && o["ward"] == nil)
        // show lists the source and every ward's shape; reset goes back to the schematic map.
        let show = try cli.run("boundaries", "show")
        #expect(show.status == 0 && show.out.contains("20 of 20 wards have real shapes"))
        #expect(show.out.contains("ward boundaries: oldham_wards_2023.geojson, imported"))
        let showJSON = try JSONSerialization.jsonObject(with: Data(try cli.run("boundaries", "show", "--json").out.utf8)) as! [String: Any]
        #expect(showJSON["schematic"] as? Bool == false && showJSON["wardsWithShapes"] as? Int == 20)
        let reset = try cli.run("boundaries", "reset")
        #expect(reset.status == 0 && reset.out.contains("removed 20 imported ward shapes"))
        #expect(try cli.run(["locate"] + GeoCLITests.shaw).out.contains("approximate"))
    }

    @Test func dryRunAndReadOnlyStoreNothing() throws {
        guard let file = GeoCLITests.sharedFile("boundaries/oldham_wards_2023_simplified.geojson") else { return }
        let cli = CLI()
        let dry = try cli.run("boundaries", "import", "--dry-run", file)
        #expect(dry.status == 0 && dry.out.contains("dry run: would store 20 ward shapes") && dry.out.contains("nothing was stored"))
        #expect(try cli.run(["locate"] + GeoCLITests.shaw).out.contains("approximate"), "a dry run stored boundaries")
        let ro = try cli.run("boundaries", "import", "--read-only", file)
        #expect(ro.status != 0 && ro.err.contains("read-only"))
        #expect(try cli.run("boundaries", "reset", "--read-only").status != 0)
        #expect(try cli.run(["locate"] + GeoCLITests.shaw).out.contains("approximate"))
    }

    @Test func badFilesAreRejectedWithLocatedErrorsAndNothingStored() throws {
        let cli = CLI()
        let bng = cli.write("bng.geojson", """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"WD23CD":"E05014661"},
            "geometry":{"type":"Polygon","coordinates":[[[392000,405000],[393000,405000],[393000,406000],[392000,405000]]]}}]}
            """)
        let r = try cli.run("boundaries", "import", bng)
        #expect(r.status != 0)
        #expect(r.err.contains("bng.geojson: features[0].geometry.coordinates: has [392000, 405000], which is not longitude/latitude"), "\(r.err)")
        #expect(r.err.contains("British National Grid") && r.err.contains("no boundaries were imported"))
        let broken = cli.write("broken.geojson", """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"Shaw"},"geometry":{"type":"Polygon","coordinates":[[[-2.08,53.57],[-2.07,53.57],[-2.07,53.59],[-2.08,53.57]]]}},
            {"type":"Feature","properties":{"name":"Crompton"},"geometry":{"type":"Polygon","coordinates":[[[-2.12,53.58],[-2.1,null],[-2.1,53.59],[-2.12,53.58]]]}}]}
            """)
        let b = try cli.run("boundaries", "import", broken)
        #expect(b.status != 0 && b.err.contains("features[1].geometry.coordinates[0][1]: is not a [longitude, latitude] pair"), "\(b.err)")
        // Unmatched features and missing wards are reported; the matched ward is stored.
        let partial = cli.write("partial.geojson", """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"ward_name":"Shaw"},"geometry":{"type":"Polygon","coordinates":[[[-2.09,53.57],[-2.06,53.57],[-2.06,53.59],[-2.09,53.59],[-2.09,53.57]]]}},
            {"type":"Feature","properties":{"ward_name":"Cromptn Moor"},"geometry":{"type":"Polygon","coordinates":[[[-2.12,53.58],[-2.1,53.58],[-2.1,53.59],[-2.12,53.58]]]}}]}
            """)
        let p = try cli.run("boundaries", "import", partial)
        #expect(p.status == 0, "\(p.err)")
        #expect(p.out.contains("name property \"ward_name\" (detected)") && p.out.contains("matched 1 of 20 wards (0 by code, 1 by name)"))
        #expect(p.out.contains("19 wards got no feature"))
        #expect(p.out.contains("1 feature matched no ward") && p.out.contains("#1 \"Cromptn Moor\": unknown ward"))
        let show = try cli.run("boundaries", "show")
        #expect(show.out.contains("1 of 20 wards have real shapes; no shape: Alexandra"))
        #expect(try cli.run(["locate"] + GeoCLITests.shaw).out.contains("boundaries  partial.geojson"))
        let wrongField = try cli.run("boundaries", "import", partial, "--code-field", "ward_nam")
        #expect(wrongField.status != 0 && wrongField.err.contains("did you mean \"ward_name\""))
    }

    @Test func csvImportTakesTheWardFromCoordinates() throws {
        guard let file = GeoCLITests.sharedFile(GeoCLITests.wards) else { return }
        let cli = CLI()
        let rows = cli.write("geo.csv", """
            id,kind,name,categories,ward,cluster,lat,lon
            grp-geo-1,group,Located group,food,,north,53.58169,-2.07551
            """)
        // Schematic map only: an empty ward is still an error.
        let before = try cli.run("import", rows)
        #expect(before.status != 0 && before.err.contains("geo.csv:2: ward: is empty"))
        #expect(try cli.run("boundaries", "import", file).status == 0)
        let after = try cli.run("import", rows)
        #expect(after.status == 0, "\(after.err)")
        let show = try cli.run("show", "grp-geo-1", "--json")
        let obj = try JSONSerialization.jsonObject(with: Data(show.out.utf8)) as! [String: Any]
        #expect("\(obj)".contains("Shaw"), "\(show.out)")
        let outside = cli.write("outside.csv", """
            id,kind,name,categories,ward,cluster,lat,lon
            grp-geo-2,group,Lost group,food,,north,53.4808,-2.2426
            """)
        let o = try cli.run("import", outside)
        #expect(o.status != 0 && o.err.contains("outside.csv:2: ward: is empty, and lat/lon 53.4808, -2.2426 is outside every ward"), "\(o.err)")
    }

    @Test func schematicCheckPassesOnTheShippedFile() throws {
        let cli = CLI()
        let r = try cli.run("boundaries", "schematic", "--check")
        #expect(r.status == 0 && r.out.contains("is up to date"), "\(r.out)\(r.err)")
        let out = cli.home.appendingPathComponent("s.geojson").path
        let w = try cli.run("boundaries", "schematic", "-o", out)
        #expect(w.status == 0 && w.err.contains("schematic: not real boundaries"))
        #expect(!w.out.contains(" NO "), "a centre outside its own cell:\n\(w.out)")
        let help = try cli.run("--help")
        #expect(help.out.contains("boundaries") && help.out.contains("locate"))
    }

    @Test func escapesInTheFileAndItsNameNeverReachTheTerminal() throws {
        let cli = CLI()
        let esc = "\u{1B}", title = "\u{1B}]0;pwned\u{07}", clear = "\u{1B}[2J", csi = "\u{9B}31m"
        func square(_ lon: Double, _ lat: Double) -> String {
            let r = [(lon - 0.003, lat - 0.003), (lon - 0.003, lat + 0.003), (lon + 0.003, lat + 0.003), (lon + 0.003, lat - 0.003), (lon - 0.003, lat - 0.003)]
            return "{\"type\":\"Polygon\",\"coordinates\":[[" + r.map { "[\($0.0),\($0.1)]" }.joined(separator: ",") + "]]}"
        }
        func json(_ s: String) -> String { s.unicodeScalars.map { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? String(format: "\\u%04x", $0.value) : String($0) }.joined() }
        let features = [
            "{\"type\":\"Feature\",\"properties\":{\"code\":\"E05014661\",\"name\":\"" + json("Shaw\(title)\(clear)\(csi)") + "\"},\"geometry\":\(square(-2.07551, 53.58169))}",
            "{\"type\":\"Feature\",\"properties\":{\"code\":\"" + json("X\(clear)") + "\",\"name\":\"" + json("Nowhere\(title)") + "\"},\"geometry\":\(square(-2.1, 53.55))}",
        ]
        let file = cli.write("wards\(title)\(clear).geojson", "{\"type\":\"FeatureCollection\",\"features\":[" + features.joined(separator: ",") + "]}")
        let imp = try cli.run("boundaries", "import", "--verbose", file)
        #expect(imp.status == 0, "\(imp.err)")
        #expect(imp.out.contains("stored 1 ward shape") && imp.out.contains("wards\u{241B}\u{241B}.geojson") && imp.out.contains("\"X\u{241B}\""), "\(imp.out)")
        let show = try cli.run("boundaries", "show")
        let locate = try cli.run("locate", "-2.07551", "53.58169")
        #expect(show.out.contains("ward boundaries: wards\u{241B}\u{241B}.geojson") && locate.out.contains("boundaries  wards\u{241B}"), "\(show.out)\(locate.out)")
        for r in [imp, show, locate] {
            let bytes = r.out + r.err
            #expect(!bytes.contains(esc) && !bytes.contains("\u{07}") && !bytes.contains("\u{9B}"), "raw escape: \(bytes.debugDescription)")
        }
    }

    @Test func locateJustOutsideTheSchematicMapIsOutsideOldham() throws {
        // About 1 km beyond the schematic map's edge east of Saddleworth North: not "the nearest ward".
        let cli = CLI()
        let r = try cli.run("locate", "-1.95", "53.59")
        #expect(r.status == 1 && r.out.isEmpty && r.err.contains("is outside Oldham's wards"), "\(r.out)\(r.err)")
    }
}
