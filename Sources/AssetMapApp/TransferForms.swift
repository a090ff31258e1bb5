import AssetCatalogue
import Foundation
import TermUI

// The forms of transfer cases and ACV listings in the explorer: one text field per `FormField`
// (cursor editing from TermUI's TextFieldState), choice fields cycled with ←/→ or Space, dates
// typed as 2026-03-01, 1/3/2026 or today+14 (shown resolved beside the field), inline messages
// from `FormSpec.validate` (the store's own rules) and an explicit save (Ctrl-S). Esc cancels
// and nothing is written. A save that meets someone else's newer save shows what they changed
// and writes nothing; Ctrl-R re-reads the record, keeping what was typed.

/// One catalogue entry a picker offers.
public struct PickEntry: Hashable, Sendable {
    public var id: String
    public var name: String
    public var kind: AssetKind
    public var ward: String
}

/// A form being filled in.
public struct FormState: Hashable, Sendable {
    public internal(set) var spec: FormSpec
    /// One editor per field of `spec.fields`.
    public internal(set) var fields: [TextFieldState]
    public internal(set) var focus = 0
    /// Fields edited so far: their messages show as soon as they are touched; the rest after a save attempt.
    var touched: Set<String> = []
    var attempted = false
    public internal(set) var messages: [FieldMessage] = []
    /// Someone else saved the record after the form read it: nothing was saved.
    public internal(set) var conflict: ConflictError?
    /// Why the last save did not happen (besides field messages).
    public internal(set) var error: String?
    /// A note at the top (e.g. after re-reading the record).
    public internal(set) var notice: String?
    /// The list under the focused field that names a group or building: catalogue entries matching
    /// what was typed (nil when closed).
    public internal(set) var picker: Picker?
    /// Field id → the catalogue id an entry taken from the list linked it to (the field shows its name).
    public internal(set) var links: [String: String] = [:]

    /// Catalogue entries offered under a field, best match first, one highlighted.
    public struct Picker: Hashable, Sendable {
        public internal(set) var entries: [PickEntry]
        public internal(set) var selected = 0
    }

    public init(spec: FormSpec) {
        self.spec = spec
        fields = spec.fields.map { TextFieldState(text: $0.initial) }
    }

    /// What was typed, by field id.
    public var values: [String: String] {
        Dictionary(uniqueKeysWithValues: zip(spec.fields.map(\.id), fields.map(\.text)))
    }

    public var focusedField: FormField { spec.fields[focus] }

    /// The form field a message belongs under: its own, or for a record date the form asks for as
    /// "date" (a decision date, a notice date, when a stage began), the form's date field.
    func fieldID(of m: FieldMessage) -> String {
        let ids = Set(spec.fields.map(\.id))
        if ids.contains(m.field) || !ids.contains("date") { return m.field }
        let isDate = CaseField(rawValue: m.field)?.kind == .date || ACVField(rawValue: m.field)?.kind == .date
        return isDate ? "date" : m.field
    }

    /// Messages shown under a field now.
    func shownMessages(for id: String) -> [String] {
        guard attempted || touched.contains(id) else { return [] }
        return messages.filter { fieldID(of: $0) == id }.map(\.message)
    }

    /// Messages about the form as a whole, or about a field the form does not show.
    var generalMessages: [String] {
        guard attempted || !touched.isEmpty else { return [] }
        let ids = Set(spec.fields.map(\.id))
        return messages.filter { !ids.contains(fieldID(of: $0)) }.map { $0.field.isEmpty ? $0.message : "\($0.field): \($0.message)" }
    }

    /// Options of a choice field: its choices, plus "(none)" first when it may be left empty.
    static func options(_ f: FormField) -> [FieldChoice] {
        f.required ? f.choices : [FieldChoice("", "(none)")] + f.choices
    }

