// A fast path for drawing single-width glyphs the program itself produced (Braille
// patterns, block elements, ASCII): maps and canvases write thousands of cells a frame,
// and those glyphs need no sanitising or width measuring.

extension Buffer {
    /// Writes one glyph that is known to be one column wide and printable (a Braille
    /// pattern U+2800–U+28FF, a block element U+2580–U+259F, a box-drawing character or
    /// printable ASCII). Anything else goes through `put`, so data can never bypass the
    /// sanitiser. Outside the buffer it does nothing.
    public mutating func putGlyph(_ glyph: Unicode.Scalar, x: Int, y: Int, style: Style) {
        guard inBounds(x, y) else { return }
        let v = glyph.value
        let safe = (0x20..<0x7F).contains(v) || (0x2800...0x28FF).contains(v) || (0x2500...0x259F).contains(v)
            || v == 0x00B7 || v == 0x2022
        if (0x2800...0x28FF).contains(v) {
            setCell(x, y, Buffer.braillePatterns[Int(v - 0x2800)], 1, style)
        } else if safe {
            setCell(x, y, String(Character(glyph)), 1, style)
        } else {
            put(String(Character(glyph)), x: x, y: y, style: style, maxWidth: 1)
        }
    }

    /// The 256 Braille patterns as strings, made once.
    static let braillePatterns: [String] = (0..<256).map { String(Character(Unicode.Scalar(0x2800 + UInt32($0))!)) }
}
