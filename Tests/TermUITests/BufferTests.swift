import Testing
@testable import TermUI

@Suite struct BufferTests {
    @Test func putClipsToBufferAndMaxWidth() {
        var b = Buffer(width: 10, height: 2)
        #expect(b.put("hello world", x: 2, y: 0) == 8)
        #expect(b.put("abcdef", x: 0, y: 1, maxWidth: 3) == 3)
        #expect(b.textLines() == ["  hello wo", "abc       "])
        #expect(b.put("zzz", x: 0, y: 5) == 0)     // off the buffer
        #expect(b.put("zzz", x: 10, y: 0) == 0)
        #expect(b.put("xyz", x: -2, y: 1) == 1)    // partly left of the buffer
        #expect(b.textLines()[1] == "zbc       ")
    }

    @Test func wideCharacters() {
        var b = Buffer(width: 6, height: 1)
        #expect(b.put("中文", x: 0, y: 0) == 4)
        #expect(b[0, 0].text == "中")
        #expect(b[1, 0].isContinuation)
        #expect(b.textLines() == ["中文  "])
        #expect(TextWidth.width(of: b.textLines()[0]) == 6)
    }

    @Test func wideCharacterAtTheEdgeBecomesPadding() {
        var b = Buffer(width: 5, height: 1)
        #expect(b.put("ab中", x: 2, y: 0) == 3)   // 'a','b' then 中 would straddle the edge
        #expect(b.textLines() == ["  ab "])
        var c = Buffer(width: 6, height: 1)
        #expect(c.put("中文字", x: 0, y: 0, maxWidth: 5) == 5)
        #expect(c.textLines() == ["中文  "])
        #expect(!c[4, 0].isContinuation && c[4, 0].text == " ")
    }

    @Test func overwritingHalfAWideCharacterBlanksTheRest() {
        var b = Buffer(width: 6, height: 1)
        b.put("中文", x: 0, y: 0)
        b.put("x", x: 1, y: 0)          // over 中's right half
        #expect(b.textLines() == [" x文  "])
        b.put("y", x: 2, y: 0)          // over 文's left half
        #expect(b.textLines() == [" xy   "])
        #expect(b.cells.allSatisfy { !$0.isContinuation })
        var c = Buffer(width: 6, height: 1)
        c.put("中文", x: 0, y: 0)
        c.put("字", x: 1, y: 0)          // a wide char across two wide chars
        #expect(c.textLines() == [" 字   "])
        #expect(c[2, 0].isContinuation)
    }

    @Test func combiningMarksAndInvisibles() {
        var b = Buffer(width: 6, height: 1)
        #expect(b.put("\u{301}a", x: 0, y: 0) == 2)    // lone mark is shown on a dotted circle
        #expect(b[0, 0].text == "◌\u{301}")
        #expect(b.put("\u{200D}b", x: 2, y: 0) == 1)   // a lone ZWJ is dropped
        #expect(b.textLines() == ["◌\u{301}ab   "])
        var c = Buffer(width: 4, height: 1)
        c.put("e\u{301}x", x: 0, y: 0)
        #expect(c[0, 0].text == "e\u{301}")
        #expect(c[1, 0].text == "x")
    }

    @Test func spansAndStyles() {
        var b = Buffer(width: 8, height: 1)
        let bold = Style(bold: true)
        #expect(b.put([Span("ab"), Span("cd", bold)], x: 1, y: 0) == 4)
        #expect(b[3, 0].style == bold)
        #expect(b[2, 0].style == .plain)
        #expect(b.styleLines(legend: .attributes) == ["...BB..."])
        b.patchStyle(Rect(x: 0, y: 0, width: 4, height: 1), with: Style(underline: true))
        #expect(b.styleLines(legend: .attributes) == ["UUUuB..."])
        b.fillStyle(Rect(x: 6, y: 0, width: 5, height: 1), style: Style(reverse: true))
        #expect(b.styleLines(legend: .attributes) == ["UUUuB.RR"])
        b.fill(Rect(x: 0, y: 0, width: 2, height: 1), style: .plain)
        #expect(b.textLines() == ["  bcd   "])
    }

