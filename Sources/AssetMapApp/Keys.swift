import TermUI

/// Everything a key can do in the explorer.
public enum Action: String, CaseIterable, Sendable, Hashable {
    case quit, back, help, palette, search, filter, sort
    case nextPane, prevPane, focusNavigator, focusResults, focusDetail
    case up, down, pageUp, pageDown, top, bottom, left, right, open
    case nextMatch, prevMatch, prevTab, nextTab, removeFilter, clearFilters
    case submit, cancel, complete, suspend, redraw
    // Transfer cases and ACV listings (Records.swift, TransferForms.swift)
    case transfers, buildingCase, buildingListing, newRecord, advance, otherMoves, recordEvent, edit, addNote, undo
    case history, acvListings, save, nextField, prevField, nextChoice, prevChoice, reload
    // The map and presentation mode
    case openMap, focusMap, present, mapWardUp, mapWardDown, mapWardLeft, mapWardRight, mapFilterWard
    case zoomIn, zoomOut, zoomFit, panLeft, panRight, panUp, panDown
    case mapRaster, mapShade, mapNextCategory, mapPrevCategory, mapDots, mapClusters, mapFullScreen, mapTour
}

/// Where a key is pressed: a pane, an input line or an overlay.
public enum ExplorerContext: String, CaseIterable, Sendable, Hashable, KeyContext {
    case navigator, results, detail, search, filter, palette, help, map
    case cases, caseView, listings, listingView, history, menu, form, picker

    public var title: String {
        switch self {
        case .navigator: "Navigator (clusters, wards, districts, categories, kinds)"
        case .results: "Results list"
        case .detail: "Detail pane"
        case .search: "Typing a search"
        case .filter: "Typing a filter"
        case .palette: "Command palette"
        case .help: "Help screen"
        case .cases: "Transfer cases (pipeline and list)"
        case .caseView: "A transfer case"
        case .listings: "ACV listings (dates due or expiring first)"
        case .listingView: "An ACV listing"
        case .history: "History of a case or listing"
        case .menu: "Choosing a move or an ACV event"
        case .form: "Filling in a form"
        case .picker: "Choosing a group or building from the list under a form field"
        case .map: "Map"
        }
    }
}