    mutating func cycleChoice(by step: Int) {
        let f = focusedField
        let opts = FormState.options(f)
        guard !opts.isEmpty else { return }
        let i = opts.firstIndex { $0.value == fields[focus].text } ?? (step > 0 ? -1 : 0)
        fields[focus].setText(opts[((i + step) % opts.count + opts.count) % opts.count].value)
        touched.insert(f.id)
    }

    /// Typing a letter on a choice field picks the next option whose label starts with it.
    mutating func pickChoice(startingWith c: Character) {
        let f = focusedField
        let opts = FormState.options(f)
        let key = Text.fold(String(c))
        let start = (opts.firstIndex { $0.value == fields[focus].text } ?? -1) + 1
        for k in 0..<opts.count {
            let o = opts[(start + k) % opts.count]
            if Text.fold(o.label).hasPrefix(key) || Text.fold(o.value).hasPrefix(key) {
                fields[focus].setText(o.value)
                touched.insert(f.id)
                return
            }
        }
    }
}

extension Explorer {
    mutating func revalidateForm() {
        guard var f = records.form else { return }
        f.messages = f.spec.validate(formValues(f), lookup: catalogue, today: today)
        records.form = f
    }

    /// Entries of `kinds` matching `text`, through the explorer's search index (every word, the
    /// last as a prefix, as the search line matches them), best first.
    func pickEntries(_ text: String, kinds: [AssetKind], limit: Int) -> [PickEntry] {
        let words = text.split(whereSeparator: { $0 == " " }).map { SearchTerm(String($0)) }
        let query = SearchQuery(terms: words, filters: [FilterClause(kinds.map { SearchFilter.kind($0) })])
        guard query.hasText else { return [] }
        let c = catalogue
        return index.matches(query).results(limit: limit).hits.map { h in
            PickEntry(id: c.id(at: h.index), name: c.name(at: h.index), kind: c.kind(at: h.index),
                      ward: c.wardName(c.ward(at: h.index)))
        }
    }

    /// The catalogue id a picker field names: the entry taken from its list, an id of the right
    /// kind, or the one entry whose name is exactly what was typed (letter case aside).
    func linkedID(_ f: FormState, _ i: Int) -> String? {
        let field = f.spec.fields[i]
        guard !field.picks.isEmpty else { return nil }
        if let id = f.links[field.id] { return id }
        let t = f.fields[i].text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { return nil }
        if let a = catalogue.asset(id: t), field.picks.contains(a.kind) { return a.id }
        let exact = pickEntries(t, kinds: field.picks, limit: 50).filter { Text.fold($0.name) == Text.fold(t) }
        return exact.count == 1 ? exact[0].id : nil
    }

    /// What the form saves: what was typed, with the linked id in place of the name in each field
    /// that must name a catalogue entry (a nominator or bidder keeps its name: free text).
    func formValues(_ f: FormState) -> [String: String] {
        var v = f.values
        for (i, field) in f.spec.fields.enumerated() where field.mustLink {
            if let id = linkedID(f, i) { v[field.id] = id }
        }
        return v
    }

    /// Opens, refreshes or closes the list under the focused field after its text changed.
    func refreshPicker(_ f: inout FormState) {
        let field = f.focusedField
        let t = f.fields[f.focus].text.trimmingCharacters(in: .whitespaces)
        guard !field.picks.isEmpty, !t.isEmpty, f.links[field.id] == nil else { f.picker = nil; return }
        // An id of the right kind typed in full names its entry already.
        if let a = catalogue.asset(id: t), field.picks.contains(a.kind) { f.picker = nil; return }
        let entries = pickEntries(t, kinds: field.picks, limit: 6)
        f.picker = entries.isEmpty ? nil : FormState.Picker(entries: entries)
    }

