import AssetCatalogue
import TermUI

extension Explorer: TerminalProgram {
    public mutating func update(_ event: InputEvent) -> ProgramCommand {
        if case .resize(let s) = event { size = s }
        return update(event, size: size)
    }

    /// Once per frame, after a burst of events: the one search the last keystroke asked for.
    public mutating func willRender() {
        flushPendingSearch()
        readShownPage()
    }

    /// The whole frame: a pure function of the state, the size and the theme.
    public func view(size: Size, theme base: Theme) -> Buffer {
        let theme = presentation != nil && base.usesColor ? Theme.presentation : base
        let layout = ScreenLayout.compute(self, size: size)
        if layout.tooSmall { return TooSmall.render(need: ScreenLayout.minimum, have: size, theme: theme) }
        var b = Buffer(size: size, style: theme.normal)
        drawHeader(into: &b, layout: layout, theme: theme)
        drawCrumbs(into: &b, layout: layout, theme: theme)
        if let r = layout.panes[.navigator] { drawNavigator(into: &b, area: r, layout: layout, theme: theme) }
        if let r = layout.panes[.results] { drawResults(into: &b, area: r, theme: theme) }
        if let r = layout.panes[.detail] { drawDetail(into: &b, area: r, layout: layout, theme: theme) }
        if let r = layout.map { drawMap(into: &b, area: r, theme: theme) }
        drawPresentationBanner(into: &b, layout: layout, theme: theme)
        drawStatus(into: &b, layout: layout, theme: theme)
        KeyBar(keyBarItems).render(into: &b, area: layout.keyBar, theme: theme)  // keyBarItems: MapExplorer.swift
        let screen = Rect(size: size)
        switch mode {
        case .help:
            HelpView(sections: ExplorerKeys.table.allSections(contextOrder: ExplorerContext.allCases), scroll: helpScroll,
                     title: "Keys — q or Esc closes")
                .render(into: &b, screen: screen, theme: theme)
        case .palette:
            let items = Palette.suggestions(for: paletteField.text, in: self).map { s in
                [Span(s.label, theme.normal)] + (s.hint.isEmpty ? [] : [Span("  " + s.hint, theme.dim)])
            }
            CommandPalette(field: paletteField, items: items, list: palette, placeholder: "ward, cluster, category, sort, open …")
                .render(into: &b, screen: screen, theme: theme)
        case .records:
            drawRecords(into: &b, layout: layout, theme: theme)
        default:
            break
        }
        // The real cursor shows where a reader is: always in accessible mode, else only in a text field.
        if !accessible && !textFieldFocused { b.cursor = nil }
        return b
    }

    /// Whether typing goes into a text field (search, filter, palette or a form).
    var textFieldFocused: Bool {
        switch mode {
        case .search, .filter, .palette: true
        case .records: records.form != nil
        case .browse, .help: false
        }
    }

    func drawHeader(into b: inout Buffer, layout: ScreenLayout, theme: Theme) {
        let r = layout.header
        b.fill(r, style: theme.statusBar)
        let left = [Span(" assetmap ", theme.statusBar.adding(.bold)), Span("│ " + catalogue.name, theme.statusBar)]
        var right = loading.map { "\($0) assets, loading… " } ?? "\(total) of \(catalogue.count) assets "
        if readOnly { right = "READ-ONLY · " + right }
        let rw = TextWidth.width(of: right)
        b.put(left, x: r.x, y: r.y, maxWidth: max(0, r.width - rw - 1))
        b.put(right, x: r.maxX - rw, y: r.y, style: readOnly ? theme.statusBar.adding(.bold) : theme.statusBar, maxWidth: rw)
    }

    func drawCrumbs(into b: inout Buffer, layout: ScreenLayout, theme: Theme) {
        let r = layout.crumbs
        b.put(ScreenLayout.crumbsPrefix, x: r.x, y: r.y, style: theme.dim)
        if chips.isEmpty {
            // Only what is on this screen: the navigator, else the map, filters with Enter.
            let enter = layout.panes[.navigator] != nil ? "Enter on the navigator filters, " : layout.map != nil ? "Enter on the map filters to its ward, " : ""
            b.put("none — \(enter)/ searches", in: layout.crumbsArea, style: theme.dim)
        } else {
            Breadcrumbs(chips.map(\.label)).render(into: &b, area: layout.crumbsArea, theme: theme)
        }
        if !query.isEmpty && mode != .search {
            let q = "search: " + query + " "
            let w = min(TextWidth.width(of: q), r.width / 3)
            b.put(q, x: r.maxX - w, y: r.y, style: theme.highlight, maxWidth: w)
        }
    }

