import ArgumentParser
import AssetCatalogue
import Foundation
import TermUI

/// Every human line these commands write (file names and property values from the file included)
/// goes through `Sanitize.text`, on a terminal or not: no escape sequence from a GeoJSON file
/// reaches the terminal. (Shadows `Swift.print` in this file only.)
private func print(_ s: String) { writeStandardOutput(Sanitize.text(s) + "\n") }

/// `assetmap boundaries …`: the ward shapes the map draws.
struct Boundaries: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ward boundaries: import real shapes (GeoJSON), show what is loaded, reset to the schematic map.",
        discussion: """
            Without imported boundaries the map uses a schematic ward map built from ONS ward centres and areas \
            (approximate). Import the ONS ward boundaries (GeoJSON, WGS84) to draw and locate with real shapes. \
            See docs/geography.md.
            """,
        subcommands: [BoundariesShow.self, BoundariesImport.self, BoundariesReset.self, BoundariesSchematic.self],
        defaultSubcommand: BoundariesShow.self)
}

struct BoundariesImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import ward boundaries from a GeoJSON FeatureCollection (WGS84 Polygon/MultiPolygon).",
        discussion: """
            The properties holding ONS ward codes (E05014646 …) and ward names are detected, or name them with \
            --code-field / --name-field. Features match wards by code, else by forgiving name. The report says what \
            matched, which wards got no feature and which features matched no ward. Any malformed feature, or a file \
            in projected coordinates (British National Grid), stores nothing. A new import replaces the old one.
            Example: assetmap boundaries import oldham_wards_2023.geojson
            """)

    @OptionGroup var catalogue: CatalogueOptions
    @Option(name: .long, help: ArgumentHelp("Property holding the ONS ward code.", valueName: "name")) var codeField: String?
    @Option(name: .long, help: ArgumentHelp("Property holding the ward name.", valueName: "name")) var nameField: String?
    @Flag(name: .long, help: "Check the file and report what would be stored, without storing anything.") var dryRun = false
    @Flag(name: .long, help: "List every match and every unmatched feature.") var verbose = false
    @Option(name: .long, help: "Who is importing, for the change log (default: your login name).") var officer: String?
    @Argument(help: "A GeoJSON file.") var file: String

    func run() throws {
        try reportingErrors {
            let (store, cat) = try catalogue.open()
            guard let store else { throw CLIError("no catalogue database yet; run without --read-only first") }
            if store.isReadOnly && !dryRun { throw CLIError("the catalogue is open read-only; nothing was imported") }
            guard FileManager.default.fileExists(atPath: file) else { throw CLIError("\(file): no such file") }
            let started = Date()
            let imp: BoundaryImport
            do {
                imp = try BoundaryImport.read(URL(fileURLWithPath: file), displayName: file, geography: cat.geography,
                                              codeField: codeField, nameField: nameField)
            } catch let e as ImportErrors {
                for x in e.errors { printError(x.description) }
                throw CLIError("\(e.errors.count) error\(e.errors.count == 1 ? "" : "s"); no boundaries were imported")
            }
            print(imp.report(geography: cat.geography, verbose: verbose))
            let boundaries = imp.boundaries()
            let check = CoordinateCheck(cat, boundaries)
            if check.total > 0 { print(check.summary) }
            if dryRun {
                print("dry run: would store \(imp.shapes.count) ward shape\(imp.shapes.count == 1 ? "" : "s") from \(file); nothing was stored")
                return
            }
            let labels = Dictionary(uniqueKeysWithValues: imp.matches.map { ($0.ward, $0.label) })
            try store.saveBoundaries(boundaries, labels: labels, by: officer ?? CatalogueStore.loginName,
                                     detail: "\(file): \(imp.shapes.count) ward shapes (\(imp.vertexCount) vertices)")
            let ms = Date().timeIntervalSince(started) * 1000
            print(String(format: "stored %d ward shape%@ from %@ into %@ (%.0f ms); the map and `assetmap locate` now use them",
                         imp.shapes.count, imp.shapes.count == 1 ? "" : "s", file, store.path, ms))
        }
    }
}

/// How the catalogue's assets with coordinates sit in a set of boundaries.
struct CoordinateCheck {
    var total = 0, inRecordedWard = 0, inOtherWard = 0, outside = 0
    var examples: [String] = []

    init(_ cat: Catalogue, _ b: WardBoundaries) {
        for a in cat.assets {
            guard let c = a.coordinate else { continue }
            total += 1
            switch b.ward(containing: c) {
            case a.ward?: inRecordedWard += 1
            case nil:
                outside += 1
                if examples.count < 5 { examples.append("\(a.id): outside every ward") }
            case let w?:
                inOtherWard += 1
                if examples.count < 5 { examples.append("\(a.id): recorded in \(cat.wardName(a.ward)), lies in \(cat.wardName(w))") }
            }
        }
    }

    var summary: String {
        var s = "assets with coordinates: \(total); \(inRecordedWard) inside their recorded ward"
        if inOtherWard > 0 { s += ", \(inOtherWard) in another ward" }
        if outside > 0 { s += ", \(outside) outside every ward" }
        for e in examples { s += "\n  \(e)" }
        return s
    }
}

