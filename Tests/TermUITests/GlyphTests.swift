import Testing
@testable import TermUI

@Suite struct GlyphTests {
    @Test func safeGlyphsAreWrittenAsTheyAre() {
        var b = Buffer(size: Size(6, 1))
        let s = Style(fg: .red)
        b.putGlyph("⣿", x: 0, y: 0, style: s)
        b.putGlyph("▀", x: 1, y: 0, style: s)
        b.putGlyph("o", x: 2, y: 0, style: s)
        b.putGlyph("─", x: 3, y: 0, style: s)
        #expect(b.textLines() == ["⣿▀o─  "])
        #expect(b[0, 0].style == s && b[3, 0].style == s)
        b.putGlyph("x", x: 9, y: 0, style: s)   // outside: nothing
        b.putGlyph("x", x: -1, y: 0, style: s)
        #expect(b.textLines() == ["⣿▀o─  "])
    }

    @Test func anythingElseGoesThroughTheSanitiser() {
        var b = Buffer(size: Size(4, 1))
        b.putGlyph("\u{1B}", x: 0, y: 0, style: .plain)    // a control character never reaches a cell raw
        b.putGlyph("中", x: 1, y: 0, style: .plain)         // wide: clipped to one column, so padding
        #expect(!b.textLines()[0].unicodeScalars.contains { $0.value < 0x20 })
        #expect(b[1, 0].text == " " && TextWidth.width(of: b.textLines()[0]) == 4)
        // Overwriting half of a wide character blanks the whole of it, as put does.
        var w = Buffer(size: Size(4, 1))
        w.put("中", x: 0, y: 0)
        w.putGlyph("⠁", x: 1, y: 0, style: .plain)
        #expect(w.textLines() == [" ⠁  "])
    }
}
