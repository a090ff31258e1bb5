import AssetCatalogue
import Foundation
import TermUI

extension Explorer {
    /// The only place state changes: one input event in, what the runtime should do out.
    public mutating func update(_ event: InputEvent, size: Size) -> ProgramCommand {
        if case .mouse = event {
            if loading != nil { return .none }  // the preview takes keys only (Loading.swift)
            flushPendingSearch()
        }
        switch event {
        case .key(let key):
            let paused = noteKey(key)
            let r = handleKey(key, size: size)
            if paused && message == nil { message = "tour paused (t resumes)" }
            return r
        case .mouse(let m): handleMouse(m, size: size); return .none
        case .paste(let text):
            switch mode {
            case .search: searchField.paste(text); searchChanged()
            case .filter: filterField.paste(text); recompute(keepSelection: selectedAsset?.id)
            case .palette: paletteField.paste(text); palette = ListState()
            case .records: pasteIntoForm(text)
            default: break
            }
            return .none
        case .tick:
            mapTick()
            return .none
        case .resize:
            // ScreenLayout is a function of size: selections and scroll stay as they are.
            return .none
        }
    }

    mutating func handleKey(_ key: Key, size: Size) -> ProgramCommand {
        message = nil
        let editsSearch = mode == .search && ExplorerKeys.table.action(for: key, in: context) == nil
        if !editsSearch { flushPendingSearch() }
        let layout = ScreenLayout.compute(self, size: size)
        let action = ExplorerKeys.table.action(for: key, in: context)
        if action == .quit { return .quit(0) }
        if action == .suspend { return .suspend }
        if action == .redraw { return .redraw }
        switch mode {
        case .search:
            switch action {
            case .submit: mode = .browse; beforeSearch = nil; focus = .results; map.focused = false  // Enter then opens the top result
            case .cancel:
                if let s = beforeSearch { restore(s) }
                beforeSearch = nil
                mode = .browse
            case .down: rankThrough(results.selected + layout.listHeight); results.moveDown(count: items.count)
            case .up: results.moveUp(count: items.count)
            default:
                if searchField.handle(key) { searchChanged() }
            }
            return .none
        case .filter:
            switch action {
            case .submit: mode = .browse
            case .cancel: filterField = TextFieldState(); mode = .browse; recompute(keepSelection: selectedAsset?.id)
            case .down: rankThrough(results.selected + layout.listHeight); results.moveDown(count: items.count)
            case .up: results.moveUp(count: items.count)
            default:
                if filterField.handle(key) { recompute(keepSelection: selectedAsset?.id); results.ensureVisible(height: layout.listHeight, count: items.count) }
            }
            return .none
        case .palette:
            let suggestions = Palette.suggestions(for: paletteField.text, in: self)
            switch action {
            case .submit:
                let text = palette.selected < suggestions.count && !paletteField.text.hasSuffix(" ")
                    && Palette.isIncomplete(paletteField.text, in: self) ? suggestions[palette.selected].completion : paletteField.text
                mode = .browse
                return Palette.run(text, on: &self)
            case .cancel: mode = .browse
            case .complete:
                if palette.selected < suggestions.count {
                    paletteField = TextFieldState(text: suggestions[palette.selected].completion)
                    palette = ListState()
                }
            case .down: palette.moveDown(count: suggestions.count)
            case .up: palette.moveUp(count: suggestions.count)
            default:
                if paletteField.handle(key) { palette = ListState() }
            }
            return .none
        case .help:
            switch action {
            case .cancel: mode = records.isActive ? .records : .browse
            case .down: helpScroll += 1
            case .up: helpScroll = max(0, helpScroll - 1)
            case .pageDown: helpScroll += max(1, size.height - 4)
            case .pageUp: helpScroll = max(0, helpScroll - max(1, size.height - 4))
            case .top: helpScroll = 0
            default: break
            }
            return .none
        case .records:
            return handleRecordsKey(key, action: action, layout: layout)
        case .browse:
            break
        }
        guard let action else { return .none }
        if waitsForLoading(action) {
            message = "that waits until all \(loading ?? 0) assets are loaded"
            return .none
        }
        return perform(action, layout: layout)
    }

