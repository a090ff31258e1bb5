import AssetCatalogue
import Foundation
import TermUI

// Transfer cases and ACV listings inside the explorer: the screens over the body (case list with
// the pipeline, a case, ACV listings, a listing, a history), the move/action menu and the forms.
// State only changes in `update`; writes go through the injected `RecordStore` and the explorer
// reloads its catalogue after each save, so the detail pane and the Transfers tab show the change.

/// One screen of the records stack (q/Esc pops it).
public enum RecordScreen: Hashable, Sendable {
    /// Cases passing a filter, beside the pipeline counts.
    case cases(filter: TransferPipeline.Filter, title: String, list: ListState)
    /// ACV listings with the dates falling due or expiring, soonest first.
    case listings(list: ListState)
    case caseView(id: String, scroll: Int)
    case listingView(id: String, scroll: Int)
    /// The audit trail of a case or listing (events loaded when opened).
    case history(id: String, events: [AuditEvent], list: ListState)
    /// One change of that history opened in full (Enter on its row): who, when, why and every
    /// field it changed, wrapped, never cut.
    case change(id: String, events: [AuditEvent], scroll: Int)
}

/// A choice of moves or actions (`o` on a case, `a` on a listing).
public struct RecordMenu: Hashable, Sendable {
    public enum Item: Hashable, Sendable {
        case move(CaseStage)
        case acv(String)
    }
    public struct Entry: Hashable, Sendable {
        public var label: String
        public var hint: String
        public var item: Item
    }
    public var title: String
    public var items: [Entry]
    public var list = ListState()
}

/// Everything the records screens keep.
public struct RecordsState: Equatable, Sendable {
    public internal(set) var screens: [RecordScreen] = []
    public internal(set) var menu: RecordMenu?
    public internal(set) var form: FormState?

    public var isActive: Bool { !screens.isEmpty || menu != nil || form != nil }

    var context: ExplorerContext? {
        if let form { return form.picker == nil ? .form : .picker }
        if menu != nil { return .menu }
        switch screens.last {
        case .cases: return .cases
        case .listings: return .listings
        case .caseView: return .caseView
        case .listingView: return .listingView
        case .history, .change: return .history
        case nil: return nil
        }
    }
}

/// How many days ahead "due or expiring soon" looks for ACV dates.
public let acvDueWindowDays = 90
/// How many days ahead "cases due" looks (stage due dates and review dates).
public let caseDueWindowDays = 30

extension Action {
    /// Keys that change a case or listing: not advertised where nothing can be written.
    var writes: Bool { [.newRecord, .advance, .otherMoves, .recordEvent, .edit, .addNote, .undo].contains(self) }
}

extension Explorer {
    /// Writes are possible: a writable store, and neither read-only nor presentation mode.
    public var canWrite: Bool { !readOnly && !hideContacts && store != nil && store?.isReadOnly == false }

    var readOnlyMessage: String {
        presentation != nil ? "read-only (presentation): nothing can be changed here"
            : store == nil ? "no catalogue store is open: nothing can be changed"
            : "read-only: nothing can be changed here"
    }

    // MARK: Opening screens

    mutating func openRecords(_ screen: RecordScreen) {
        records.screens.append(screen)
        mode = .records
    }

    /// `T`: every case, beside the pipeline.
    mutating func openCaseList(filter: TransferPipeline.Filter = .init(), title: String = "All cases") {
        openRecords(.cases(filter: filter, title: title, list: ListState()))
    }

    mutating func openCase(_ id: String) { openRecords(.caseView(id: id, scroll: 0)) }

    mutating func openListing(_ id: String) { openRecords(.listingView(id: id, scroll: 0)) }

    mutating func openHistory(_ id: String) {
        guard let store else { message = "no catalogue store is open: no history to show"; return }
        do {
            let events = try store.auditHistory(of: id)
            var list = ListState()
            list.end(count: events.count)
            openRecords(.history(id: id, events: events, list: list))
        } catch {
            message = "\(error)"
        }
    }

