import Foundation
import SnapshotTesting
import Testing
@testable import TermUI

/// A small composed screen (80×24) exercising the widgets together: tabs,
/// breadcrumbs, an unfocused list panel, a focused table panel with mixed-script
/// names and search highlights, a search field and a key bar — optionally with a
/// command palette or help popup on top.
enum DemoScreen {
    static let size = Size(80, 24)

    static let categories = ["Food", "Health", "Faith", "Sport", "Learning", "Advice"]

    static let assets: [(name: String, kind: String, ward: String, size: String)] = [
        ("Shaw Food Bank", "Food bank", "Shaw", "120"),
        ("বাংলা খাদ্য সহায়তা কেন্দ্র", "Pantry", "Werneth", "45"),
        ("اردو کمیونٹی فوڈ پینٹری", "Pantry", "Coldhurst", "60"),
        ("Łódź Polish Food Club", "Club", "Chadderton", "30"),
        ("中文社区食物银行 Food Hub", "Food bank", "St Mary's", "80"),
        ("한국 음식 나눔터 food share", "Community", "Failsworth", "25"),
        ("Family 👨‍👩‍👧 Food Hub", "Hub", "Hollinwood", "50"),
        ("🇬🇧 Community Café & Food", "Café", "Royton", "40"),
        ("Oldham Way Allotments and Community Food Growing Project", "Garden", "Saddleworth", "200"),
        ("Cre\u{300}che Nai\u{308}ve Food Corner", "Café", "Alexandra", "15"),
        ("Braille ⣿⣶⣤ Food Garden", "Garden", "Medlock", "10"),
    ]

    /// Case-insensitive match ranges of `query` in `text`.
    static func matches(_ query: String, in text: String) -> [Range<String.Index>] {
        var out: [Range<String.Index>] = []
        var start = text.startIndex
        while let r = text.range(of: query, options: .caseInsensitive, range: start..<text.endIndex) {
            out.append(r)
            start = r.upperBound
        }
        return out
    }

    static let keys = KeyTable<String, String>([
        KeyBinding([.char("q")], "back", description: "Back up one view; quit at the top", label: "back", showInBar: true, barPriority: 9),
        KeyBinding([.ctrl("c")], "quit", description: "Quit at once"),
        KeyBinding([.char("?")], "help", description: "Show every key", label: "help", showInBar: true, barPriority: 10),
        KeyBinding([.char("/")], "search", description: "Search as you type", label: "search", showInBar: true, barPriority: 8),
        KeyBinding([.char(":")], "palette", description: "Command palette", label: "cmd", showInBar: true, barPriority: 5),
        KeyBinding([.tab], "pane", description: "Next pane", label: "pane", showInBar: true, barPriority: 6),
        KeyBinding([.char("j"), .down], "down", description: "Move down", label: "move", showInBar: true, barPriority: 3, barKeys: "j/k"),
        KeyBinding([.char("k"), .up], "up", description: "Move up"),
        KeyBinding([.pageDown], "pgdn", description: "Page down"),
        KeyBinding([.enter], "open", contexts: ["results"], description: "Open the selected asset", label: "open", showInBar: true, barPriority: 7),
        KeyBinding([.char("s")], "sort", contexts: ["results"], description: "Cycle the sort order", label: "sort", showInBar: true, barPriority: 2),
        KeyBinding([.char("n")], "next", contexts: ["results"], description: "Next match", label: "next", showInBar: true, barPriority: 1),
    ])

    enum Overlay { case none, palette, help }