struct BoundariesShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show which ward boundaries are loaded: source, and each ward's shape, area and neighbours.")

    @OptionGroup var catalogue: CatalogueOptions
    @Flag(name: .long, help: "Print JSON.") var json = false

    struct Report: Encodable {
        var source: String
        var schematic: Bool
        var importedAt: String?
        var importedBy: String?
        var wardsWithShapes: Int
        var vertices: Int
        var wards: [WardRow]
    }

    struct WardRow: Encodable {
        var code: String
        var name: String
        var shape: Bool
        var polygons: Int
        var vertices: Int
        var areaKm2: Double?
        var onsAreaKm2: Double
        var neighbours: [String]
    }

    func run() throws {
        try reportingErrors {
            let (_, cat) = try catalogue.open()
            guard let b = cat.geography.boundaries else { throw CLIError("no ward boundaries: the schematic map file is missing from the data folder") }
            var rows: [WardRow] = []
            for w in cat.geography.wards {
                let s = b.planeShape(of: w.code)
                rows.append(WardRow(code: w.code, name: w.name, shape: s != nil, polygons: s?.polygons.count ?? 0,
                                    vertices: s?.vertexCount ?? 0,
                                    areaKm2: s.map { ($0.area / 10_000).rounded() / 100 }, onsAreaKm2: w.areaKm2,
                                    neighbours: b.neighbours(of: w.code).map { cat.wardName($0) }))
            }
            let report = Report(source: b.source.name, schematic: b.isSchematic, importedAt: b.source.importedAt,
                                importedBy: b.source.importedBy, wardsWithShapes: b.codes.count,
                                vertices: b.planeShapes.values.reduce(0) { $0 + $1.vertexCount }, wards: rows)
            if json { try printJSON(report); return }
            print("ward boundaries: \(b.source)")
            if b.isSchematic {
                print("no real boundaries imported; import them with: assetmap boundaries import FILE.geojson")
            } else {
                let missing = b.missingWards(in: cat.geography)
                print("\(b.codes.count) of \(cat.geography.wards.count) wards have real shapes"
                      + (missing.isEmpty ? "" : "; no shape: " + missing.map { cat.wardName($0) }.joined(separator: ", ")))
            }
            var t = TablePrinter([.init(title: "WARD"), .init(title: "CODE"), .init(title: "SHAPE"),
                                  .init(title: "KM²", align: .right), .init(title: "ONS KM²", align: .right),
                                  .init(title: "NEIGHBOURS", flexible: true)])
            for r in rows {
                t.add([r.name, r.code, r.shape ? (b.isSchematic ? "schematic" : "\(r.vertices) pts") : "none",
                       r.areaKm2.map { String(format: "%.2f", $0) } ?? "", String(format: "%.2f", r.onsAreaKm2),
                       r.neighbours.joined(separator: ", ")])
            }
            t.print()
        }
    }
}

struct BoundariesReset: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset", abstract: "Forget imported ward boundaries and go back to the schematic map.")

    @OptionGroup var catalogue: CatalogueOptions
    @Option(name: .long, help: "Who, for the change log (default: your login name).") var officer: String?

    func run() throws {
        try reportingErrors {
            let (store, _) = try catalogue.open()
            guard let store else { throw CLIError("no catalogue database yet; nothing to reset") }
            let n = try store.clearBoundaries(by: officer ?? CatalogueStore.loginName)
            print(n == 0 ? "no imported boundaries; the schematic map is already in use"
                  : "removed \(n) imported ward shape\(n == 1 ? "" : "s"); the map uses the schematic wards again")
        }
    }
}

struct BoundariesSchematic: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schematic",
        abstract: "Regenerate the schematic ward map from the ONS ward centres and areas in wards.csv.",
        discussion: "Writes Assets/geography/schematic_wards.geojson (or --output). --check only compares.")

    @Option(name: .shortAndLong, help: ArgumentHelp("Write here instead of the data folder.", valueName: "file")) var output: String?
    @Flag(name: .long, help: "Compare with the existing file; exit 1 if it differs.") var check = false

    func run() throws {
        try reportingErrors {
            guard let assets = DefaultCatalogue.assetsFolder() else {
                throw CLIError("cannot find the assetmap data folder (Assets/ with geography/wards.csv); set ASSETMAP_ASSETS to its path")
            }
            let (geo, _) = try DefaultCatalogue.reference(from: assets)
            let text = SchematicMap.geoJSON(geo)
            let target = output.map { URL(fileURLWithPath: $0) }
                ?? assets.appendingPathComponent("geography").appendingPathComponent(SchematicMap.fileName)
            if check {
                let old = (try? String(contentsOf: target, encoding: .utf8)) ?? ""
                if old == text { print("\(target.path) is up to date"); return }
                printError("\(target.path) differs from what wards.csv generates; run `assetmap boundaries schematic`")
                throw ExitCode(1)
            }
            try OutputFile.write(Data(text.utf8), to: target.path)
            let b = WardBoundaries(shapes: SchematicMap.generate(geo), source: .schematic)
            var t = TablePrinter([.init(title: "WARD"), .init(title: "KM²", align: .right), .init(title: "ONS KM²", align: .right),
                                  .init(title: "CENTRE INSIDE"), .init(title: "NEIGHBOURS", flexible: true)])
            for w in geo.wards {
                t.add([w.name, String(format: "%.2f", (b.planeShape(of: w.code)?.area ?? 0) / 1e6), String(format: "%.2f", w.areaKm2),
                       b.ward(containing: w.centre) == w.code ? "yes" : "NO", b.neighbours(of: w.code).map { geo.ward(code: $0)?.name ?? $0 }.joined(separator: ", ")])
            }
            t.print()
            printError("wrote \(target.path) (schematic: not real boundaries)")
        }
    }
}

