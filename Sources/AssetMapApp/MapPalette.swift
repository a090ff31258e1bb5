import AssetCatalogue
import TermUI

/// The map's commands in the `:` palette (Palette.swift asks here first).
enum MapPalette {
    static let commands: [(name: String, hint: String)] = [
        ("map", "open the map beside the list"), ("shade", "shade the map: assets, per-1000, gap, transfers"),
        ("gap", "gap map: where is there no … (a category)"), ("tour", "tour the wards or clusters slowly"),
        ("present", "presentation mode: read-only, no contacts, high contrast"),
    ]

    static func values(for command: String, in e: Explorer) -> [String]? {
        switch command {
        case "shade": return MapShade.allCases.map(\.rawValue)
        case "gap": return e.catalogue.taxonomy.categories.map(\.name)
        case "tour": return MapTour.Stops.allCases.map(\.rawValue)
        default: return nil
        }
    }

    /// Runs a map command; nil when `cmd` is not one.
    static func run(_ cmd: String, _ arg: String, on e: inout Explorer) -> ProgramCommand? {
        switch cmd {
        case "map":
            e.openMap()
        case "shade":
            guard let s = MapShade(loose: arg) else {
                e.message = "shade by assets, per-1000, gap or transfers"
                return ProgramCommand.none
            }
            e.openMap()
            e.map.shade = s
            e.refreshMap()
            e.message = e.mapCache.shading?.title
        case "gap":
            do {
                let cat = try e.catalogue.taxonomy.find(arg)
                e.openMap()
                e.map.gapCategory = cat.id
                e.map.shade = .gap
                e.refreshMap()
                e.message = e.mapCache.shading?.title
            } catch {
                e.message = error.description
            }
        case "tour":
            guard let stops = arg.isEmpty ? .wards : MapTour.Stops(rawValue: Text.fold(arg)) else {
                e.message = "tour wards or tour clusters"
                return ProgramCommand.none
            }
            e.startTour(MapTour(stops: stops, seconds: 6))
        case "present":
            e.togglePresentation()
        default:
            return nil
        }
        return ProgramCommand.none
    }
}
