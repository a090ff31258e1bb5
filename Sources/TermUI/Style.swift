// Colours and styles. A `Style` is what one cell looks like; widgets take their
// styles from a `Theme` (see Theme.swift) so the same screen works with 8, 16 or
// 256 colours and with NO_COLOR.

/// A terminal colour. `.default` is the terminal's own foreground/background.
public enum Color: Hashable, Sendable {
    case `default`
    case black, red, green, yellow, blue, magenta, cyan, white
    case brightBlack, brightRed, brightGreen, brightYellow
    case brightBlue, brightMagenta, brightCyan, brightWhite
    /// One of the 256 xterm colours (0–15 are the named ones, 16–231 a 6×6×6 cube, 232–255 greys).
    case indexed(UInt8)

    /// The 16 named colours in ANSI order.
    public static let named: [Color] = [
        .black, .red, .green, .yellow, .blue, .magenta, .cyan, .white,
        .brightBlack, .brightRed, .brightGreen, .brightYellow,
        .brightBlue, .brightMagenta, .brightCyan, .brightWhite,
    ]

    /// Palette index (0–255), or nil for `.default`.
    public var index: Int? {
        switch self {
        case .default: return nil
        case .black: return 0
        case .red: return 1
        case .green: return 2
        case .yellow: return 3
        case .blue: return 4
        case .magenta: return 5
        case .cyan: return 6
        case .white: return 7
        case .brightBlack: return 8
        case .brightRed: return 9
        case .brightGreen: return 10
        case .brightYellow: return 11
        case .brightBlue: return 12
        case .brightMagenta: return 13
        case .brightCyan: return 14
        case .brightWhite: return 15
        case .indexed(let n): return Int(n)
        }
    }

    /// The same colour expressed for a terminal with `count` colours
    /// (`count` ≤ 0: none → `.default`; 8: base colours only; 16; 256+: unchanged).
    /// Indexed colours are mapped to the nearest named colour by RGB distance.
    public func downgraded(toColorCount count: Int) -> Color {
        guard let i = index else { return .default }
        if count <= 0 { return .default }
        if count >= 256 { return self }
        var n = i
        if n >= 16 { n = Color.nearestNamed(rgb: Color.xtermRGB(n), limit: count >= 16 ? 16 : 8) }
        if count < 16 && n >= 8 { n -= 8 }
        return Color.named[n]
    }

    /// Approximate RGB of an xterm-256 palette index.
    public static func xtermRGB(_ i: Int) -> (Int, Int, Int) {
        let base: [(Int, Int, Int)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
            (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
        ]
        if i < 16 { return base[max(0, i)] }
        if i < 232 {
            let c = i - 16
            let steps = [0, 95, 135, 175, 215, 255]
            return (steps[c / 36], steps[(c / 6) % 6], steps[c % 6])
        }
        let g = 8 + (min(i, 255) - 232) * 10
        return (g, g, g)
    }

    static func nearestNamed(rgb: (Int, Int, Int), limit: Int) -> Int {
        var best = 0
        var bestDistance = Int.max
        for n in 0..<limit {
            let c = xtermRGB(n)
            let d = (c.0 - rgb.0) * (c.0 - rgb.0) + (c.1 - rgb.1) * (c.1 - rgb.1) + (c.2 - rgb.2) * (c.2 - rgb.2)
            if d < bestDistance { bestDistance = d; best = n }
        }
        return best
    }
}

/// Text attributes that terminals render without colour.
public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let dim = TextAttributes(rawValue: 1 << 1)
    public static let underline = TextAttributes(rawValue: 1 << 2)
    public static let reverse = TextAttributes(rawValue: 1 << 3)
    public static let italic = TextAttributes(rawValue: 1 << 4)
}

/// How one cell looks: foreground, background and attributes.
public struct Style: Hashable, Sendable, CustomStringConvertible {
    public var fg: Color
    public var bg: Color
    public var attributes: TextAttributes

    public init(fg: Color = .default, bg: Color = .default, attributes: TextAttributes = []) {
        self.fg = fg
        self.bg = bg
        self.attributes = attributes
    }

    public init(fg: Color = .default, bg: Color = .default,
                bold: Bool = false, dim: Bool = false, underline: Bool = false,
                reverse: Bool = false, italic: Bool = false) {
        var a: TextAttributes = []
        if bold { a.insert(.bold) }
        if dim { a.insert(.dim) }
        if underline { a.insert(.underline) }
        if reverse { a.insert(.reverse) }
        if italic { a.insert(.italic) }
        self.init(fg: fg, bg: bg, attributes: a)
    }

    /// Terminal defaults, no attributes.
    public static let plain = Style()