struct Locate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Which ward holds a point: assetmap locate LON LAT (WGS84 degrees, e.g. -2.0755 53.5817).",
        discussion: """
            Uses the imported ward boundaries; with only the schematic map loaded the answer is approximate and \
            says so. Exits 1 when the point is outside Oldham. "LAT,LON" pasted from a map also works when it is \
            unambiguous (Oldham's latitudes are near 53.5, its longitudes near -2).
            """)

    @OptionGroup var catalogue: CatalogueOptions
    @Flag(name: .long, help: "Print JSON.") var json = false
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Longitude and latitude.", valueName: "lon lat"))
    var coordinates: [String] = []

    struct Answer: Encodable {
        struct Named: Encodable { var id: String; var name: String }
        struct ClusterRef: Encodable { var id: String; var name: String; var share: String }
        var lon: Double
        var lat: Double
        var inside: Bool
        var ward: Named?
        var district: Named?
        var clusters: [ClusterRef]
        var boundaries: String
        var approximate: Bool
        var note: String?
    }

    func validate() throws {
        _ = try parsedCoordinate()
    }

    /// "LON LAT", "LON,LAT", or "LAT,LON" when the numbers make the order plain.
    func parsedCoordinate() throws -> Coordinate {
        let parts = coordinates.filter { $0 != "--" }.flatMap { $0.split(whereSeparator: { $0 == "," || $0 == " " }) }.map(String.init)
        guard parts.count == 2, let a = Double(parts[0]), let b = Double(parts[1]) else {
            throw ValidationError("give a longitude and a latitude, e.g. assetmap locate -2.0755 53.5817")
        }
        guard (-180...180).contains(a), (-90...90).contains(b) else {
            if (-90...90).contains(a), (-180...180).contains(b) { return Coordinate(lat: a, lon: b) }
            throw ValidationError("\(parts[0]) \(parts[1]) is not a longitude and latitude in degrees")
        }
        return Coordinate(lat: b, lon: a)
    }

    func run() throws {
        try reportingErrors {
            let (_, cat) = try catalogue.open()
            guard let b = cat.geography.boundaries else { throw CLIError("no ward boundaries: the schematic map file is missing from the data folder") }
            var c = try parsedCoordinate()
            var note: String?
            var code = b.ward(containing: c)
            // "53.58 -2.07" (lat lon) both read as degrees; if only the swapped order lands in Oldham, use it.
            if code == nil, let swapped = Optional(Coordinate(lat: c.lon, lon: c.lat)), (-90...90).contains(swapped.lat),
               let w = b.ward(containing: swapped) {
                note = "read as LAT LON (the arguments are LON LAT)"
                c = swapped
                code = w
            }
            // Outside every ward is outside Oldham: never the nearest ward.
            let ward = code.flatMap { cat.geography.ward(code: $0) }
            let district = ward.flatMap { cat.geography.district(id: $0.district) }
            let clusters = ward.map { w in
                cat.geography.clusters(touching: w.code).map { cl in
                    Answer.ClusterRef(id: cl.id, name: cl.name,
                                      share: cl.wards.first { $0.ward == w.code }?.main == true ? "main" : "part")
                }
            } ?? []
            let answer = Answer(lon: c.lon, lat: c.lat, inside: ward != nil, ward: ward.map { .init(id: $0.code, name: $0.name) },
                                district: district.map { .init(id: $0.id, name: $0.name) }, clusters: clusters,
                                boundaries: b.isSchematic ? "schematic" : b.source.name, approximate: b.isSchematic, note: note)
            if json {
                try printJSON(answer)
                if ward == nil { throw ExitCode(1) }
                return
            }
            guard let ward else {
                printError(String(format: "%.5f, %.5f (lon, lat) is outside Oldham's wards", c.lon, c.lat)
                           + (b.isSchematic ? " (schematic map: approximate; import real boundaries for exact answers)" : ""))
                throw ExitCode(1)
            }
            print("\(ward.name) (\(ward.code))")
            print("district  \(district?.name ?? "")")
            print("clusters  " + clusters.map { $0.share == "main" ? $0.name : "\($0.name) (part)" }.joined(separator: ", "))
            if b.isSchematic {
                print("approximate: only the schematic ward map is loaded; import real boundaries with "
                      + "`assetmap boundaries import FILE.geojson` for an exact answer")
            } else {
                print("boundaries  \(b.source)")
            }
            if let note { print("note  \(note)") }
        }
    }
}