    /// `t` on a building: its case, else (when writable) a new case form for it.
    mutating func openBuildingCase() {
        guard let a = detailOrSelectedAsset else { return }
        if let c = catalogue.transferCase(ofBuilding: a.id) { openCase(c.id); return }
        guard a.kind == .place else { message = "\(a.name) is not a building: transfer cases are for places"; return }
        guard canWrite else { message = "\(a.name) has no transfer case; " + readOnlyMessage; return }
        openForm(TransferForms.newCase(building: a.id, lookup: catalogue))
    }

    /// `v` on a building: its ACV listing, else (when writable) a nomination form for it.
    mutating func openBuildingListing() {
        guard let a = detailOrSelectedAsset else { return }
        if let l = catalogue.latestListing(of: a.id) { openListing(l.id); return }
        guard a.kind == .place else { message = "\(a.name) is not a building: ACV listings are for places"; return }
        guard canWrite else { message = "\(a.name) has no ACV listing; " + readOnlyMessage; return }
        openForm(ACVForms.nominate(building: a.id))
    }

    var detailOrSelectedAsset: Asset? { focus == .detail ? (detailAsset ?? selectedAsset) : (selectedAsset ?? detailAsset) }

    /// Opens a form, unless nothing can be written.
    mutating func openForm(_ spec: FormSpec) {
        guard canWrite else { message = readOnlyMessage; return }
        records.menu = nil
        records.form = FormState(spec: spec)
        mode = .records
    }

    /// Closes the top of the records stack; back to browsing when it is empty.
    mutating func closeRecordScreen() {
        if records.form != nil { records.form = nil }
        else if records.menu != nil { records.menu = nil }
        else if !records.screens.isEmpty { records.screens.removeLast() }
        if !records.isActive { mode = .browse }
    }

    // MARK: What screens show

    /// The cases a case list shows.
    func cases(for filter: TransferPipeline.Filter) -> [TransferCase] {
        TransferPipeline.select(filter, in: catalogue, today: today)
    }

    /// ACV dates due within the window (missed decisions too), soonest first.
    var acvDue: [ACVDeadline] { TransferPipeline.acvDue(catalogue.acvListings, today: today, within: acvDueWindowDays) }

    /// The listings screen: listings with a date due (in due order), then every other listing.
    var listingRows: [(listing: ACVListing, deadline: ACVDeadline?)] {
        var seen = Set<String>()
        var out: [(ACVListing, ACVDeadline?)] = []
        for d in acvDue where !seen.contains(d.listing) {
            if let l = catalogue.acvListing(id: d.listing) { out.append((l, d)); seen.insert(d.listing) }
        }
        for l in catalogue.acvListings.reversed() where !seen.contains(l.id) { out.append((l, nil)) }
        return out
    }

    var screenCase: TransferCase? {
        if case .caseView(let id, _) = records.screens.last { return catalogue.transferCase(id: id) }
        if case .cases(let f, _, let list) = records.screens.last {
            let cs = cases(for: f)
            return list.selected < cs.count ? cs[list.selected] : nil
        }
        return nil
    }

    var screenListing: ACVListing? {
        if case .listingView(let id, _) = records.screens.last { return catalogue.acvListing(id: id) }
        if case .listings(let list) = records.screens.last {
            let rows = listingRows
            return list.selected < rows.count ? rows[list.selected].listing : nil
        }
        return nil
    }

    func buildingName(_ id: String) -> String { catalogue.asset(id: id)?.name ?? id }

    // MARK: Keys

