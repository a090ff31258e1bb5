import Foundation
import Testing
@testable import TermUI

private enum Act: Equatable, Sendable { case quit, back, down, up, search, help, open, sort }

private let table = KeyTable<Act, String>([
    KeyBinding([.ctrl("c")], .quit, description: "Quit at once", label: "quit"),
    KeyBinding([.char("q")], .quit, description: "Quit", showInBar: true, barPriority: 5),
    KeyBinding([.char("?")], .help, description: "Show every key", label: "help", showInBar: true, barPriority: 9),
    KeyBinding([.char("j"), .down], .down, description: "Move down", label: "move", showInBar: true, barPriority: 1, barKeys: "j/k"),
    KeyBinding([.char("k"), .up], .up, description: "Move up"),
    KeyBinding([.char("q"), .escape], .back, contexts: ["detail"], description: "Back to the list", label: "back", showInBar: true, barPriority: 8),
    KeyBinding([.char("/")], .search, contexts: ["list", "detail"], description: "Search | filter", label: "search", showInBar: true, barPriority: 7),
    KeyBinding([.enter], .open, contexts: ["list"], description: "Open the selected asset", label: "open", showInBar: true, barPriority: 6),
    KeyBinding([.char("`")], .sort, contexts: ["list"], description: "Sort"),
])

@Suite struct KeyTableTests {
    @Test func contextBindingsWinOverGlobal() {
        #expect(table.action(for: .char("q"), in: "detail") == .back)
        #expect(table.action(for: .char("q"), in: "list") == .quit)
        #expect(table.action(for: .char("q"), in: nil) == .quit)
        #expect(table.action(for: .escape, in: "detail") == .back)
        #expect(table.action(for: .escape, in: "list") == nil)
        #expect(table.action(for: .down, in: "detail") == .down)          // global applies everywhere
        #expect(table.action(for: .enter, in: "detail") == nil)           // list-only binding
        #expect(table.action(for: .enter, in: ["detail", "list"]) == .open)
        #expect(table.action(for: .char("x"), in: "list") == nil)
    }

