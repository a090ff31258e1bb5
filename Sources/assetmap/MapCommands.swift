import ArgumentParser
import AssetCatalogue
import AssetMapApp
import CursesTerminal
import Foundation
import TermUI

/// `assetmap map`: the ward map as text (for handouts) or as an SVG file.
struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Print the ward map as text, or write it as SVG (--svg FILE).",
        discussion: """
            Draws the wards (the schematic map unless real boundaries were imported), the cluster areas, every asset \
            as a dot and a legend with the data attribution. Shading: assets (per ward), per-1000 (residents), gap \
            (wards with no asset of --category) or transfers (buildings in the transfer pipeline).
            Examples: assetmap map --width 100 --height 40
                      assetmap map --shade gap --category "lunch club" --ascii
                      assetmap map --svg oldham.svg --shade per-1000
            """)

    @OptionGroup var catalogue: CatalogueOptions
    @Option(name: .long, help: "Columns of text (default 100).") var width = 100
    @Option(name: .long, help: "Rows of text (default 40).") var height = 40
    @Option(name: .long, help: ArgumentHelp("Zoom to this ward and focus it.", valueName: "name")) var ward: String?
    @Option(name: .long, help: ArgumentHelp("assets, per-1000, gap or transfers.", valueName: "mode")) var shade = "assets"
    @Option(name: .long, help: ArgumentHelp("The gap map's category (default: lunch club).", valueName: "name")) var category: String?
    @Option(name: .long, help: ArgumentHelp("Light only the assets matching this search (the search language of assetmap search).", valueName: "query")) var search: String?
    @Option(name: .long, help: ArgumentHelp("Colour dots by kind or category (SVG).", valueName: "kind|category")) var dots = "kind"
    @Option(name: .long, help: ArgumentHelp("braille, half-block or ascii (default braille).", valueName: "mode")) var mode: String?
    @Flag(name: .long, help: "Plain ASCII, for fonts without Braille (same as --mode ascii).") var ascii = false
    @Flag(name: .long, help: "Leave out the cluster outlines.") var noClusters = false
    @Option(name: .long, help: ArgumentHelp("Write an SVG map with legend and attribution to this file.", valueName: "file")) var svg: String?
    @Option(name: .long, help: "SVG width in pixels (default 1000).") var svgWidth = 1000
    @Option(name: .long, help: "SVG height in pixels (default 700).") var svgHeight = 700

    func validate() throws {
        if width < 20 || height < 8 { throw ValidationError("the map needs at least --width 20 --height 8") }
        if width > 2000 || height > 1000 { throw ValidationError("--width is at most 2000 and --height at most 1000") }
        if MapShade(loose: shade) == nil { throw ValidationError("--shade is one of assets, per-1000, gap, transfers (not \"\(shade)\")") }
        if let mode, RasterMode(rawValue: mode) == nil { throw ValidationError("--mode is one of braille, half-block, ascii (not \"\(mode)\")") }
        if MapDotColour(rawValue: dots) == nil { throw ValidationError("--dots is kind or category") }
    }

    func run() throws {
        try reportingErrors {
            let (_, cat) = try catalogue.open()
            var state = MapState()
            state.isOpen = true
            state.shade = MapShade(loose: shade)!
            state.raster = ascii ? .ascii : mode.flatMap(RasterMode.init(rawValue:)) ?? .braille
            state.dots = MapDotColour(rawValue: dots)!
            state.clusters = !noClusters
            if let category {
                state.gapCategory = try cat.taxonomy.find(category).id
                if MapShade(loose: shade) == .assets && !shadeGiven { state.shade = .gap }
            }
            guard let b = cat.geography.boundaries else { throw CLIError("no ward shapes to draw (the schematic map file is missing)") }
            if let ward {
                let w = try cat.geography.ward(named: ward)
                state.ward = w.code
                if let bounds = b.planeShapes[w.code]?.bounds {
                    let v = Viewport(home: b.planeBounds, columns: width, rows: height, mode: state.raster).fitted(to: bounds.expanded(by: 1500))
                    state.zoom = max(1, v.zoom)
                    state.centre = v.centre
                }
            }
            let query = try search.map { try SearchQuery.parse($0, in: cat) }
            guard let scene = MapScene.make(catalogue: cat, state: state, query: query) else { throw CLIError("no ward shapes to draw") }
            if let svg {
                let text = MapSVG.render(scene, width: svgWidth, height: svgHeight)
                try OutputFile.write(Data(text.utf8), to: svg)
                printError("wrote \(svg): \(b.isSchematic ? "schematic wards" : "ward boundaries from \(b.source.name)"), \(scene.shading.title.lowercased())")
                return
            }
            print(scene.text(width: width, height: height), terminator: "")
        }
    }

    /// True when --shade was given explicitly (a --category alone asks for the gap map).
    var shadeGiven: Bool { CommandLine.arguments.contains { $0 == "--shade" || $0.hasPrefix("--shade=") } }
}