    /// Keys while the list under a field is open; nil when the key is the form's.
    mutating func handlePickerKey(_ f: inout FormState, action: Action?) -> Bool {
        guard var p = f.picker else { return false }
        switch action {
        case .down: p.selected = min(p.selected + 1, p.entries.count - 1)
        case .up: p.selected = max(p.selected - 1, 0)
        case .complete:
            let e = p.entries[p.selected], field = f.focusedField
            f.fields[f.focus].setText(e.name)
            f.links[field.id] = e.id
            f.touched.insert(field.id)
            f.picker = nil
            f.focus = min(f.focus + 1, f.spec.fields.count - 1)   // taken: on to the next field
            message = "\(field.label): \(e.name) (\(e.id))"
            return true
        case .cancel:
            f.picker = nil
            message = "list closed, your typing kept (Esc again cancels the form)"
            return true
        default: return false
        }
        f.picker = p
        return true
    }

    mutating func handleFormKey(_ key: Key, action: Action?) -> ProgramCommand {
        guard var f = records.form else { return .none }
        if handlePickerKey(&f, action: action) {
            records.form = f
            revalidateForm()
            return .none
        }
        let n = f.spec.fields.count
        let isChoice = f.focusedField.kind == .choice
        switch action {
        case .cancel:
            records.form = nil
            if !records.isActive { mode = .browse }
            message = "cancelled: nothing was saved"
            return .none
        case .save:
            saveForm()
            return .none
        case .reload:
            reloadForm()
            return .none
        case .nextField where key == .enter && f.focus == n - 1:
            // Enter on the last field does not wrap to the first: it says how to save.
            message = "last field: Ctrl-S \(f.spec.submitLabel.lowercased()), Esc cancels (Tab goes back to the first field)"
            return .none
        case .nextField: f.focus = (f.focus + 1) % max(1, n); f.picker = nil
        case .prevField: f.focus = (f.focus + n - 1) % max(1, n); f.picker = nil
        case .nextChoice where isChoice: f.cycleChoice(by: 1)
        case .prevChoice where isChoice: f.cycleChoice(by: -1)
        default:
            if isChoice {
                if case .char(let c) = key {
                    if c == " " { f.cycleChoice(by: 1) } else { f.pickChoice(startingWith: c) }
                } else if key == .backspace || key == .delete, !f.focusedField.required {
                    f.fields[f.focus].setText("")
                    f.touched.insert(f.focusedField.id)
                } else {
                    return .none
                }
            } else {
                let before = f.fields[f.focus].text
                guard f.fields[f.focus].handle(key) else { return .none }
                f.touched.insert(f.focusedField.id)
                if f.fields[f.focus].text != before {
                    f.links[f.focusedField.id] = nil
                    refreshPicker(&f)
                }
            }
        }
        records.form = f
        revalidateForm()
        return .none
    }

    mutating func pasteIntoForm(_ text: String) {
        guard var f = records.form, f.focusedField.kind != .choice else { return }
        f.fields[f.focus].paste(text)
        f.touched.insert(f.focusedField.id)
        f.links[f.focusedField.id] = nil
        refreshPicker(&f)
        records.form = f
        revalidateForm()
    }

    /// Ctrl-S: checks the form and, when it passes, saves it through the store in one transaction.
    mutating func saveForm() {
        guard var f = records.form else { return }
        guard canWrite, let store else { message = readOnlyMessage; return }
        f.attempted = true
        f.conflict = nil
        f.error = nil
        f.notice = nil
        f.picker = nil
        let values = formValues(f)
        f.messages = f.spec.validate(values, lookup: catalogue, today: today)
        if !f.messages.isEmpty {
            f.error = "Not saved: correct what is marked."
            records.form = f
            return
        }
        let result: FormResult
        do {
            result = try store.submit(f.spec, values: values, by: officer, today: today, now: now())
        } catch let e as ConflictError {
            f.conflict = e
            records.form = f
            return
        } catch let e as WorkflowError {
            f.messages = e.messages
            f.error = "Not saved: " + e.summary + "."
            records.form = f
            return
        } catch {
            f.error = "Not saved: \(error)"
            records.form = f
            return
        }
        // Saved: the form closes and the explorer re-reads the catalogue so every pane shows it.
        records.form = nil
        var reloadProblem = ""
        do { try reloadCatalogue() } catch { reloadProblem = "; re-reading the catalogue failed: \(error)" }
        switch result {
        case .transferCase(let c):
            message = "saved \(c.id) (version \(c.version)) by \(officer)" + reloadProblem
            if !isShowing(c.id), catalogue.transferCase(id: c.id) != nil { openCase(c.id) }
        case .listing(let l):
            message = "saved \(l.id) (version \(l.version)) by \(officer)" + reloadProblem
            if !isShowing(l.id), catalogue.acvListing(id: l.id) != nil { openListing(l.id) }
        }
        if !records.isActive { mode = .browse }
    }

