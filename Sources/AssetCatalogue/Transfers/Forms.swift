import Foundation

// Terminal-independent descriptions of the forms for transfer cases and ACV listings: which
// fields, of what kind, with what choices, required or not for this action — and a validation
// that runs the very rules the store applies on save, so the app never restates a rule.
//
// A form's values are raw text keyed by field id (what the user typed). `validate` returns
// per-field messages; `CatalogueStore.submit` saves (re-checking everything inside the write
// transaction, with the version the record was read at).

/// One option of a choice field.
public struct FieldChoice: Hashable, Codable, Sendable {
    public var value: String
    public var label: String
    public init(_ value: String, _ label: String) {
        self.value = value
        self.label = label
    }
}

/// One field of a form.
public struct FormField: Hashable, Codable, Sendable {
    /// Id: a `CaseField`/`ACVField` raw value, or `date`, `reason`, `text`, `decision`.
    public var id: String
    public var label: String
    public var kind: FieldKind
    /// For `.choice`: the options (an optional choice may also be left empty).
    public var choices: [FieldChoice]
    /// Required for this action (the app marks it; validation reports it when empty).
    public var required: Bool
    public var help: String
    /// The text the field starts with: the record's current value, or a default such as `today`.
    public var initial: String
    /// Catalogue kinds the field names (chosen with a picker: an asset's or group's id); empty
    /// for other fields.
    public var picks: [AssetKind] = []
    /// With `picks`: a value must name one of them (else "no group named …"); otherwise free
    /// text (a name not in the catalogue) is kept as typed.
    public var mustLink = false

    /// "group", "building": what the field names, for its messages.
    public var picksNoun: String {
        picks.contains(.place) ? "building" : picks.contains(.group) ? "group" : picks.first?.label.lowercased() ?? "asset"
    }

    public init(id: String, label: String, kind: FieldKind, choices: [FieldChoice] = [], required: Bool = false,
                help: String = "", initial: String = "") {
        self.id = id
        self.label = label
        self.kind = kind
        self.choices = choices
        self.required = required
        self.help = help
        self.initial = initial
    }
}

/// What a form does.
public enum FormKind: Hashable, Sendable {
    case newCase
    case editCase
    /// Advance, go back, hold, resume, refuse or withdraw (by target stage).
    case moveCase(CaseStage)
    case noteCase
    case undoCase
    case nominate
    case decide
    case notifyDisposal
    case bidRequest
    case removeListing
    case editListing
    case noteListing
    case undoListing
}

/// A form: its fields, and the record (as read) it changes.
public struct FormSpec: Hashable, Sendable {
    public var kind: FormKind
    public var title: String
    /// "Open case", "Save", "Advance", …
    public var submitLabel: String
    public var fields: [FormField]
    /// The case or listing the form changes, as it was read (its version goes with the save).
    public var transferCase: TransferCase?
    public var listing: ACVListing?

    public var recordID: String? { transferCase?.id ?? listing?.id }
    public var expectedVersion: Int? { transferCase?.version ?? listing?.version }

    public func field(_ id: String) -> FormField? { fields.first { $0.id == id } }

    /// Values to start editing with: each field's initial text.
    public var initialValues: [String: String] {
        Dictionary(uniqueKeysWithValues: fields.map { ($0.id, $0.initial) })
    }

    /// Per-field messages for `values` (empty when the form would save). Messages may name a
    /// field the form does not show (a rule about the record as a whole); show those above the form.
    public func validate(_ values: [String: String], lookup: any RecordLookup, today: LocalDate) -> [FieldMessage] {
        var out: [FieldMessage]
        switch (kind, action(values)) {
        case (.undoCase, _), (.undoListing, _):
            // What undo reverses depends on the audit trail, which only the store reads (inside
            // the save's transaction); it reports "nothing to undo" there.
            out = []
        case (_, .transfer(let a)): out = TransferWorkflow.check(a, on: transferCase, lookup: lookup, today: today)
        case (_, .acv(let a)): out = ACVWorkflow.check(a, on: listing, lookup: lookup, today: today)
        }
        // A picker field that must name a catalogue entry and names none: say so in its words.
        for f in fields where f.mustLink && !f.picks.isEmpty {
            let t = (values[f.id] ?? "").trimmingCharacters(in: .whitespaces)
            guard !t.isEmpty, t != f.initial else { continue }
            if let a = lookup.assetRef(t), f.picks.contains(a.kind) { continue }
            out.removeAll { $0.field == f.id }
            out.append(FieldMessage(field: f.id, message: "no \(f.picksNoun) named \u{201C}\(t)\u{201D}: type part of its name and choose it from the list"))
        }
        for f in fields where f.required && (values[f.id] ?? "").trimmingCharacters(in: .whitespaces).isEmpty
            && !out.contains(where: { $0.field == f.id }) {
            out.append(FieldMessage(field: f.id, message: "required"))
        }
        let order = fields.map(\.id)
        return out.enumerated().sorted { a, b in
            let ia = order.firstIndex(of: a.element.field) ?? -1, ib = order.firstIndex(of: b.element.field) ?? -1
            return (ia, a.offset) < (ib, b.offset)
        }.map(\.element)
    }

