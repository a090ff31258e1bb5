import AssetCatalogue
import TermUI

// Drawing the records screens (pipeline and case list, a case, ACV listings, a listing, a
// history, the move menu and forms), the navigator's Transfers tab and the detail pane's case
// and ACV status. Pure functions of the explorer's state and `today`.

// MARK: The navigator's Transfers tab

extension Explorer {
    /// Sections of the Transfers tab open at launch.
    static let transferSectionsOpen: Set<String> = ["transfer=section:stages", "transfer=section:due"]

    static func transferChip(_ key: String, _ label: String) -> FilterChip { FilterChip(facet: .transfer, key: key, label: label) }

    /// Rows of the Transfers tab: due or overdue, by stage (the pipeline), by cluster and ward.
    func transferNavRows() -> [NavRow] {
        let cases = catalogue.transferCases
        var out: [NavRow] = []
        func row(_ path: [FilterChip], _ count: Int, expandable: Bool = false) {
            out.append(NavRow(path: path, count: count, expandable: expandable))
        }
        let all = Explorer.transferChip("all", "All cases")
        row([all], cases.count)
        let due = Explorer.transferChip("section:due", "Due or overdue")
        let overdueCount = cases.filter { $0.status(today: today).isOverdue }.count
        let acvCount = Set(acvDue.map(\.listing)).count
        row([due], overdueCount + acvCount, expandable: true)
        if expanded.contains(NavRow(path: [due], count: 0, expandable: true).id) {
            row([due, Explorer.transferChip("overdue", "Cases overdue")], overdueCount)
            row([due, Explorer.transferChip("due", "Cases due in \(caseDueWindowDays) days")],
                TransferPipeline.select(.init(dueWithinDays: caseDueWindowDays), in: catalogue, today: today).count)
            row([due, Explorer.transferChip("open", "Open cases")], cases.filter { $0.stage.isOpen }.count)
            row([due, Explorer.transferChip("acv", "ACV due in \(acvDueWindowDays) days")], acvCount)
        }
        let stages = Explorer.transferChip("section:stages", "By stage")
        row([stages], cases.count, expandable: true)
        if expanded.contains(NavRow(path: [stages], count: 0, expandable: true).id) {
            for (stage, n) in TransferPipeline.counts(cases) {
                row([stages, Explorer.transferChip("stage:" + stage.rawValue, stage.label)], n)
            }
        }
        let clusters = Explorer.transferChip("section:clusters", "By cluster and ward")
        row([clusters], cases.count, expandable: true)
        if expanded.contains(NavRow(path: [clusters], count: 0, expandable: true).id) {
            for cl in catalogue.geography.clusters {
                let inCluster = cases.filter { catalogue.asset(id: $0.building)?.cluster == cl.id }
                let path = [clusters, Explorer.transferChip("cluster:" + cl.id, cl.name)]
                row(path, inCluster.count, expandable: !inCluster.isEmpty)
                guard expanded.contains(NavRow(path: path, count: 0, expandable: true).id) else { continue }
                let byWard = Dictionary(grouping: inCluster) { catalogue.asset(id: $0.building)?.ward ?? "" }
                for code in byWard.keys.sorted(by: { catalogue.wardName($0) < catalogue.wardName($1) }) {
                    row(path + [Explorer.transferChip("ward:" + code, catalogue.wardName(code))], byWard[code]!.count)
                }
            }
        }
        return out
    }

