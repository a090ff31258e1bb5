import AssetCatalogue
import TermUI

/// Launch on a large catalogue (issue 3): the explorer starts on a preview — the real asset count
/// and the first page in name order, read straight from SQLite — while the runtime loads the whole
/// catalogue and builds the index elsewhere, then hands them over with `finishLoading`.
///
/// While loading, the results list (the preview page) can be moved through and opened, panes
/// focused, help read, a search typed (it runs when the catalogue arrives), and `q` quits.
/// Everything that needs the whole catalogue (navigator counts and filters, sort, the filter
/// line, the palette, the map, records) says it waits for loading.
extension Explorer {
    /// An explorer on the first page of a catalogue of `total` assets that is still loading.
    public static func preview(_ preview: LaunchPreview, readOnly: Bool = false, store: (any RecordStore)? = nil,
                               officer: String = CatalogueStore.loginName, today: LocalDate = .today(),
                               accessible: Bool = false) -> Explorer {
        var e = Explorer(catalogue: preview.catalogue, readOnly: readOnly, store: store, officer: officer, today: today,
                         accessible: accessible)
        e.loading = preview.total
        if let index = preview.index {
            // The whole catalogue's counts, from its index: the navigator is drawn in full at once.
            let rows = Browse.navRows(tab: e.navTab, expanded: e.expanded, index: index, in: e.catalogue) { _ in SearchQuery() }
            e.previewNavRows = rows
            e.navRows = rows  // what moving in the navigator counts
        }
        return e
    }

    /// The keys that work on the preview.
    static let actionsWhileLoading: Set<Action> = [
        .quit, .back, .help, .search, .nextPane, .prevPane, .focusNavigator, .focusResults, .focusDetail,
        .up, .down, .pageUp, .pageDown, .top, .bottom, .open, .submit, .cancel, .suspend, .redraw,
    ]

    /// Whether `action` must wait for the full catalogue (and the message saying so).
    func waitsForLoading(_ action: Action) -> Bool {
        guard loading != nil else { return false }
        if action == .open && focus == .navigator { return true }
        return !Explorer.actionsWhileLoading.contains(action)
    }

    var loadingLine: String? {
        guard let n = loading else { return nil }
        if let q = parsedQuery, !q.isEmpty {
            return "loading \(grouped(n)) assets… (the search \"\(query)\" runs when loading finishes)"
        }
        return "loading \(grouped(n)) assets… (search is ready when loading finishes)"
    }

    /// Replaces the preview with the whole catalogue and its index, keeping the focus, the detail
    /// pane and the selected asset (and the list's scroll when the selection is kept). A search typed
    /// while loading runs now, from the top of its results.
    public mutating func finishLoading(catalogue full: Catalogue, index: SearchIndex) {
        guard loading != nil else { return }
        let selected = selectedAsset?.id
        let offset = results.offset, row = results.selected
        loading = nil
        previewNavRows = nil
        catalogue = full
        self.index = index
        let typed = parsedQuery.map { !$0.isEmpty } ?? false
        if !query.isEmpty { setQuery(query) }
        if typed {
            recompute()
            results = ListState()
        } else {
            recompute(keepSelection: selected)
            if selectedAsset?.id == selected, results.selected == row { results.offset = offset }
            results.clamp(count: items.count)
        }
    }
}
