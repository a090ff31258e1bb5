import AssetCatalogue
import Foundation
import TermUI

/// What the map shades each ward by (`s` cycles; the legend explains the one in force).
public enum MapShade: String, CaseIterable, Sendable {
    /// Matching assets per ward.
    case assets
    /// Matching assets per 1,000 residents (ward populations from wards.csv).
    case perThousand = "per-1000"
    /// Whether a ward has any matching asset of the chosen category: the gap map.
    case gap
    /// Buildings in the transfer pipeline (enquiry or in progress) per ward.
    case transfers

    public var label: String {
        switch self {
        case .assets: "assets per ward"
        case .perThousand: "assets per 1,000 residents"
        case .gap: "gap map"
        case .transfers: "transfer pipeline by ward"
        }
    }

    /// Accepts the raw value and a few natural spellings (`count`, `per1000`, `population`, `pipeline`).
    public init?(loose s: String) {
        switch Text.fold(s).replacingOccurrences(of: "_", with: "-") {
        case "assets", "count", "counts", "asset": self = .assets
        case "per-1000", "per1000", "per-thousand", "population", "residents", "rate": self = .perThousand
        case "gap", "gaps", "presence", "absence": self = .gap
        case "transfers", "transfer", "pipeline", "cat-pipeline": self = .transfers
        default: return nil
        }
    }
}

/// What colours an asset's dot.
public enum MapDotColour: String, CaseIterable, Sendable {
    case kind, category
}

/// A slow tour through the wards or the clusters, advanced by the runtime's tick events.
public struct MapTour: Equatable, Sendable {
    public enum Stops: String, CaseIterable, Sendable { case wards, clusters }
    public var stops: Stops
    /// Ticks between stops (the run loop ticks every `MapTour.tickMs` while a tour runs).
    public var ticksPerStop: Int
    public var ticks = 0
    /// The stop shown (an index into the tour's ward or cluster list).
    public var index = 0
    public var paused = false
    /// The cluster shown, on a tour by clusters (the status line names it, not one of its wards).
    public var stopName: String?

    /// The run loop's tick interval (CursesTerminal.Options.tickIntervalMs).
    public static let tickMs = 100

    public init(stops: Stops, seconds: Double) {
        self.stops = stops
        ticksPerStop = max(1, Int((seconds * 1000 / Double(MapTour.tickMs)).rounded()))
    }
}

/// The map's part of the explorer state. Geometry changes (zoom, pan, focus) are stored here;
/// the viewport is derived from it and the map's rect whenever it is needed.
public struct MapState: Equatable, Sendable {
    public var isOpen = false
    /// Full screen, or a pane beside the list.
    public var fullScreen = false
    /// The map has the keyboard.
    public var focused = false
    public var raster: RasterMode = .braille
    public var shade: MapShade = .assets
    /// The category of the gap map (any taxonomy id; a top-level id includes its subcategories).
    public var gapCategory = "food.lunch-club"
    public var dots: MapDotColour = .kind
    /// Draw the cluster areas over the wards.
    public var clusters = true
    /// The focused ward (arrow keys move it, Enter filters to it).
    public var ward: String?
    public var zoom: Double = 1
    /// The plane point at the middle of the map; nil is the borough's centre.
    public var centre: MapPoint?
    public var tour: MapTour?
    /// Where a drag started (cell) and the centre then.
    var drag: Point?

    public init() {}

    /// The remembered settings.
    public var settings: MapSettings { MapSettings(raster: raster) }
}

/// Map settings remembered between runs: `$XDG_CONFIG_HOME/assetmap/map.json`
/// (`$ASSETMAP_HOME/config/map.json` under ASSETMAP_HOME).
public struct MapSettings: Codable, Equatable, Sendable {
    public var raster: RasterMode

    public init(raster: RasterMode = .braille) { self.raster = raster }

    public static func file(in paths: AppPaths = AppPaths()) -> URL { paths.config.appendingPathComponent("map.json") }

    /// The saved settings; defaults when there is no file or it cannot be read.
    public static func load(from url: URL = MapSettings.file()) -> MapSettings {
        guard let data = try? Data(contentsOf: url), let s = try? JSONDecoder().decode(MapSettings.self, from: data) else {
            return MapSettings()
        }
        return s
    }

    public func save(to url: URL = MapSettings.file()) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        try e.encode(self).write(to: url, options: .atomic)
    }
}

/// Presentation mode: read-only, no contact details, high contrast, the last key shown.
public struct Presentation: Equatable, Sendable {
    /// Started as `assetmap present`: it cannot be switched off in the app.
    public var locked: Bool
    /// What `readOnly` was before presentation mode (restored when it is switched off).
    var wasReadOnly: Bool
    /// The name of the last key pressed, shown so the room can follow.
    public var lastKey: String?
}
