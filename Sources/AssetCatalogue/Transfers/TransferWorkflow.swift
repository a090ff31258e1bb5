/// The rules of a transfer case: what each action may change, what each stage needs, and which
/// moves are open. Pure functions of the case, the catalogue look-ups and `today`, shared by the
/// store (which runs them inside the write transaction) and the forms (which run them to show
/// inline messages) — one set of rules.

/// Something an officer does to a case. Values are raw text as typed (`today+14`, `£1,200`,
/// `25y`, `long lease`); the workflow parses them.
public enum CaseAction: Hashable, Sendable {
    /// Opens a case at enquiry. `building` is required; `received` defaults to today and `owner`
    /// to the catalogue's owner of the building.
    case create(set: [CaseField: String], note: String)
    /// Sets fields (not the stage). An edit may not clear a field the current stage requires.
    case edit(set: [CaseField: String], reason: String)
    /// Moves the case: `to` nil is the next stage (or, on hold, the stage it held). Fields in `set`
    /// are saved with the move and count towards its requirements. `date` (raw, default today) is
    /// when the move took effect. A non-empty `note` is added to the case's notes with the move.
    case move(to: CaseStage?, set: [CaseField: String], reason: String, date: String, note: String = "")
    case note(String)
    /// Compensates the last change that is not an undo and not already undone.
    case undo(reason: String)
}

/// A stage change open to a case now.
public struct StageMove: Hashable, Codable, Sendable {
    public enum Kind: String, Codable, Sendable {
        case forward, back, hold, resume, refuse, withdraw
    }
    public var kind: Kind
    public var to: CaseStage
    /// Going back, holding, refusing and withdrawing need a reason.
    public var needsReason: Bool
    /// Fields the move requires (for forward and resume: every field of the target stage).
    public var required: [CaseField]
    /// Of those, the ones now empty: the move is blocked until they are given (they can be given
    /// with the move).
    public var missing: [CaseField]

    /// "Advance to Business case", "Back to Screening", "Put on hold", "Resume at Screening", "Refuse", "Withdraw"
    public var label: String {
        switch kind {
        case .forward: "Advance to \(to.label)"
        case .back: "Back to \(to.label)"
        case .hold: "Put on hold"
        case .resume: "Resume at \(to.label)"
        case .refuse: "Refuse"
        case .withdraw: "Withdraw"
        }
    }
}

public enum TransferWorkflow {
    /// Every move open to the case, forward first. Empty for final cases.
    public static func moves(for c: TransferCase) -> [StageMove] {
        let s = c.stage
        if s.isFinal { return [] }
        var out: [StageMove] = []
        func endings() {
            out.append(StageMove(kind: .refuse, to: .refused, needsReason: true, required: [], missing: []))
            out.append(StageMove(kind: .withdraw, to: .withdrawn, needsReason: true, required: [], missing: []))
        }
        if s == .onHold {
            let held = c.heldStage ?? .enquiry
            out.append(StageMove(kind: .resume, to: held, needsReason: false, required: held.required, missing: c.missing(for: held)))
            endings()
            return out
        }
        if let n = s.next {
            out.append(StageMove(kind: .forward, to: n, needsReason: false, required: n.required, missing: c.missing(for: n)))
        }
        for b in CaseStage.pipeline[..<(s.pipelineIndex ?? 0)].reversed() {
            out.append(StageMove(kind: .back, to: b, needsReason: true, required: [], missing: []))
        }
        out.append(StageMove(kind: .hold, to: .onHold, needsReason: true, required: [], missing: []))
        endings()
        return out
    }

    /// The messages an action would be refused with (empty when it would be saved). For forms.
    public static func check(_ action: CaseAction, on c: TransferCase?, lookup: any RecordLookup,
                             today: LocalDate) -> [FieldMessage] {
        do {
            _ = try plan(action, on: c, history: [], lookup: lookup, today: today)
            return []
        } catch {
            return error.messages
        }
    }