    func drawNavigator(into b: inout Buffer, area: Rect, layout: ScreenLayout, theme: Theme) {
        let inner = Panel(title: "1 Browse", focused: focus == .navigator && mode == .browse).render(into: &b, area: area, theme: theme)
        guard let tabs = layout.tabsArea else { return }
        Tabs(ScreenLayout.tabTitles(selected: navTab, width: tabs.width), selected: navTab.rawValue, focused: focus == .navigator)
            .render(into: &b, area: tabs, theme: theme)
        let (_, rest) = inner.splitTop(1)
        let (rule, listArea) = rest.splitTop(1)
        b.hline(x: rule.x, y: rule.y, length: rule.width, style: theme.border, kind: theme.boxKind)
        let active = Set(chips.map { "\($0.facet.rawValue)=\($0.key)" })
        let rows = loading == nil ? navRows : previewNavRows ?? []
        ListView(count: rows.count, state: nav, focused: focus == .navigator, emptyText: loading == nil ? "Nothing here" : "loading…") { i in
            let row = rows[i]
            let marker = row.expandable ? (expanded.contains(row.id) ? "▾ " : "▸ ") : "  "
            let indent = String(repeating: "  ", count: row.depth)
            let last = row.path.last.map { "\($0.facet.rawValue)=\($0.key)" } ?? ""
            let style = row.count == 0 ? theme.dim : (active.contains(last) ? theme.title : theme.normal)
            let count = String(row.count)
            if accessible {   // one line that starts with the name
                let state = row.expandable ? (expanded.contains(row.id) ? ", open" : ", closed") : ""
                return [Span(row.label, style), Span(" \(count)" + state, theme.dim)]
            }
            let labelWidth = max(1, listArea.width - 2 - TextWidth.width(of: indent + marker) - count.count - 1)
            return [Span(indent + marker, theme.dim),
                    Span(TextWidth.pad(row.label, to: labelWidth), style),
                    Span(" " + count, row.count == 0 ? theme.warning : theme.dim)]
        }.render(into: &b, area: listArea, theme: theme)
    }

    func drawResults(into b: inout Buffer, area: Rect, theme: Theme) {
        let sortLabel = sort == .relevance ? (parsedQuery?.hasText == true ? "by relevance" : "by name") : "by \(sort.label)"
        let inner = Panel(title: "2 Results", rightTitle: "\(loading ?? total) · \(sortLabel)",
                          focused: focus == .results && mode == .browse || mode == .search || mode == .filter)
            .render(into: &b, area: area, theme: theme)
        let w = inner.width
        var columns = [TableColumn("Name", width: .fill(4))]
        if w >= 50 { columns.append(TableColumn("Kind", width: .fixed(9))) }
        if w >= 60 { columns.append(TableColumn("Ward", width: .fixed(14))) }
        if w >= 90 { columns.append(TableColumn("Category", width: .fixed(17))) }
        if w >= 74 { columns.append(TableColumn("Summary", width: .fill(3))) }
        let c = catalogue
        let items = self.items
        let query = parsedQuery
        let n = columns.count
        Table(columns: columns, rowCount: items.count, state: results, focused: focus == .results,
              emptyText: queryError == nil ? "No assets match" : "The query has a problem (see below)") { i in
            let a = items[i]
            let name = c.name(at: a), kind = c.kind(at: a)
            let highlights = query.map { matchedRanges(in: name, for: $0) } ?? []
            var cells = [TableCell(name, style: theme.normal, highlights: highlights)]
            if n > 1 { cells.append(TableCell(kind.label.split(separator: "/").first.map(String.init) ?? "", style: theme.accent(kind.accentIndex))) }
            if w >= 60 { cells.append(TableCell(c.wardName(c.ward(at: a)), style: theme.normal)) }
            if w >= 90 { cells.append(TableCell(c.categories(at: a).first.map { c.taxonomy.name(of: $0) } ?? "", style: theme.dim)) }
            if w >= 74 { cells.append(TableCell(c.summary(at: a), style: theme.dim)) }
            return cells
        }.render(into: &b, area: inner, theme: theme)
    }

