/// The rules of an ACV listing, shared by the store and the forms.

/// Something an officer records on a listing. Dates are raw text (`today`, `1/3/2026`), default today.
public enum ACVAction: Hashable, Sendable {
    /// A new listing: `building`, `nominator` and `nominator-kind` required; `nomination-date` defaults to today.
    case nominate(set: [ACVField: String], note: String)
    /// The council's decision on a nomination.
    case decide(listed: Bool, date: String, reason: String)
    /// The owner's notice of intended disposal (starts the interim moratorium).
    case notifyDisposal(date: String, reason: String)
    /// A community interest group asks to be treated as a bidder (within the interim moratorium).
    case bidRequest(bidder: String, date: String)
    /// Removed from the list before its 5 years (e.g. on review); needs a reason.
    case remove(date: String, reason: String)
    /// Corrects recorded fields.
    case edit(set: [ACVField: String], reason: String)
    case note(String)
    case undo(reason: String)
}

public enum ACVWorkflow {
    /// The actions open to a listing now, for menus: nominate is never here (it makes a new listing).
    public static func actions(for l: ACVListing, today: LocalDate) -> [String] {
        var out: [String] = []
        switch l.status {
        case .nominated: out.append("decide")
        case .listed:
            let p = l.phase(today: today)
            if p != .expired {
                if l.noticeDate == nil || p == .listed { out.append("notify-disposal") }
                if p == .interimMoratorium && l.bidRequestDate == nil { out.append("bid-request") }
                out.append("remove")
            }
        case .notListed, .removed: break
        }
        return out + ["edit", "note", "undo"]
    }

    public static func check(_ action: ACVAction, on l: ACVListing?, lookup: any RecordLookup, today: LocalDate) -> [FieldMessage] {
        do {
            _ = try plan(action, on: l, history: [], lookup: lookup, today: today)
            return []
        } catch {
            return error.messages
        }
    }

    static let fieldOrder = ACVField.allCases.map(\.rawValue)

