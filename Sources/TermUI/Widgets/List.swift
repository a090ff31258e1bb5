// Scrollable, selectable lists.

/// Selection and scroll position of a list or table. The app owns it; widgets
/// read it. All methods take the row count so the state never points past the end.
/// With `count == 0` nothing is selected (`selected` is 0 and means nothing).
public struct ListState: Hashable, Sendable {
    /// Index of the selected row.
    public var selected: Int
    /// Index of the first visible row.
    public var offset: Int

    public init(selected: Int = 0, offset: Int = 0) {
        self.selected = max(0, selected)
        self.offset = max(0, offset)
    }

    public mutating func clamp(count: Int) {
        selected = count <= 0 ? 0 : min(max(0, selected), count - 1)
        offset = max(0, min(offset, max(0, count - 1)))
    }

    public mutating func moveUp(_ n: Int = 1, count: Int) {
        selected -= max(0, n)
        clamp(count: count)
    }

    public mutating func moveDown(_ n: Int = 1, count: Int) {
        selected += max(0, n)
        clamp(count: count)
    }

    /// Moves the selection and the view by one page (`height - 1` rows, keeping one row of context).
    public mutating func pageDown(height: Int, count: Int) {
        let page = max(1, height - 1)
        selected += page
        offset += page
        clamp(count: count)
        offset = min(offset, max(0, count - max(1, height)))
        ensureVisible(height: height, count: count)
    }

    public mutating func pageUp(height: Int, count: Int) {
        let page = max(1, height - 1)
        selected -= page
        offset -= page
        clamp(count: count)
        ensureVisible(height: height, count: count)
    }

    public mutating func home() {
        selected = 0
        offset = 0
    }

    public mutating func end(count: Int) {
        selected = max(0, count - 1)
        clamp(count: count)
    }

    /// Selects a row (e.g. from a mouse click), clamped.
    public mutating func select(row: Int, count: Int) {
        selected = row
        clamp(count: count)
    }

    /// Scrolls the view by `lines` (wheel), moving the selection only as far as
    /// needed to keep it visible.
    public mutating func scroll(by lines: Int, height: Int, count: Int) {
        let h = max(1, height)
        offset = max(0, min(offset + lines, max(0, count - h)))
        if selected < offset { selected = offset }
        if selected >= offset + h { selected = offset + h - 1 }
        clamp(count: count)
    }

    /// The offset that shows the selection in a viewport of `height` rows, starting from
    /// the stored offset and moving it as little as possible; never leaves empty rows
    /// at the bottom when the list is long enough.
    public func visibleOffset(height: Int, count: Int) -> Int {
        guard height > 0, count > 0 else { return 0 }
        var o = min(offset, max(0, count - height))
        let sel = min(max(0, selected), count - 1)
        if sel < o { o = sel }
        if sel >= o + height { o = sel - height + 1 }
        return max(0, o)
    }

    /// Adjusts `offset` so the selection is visible (see `visibleOffset`).
    public mutating func ensureVisible(height: Int, count: Int) {
        offset = visibleOffset(height: height, count: count)
    }

    /// Rows visible in a viewport of `height`.
    public func visibleRange(height: Int, count: Int) -> Range<Int> {
        let o = visibleOffset(height: height, count: count)
        return o..<min(count, o + max(0, height))
    }
}

/// A vertical scrollbar indicator.
public enum Scrollbar {
    /// Draws a scrollbar in `column` (a 1-wide rect) for `count` rows of which
    /// `visible` are shown starting at `offset`. Draws nothing if everything fits.
    public static func render(into buffer: inout Buffer, column: Rect, count: Int, visible: Int, offset: Int, theme: Theme) {
        guard column.height > 0, count > visible, visible > 0 else { return }
        let h = column.height
        let thumb = max(1, h * visible / count)
        let maxOffset = max(1, count - visible)
        let pos = min(h - thumb, ((h - thumb) * min(offset, maxOffset) + maxOffset / 2) / maxOffset)
        for i in 0..<h {
            let inThumb = i >= pos && i < pos + thumb
            buffer.put(inThumb ? theme.scrollThumb : theme.scrollTrack, x: column.x, y: column.y + i,
                       style: inThumb ? theme.normal : theme.dim)
        }
    }
}

/// A list of rows, each a line of styled spans. Rows are produced on demand, so a
/// list of a million rows only builds the visible ones.
public struct ListView {
    public var count: Int
    public var row: (Int) -> [Span]
    public var state: ListState
    /// The selection is drawn in `theme.selection` when focused, `theme.selectionUnfocused` otherwise.
    public var focused: Bool
    public var showScrollbar: Bool
    /// Drawn before the selected row's text (and as blank padding before others), e.g. "▸ ".
    public var selectionSymbol: String?
    /// Shown when the list is empty.
    public var emptyText: String?

    public init(count: Int, state: ListState, focused: Bool = true, showScrollbar: Bool = true,
                selectionSymbol: String? = nil, emptyText: String? = nil, row: @escaping (Int) -> [Span]) {
        self.count = count
        self.row = row
        self.state = state
        self.focused = focused
        self.showScrollbar = showScrollbar
        self.selectionSymbol = selectionSymbol
        self.emptyText = emptyText
    }