    /// Enter on a Transfers row: the cases (or ACV listings) it stands for.
    mutating func openTransferRow(_ row: NavRow) {
        guard let last = row.path.last else { return }
        let key = last.key
        var filter = TransferPipeline.Filter()
        switch key {
        case "acv": openRecords(.listings(list: ListState())); return
        case "overdue": filter.overdueOnly = true
        case "open": filter.openOnly = true
        case "due": filter.dueWithinDays = caseDueWindowDays
        case "all", "section:stages", "section:clusters", "section:due": break
        default:
            if key.hasPrefix("stage:"), let s = CaseStage(rawValue: String(key.dropFirst(6))) { filter.stages = [s] }
            if key.hasPrefix("cluster:") { filter.clusters = [String(key.dropFirst(8))] }
            if key.hasPrefix("ward:") { filter.wards = [String(key.dropFirst(5))] }
        }
        openCaseList(filter: filter, title: key.hasPrefix("section:") ? "All cases" : row.path.dropFirst().map(\.label).joined(separator: " › ").nonEmpty ?? last.label)
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}

// MARK: Status text

extension Explorer {
    /// "400 days in stage · overdue by 220 days (due 2024-09-29) · incomplete"
    func caseStatusText(_ c: TransferCase) -> String {
        let s = c.status(today: today)
        var parts: [String] = []
        if let d = s.daysInStage { parts.append("\(d) day\(d == 1 ? "" : "s") in \(c.stage.label.lowercased())") }
        if let due = s.stageDue {
            parts.append(s.daysOverdue > 0 ? "overdue by \(s.daysOverdue) day\(s.daysOverdue == 1 ? "" : "s") (due \(due))" : "due \(due)")
        }
        if c.stage == .completed, let r = s.nextReview { parts.append("next review \(r)") }
        let flags = s.flags.filter { $0 != .stageOverdue }.map(\.label)
        if !flags.isEmpty { parts.append(flags.joined(separator: ", ")) }
        return parts.joined(separator: " · ")
    }

    /// The detail pane's fields for a building, with its transfer and ACV lines moved up under its
    /// id (so they show without scrolling) and each record's status on `today` after its dated line.
    func withRecordStatus(_ fields: [(String, String)], of a: Asset) -> [(String, String)] {
        guard a.kind == .place else { return fields }
        let recordKeys: Set<String> = ["Transfer", "ACV", "Case", "ACV listing"]
        var records: [(String, String)] = []
        for f in fields where recordKeys.contains(f.0) {
            records.append(f)
            if f.0 == "Case", let c = catalogue.transferCase(ofBuilding: a.id) {
                let s = caseStatusText(c)
                if !s.isEmpty { records.append(("Case status", s)) }
            }
            if f.0 == "ACV listing", let l = catalogue.latestListing(of: a.id) {
                records.append(("ACV now", l.statusLine(today: today)))
            }
        }
        records.append(("Records", "t case · v ACV · T all cases"))
        var out = fields.filter { !recordKeys.contains($0.0) }
        let at = (out.firstIndex { $0.0 == "Id" } ?? (out.count - 1)) + 1
        out.insert(contentsOf: records, at: min(at, out.count))
        return out
    }
}

// MARK: Screens

extension Explorer {
    /// The body between the breadcrumbs and the status line, where record screens are drawn.
    func recordsBody(_ layout: ScreenLayout) -> Rect {
        Rect(x: 0, y: layout.crumbs.maxY, width: layout.size.width, height: max(0, layout.status.y - layout.crumbs.maxY))
    }

    func drawRecords(into b: inout Buffer, layout: ScreenLayout, theme: Theme) {
        let body = recordsBody(layout)
        if let screen = records.screens.last {
            switch screen {
            case .cases(let f, let t, let list): drawCaseList(f, title: t, list: list, into: &b, area: body, theme: theme)
            case .listings(let list): drawListings(list, into: &b, area: body, theme: theme)
            case .caseView(let id, let scroll): drawCase(id, scroll: scroll, into: &b, area: body, theme: theme)
            case .listingView(let id, let scroll): drawListing(id, scroll: scroll, into: &b, area: body, theme: theme)
            case .history(let id, let events, let list): drawHistory(id, events: events, list: list, into: &b, area: body, theme: theme)
            case .change(let id, let events, let scroll): drawChange(id, events: events, scroll: scroll, into: &b, area: body, theme: theme)
            }
        }
        if message == nil {
            var line = ""
            if let f = records.form { line = f.spec.title + (f.spec.recordID.map { " — saving as \(officer) on \($0)" } ?? " — saving as \(officer)") }
            else if let c = screenCase { line = "\(c.id) · " + caseStatusText(c) } else if let l = screenListing { line = l.detailLine }
            b.fill(layout.status, style: theme.normal)
            b.put(" " + line, in: layout.status, style: theme.dim)
        }
        let screen = Rect(size: layout.size)
        if let m = records.menu { drawMenu(m, into: &b, screen: screen, theme: theme) }
        if let f = records.form { drawForm(f, into: &b, screen: screen, theme: theme) }
    }

