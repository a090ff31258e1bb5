// The cell buffer: a whole frame as a grid of cells. Views draw into a Buffer;
// the terminal layer diffs two Buffers and writes only what changed.

/// One terminal cell: a grapheme cluster (or "" for the right half of a wide
/// character — a "continuation" cell) and its style.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var style: Style

    public init(_ text: String = " ", style: Style = .plain) {
        self.text = text
        self.style = style
    }

    public static let blank = Cell(" ", style: .plain)

    /// The right part of a wide character (drawn by the cell to its left).
    public var isContinuation: Bool { text.isEmpty }

    /// Columns this cell's grapheme covers (0 for a continuation).
    public var width: Int { text.isEmpty ? 0 : TextWidth.width(of: text) }
}

/// A run of changed cells in one row, starting at `x` (see `Buffer.diff`).
public struct Run: Hashable, Sendable {
    public var y: Int
    public var x: Int
    public var cells: [Cell]

    public init(y: Int, x: Int, cells: [Cell]) {
        self.y = y
        self.x = x
        self.cells = cells
    }
}

public struct Buffer: Hashable, Sendable {
    public let size: Size
    public private(set) var cells: [Cell]
    /// Where the terminal's real cursor goes after this frame is drawn (the focused row or a
    /// field's caret), or nil to hide it. Focused widgets set it; the program may clear it.
    public var cursor: Point?

    public init(size: Size, style: Style = .plain) {
        let s = Size(width: max(0, size.width), height: max(0, size.height))
        self.size = s
        self.cells = Array(repeating: Cell(" ", style: style), count: s.area)
    }

    public init(width: Int, height: Int, style: Style = .plain) {
        self.init(size: Size(width: width, height: height), style: style)
    }

    public var width: Int { size.width }
    public var height: Int { size.height }
    /// The whole buffer as a rect at the origin.
    public var area: Rect { Rect(size: size) }

    @inline(__always)
    func inBounds(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < size.width && y < size.height }

    /// The cell at (x, y); a blank cell outside the buffer.
    public subscript(x: Int, y: Int) -> Cell {
        inBounds(x, y) ? cells[y * size.width + x] : .blank
    }

    /// Sets one cell's style without touching its text.
    public mutating func setStyle(_ style: Style, x: Int, y: Int) {
        guard inBounds(x, y) else { return }
        cells[y * size.width + x].style = style
    }

    // MARK: - Writing text

