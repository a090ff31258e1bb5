// A single-line text editor.

/// Editing state of a one-line field. The cursor counts grapheme clusters
/// (0 = before the first character, `count` = at the end).
public struct TextFieldState: Hashable, Sendable {
    public private(set) var text: String
    public private(set) var cursor: Int
    /// Index of the first visible grapheme (horizontal scrolling; see `visibleStart`).
    public var scroll: Int

    public init(text: String = "") {
        self.text = Sanitize.line(text)
        self.cursor = self.text.count
        self.scroll = 0
    }

    public var isEmpty: Bool { text.isEmpty }
    public var count: Int { text.count }

    /// Replaces the text; the cursor goes to the end.
    public mutating func setText(_ s: String) {
        text = Sanitize.line(s)
        cursor = text.count
    }

    public mutating func clear() { setText("") }

    private func index(_ n: Int) -> String.Index {
        text.index(text.startIndex, offsetBy: min(max(0, n), text.count))
    }

    public mutating func setCursor(_ n: Int) { cursor = min(max(0, n), text.count) }

    /// Inserts text at the cursor (sanitised to one line). Combining marks join the
    /// character before them, so the cursor is recomputed from the result.
    public mutating func insert(_ s: String) {
        let clean = Sanitize.line(s)
        guard !clean.isEmpty else { return }
        let at = index(cursor)
        let before = text[..<at]
        let after = text[at...]
        let newText = String(before) + clean + String(after)
        let afterCount = String(after).count
        text = newText
        cursor = max(0, text.count - afterCount)
    }

    public mutating func insert(_ c: Character) { insert(String(c)) }

    /// Deletes the character before the cursor.
    public mutating func backspace() {
        guard cursor > 0 else { return }
        let lo = index(cursor - 1), hi = index(cursor)
        text.removeSubrange(lo..<hi)
        cursor -= 1
    }

    /// Deletes the character under the cursor.
    public mutating func deleteForward() {
        guard cursor < text.count else { return }
        text.removeSubrange(index(cursor)..<index(cursor + 1))
    }

    public mutating func left() { if cursor > 0 { cursor -= 1 } }
    public mutating func right() { if cursor < text.count { cursor += 1 } }
    public mutating func home() { cursor = 0 }
    public mutating func end() { cursor = text.count }

    /// Ctrl-U: delete from the start to the cursor.
    public mutating func killToStart() {
        text.removeSubrange(text.startIndex..<index(cursor))
        cursor = 0
    }

    /// Ctrl-K: delete from the cursor to the end.
    public mutating func killToEnd() {
        text.removeSubrange(index(cursor)..<text.endIndex)
    }

    private static func isWordChar(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "_" || c.unicodeScalars.first.map { $0.properties.generalCategory == .nonspacingMark || $0.properties.generalCategory == .spacingMark } == true
    }

    /// The grapheme index at the start of the word before the cursor.
    func wordStartBefore(_ n: Int) -> Int {
        let chars = Array(text)
        var i = min(n, chars.count)
        while i > 0 && !Self.isWordChar(chars[i - 1]) { i -= 1 }
        while i > 0 && Self.isWordChar(chars[i - 1]) { i -= 1 }
        return i
    }

    /// The grapheme index at the end of the word after the cursor.
    func wordEndAfter(_ n: Int) -> Int {
        let chars = Array(text)
        var i = max(0, n)
        while i < chars.count && !Self.isWordChar(chars[i]) { i += 1 }
        while i < chars.count && Self.isWordChar(chars[i]) { i += 1 }
        return i
    }

    public mutating func wordLeft() { cursor = wordStartBefore(cursor) }
    public mutating func wordRight() { cursor = wordEndAfter(cursor) }

    /// Ctrl-W: delete the word before the cursor (and the spaces after it).
    public mutating func deleteWordBackward() {
        let start = wordStartBefore(cursor)
        text.removeSubrange(index(start)..<index(cursor))
        cursor = start
    }

    /// Alt-D: delete the word after the cursor.
    public mutating func deleteWordForward() {
        let end = wordEndAfter(cursor)
        text.removeSubrange(index(cursor)..<index(end))
    }