    func drawDetail(into b: inout Buffer, area: Rect, layout: ScreenLayout, theme: Theme) {
        let inner = Panel(title: "3 Detail", rightTitle: stack.isEmpty ? nil : "q back",
                          focused: focus == .detail && mode == .browse).render(into: &b, area: area, theme: theme)
        guard let a = detailAsset, let linksRect = layout.detailLinksRect else { return }
        // Whether an anchor is based here, from the links the pane shows (a compact catalogue holds none itself).
        let anchorHere = detailLinks.contains { !$0.outgoing && $0.relation == .basedAt && $0.asset.kind == .anchor }
        let fields = withRecordStatus(AssetDetails.fields(of: a, in: catalogue, hideContacts: hideContacts, anchor: anchorHere), of: a)
        let fieldsArea = Rect(x: inner.x, y: inner.y, width: inner.width, height: max(0, linksRect.y - 1 - inner.y))
        KeyValueView(fields.map { (key: $0.0, value: [Span($0.1, $0.0 == "Name" ? theme.title : theme.normal)]) },
                     keyWidth: 12, scroll: detail?.scroll ?? 0)
            .render(into: &b, area: fieldsArea, theme: theme)
        let links = detailLinks
        let ruleY = linksRect.y - 1
        b.hline(x: inner.x, y: ruleY, length: inner.width, style: theme.border, kind: theme.boxKind)
        b.put(" Linked assets (\(links.count)) ", x: inner.x + 1, y: ruleY, style: theme.title, maxWidth: inner.width - 2)
        ListView(count: links.count, state: detail?.links ?? ListState(), focused: focus == .detail, emptyText: "No linked assets") { i in
            let l = links[i]
            if accessible { return [Span(l.asset.name, theme.normal), Span(", " + l.label + ", " + l.asset.kind.rawValue, theme.dim)] }
            return [Span(TextWidth.pad(l.label, to: 16), theme.dim), Span(l.asset.name, theme.normal),
                    Span("  " + l.asset.kind.rawValue, theme.accent(l.asset.kind.accentIndex))]
        }.render(into: &b, area: linksRect, theme: theme)
    }

    func drawStatus(into b: inout Buffer, layout: ScreenLayout, theme: Theme) {
        let r = layout.status
        switch mode {
        case .search:
            var field = searchField
            field.ensureCursorVisible(width: max(1, r.width - 9))
            TextField(state: field, prompt: [Span(" search: ", theme.keyHint)], placeholder: "words, \"phrases\", -exclude, ward: cat: day: kind: …")
                .render(into: &b, area: r, theme: theme)
            if let err = queryError {
                let w = min(TextWidth.width(of: err) + 2, r.width / 2)
                b.put(" " + err, x: r.maxX - w, y: r.y, style: theme.error, maxWidth: w)
            }
        case .filter:
            TextField(state: filterField, prompt: [Span(" filter: ", theme.keyHint)], placeholder: "narrow this list")
                .render(into: &b, area: r, theme: theme)
        default:
            if let message {
                b.put(" " + message, in: r, style: theme.ok)
            } else if let loadingLine {
                b.put(" " + loadingLine, in: r, style: theme.warning)
            } else if let queryError {
                b.put(" " + queryError, in: r, style: theme.error)
            } else if !filterField.text.isEmpty {
                b.put(" filter: " + filterField.text + "  (Esc clears)", in: r, style: theme.dim)
            } else {
                b.put(" " + (selectedAsset.map { "\($0.name) — \(catalogue.wardName($0.ward)), \(catalogue.clusterName($0.cluster)) cluster" } ?? ""),
                      in: r, style: theme.dim)
            }
        }
    }
}

extension AssetKind {
    /// Which theme accent colours this kind.
    var accentIndex: Int {
        switch self {
        case .group: 0
        case .activity: 1
        case .place: 2
        case .anchor: 3
        }
    }
}