    @Test func boxWithTitles() {
        var b = Buffer(width: 12, height: 4)
        let inner = b.box(b.area, title: "Title that is long", kind: .rounded)
        #expect(inner == Rect(x: 1, y: 1, width: 10, height: 2))
        #expect(b.textLines() == [
            "╭─ Title …─╮",
            "│          │",
            "│          │",
            "╰──────────╯",
        ])
        var c = Buffer(width: 16, height: 3)
        c.box(c.area, title: "List", kind: .plain, rightTitle: "3/9")
        #expect(c.textLines()[0] == "┌─ List ─ 3/9 ─┐")
    }

    @Test func diffFindsChangedRuns() {
        var a = Buffer(width: 10, height: 3)
        a.put("hello", x: 0, y: 0)
        var b = a
        #expect(b.diff(from: a).isEmpty)
        b.put("J", x: 0, y: 0)
        b.put("!!", x: 7, y: 2)
        let runs = b.diff(from: a)
        #expect(runs == [
            Run(y: 0, x: 0, cells: [Cell("J")]),
            Run(y: 2, x: 7, cells: [Cell("!"), Cell("!")]),
        ])
        // Adjacent changes merge into one run; a style-only change counts.
        var c = b
        c.setStyle(Style(bold: true), x: 1, y: 0)
        c.put("x", x: 2, y: 0)
        #expect(c.diff(from: b).map { [$0.y, $0.x, $0.cells.count] } == [[0, 1, 2]])
    }

    @Test func diffKeepsWideCharactersWhole() {
        var a = Buffer(width: 6, height: 1)
        a.put("ab中", x: 0, y: 0)
        var b = Buffer(width: 6, height: 1)
        b.put("ab中", x: 0, y: 0)
        b.setStyle(Style(bold: true), x: 3, y: 0)   // only the continuation cell's style changed
        let runs = b.diff(from: a)
        #expect(runs.count == 1)
        #expect(runs[0].x == 2 && runs[0].cells.count == 2 && runs[0].cells[0].text == "中")
        var c = Buffer(width: 6, height: 1)
        c.put("abxy", x: 0, y: 0)                   // narrow chars where the wide one was
        let r2 = c.diff(from: a)
        #expect(r2 == [Run(y: 0, x: 2, cells: [Cell("x"), Cell("y")])])
    }

    @Test func diffAfterResizeIsAFullRepaint() {
        let a = Buffer(width: 4, height: 2)
        var b = Buffer(width: 5, height: 3)
        b.put("x", x: 0, y: 0)
        let runs = b.diff(from: a)
        #expect(runs.count == 3)
        #expect(runs.allSatisfy { $0.x == 0 && $0.cells.count == 5 })
        #expect(b.diff(from: nil).count == 3)
    }

    @Test func blitCopiesAndClips() {
        var small = Buffer(width: 3, height: 1)
        small.put("中x", x: 0, y: 0)
        var big = Buffer(width: 4, height: 2)
        big.blit(small, at: Point(x: 2, y: 1))
        #expect(big.textLines() == ["    ", "  中"])
        big.blit(small, at: Point(x: 3, y: 0))      // wide char would straddle: padding
        #expect(big.textLines()[0] == "    ")
    }

    @Test func styleLegendLettersFromTheme() {
        let theme = Theme.color(colorCount: 256)
        let legend = theme.legend
        #expect(legend.letter(for: theme.selection) == "S")
        #expect(legend.letter(for: theme.selectionUnfocused) == "X")
        #expect(legend.letter(for: theme.highlight) == "H")
        #expect(legend.letter(for: theme.border) == "|")
        #expect(legend.letter(for: theme.borderFocused) == "#")
        #expect(legend.letter(for: .plain) == ".")
        #expect(legend.letter(for: Style(fg: .red, underline: true)) == "U")
        #expect(legend.letter(for: Style(fg: .red, bold: true, underline: true)) == "u")
        #expect(legend.letter(for: Style(fg: .indexed(9))) == "c")
    }
}