    enum AnyAction {
        case transfer(CaseAction)
        case acv(ACVAction)
    }

    /// The action the values describe. Record fields go in only when they differ from the
    /// field's initial text, so untouched fields are not re-saved.
    func action(_ values: [String: String]) -> AnyAction {
        func v(_ id: String) -> String { values[id] ?? "" }
        func changedCase(_ all: Bool = false) -> [CaseField: String] {
            var set: [CaseField: String] = [:]
            for f in fields {
                guard let cf = CaseField(rawValue: f.id), !cf.isWorkflow else { continue }
                let value = values[f.id] ?? f.initial
                if all ? !value.trimmingCharacters(in: .whitespaces).isEmpty : value != f.initial { set[cf] = value }
            }
            return set
        }
        func changedListing(_ all: Bool = false) -> [ACVField: String] {
            var set: [ACVField: String] = [:]
            for f in fields {
                guard let af = ACVField(rawValue: f.id), af != .note, af != .status else { continue }
                let value = values[f.id] ?? f.initial
                if all ? !value.trimmingCharacters(in: .whitespaces).isEmpty : value != f.initial { set[af] = value }
            }
            return set
        }
        switch kind {
        case .newCase: return .transfer(.create(set: changedCase(true), note: v("note")))
        case .editCase: return .transfer(.edit(set: changedCase(), reason: v("reason")))
        case .moveCase(let to): return .transfer(.move(to: to, set: changedCase(), reason: v("reason"), date: v("date"), note: v("note")))
        case .noteCase: return .transfer(.note(v("text")))
        case .undoCase: return .transfer(.undo(reason: v("reason")))
        case .nominate: return .acv(.nominate(set: changedListing(true), note: v("note")))
        case .decide:
            return .acv(.decide(listed: v("decision") != ACVStatus.notListed.rawValue, date: v("date"), reason: v("reason")))
        case .notifyDisposal: return .acv(.notifyDisposal(date: v("date"), reason: v("reason")))
        case .bidRequest: return .acv(.bidRequest(bidder: v("bidder"), date: v("date")))
        case .removeListing: return .acv(.remove(date: v("date"), reason: v("reason")))
        case .editListing: return .acv(.edit(set: changedListing(), reason: v("reason")))
        case .noteListing: return .acv(.note(v("text")))
        case .undoListing: return .acv(.undo(reason: v("reason")))
        }
    }
}

/// Forms for transfer cases.
public enum TransferForms {
    static let tenureChoices = Tenure.allCases.map { FieldChoice($0.rawValue, $0.label) }

    static func field(_ f: CaseField, required: Bool = false, initial: String = "") -> FormField {
        var x = FormField(id: f.rawValue, label: f.label, kind: f.kind,
                          choices: f == .tenureSought || f == .tenureAgreed ? tenureChoices : [],
                          required: required, help: f.help, initial: initial)
        switch f {
        case .building: x.picks = [.place]; x.mustLink = true
        case .applicant: x.picks = [.group, .anchor]; x.mustLink = true
        default: break
        }
        return x
    }

    static func dateField(_ label: String, required: Bool = false, initial: String = "today", help: String) -> FormField {
        FormField(id: "date", label: label, kind: .date, required: required, help: help, initial: initial)
    }

    static func reasonField(required: Bool) -> FormField {
        FormField(id: "reason", label: "Reason", kind: .multiline, required: required,
                  help: required ? "Why: recorded with the change in the case's history." : "Optional: recorded with the change.")
    }