    func drawPipeline(_ cases: [TransferCase], selected: Set<CaseStage>, into b: inout Buffer, area: Rect, theme: Theme) {
        let inner = Panel(title: "Pipeline", rightTitle: "\(cases.count) cases").render(into: &b, area: area, theme: theme)
        let counts = TransferPipeline.counts(cases)
        let top = max(1, counts.map(\.count).max() ?? 1)
        func label(_ i: Int, _ stage: CaseStage) -> String { (stage.isFinal || stage == .onHold ? "" : "\(i + 1) ") + stage.label }
        // Labels whole ("2 Expression of interest"): they take what they need before the count
        // (3 and a space) and the bar gets the rest (none when the pane is narrow).
        let longest = counts.enumerated().map { TextWidth.width(of: label($0.offset, $0.element.stage)) }.max() ?? 0
        let lw = max(1, min(longest + 1, inner.width - 4))
        let barW = max(0, inner.width - lw - 4)
        for (i, (stage, n)) in counts.enumerated() where i < inner.height {
            let y = inner.y + i
            let style = selected.contains(stage) ? theme.title : (n == 0 ? theme.dim : theme.normal)
            let label = label(i, stage)
            b.put(TextWidth.pad(label, to: lw), x: inner.x, y: y, style: style, maxWidth: lw)
            b.put(TextWidth.pad(String(n), to: 3, alignment: .right), x: inner.x + lw, y: y, style: n == 0 ? theme.dim : theme.normal)
            let w = n == 0 ? 0 : max(1, n * barW / top)
            if w > 0 { b.put(String(repeating: "█", count: w), x: inner.x + lw + 4, y: y, style: theme.accent(stage.isFinal ? 2 : 1), maxWidth: barW) }
        }
    }

    func drawCaseList(_ filter: TransferPipeline.Filter, title: String, list: ListState, into b: inout Buffer, area: Rect, theme: Theme) {
        var scope = filter
        scope.stages = []
        scope.overdueOnly = false
        scope.openOnly = false
        var listArea = area
        if area.width >= 70 {
            // The pipeline's labels need 24 columns and its counts 4 (with borders, 30); wider, a bar too.
            let (left, rest) = area.splitLeft(area.width >= 110 ? 38 : area.width >= 90 ? 34 : 30)
            drawPipeline(TransferPipeline.select(scope, in: catalogue, today: today), selected: filter.stages, into: &b, area: left, theme: theme)
            listArea = rest
        }
        let cs = cases(for: filter)
        let inner = Panel(title: "Transfer cases · \(title)", rightTitle: "\(cs.count) · today \(today)", focused: true)
            .render(into: &b, area: listArea, theme: theme)
        let w = inner.width
        var columns = [TableColumn("Case", width: .fixed(7)), TableColumn("Building", width: .fill(3)),
                       TableColumn("Stage", width: .fixed(w >= 90 ? 22 : 16))]
        if w >= 50 { columns.append(TableColumn("Days", width: .fixed(5), alignment: .right)) }
        if w >= 60 { columns.append(TableColumn("Due", width: .fixed(10))) }
        if w >= 70 { columns.append(TableColumn("Flags", width: .fill(2))) }
        let n = columns.count
        Table(columns: columns, rowCount: cs.count, state: list, focused: true, emptyText: "No cases here") { i in
            let c = cs[i]
            let s = c.status(today: today)
            var cells = [TableCell(c.id, style: theme.dim), TableCell(buildingName(c.building), style: theme.normal),
                         TableCell(c.stage.label, style: c.stage.isFinal ? theme.dim : theme.accent(1))]
            if n > 3 { cells.append(TableCell(s.daysInStage.map(String.init) ?? "", style: theme.normal)) }
            if n > 4 { cells.append(TableCell(s.nextReview.map(\.description) ?? "", style: s.isOverdue ? theme.error : theme.normal)) }
            if n > 5 { cells.append(TableCell(s.flags.map(\.label).joined(separator: ", "), style: s.isOverdue ? theme.error : theme.warning)) }
            return cells
        }.render(into: &b, area: inner, theme: theme)
    }