    mutating func handleRecordsKey(_ key: Key, action: Action?, layout: ScreenLayout) -> ProgramCommand {
        if records.form != nil { return handleFormKey(key, action: action) }
        if var menu = records.menu {
            switch action {
            case .down: menu.list.moveDown(count: menu.items.count)
            case .up: menu.list.moveUp(count: menu.items.count)
            case .top: menu.list.home()
            case .bottom: menu.list.end(count: menu.items.count)
            case .cancel, .back: records.menu = nil; if !records.isActive { mode = .browse }; return .none
            case .open:
                records.menu = nil
                if menu.list.selected < menu.items.count { choose(menu.items[menu.list.selected].item) }
                return .none
            default: break
            }
            records.menu = menu
            return .none
        }
        guard let action, let screen = records.screens.last else { return .none }
        let page = max(1, layout.size.height - 8)
        switch action {
        case .back, .cancel: closeRecordScreen()
        case .help: mode = .help; helpScroll = 0
        case .up, .down, .pageUp, .pageDown, .top, .bottom:
            records.screens[records.screens.count - 1] = moved(screen, action, page: page)
        case .open:
            switch screen {
            case .cases: if let c = screenCase { openCase(c.id) }
            case .listings: if let l = screenListing { openListing(l.id) }
            case .caseView(let id, _):
                if let c = catalogue.transferCase(id: id) { showBuilding(c.building) }
            case .listingView(let id, _):
                if let l = catalogue.acvListing(id: id) { showBuilding(l.building) }
            case .history(let id, let events, let list):
                guard events.indices.contains(list.selected) else { break }
                let change = events[list.selected].change
                openRecords(.change(id: id, events: events.filter { $0.change == change }, scroll: 0))
            case .change: break
            }
        case .history:
            if let c = screenCase { openHistory(c.id) } else if let l = screenListing { openHistory(l.id) }
        case .newRecord:
            switch screen {
            case .listings: openForm(ACVForms.nominate())
            default: openForm(TransferForms.newCase(lookup: catalogue))
            }
        case .advance:
            if let c = screenCase { advance(c) }
        case .otherMoves:
            if let c = screenCase { showMoves(c) }
        case .recordEvent:
            if let l = screenListing { showACVActions(l) }
        case .edit:
            if let c = screenCase { openForm(TransferForms.edit(c)) } else if let l = screenListing { openForm(ACVForms.edit(l)) }
        case .addNote:
            if let c = screenCase { openForm(TransferForms.note(c)) } else if let l = screenListing { openForm(ACVForms.note(l)) }
        case .undo:
            if let c = screenCase { openForm(TransferForms.undo(c)) } else if let l = screenListing { openForm(ACVForms.undo(l)) }
        case .acvListings:
            if case .caseView = screen, let c = screenCase {
                if let l = catalogue.latestListing(of: c.building) { openListing(l.id) }
                else if canWrite { openForm(ACVForms.nominate(building: c.building)) }
                else { message = "\(buildingName(c.building)) has no ACV listing" }
            } else {
                openRecords(.listings(list: ListState()))
            }
        case .buildingCase:
            if let l = screenListing {
                if let c = catalogue.transferCase(ofBuilding: l.building) { openCase(c.id) }
                else if canWrite { openForm(TransferForms.newCase(building: l.building, lookup: catalogue)) }
                else { message = "\(buildingName(l.building)) has no transfer case" }
            }
        case .transfers: openCaseList()
        case .quit: return .quit(0)
        default: break
        }
        return .none
    }

    /// The wheel scrolls the record screen (or moves in the menu); clicks do nothing here.
    mutating func handleRecordsMouse(_ m: MouseEvent, layout: ScreenLayout) {
        guard m.button == .wheelUp || m.button == .wheelDown, records.form == nil else { return }
        let action: Action = m.button == .wheelUp ? .up : .down
        if var menu = records.menu {
            if action == .up { menu.list.moveUp(count: menu.items.count) } else { menu.list.moveDown(count: menu.items.count) }
            records.menu = menu
            return
        }
        guard let screen = records.screens.last else { return }
        var s = screen
        for _ in 0..<3 { s = moved(s, action, page: max(1, layout.size.height - 8)) }
        records.screens[records.screens.count - 1] = s
    }

    /// Leaves the records screens and shows a building in the detail pane (q comes back to browsing).
    mutating func showBuilding(_ id: String) {
        guard catalogue.asset(id: id) != nil else { return }
        records = RecordsState()
        mode = .browse
        openDetail(id, push: true)
        focus = .detail
    }

    func moved(_ screen: RecordScreen, _ action: Action, page: Int) -> RecordScreen {
        func apply(_ l: inout ListState, count: Int) { l.apply(action, height: page, count: count) }
        func scroll(_ s: Int) -> Int {
            switch action {
            case .up: max(0, s - 1)
            case .down: s + 1
            case .pageUp: max(0, s - page)
            case .pageDown: s + page
            case .top: 0
            default: s
            }
        }
        switch screen {
        case .cases(let f, let t, var l): apply(&l, count: cases(for: f).count); return .cases(filter: f, title: t, list: l)
        case .listings(var l): apply(&l, count: listingRows.count); return .listings(list: l)
        case .caseView(let id, let s): return .caseView(id: id, scroll: scroll(s))
        case .listingView(let id, let s): return .listingView(id: id, scroll: scroll(s))
        case .history(let id, let ev, var l): apply(&l, count: ev.count); return .history(id: id, events: ev, list: l)
        case .change(let id, let ev, let s): return .change(id: id, events: ev, scroll: scroll(s))
        }
    }