    /// The values a case would have after an action (for previews). Throws what `check` reports.
    public static func preview(_ action: CaseAction, on c: TransferCase?, lookup: any RecordLookup,
                               today: LocalDate) throws(WorkflowError) -> TransferCase {
        let p = try plan(action, on: c, history: [], lookup: lookup, today: today)
        var out = c ?? TransferCase(id: "")
        out.values = [:]
        for (k, v) in p.values { if let f = CaseField(rawValue: k) { out.values[f] = v } }
        return out
    }

    static let fieldOrder = CaseField.allCases.map(\.rawValue)

    static func plan(_ action: CaseAction, on current: TransferCase?, history: [AuditEvent],
                     lookup: any RecordLookup, today: LocalDate) throws(WorkflowError) -> RecordPlan {
        switch action {
        case .create(let set, let note):
            return try planCreate(set, note: note, lookup: lookup, today: today)
        case .edit(let set, let reason):
            guard let c = current else { throw WorkflowError("no such case") }
            return try planEdit(c, set: set, reason: reason, lookup: lookup, today: today)
        case .move(let to, let set, let reason, let date, let note):
            guard let c = current else { throw WorkflowError("no such case") }
            var p = try planMove(c, to: to, set: set, reason: reason, date: date, lookup: lookup, today: today)
            let n = note.trimmingCharacters(in: .whitespacesAndNewlines)
            if !n.isEmpty { p.changes.append(FieldChange(field: "note", old: "", new: n)) }
            return p
        case .note(let text):
            guard let c = current else { throw WorkflowError("no such case") }
            let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !t.isEmpty else { throw WorkflowError("cannot add a note to \(c.id)", missing: ["text"]) }
            return RecordPlan(action: "note", values: raw(c), changes: [FieldChange(field: "note", old: "", new: t)], reason: "")
        case .undo(let reason):
            guard let c = current else { throw WorkflowError("no such case") }
            let comp = try AuditRules.compensation(history: history, current: raw(c), notes: c.notes, entity: c.id)
            let values = AuditRules.apply(comp.changes, to: raw(c))
            var p = RecordPlan(action: "undo", values: values, changes: comp.changes,
                               reason: reason.isEmpty ? "undo of \(comp.action)" : reason, undoes: comp.change)
            if comp.changes.contains(where: { $0.field == CaseField.stage.rawValue || $0.field == CaseField.heldStage.rawValue }) {
                var after = c
                after.values = typed(values)
                p.transferEvent = historyEvent(after, date: today, note: "undo: back to \(after.stage.label.lowercased())"
                                               + (reason.isEmpty ? "" : " — \(reason)"))
            }
            return p
        }
    }

    // MARK: Actions

    static func planCreate(_ set: [CaseField: String], note: String, lookup: any RecordLookup,
                           today: LocalDate) throws(WorkflowError) -> RecordPlan {
        var c = TransferCase(id: "")
        var set = set
        if (set[.received] ?? "").isEmpty { set[.received] = "today" }
        var invalid = parse(set, into: &c, lookup: lookup, today: today)
        if (set[.building] ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw WorkflowError("cannot open a case", missing: ["building"], invalid: invalid, missingReason: "required to open a case")
        }
        if let b = lookup.assetRef(c.building), b.kind == .place {
            if c.owner.isEmpty, let o = b.owner { c[.owner] = o.label }
            if let open = lookup.openCase(of: b.id) {
                invalid.append(FieldMessage(field: "building", message: "\(b.id) already has an open case, \(open.id) (\(open.stage.label.lowercased()))"))
            }
            if let r = c.received, let last = lookup.latestTransferDate(of: b.id), r < last {
                invalid.append(FieldMessage(field: "received",
                                            message: "\(b.id)'s transfer history already has an entry on \(last); a new case cannot start before it"))
            }
        }
        c[.stage] = CaseStage.enquiry.rawValue
        c[.stageSince] = c[.received]
        invalid += consistency(c, changed: Set(set.keys), today: today)
        if !invalid.isEmpty { throw WorkflowError("cannot open a case", invalid: invalid) }
        var changes = AuditRules.diff([:], raw(c), order: fieldOrder)
        let n = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if !n.isEmpty { changes.append(FieldChange(field: "note", old: "", new: n)) }
        var p = RecordPlan(action: "create", values: raw(c), changes: changes, reason: "")
        p.transferEvent = historyEvent(c, date: c.received ?? today, note: "enquiry opened" + (n.isEmpty ? "" : " — \(n)"))
        return p
    }