    func drawListings(_ list: ListState, into b: inout Buffer, area: Rect, theme: Theme) {
        let rows = listingRows
        let inner = Panel(title: "ACV listings · dates due in \(acvDueWindowDays) days first", rightTitle: "\(rows.count) · today \(today)", focused: true)
            .render(into: &b, area: area, theme: theme)
        let w = inner.width
        var columns = [TableColumn("Listing", width: .fixed(7)), TableColumn("Building", width: .fill(3)),
                       TableColumn("Now", width: .fixed(19))]
        if w >= 60 { columns.append(TableColumn("Next date", width: .fill(3))) }
        if w >= 70 { columns.append(TableColumn("Days", width: .fixed(6), alignment: .right)) }
        let n = columns.count
        Table(columns: columns, rowCount: rows.count, state: list, focused: true, emptyText: "No ACV listings") { i in
            let (l, d) = rows[i]
            var cells = [TableCell(l.id, style: theme.dim), TableCell(buildingName(l.building), style: theme.normal),
                         TableCell(l.phase(today: today).label, style: theme.accent(3))]
            if n > 3 { cells.append(TableCell(d.map { "\($0.kind.label) \($0.date)" } ?? "", style: d?.overdue == true ? theme.error : theme.normal)) }
            if n > 4 { cells.append(TableCell(d.map { String($0.daysLeft) } ?? "", style: d?.overdue == true ? theme.error : theme.normal)) }
            return cells
        }.render(into: &b, area: inner, theme: theme)
    }

    /// What stands in for a person's name in presentation mode.
    static let hiddenPerson = "(hidden)"
    /// Fields of cases and listings that name people: presentation mode shows that they changed, not to what.
    static let personalFields: Set<String> = [CaseField.leadOfficer.rawValue, ACVField.nominator.rawValue, ACVField.bidder.rawValue]
    /// Free text officers write (it can name anyone): presentation mode shows that it exists, not what it says.
    static let officerText: Set<String> = [CaseField.owner.rawValue, CaseField.conditions.rawValue, CaseField.documents.rawValue,
                                           CaseField.note.rawValue, ACVField.note.rawValue]

    /// Notes as shown: each in full, or in presentation mode only how many there are.
    func noteLines(_ notes: [RecordNote]) -> [String] {
        if hideContacts { return notes.isEmpty ? [] : ["\(notes.count) note\(notes.count == 1 ? "" : "s"), hidden"] }
        return notes.map { "\($0.at.prefix(10)) \($0.by): \($0.text)" }
    }

    /// A case or listing screen whose record is gone (undone, or removed by another officer).
    func drawMissing(_ text: String, _ id: String, into b: inout Buffer, area: Rect, theme: Theme) {
        let inner = Panel(title: id, focused: true).render(into: &b, area: area, theme: theme)
        b.put(text, in: inner, style: theme.error)
    }

    func drawCase(_ id: String, scroll: Int, into b: inout Buffer, area: Rect, theme: Theme) {
        guard let c = catalogue.transferCase(id: id) else { return drawMissing("No case \(id)", id, into: &b, area: area, theme: theme) }
        let inner = Panel(title: "\(c.id) · \(buildingName(c.building))", rightTitle: "version \(c.version)", focused: true)
            .render(into: &b, area: area, theme: theme)
        var rows: [(key: String, value: [Span])] = []
        func add(_ k: String, _ v: String, _ style: Style? = nil) { rows.append((k, [Span(v, style ?? theme.normal)])) }
        let s = c.status(today: today)
        var stage = c.stage.label
        if c.stage == .onHold, let h = c.heldStage { stage += " (held at \(h.label.lowercased()))" }
        if let since = c.stageSince { stage += " since \(since)" }
        add("Stage", stage, theme.title)
        add("Status", caseStatusText(c), s.isOverdue ? theme.error : theme.normal)
        if let r = s.nextReview { add(c.stage == .completed ? "Review due" : "Stage due", r.description) }
        if !s.missing.isEmpty { add("Missing", s.missing.map(\.label).joined(separator: ", "), theme.warning) }
        if let a = catalogue.asset(id: c.building) {
            add("Building", "\(a.name) (\(a.id)) · \(catalogue.wardName(a.ward)), \(catalogue.clusterName(a.cluster))")
        }
        for f in CaseField.editable where f != .building {
            var v = c[f]
            if f == .leadOfficer, hideContacts, !v.isEmpty { v = Explorer.hiddenPerson }
            if hideContacts, Explorer.officerText.contains(f.rawValue), !v.isEmpty { v = "(text hidden)" }
            if f == .applicant { v = Applicant.resolve(v, in: catalogue).display }
            if f == .tenureSought || f == .tenureAgreed { v = Tenure(rawValue: v)?.label ?? v }
            add(f.label, v.isEmpty ? "—" : v, v.isEmpty ? theme.dim : nil)
        }
        if let l = catalogue.latestListing(of: c.building) { add("ACV", "\(l.id) · \(l.statusLine(today: today))") }
        let moves = TransferWorkflow.moves(for: c)
        add("Moves", moves.isEmpty ? "none (final); u undoes the last change" : moves.map(\.label).joined(separator: " · "), theme.dim)
        if c.notes.isEmpty { add("Notes", "none — N adds one", theme.dim) }
        for (i, n) in noteLines(c.notes).enumerated() { add(i == 0 ? "Notes" : "", n) }
        KeyValueView(rows, keyWidth: 18, scroll: scroll).render(into: &b, area: inner, theme: theme)
    }