/// The one key table: it drives dispatch, the key bar, the `?` help screen and docs/keys.md.
public enum ExplorerKeys {
    public static let table: KeyTable<Action, ExplorerContext> = {
        typealias B = KeyBinding<Action, ExplorerContext>
        let panes: Set<ExplorerContext> = [.navigator, .results, .detail, .map]
        let lists: Set<ExplorerContext> = [.navigator, .results, .detail, .help]
        return KeyTable([
            // Panes and views
            B([.char("q")], .back, contexts: panes, description: "Back up one view; quit at the top level", label: "back", showInBar: true, barPriority: 9),
            B([.escape], .back, contexts: panes, description: "Back up one view (clears a filter first)", label: "back"),
            B([.ctrl("c")], .quit, description: "Quit at once", label: "quit"),
            B([.ctrl("z")], .suspend, description: "Suspend to the shell (fg resumes)", label: "suspend"),
            B([.ctrl("l")], .redraw, description: "Redraw the screen", label: "redraw"),
            B([.char("?")], .help, contexts: panes, description: "Show every key", label: "help", showInBar: true, barPriority: 10),
            B([.char(":")], .palette, contexts: panes, description: "Command palette (with completion)", label: "cmd", showInBar: true, barPriority: 5),
            B([.char("/")], .search, contexts: panes, description: "Search as you type across everything", label: "search", showInBar: true, barPriority: 10),
            B([.char("f"), .char("\\")], .filter, contexts: [.results], description: "Narrow the current list without leaving it", label: "filter", showInBar: true, barPriority: 6),
            B([.char("s")], .sort, contexts: [.results], description: "Cycle the sort: relevance, name, ward, kind, last verified", label: "sort", showInBar: true, barPriority: 5),
            B([.tab], .nextPane, contexts: panes, description: "Next pane", label: "pane", showInBar: true, barPriority: 7),
            B([.backTab], .prevPane, contexts: panes, description: "Previous pane", label: "pane"),
            B([.char("1")], .focusNavigator, contexts: panes, description: "Focus the navigator", label: "nav"),
            B([.char("2")], .focusResults, contexts: panes, description: "Focus the results list", label: "results"),
            B([.char("3")], .focusDetail, contexts: panes, description: "Focus the detail pane", label: "detail"),
            // Movement
            B([.char("j"), .down], .down, contexts: lists, description: "Move down", label: "move"),
            B([.char("k"), .up], .up, contexts: lists, description: "Move up", label: "move"),
            B([.pageDown, .ctrl("f")], .pageDown, contexts: lists, description: "Page down", label: "page"),
            B([.pageUp, .ctrl("b")], .pageUp, contexts: lists, description: "Page up", label: "page"),
            B([.char("g"), .home], .top, contexts: lists, description: "Go to the top", label: "top"),
            B([.char("G"), .end], .bottom, contexts: lists, description: "Go to the bottom", label: "end"),
            B([.char("h"), .left], .left, contexts: [.navigator], description: "Collapse the row (or go to its parent)", label: "fold"),
            B([.char("l"), .right], .right, contexts: [.navigator], description: "Expand the row: cluster → wards → categories", label: "unfold", showInBar: true, barPriority: 4),
            B([.char("["), .char("<")], .prevTab, contexts: [.navigator], description: "Previous navigator tab", label: "tab"),
            B([.char("]"), .char(">")], .nextTab, contexts: [.navigator], description: "Next navigator tab", label: "tab", showInBar: true, barPriority: 6),
            B([.enter], .open, contexts: [.navigator], description: "Filter the results to this row (combines with other filters)", label: "filter", showInBar: true, barPriority: 8),
            B([.enter], .open, contexts: [.results], description: "Open the asset in the detail pane", label: "open", showInBar: true, barPriority: 8),
            B([.enter], .open, contexts: [.detail], description: "Follow the selected link (q comes back)", label: "follow", showInBar: true, barPriority: 8),
            B([.char("n")], .nextMatch, contexts: [.results, .detail], description: "Next search result", label: "next"),
            B([.char("N")], .prevMatch, contexts: [.results, .detail], description: "Previous search result", label: "prev"),
            B([.backspace], .removeFilter, contexts: panes, description: "Remove the last filter (breadcrumb)", label: "unfilter", showInBar: true, barPriority: 3),
            B([.char("x")], .clearFilters, contexts: panes, description: "Clear every filter and the search", label: "clear", showInBar: true, barPriority: 2),
            // Input lines
            B([.enter], .submit, contexts: [.search], description: "Keep these results", label: "keep", showInBar: true, barPriority: 9),
            B([.escape], .cancel, contexts: [.search], description: "Restore the view before the search", label: "cancel", showInBar: true, barPriority: 9),
            B([.down, .ctrl("n")], .down, contexts: [.search, .filter], description: "Move the selection while typing", label: "move"),
            B([.up, .ctrl("p")], .up, contexts: [.search, .filter], description: "Move the selection while typing", label: "move"),
            B([.enter], .submit, contexts: [.filter], description: "Keep the filter", label: "keep", showInBar: true, barPriority: 9),
            B([.escape], .cancel, contexts: [.filter], description: "Clear the filter", label: "clear", showInBar: true, barPriority: 9),
            B([.enter], .submit, contexts: [.palette], description: "Run the command", label: "run", showInBar: true, barPriority: 9),
            B([.tab], .complete, contexts: [.palette], description: "Complete the command or value", label: "complete", showInBar: true, barPriority: 8),
            B([.escape], .cancel, contexts: [.palette], description: "Close the palette", label: "close", showInBar: true, barPriority: 9),
            B([.down], .down, contexts: [.palette], description: "Next suggestion", label: "move"),
            B([.up], .up, contexts: [.palette], description: "Previous suggestion", label: "move"),
            B([.escape, .char("q"), .char("?")], .cancel, contexts: [.help], description: "Close help", label: "close", showInBar: true, barPriority: 9),
        ] + recordBindings + mapBindings)
    }()