    /// True when the top screen shows this record (a save then stays where it is).
    func isShowing(_ id: String) -> Bool {
        switch records.screens.last {
        case .caseView(let x, _), .listingView(let x, _): return x == id
        default: return false
        }
    }

    /// Ctrl-R after a conflict: reads the record again and rebuilds the form on it, keeping every
    /// value that was typed; nothing is saved until Ctrl-S.
    mutating func reloadForm() {
        guard let old = records.form else { return }
        guard old.conflict != nil else { message = "Ctrl-R re-reads the record after a conflicting save"; return }
        do { try reloadCatalogue() } catch { message = "\(error)"; return }
        let spec: FormSpec?
        switch old.spec.kind {
        case .editCase: spec = old.spec.transferCase.flatMap { catalogue.transferCase(id: $0.id) }.map(TransferForms.edit)
        case .moveCase(let to): spec = old.spec.transferCase.flatMap { catalogue.transferCase(id: $0.id) }.map { TransferForms.move($0, to: to) }
        case .noteCase: spec = old.spec.transferCase.flatMap { catalogue.transferCase(id: $0.id) }.map(TransferForms.note)
        case .undoCase: spec = old.spec.transferCase.flatMap { catalogue.transferCase(id: $0.id) }.map(TransferForms.undo)
        case .decide: spec = old.spec.listing.flatMap { catalogue.acvListing(id: $0.id) }.map(ACVForms.decide)
        case .notifyDisposal: spec = old.spec.listing.flatMap { catalogue.acvListing(id: $0.id) }.map(ACVForms.notifyDisposal)
        case .bidRequest: spec = old.spec.listing.flatMap { catalogue.acvListing(id: $0.id) }.map(ACVForms.bidRequest)
        case .removeListing: spec = old.spec.listing.flatMap { catalogue.acvListing(id: $0.id) }.map(ACVForms.remove)
        case .editListing: spec = old.spec.listing.flatMap { catalogue.acvListing(id: $0.id) }.map(ACVForms.edit)
        case .noteListing: spec = old.spec.listing.flatMap { catalogue.acvListing(id: $0.id) }.map(ACVForms.note)
        case .undoListing: spec = old.spec.listing.flatMap { catalogue.acvListing(id: $0.id) }.map(ACVForms.undo)
        case .newCase, .nominate: spec = old.spec
        }
        guard let spec else { message = "the record is no longer there"; return }
        var f = FormState(spec: spec)
        for (i, field) in spec.fields.enumerated() {
            guard let j = old.spec.fields.firstIndex(where: { $0.id == field.id }) else { continue }
            let typed = old.fields[j].text
            if typed != old.spec.fields[j].initial {
                f.fields[i].setText(typed)
                f.touched.insert(field.id)
            }
        }
        f.links = old.links.filter { id, _ in spec.field(id) != nil }
        f.focus = min(old.focus, max(0, spec.fields.count - 1))
        f.notice = "Re-read \(spec.recordID ?? "the record") at version \(spec.expectedVersion ?? 0); your typing is kept. Check it, then Ctrl-S saves."
        records.form = f
        revalidateForm()
    }
}