    /// `a` on a case: the next stage (or, on hold, the stage it held).
    mutating func advance(_ c: TransferCase) {
        guard let m = TransferWorkflow.moves(for: c).first(where: { $0.kind == .forward || $0.kind == .resume }) else {
            message = "\(c.id) is \(c.stage.label.lowercased()): no further stage (u undoes the last change)"
            return
        }
        openForm(TransferForms.move(c, to: m.to))
    }

    mutating func showMoves(_ c: TransferCase) {
        let moves = TransferWorkflow.moves(for: c)
        guard !moves.isEmpty else {
            message = "\(c.id) is \(c.stage.label.lowercased()): no moves are open (u undoes the last change)"
            return
        }
        guard canWrite else { message = readOnlyMessage; return }
        records.menu = RecordMenu(title: "Move \(c.id)", items: moves.map { m in
            let hint = m.needsReason ? "needs a reason" : (m.missing.isEmpty ? "" : "needs " + m.missing.map(\.rawValue).joined(separator: ", "))
            return RecordMenu.Entry(label: m.label, hint: hint, item: .move(m.to))
        })
    }

    mutating func showACVActions(_ l: ACVListing) {
        let names = ACVWorkflow.actions(for: l, today: today).filter { !["edit", "note", "undo"].contains($0) }
        guard !names.isEmpty else {
            let keys = [Action.edit, .addNote].compactMap { ExplorerKeys.table.keyName(for: $0, in: .listingView) }
            message = "\(l.id) is \(l.phase(today: today).label.lowercased()): nothing to record but edits and notes (\(keys.joined(separator: ", ")))"
            return
        }
        guard canWrite else { message = readOnlyMessage; return }
        records.menu = RecordMenu(title: "Record on \(l.id)", items: names.map { RecordMenu.Entry(label: $0.acvActionLabel, hint: "", item: .acv($0)) })
    }

    mutating func choose(_ item: RecordMenu.Item) {
        switch item {
        case .move(let to):
            if let c = screenCase { openForm(TransferForms.move(c, to: to)) }
        case .acv(let name):
            guard let l = screenListing else { return }
            switch name {
            case "decide": openForm(ACVForms.decide(l))
            case "notify-disposal": openForm(ACVForms.notifyDisposal(l))
            case "bid-request": openForm(ACVForms.bidRequest(l))
            case "remove": openForm(ACVForms.remove(l))
            default: break
            }
        }
    }

    // MARK: After a save

    /// Reloads the catalogue from the store (cases, listings, histories) and rebuilds what the
    /// panes derive from it, keeping the selection.
    mutating func reloadCatalogue() throws {
        guard let store else { return }
        let keep = selectedAsset?.id
        var (fresh, freshIndex) = try store.loadForExplorer(geography: catalogue.geography, taxonomy: catalogue.taxonomy,
                                                            compact: !catalogue.hasDetails)
        fresh.name = catalogue.name
        catalogue = fresh
        index = freshIndex
        pageCache = [:]
        linkCache = [:]
        recompute(keepSelection: keep)
        // History screens keep the events they were opened with; refresh those of the saved record.
        for (i, s) in records.screens.enumerated() {
            if case .history(let id, _, let list) = s, let ev = try? store.auditHistory(of: id) {
                var l = list
                l.end(count: ev.count)
                records.screens[i] = .history(id: id, events: ev, list: l)
            }
        }
    }
}

extension String {
    /// "decide" → "Record the decision", for the ACV action menu.
    var acvActionLabel: String {
        switch self {
        case "decide": "Record the decision (listed or not)"
        case "notify-disposal": "Owner's notice of intended disposal"
        case "bid-request": "Community group asks to bid"
        case "remove": "Remove from the list"
        default: self
        }
    }
}