    /// Keys of the transfer case and ACV screens, menus and forms.
    static let recordBindings: [KeyBinding<Action, ExplorerContext>] = {
        typealias B = KeyBinding<Action, ExplorerContext>
        let screens: Set<ExplorerContext> = [.cases, .caseView, .listings, .listingView, .history]
        let records: Set<ExplorerContext> = [.cases, .caseView, .listings, .listingView]
        let cases: Set<ExplorerContext> = [.cases, .caseView]
        let listings: Set<ExplorerContext> = [.listings, .listingView]
        return [
            B([.char("T")], .transfers, contexts: [.navigator, .results, .detail], description: "Transfer cases: the pipeline and every case", label: "transfers", showInBar: true, barPriority: 4),
            B([.char("T")], .transfers, contexts: [.map, .caseView, .listings, .listingView, .history], description: "Transfer cases: the pipeline and every case", label: "transfers"),
            B([.char("t")], .buildingCase, contexts: [.results, .detail], description: "The building's transfer case (or open one)", label: "case", showInBar: true, barPriority: 3),
            B([.char("v")], .buildingListing, contexts: [.results, .detail], description: "The building's ACV listing (or record a nomination)", label: "ACV"),
            B([.char("q"), .escape], .back, contexts: screens, description: "Back to the previous screen", label: "back", showInBar: true, barPriority: 9),
            B([.char("?")], .help, contexts: screens, description: "Show every key", label: "help", showInBar: true, barPriority: 8),
            B([.char("j"), .down], .down, contexts: screens.union([.menu]), description: "Move down (or scroll)", label: "move"),
            B([.char("k"), .up], .up, contexts: screens.union([.menu]), description: "Move up (or scroll)", label: "move"),
            B([.pageDown, .ctrl("f")], .pageDown, contexts: screens, description: "Page down", label: "page"),
            B([.pageUp, .ctrl("b")], .pageUp, contexts: screens, description: "Page up", label: "page"),
            B([.char("g"), .home], .top, contexts: screens.union([.menu]), description: "Go to the top", label: "top"),
            B([.char("G"), .end], .bottom, contexts: screens.union([.menu]), description: "Go to the bottom", label: "end"),
            B([.enter], .open, contexts: [.cases, .listings], description: "Open the case or listing", label: "open", showInBar: true, barPriority: 8),
            B([.enter], .open, contexts: [.caseView, .listingView], description: "Show the building in the detail pane", label: "building"),
            B([.enter], .open, contexts: [.history], description: "Open the change: its whole text (reason, notes, every field)", label: "open", showInBar: true, barPriority: 8),
            B([.char("n")], .newRecord, contexts: [.cases], description: "Open a new transfer case (form)", label: "new case", showInBar: true, barPriority: 7),
            B([.char("n")], .newRecord, contexts: [.listings], description: "Record a nomination (form)", label: "nominate", showInBar: true, barPriority: 7),
            B([.char("a")], .advance, contexts: cases, description: "Advance to the next stage (or resume a held case): form with what the stage needs", label: "advance", showInBar: true, barPriority: 7),
            B([.char("o")], .otherMoves, contexts: cases, description: "Other moves: back a stage, hold, refuse, withdraw (a reason is asked)", label: "moves", showInBar: true, barPriority: 5),
            B([.char("a")], .recordEvent, contexts: listings, description: "Record a decision, disposal notice, request to bid or removal", label: "record", showInBar: true, barPriority: 7),
            B([.char("e")], .edit, contexts: records, description: "Edit the fields (form)", label: "edit", showInBar: true, barPriority: 6),
            B([.char("N")], .addNote, contexts: records, description: "Add a note (form)", label: "note", showInBar: true, barPriority: 5),
            B([.char("u")], .undo, contexts: records, description: "Undo the last change (a compensating change; form)", label: "undo", showInBar: true, barPriority: 3),
            B([.char("h")], .history, contexts: records, description: "History: every change, who, when, old → new, why", label: "history", showInBar: true, barPriority: 6),
            B([.char("v")], .acvListings, contexts: [.cases], description: "ACV listings, dates due or expiring first", label: "ACV", showInBar: true, barPriority: 4),
            B([.char("v")], .acvListings, contexts: [.caseView], description: "The building's ACV listing (or record a nomination)", label: "ACV", showInBar: true, barPriority: 4),
            B([.char("t")], .buildingCase, contexts: [.listingView], description: "The building's transfer case (or open one)", label: "case", showInBar: true, barPriority: 4),
            B([.enter], .open, contexts: [.menu], description: "Choose", label: "choose", showInBar: true, barPriority: 9),
            B([.escape, .char("q")], .cancel, contexts: [.menu], description: "Close the menu", label: "cancel", showInBar: true, barPriority: 9),
            B([.ctrl("s")], .save, contexts: [.form, .picker], description: "Save the form (checked again, in one transaction)", label: "save", showInBar: true, barPriority: 10),
            B([.escape], .cancel, contexts: [.form], description: "Cancel: close the form, nothing is saved", label: "cancel", showInBar: true, barPriority: 10),
            B([.tab, .down, .enter], .nextField, contexts: [.form], description: "Next field", label: "next", showInBar: true, barPriority: 8),
            B([.backTab, .up], .prevField, contexts: [.form], description: "Previous field", label: "prev"),
            B([.down, .ctrl("n")], .down, contexts: [.picker], description: "Next entry of the list", label: "choose", showInBar: true, barPriority: 9, barKeys: "↑/↓"),
            B([.up, .ctrl("p")], .up, contexts: [.picker], description: "Previous entry of the list", label: "choose"),
            B([.enter, .tab], .complete, contexts: [.picker], description: "Take the highlighted entry: the field names it (typing its exact name does too)", label: "take", showInBar: true, barPriority: 10, barKeys: "Enter/Tab"),
            B([.escape], .cancel, contexts: [.picker], description: "Close the list, keeping what was typed (Esc again cancels the form)", label: "close list", showInBar: true, barPriority: 8),
            B([.backTab], .prevField, contexts: [.picker], description: "Previous field (closes the list)", label: "prev"),
            B([.right], .nextChoice, contexts: [.form, .picker], description: "Choice field: next option (Space too; a letter picks by name); in text: cursor right", label: "option", showInBar: true, barPriority: 6, barKeys: "←/→"),
            B([.left], .prevChoice, contexts: [.form, .picker], description: "Choice field: previous option; in text: cursor left", label: "option"),
            B([.ctrl("r")], .reload, contexts: [.form, .picker], description: "After a conflict: re-read the record, keeping what you typed", label: "re-read"),
        ]
    }()
}

extension ExplorerKeys {
    /// docs/keys.md, generated from the table (`assetmap keys`); a test keeps the file in step.
    public static var markdown: String {
        table.markdown(
            title: "assetmap keys",
            intro: "Generated from the key table in `Sources/AssetMapApp/Keys.swift` by `assetmap keys > docs/keys.md`. "
                + "The same table drives the key bar and the `?` help screen. The mouse works too: click to focus and "
                + "select, click a breadcrumb to remove it, click a tab to switch, and the wheel scrolls the pane under the pointer. "
                + "On the map a click picks the ward under the pointer, the wheel zooms at the pointer and a drag pans. "
                + "In accessible mode (`--accessible`) the keys are the same; the real cursor follows the selection, "
                + "the map is a table of wards (↑/↓ move through it) and `t` starts no tour.",
            contextOrder: ExplorerContext.allCases)
    }
}