    /// Applies an editing key. Returns false for keys that are not editing keys
    /// (Enter, Esc, Up, Tab…), which the caller handles.
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let c): insert(c)
        case .backspace: backspace()
        case .delete: deleteForward()
        case .left: left()
        case .right: right()
        case .home, .ctrl("a"): home()
        case .end, .ctrl("e"): end()
        case .ctrl("u"): killToStart()
        case .ctrl("k"): killToEnd()
        case .ctrl("w"), .modified(.backspace, .alt), .modified(.backspace, .ctrl): deleteWordBackward()
        case .alt("b"), .modified(.left, .ctrl), .modified(.left, .alt): wordLeft()
        case .alt("f"), .modified(.right, .ctrl), .modified(.right, .alt): wordRight()
        case .alt("d"), .modified(.delete, .ctrl), .modified(.delete, .alt): deleteWordForward()
        default: return false
        }
        return true
    }

    /// Pasted text is inserted on one line (newlines and tabs become spaces).
    public mutating func paste(_ s: String) { insert(s) }

    /// The first visible grapheme for a field `width` columns wide: starts from
    /// `scroll`, moves as little as possible to keep the cursor cell visible, and
    /// scrolls back when the text fits.
    public func visibleStart(width: Int) -> Int {
        guard width > 0 else { return cursor }
        let chars = Array(text)
        let widths = chars.map { TextWidth.width(of: $0) }
        func span(_ a: Int, _ b: Int) -> Int { widths[a..<b].reduce(0, +) }
        let cursorW = cursor < chars.count ? max(1, widths[cursor]) : 1
        // If everything (plus the cursor cell at the end) fits, show from the start.
        if span(0, chars.count) + 1 <= width { return 0 }
        var start = min(max(0, scroll), cursor)
        while start < cursor && span(start, cursor) + cursorW > width { start += 1 }
        // Don't leave empty space at the right when scrolled: pull back while the tail fits.
        while start > 0 && span(start - 1, chars.count) + (cursor == chars.count ? 1 : 0) <= width
                && span(start - 1, cursor) + cursorW <= width {
            start -= 1
        }
        return start
    }

    public mutating func ensureCursorVisible(width: Int) { scroll = visibleStart(width: width) }
}

/// Draws a `TextFieldState`: an optional prompt, the visible part of the text, and
/// the cursor as a reverse-video cell; a focused field also puts `Buffer.cursor` on its caret.
public struct TextField {
    public var state: TextFieldState
    public var prompt: [Span]
    public var placeholder: String?
    public var focused: Bool

    public init(state: TextFieldState, prompt: [Span] = [], placeholder: String? = nil, focused: Bool = true) {
        self.state = state
        self.prompt = prompt
        self.placeholder = placeholder
        self.focused = focused
    }

    /// Draws on the first row of `area`. Returns the column of the cursor cell (or nil if not focused).
    @discardableResult
    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) -> Int? {
        let caret = draw(into: &buffer, area: area, theme: theme)
        if let caret { buffer.cursor = Point(x: caret, y: area.y) }
        return caret
    }

    private func draw(into buffer: inout Buffer, area: Rect, theme: Theme) -> Int? {
        guard !area.isEmpty else { return nil }
        let y = area.y
        buffer.fill(area.row(0), style: theme.normal)
        var x = area.x
        x += buffer.put(prompt, x: x, y: y, maxWidth: area.width)
        let width = area.maxX - x
        guard width > 0 else { return nil }
        if state.text.isEmpty, let ph = placeholder {
            if focused {
                buffer.put(" ", x: x, y: y, style: theme.cursor)
                buffer.put(ph, x: x + 1, y: y, style: theme.dim, maxWidth: width - 1)
                return x
            }
            buffer.put(ph, x: x, y: y, style: theme.dim, maxWidth: width)
            return nil
        }
        let chars = Array(state.text)
        let start = state.visibleStart(width: width)
        var col = x
        var cursorX: Int? = nil
        var i = start
        while i <= chars.count && col < area.maxX {
            let isCursor = focused && i == state.cursor
            if i == chars.count {
                if isCursor { buffer.put(" ", x: col, y: y, style: theme.cursor); cursorX = col }
                break
            }
            let c = String(chars[i])
            let w = TextWidth.width(of: chars[i])
            if col + max(1, w) > area.maxX { break }
            let n = buffer.put(c, x: col, y: y, style: isCursor ? theme.cursor : theme.normal, maxWidth: area.maxX - col)
            if isCursor { cursorX = col }
            col += max(n, 0)
            i += 1
        }
        return cursorX
    }
}