    static func planEdit(_ c0: TransferCase, set: [CaseField: String], reason: String, lookup: any RecordLookup,
                         today: LocalDate) throws(WorkflowError) -> RecordPlan {
        let summary = "cannot edit \(c0.id)"
        guard !set.isEmpty else { throw WorkflowError(summary + ": nothing to change; give --set field=value") }
        var c = c0
        var invalid = parse(set, into: &c, lookup: lookup, today: today)
        let stageNow = c.stage == .onHold ? (c.heldStage ?? .enquiry) : c.stage
        for f in set.keys.sorted() where !c.satisfies(f) && stageNow.required.contains(f) && c0.satisfies(f) {
            invalid.append(FieldMessage(field: f.rawValue, message: "required at \(stageNow.label.lowercased()); it cannot be cleared"))
        }
        if set.keys.contains(.building), c.building != c0.building, let open = lookup.openCase(of: c.building), open.id != c0.id {
            invalid.append(FieldMessage(field: "building", message: "\(c.building) already has an open case, \(open.id)"))
        }
        invalid += consistency(c, changed: Set(set.keys), today: today)
        if !invalid.isEmpty { throw WorkflowError(summary, invalid: invalid) }
        let changes = AuditRules.diff(raw(c0), raw(c), order: fieldOrder)
        guard !changes.isEmpty else { throw WorkflowError(summary + ": those are already its values; nothing to change") }
        return RecordPlan(action: "edit", values: raw(c), changes: changes, reason: reason)
    }