    mutating func perform(_ action: Action, layout: ScreenLayout) -> ProgramCommand {
        if let done = performMap(action, layout: layout) { return done }
        let page = max(1, layout.listHeight - 1)
        switch action {
        case .quit: return .quit(0)
        case .back: return back()
        case .help: mode = .help; helpScroll = 0
        case .palette: mode = .palette; paletteField = TextFieldState(); palette = ListState()
        case .search:
            beforeSearch = snapshot
            searchField = TextFieldState(text: query)
            mode = .search
        case .filter: mode = .filter
        case .sort:
            sort = SortKey(rawValue: (sort.rawValue + 1) % SortKey.allCases.count)!
            recompute(keepSelection: selectedAsset?.id)
            message = "sorted by \(sort.label)"
        case .nextPane, .prevPane:
            let panes = layout.visiblePanes
            let order = Pane.allCases.filter { panes.contains($0) || $0 == .detail && detail != nil }
            if let i = order.firstIndex(of: focus) {
                focus = order[(i + (action == .nextPane ? 1 : order.count - 1)) % order.count]
            } else {
                focus = order.first ?? .results
            }
            if focus == .detail && detail == nil, let a = selectedAsset { openDetail(a.id, push: false) }
        case .focusNavigator: focus = .navigator
        case .focusResults: focus = .results
        case .focusDetail:
            if detail == nil, let a = selectedAsset { openDetail(a.id, push: false) }
            if detail != nil { focus = .detail }
        case .up, .down, .pageUp, .pageDown, .top, .bottom:
            move(action, page: page, layout: layout)
        case .left:
            guard nav.selected < navRows.count else { break }
            let row = navRows[nav.selected]
            if expanded.contains(row.id) {
                expanded.remove(row.id)
                recompute()
            } else if row.depth > 0, let parent = navRows[..<nav.selected].lastIndex(where: { $0.depth == row.depth - 1 }) {
                nav.selected = parent
            }
        case .right:
            guard nav.selected < navRows.count, navRows[nav.selected].expandable else { break }
            expanded.insert(navRows[nav.selected].id)
            recompute()
        case .prevTab, .nextTab:
            let n = NavTab.allCases.count
            navTab = NavTab(rawValue: (navTab.rawValue + (action == .nextTab ? 1 : n - 1)) % n)!
            nav = ListState()
            recompute()
        case .open:
            switch focus {
            case .navigator:
                if navTab == .transfers, nav.selected < navRows.count { openTransferRow(navRows[nav.selected]); break }
                if nav.selected < navRows.count { applyRow(navRows[nav.selected]) }
            case .results:
                if let a = selectedAsset {
                    pushView()
                    detail = DetailView(assetID: a.id)
                    focus = .detail
                }
            case .detail:
                let links = detailLinks
                if let d = detail, d.links.selected < links.count {
                    pushView()
                    let target = links[d.links.selected].asset.id
                    detail = DetailView(assetID: target)
                    if let i = position(of: target) { results.selected = i }
                }
            }
        case .nextMatch, .prevMatch:
            guard !items.isEmpty else { break }
            if action == .nextMatch { rankThrough(results.selected + layout.listHeight) }
            if action == .nextMatch { results.moveDown(count: items.count) } else { results.moveUp(count: items.count) }
            results.ensureVisible(height: layout.listHeight, count: items.count)
            if focus == .detail, let a = selectedAsset { detail = DetailView(assetID: a.id) }
        case .removeFilter:
            if !chips.isEmpty { removeChip(at: chips.count - 1) }
            else if !query.isEmpty { setQuery(""); recompute() }
        case .clearFilters: clearAll()
        case .suspend: return .suspend
        case .redraw: return .redraw
        case .transfers: openCaseList()
        case .buildingCase: openBuildingCase()
        case .buildingListing: openBuildingListing()
        case .submit, .cancel, .complete:
            break
        default:
            break  // map actions: performMap
        }
        return .none
    }