@Suite struct GeometryAndLayoutTests {
    @Test func rectHelpers() {
        let r = Rect(x: 2, y: 3, width: 10, height: 5)
        #expect(r.contains(Point(2, 3)) && r.contains(Point(11, 7)))
        #expect(!r.contains(Point(12, 3)) && !r.contains(Point(2, 8)))
        #expect(r.inset(by: 1) == Rect(x: 3, y: 4, width: 8, height: 3))
        #expect(r.inset(by: 9).isEmpty)
        #expect(r.intersection(Rect(x: 0, y: 0, width: 5, height: 5)) == Rect(x: 2, y: 3, width: 3, height: 2))
        #expect(r.intersection(Rect(x: 50, y: 50, width: 5, height: 5)).isEmpty)
        #expect(r.splitTop(2).top == Rect(x: 2, y: 3, width: 10, height: 2))
        #expect(r.splitTop(2).rest == Rect(x: 2, y: 5, width: 10, height: 3))
        #expect(r.splitBottom(9).bottom.height == 5)
        #expect(r.splitLeft(4).rest == Rect(x: 6, y: 3, width: 6, height: 5))
        #expect(r.splitRight(1).right == Rect(x: 11, y: 3, width: 1, height: 5))
        #expect(r.centered(width: 4, height: 1) == Rect(x: 5, y: 5, width: 4, height: 1))
        #expect(Rect(x: 0, y: 0, width: -3, height: 2).width == 0)
    }

    @Test func fixedAndFill() {
        #expect(Layout.sizes(total: 24, [.fixed(1), .fill(1), .fixed(1)]) == [1, 22, 1])
        #expect(Layout.sizes(total: 9, [.fill(1), .fill(2)]) == [3, 6])
        #expect(Layout.sizes(total: 10, [.fill(1), .fill(1), .fill(1)]) == [4, 3, 3])
    }

    @Test func percentagesCoverTheWhole() {
        #expect(Layout.sizes(total: 81, [.percent(50), .percent(50)]).reduce(0, +) == 81)
        #expect(Layout.sizes(total: 80, [.percent(30), .fill(1)]) == [24, 56])
    }

    @Test func minGrowsWithoutFill() {
        #expect(Layout.sizes(total: 20, [.fixed(5), .min(3)]) == [5, 15])
        #expect(Layout.sizes(total: 20, [.min(3), .fill(1)]) == [3, 17])
    }

    @Test func robustWhenSpaceRunsOut() {
        #expect(Layout.sizes(total: 15, [.fixed(10), .fill(1), .fixed(10)]) == [10, 0, 5])
        #expect(Layout.sizes(total: 3, [.min(5), .fill(1)]) == [3, 0])
        #expect(Layout.sizes(total: 0, [.fixed(2), .percent(50), .fill(1)]) == [0, 0, 0])
        #expect(Layout.sizes(total: 5, []) == [])
        // Key bar and title survive a squeeze before the content does.
        #expect(Layout.sizes(total: 2, [.fixed(1), .percent(100), .fixed(1)]) == [1, 0, 1])
        let all: [Constraint] = [.fixed(7), .percent(40), .min(4), .fill(2), .fill(1), .fixed(-3), .percent(250)]
        for total in 0...60 {
            for spacing in 0...2 {
                let s = Layout.sizes(total: total, all, spacing: spacing)
                #expect(s.allSatisfy { $0 >= 0 })
                #expect(s.reduce(0, +) <= max(0, total - spacing * (all.count - 1)))
            }
        }
    }

    @Test func splitPlacesRectsWithSpacing() {
        let rects = Rect(x: 1, y: 0, width: 20, height: 3).split(.horizontal, [.fixed(5), .fill(1)], spacing: 1)
        #expect(rects == [Rect(x: 1, y: 0, width: 5, height: 3), Rect(x: 7, y: 0, width: 14, height: 3)])
        let rows = Rect(x: 0, y: 0, width: 4, height: 10).split(.vertical, [.fixed(1), .fill(1), .fixed(1)])
        #expect(rows.map(\.y) == [0, 1, 9])
        #expect(rows.map(\.height) == [1, 8, 1])
    }
}
