import Foundation
import Testing
@testable import TermUI

@Suite struct ListStateTests {
    @Test func movementClamps() {
        var s = ListState()
        s.moveUp(count: 10)
        #expect(s.selected == 0)
        s.moveDown(3, count: 10)
        #expect(s.selected == 3)
        s.moveDown(50, count: 10)
        #expect(s.selected == 9)
        s.end(count: 0)
        #expect(s.selected == 0)
        s.select(row: 42, count: 5)
        #expect(s.selected == 4)
        s.home()
        #expect(s == ListState(selected: 0, offset: 0))
    }

    @Test func paging() {
        var s = ListState()
        s.pageDown(height: 10, count: 100)
        #expect(s.selected == 9 && s.offset == 9)
        s.pageDown(height: 10, count: 100)
        #expect(s.selected == 18 && s.offset == 18)
        s.pageUp(height: 10, count: 100)
        #expect(s.selected == 9 && s.offset == 9)
        s.end(count: 100)
        s.ensureVisible(height: 10, count: 100)
        #expect(s.offset == 90)
        s.pageDown(height: 10, count: 100)
        #expect(s.selected == 99 && s.offset == 90)
        var t = ListState(selected: 2, offset: 0)
        t.pageDown(height: 10, count: 5)          // short list: no scrolling past the end
        #expect(t.selected == 4 && t.offset == 0)
    }

    @Test func visibleOffsetKeepsSelectionInView() {
        #expect(ListState(selected: 15, offset: 0).visibleOffset(height: 10, count: 100) == 6)
        #expect(ListState(selected: 3, offset: 8).visibleOffset(height: 10, count: 100) == 3)
        #expect(ListState(selected: 5, offset: 4).visibleOffset(height: 10, count: 100) == 4)
        // The list shrank: don't leave blank rows at the bottom.
        #expect(ListState(selected: 2, offset: 50).visibleOffset(height: 10, count: 12) == 2)
        #expect(ListState(selected: 11, offset: 50).visibleOffset(height: 10, count: 12) == 2)
        #expect(ListState(selected: 0, offset: 3).visibleRange(height: 4, count: 2) == 0..<2)
    }

    @Test func wheelScrollMovesSelectionOnlyIfNeeded() {
        var s = ListState(selected: 5, offset: 0)
        s.scroll(by: 3, height: 10, count: 100)
        #expect(s.offset == 3 && s.selected == 5)
        s.scroll(by: 10, height: 10, count: 100)
        #expect(s.offset == 13 && s.selected == 13)
        s.scroll(by: -100, height: 10, count: 100)
        #expect(s.offset == 0 && s.selected == 9)
    }

    @Test func listViewRendersSelectionAndHits() {
        let theme = Theme.noColor
        let rows = (0..<20).map { [Span("row \($0)")] }
        let view = ListView(rows: rows, state: ListState(selected: 7, offset: 0), focused: true)
        var b = Buffer(width: 10, height: 4)
        view.render(into: &b, area: b.area, theme: theme)
        #expect(b.textLines() == ["row 4    │", "row 5    █", "row 6    │", "row 7    │"])
        #expect(b.styleLines(legend: .attributes)[3] == "rrrrrrrrrD")   // reverse+bold selection, dim track
        #expect(view.rowAt(Point(2, 0), area: b.area) == 4)
        #expect(view.rowAt(Point(9, 0), area: b.area) == nil)             // scrollbar
        #expect(view.rowAt(Point(2, 9), area: b.area) == nil)
        let unfocused = ListView(rows: rows, state: ListState(selected: 7, offset: 0), focused: false)
        var c = Buffer(width: 10, height: 4)
        unfocused.render(into: &c, area: c.area, theme: theme)
        #expect(c.styleLines(legend: .attributes)[3] == "RRRRRRRRRD")   // reverse only
    }

    @Test func emptyList() {
        var b = Buffer(width: 12, height: 2)
        ListView(rows: [], state: ListState(), emptyText: "Nothing").render(into: &b, area: b.area, theme: .noColor)
        #expect(b.textLines() == ["Nothing     ", "            "])
    }
}

@Suite struct TableTests {
    static let columns = [
        TableColumn("Name", width: .fill(1)),
        TableColumn("Ward", width: .fixed(6)),
        TableColumn("#", width: .fixed(3), alignment: .right),
    ]

