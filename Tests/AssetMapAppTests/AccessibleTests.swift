import AssetCatalogue
@testable import AssetMapApp
import Foundation
import SnapshotTesting
import TermUI
import Testing

/// Accessible mode (`--accessible`): the real cursor on the focused row or field, rows that start
/// with their name, the map as a table of wards, no tour. Snapshots are the text plus the cursor.
extension Explorer {
    static func accessibleFixture(_ size: Size = Size(80, 24)) -> Explorer {
        var e = Explorer(catalogue: AppFixture.catalogue, accessible: true)
        _ = e.update(.resize(size))
        return e
    }

    /// The text grid and where the real cursor goes.
    var accessibleFrame: String {
        let b = view(size: size, theme: .noColor)
        return b.textLines().joined(separator: "\n") + "\n--- " + b.cursorLine + " ---\n"
    }

    var cursor: Point? { view(size: size, theme: .noColor).cursor }

    /// The text of the screen row the cursor is on.
    var cursorRow: String {
        guard let c = cursor else { return "" }
        return view(size: size, theme: .noColor).textLines()[c.y]
    }
}

@Suite struct AccessibleSnapshotTests {
    @Test func launchCursorOnTheFirstResult() {
        let e = Explorer.accessibleFixture()
        assertSnapshot(of: e.accessibleFrame, as: .lines)
        let first = e.catalogue.name(at: e.items[0])
        #expect(e.cursorRow.dropFirst(e.cursor!.x).hasPrefix(first))
    }

    @Test func cursorFollowsTheSelectionDown() {
        var e = Explorer.accessibleFixture()
        let before = e.cursor!
        e.send(Key.down, Key.down)
        assertSnapshot(of: e.accessibleFrame, as: .lines)
        #expect(e.cursor == Point(x: before.x, y: before.y + 2))
        #expect(e.cursorRow.dropFirst(e.cursor!.x).hasPrefix(e.catalogue.name(at: e.items[2])))
    }

    @Test func navigatorRowsStartWithTheirName() {
        var e = Explorer.accessibleFixture()
        e.send("1", Key.down)
        assertSnapshot(of: e.accessibleFrame, as: .lines)
        let row = e.navRows[e.nav.selected]
        #expect(e.cursorRow.dropFirst(e.cursor!.x).hasPrefix(row.label))
    }

    @Test func searchCursorOnTheCaret() {
        var e = Explorer.accessibleFixture()
        e.send("/", "walk")
        assertSnapshot(of: e.accessibleFrame, as: .lines)
        let c = e.cursor!
        #expect(c.y == 22)   // the status line, above the key bar
        #expect(e.cursorRow.prefix(c.x).hasSuffix("walk"))
    }

    @Test func detailLinksStartWithTheName() {
        var e = Explorer.accessibleFixture()
        e.send("/", "lunch", Key.enter, Key.enter)
        assertSnapshot(of: e.accessibleFrame, as: .lines)
        #expect(e.cursor != nil)
    }

    @Test func mapIsATableOfWards() {
        var e = Explorer.accessibleFixture()
        e.send("m")
        assertSnapshot(of: e.accessibleFrame, as: .lines)
        let screen = e.screenText
        #expect(screen.contains("Per 1,000"))
        let ward = e.catalogue.geography.wards.first { $0.code == (e.map.ward ?? "") } ?? e.catalogue.geography.wards[0]
        #expect(e.cursorRow.dropFirst(e.cursor!.x).hasPrefix(ward.name.prefix(10)))   // long names are cut at 80 columns
    }

    @Test func helpCursorOnItsFirstLine() {
        var e = Explorer.accessibleFixture()
        e.send("?")
        assertSnapshot(of: e.accessibleFrame, as: .lines)
        #expect(e.cursor != nil)
    }

    @Test func paletteCursorOnTheCaret() {
        var e = Explorer.accessibleFixture()
        e.send(":", "ward")
        let c = e.cursor!
        #expect(e.cursorRow.prefix(c.x).hasSuffix("ward"))
    }

    @Test func noTourInAccessibleMode() {
        var e = Explorer.accessibleFixture()
        e.send("m", "t")
        #expect(e.map.tour == nil)
        #expect(e.message?.contains("no tour") == true)
    }

    @Test func cursorHiddenOutsideAccessibleModeExceptInTextFields() {
        var e = AppFixture.explorer()
        #expect(e.cursor == nil)
        e.send("/", "walk")
        #expect(e.cursor != nil)
    }
}

@Suite struct ExplorerSettingsTests {
    let file = "/home/x/.config/assetmap/assetmap.conf"

    @Test func offByDefault() throws {
        #expect(try ExplorerSettings.resolve(configText: nil, configFile: file, environment: [:], accessibleFlag: false).accessible == false)
    }

    @Test func configTurnsItOn() throws {
        let s = try ExplorerSettings.resolve(configText: "# mine\naccessible = true\n", configFile: file, environment: [:],
                                             accessibleFlag: false)
        #expect(s.accessible)
    }

    @Test func environmentOverridesConfig() throws {
        let on = try ExplorerSettings.resolve(configText: "accessible = false", configFile: file,
                                              environment: ["ASSETMAP_ACCESSIBLE": "1"], accessibleFlag: false)
        #expect(on.accessible)
        let off = try ExplorerSettings.resolve(configText: "accessible = true", configFile: file,
                                               environment: ["ASSETMAP_ACCESSIBLE": "0"], accessibleFlag: false)
        #expect(!off.accessible)
    }

    @Test func flagOverridesEnvironmentAndConfig() throws {
        let s = try ExplorerSettings.resolve(configText: "accessible = false", configFile: file,
                                             environment: ["ASSETMAP_ACCESSIBLE": "0"], accessibleFlag: true)
        #expect(s.accessible)
    }

    @Test func badConfigNamesFileLineAndField() {
        #expect(throws: ExplorerSettings.ConfigError(file: file, line: 2, field: "accessible",
                                                     problem: "expected true or false, found “maybe”")) {
            try ExplorerSettings.resolve(configText: "\naccessible = maybe", configFile: file, environment: [:], accessibleFlag: false)
        }
        #expect(throws: ExplorerSettings.ConfigError.self) {
            try ExplorerSettings.resolve(configText: "acessible = true", configFile: file, environment: [:], accessibleFlag: false)
        }
        #expect(throws: ExplorerSettings.ConfigError.self) {
            try ExplorerSettings.resolve(configText: "accessible", configFile: file, environment: [:], accessibleFlag: false)
        }
    }

    @Test func badEnvironmentValueIsNamed() {
        do {
            _ = try ExplorerSettings.resolve(configText: nil, configFile: file, environment: ["ASSETMAP_ACCESSIBLE": "sure"],
                                             accessibleFlag: false)
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("ASSETMAP_ACCESSIBLE"))
        }
    }
}
