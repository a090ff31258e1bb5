import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `assetmap map` (text and SVG) and `assetmap present`'s refusals, run as the built binary.
@Suite(.serialized) struct MapCLITests {
    static let wardNames = ["Alexandra", "Chadderton Central", "Chadderton North", "Chadderton South", "Coldhurst",
                            "Crompton", "Failsworth East", "Failsworth West", "Hollinwood", "Medlock Vale", "Royton North",
                            "Royton South", "Saddleworth North", "Saddleworth South", "Saddleworth West & Lees", "Shaw",
                            "St James'", "St Mary's", "Waterhead", "Werneth"]

    @Test func textMapHasTheRequestedSizeLabelsLegendAndAttribution() throws {
        let cli = CLI()
        let r = try cli.run("map", "--width", "120", "--height", "44")
        #expect(r.status == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 44)
        #expect(lines.allSatisfy { $0.count <= 120 })
        #expect(r.out.contains("Schematic ward map: approximate, NOT real boundaries"))
        #expect(r.out.contains("Shade: matching assets per ward"))
        let flat = lines.joined(separator: " ")
        #expect(flat.contains("Crown copyright") && flat.contains("Open Government Licence"))
        let named = MapCLITests.wardNames.filter { r.out.contains($0) }
        #expect(named.count >= 18, "ward labels: \(named)")
        #expect(r.out.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "Braille dots by default")
    }

    @Test func asciiMapIsPlainASCIIAndAsksNoBraille() throws {
        let cli = CLI()
        let r = try cli.run("map", "--width", "80", "--height", "30", "--ascii")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.unicodeScalars.allSatisfy { $0.isASCII }, "every character is ASCII")
        #expect(r.out.contains("Shaw") && r.out.contains("o"))
        let half = try cli.run("map", "--width", "80", "--height", "30", "--mode", "half-block")
        #expect(half.status == 0 && half.out.unicodeScalars.contains { "▀▄█".unicodeScalars.contains($0) })
    }

    @Test func gapMapAndWardFocus() throws {
        let cli = CLI()
        let gap = try cli.run("map", "--width", "140", "--height", "44", "--category", "lunch club")
        #expect(gap.status == 0, "\(gap.err)")
        #expect(gap.out.contains("Gap map: Food › Lunch club"))
        #expect(gap.out.contains(" none"), "wards without a lunch club say so")
        let shaw = try cli.run("map", "--width", "100", "--height", "36", "--ward", "shaw", "--shade", "per-1000")
        #expect(shaw.status == 0, "\(shaw.err)")
        #expect(shaw.out.contains("Shaw: ") && shaw.out.contains("residents"))
        #expect(shaw.out.contains("Shade: matching assets per 1,000 residents"))
        #expect(!shaw.out.contains("zoom 1.0×"), "zoomed to the ward")
        let search = try cli.run("map", "--width", "100", "--height", "36", "--search", "lunch")
        #expect(search.status == 0 && search.out.contains("(dim: not matching)"))
        let bad = try cli.run("map", "--shade", "sideways")
        #expect(bad.status != 0 && bad.err.contains("--shade is one of assets, per-1000, gap, transfers"))
        let badWard = try cli.run("map", "--ward", "Shw")
        #expect(badWard.status != 0 && badWard.err.contains("Shaw"), "did you mean")
    }

    @Test func svgMapIsWellFormedWithEveryWardALegendAndAttribution() throws {
        let cli = CLI()
        let file = cli.home.appendingPathComponent("map.svg").path
        let r = try cli.run("map", "--svg", file, "--shade", "transfers")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.isEmpty && r.err.contains("wrote \(file)"))
        let svg = try String(contentsOfFile: file, encoding: .utf8)
        #expect(svg.hasPrefix("<?xml") && svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.components(separatedBy: "<path data-ward=").count - 1 == 20)
        #expect(svg.components(separatedBy: "<path data-cluster=").count - 1 == 5)
        #expect(svg.contains("id=\"legend\"") && svg.contains("transfer pipeline"))
        #expect(svg.contains("Schematic ward map") && svg.contains("NOT real boundaries"))
        #expect(svg.contains("Crown copyright") && svg.contains("Open Government Licence v3.0"))
        #expect(svg.contains("St Mary&apos;s") && svg.contains("Saddleworth West &amp; Lees"), "names escaped")
        #expect(svg.components(separatedBy: "<circle ").count - 1 >= 700, "every asset a dot")
        #if canImport(FoundationXML) || canImport(Darwin)
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "well-formed XML: \(String(describing: parser.parserError))")
        #endif
        let unwritable = try cli.run("map", "--svg", "/nonexistent-dir/x.svg")
        #expect(unwritable.status != 0 && unwritable.err.contains("cannot write"))
    }

    @Test func withRealBoundariesTheMapDrawsThemAndCreditsOS() throws {
        guard let wards = GeoCLITests.sharedFile(GeoCLITests.wards) else { return }
        let cli = CLI()
        #expect(try cli.run("boundaries", "import", wards).status == 0)
        let r = try cli.run("map", "--width", "160", "--height", "50")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("Ward boundaries: oldham_wards_2023.geojson, imported"))
        #expect(!r.out.contains("Schematic"))
        #expect(r.out.split(separator: "\n").joined(separator: " ").contains("Contains OS data © Crown copyright and database right 2023"))
        let file = cli.home.appendingPathComponent("real.svg").path
        #expect(try cli.run("map", "--svg", file).status == 0)
        let svg = try String(contentsOfFile: file, encoding: .utf8)
        #expect(svg.contains("oldham_wards_2023.geojson") && svg.contains("Contains OS data"))
        #expect(!svg.contains("NOT real boundaries"))
    }

    @Test func presentNeedsATerminalAndWritesNothing() throws {
        let cli = CLI()
        let r = try cli.run("present", env: ["TERM": "dumb"])
        #expect(r.status != 0 && r.err.contains("assetmap search"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: cli.home.appendingPathComponent("catalogue.sqlite").path))
        let bad = try cli.run("present", "--tour", "0")
        #expect(bad.status != 0 && bad.err.contains("--tour takes"))
    }
}