    static func render(theme: Theme, overlay: Overlay = .none, size: Size = DemoScreen.size) -> Buffer {
        var b = Buffer(size: size)
        let rows = b.area.split(.vertical, [.fixed(1), .fixed(1), .fill(1), .fixed(1), .fixed(1)])
        let (tabArea, titleArea) = rows[0].splitRight(10)
        Tabs(["1 Browse", "2 Search", "3 Map"], selected: 0).render(into: &b, area: tabArea, theme: theme)
        b.put("assetmap", in: titleArea, style: theme.title, alignment: .right)
        Breadcrumbs(["North", "Shaw", "Food"]).render(into: &b, area: rows[1], theme: theme)

        let panes = rows[2].split(.horizontal, [.fixed(20), .fill(1)])
        let left = Panel(title: "Categories", focused: false).render(into: &b, area: panes[0], theme: theme)
        ListView(rows: categories.enumerated().map { i, c in [Span("● ", theme.accent(i + 1)), Span(c)] },
                 state: ListState(selected: 0), focused: false)
            .render(into: &b, area: left, theme: theme)

        let query = "food"
        let right = Panel(title: "Assets", rightTitle: "3/\(assets.count)", focused: true).render(into: &b, area: panes[1], theme: theme)
        Table(columns: [TableColumn("Name", width: .fill(3)), TableColumn("Kind", width: .fixed(9)),
                        TableColumn("Ward", width: .fill(1)), TableColumn("Size", width: .fixed(4), alignment: .right)],
              rows: assets.map { a in
                  [TableCell(a.name, highlights: matches(query, in: a.name)),
                   TableCell(a.kind, style: theme.dim, highlights: matches(query, in: a.kind)),
                   TableCell(a.ward), TableCell(a.size)]
              },
              state: ListState(selected: 2))
            .render(into: &b, area: right, theme: theme)

        TextField(state: TextFieldState(text: query), prompt: [Span("/ ", theme.keyHint)], focused: false)
            .render(into: &b, area: rows[3], theme: theme)
        KeyBar(keys.barItems(for: "results")).render(into: &b, area: rows[4], theme: theme)

        switch overlay {
        case .none: break
        case .palette:
            var field = TextFieldState(text: "sort")
            field.ensureCursorVisible(width: 40)
            CommandPalette(title: "Command", field: field,
                           items: [[Span("sort name")], [Span("sort ward")], [Span("sort last verified  "), Span("(slow)", theme.dim)]],
                           list: ListState(selected: 1))
                .render(into: &b, screen: b.area, theme: theme)
        case .help:
            HelpView(sections: keys.helpSections(for: ["results"])).render(into: &b, screen: b.area, theme: theme)
        }
        return b
    }
}

@Suite struct SnapshotTests {
    /// Text layer; every row must be exactly the screen width (wide characters counted twice).
    func checkText(_ b: Buffer, named name: String, fileID: StaticString = #fileID, filePath: StaticString = #filePath,
                   function: String = #function, line: UInt = #line, column: UInt = #column) {
        for (i, l) in b.textLines().enumerated() {
            #expect(TextWidth.width(of: l) == b.width, "row \(i) is \(TextWidth.width(of: l)) wide: \(l)")
        }
        assertSnapshot(of: b.textLines().joined(separator: "\n") + "\n", as: .lines, named: name,
                       fileID: fileID, file: filePath, testName: function, line: line, column: column)
    }

    func checkStyle(_ b: Buffer, legend: StyleLegend, named name: String, fileID: StaticString = #fileID,
                    filePath: StaticString = #filePath, function: String = #function, line: UInt = #line, column: UInt = #column) {
        assertSnapshot(of: b.styleLines(legend: legend).joined(separator: "\n") + "\n", as: .lines, named: name,
                       fileID: fileID, file: filePath, testName: function, line: line, column: column)
    }

    @Test func demoScreenColour() {
        let theme = Theme.color(colorCount: 256)
        let b = DemoScreen.render(theme: theme)
        checkText(b, named: "text")
        checkStyle(b, legend: theme.legend, named: "style")
    }

    @Test func demoScreenNoColor() {
        let b = DemoScreen.render(theme: .noColor)
        checkText(b, named: "text")
        checkStyle(b, legend: .attributes, named: "attributes")
    }

    @Test func paletteColour() {
        let theme = Theme.color(colorCount: 256)
        let b = DemoScreen.render(theme: theme, overlay: .palette)
        checkText(b, named: "text")
        checkStyle(b, legend: theme.legend, named: "style")
    }

    @Test func paletteNoColor() {
        let b = DemoScreen.render(theme: .noColor, overlay: .palette)
        checkText(b, named: "text")
        checkStyle(b, legend: .attributes, named: "attributes")
    }

    @Test func helpNoColor() {
        let b = DemoScreen.render(theme: .noColor, overlay: .help)
        checkText(b, named: "text")
        checkStyle(b, legend: .attributes, named: "attributes")
    }

    @Test func eightColourTheme() {
        let theme = Theme.color(colorCount: 8)
        let b = DemoScreen.render(theme: theme)
        // Same text as the 256-colour screen; only styles differ.
        #expect(b.textLines() == DemoScreen.render(theme: Theme.color(colorCount: 256)).textLines())
        checkStyle(b, legend: theme.legend, named: "style")
    }

    @Test func narrowScreenStillFits() {
        // A narrow terminal squeezes the flexible name column; nothing shears.
        let b = DemoScreen.render(theme: .noColor, size: Size(50, 16))
        checkText(b, named: "text")
    }

    @Test func tooSmall() {
        let b = TooSmall.render(need: Size(60, 20), have: Size(30, 8), theme: .noColor)
        checkText(b, named: "text")
    }
}