    @Test func barItemsForContext() {
        #expect(table.barItems(for: "detail").map(\.key) == ["q", "/", "?", "j/k"])
        #expect(table.barItems(for: "detail").map(\.label) == ["back", "search", "help", "move"])
        #expect(table.barItems(for: "list").map(\.key) == ["/", "Enter", "q", "?", "j/k"])
        #expect(table.barItems(for: "list").map(\.priority) == [7, 6, 5, 9, 1])
        // Shadowed global keys drop out of help too.
        let help = table.helpSections(for: ["detail"])
        #expect(help.map(\.title) == ["detail", "Everywhere"])
        #expect(help[0].entries == [HelpEntry(keys: ["q", "Esc"], description: "Back to the list"),
                                    HelpEntry(keys: ["/"], description: "Search | filter")])
        #expect(!help[1].entries.contains { $0.keys.contains("q") })
        #expect(help[1].entries.first == HelpEntry(keys: ["Ctrl-C"], description: "Quit at once"))
    }

    @Test func markdownIsGeneratedFromTheTable() {
        let md = table.markdown(title: "Keys", intro: "Generated.", contextOrder: ["list", "detail"])
        #expect(md == """
        # Keys

        Generated.

        ## Everywhere

        | Keys | Action |
        | --- | --- |
        | `Ctrl-C` | Quit at once |
        | `q` | Quit |
        | `?` | Show every key |
        | `j` `↓` | Move down |
        | `k` `↑` | Move up |

        ## list

        | Keys | Action |
        | --- | --- |
        | `/` | Search \\| filter |
        | `Enter` | Open the selected asset |
        | `` ` `` | Sort |

        ## detail

        | Keys | Action |
        | --- | --- |
        | `q` `Esc` | Back to the list |
        | `/` | Search \\| filter |


        """)
    }

    @Test func conflictsAreReported() {
        #expect(table.conflicts().isEmpty)
        var t = table
        t.bindings.append(KeyBinding([.char("j")], .sort, description: "Sort again"))
        #expect(t.conflicts() == ["j in Everywhere: 'Sort again' is shadowed by 'Move down'"])
    }

    @Test func keyNames() {
        let names: [(Key, String)] = [
            (.up, "↑"), (.down, "↓"), (.left, "←"), (.right, "→"), (.pageDown, "PgDn"), (.pageUp, "PgUp"),
            (.ctrl("c"), "Ctrl-C"), (.alt("x"), "Alt-x"), (.enter, "Enter"), (.escape, "Esc"), (.tab, "Tab"),
            (.backTab, "S-Tab"), (.char(" "), "Space"), (.char("G"), "G"), (.function(5), "F5"),
            (.backspace, "Bksp"), (.delete, "Del"), (.modified(.left, .ctrl), "Ctrl-←"), (.home, "Home"),
        ]
        for (k, n) in names { #expect(k.name == n) }
    }

    @Test func keysFromControlBytes() {
        #expect(Key.fromScalar(0x0D) == .enter)
        #expect(Key.fromScalar(0x0A) == .enter)
        #expect(Key.fromScalar(0x09) == .tab)
        #expect(Key.fromScalar(0x7F) == .backspace)
        #expect(Key.fromScalar(0x08) == .backspace)
        #expect(Key.fromScalar(0x1B) == .escape)
        #expect(Key.fromScalar(0x03) == .ctrl("c"))
        #expect(Key.fromScalar(0x1A) == .ctrl("z"))
        #expect(Key.fromScalar(0x00) == .ctrl(" "))
        #expect(Key.fromScalar(0x6A) == .char("j"))
        #expect(Key.fromScalar(0x0995) == .char("ক"))
    }
}

@Suite struct CanvasTests {
    @Test func brailleDotMapping() {
        // (dx, dy) → Unicode Braille dot numbers 1–8.
        let expected: [((Int, Int), UInt32)] = [
            ((0, 0), 0x2801), ((0, 1), 0x2802), ((0, 2), 0x2804), ((0, 3), 0x2840),
            ((1, 0), 0x2808), ((1, 1), 0x2810), ((1, 2), 0x2820), ((1, 3), 0x2880),
        ]
        for ((dx, dy), scalar) in expected {
            var c = BrailleCanvas(width: 2, height: 2)
            c.set(x: 2 + dx, y: 4 + dy)              // in cell (1, 1)
            #expect(c.character(cellX: 1, cellY: 1) == Character(Unicode.Scalar(scalar)!))
            #expect(c.character(cellX: 0, cellY: 0) == "\u{2800}")
            #expect(c.isSet(x: 2 + dx, y: 4 + dy))
            c.clear(x: 2 + dx, y: 4 + dy)
            #expect(c.character(cellX: 1, cellY: 1) == "\u{2800}")
        }
        var full = BrailleCanvas(width: 1, height: 1)
        for x in 0..<2 { for y in 0..<4 { full.set(x: x, y: y) } }
        #expect(full.character(cellX: 0, cellY: 0) == "⣿")
        full.set(x: 5, y: -1)                        // outside: ignored
        #expect(!full.isSet(x: 5, y: -1))
    }

    @Test func bresenhamLine() {
        var c = BrailleCanvas(width: 2, height: 1)
        c.line(from: Point(0, 0), to: Point(3, 3), color: .red)
        #expect((0..<4).allSatisfy { c.isSet(x: $0, y: $0) })
        #expect(c.dots.reduce(0) { $0 + $1.nonzeroBitCount } == 4)
        var b = Buffer(width: 3, height: 1)
        c.render(into: &b, at: Point(1, 0))
        #expect(b.textLines() == [" ⠑⢄"])
        #expect(b[1, 0].style.fg == .red)
        c.render(into: &b, at: Point(0, 0), mode: .ascii)
        #expect(b.textLines() == ["'.⢄"])
        var steep = BrailleCanvas(width: 1, height: 2)
        steep.line(from: Point(0, 7), to: Point(1, 0))
        #expect((0..<8).allSatisfy { y in steep.isSet(x: 0, y: y) || steep.isSet(x: 1, y: y) })
    }

    @Test func asciiMode() {
        var c = BrailleCanvas(width: 4, height: 1)
        c.set(x: 0, y: 0)                          // top only
        c.set(x: 2, y: 3)                          // bottom only
        c.set(x: 4, y: 0); c.set(x: 4, y: 3)       // both
        for x in 6..<8 { for y in 0..<4 { c.set(x: x, y: y) } }
        var b = Buffer(width: 4, height: 1)
        c.render(into: &b, at: .zero, mode: .ascii)
        #expect(b.textLines() == ["'.:#"])
    }

    @Test func halfBlocks() {
        var h = HalfBlockCanvas(width: 4, height: 1)
        h.set(x: 0, y: 0, color: .red)
        h.set(x: 1, y: 1, color: .blue)
        h.set(x: 2, y: 0, color: .green); h.set(x: 2, y: 1, color: .green)
        h.set(x: 3, y: 0, color: .red); h.set(x: 3, y: 1, color: .blue)
        var b = Buffer(width: 4, height: 1)
        h.render(into: &b, at: .zero)
        #expect(b.textLines() == ["▀▄█▀"])
        #expect(b[0, 0].style == Style(fg: .red))
        #expect(b[1, 0].style == Style(fg: .blue))
        #expect(b[3, 0].style == Style(fg: .red, bg: .blue))
    }
}

@Suite struct StyleTests {
    @Test func patching() {
        let base = Style(fg: .blue, bg: .black, bold: true)
        #expect(base.patched(with: .plain) == base)
        #expect(base.patched(with: Style(fg: .red, underline: true)) == Style(fg: .red, bg: .black, bold: true, underline: true))
        #expect(Style.plain.bg(.yellow).adding(.reverse).removing(.reverse) == Style(bg: .yellow))
    }

    @Test func colourDowngrade() {
        #expect(Color.indexed(196).downgraded(toColorCount: 256) == .indexed(196))
        #expect(Color.indexed(196).downgraded(toColorCount: 16) == .brightRed)
        #expect(Color.indexed(196).downgraded(toColorCount: 8) == .red)
        #expect(Color.indexed(21).downgraded(toColorCount: 8) == .blue)
        #expect(Color.indexed(250).downgraded(toColorCount: 16) == .white)
        #expect(Color.brightCyan.downgraded(toColorCount: 8) == .cyan)
        #expect(Color.red.downgraded(toColorCount: 0) == .default)
        #expect(Color.default.downgraded(toColorCount: 256) == .default)
    }

    @Test func noColorThemeUsesNoColours() {
        let t = Theme.noColor
        for role in Role.allCases {
            #expect(t[role].fg == .default && t[role].bg == .default, "\(role)")
        }
        // Selection, focus and matches stay visible without colour.
        #expect(t.selection.reverse && t.selectionUnfocused.reverse && t.selection != t.selectionUnfocused)
        #expect(t.borderFocused.bold && !t.border.bold)
        #expect(t.highlight.underline && t.highlight.bold)
        #expect(Theme.automatic(colorCount: 256, noColor: true) == .noColor)
        #expect(Theme.automatic(colorCount: 0, noColor: false) == .noColor)
        #expect(Theme.automatic(colorCount: 8, noColor: false).name == "color8")
    }

    @Test func eightColourThemeUsesOnlyBaseColours() {
        let t = Theme.color(colorCount: 8)
        for role in Role.allCases {
            for c in [t[role].fg, t[role].bg] {
                #expect(c == .default || (c.index ?? 99) < 8, "\(role) uses \(c)")
            }
        }
        #expect(t.selection != t.selectionUnfocused && t.selection != t.highlight)
    }

    @Test func highlightedSpans() {
        let s = "Shaw Food Bank, food"
        let ranges = [s.range(of: "Food")!, s.range(of: "food")!]
        let hl = Style(underline: true)
        let spans = Span.highlighted(s, ranges: ranges, highlight: hl)
        #expect(spans.map(\.text) == ["Shaw ", "Food", " Bank, ", "food"])
        #expect(spans.map(\.style) == [.plain, hl, .plain, hl])
        // Overlapping and out-of-order ranges merge.
        let merged = Span.highlighted("abcdef", ranges: ["abcdef".range(of: "cde")!, "abcdef".range(of: "bc")!], highlight: hl)
        #expect(merged.map(\.text) == ["a", "bcde", "f"])
    }
}

@Suite struct KeyTableKeyNameTests {
    enum Act: String, Hashable, Sendable { case note, help }

    @Test func hintsNameTheBoundKey() {
        let t = KeyTable<Act, String>([
            KeyBinding([.char("N")], .note, contexts: ["records"], description: "Add a note", label: "note"),
            KeyBinding([.char("?")], .help, description: "Help", label: "help"),
        ])
        #expect(t.keyName(for: .note, in: "records") == "N")
        #expect(t.keyName(for: .note, in: "other") == nil)
        #expect(t.keyName(for: .help, in: "other") == "?")
        #expect(t.keyName(for: .help, in: nil) == "?")
    }
}