    /// Writes `text` on row `y` from column `x`, clipped to the buffer and to
    /// `maxWidth` columns. The text is sanitised (`Sanitize.line`). A wide character
    /// that does not fit becomes spaces; a lone combining mark is shown on a dotted
    /// circle (◌). Returns the number of columns written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < size.height else { return 0 }
        let limit = min(size.width, maxWidth.map { x + max(0, $0) } ?? Int.max)
        guard x < limit else { return 0 }
        var col = x
        if TextWidth.isPrintableASCII(text) {
            for b in text.utf8 {
                if col >= limit { break }
                if col >= 0 { setCell(col, y, String(UnicodeScalar(b)), 1, style) }
                col += 1
            }
            return max(0, col - max(x, 0))
        }
        for c in Sanitize.line(text) {
            if col >= limit { break }
            var g = String(c)
            var w = TextWidth.width(of: c)
            if w == 0 {
                let first = c.unicodeScalars.first!.properties.generalCategory
                if first == .nonspacingMark || first == .enclosingMark || first == .spacingMark {
                    g = "◌" + g
                    w = 1
                } else {
                    continue  // invisible on its own (ZWJ, ZWSP, variation selector…)
                }
            }
            if col + w > limit {
                // A wide character that would straddle the edge becomes padding.
                while col < limit {
                    if col >= 0 { setCell(col, y, " ", 1, style) }
                    col += 1
                }
                break
            }
            if col >= 0 {
                setCell(col, y, g, w, style)
            } else if col + w > 0 {
                // Partly left of the buffer: pad the visible part.
                for cx in 0..<(col + w) { setCell(cx, y, " ", 1, style) }
            }
            col += w
        }
        return max(0, col - max(x, 0))
    }

    /// Writes styled spans one after another; returns the columns written.
    @discardableResult
    public mutating func put(_ spans: [Span], x: Int, y: Int, maxWidth: Int? = nil) -> Int {
        var col = x
        let end = maxWidth.map { x + max(0, $0) } ?? Int.max
        for span in spans {
            if col >= end { break }
            col += put(span.text, x: col, y: y, style: span.style, maxWidth: end - col)
        }
        return col - x
    }

    /// Writes text aligned inside `rect`'s first row (truncated with an ellipsis if needed).
    @discardableResult
    public mutating func put(_ text: String, in rect: Rect, style: Style = .plain,
                             alignment: TextWidth.Alignment = .left) -> Int {
        guard !rect.isEmpty else { return 0 }
        let t = TextWidth.truncate(Sanitize.line(text), to: rect.width)
        let w = TextWidth.width(of: t)
        let dx: Int
        switch alignment {
        case .left: dx = 0
        case .right: dx = rect.width - w
        case .center: dx = (rect.width - w) / 2
        }
        return put(t, x: rect.x + dx, y: rect.y, style: style, maxWidth: rect.width - dx)
    }

    /// Sets one cell, keeping wide characters consistent: any wide character that
    /// the new cell overlaps is replaced by spaces.
    mutating func setCell(_ x: Int, _ y: Int, _ text: String, _ width: Int, _ style: Style) {
        let row = y * size.width
        for cx in x..<min(x + max(width, 1), size.width) { breakWide(cx, y) }
        cells[row + x] = Cell(text, style: style)
        if width > 1 {
            for cx in (x + 1)..<min(x + width, size.width) {
                cells[row + cx] = Cell("", style: style)
            }
        }
    }

    /// If (x, y) is part of a wide character, blank that whole character.
    mutating func breakWide(_ x: Int, _ y: Int) {
        let row = y * size.width
        var lead = x
        if cells[row + x].text.isEmpty {
            while lead > 0 && cells[row + lead].text.isEmpty { lead -= 1 }
        } else if x + 1 >= size.width || !cells[row + x + 1].text.isEmpty {
            return  // a narrow cell
        }
        cells[row + lead].text = " "
        var cx = lead + 1
        while cx < size.width && cells[row + cx].text.isEmpty {
            cells[row + cx].text = " "
            cx += 1
        }
    }

    // MARK: - Filling

    /// Fills `rect` with spaces in `style`.
    public mutating func fill(_ rect: Rect, style: Style = .plain) {
        fill(rect, with: " ", style: style)
    }

    /// Fills `rect` with one character (must be single-width) in `style`.
    public mutating func fill(_ rect: Rect, with character: Character, style: Style = .plain) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        let g = Sanitize.line(String(character))
        let text = TextWidth.width(of: g) == 1 ? g : " "
        for y in r.minY..<r.maxY {
            // Break wide characters that straddle the rect's edges.
            breakWide(r.minX, y)
            if r.maxX - 1 != r.minX { breakWide(r.maxX - 1, y) }
            let row = y * size.width
            for x in r.minX..<r.maxX { cells[row + x] = Cell(text, style: style) }
        }
    }

    /// Replaces the style of every cell in `rect`, keeping the text.
    public mutating func fillStyle(_ rect: Rect, style: Style) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.minY..<r.maxY {
            let row = y * size.width
            for x in r.minX..<r.maxX { cells[row + x].style = style }
        }
    }

    /// Lays `style` over every cell in `rect` (`Style.patched(with:)`), keeping the text.
    public mutating func patchStyle(_ rect: Rect, with style: Style) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.minY..<r.maxY {
            let row = y * size.width
            for x in r.minX..<r.maxX { cells[row + x].style = cells[row + x].style.patched(with: style) }
        }
    }

    // MARK: - Lines and boxes

    /// A horizontal line of `length` cells.
    public mutating func hline(x: Int, y: Int, length: Int, style: Style = .plain, kind: BoxKind = .plain) {
        guard length > 0 else { return }
        fill(Rect(x: x, y: y, width: length, height: 1), with: Character(kind.glyphs.h), style: style)
    }

    /// A vertical line of `length` cells.
    public mutating func vline(x: Int, y: Int, length: Int, style: Style = .plain, kind: BoxKind = .plain) {
        guard length > 0 else { return }
        fill(Rect(x: x, y: y, width: 1, height: length), with: Character(kind.glyphs.v), style: style)
    }

    /// Draws a box on the edge of `rect` with an optional title in the top border
    /// (truncated to fit). The inside is not cleared. Returns the inner rect.
    @discardableResult
    public mutating func box(_ rect: Rect, title: String? = nil, style: Style = .plain,
                             titleStyle: Style? = nil, kind: BoxKind = .rounded,
                             rightTitle: String? = nil) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else {
            fill(rect, style: style)
            return Rect(x: rect.x, y: rect.y, width: 0, height: 0)
        }
        let g = kind.glyphs
        hline(x: rect.x + 1, y: rect.y, length: rect.width - 2, style: style, kind: kind)
        hline(x: rect.x + 1, y: rect.maxY - 1, length: rect.width - 2, style: style, kind: kind)
        vline(x: rect.x, y: rect.y + 1, length: rect.height - 2, style: style, kind: kind)
        vline(x: rect.maxX - 1, y: rect.y + 1, length: rect.height - 2, style: style, kind: kind)
        put(g.tl, x: rect.x, y: rect.y, style: style)
        put(g.tr, x: rect.maxX - 1, y: rect.y, style: style)
        put(g.bl, x: rect.x, y: rect.maxY - 1, style: style)
        put(g.br, x: rect.maxX - 1, y: rect.maxY - 1, style: style)
        let inner = rect.inset(by: 1)
        // Titles: " Title " after the corner; a right title before the other corner.
        let avail = rect.width - 4
        var rightWidth = 0
        if let rt = rightTitle, !rt.isEmpty, avail >= 6 {
            let t = TextWidth.truncate(" " + Sanitize.line(rt) + " ", to: max(0, avail / 2))
            rightWidth = TextWidth.width(of: t)
            put(t, x: rect.maxX - 2 - rightWidth, y: rect.y, style: titleStyle ?? style)
        }
        if let t = title, !t.isEmpty, avail > 0 {
            let room = avail - (rightWidth > 0 ? rightWidth + 1 : 0)
            if room >= 1 {
                let text = TextWidth.truncate(" " + Sanitize.line(t) + " ", to: room)
                put(text, x: rect.x + 2, y: rect.y, style: titleStyle ?? style)
            }
        }
        return inner
    }

    /// Copies `other` onto this buffer with its top-left corner at `origin` (clipped).
    public mutating func blit(_ other: Buffer, at origin: Point) {
        for y in 0..<other.height {
            let ty = origin.y + y
            guard ty >= 0, ty < height else { continue }
            for x in 0..<other.width {
                let tx = origin.x + x
                guard tx >= 0, tx < width else { continue }
                let c = other[x, y]
                if c.isContinuation { continue }
                let w = max(1, c.width)
                if tx + w > width { setCell(tx, ty, " ", 1, c.style); continue }
                setCell(tx, ty, c.text, w, c.style)
            }
        }
    }

    // MARK: - Snapshots

    /// The text grid, one string per row. Continuation cells contribute nothing,
    /// so a wide character appears once and each line is `width` columns wide.
    public func textLines() -> [String] {
        (0..<size.height).map { y in
            var s = ""
            let row = y * size.width
            for x in 0..<size.width { s += cells[row + x].text }
            return s
        }
    }

    /// The text grid joined with newlines.
    public var text: String { textLines().joined(separator: "\n") }

    /// The cursor position as snapshot text: "cursor: x,y" or "cursor: hidden".
    public var cursorLine: String { cursor.map { "cursor: \($0.x),\($0.y)" } ?? "cursor: hidden" }

    /// A grid parallel to the cells (exactly `width` characters per row, one per
    /// cell including continuation cells) marking each cell's style with a letter
    /// from `legend` — see `StyleLegend` and `Role.legendLetter` for the scheme.
    public func styleLines(legend: StyleLegend) -> [String] {
        (0..<size.height).map { y in
            var s = ""
            let row = y * size.width
            for x in 0..<size.width { s.append(legend.letter(for: cells[row + x].style)) }
            return s
        }
    }

    // MARK: - Diff

    /// Runs of cells that differ from `previous`, row by row, left to right. When
    /// the sizes differ every cell is returned (a full repaint: one run per row).
    /// A run never starts or ends in the middle of a wide character: a changed
    /// continuation cell pulls in its leading cell and vice versa.
    public func diff(from previous: Buffer?) -> [Run] {
        guard let previous, previous.size == size else {
            return (0..<size.height).map { y in
                Run(y: y, x: 0, cells: Array(cells[(y * size.width)..<((y + 1) * size.width)]))
            }
        }
        var runs: [Run] = []
        let w = size.width
        for y in 0..<size.height {
            let row = y * w
            var x = 0
            while x < w {
                if cells[row + x] == previous.cells[row + x] { x += 1; continue }
                var start = x
                while start > 0 && (cells[row + start].isContinuation || previous.cells[row + start].isContinuation) {
                    start -= 1
                }
                var end = x + 1
                while true {
                    while end < w && (cells[row + end].isContinuation || previous.cells[row + end].isContinuation) {
                        end += 1
                    }
                    if end < w && cells[row + end] != previous.cells[row + end] { end += 1; continue }
                    break
                }
                if let last = runs.last, last.y == y, last.x + last.cells.count >= start {
                    // Overlapping/adjacent after widening: extend the previous run.
                    let from = last.x + last.cells.count
                    if end > from { runs[runs.count - 1].cells.append(contentsOf: cells[(row + from)..<(row + end)]) }
                } else {
                    runs.append(Run(y: y, x: start, cells: Array(cells[(row + start)..<(row + end)])))
                }
                x = end
            }
        }
        return runs
    }
}
