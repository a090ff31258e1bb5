import Testing
@testable import TermUI

/// `Buffer.cursor`: where the terminal's real cursor goes after a frame. Focused widgets set it.
@Suite struct CursorTests {
    @Test func focusedListPutsTheCursorOnTheSelectedRow() {
        var b = Buffer(width: 10, height: 4)
        ListView(rows: [[Span("a")], [Span("b")], [Span("c")]], state: ListState(selected: 2), focused: true)
            .render(into: &b, area: Rect(x: 1, y: 1, width: 8, height: 3), theme: .noColor)
        #expect(b.cursor == Point(x: 1, y: 3))
        #expect(b.cursorLine == "cursor: 1,3")
    }

    @Test func unfocusedListLeavesTheCursorAlone() {
        var b = Buffer(width: 10, height: 4)
        ListView(rows: [[Span("a")], [Span("b")]], state: ListState(selected: 1), focused: false)
            .render(into: &b, area: Rect(x: 0, y: 0, width: 10, height: 4), theme: .noColor)
        #expect(b.cursor == nil)
        #expect(b.cursorLine == "cursor: hidden")
    }

    @Test func focusedTableRowBelowItsHeader() {
        var b = Buffer(width: 12, height: 5)
        Table(columns: [TableColumn("N")], rows: [[TableCell("x")], [TableCell("y")]], state: ListState(selected: 1), focused: true)
            .render(into: &b, area: Rect(x: 0, y: 0, width: 12, height: 5), theme: .noColor)
        #expect(b.cursor == Point(x: 0, y: 2))
    }

    @Test func textFieldPutsTheCursorOnItsCaret() {
        var b = Buffer(width: 20, height: 1)
        var f = TextFieldState(text: "walk")
        f.setCursor(2)
        TextField(state: f, prompt: [Span("> ")]).render(into: &b, area: Rect(x: 0, y: 0, width: 20, height: 1), theme: .noColor)
        #expect(b.cursor == Point(x: 4, y: 0))
        var unfocused = Buffer(width: 20, height: 1)
        TextField(state: f, focused: false).render(into: &unfocused, area: Rect(x: 0, y: 0, width: 20, height: 1), theme: .noColor)
        #expect(unfocused.cursor == nil)
    }
}
