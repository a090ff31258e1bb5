// Themes: named style roles. Widgets never hard-code colours; they ask the theme
// for a role, so one screen works in colour and under NO_COLOR.

/// The named roles a theme styles.
public enum Role: String, CaseIterable, Hashable, Sendable {
    case normal, dim, title, border, borderFocused
    case selection, selectionUnfocused
    /// A search match.
    case highlight
    case keyHint, header, error, warning, ok
    case accent1, accent2, accent3, accent4, accent5, accent6
    /// A status/title bar background.
    case statusBar
    /// The text-field cursor cell.
    case cursor

    /// The letter that marks this role in `Buffer.styleLines(legend:)` snapshots.
    ///
    ///     .  normal        :  dim          T  title        |  border      #  borderFocused
    ///     S  selection     X  selection (unfocused pane)   H  highlight (search match)
    ///     K  keyHint       C  header (column headers)      E  error   W  warning   G  ok
    ///     1–6 accent1–6    _  statusBar    @  cursor
    ///
    /// Cells whose style matches no role get an attribute letter (see `StyleLegend`).
    public var legendLetter: Character {
        switch self {
        case .normal: return "."
        case .dim: return ":"
        case .title: return "T"
        case .border: return "|"
        case .borderFocused: return "#"
        case .selection: return "S"
        case .selectionUnfocused: return "X"
        case .highlight: return "H"
        case .keyHint: return "K"
        case .header: return "C"
        case .error: return "E"
        case .warning: return "W"
        case .ok: return "G"
        case .accent1: return "1"
        case .accent2: return "2"
        case .accent3: return "3"
        case .accent4: return "4"
        case .accent5: return "5"
        case .accent6: return "6"
        case .statusBar: return "_"
        case .cursor: return "@"
        }
    }
}

/// Line sets for boxes and rules.
public enum BoxKind: Hashable, Sendable {
    case plain, rounded, heavy, double, ascii

    /// (topLeft, top, topRight, side, bottomLeft, bottomRight) — `top` is also the bottom edge.
    public var glyphs: (tl: String, h: String, tr: String, v: String, bl: String, br: String) {
        switch self {
        case .plain: return ("┌", "─", "┐", "│", "└", "┘")
        case .rounded: return ("╭", "─", "╮", "│", "╰", "╯")
        case .heavy: return ("┏", "━", "┓", "┃", "┗", "┛")
        case .double: return ("╔", "═", "╗", "║", "╚", "╝")
        case .ascii: return ("+", "-", "+", "|", "+", "+")
        }
    }
}

/// A palette of role styles plus a few glyph choices.
public struct Theme: Sendable, Equatable {
    public var name: String
    /// False for NO_COLOR themes: no style in it uses a colour.
    public var usesColor: Bool

    public var normal: Style
    public var dim: Style
    public var title: Style
    public var border: Style
    public var borderFocused: Style
    public var selection: Style
    public var selectionUnfocused: Style
    public var highlight: Style
    public var keyHint: Style
    public var header: Style
    public var error: Style
    public var warning: Style
    public var ok: Style
    public var accents: [Style]  // exactly 6
    public var statusBar: Style
    public var cursor: Style

    public var boxKind: BoxKind
    public var focusedBoxKind: BoxKind
    public var scrollTrack: String
    public var scrollThumb: String

    public subscript(role: Role) -> Style {
        get {
            switch role {
            case .normal: return normal
            case .dim: return dim
            case .title: return title
            case .border: return border
            case .borderFocused: return borderFocused
            case .selection: return selection
            case .selectionUnfocused: return selectionUnfocused
            case .highlight: return highlight
            case .keyHint: return keyHint
            case .header: return header
            case .error: return error
            case .warning: return warning
            case .ok: return ok
            case .accent1: return accents[0]
            case .accent2: return accents[1]
            case .accent3: return accents[2]
            case .accent4: return accents[3]
            case .accent5: return accents[4]
            case .accent6: return accents[5]
            case .statusBar: return statusBar
            case .cursor: return cursor
            }
        }
        set {
            switch role {
            case .normal: normal = newValue
            case .dim: dim = newValue
            case .title: title = newValue
            case .border: border = newValue
            case .borderFocused: borderFocused = newValue
            case .selection: selection = newValue
            case .selectionUnfocused: selectionUnfocused = newValue
            case .highlight: highlight = newValue
            case .keyHint: keyHint = newValue
            case .header: header = newValue
            case .error: error = newValue
            case .warning: warning = newValue
            case .ok: ok = newValue
            case .accent1: accents[0] = newValue
            case .accent2: accents[1] = newValue
            case .accent3: accents[2] = newValue
            case .accent4: accents[3] = newValue
            case .accent5: accents[4] = newValue
            case .accent6: accents[5] = newValue
            case .statusBar: statusBar = newValue
            case .cursor: cursor = newValue
            }
        }
    }

    /// Accent `i` (1-based, wraps around), for kinds/categories.
    public func accent(_ i: Int) -> Style {
        accents[((i - 1) % accents.count + accents.count) % accents.count]
    }

    /// Selection style for a pane that is (or isn't) focused.
    public func selection(focused: Bool) -> Style { focused ? selection : selectionUnfocused }