    func drawListing(_ id: String, scroll: Int, into b: inout Buffer, area: Rect, theme: Theme) {
        guard let l = catalogue.acvListing(id: id) else { return drawMissing("No listing \(id)", id, into: &b, area: area, theme: theme) }
        let inner = Panel(title: "\(l.id) · \(buildingName(l.building)) · Asset of Community Value", rightTitle: "version \(l.version)", focused: true)
            .render(into: &b, area: area, theme: theme)
        var rows: [(key: String, value: [Span])] = []
        func add(_ k: String, _ v: String?, _ style: Style? = nil) {
            guard let v, !v.isEmpty else { return }
            rows.append((k, [Span(v, style ?? theme.normal)]))
        }
        let p = l.phase(today: today)
        add("Now", l.statusLine(today: today), p == .decisionOverdue ? theme.error : theme.title)
        add("Status", l.status.label)
        add("Nominated by", [hideContacts && !l.nominator.isEmpty ? Explorer.hiddenPerson : l.nominator, l.nominatorKind?.label ?? ""]
            .filter { !$0.isEmpty }.joined(separator: " · "))
        let t = l.timeline
        add("Nominated", t.nominated?.description)
        add("Decision due", t.decisionDue.map { "\($0) (8 weeks)" })
        add("Decided", t.decided?.description)
        add("Listing ends", t.listingEnds.map { "\($0) (5 years)" })
        add("Disposal notice", t.notice?.description)
        add("Interim ends", t.interimMoratoriumEnds.map { "\($0) (6 weeks)" })
        add("Request to bid", t.bidRequest.map { "\($0)" + (l.bidder.isEmpty ? "" : " by \(hideContacts ? Explorer.hiddenPerson : l.bidder)") })
        add("Full moratorium", t.fullMoratoriumEnds.map { "to \($0) (6 months from the notice)" })
        add("Protected to", t.protectedPeriodEnds.map { "\($0) (18 months from the notice)" })
        add("Removed", t.removed?.description)
        let due = l.deadlines(today: today, within: acvDueWindowDays)
        if !due.isEmpty {
            add("Due soon", due.map { "\($0.kind.label) \($0.date) (\($0.daysLeft < 0 ? "\(-$0.daysLeft) days late" : "in \($0.daysLeft) days"))" }
                .joined(separator: " · "), due.contains(where: \.overdue) ? theme.error : theme.warning)
        }
        if let c = catalogue.transferCase(ofBuilding: l.building) { add("Transfer case", c.detailLine(hidingPeople: hideContacts)) }
        let actions = ACVWorkflow.actions(for: l, today: today).filter { !["edit", "note", "undo"].contains($0) }
        add("Open actions", actions.isEmpty ? "none but edits and notes" : actions.map(\.acvActionLabel).joined(separator: " · "), theme.dim)
        for (i, n) in noteLines(l.notes).enumerated() { add(i == 0 ? "Notes" : " ", n) }
        KeyValueView(rows, keyWidth: 18, scroll: scroll).render(into: &b, area: inner, theme: theme)
    }