    public init(rows: [[Span]], state: ListState, focused: Bool = true, showScrollbar: Bool = true,
                selectionSymbol: String? = nil, emptyText: String? = nil) {
        self.init(count: rows.count, state: state, focused: focused, showScrollbar: showScrollbar,
                  selectionSymbol: selectionSymbol, emptyText: emptyText) { rows[$0] }
    }

    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) {
        guard !area.isEmpty else { return }
        buffer.fill(area, style: theme.normal)
        if count == 0 {
            if let e = emptyText { buffer.put(e, in: area.row(0), style: theme.dim) }
            if focused { buffer.cursor = area.origin }
            return
        }
        let scroll = showScrollbar && count > area.height
        let (content, bar) = scroll ? area.splitRight(1) : (area, Rect.zero)
        let range = state.visibleRange(height: area.height, count: count)
        let sel = min(max(0, state.selected), count - 1)
        let selStyle = theme.selection(focused: focused)
        for (i, index) in range.enumerated() {
            let y = area.y + i
            let isSel = index == sel
            let rowRect = Rect(x: content.x, y: y, width: content.width, height: 1)
            var x = content.x
            if isSel { buffer.fill(rowRect, style: selStyle) }
            if isSel && focused { buffer.cursor = Point(x: content.x, y: y) }
            if let sym = selectionSymbol {
                let w = TextWidth.width(of: sym)
                x += buffer.put(isSel ? sym : String(repeating: " ", count: w), x: x, y: y,
                                style: isSel ? selStyle : theme.normal, maxWidth: content.maxX - x)
            }
            var spans = row(index)
            if isSel { spans = spans.map { Span($0.text, selStyle.patched(with: $0.style)) } }
            SpanLine.render(spans, into: &buffer, x: x, y: y, width: content.maxX - x, ellipsisStyle: isSel ? selStyle : theme.dim)
        }
        if scroll {
            Scrollbar.render(into: &buffer, column: bar, count: count, visible: area.height,
                             offset: range.lowerBound, theme: theme)
        }
    }

    /// The row index under `point` for a list drawn in `area`, or nil.
    public func rowAt(_ point: Point, area: Rect) -> Int? {
        guard area.contains(point) else { return nil }
        let scroll = showScrollbar && count > area.height
        if scroll && point.x == area.maxX - 1 { return nil }
        let index = state.visibleOffset(height: area.height, count: count) + (point.y - area.y)
        return index < count ? index : nil
    }
}

/// Rendering one line of spans with truncation.
public enum SpanLine {
    /// Draws `spans` from (x, y) in at most `width` columns; if they are wider, the
    /// last column shows an ellipsis (never splitting a grapheme; a wide character
    /// that would straddle the edge becomes padding). Returns the columns drawn.
    @discardableResult
    public static func render(_ spans: [Span], into buffer: inout Buffer, x: Int, y: Int, width: Int,
                              ellipsis: String = "…", ellipsisStyle: Style? = nil) -> Int {
        guard width > 0 else { return 0 }
        let fitted = truncate(spans, to: width, ellipsis: ellipsis, ellipsisStyle: ellipsisStyle)
        return buffer.put(fitted, x: x, y: y, maxWidth: width)
    }

    /// Spans cut to `width` columns with an ellipsis at the edge when too wide
    /// (see `TextWidth.truncate`); unchanged when they fit. Text is sanitised.
    public static func truncate(_ spans: [Span], to width: Int, ellipsis: String = "…", ellipsisStyle: Style? = nil) -> [Span] {
        guard width > 0 else { return [] }
        let clean = spans.map { Span(Sanitize.line($0.text), $0.style) }
        let total = clean.reduce(0) { $0 + TextWidth.width(of: $1.text) }
        if total <= width { return clean }
        let ew = TextWidth.width(of: ellipsis)
        let room = max(0, width - ew)
        var out: [Span] = []
        var used = 0
        var lastStyle = clean.first?.style ?? .plain
        outer: for s in clean {
            var taken = ""
            for c in s.text {
                let cw = TextWidth.width(of: c)
                if used + cw > room {
                    if !taken.isEmpty { out.append(Span(taken, s.style)) }
                    lastStyle = s.style
                    break outer
                }
                taken.append(c)
                used += cw
            }
            if !taken.isEmpty { out.append(Span(taken, s.style)) }
            lastStyle = s.style
        }
        if used < room { out.append(Span(String(repeating: " ", count: room - used), lastStyle)) }
        if ew <= width {
            out.append(Span(ellipsis, ellipsisStyle.map { lastStyle.patched(with: $0) } ?? lastStyle))
        }
        return out
    }

    /// Spans padded or truncated to exactly `width` columns with the given alignment.
    public static func fit(_ spans: [Span], to width: Int, alignment: TextWidth.Alignment = .left,
                           ellipsisStyle: Style? = nil, padStyle: Style = .plain) -> [Span] {
        guard width > 0 else { return [] }
        let t = truncate(spans, to: width, ellipsisStyle: ellipsisStyle)
        let gap = width - t.reduce(0) { $0 + TextWidth.width(of: $1.text) }
        if gap <= 0 { return t }
        let pad = { (n: Int) in Span(String(repeating: " ", count: n), padStyle) }
        switch alignment {
        case .left: return t + [pad(gap)]
        case .right: return [pad(gap)] + t
        case .center: return [pad(gap / 2)] + t + [pad(gap - gap / 2)]
        }
    }
}