// MARK: Drawing

extension Explorer {
    func drawForm(_ f: FormState, into b: inout Buffer, screen: Rect, theme: Theme) {
        let width = min(max(40, screen.width - 4), 96)
        let labelW = min(22, max(10, width / 4))
        var rows: [FormRow] = []
        // Messages wrap at the form's edge (inside its borders), never cut.
        func text(_ s: String, _ style: Style, indent: Int = 0) {
            let pad = String(repeating: " ", count: indent)
            for line in TextWidth.wrap(s, width: max(10, width - 2 - indent)) { rows.append(.text([Span(pad + line, style)])) }
        }
        if let notice = f.notice { text(notice, theme.ok) }
        if let c = f.conflict {
            text("⚠ Someone else saved \(c.entity) after this form read it (version \(c.expectedVersion), now \(c.currentVersion)).", theme.error)
            text("  Nothing was saved. What they changed:", theme.error)
            for ch in c.changedFields {
                let what = ch.field == "note"
                    ? (ch.new.isEmpty ? "retracted a note: \(ch.old)" : "added a note: \(ch.new)")
                    : "\(ch.field): \(ch.old.isEmpty ? "(empty)" : ch.old) → \(ch.new.isEmpty ? "(empty)" : ch.new)"
                text("  • \(what) (\(ch.by.joined(separator: ", ")))", theme.warning)
            }
            text("  Ctrl-R re-reads it keeping your typing; Esc cancels.", theme.keyHint)
        }
        if let e = f.error { text(e, theme.error) }
        for m in f.generalMessages { text("✗ " + m, theme.error) }
        if !rows.isEmpty { rows.append(.text([])) }
        var focusRow = 0
        for (i, field) in f.spec.fields.enumerated() {
            if i == f.focus { focusRow = rows.count }
            rows.append(.field(i))
            if i == f.focus, let p = f.picker {
                for (k, e) in p.entries.enumerated() {
                    let on = k == p.selected
                    let line = TextWidth.truncate("\(on ? "›" : " ") \(e.name) · \(e.kind.label.lowercased()) · \(e.ward)", to: max(10, width - 4 - labelW))
                    rows.append(.text([Span(String(repeating: " ", count: labelW), theme.normal),
                                       Span(TextWidth.pad(line, to: max(10, width - 4 - labelW)), on ? theme.selection : theme.normal)]))
                }
            }
            // While its list is open the field is being chosen: its messages wait until then.
            if i == f.focus, f.picker != nil { continue }
            for m in f.shownMessages(for: field.id) { text("✗ " + m, theme.error, indent: labelW) }
        }
        let helpLines = TextWidth.wrap(f.focusedField.help, width: max(10, width - 4)).prefix(2)
        let chrome = 2 + 1 + helpLines.count + 1   // borders, rule, help, key hints
        let height = min(screen.height - 2, rows.count + chrome)
        let area = Popup.area(in: screen, width: width, height: max(8, height))
        let inner = Popup.render(into: &b, area: area, title: f.spec.title, theme: theme,
                                 rightTitle: f.spec.expectedVersion.map { "version \($0)" })
        let bodyH = max(1, inner.height - 1 - helpLines.count - 1)
        let offset = max(0, min(focusRow - bodyH / 2, rows.count - bodyH))
        for (k, row) in rows.dropFirst(offset).prefix(bodyH).enumerated() {
            let y = inner.y + k
            switch row {
            case .text(let spans):
                b.put(spans, x: inner.x, y: y, maxWidth: inner.width)
            case .field(let i):
                drawFormField(f, i, into: &b, row: Rect(x: inner.x, y: y, width: inner.width, height: 1), labelW: labelW, theme: theme)
            }
        }
        let ruleY = inner.y + bodyH
        b.hline(x: inner.x, y: ruleY, length: inner.width, style: theme.border, kind: theme.boxKind)
        for (k, line) in helpLines.enumerated() {
            b.put(String(line), x: inner.x + 1, y: ruleY + 1 + k, style: theme.dim, maxWidth: inner.width - 1)
        }
        let hints = [Span("Ctrl-S", theme.keyHint), Span(" " + f.spec.submitLabel.lowercased() + "  ", theme.normal),
                     Span("Tab", theme.keyHint), Span(" next field  ", theme.normal),
                     Span("Esc", theme.keyHint), Span(" cancel, nothing saved", theme.normal)]
        b.put(hints, x: inner.x + 1, y: inner.maxY - 1, maxWidth: inner.width - 1)
    }

