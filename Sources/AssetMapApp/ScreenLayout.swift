import TermUI


/// Where everything goes for a given size: computed the same way by `view` (to draw) and by
/// `update` (to hit-test mouse clicks and size pages), so the two can never disagree.
public struct ScreenLayout: Sendable {
    public static let minimum = Size(width: 40, height: 12)

    public var size: Size
    public var tooSmall: Bool
    public var header: Rect
    public var crumbs: Rect
    public var status: Rect
    public var keyBar: Rect
    /// Outer rects (with borders) of the panes shown; panes not shown are absent.
    public var panes: [Pane: Rect]
    /// Hit ranges of breadcrumbs (x range on the crumbs row) and navigator tabs.
    public var chipRanges: [(index: Int, range: Range<Int>)] = []
    public var tabRanges: [(NavTab, Range<Int>)] = []
    /// The map's outer rect when the map is open (MapExplorer.swift).
    public var map: Rect?


    public var visiblePanes: [Pane] { Pane.allCases.filter { panes[$0] != nil } }

    /// Content rect of a pane (inside its border).
    public func inner(_ p: Pane) -> Rect? { panes[p]?.inset(by: 1) }

    /// Rows of list content: the navigator's below its tab strip, the results' below the header row.
    public var navHeight: Int { max(1, (inner(.navigator)?.height ?? 10) - 2) }
    public var listHeight: Int { max(1, (inner(.results)?.height ?? 10) - 1) }
    public var detailHeight: Int { max(1, detailLinksRect?.height ?? 5) }

    /// Where the detail pane lists linked assets (the lower part of the pane).
    public var detailLinksRect: Rect? {
        guard let r = inner(.detail) else { return nil }
        let h = max(3, r.height * 2 / 5)
        return r.splitBottom(h).bottom.inset(top: 1)
    }

    public static func compute(_ e: Explorer, size: Size) -> ScreenLayout {
        let full = Rect(size: size)
        let tooSmall = !size.covers(minimum)
        let (header, rest1) = full.splitTop(1)
        let (crumbs, rest2) = rest1.splitTop(1)
        let (rest3, keyBar) = rest2.splitBottom(1)
        let (body, status) = rest3.splitBottom(1)
        var panes: [Pane: Rect] = [:]
        let w = size.width
        let showDetail = e.detail != nil
        if w >= 110 {
            let (nav, rest) = body.splitLeft(34)
            panes[.navigator] = nav
            if showDetail {
                let (list, det) = rest.splitRight(max(40, rest.width * 9 / 20))
                panes[.results] = list
                panes[.detail] = det
            } else {
                panes[.results] = rest
            }
        } else if w >= 70 {
            // Two panes: the navigator beside the list, or the list beside the detail.
            if showDetail && e.focus == .detail {
                let (list, det) = body.splitLeft(body.width * 2 / 5)
                panes[.results] = list
                panes[.detail] = det
            } else {
                let (nav, list) = body.splitLeft(30)
                panes[.navigator] = nav
                panes[.results] = list
            }
        } else {
            let pane: Pane = e.focus == .detail && !showDetail ? .results : e.focus
            panes[pane] = body
        }
        var mapRect: Rect?
        if let (p, m) = ScreenLayout.withMap(e, body: body) { panes = p; mapRect = m }
        var layout = ScreenLayout(size: size, tooSmall: tooSmall, header: header, crumbs: crumbs, status: status,
                                  keyBar: keyBar, panes: panes)
        layout.map = mapRect
        // Hit ranges come from rendering the same widgets into a one-row scratch buffer, so the
        // mouse always agrees with what is drawn.
        if !e.chips.isEmpty {
            let area = layout.crumbsArea
            var scratch = Buffer(size: Size(area.maxX, 1))
            layout.chipRanges = Breadcrumbs(e.chips.map(\.label))
                .render(into: &scratch, area: Rect(x: area.x, y: 0, width: area.width, height: 1), theme: .noColor)

        }
        if let tabs = layout.tabsArea {
            var scratch = Buffer(size: Size(tabs.maxX, 1))
            let ranges = Tabs(ScreenLayout.tabTitles(selected: e.navTab, width: tabs.width), selected: e.navTab.rawValue)
                .render(into: &scratch, area: Rect(x: tabs.x, y: 0, width: tabs.width, height: 1), theme: .noColor)
            layout.tabRanges = zip(NavTab.allCases, ranges).map { ($0, $1) }
        }
        return layout
    }

    static let crumbsPrefix = " Filters: "

    /// Where the breadcrumbs go on their row (after the prefix, leaving room for the query).
    var crumbsArea: Rect {
        let (_, rest) = crumbs.splitLeft(ScreenLayout.crumbsPrefix.count)
        return rest.splitRight(rest.width / 3).rest
    }

    /// Tab titles that fit the strip: all in full when they fit, else the selected one in full
    /// and the others shortened to three letters, then to one.
    static func tabTitles(selected: NavTab, width: Int) -> [String] {
        func total(_ t: [String]) -> Int { t.reduce(0) { $0 + TextWidth.width(of: $1) + 2 } + t.count - 1 }
        let full = NavTab.allCases.map(\.title)
        if total(full) <= width { return full }
        for n in [4, 3, 1] {
            let t = NavTab.allCases.map { $0 == selected ? $0.title : String($0.title.prefix(n)) }
            if total(t) <= width { return t }
        }
        // Too narrow for that: the others by their initials, the selected tab in what room is left.
        let count = NavTab.allCases.count
        let others: Int = (count - 1) * 3 + (count - 1)   // " X " each, and the separators
        let room = max(1, width - others - 2)
        return NavTab.allCases.map { $0 == selected ? TextWidth.truncate($0.title, to: room) : String($0.title.prefix(1)) }
    }

    /// The navigator's tab strip.
    var tabsArea: Rect? { inner(.navigator).map { $0.splitTop(1).top } }

    public func pane(at p: Point) -> Pane? { panes.first { $0.value.contains(p) }?.key }

    /// Visible list row (0-based from the list's first row) under a point in a pane.
    public func row(at p: Point, in pane: Pane) -> Int? {
        guard let r = inner(pane) else { return nil }
        let top: Int
        switch pane {
        case .navigator: top = r.y + 2
        case .results: top = r.y + 1
        case .detail: return nil
        }
        guard p.y >= top, p.y < r.maxY, p.x >= r.x, p.x < r.maxX else { return nil }
        return p.y - top
    }

    public func linkRow(at p: Point) -> Int? {
        guard let r = detailLinksRect, r.contains(p) else { return nil }
        return p.y - r.y
    }

    public func chip(at p: Point) -> Int? {
        guard p.y == crumbs.y else { return nil }
        return chipRanges.first { $0.range.contains(p.x) }?.index
    }

    public func tab(at p: Point) -> NavTab? {
        guard let tabs = tabsArea, p.y == tabs.y else { return nil }
        return tabRanges.first { $0.1.contains(p.x) }?.0
    }
}