    static func planMove(_ c0: TransferCase, to target0: CaseStage?, set: [CaseField: String], reason: String, date: String,
                         lookup: any RecordLookup, today: LocalDate) throws(WorkflowError) -> RecordPlan {
        let from = c0.stage
        if from.isFinal {
            throw WorkflowError("cannot move \(c0.id): it is \(from.label.lowercased()), a final stage (undo the last change if that was a mistake)")
        }
        let held = c0.heldStage ?? .enquiry
        let target: CaseStage
        if let t = target0 { target = t } else if from == .onHold { target = held } else { target = from.next! }
        let verb = target.isFinal && target != .completed ? target == .refused ? "refuse" : "withdraw"
            : target == .onHold ? "put on hold" : "advance to \(target.rawValue)"
        var summary = target == .onHold || target == .refused || target == .withdrawn ? "cannot \(verb) \(c0.id)" : "cannot \(verb)"
        let kind: StageMove.Kind
        if target == from {
            throw WorkflowError("cannot move \(c0.id): it is already at \(from.rawValue)")
        } else if target == .refused {
            kind = .refuse
        } else if target == .withdrawn {
            kind = .withdraw
        } else if from == .onHold {
            guard target == held else {
                throw WorkflowError("cannot move \(c0.id) to \(target.rawValue): it is on hold at \(held.rawValue); "
                                    + "resume it (advance with no --to), or refuse or withdraw it")
            }
            kind = .resume
            summary = "cannot resume \(c0.id) at \(held.rawValue)"
        } else if target == .onHold {
            kind = .hold
        } else {
            let fi = from.pipelineIndex!, ti = target.pipelineIndex!
            if ti < fi {
                kind = .back
                summary = "cannot move \(c0.id) back to \(target.rawValue)"
            } else if ti == fi + 1 {
                kind = .forward
            } else {
                throw WorkflowError("cannot advance to \(target.rawValue): stages cannot be skipped; \(c0.id) is at \(from.rawValue), "
                                    + "so the next stage is \(from.next!.rawValue)")
            }
        }
        let needsReason = [.back, .hold, .refuse, .withdraw].contains(kind)
        var c = c0
        var invalid = parse(set, into: &c, lookup: lookup, today: today)
        var missing: [String] = []
        if kind == .forward || kind == .resume {
            missing = c.missing(for: target).map(\.rawValue)
        }
        if needsReason && reason.trimmingCharacters(in: .whitespaces).isEmpty { missing.append("reason") }
        // When the move takes effect.
        var when = today
        if date.trimmingCharacters(in: .whitespaces).isEmpty {
            if target == .completed, let d = c.completionDate, d <= today { when = d }
        } else {
            do { when = try DateInput.parse(date, today: today) } catch {
                invalid.append(FieldMessage(field: "date", message: error.description))
            }
        }
        if when > today { invalid.append(FieldMessage(field: "date", message: "a stage change cannot be dated in the future (\(when))")) }
        if let since = c0.stageSince, when < since {
            invalid.append(FieldMessage(field: "date", message: "\(c0.id) entered \(from.rawValue) on \(since); the move cannot be earlier"))
        }
        if let last = lookup.latestTransferDate(of: c0.building), when < last {
            invalid.append(FieldMessage(field: "date", message: "\(c0.building)'s transfer history has an entry on \(last); the move cannot be earlier"))
        }
        c[.stage] = target.rawValue
        c[.stageSince] = when.description
        switch kind {
        case .hold: c[.heldStage] = from.rawValue
        case .resume: c[.heldStage] = ""
        default: break
        }
        if target == .completed, c.reviewDate == nil, let d = c.completionDate {
            c[.reviewDate] = d.adding(months: 12).description
        }
        invalid += consistency(c, changed: Set(set.keys), today: today)
        if !missing.isEmpty || !invalid.isEmpty {
            throw WorkflowError(summary, missing: missing, invalid: invalid,
                                missingReason: kind == .forward || kind == .resume ? "required to reach \(target.label.lowercased())" : "required")
        }
        let changes = AuditRules.diff(raw(c0), raw(c), order: fieldOrder)
        let action: String = switch kind {
        case .forward: "advance"
        case .back: "back"
        case .hold: "hold"
        case .resume: "resume"
        case .refuse: "refuse"
        case .withdraw: "withdraw"
        }
        var p = RecordPlan(action: action, values: raw(c), changes: changes, reason: reason.trimmingCharacters(in: .whitespaces))
        let what: String = switch kind {
        case .hold: "on hold at \(from.label.lowercased())"
        case .resume: "resumed at \(target.label.lowercased())"
        case .back: "back to \(target.label.lowercased())"
        default: target.label.lowercased()
        }
        p.transferEvent = historyEvent(c, date: when, note: what + (p.reason.isEmpty ? "" : " — \(p.reason)"))
        return p
    }

    // MARK: Values

    /// Parses raw values into canonical ones on `c`; returns what could not be read.
    static func parse(_ set: [CaseField: String], into c: inout TransferCase, lookup: any RecordLookup,
                      today: LocalDate) -> [FieldMessage] {
        var out: [FieldMessage] = []
        for (f, raw) in set.sorted(by: { $0.key < $1.key }) {
            let t = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            func bad(_ m: String) { out.append(FieldMessage(field: f.rawValue, message: m)) }
            if f.isWorkflow {
                bad(f == .note ? "add notes with note, not --set" : "the stage changes only by moving the case (advance)")
                continue
            }
            if t.isEmpty { c[f] = ""; continue }
            switch f {
            case .building:
                guard let a = lookup.assetRef(t) else { bad("no building has id \"\(t)\""); continue }
                guard a.kind == .place else { bad("\"\(t)\" is a \(a.kind.label.lowercased()), not a building"); continue }
                c[f] = a.id
            case .applicant:
                if let a = lookup.assetRef(t) {
                    guard a.kind == .group || a.kind == .anchor else {
                        bad("\"\(t)\" is a \(a.kind.label.lowercased()), not a group"); continue
                    }
                } else if looksLikeID(t) {
                    bad("no group has id \"\(t)\"; give a catalogue group's id or the group's name"); continue
                }
                c[f] = t
            case .tenureSought, .tenureAgreed:
                guard let v = Tenure(loose: t) else {
                    bad("\"\(t)\" is not a tenure; use " + Tenure.allCases.map(\.rawValue).joined(separator: ", ")); continue
                }
                c[f] = v.rawValue
            case .term:
                guard let v = Term.parse(t) else { bad("\"\(t)\" is not a term; write 25 years, 18 months or 1y6m"); continue }
                guard v.months > 0 else { bad("a term must be at least a month"); continue }
                c[f] = v.description
            case .rent, .undervalue:
                guard let v = Money.parse(t) else { bad("\"\(t)\" is not an amount; write £1,200, 1200.50 or peppercorn"); continue }
                c[f] = v.description
            case .received, .targetDate, .completionDate, .reviewDate:
                do { c[f] = try DateInput.parse(t, today: today).description } catch { bad(error.description) }
            case .documents:
                c[f] = CaseValues.documents(t).joined(separator: "; ")
            case .owner, .conditions, .leadOfficer:
                c[f] = t
            case .stage, .heldStage, .stageSince, .note:
                break
            }
        }
        return out
    }