    /// Clears every filter, the search and the filter line (one step back restores them).
    mutating func clearAll() {
        pushView()
        chips = []
        setQuery("")
        filterField = TextFieldState()
        recompute()
    }

    /// `q`/Esc: close what is open, else go back up the view stack; at the top `q` quits.
    mutating func back() -> ProgramCommand {
        if !filterField.text.isEmpty {
            filterField = TextFieldState()
            recompute(keepSelection: selectedAsset?.id)
            return .none
        }
        if let s = stack.popLast() {
            restore(s)
            return .none
        }
        if detail != nil {
            detail = nil
            focus = .results
            return .none
        }
        return .quit(0)
    }

    mutating func move(_ action: Action, page: Int, layout: ScreenLayout) {
        func apply(_ l: inout ListState, count: Int, height: Int) { l.apply(action, height: height, count: count) }
        switch focus {
        case .navigator: apply(&nav, count: navRows.count, height: layout.navHeight)
        case .results:
            let h = layout.listHeight
            rankThrough(action == .bottom ? total : results.selected + (action == .pageDown ? 2 * h : h))
            apply(&results, count: items.count, height: h)
        case .detail:
            guard var d = detail else { break }
            let n = detailLinks.count
            if n == 0 || action == .pageUp || action == .pageDown {
                switch action {
                case .up, .pageUp: d.scroll = max(0, d.scroll - (action == .up ? 1 : page))
                case .down, .pageDown: d.scroll += action == .down ? 1 : page
                case .top: d.scroll = 0
                default: break
                }
            } else {
                apply(&d.links, count: n, height: layout.detailHeight)
            }
            detail = d
        }
    }

    /// Typing parses the query at once (so a mistake shows immediately) and leaves the search
    /// itself for `willRender`.
    mutating func searchChanged() {
        setQuery(searchField.text)
        searchPending = true
    }

    mutating func handleMouse(_ m: MouseEvent, size: Size) {
        let layout = ScreenLayout.compute(self, size: size)
        if mode == .records { handleRecordsMouse(m, layout: layout); return }
        guard mode == .browse || mode == .search || mode == .filter else { return }
        if handleMapMouse(m, layout: layout) { return }
        switch m.button {
        case .wheelUp, .wheelDown:
            let action: Action = m.button == .wheelUp ? .up : .down
            guard let pane = layout.pane(at: m.point) else { return }
            let saved = focus
            focus = pane
            for _ in 0..<3 { move(action, page: 1, layout: layout) }
            focus = saved
        case .left where m.action == .press || m.action == .click:
            if let chip = layout.chip(at: m.point) { message = nil; removeChip(at: chip); return }
            if let tab = layout.tab(at: m.point) { navTab = tab; nav = ListState(); focus = .navigator; recompute(); return }
            guard let pane = layout.pane(at: m.point) else { return }
            focus = pane
            if mode != .browse { mode = .browse }
            guard let row = layout.row(at: m.point, in: pane) else { return }
            switch pane {
            case .navigator:
                let i = nav.offset + row
                if i < navRows.count { nav.selected = i }
            case .results:
                let i = results.offset + row
                if i < items.count { results.selected = i }
            case .detail:
                guard var d = detail, let linkRow = layout.linkRow(at: m.point) else { return }
                let i = d.links.offset + linkRow
                if i < detailLinks.count { d.links.selected = i; detail = d }
            }
        default:
            break
        }
    }
}

extension ListState {
    /// A movement key on a list of `count` rows shown `height` at a time; the selection is then kept in view.
    mutating func apply(_ action: Action, height: Int, count: Int) {
        switch action {
        case .up: moveUp(count: count)
        case .down: moveDown(count: count)
        case .pageUp: pageUp(height: height, count: count)
        case .pageDown: pageDown(height: height, count: count)
        case .top: home()
        case .bottom: end(count: count)
        default: break
        }
        ensureVisible(height: height, count: count)
    }
}
