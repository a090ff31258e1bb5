import CNCursesW
import TermUI

/// Maps `Style` to ncurses attributes and colour pairs, allocating pairs on demand.
/// Works with 8, 16, 256 and direct-colour terminals; with colours off (NO_COLOR or
/// a monochrome terminal) only attributes are used.
struct ColorMapper {
    /// 0 when colours are off.
    let colorCount: Int
    /// True when `use_default_colors` worked, so -1 means "terminal default".
    let defaultColors: Bool
    let maxPairs: Int
    private var pairs: [Int64: Int32] = [:]
    private var nextPair: Int32 = 1
    private var lastStyle: Style?
    private var lastResult: (attr_t, Int32) = (0, 0)

    init(colorCount: Int, defaultColors: Bool, maxPairs: Int) {
        self.colorCount = colorCount
        self.defaultColors = defaultColors
        self.maxPairs = min(maxPairs, 0x7FFF)
    }

    static func attributes(_ a: TextAttributes) -> attr_t {
        var r: attr_t = CN_A_NORMAL
        if a.contains(.bold) { r |= CN_A_BOLD }
        if a.contains(.dim) { r |= CN_A_DIM }
        if a.contains(.underline) { r |= CN_A_UNDERLINE }
        if a.contains(.reverse) { r |= CN_A_REVERSE }
        if a.contains(.italic) { r |= CN_A_ITALIC }
        return r
    }

    /// The terminal colour number for a colour (-1 = default).
    func number(_ c: Color, isBackground: Bool) -> Int32 {
        let d = c.downgraded(toColorCount: min(colorCount, 256))
        guard let i = d.index else {
            if defaultColors { return -1 }
            return isBackground ? 0 : 7   // COLOR_BLACK / COLOR_WHITE
        }
        if colorCount > 256 {
            // Direct colour: values below 8 are palette entries, the rest are 0xRRGGBB.
            if i < 8 { return Int32(i) }
            let (r, g, b) = Color.xtermRGB(i)
            return Int32((r << 16) | (g << 8) | b)
        }
        return Int32(i)
    }

    mutating func resolve(_ style: Style) -> (attr_t, Int32) {
        if style == lastStyle { return lastResult }
        let attrs = ColorMapper.attributes(style.attributes)
        var pair: Int32 = 0
        if colorCount > 0 && (style.fg != .default || style.bg != .default) {
            let fg = number(style.fg, isBackground: false)
            let bg = number(style.bg, isBackground: true)
            let key = (Int64(fg) << 32) | Int64(UInt32(bitPattern: bg))
            if let p = pairs[key] {
                pair = p
            } else if Int(nextPair) < maxPairs, init_extended_pair(nextPair, fg, bg) == OK {
                pairs[key] = nextPair
                pair = nextPair
                nextPair += 1
            }
            // Out of pairs: fall back to default colours (attributes still apply).
        }
        lastStyle = style
        lastResult = (attrs, pair)
        return lastResult
    }
}
