// One-line widgets: tabs, key bar, breadcrumbs.

/// A row of tab titles with the active one marked.
public struct Tabs {
    public var titles: [String]
    public var selected: Int
    public var focused: Bool
    public var separator: String

    public init(_ titles: [String], selected: Int, focused: Bool = true, separator: String = "│") {
        self.titles = titles
        self.selected = selected
        self.focused = focused
        self.separator = separator
    }

    /// Draws the tabs on the first row of `area`; returns each tab's column range
    /// (for mouse hits; empty ranges for tabs that did not fit).
    @discardableResult
    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) -> [Range<Int>] {
        guard !area.isEmpty, !titles.isEmpty else { return titles.map { _ in area.x..<area.x } }
        let y = area.y
        buffer.fill(area.row(0), style: theme.normal)
        let sepW = TextWidth.width(of: separator)
        // Each tab is " title "; shrink titles evenly if they don't fit.
        var labels = titles.map { Sanitize.line($0) }
        func total() -> Int { labels.reduce(0) { $0 + TextWidth.width(of: $1) + 2 } + sepW * (labels.count - 1) }
        var limit = labels.map { TextWidth.width(of: $0) }.max() ?? 0
        while total() > area.width && limit > 1 {
            limit -= 1
            labels = titles.map { TextWidth.truncate(Sanitize.line($0), to: limit) }
        }
        var ranges: [Range<Int>] = []
        var x = area.x
        for (i, label) in labels.enumerated() {
            if i > 0 {
                x += buffer.put(separator, x: x, y: y, style: theme.dim, maxWidth: area.maxX - x)
            }
            let active = i == selected
            let style = active ? (focused ? theme.selection : theme.selectionUnfocused) : theme.normal
            let start = x
            x += buffer.put(" " + label + " ", x: x, y: y, style: style, maxWidth: area.maxX - x)
            ranges.append(start..<x)
        }
        return ranges
    }

    /// The tab at column `x` given the ranges `render` returned.
    public static func tabAt(x: Int, ranges: [Range<Int>]) -> Int? {
        ranges.firstIndex { $0.contains(x) }
    }
}

/// One hint in the key bar.
public struct KeyBarItem: Hashable, Sendable {
    public var key: String
    public var label: String
    /// Higher priorities survive when the bar is too narrow.
    public var priority: Int

    public init(key: String, label: String, priority: Int = 0) {
        self.key = key
        self.label = label
        self.priority = priority
    }

    var width: Int { TextWidth.width(of: key) + 1 + TextWidth.width(of: label) }
}

/// The bottom bar of `key label` hints. Items keep their order; when they don't
/// fit, the lowest-priority ones (the rightmost among equals) are dropped first.
public struct KeyBar {
    public var items: [KeyBarItem]
    public var gap: Int

    public init(_ items: [KeyBarItem], gap: Int = 2) {
        self.items = items
        self.gap = gap
    }

    /// Indices of the items that fit in `width` columns.
    public func fittingIndices(width: Int) -> [Int] {
        var kept = Array(items.indices)
        func total() -> Int {
            kept.reduce(0) { $0 + items[$1].width } + gap * max(0, kept.count - 1)
        }
        while !kept.isEmpty && total() > width {
            // Drop the lowest priority; among equals, the rightmost.
            var victim = kept[0]
            for i in kept where items[i].priority <= items[victim].priority { victim = i }
            kept.removeAll { $0 == victim }
        }
        return kept
    }

    /// Draws the bar on the first row of `area`; returns (item index, column range)
    /// for each drawn item, for mouse hits.
    @discardableResult
    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) -> [(index: Int, range: Range<Int>)] {
        guard !area.isEmpty else { return [] }
        let y = area.y
        buffer.fill(area.row(0), style: theme.normal)
        var kept = fittingIndices(width: area.width)
        if kept.isEmpty, let best = items.indices.max(by: { items[$0].priority < items[$1].priority }) {
            kept = [best]  // nothing fits whole: show the most important one, truncated
        }
        var hits: [(Int, Range<Int>)] = []
        var x = area.x
        for (n, i) in kept.enumerated() {
            if n > 0 { x += min(gap, max(0, area.maxX - x)) }
            guard x < area.maxX else { break }
            let start = x
            x += buffer.put(items[i].key, x: x, y: y, style: theme.keyHint, maxWidth: area.maxX - x)
            x += buffer.put(" ", x: x, y: y, style: theme.normal, maxWidth: area.maxX - x)
            let room = area.maxX - x
            x += buffer.put(TextWidth.truncate(Sanitize.line(items[i].label), to: room), x: x, y: y, style: theme.normal, maxWidth: room)
            hits.append((i, start..<x))
        }
        return hits
    }
}

/// A path like `North › Shaw › Food`. When too wide, leading segments collapse
/// into "…" (the last segment is always shown, truncated if need be).
public struct Breadcrumbs {
    public var segments: [String]
    public var separator: String

    public init(_ segments: [String], separator: String = " › ") {
        self.segments = segments
        self.separator = separator
    }

    /// Draws on the first row of `area`; returns (segment index, column range) for
    /// each visible segment, for mouse hits.
    @discardableResult
    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) -> [(index: Int, range: Range<Int>)] {
        guard !area.isEmpty, !segments.isEmpty else { return [] }
        let y = area.y
        buffer.fill(area.row(0), style: theme.normal)
        let clean = segments.map { Sanitize.line($0) }
        let sepW = TextWidth.width(of: separator)
        // Find the first segment to show so the rest fits (with a leading "…" + separator if any are hidden).
        var first = 0
        func width(from f: Int) -> Int {
            let shown = clean[f...].reduce(0) { $0 + TextWidth.width(of: $1) } + sepW * (clean.count - f - 1)
            return f > 0 ? shown + 1 + sepW : shown
        }
        while first < clean.count - 1 && width(from: first) > area.width { first += 1 }
        var x = area.x
        var hits: [(Int, Range<Int>)] = []
        // The "… › " marker only when it leaves the last segment room to show whole.
        if first > 0 && width(from: first) <= area.width {
            x += buffer.put("…", x: x, y: y, style: theme.dim, maxWidth: area.maxX - x)
            x += buffer.put(separator, x: x, y: y, style: theme.dim, maxWidth: area.maxX - x)
        }
        for i in first..<clean.count {
            if i > first { x += buffer.put(separator, x: x, y: y, style: theme.dim, maxWidth: area.maxX - x) }
            let isLast = i == clean.count - 1
            let room = area.maxX - x
            guard room > 0 else { break }
            let start = x
            x += buffer.put(TextWidth.truncate(clean[i], to: room), x: x, y: y,
                            style: isLast ? theme.title : theme.normal, maxWidth: room)
            hits.append((i, start..<x))
        }
        return hits
    }
}