    @Test func columnsNeverShear() {
        let names = ["中文社区食物银行 Food Hub", "বাংলা খাদ্য সহায়তা কেন্দ্র", "Family 👨‍👩‍👧 Food 🇬🇧", "اردو کمیونٹی فوڈ پینٹری", "Łódź"]
        for width in 12...40 {
            let t = Table(columns: Self.columns, rows: names.map { [TableCell($0), TableCell("Shaw中央"), TableCell("12")] },
                          state: ListState(selected: 1), showScrollbar: false)
            var b = Buffer(width: width, height: 6)
            t.render(into: &b, area: b.area, theme: .noColor)
            let frames = t.columnFrames(area: b.area)
            for y in 0..<6 {
                // The separator columns between cells stay blank and every row is exactly `width` wide.
                for f in frames.dropLast() where f.maxX < width {
                    #expect(b[f.maxX, y].text == " ", "separator at \(f.maxX) row \(y) width \(width): \(b.textLines()[y])")
                }
                #expect(TextWidth.width(of: b.textLines()[y]) == width)
                // The number column is right-aligned in its frame.
                if y > 0, let last = frames.last, last.width == 3 { #expect(b[last.maxX - 1, y].text == "2") }
            }
        }
    }

    @Test func highlightsAndSelection() {
        let theme = Theme.color(colorCount: 256)
        let name = "Shaw Food Bank"
        let r = name.range(of: "Food")!
        let t = Table(columns: Self.columns, rows: [[TableCell(name, highlights: [r]), TableCell("Shaw"), TableCell("1")],
                                                    [TableCell(name, highlights: [r]), TableCell("Shaw"), TableCell("2")]],
                      state: ListState(selected: 1))
        var b = Buffer(width: 30, height: 3)
        t.render(into: &b, area: b.area, theme: theme)
        let styles = b.styleLines(legend: theme.legend)
        #expect(b.textLines() == ["Name                Ward     #", "Shaw Food Bank      Shaw     1", "Shaw Food Bank      Shaw     2"])
        #expect(styles[0] == String(repeating: "C", count: 30))
        #expect(styles[1] == ".....HHHH.....................")
        #expect(styles[2] == "SSSSSHHHHSSSSSSSSSSSSSSSSSSSSS")
        #expect(t.rowAt(Point(3, 2), area: b.area) == 1)
        #expect(t.rowAt(Point(3, 0), area: b.area) == nil)
        #expect(t.columnAt(Point(21, 1), area: b.area) == 1)
    }
}

@Suite struct TextFieldTests {
    @Test func editing() {
        var f = TextFieldState()
        for c in "hello world" { f.handle(.char(c)) }
        #expect(f.text == "hello world" && f.cursor == 11)
        f.handle(.ctrl("w"))
        #expect(f.text == "hello " && f.cursor == 6)
        f.handle(.ctrl("a"))
        f.handle(.char(">"))
        #expect(f.text == ">hello " && f.cursor == 1)
        f.handle(.delete)
        #expect(f.text == ">ello ")
        f.handle(.ctrl("e"))
        f.handle(.backspace)
        #expect(f.text == ">ello" && f.cursor == 5)
        f.handle(.left); f.handle(.left)
        f.handle(.ctrl("k"))
        #expect(f.text == ">el" && f.cursor == 3)
        f.handle(.ctrl("u"))
        #expect(f.text == "" && f.cursor == 0)
        #expect(f.handle(.enter) == false)
        #expect(f.handle(.escape) == false)
        #expect(f.handle(.up) == false)
    }

    @Test func cursorMovesByGrapheme() {
        var f = TextFieldState(text: "a👨‍👩‍👧বাংলা中")
        #expect(f.count == 5 && f.cursor == 5)
        f.handle(.backspace)
        #expect(f.text == "a👨‍👩‍👧বাংলা")
        f.handle(.backspace)
        #expect(f.text == "a👨‍👩‍👧বাং")
        f.handle(.home); f.handle(.right)
        f.handle(.delete)
        #expect(f.text == "aবাং")
        f.insert("e\u{301}")
        #expect(f.text == "ae\u{301}বাং" && f.cursor == 2)
        f.handle(.end)
        f.insert("\u{301}")            // a combining mark typed on its own joins the previous character
        #expect(f.cursor == f.count)
    }

    @Test func wordMotion() {
        var f = TextFieldState(text: "north shaw  food")
        f.handle(.alt("b"))
        #expect(f.cursor == 12)
        f.handle(.modified(.left, .ctrl))
        #expect(f.cursor == 6)
        f.handle(.alt("f"))
        #expect(f.cursor == 10)
        f.handle(.home)
        f.handle(.alt("d"))
        #expect(f.text == " shaw  food" && f.cursor == 0)
        f.handle(.modified(.right, .ctrl))
        #expect(f.cursor == 5)
    }

    @Test func sanitisedInput() {
        var f = TextFieldState()
        f.paste("line one\nline\ttwo\u{1B}[2J")
        #expect(f.text == "line one line two␛")
    }

    @Test func scrollingKeepsCursorVisible() {
        let theme = Theme.noColor
        var f = TextFieldState(text: "abcdefghijklmnopqrstuvwxyz")
        var b = Buffer(width: 10, height: 1)
        TextField(state: f).render(into: &b, area: b.area, theme: theme)
        #expect(b.textLines() == ["rstuvwxyz "])
        #expect(b.styleLines(legend: .attributes) == [".........R"])
        f.handle(.home)
        f.ensureCursorVisible(width: 10)
        b = Buffer(width: 10, height: 1)
        TextField(state: f).render(into: &b, area: b.area, theme: theme)
        #expect(b.textLines() == ["abcdefghij"])
        #expect(b.styleLines(legend: .attributes) == ["R........."])
        // Wide characters scroll by whole graphemes.
        var g = TextFieldState(text: "中文中文中文中文")
        g.ensureCursorVisible(width: 7)
        b = Buffer(width: 7, height: 1)
        TextField(state: g, prompt: [Span("/")]).render(into: &b, area: b.area, theme: theme)
        #expect(b.textLines() == ["/中文  "])
        #expect(TextWidth.width(of: b.textLines()[0]) == 7)
        #expect(b.styleLines(legend: .attributes) == [".....R."])
    }