    func drawFormField(_ f: FormState, _ i: Int, into b: inout Buffer, row: Rect, labelW: Int, theme: Theme) {
        let field = f.spec.fields[i]
        let focused = i == f.focus
        let label = (field.required ? "* " : "  ") + field.label
        b.put(TextWidth.pad(TextWidth.truncate(label, to: labelW - 1), to: labelW), x: row.x, y: row.y,
              style: focused ? theme.title : (field.required ? theme.normal : theme.dim), maxWidth: labelW)
        let rest = row.splitLeft(labelW).rest
        let text = f.fields[i].text
        if field.kind == .choice {
            let opts = FormState.options(field)
            let pos = opts.firstIndex { $0.value == text }
            let shown = pos.map { opts[$0].label } ?? (text.isEmpty ? "(none)" : text)
            let spans = [Span("‹ ", theme.dim), Span(shown, focused ? theme.cursor : theme.normal), Span(" ›", theme.dim),
                         Span(pos.map { "  \($0 + 1) of \(opts.count)" } ?? "", theme.dim)]
            b.put(spans, x: rest.x, y: rest.y, maxWidth: rest.width)
            if focused { b.cursor = Point(x: rest.x + 2, y: rest.y) }
            return
        }
        var preview = ""
        if field.kind == .date, !text.trimmingCharacters(in: .whitespaces).isEmpty,
           let d = try? DateInput.parse(text, today: today), d.description != text {
            preview = " = \(d)"
        }
        if let id = linkedID(f, i) {
            // A linked picker field: the name when an id was typed, else the id it links to.
            preview = " = " + TextWidth.truncate(id == text.trimmingCharacters(in: .whitespaces) ? buildingName(id) : id, to: 24)
        } else if field.kind == .asset, let a = catalogue.asset(id: text.trimmingCharacters(in: .whitespaces)) {
            preview = " = " + TextWidth.truncate(a.name, to: 24)
        }
        let pw = TextWidth.width(of: preview)
        let (fieldRect, previewRect) = rest.splitRight(min(pw, max(0, rest.width - 8)))
        var state = f.fields[i]
        if !focused { state.setCursor(0); state.scroll = 0 }   // unfocused fields show their start
        state.ensureCursorVisible(width: max(1, fieldRect.width - 2))
        b.fill(Rect(x: fieldRect.x, y: fieldRect.y, width: fieldRect.width, height: 1), style: theme.normal)
        b.put("[", x: fieldRect.x, y: fieldRect.y, style: theme.dim)
        let inside = Rect(x: fieldRect.x + 1, y: fieldRect.y, width: max(0, fieldRect.width - 2), height: 1)
        TextField(state: state, placeholder: focused ? nil : (field.required ? "required" : ""), focused: focused)
            .render(into: &b, area: inside, theme: theme)
        b.put("]", x: fieldRect.maxX - 1, y: fieldRect.y, style: theme.dim)
        if !preview.isEmpty { b.put(preview, x: previewRect.x, y: previewRect.y, style: theme.ok, maxWidth: previewRect.width) }
    }
}

enum FormRow {
    case text([Span])
    case field(Int)
}
