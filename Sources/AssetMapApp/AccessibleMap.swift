import AssetCatalogue
import TermUI

/// Accessible mode's map: a table of the wards with their figures instead of a drawing, one line
/// per ward starting with its name, the real cursor on the focused ward's row.
extension Explorer {
    /// One line per ward: name, matching assets, per 1,000 residents, and the shading in force
    /// (for the gap map: how many of the gap category, or "none").
    func wardTableRows(_ scene: MapScene) -> [(code: String, cells: [String])] {
        let shade = scene.shading
        return catalogue.geography.wards.map { w in
            let n = shade.matches[w.code] ?? 0
            return (w.code, [w.name, grouped(n), MapShading.perThousandText(MapShading.perThousand(n, of: w)),
                             shade.wards[w.code]?.text ?? ""])
        }
    }

    func drawWardTable(_ scene: MapScene, into b: inout Buffer, area: Rect, theme: Theme) {
        let rows = wardTableRows(scene)
        let selected = map.ward.flatMap { code in rows.firstIndex { $0.code == code } } ?? 0
        let shadeTitle = scene.shading.mode == .gap ? "Gap" : scene.shading.mode.label
        let columns = [TableColumn("Ward", width: .fill(3)), TableColumn("Assets", width: .fixed(6), alignment: .right),
                       TableColumn("Per 1,000", width: .fixed(9), alignment: .right),
                       TableColumn(shadeTitle, width: .fixed(6), alignment: .right)]
        var state = ListState(selected: selected)
        state.ensureVisible(height: max(1, area.height - 1), count: rows.count)
        Table(columns: columns, rowCount: rows.count, state: state, focused: map.focused && mode == .browse) { i in
            rows[i].cells.enumerated().map { TableCell($0.element, style: $0.offset == 0 ? theme.normal : theme.dim) }
        }.render(into: &b, area: area, theme: theme)
    }
}