    func drawHistory(_ id: String, events: [AuditEvent], list: ListState, into b: inout Buffer, area: Rect, theme: Theme) {
        let building = catalogue.transferCase(id: id)?.building ?? catalogue.acvListing(id: id)?.building ?? ""
        let inner = Panel(title: "History of \(id) · \(buildingName(building))",
                          rightTitle: "\(events.count) events · append-only", focused: true)
            .render(into: &b, area: area, theme: theme)
        let w = inner.width
        var columns = [TableColumn("When (UTC)", width: .fixed(16)), TableColumn("Who", width: .fixed(14)),
                       TableColumn("Action", width: .fixed(9)), TableColumn("Change", width: .fill(3))]
        if w >= 80 { columns.append(TableColumn("Reason", width: .fill(1))) }
        let n = columns.count
        Table(columns: columns, rowCount: events.count, state: list, focused: true, emptyText: "No events") { i in
            let e = events[i]
            let when = String(e.at.prefix(16)).replacingOccurrences(of: "T", with: " ")
            let firstOfChange = i == 0 || events[i - 1].change != e.change
            let who = hideContacts ? Explorer.hiddenPerson : e.by
            let hidden = hideContacts && (Explorer.personalFields.contains(e.field) || Explorer.officerText.contains(e.field))
            let change = hidden ? "\(e.field): changed" : e.summary
            var cells = [TableCell(firstOfChange ? when : "", style: theme.dim), TableCell(firstOfChange ? who : "", style: theme.normal),
                         TableCell(firstOfChange ? e.action : "", style: e.action == "undo" ? theme.warning : theme.accent(1)),
                         TableCell(change, style: theme.normal)]
            let reason = hideContacts && !e.reason.isEmpty ? "(reason hidden)" : e.reason
            if n > 4 { cells.append(TableCell(firstOfChange ? reason : "", style: theme.dim)) }
            return cells
        }.render(into: &b, area: inner, theme: theme)
    }

    /// One change in full: when, who, the action, its reason, and every field it changed.
    func drawChange(_ id: String, events: [AuditEvent], scroll: Int, into b: inout Buffer, area: Rect, theme: Theme) {
        guard let first = events.first else { return drawMissing("No change", id, into: &b, area: area, theme: theme) }
        let inner = Panel(title: "\(id) · change \(first.change)", rightTitle: "version \(events.last?.version ?? first.version)", focused: true)
            .render(into: &b, area: area, theme: theme)
        var rows: [(key: String, value: [Span])] = []
        func add(_ k: String, _ v: String, _ style: Style? = nil) { rows.append((k, [Span(v, style ?? theme.normal)])) }
        add("When (UTC)", String(first.at.prefix(19)).replacingOccurrences(of: "T", with: " "), theme.dim)
        add("Who", hideContacts ? Explorer.hiddenPerson : first.by)
        add("Action", first.action + (first.undoes.map { " (undoes change \($0))" } ?? ""), first.action == "undo" ? theme.warning : theme.accent(1))
        let reason = first.reason.isEmpty ? "—" : hideContacts ? "(reason hidden)" : first.reason
        add("Reason", reason, first.reason.isEmpty ? theme.dim : nil)
        for e in events {
            if e.field == "note" {
                add(e.new.isEmpty ? "Note retracted" : "Note", hideContacts ? "(note hidden)" : e.new.isEmpty ? e.old : e.new)
            } else if hideContacts && (Explorer.personalFields.contains(e.field) || Explorer.officerText.contains(e.field)) {
                add(e.field, "changed")
            } else {
                add(e.field, "\(e.old.isEmpty ? "(empty)" : e.old) → \(e.new.isEmpty ? "(empty)" : e.new)")
            }
        }
        KeyValueView(rows, keyWidth: 18, scroll: scroll).render(into: &b, area: inner, theme: theme)
    }

    func drawMenu(_ m: RecordMenu, into b: inout Buffer, screen: Rect, theme: Theme) {
        let width = min(screen.width - 4, max(40, (m.items.map { TextWidth.width(of: $0.label + $0.hint) }.max() ?? 20) + 8))
        let area = Popup.area(in: screen, width: width, height: m.items.count + 3)
        let inner = Popup.render(into: &b, area: area, title: m.title, theme: theme)
        let (listArea, hint) = inner.splitBottom(1)
        ListView(count: m.items.count, state: m.list, focused: true) { i in
            [Span(m.items[i].label, theme.normal), Span(m.items[i].hint.isEmpty ? "" : "  " + m.items[i].hint, theme.dim)]
        }.render(into: &b, area: listArea, theme: theme)
        b.put([Span("Enter", theme.keyHint), Span(" choose  ", theme.normal), Span("Esc", theme.keyHint), Span(" cancel", theme.normal)],
              x: hint.x + 1, y: hint.y, maxWidth: hint.width - 1)
    }
}