    @Test func placeholder() {
        var b = Buffer(width: 10, height: 1)
        TextField(state: TextFieldState(), placeholder: "search", focused: false).render(into: &b, area: b.area, theme: .noColor)
        #expect(b.textLines() == ["search    "])
        #expect(b.styleLines(legend: .attributes) == ["DDDDDD...."])
    }
}

@Suite struct BarTests {
    @Test func keyBarDropsLowPriorityFirst() {
        let items = [
            KeyBarItem(key: "q", label: "quit", priority: 9),
            KeyBarItem(key: "/", label: "search", priority: 8),
            KeyBarItem(key: "s", label: "sort", priority: 1),
            KeyBarItem(key: "?", label: "help", priority: 10),
            KeyBarItem(key: "f", label: "filter", priority: 1),
        ]
        let bar = KeyBar(items)
        #expect(bar.fittingIndices(width: 100) == [0, 1, 2, 3, 4])
        #expect(bar.fittingIndices(width: 32) == [0, 1, 2, 3])    // "f filter" goes first (rightmost of the lowest)
        #expect(bar.fittingIndices(width: 31) == [0, 1, 3])
        #expect(bar.fittingIndices(width: 24) == [0, 1, 3])
        #expect(bar.fittingIndices(width: 6) == [3])
        var b = Buffer(width: 24, height: 1)
        let hits = bar.render(into: &b, area: b.area, theme: .noColor)
        #expect(b.textLines() == ["q quit  / search  ? help"])
        #expect(b.styleLines(legend: .attributes) == ["B.......B.........B....."])
        #expect(hits.map(\.index) == [0, 1, 3])
        #expect(hits[1].range == 8..<16)
    }

    @Test func breadcrumbsCollapseFromTheLeft() {
        let crumbs = Breadcrumbs(["North", "Shaw", "Food"])
        var b = Buffer(width: 20, height: 1)
        let hits = crumbs.render(into: &b, area: b.area, theme: .noColor)
        #expect(b.textLines() == ["North › Shaw › Food "])
        #expect(hits.map(\.index) == [0, 1, 2])
        #expect(hits[1].range == 8..<12)
        var c = Buffer(width: 13, height: 1)
        let hits2 = crumbs.render(into: &c, area: c.area, theme: .noColor)
        #expect(c.textLines() == ["… › Food     "])
        #expect(hits2.map(\.index) == [2])
        var d = Buffer(width: 5, height: 1)
        Breadcrumbs(["North", "Longname"]).render(into: &d, area: d.area, theme: .noColor)
        #expect(d.textLines() == ["Long…"])                       // the last segment is truncated, never dropped
    }

    @Test func tabsReturnHitRanges() {
        var b = Buffer(width: 30, height: 1)
        let ranges = Tabs(["1 Browse", "2 Map"], selected: 1).render(into: &b, area: b.area, theme: .noColor)
        #expect(b.textLines() == [" 1 Browse │ 2 Map             "])
        #expect(ranges == [0..<10, 11..<18])
        #expect(Tabs.tabAt(x: 12, ranges: ranges) == 1)
        #expect(Tabs.tabAt(x: 10, ranges: ranges) == nil)
        #expect(b.styleLines(legend: .attributes) == ["..........D" + String(repeating: "r", count: 7) + String(repeating: ".", count: 12)])
    }

    @Test func paragraphAndKeyValue() {
        var b = Buffer(width: 12, height: 3)
        Paragraph("one two three four five six seven", scroll: 1).render(into: &b, area: b.area, theme: .noColor)
        #expect(b.textLines() == ["three four  ", "five six    ", "seven       "])
        var c = Buffer(width: 20, height: 3)
        KeyValueView(strings: [("Ward", "Shaw"), ("Notes", "open every weekday")]).render(into: &c, area: c.area, theme: .noColor)
        #expect(c.textLines() == ["Ward   Shaw         ", "Notes  open every   ", "       weekday      "])
    }

    @Test func tooSmallScreen() {
        let b = TooSmall.render(need: Size(60, 20), have: Size(30, 6), theme: .noColor)
        #expect(TooSmall.applies(size: Size(30, 6), need: Size(60, 20)))
        #expect(!TooSmall.applies(size: Size(60, 20), need: Size(60, 20)))
        #expect(b.textLines().contains { $0.contains("need 60×20, have 30×6") })
        #expect(b.textLines().contains { $0.contains("Terminal too small") })
        #expect(b.size == Size(30, 6))
    }
}
