// Multi-line text: paragraphs and key–value detail blocks.

/// Wrapped styled text with a scroll offset (in wrapped lines).
public struct Paragraph {
    /// Source lines (each may wrap onto several screen lines).
    public var lines: [[Span]]
    public var wrap: Bool
    public var scroll: Int

    public init(lines: [[Span]], wrap: Bool = true, scroll: Int = 0) {
        self.lines = lines
        self.wrap = wrap
        self.scroll = scroll
    }

    /// Plain text (newlines separate lines) in one style.
    public init(_ text: String, style: Style = .plain, wrap: Bool = true, scroll: Int = 0) {
        let parts = Sanitize.text(text).split(separator: "\n", omittingEmptySubsequences: false)
        self.init(lines: parts.map { [Span(String($0), style)] }, wrap: wrap, scroll: scroll)
    }

    /// The screen lines for a given width.
    public func layout(width: Int) -> [[Span]] {
        guard width > 0 else { return [] }
        if !wrap { return lines }
        return lines.flatMap { TextWrap.wrap($0, width: width) }
    }

    /// Number of screen lines at `width` (to clamp `scroll`).
    public func lineCount(width: Int) -> Int { layout(width: width).count }

    /// The largest useful scroll offset for `area`.
    public func maxScroll(area: Rect) -> Int { max(0, lineCount(width: area.width) - area.height) }

    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) {
        guard !area.isEmpty else { return }
        buffer.fill(area, style: theme.normal)
        let all = layout(width: area.width)
        let start = min(max(0, scroll), max(0, all.count - area.height))
        for (i, line) in all.dropFirst(start).prefix(area.height).enumerated() {
            SpanLine.render(line, into: &buffer, x: area.x, y: area.y + i, width: area.width, ellipsisStyle: theme.dim)
        }
    }
}

/// A block of "Key   value" rows; long values wrap with a hanging indent.
public struct KeyValueView {
    public var pairs: [(key: String, value: [Span])]
    /// Width of the key column; nil = widest key, capped at a third of the area.
    public var keyWidth: Int?
    public var scroll: Int

    public init(_ pairs: [(key: String, value: [Span])], keyWidth: Int? = nil, scroll: Int = 0) {
        self.pairs = pairs
        self.keyWidth = keyWidth
        self.scroll = scroll
    }

    /// Convenience for plain string values.
    public init(strings: [(String, String)], keyWidth: Int? = nil, scroll: Int = 0) {
        self.init(strings.map { (key: $0.0, value: [Span($0.1)]) }, keyWidth: keyWidth, scroll: scroll)
    }

    func resolvedKeyWidth(_ area: Rect) -> Int {
        let widest = pairs.map { TextWidth.width(of: Sanitize.line($0.key)) }.max() ?? 0
        return max(1, min(keyWidth ?? widest, max(1, area.width / 3)))
    }

    /// Screen lines (key spans + value spans) for `area`.
    public func layout(area: Rect, theme: Theme) -> [[Span]] {
        let kw = resolvedKeyWidth(area)
        let vw = max(1, area.width - kw - 2)
        var out: [[Span]] = []
        for p in pairs {
            let wrapped = TextWrap.wrap(p.value, width: vw)
            let key = TextWidth.pad(Sanitize.line(p.key), to: kw)
            for (i, line) in (wrapped.isEmpty ? [[]] : wrapped).enumerated() {
                let k = i == 0 ? Span(key, theme.dim) : Span(String(repeating: " ", count: kw), theme.normal)
                out.append([k, Span("  ", theme.normal)] + line)
            }
        }
        return out
    }

    public func lineCount(area: Rect, theme: Theme) -> Int { layout(area: area, theme: theme).count }

    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) {
        guard !area.isEmpty else { return }
        buffer.fill(area, style: theme.normal)
        let lines = layout(area: area, theme: theme)
        let start = min(max(0, scroll), max(0, lines.count - area.height))
        for (i, line) in lines.dropFirst(start).prefix(area.height).enumerated() {
            SpanLine.render(line, into: &buffer, x: area.x, y: area.y + i, width: area.width, ellipsisStyle: theme.dim)
        }
    }
}