/// `assetmap present`: the explorer for a room — read-only, no contact details, high contrast,
/// larger labels, the last key shown, and an optional slow tour.
struct Present: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Presentation mode: the explorer and map, read-only, contact details hidden, high contrast.",
        discussion: """
            Opens the catalogue read-only (nothing can be written), hides every email, phone number, website and \
            lead officer, draws larger ward labels in a high-contrast palette and shows the last key pressed. \
            --tour SECONDS moves through the wards (or --tour-by clusters) on its own; any key pauses it, t resumes.
            """)

    @Option(name: .long, help: ArgumentHelp("SQLite catalogue to use.", valueName: "path")) var db: String?
    @Option(name: .long, help: ArgumentHelp("Seconds per stop of a slow tour.", valueName: "seconds")) var tour: Double?
    @Option(name: .long, help: ArgumentHelp("Tour the wards or the clusters.", valueName: "wards|clusters")) var tourBy = "wards"
    @Flag(name: .long, help: "Start with the map full screen.") var fullMap = false

    func validate() throws {
        if let tour, !(tour >= 0.5 && tour <= 3600) { throw ValidationError("--tour takes 0.5 to 3600 seconds") }
        if MapTour.Stops(rawValue: tourBy) == nil { throw ValidationError("--tour-by is wards or clusters") }
    }

    func run() throws {
        let term: CursesTerminal
        do { term = try CursesTerminal.open() } catch {
            printError(error.message())
            throw ExitCode(2)
        }
        let cat: Catalogue
        do {
            let path = db.map { URL(fileURLWithPath: $0) } ?? AppPaths().defaultDatabase
            (_, cat) = try reportingErrors { try CatalogueStore.openCatalogue(path: path, readOnly: true, officer: CatalogueStore.loginName) }
        } catch {
            term.close()
            throw error
        }
        var app = Explorer(catalogue: cat, readOnly: true)
        app.size = term.size
        app.startPresentation(tour: tour.map { MapTour(stops: MapTour.Stops(rawValue: tourBy)!, seconds: $0) }, fullScreenMap: fullMap)
        let code = runExplorer(&app, term: term)
        term.close()
        if code != 0 { throw ExitCode(code) }
    }
}

/// Runs the explorer with the remembered map settings, saving them when they change.
func runExplorer(_ app: inout Explorer, term: CursesTerminal, loader: BackgroundLoad? = nil) -> Int32 {
    let file = MapSettings.file()
    app.applyMapSettings(MapSettings.load(from: file))
    var program = RememberingMapSettings(app: app, file: file, loader: loader)
    let code = term.run(&program, theme: term.recommendedTheme)
    app = program.app
    return code
}

/// The explorer, plus one effect: map settings written to the config folder when they change.
struct RememberingMapSettings: TerminalProgram {
    var app: Explorer
    let file: URL
    /// The whole catalogue loading in the background, when the explorer started on a preview.
    var loader: BackgroundLoad? = nil

    mutating func update(_ event: InputEvent) -> ProgramCommand {
        if case .tick = event, let outcome = loader?.take() {
            loader = nil
            switch outcome {
            case .loaded(let cat, let index): app.finishLoading(catalogue: cat, index: index)
            case .failed(let why): app.noteProblem(why)
            }
        }
        let before = app.map.settings
        let r = app.update(event)
        if app.map.settings != before && app.mayWriteSettings {
            do { try app.map.settings.save(to: file) } catch { app.noteProblem("could not save the map settings to \(file.path): \(error.localizedDescription)") }
        }
        return r
    }

    func view(size: Size, theme: Theme) -> Buffer { app.view(size: size, theme: theme) }
    var needsTick: Bool { app.needsTick }
    mutating func willRender() { app.willRender() }
}