    /// A new case (optionally for a given building).
    public static func newCase(building: String = "", lookup: any RecordLookup) -> FormSpec {
        let owner = lookup.assetRef(building)?.owner?.label ?? ""
        return FormSpec(kind: .newCase, title: "New transfer case", submitLabel: "Open case", fields: [
            field(.building, required: true, initial: building),
            field(.applicant),
            field(.owner, initial: owner),
            field(.tenureSought),
            field(.leadOfficer),
            field(.received, initial: "today"),
            FormField(id: "note", label: "Note", kind: .multiline, help: "Optional first note."),
        ])
    }

    /// Every editable field with its current value; those the current stage requires are marked.
    public static func edit(_ c: TransferCase) -> FormSpec {
        let stage = c.stage == .onHold ? (c.heldStage ?? .enquiry) : c.stage
        let required = Set(stage.required)
        return FormSpec(kind: .editCase, title: "Edit \(c.id)", submitLabel: "Save",
                        fields: CaseField.editable.map { field($0, required: required.contains($0) && c.satisfies($0), initial: c[$0]) }
                            + [reasonField(required: false)],
                        transferCase: c)
    }

    /// A stage move: the fields the target stage needs (current values filled in), the date it
    /// takes effect, and a reason where one is needed. Use `TransferWorkflow.moves(for:)` for
    /// the moves open to the case.
    public static func move(_ c: TransferCase, to target: CaseStage) -> FormSpec {
        let move = TransferWorkflow.moves(for: c).first { $0.to == target }
        var fs: [FormField] = []
        if let kind = move?.kind, kind == .forward || kind == .resume {
            var ids = target.newlyRequired
            for m in c.missing(for: target) where !ids.contains(m) { ids.append(m) }
            if target == .headsOfTerms { ids.insert(.undervalue, at: ids.firstIndex(of: .rent).map { $0 + 1 } ?? ids.count) }
            if target == .completed { ids.append(.reviewDate) }
            for f in CaseField.editable where ids.contains(f) {
                let req = target.required.contains(f) && f != .rent && !(f == .term && c.tenure == .freehold)
                fs.append(field(f, required: req, initial: c[f]))
            }
        }
        fs.append(dateField("Date of the change", initial: "", help: "When it took effect: default today" + (target == .completed ? " (or the completion date)" : "") + "."))
        fs.append(reasonField(required: move?.needsReason ?? false))
        fs.append(FormField(id: "note", label: "Note", kind: .multiline, help: "Optional: added to the case's notes with the move."))
        return FormSpec(kind: .moveCase(target), title: "\(c.id): \(move?.label ?? "Move to \(target.label)")",
                        submitLabel: move?.label ?? "Move", fields: fs, transferCase: c)
    }

    public static func note(_ c: TransferCase) -> FormSpec {
        FormSpec(kind: .noteCase, title: "Note on \(c.id)", submitLabel: "Add note",
                 fields: [FormField(id: "text", label: "Note", kind: .multiline, required: true)], transferCase: c)
    }

    public static func undo(_ c: TransferCase) -> FormSpec {
        FormSpec(kind: .undoCase, title: "Undo the last change to \(c.id)", submitLabel: "Undo",
                 fields: [reasonField(required: false)], transferCase: c)
    }
}

/// Forms for ACV listings.
public enum ACVForms {
    static func field(_ f: ACVField, required: Bool = false, initial: String = "") -> FormField {
        var x = FormField(id: f.rawValue, label: f.label, kind: f.kind,
                          choices: f == .nominatorKind ? NominatorKind.allCases.map { FieldChoice($0.rawValue, $0.label) } : [],
                          required: required, help: f.help, initial: initial)
        switch f {
        case .building: x.picks = [.place]; x.mustLink = true
        // A nominator or bidder may be outside the catalogue ("21 local electors"): offered, not forced.
        case .nominator, .bidder: x.picks = [.group, .anchor]
        default: break
        }
        return x
    }

    public static func nominate(building: String = "") -> FormSpec {
        FormSpec(kind: .nominate, title: "Nomination as an Asset of Community Value", submitLabel: "Record nomination", fields: [
            field(.building, required: true, initial: building),
            field(.nominator, required: true),
            field(.nominatorKind, required: true),
            field(.nominationDate, initial: "today"),
            FormField(id: "note", label: "Note", kind: .multiline, help: "Optional first note."),
        ])
    }

