// Panels, popups and whole-screen helpers.

/// A bordered box with a title; focus changes the border and title styles.
public struct Panel {
    public var title: String?
    /// Shown at the right of the top border (e.g. "12/340").
    public var rightTitle: String?
    public var focused: Bool

    public init(title: String? = nil, rightTitle: String? = nil, focused: Bool = false) {
        self.title = title
        self.rightTitle = rightTitle
        self.focused = focused
    }

    /// Clears `area`, draws the border and titles; returns the inner rect.
    @discardableResult
    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) -> Rect {
        guard !area.isEmpty else { return area }
        buffer.fill(area, style: theme.normal)
        // Focused: border and title stand out; unfocused: quiet border, plain title.
        return buffer.box(area, title: title,
                          style: focused ? theme.borderFocused : theme.border,
                          titleStyle: focused ? theme.title : theme.normal,
                          kind: focused ? theme.focusedBoxKind : theme.boxKind, rightTitle: rightTitle)
    }

    /// The inner rect for a panel drawn in `area` (without drawing).
    public static func inner(_ area: Rect) -> Rect { area.width >= 2 && area.height >= 2 ? area.inset(by: 1) : .zero }
}

/// Centred overlays (help, command palette, confirmations).
public enum Popup {
    /// A rect of at most `width`×`height` centred in `screen`, leaving a 1-cell margin when possible.
    public static func area(in screen: Rect, width: Int, height: Int) -> Rect {
        let maxW = screen.width > 4 ? screen.width - 2 : screen.width
        let maxH = screen.height > 4 ? screen.height - 2 : screen.height
        return screen.centered(width: min(width, maxW), height: min(height, maxH))
    }

    /// Clears `area`, draws a focused box with `title`; returns the inner rect.
    @discardableResult
    public static func render(into buffer: inout Buffer, area: Rect, title: String?, theme: Theme,
                              rightTitle: String? = nil) -> Rect {
        Panel(title: title, rightTitle: rightTitle, focused: true).render(into: &buffer, area: area, theme: theme)
    }
}

/// The `?` help overlay: sections of key/description rows from a KeyTable.
public struct HelpView {
    public var sections: [HelpSection]
    public var scroll: Int
    public var title: String

    public init(sections: [HelpSection], scroll: Int = 0, title: String = "Help") {
        self.sections = sections
        self.scroll = scroll
        self.title = title
    }

    /// Screen lines for an inner width.
    public func lines(width: Int, theme: Theme) -> [[Span]] {
        let keyW = min(max(4, sections.flatMap(\.entries).map { TextWidth.width(of: $0.keysText) }.max() ?? 4), max(4, width / 3))
        var out: [[Span]] = []
        for (i, s) in sections.enumerated() {
            if i > 0 { out.append([]) }
            out.append([Span(s.title, theme.header)])
            for e in s.entries {
                let descW = max(1, width - keyW - 2)
                let wrapped = TextWrap.wrap([Span(e.description, theme.normal)], width: descW)
                for (j, line) in wrapped.enumerated() {
                    let k = j == 0 ? TextWidth.pad(e.keysText, to: keyW) : String(repeating: " ", count: keyW)
                    out.append([Span(k, theme.keyHint), Span("  ")] + line)
                }
            }
        }
        return out
    }

    /// Largest useful scroll for a popup drawn in `screen`.
    public func maxScroll(screen: Rect, theme: Theme) -> Int {
        let box = popupArea(screen: screen, theme: theme)
        let inner = Panel.inner(box)
        return max(0, lines(width: inner.width, theme: theme).count - inner.height)
    }

    func popupArea(screen: Rect, theme: Theme) -> Rect {
        let w = min(screen.width - 2, 76)
        let content = lines(width: max(1, w - 2), theme: theme).count
        return Popup.area(in: screen, width: w, height: content + 2)
    }