    static func plan(_ action: ACVAction, on current: ACVListing?, history: [AuditEvent], lookup: any RecordLookup,
                     today: LocalDate) throws(WorkflowError) -> RecordPlan {
        if case .nominate(let set, let note) = action {
            return try planNominate(set, note: note, lookup: lookup, today: today)
        }
        guard let l0 = current else { throw WorkflowError("no such listing") }
        var l = l0
        var invalid: [FieldMessage] = []
        var missing: [String] = []
        var reason = ""
        var changed: Set<ACVField> = []
        let name: String
        var historyNote = ""
        func date(_ raw: String, field: String) -> LocalDate {
            if raw.trimmingCharacters(in: .whitespaces).isEmpty { return today }
            do { return try DateInput.parse(raw, today: today) } catch {
                invalid.append(FieldMessage(field: field, message: error.description))
                return today
            }
        }
        switch action {
        case .nominate: fatalError("handled above")
        case .decide(let listed, let raw, let why):
            name = "decide"
            reason = why
            guard l0.status == .nominated else {
                throw WorkflowError("cannot decide \(l0.id): it was already decided (\(l0.status.label.lowercased()))")
            }
            let d = date(raw, field: "date")
            l[.status] = listed ? ACVStatus.listed.rawValue : ACVStatus.notListed.rawValue
            l[.decisionDate] = d.description
            changed = [.decisionDate]
            historyNote = listed ? "listed until \(ACVRules.listingEnds(listed: d))" : "not listed"
        case .notifyDisposal(let raw, let why):
            name = "notify-disposal"
            reason = why
            guard l0.status == .listed else {
                throw WorkflowError("cannot record a disposal notice on \(l0.id): it is \(l0.status.label.lowercased()), not listed")
            }
            let d = date(raw, field: "date")
            if let old = l0.noticeDate {
                let prot = ACVRules.protectedPeriodEnds(notice: old)
                if d <= prot {
                    throw WorkflowError("cannot record a new disposal notice on \(l0.id)", invalid: [FieldMessage(
                        field: "date", message: "the notice of \(old) protects the sale until \(prot); a new notice is needed only after that")])
                }
            }
            l[.noticeDate] = d.description
            l[.bidRequestDate] = ""
            l[.bidder] = ""
            changed = [.noticeDate]
            historyNote = "owner's notice of intended disposal; interim moratorium until \(ACVRules.interimMoratoriumEnds(notice: d))"
        case .bidRequest(let bidder, let raw):
            name = "bid-request"
            guard let notice = l0.noticeDate, l0.status == .listed else {
                throw WorkflowError("cannot record a request to bid on \(l0.id): no owner's notice of disposal is recorded")
            }
            guard l0.bidRequestDate == nil else {
                throw WorkflowError("cannot record a request to bid on \(l0.id): \(l0.bidder.isEmpty ? "a group" : l0.bidder) already asked on \(l0[.bidRequestDate])")
            }
            let d = date(raw, field: "date")
            let b = bidder.trimmingCharacters(in: .whitespacesAndNewlines)
            if b.isEmpty { missing.append("bidder") }
            l[.bidRequestDate] = d.description
            l[.bidder] = b
            changed = [.bidRequestDate]
            _ = notice
            historyNote = "\(b.isEmpty ? "a group" : b) asks to be treated as a bidder; full moratorium until \(ACVRules.fullMoratoriumEnds(notice: notice))"
        case .remove(let raw, let why):
            name = "remove"
            reason = why
            guard l0.status == .listed else {
                throw WorkflowError("cannot remove \(l0.id): it is \(l0.status.label.lowercased()), not listed")
            }
            if why.trimmingCharacters(in: .whitespaces).isEmpty { missing.append("reason") }
            let d = date(raw, field: "date")
            l[.status] = ACVStatus.removed.rawValue
            l[.removedDate] = d.description
            changed = [.removedDate]
            historyNote = "removed from the list"
        case .edit(let set, let why):
            name = "edit"
            reason = why
            guard !set.isEmpty else { throw WorkflowError("cannot edit \(l0.id): nothing to change; give --set field=value") }
            invalid += parse(set, into: &l, lookup: lookup, today: today)
            changed = Set(set.keys)
        case .note(let text):
            let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !t.isEmpty else { throw WorkflowError("cannot add a note to \(l0.id)", missing: ["text"]) }
            return RecordPlan(action: "note", values: raw(l0), changes: [FieldChange(field: "note", old: "", new: t)], reason: "")
        case .undo(let why):
            let comp = try AuditRules.compensation(history: history, current: raw(l0), notes: l0.notes, entity: l0.id)
            let values = AuditRules.apply(comp.changes, to: raw(l0))
            var p = RecordPlan(action: "undo", values: values, changes: comp.changes,
                               reason: why.isEmpty ? "undo of \(comp.action)" : why, undoes: comp.change)
            var after = l0
            after.values = typed(values)
            if after.historyState != l0.historyState || after.noticeDate != l0.noticeDate || after.bidRequestDate != l0.bidRequestDate {
                p.acvEvent = ACVEvent(assetID: l0.building, date: today, state: after.historyState,
                                      note: "undo of \(comp.action)" + (why.isEmpty ? "" : " — \(why)"))
            }
            return p
        }
        invalid += consistency(l, changed: changed, today: today)
        if !missing.isEmpty || !invalid.isEmpty {
            let verb = name == "bid-request" ? "record a request to bid on" : name == "notify-disposal" ? "record a disposal notice on" : name
            throw WorkflowError("cannot \(verb) \(l0.id)", missing: missing, invalid: invalid)
        }
        let changes = AuditRules.diff(raw(l0), raw(l), order: fieldOrder)
        guard !changes.isEmpty else { throw WorkflowError("cannot \(name) \(l0.id): nothing would change") }
        var p = RecordPlan(action: name, values: raw(l), changes: changes, reason: reason.trimmingCharacters(in: .whitespaces))
        if name != "edit" || l.historyState != l0.historyState {
            let when: LocalDate = switch name {
            case "decide": l.decisionDate ?? today
            case "notify-disposal": l.noticeDate ?? today
            case "bid-request": l.bidRequestDate ?? today
            case "remove": l.removedDate ?? today
            default: today
            }
            let latest = lookup.latestACVDate(of: l.building)
            p.acvEvent = ACVEvent(assetID: l.building, date: max(when, latest ?? when), state: l.historyState,
                                  note: historyNote.isEmpty ? name : historyNote + (p.reason.isEmpty ? "" : " — \(p.reason)"))
        }
        return p
    }

    static func planNominate(_ set: [ACVField: String], note: String, lookup: any RecordLookup,
                             today: LocalDate) throws(WorkflowError) -> RecordPlan {
        var l = ACVListing(id: "")
        var set = set
        if (set[.nominationDate] ?? "").isEmpty { set[.nominationDate] = "today" }
        var invalid: [FieldMessage] = []
        var missing: [String] = []
        let b = (set[.building] ?? "").trimmingCharacters(in: .whitespaces)
        if b.isEmpty { missing.append("building") } else if let a = lookup.assetRef(b) {
            if a.kind != .place { invalid.append(FieldMessage(field: "building", message: "\"\(b)\" is a \(a.kind.label.lowercased()), not a building")) }
            l[.building] = a.id
        } else {
            invalid.append(FieldMessage(field: "building", message: "no building has id \"\(b)\""))
        }
        var rest = set
        rest[.building] = nil
        invalid += parse(rest, into: &l, lookup: lookup, today: today)
        if l.nominator.isEmpty { missing.append("nominator") }
        if (set[.nominatorKind] ?? "").trimmingCharacters(in: .whitespaces).isEmpty { missing.append("nominator-kind") }
        l[.status] = ACVStatus.nominated.rawValue
        if !l.building.isEmpty, let prev = lookup.latestListing(of: l.building) {
            switch prev.status {
            case .nominated:
                invalid.append(FieldMessage(field: "building", message: "\(l.building) is already nominated (\(prev.id)); the decision is due \(prev.timeline.decisionDue.map(\.description) ?? "?")"))
            case .listed:
                if let end = prev.timeline.listingEnds, let n = l.nominationDate,
                   n < end.adding(months: -ACVRules.renominationWindowMonths) {
                    invalid.append(FieldMessage(field: "building", message: "\(l.building) is listed (\(prev.id)) until \(end); it can be renominated from \(end.adding(months: -ACVRules.renominationWindowMonths))"))
                }
            case .notListed, .removed: break
            }
        }
        if let n = l.nominationDate, !l.building.isEmpty, let last = lookup.latestACVDate(of: l.building), n < last {
            invalid.append(FieldMessage(field: "nomination-date", message: "\(l.building)'s ACV history has an entry on \(last); a new nomination cannot be earlier"))
        }
        invalid += consistency(l, changed: Set(set.keys), today: today)
        if !missing.isEmpty || !invalid.isEmpty {
            throw WorkflowError("cannot record the nomination", missing: missing, invalid: invalid, missingReason: "required to nominate")
        }
        var changes = AuditRules.diff([:], raw(l), order: fieldOrder)
        let n = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if !n.isEmpty { changes.append(FieldChange(field: "note", old: "", new: n)) }
        var p = RecordPlan(action: "nominate", values: raw(l), changes: changes, reason: "")
        p.acvEvent = ACVEvent(assetID: l.building, date: l.nominationDate ?? today, state: .nominated,
                              note: "nominated by \(l.nominator); decision due \(l.timeline.decisionDue.map(\.description) ?? "?")")
        return p
    }