    public static func decide(_ l: ACVListing) -> FormSpec {
        FormSpec(kind: .decide, title: "Decision on \(l.id)", submitLabel: "Record decision", fields: [
            FormField(id: "decision", label: "Decision", kind: .choice,
                      choices: [FieldChoice("listed", "Listed (for 5 years)"), FieldChoice("not-listed", "Not listed")],
                      required: true),
            TransferForms.dateField("Decision date", help: "Default today; due within 8 weeks of the nomination."),
            TransferForms.reasonField(required: false),
        ], listing: l)
    }

    public static func notifyDisposal(_ l: ACVListing) -> FormSpec {
        FormSpec(kind: .notifyDisposal, title: "Owner's notice of intended disposal: \(l.id)", submitLabel: "Record notice", fields: [
            TransferForms.dateField("Notice received", help: "Starts the 6-week interim moratorium and the 18-month protected period."),
            TransferForms.reasonField(required: false),
        ], listing: l)
    }

    public static func bidRequest(_ l: ACVListing) -> FormSpec {
        FormSpec(kind: .bidRequest, title: "Request to be treated as a bidder: \(l.id)", submitLabel: "Record request", fields: [
            field(.bidder, required: true),
            TransferForms.dateField("Request received", help: "Must be within the interim moratorium; the full moratorium then runs 6 months from the notice."),
        ], listing: l)
    }

    public static func remove(_ l: ACVListing) -> FormSpec {
        FormSpec(kind: .removeListing, title: "Remove \(l.id) from the list", submitLabel: "Remove", fields: [
            TransferForms.dateField("Removed on", help: "Default today."),
            TransferForms.reasonField(required: true),
        ], listing: l)
    }

    public static func edit(_ l: ACVListing) -> FormSpec {
        FormSpec(kind: .editListing, title: "Edit \(l.id)", submitLabel: "Save",
                 fields: ACVField.editable.map { field($0, required: $0 == .nominationDate, initial: l[$0]) } + [TransferForms.reasonField(required: false)],
                 listing: l)
    }

    public static func note(_ l: ACVListing) -> FormSpec {
        FormSpec(kind: .noteListing, title: "Note on \(l.id)", submitLabel: "Add note",
                 fields: [FormField(id: "text", label: "Note", kind: .multiline, required: true)], listing: l)
    }

    public static func undo(_ l: ACVListing) -> FormSpec {
        FormSpec(kind: .undoListing, title: "Undo the last change to \(l.id)", submitLabel: "Undo",
                 fields: [TransferForms.reasonField(required: false)], listing: l)
    }
}

/// What a submitted form saved.
public enum FormResult: Hashable, Sendable {
    case transferCase(TransferCase)
    case listing(ACVListing)
}

extension CatalogueStore {
    /// Saves a form: one transaction, checked against the version the form's record was read at
    /// (`ConflictError` if someone saved since), with the same rules `validate` ran. Throws
    /// `WorkflowError` (per-field `messages`), `ConflictError` or `StoreError` (read-only).
    @discardableResult
    public func submit(_ form: FormSpec, values: [String: String], by officer: String, today: LocalDate,
                       now: Date = Date()) throws -> FormResult {
        let empty = form.fields.filter { $0.required && (values[$0.id] ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
        if !empty.isEmpty {
            throw WorkflowError("cannot save \(form.title.lowercased())", missing: empty.map(\.id))
        }
        switch form.action(values) {
        case .transfer(let a):
            if case .create(let set, let note) = a {
                return .transferCase(try createTransferCase(set, note: note, by: officer, today: today, now: now))
            }
            guard let c = form.transferCase else { throw StoreError("the form has no case") }
            return .transferCase(try updateTransferCase(c.id, a, expectedVersion: c.version, by: officer, today: today, now: now))
        case .acv(let a):
            if case .nominate(let set, let note) = a {
                return .listing(try nominateACV(set, note: note, by: officer, today: today, now: now))
            }
            guard let l = form.listing else { throw StoreError("the form has no listing") }
            return .listing(try updateACVListing(l.id, a, expectedVersion: l.version, by: officer, today: today, now: now))
        }
    }
}