    /// Rules across fields, on the values after a change. Dates are checked against today only
    /// when they were just given.
    static func consistency(_ c: TransferCase, changed: Set<CaseField>, today: LocalDate) -> [FieldMessage] {
        var out: [FieldMessage] = []
        if let tenure = c.tenure {
            if tenure == .freehold, !c[.term].isEmpty {
                out.append(FieldMessage(field: "term", message: "a freehold has no term; leave the term empty"))
            } else if let term = c.term, let why = tenure.check(term) {
                out.append(FieldMessage(field: "term", message: why))
            }
        }
        if changed.contains(.received), let r = c.received, r > today {
            out.append(FieldMessage(field: "received", message: "an enquiry cannot be received in the future (\(r))"))
        }
        if changed.contains(.completionDate), let d = c.completionDate, d > today {
            out.append(FieldMessage(field: "completion-date", message: "completion cannot be in the future (\(d)); set it when it happens"))
        }
        if let d = c.completionDate, let r = c.received, d < r {
            out.append(FieldMessage(field: "completion-date", message: "completion (\(d)) cannot be before the enquiry (\(r))"))
        }
        if let t = c.targetDate, let r = c.received, t < r {
            out.append(FieldMessage(field: "target-date", message: "the target (\(t)) cannot be before the enquiry (\(r))"))
        }
        if let v = c.reviewDate, let d = c.completionDate, v < d {
            out.append(FieldMessage(field: "review-date", message: "the review (\(v)) cannot be before completion (\(d))"))
        }
        return out
    }

    static func looksLikeID(_ t: String) -> Bool {
        guard let dash = t.firstIndex(of: "-"), dash != t.startIndex else { return false }
        return ["grp", "act", "pl", "anc"].contains(String(t[..<dash]))
            && t.allSatisfy { $0.isLowercase && $0.isASCII || $0.isASCIIDigitChar || $0 == "-" }
    }

    static func raw(_ c: TransferCase) -> [String: String] {
        Dictionary(uniqueKeysWithValues: c.values.map { ($0.key.rawValue, $0.value) })
    }

    static func typed(_ v: [String: String]) -> [CaseField: String] {
        var out: [CaseField: String] = [:]
        for (k, x) in v { if let f = CaseField(rawValue: k) { out[f] = x } }
        return out
    }

    /// The dated history row that keeps the building's transfer status in step with the case.
    static func historyEvent(_ c: TransferCase, date: LocalDate, note: String) -> TransferEvent {
        let state: TransferState
        var stage: TransferStage?
        switch c.stage {
        case .enquiry: state = .enquiry
        case .completed: state = .transferred
        case .refused: state = .refused
        case .withdrawn: state = .withdrawn
        case .onHold:
            let h = c.heldStage ?? .enquiry
            state = h == .enquiry ? .enquiry : .inProgress
            stage = h == .enquiry ? nil : h.transferStage
        default:
            state = .inProgress
            stage = c.stage.transferStage
        }
        return TransferEvent(assetID: c.building, date: date, state: state, stage: stage, tenure: c.tenure, note: note)
    }
}