    /// Colour theme. With `colorCount` ≥ 256 it uses the richer 256-colour palette;
    /// below that only the 8 base colours plus attributes, so it reads well on an 8-colour terminal.
    public static func color(colorCount: Int = 256) -> Theme {
        if colorCount >= 256 {
            return Theme(
                name: "color256", usesColor: true,
                normal: .plain,
                dim: Style(fg: .indexed(245)),
                title: Style(fg: .indexed(81), bold: true),
                border: Style(fg: .indexed(240)),
                borderFocused: Style(fg: .indexed(81)),
                selection: Style(fg: .brightWhite, bg: .indexed(25), bold: true),
                selectionUnfocused: Style(fg: .indexed(252), bg: .indexed(238)),
                highlight: Style(fg: .black, bg: .indexed(220), bold: true),
                keyHint: Style(fg: .indexed(117), bold: true),
                header: Style(fg: .indexed(179), bold: true),
                error: Style(fg: .indexed(203), bold: true),
                warning: Style(fg: .indexed(214)),
                ok: Style(fg: .indexed(114)),
                accents: [Style(fg: .indexed(75)), Style(fg: .indexed(215)), Style(fg: .indexed(150)),
                          Style(fg: .indexed(176)), Style(fg: .indexed(222)), Style(fg: .indexed(80))],
                statusBar: Style(fg: .indexed(252), bg: .indexed(236)),
                cursor: Style(reverse: true),
                boxKind: .rounded, focusedBoxKind: .rounded,
                scrollTrack: "│", scrollThumb: "┃")
        }
        return Theme(
            name: "color8", usesColor: true,
            normal: .plain,
            dim: Style(dim: true),
            title: Style(fg: .cyan, bold: true),
            border: Style(dim: true),
            borderFocused: Style(fg: .cyan),
            selection: Style(fg: .white, bg: .blue, bold: true),
            selectionUnfocused: Style(fg: .black, bg: .white),
            highlight: Style(fg: .black, bg: .yellow, bold: true),
            keyHint: Style(fg: .green, bold: true),
            header: Style(fg: .yellow, bold: true),
            error: Style(fg: .red, bold: true),
            warning: Style(fg: .yellow),
            ok: Style(fg: .green),
            accents: [Style(fg: .blue, bold: true), Style(fg: .yellow), Style(fg: .green),
                      Style(fg: .magenta), Style(fg: .cyan), Style(fg: .red)],
            statusBar: Style(reverse: true),
            cursor: Style(reverse: true),
            boxKind: .rounded, focusedBoxKind: .rounded,
            scrollTrack: "│", scrollThumb: "┃")
    }

    /// NO_COLOR theme: attributes only. Selection is reverse video (bold when the pane
    /// has focus), focus is bold (and a heavy border), a search match is underline+bold.
    public static let noColor = Theme(
        name: "no-color", usesColor: false,
        normal: .plain,
        dim: Style(dim: true),
        title: Style(bold: true),
        border: .plain,
        borderFocused: Style(bold: true),
        selection: Style(bold: true, reverse: true),
        selectionUnfocused: Style(reverse: true),
        highlight: Style(bold: true, underline: true),
        keyHint: Style(bold: true),
        header: Style(bold: true, underline: true),
        error: Style(bold: true),
        warning: Style(bold: true),
        ok: .plain,
        accents: Array(repeating: .plain, count: 6),
        statusBar: .plain,
        cursor: Style(reverse: true),
        boxKind: .rounded, focusedBoxKind: .heavy,
        scrollTrack: "│", scrollThumb: "█")

    /// The theme to use for a terminal: `noColor` when colours are off or unavailable.
    public static func automatic(colorCount: Int, noColor: Bool) -> Theme {
        (noColor || colorCount < 8) ? .noColor : .color(colorCount: colorCount)
    }

    /// A legend mapping this theme's role styles to their letters (see `Role.legendLetter`).
    public var legend: StyleLegend { StyleLegend(theme: self) }
}

/// Maps a cell style to one letter for style snapshots (`Buffer.styleLines`).
///
/// A theme legend first looks for a role with exactly that style (first role in
/// `StyleLegend.rolePriority` wins when several share a style), then for
/// "selection with a search match inside" (`h`). Anything else gets an attribute
/// letter: `R` reverse, `U` underline, `B` bold, `D` dim, `I` italic — uppercase
/// when it is the only attribute, lowercase when combined with others (the
/// letter is the first of R, U, B, D, I present); `c` for colour without
/// attributes; `.` for plain.
public struct StyleLegend: Sendable {
    public var entries: [Style: Character]

    public static let rolePriority: [Role] = [
        .normal, .selection, .selectionUnfocused, .highlight, .cursor, .header, .keyHint,
        .title, .borderFocused, .border, .dim, .error, .warning, .ok, .statusBar,
        .accent1, .accent2, .accent3, .accent4, .accent5, .accent6,
    ]

    public init(entries: [Style: Character] = [:]) { self.entries = entries }

    public init(theme: Theme) {
        var e: [Style: Character] = [:]
        for role in StyleLegend.rolePriority where e[theme[role]] == nil {
            e[theme[role]] = role.legendLetter
        }
        let selMatch = theme.selection.patched(with: theme.highlight)
        if e[selMatch] == nil { e[selMatch] = "h" }
        self.entries = e
    }

    /// Attribute letters only (useful for NO_COLOR screens: shows exactly what is visible).
    public static let attributes = StyleLegend()

    public func letter(for style: Style) -> Character {
        if let c = entries[style] { return c }
        return StyleLegend.attributeLetter(style)
    }

    public static func attributeLetter(_ style: Style) -> Character {
        let a = style.attributes
        let order: [(TextAttributes, Character)] = [(.reverse, "R"), (.underline, "U"), (.bold, "B"), (.dim, "D"), (.italic, "I")]
        guard let first = order.first(where: { a.contains($0.0) }) else {
            return (style.fg == .default && style.bg == .default) ? "." : "c"
        }
        let single = a == first.0
        return single ? first.1 : Character(first.1.lowercased())
    }
}