    static func parse(_ set: [ACVField: String], into l: inout ACVListing, lookup: any RecordLookup,
                      today: LocalDate) -> [FieldMessage] {
        var out: [FieldMessage] = []
        for (f, raw) in set.sorted(by: { $0.key < $1.key }) {
            let t = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            func bad(_ m: String) { out.append(FieldMessage(field: f.rawValue, message: m)) }
            switch f {
            case .status: bad("the status changes with decide and remove"); continue
            case .note: bad("add notes with note, not --set"); continue
            case .building: bad("a listing's building cannot change; nominate the other building"); continue
            default: break
            }
            if t.isEmpty { l[f] = ""; continue }
            switch f {
            case .nominatorKind:
                guard let k = NominatorKind(loose: t) else {
                    bad("\"\(t)\" is not a kind of nominator; use " + NominatorKind.allCases.map(\.rawValue).joined(separator: ", ")); continue
                }
                l[f] = k.rawValue
            case .nominationDate, .decisionDate, .noticeDate, .bidRequestDate, .removedDate:
                do { l[f] = try DateInput.parse(t, today: today).description } catch { bad(error.description) }
            default:
                l[f] = t
            }
        }
        return out
    }

    static func consistency(_ l: ACVListing, changed: Set<ACVField>, today: LocalDate) -> [FieldMessage] {
        var out: [FieldMessage] = []
        func msg(_ f: ACVField, _ m: String) { out.append(FieldMessage(field: f.rawValue, message: m)) }
        let dateFields: [ACVField] = [.nominationDate, .decisionDate, .noticeDate, .bidRequestDate, .removedDate]
        for f in dateFields where changed.contains(f) {
            if let d = LocalDate(iso: l[f]), d > today { msg(f, "cannot be in the future (\(d))") }
        }
        if l.nominationDate == nil { msg(.nominationDate, "a listing needs its nomination date") }
        if let n = l.nominationDate, let d = l.decisionDate, d < n { msg(.decisionDate, "the decision (\(d)) cannot be before the nomination (\(n))") }
        if l.decisionDate != nil && l.status == .nominated { msg(.decisionDate, "record the decision with decide") }
        if l.noticeDate != nil && !l.wasListed { msg(.noticeDate, "a disposal notice needs a listing") }
        if let x = l.noticeDate, let d = l.decisionDate, x < d { msg(.noticeDate, "the notice (\(x)) cannot be before the listing (\(d))") }
        if let x = l.noticeDate, let end = l.timeline.listingEnds, x > end { msg(.noticeDate, "the listing ended on \(end), before the notice (\(x))") }
        if let b = l.bidRequestDate {
            if let x = l.noticeDate {
                let interim = ACVRules.interimMoratoriumEnds(notice: x)
                if b < x { msg(.bidRequestDate, "the request to bid (\(b)) cannot be before the owner's notice (\(x))") }
                else if b > interim {
                    msg(.bidRequestDate, "the interim moratorium ended on \(interim); a request to bid must come within 6 weeks of the notice (\(x))")
                }
            } else {
                msg(.bidRequestDate, "a request to bid needs an owner's notice of disposal")
            }
        }
        if let r = l.removedDate, let d = l.decisionDate, r < d { msg(.removedDate, "removal (\(r)) cannot be before the listing (\(d))") }
        if l.removedDate != nil && l.status != .removed { msg(.removedDate, "record a removal with remove") }
        return out
    }

    static func raw(_ l: ACVListing) -> [String: String] {
        Dictionary(uniqueKeysWithValues: l.values.map { ($0.key.rawValue, $0.value) })
    }

    static func typed(_ v: [String: String]) -> [ACVField: String] {
        var out: [ACVField: String] = [:]
        for (k, x) in v { if let f = ACVField(rawValue: k) { out[f] = x } }
        return out
    }
}