    /// Draws the help popup centred in `screen`.
    public func render(into buffer: inout Buffer, screen: Rect, theme: Theme) {
        let box = popupArea(screen: screen, theme: theme)
        guard box.width >= 3, box.height >= 3 else { return }
        let all = lines(width: box.width - 2, theme: theme)
        let innerH = box.height - 2
        let start = min(max(0, scroll), max(0, all.count - innerH))
        let more = all.count > innerH ? "\(start + 1)–\(min(all.count, start + innerH))/\(all.count)" : nil
        let inner = Popup.render(into: &buffer, area: box, title: title, theme: theme, rightTitle: more)
        buffer.cursor = inner.origin   // the help has the keyboard: its first line shown
        for (i, line) in all.dropFirst(start).prefix(inner.height).enumerated() {
            SpanLine.render(line, into: &buffer, x: inner.x, y: inner.y + i, width: inner.width, ellipsisStyle: theme.dim)
        }
    }
}

/// A command palette: a text field above a list of matching commands, in a popup.
public struct CommandPalette {
    public var title: String
    public var field: TextFieldState
    public var items: [[Span]]
    public var list: ListState
    public var prompt: String
    public var placeholder: String?

    public init(title: String = "Commands", field: TextFieldState, items: [[Span]], list: ListState,
                prompt: String = ": ", placeholder: String? = nil) {
        self.title = title
        self.field = field
        self.items = items
        self.list = list
        self.prompt = prompt
        self.placeholder = placeholder
    }

    /// The popup rect in `screen`.
    public func area(in screen: Rect) -> Rect {
        Popup.area(in: screen, width: min(64, max(30, screen.width * 2 / 3)), height: min(items.count, 12) + 4)
    }

    /// Rows of the list inside the popup (for paging and mouse hits).
    public func listArea(in screen: Rect) -> Rect {
        let inner = Panel.inner(area(in: screen))
        return inner.splitTop(2).rest
    }

    public func render(into buffer: inout Buffer, screen: Rect, theme: Theme) {
        let box = area(in: screen)
        guard box.width >= 3, box.height >= 3 else { return }
        let inner = Popup.render(into: &buffer, area: box, title: title, theme: theme,
                                 rightTitle: items.isEmpty ? nil : "\(items.count)")
        let (fieldRow, rest) = inner.splitTop(1)
        TextField(state: field, prompt: [Span(prompt, theme.keyHint)], placeholder: placeholder, focused: true)
            .render(into: &buffer, area: fieldRow, theme: theme)
        let (rule, listRect) = rest.splitTop(1)
        if !rule.isEmpty { buffer.hline(x: rule.x, y: rule.y, length: rule.width, style: theme.border, kind: theme.boxKind) }
        let caret = buffer.cursor   // typing goes to the field: the cursor stays on its caret
        ListView(rows: items, state: list, focused: true, emptyText: "No matches")
            .render(into: &buffer, area: listRect, theme: theme)
        buffer.cursor = caret
    }

    /// The item under `point` (mouse), or nil.
    public func itemAt(_ point: Point, screen: Rect) -> Int? {
        ListView(rows: items, state: list).rowAt(point, area: listArea(in: screen))
    }
}

/// The "terminal too small" screen.
public enum TooSmall {
    /// True when `size` is smaller than `need` in either dimension.
    public static func applies(size: Size, need: Size) -> Bool { !size.covers(need) }

    /// A full frame explaining the problem: "Terminal too small: need 60×20, have 40×10".
    /// It recovers by itself: the next resize draws the real screen again.
    public static func render(need: Size, have: Size, theme: Theme) -> Buffer {
        var b = Buffer(size: have)
        guard have.width > 0, have.height > 0 else { return b }
        let lines = TextWrap.wrap([Span("Terminal too small:", theme.warning)], width: have.width)
            + TextWrap.wrap([Span("need \(need.width)×\(need.height), have \(have.width)×\(have.height)", theme.warning)], width: have.width)
            + TextWrap.wrap([Span("Enlarge the window, or press q to quit.", theme.dim)], width: have.width)
        let top = max(0, (have.height - lines.count) / 2)
        for (i, line) in lines.prefix(have.height).enumerated() {
            let w = line.width
            SpanLine.render(line, into: &b, x: max(0, (have.width - w) / 2), y: top + i, width: have.width)
        }
        return b
    }
}
