import TermUI

extension ExplorerKeys {
    /// The map's and presentation mode's bindings, appended to the one key table (`table`).
    static let mapBindings: [KeyBinding<Action, ExplorerContext>] = {
        typealias B = KeyBinding<Action, ExplorerContext>
        let lists: Set<ExplorerContext> = [.navigator, .results, .detail]
        let panes = lists.union([.map])
        let m: Set<ExplorerContext> = [.map]
        return [
            B([.char("m")], .openMap, contexts: lists, description: "Open the map beside the list (linked both ways)", label: "map"),
            B([.char("4")], .focusMap, contexts: panes, description: "Focus the map (opens it)", label: "map"),
            B([.char("P")], .present, contexts: panes, description: "Presentation mode: read-only, contacts hidden, high contrast, last key shown", label: "present"),
            B([.up], .mapWardUp, contexts: m, description: "Focus the neighbouring ward to the north", label: "ward", showInBar: true, barPriority: 9, barKeys: "←↑↓→"),
            B([.down], .mapWardDown, contexts: m, description: "Focus the neighbouring ward to the south", label: "ward"),
            B([.left], .mapWardLeft, contexts: m, description: "Focus the neighbouring ward to the west", label: "ward"),
            B([.right], .mapWardRight, contexts: m, description: "Focus the neighbouring ward to the east", label: "ward"),
            B([.enter], .mapFilterWard, contexts: m, description: "Filter the lists to the focused ward", label: "filter", showInBar: true, barPriority: 8),
            B([.char("+"), .char("=")], .zoomIn, contexts: m, description: "Zoom in (the wheel zooms at the pointer)", label: "zoom", showInBar: true, barPriority: 6, barKeys: "+/-"),
            B([.char("-"), .char("_")], .zoomOut, contexts: m, description: "Zoom out", label: "zoom"),
            B([.char("0")], .zoomFit, contexts: m, description: "Fit the borough", label: "fit", showInBar: true, barPriority: 4),
            B([.char("h")], .panLeft, contexts: m, description: "Pan west (or drag with the mouse)", label: "pan", showInBar: true, barPriority: 5, barKeys: "hjkl"),
            B([.char("j")], .panDown, contexts: m, description: "Pan south", label: "pan"),
            B([.char("k")], .panUp, contexts: m, description: "Pan north", label: "pan"),
            B([.char("l")], .panRight, contexts: m, description: "Pan east", label: "pan"),
            B([.char("s")], .mapShade, contexts: m, description: "Cycle the shading: assets per ward, per 1,000 residents, gap map, transfer pipeline", label: "shade", showInBar: true, barPriority: 7),
            B([.char("]")], .mapNextCategory, contexts: m, description: "Gap map: the next category (where is there no …?)", label: "category", showInBar: true, barPriority: 3, barKeys: "[/]"),
            B([.char("[")], .mapPrevCategory, contexts: m, description: "Gap map: the previous category", label: "category"),
            B([.char("c")], .mapRaster, contexts: m, description: "Cycle the drawing: Braille dots, half blocks, plain ASCII (remembered)", label: "dots", showInBar: true, barPriority: 4),
            B([.char("d")], .mapDots, contexts: m, description: "Colour the asset dots by kind or by category", label: "colour"),
            B([.char("o")], .mapClusters, contexts: m, description: "Show or hide the cluster areas", label: "clusters"),
            B([.char("z")], .mapFullScreen, contexts: m, description: "Full-screen map, or a pane beside the list", label: "full", showInBar: true, barPriority: 5),
            B([.char("t")], .mapTour, contexts: m, description: "Tour the wards slowly: t starts, resumes a paused tour or stops it; any other key pauses it", label: "tour"),
            B([.char("m")], .openMap, contexts: m, description: "Close the map", label: "close"),
        ]
    }()
}