    public var isPlain: Bool { self == .plain }

    public var bold: Bool {
        get { attributes.contains(.bold) }
        set { if newValue { attributes.insert(.bold) } else { attributes.remove(.bold) } }
    }
    public var dim: Bool {
        get { attributes.contains(.dim) }
        set { if newValue { attributes.insert(.dim) } else { attributes.remove(.dim) } }
    }
    public var underline: Bool {
        get { attributes.contains(.underline) }
        set { if newValue { attributes.insert(.underline) } else { attributes.remove(.underline) } }
    }
    public var reverse: Bool {
        get { attributes.contains(.reverse) }
        set { if newValue { attributes.insert(.reverse) } else { attributes.remove(.reverse) } }
    }
    public var italic: Bool {
        get { attributes.contains(.italic) }
        set { if newValue { attributes.insert(.italic) } else { attributes.remove(.italic) } }
    }

    /// `other` laid over this style: its non-default colours replace ours and its
    /// attributes are added. `a.patched(with: .plain) == a`.
    public func patched(with other: Style) -> Style {
        Style(fg: other.fg == .default ? fg : other.fg,
              bg: other.bg == .default ? bg : other.bg,
              attributes: attributes.union(other.attributes))
    }

    public func fg(_ color: Color) -> Style { var s = self; s.fg = color; return s }
    public func bg(_ color: Color) -> Style { var s = self; s.bg = color; return s }
    public func adding(_ a: TextAttributes) -> Style { var s = self; s.attributes.formUnion(a); return s }
    public func removing(_ a: TextAttributes) -> Style { var s = self; s.attributes.subtract(a); return s }

    /// The style with colours downgraded for a terminal with `count` colours (0 = attributes only).
    public func downgraded(toColorCount count: Int) -> Style {
        Style(fg: fg.downgraded(toColorCount: count), bg: bg.downgraded(toColorCount: count), attributes: attributes)
    }

    public var description: String {
        var parts: [String] = []
        if fg != .default { parts.append("fg:\(fg)") }
        if bg != .default { parts.append("bg:\(bg)") }
        if bold { parts.append("bold") }
        if dim { parts.append("dim") }
        if underline { parts.append("underline") }
        if reverse { parts.append("reverse") }
        if italic { parts.append("italic") }
        return parts.isEmpty ? "plain" : parts.joined(separator: " ")
    }
}

/// A run of text in one style — the unit widgets render.
public struct Span: Hashable, Sendable, CustomStringConvertible {
    public var text: String
    public var style: Style

    public init(_ text: String, _ style: Style = .plain) {
        self.text = text
        self.style = style
    }

    public var width: Int { TextWidth.width(of: text) }
    public var description: String { text }

    /// Splits `text` into spans, applying `highlight` (patched over `base`) to `ranges`
    /// (e.g. search matches). Overlapping or unordered ranges are merged; ranges from
    /// another string are ignored safely.
    public static func highlighted(_ text: String, ranges: [Range<String.Index>],
                                   base: Style = .plain, highlight: Style) -> [Span] {
        let valid = ranges
            .filter { $0.lowerBound >= text.startIndex && $0.upperBound <= text.endIndex && !$0.isEmpty }
            .sorted { $0.lowerBound < $1.lowerBound }
        if valid.isEmpty { return [Span(text, base)] }
        var merged: [Range<String.Index>] = []
        for r in valid {
            if let last = merged.last, r.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        let hl = base.patched(with: highlight)
        var out: [Span] = []
        var cursor = text.startIndex
        for r in merged {
            // Snap to grapheme boundaries so a highlight never splits a character.
            let lo = snapDown(text, r.lowerBound)
            let hi = snapUp(text, r.upperBound)
            if lo > cursor { out.append(Span(String(text[cursor..<lo]), base)) }
            if hi > max(lo, cursor) { out.append(Span(String(text[max(lo, cursor)..<hi]), hl)) }
            cursor = max(cursor, hi)
        }
        if cursor < text.endIndex { out.append(Span(String(text[cursor...]), base)) }
        return out
    }

    private static func snapDown(_ s: String, _ i: String.Index) -> String.Index {
        var j = s.startIndex
        while j < s.endIndex {
            let n = s.index(after: j)
            if n > i { return j }
            j = n
        }
        return j
    }

    private static func snapUp(_ s: String, _ i: String.Index) -> String.Index {
        var j = s.startIndex
        while j < s.endIndex && j < i { j = s.index(after: j) }
        return j
    }
}

extension Array where Element == Span {
    /// Total display width.
    public var width: Int { reduce(0) { $0 + $1.width } }
    /// The text without styles.
    public var plainText: String { map(\.text).joined() }
}
