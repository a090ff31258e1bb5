// Tables: a header row and selectable rows of cells in columns.

public struct TableColumn: Hashable, Sendable {
    public var title: String
    /// Width rule: `.fixed(n)`, `.min(n)` (at least n, grows), `.fill(weight)`, `.percent(p)`.
    public var width: Constraint
    public var alignment: TextWidth.Alignment

    public init(_ title: String, width: Constraint = .fill(1), alignment: TextWidth.Alignment = .left) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }
}

/// One cell: styled spans, or plain text with highlighted ranges (search matches).
public struct TableCell: Hashable, Sendable {
    public var spans: [Span]
    public var text: String?
    public var style: Style
    public var highlights: [Range<String.Index>]

    /// Styled spans as given.
    public init(spans: [Span]) {
        self.spans = spans
        self.text = nil
        self.style = .plain
        self.highlights = []
    }

    /// Text in `style`, with `highlights` drawn in the theme's highlight style.
    public init(_ text: String, style: Style = .plain, highlights: [Range<String.Index>] = []) {
        self.spans = []
        self.text = text
        self.style = style
        self.highlights = highlights
    }

    public func resolvedSpans(theme: Theme) -> [Span] {
        guard let text else { return spans }
        if highlights.isEmpty { return [Span(text, style)] }
        return Span.highlighted(text, ranges: highlights, base: style, highlight: theme.highlight)
    }
}

public struct Table {
    public var columns: [TableColumn]
    public var rowCount: Int
    public var row: (Int) -> [TableCell]
    public var state: ListState
    public var focused: Bool
    public var showHeader: Bool
    public var showScrollbar: Bool
    /// Columns between cells.
    public var columnSpacing: Int
    public var emptyText: String?

    public init(columns: [TableColumn], rowCount: Int, state: ListState, focused: Bool = true,
                showHeader: Bool = true, showScrollbar: Bool = true, columnSpacing: Int = 1,
                emptyText: String? = nil, row: @escaping (Int) -> [TableCell]) {
        self.columns = columns
        self.rowCount = rowCount
        self.row = row
        self.state = state
        self.focused = focused
        self.showHeader = showHeader
        self.showScrollbar = showScrollbar
        self.columnSpacing = columnSpacing
        self.emptyText = emptyText
    }

    public init(columns: [TableColumn], rows: [[TableCell]], state: ListState, focused: Bool = true,
                showHeader: Bool = true, showScrollbar: Bool = true, columnSpacing: Int = 1, emptyText: String? = nil) {
        self.init(columns: columns, rowCount: rows.count, state: state, focused: focused, showHeader: showHeader,
                  showScrollbar: showScrollbar, columnSpacing: columnSpacing, emptyText: emptyText) { rows[$0] }
    }

    /// Rows available for data in `area` (without the header).
    public func bodyHeight(area: Rect) -> Int { max(0, area.height - (showHeader ? 1 : 0)) }

    /// Column rects (x and width) for a table drawn in `area`.
    public func columnFrames(area: Rect) -> [Rect] {
        let scroll = showScrollbar && rowCount > bodyHeight(area: area)
        let content = scroll ? area.splitRight(1).rest : area
        return Layout.split(content, .horizontal, columns.map(\.width), spacing: columnSpacing)
    }

    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) {
        guard !area.isEmpty else { return }
        buffer.fill(area, style: theme.normal)
        let frames = columnFrames(area: area)
        var body = area
        if showHeader {
            let (head, rest) = area.splitTop(1)
            body = rest
            buffer.fill(head, style: theme.header)
            for (i, col) in columns.enumerated() where i < frames.count && frames[i].width > 0 {
                let f = frames[i]
                let spans = SpanLine.fit([Span(col.title, theme.header)], to: f.width, alignment: col.alignment, padStyle: theme.header)
                buffer.put(spans, x: f.x, y: head.y, maxWidth: f.width)
            }
        }
        guard !body.isEmpty else { return }
        if rowCount == 0 {
            if let e = emptyText { buffer.put(e, in: body.row(0), style: theme.dim) }
            if focused { buffer.cursor = body.origin }
            return
        }
        let range = state.visibleRange(height: body.height, count: rowCount)
        let sel = min(max(0, state.selected), rowCount - 1)
        let selStyle = theme.selection(focused: focused)
        let scroll = showScrollbar && rowCount > body.height
        let content = scroll ? body.splitRight(1).rest : body
        for (i, index) in range.enumerated() {
            let y = body.y + i
            let isSel = index == sel
            if isSel { buffer.fill(Rect(x: content.x, y: y, width: content.width, height: 1), style: selStyle) }
            if isSel && focused { buffer.cursor = Point(x: content.x, y: y) }
            let cells = row(index)
            for (c, col) in columns.enumerated() where c < frames.count && frames[c].width > 0 {
                guard c < cells.count else { continue }
                var spans = cells[c].resolvedSpans(theme: theme)
                if isSel { spans = spans.map { Span($0.text, selStyle.patched(with: $0.style)) } }
                let f = frames[c]
                let fitted = SpanLine.fit(spans, to: f.width, alignment: col.alignment,
                                          ellipsisStyle: isSel ? selStyle : theme.dim,
                                          padStyle: isSel ? selStyle : theme.normal)
                buffer.put(fitted, x: f.x, y: y, maxWidth: f.width)
            }
        }
        if scroll {
            Scrollbar.render(into: &buffer, column: body.splitRight(1).right, count: rowCount,
                             visible: body.height, offset: range.lowerBound, theme: theme)
        }
    }

    /// The data row under `point` for a table drawn in `area` (nil for the header, scrollbar, or empty space).
    public func rowAt(_ point: Point, area: Rect) -> Int? {
        guard area.contains(point) else { return nil }
        let top = area.y + (showHeader ? 1 : 0)
        guard point.y >= top else { return nil }
        let h = bodyHeight(area: area)
        if showScrollbar && rowCount > h && point.x == area.maxX - 1 { return nil }
        let index = state.visibleOffset(height: h, count: rowCount) + (point.y - top)
        return index < rowCount ? index : nil
    }

    /// The column under `point` (e.g. a click on a header to sort), or nil.
    public func columnAt(_ point: Point, area: Rect) -> Int? {
        guard area.contains(point) else { return nil }
        return columnFrames(area: area).firstIndex { $0.width > 0 && point.x >= $0.minX && point.x < $0.maxX }
    }
}
