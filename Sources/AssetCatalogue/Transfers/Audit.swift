import Foundation

/// One entry of the append-only audit trail: who changed which field of which case or listing,
/// when, from what to what, and why. Every save writes one event per changed field; a record's
/// `version` is the number of its events. Events are never updated or deleted (the database
/// refuses it); undo writes new, compensating events.
public struct AuditEvent: Hashable, Codable, Sendable {
    /// Global order of events.
    public var seq: Int
    /// `cat-3`, `acv-2`
    public var entity: String
    /// The record's version after this event (1 for its first).
    public var version: Int
    /// Events saved together share a change number (the `seq` of the first of them).
    public var change: Int
    /// ISO 8601 timestamp (UTC).
    public var at: String
    public var by: String
    /// create, derive, edit, advance, back, hold, resume, refuse, withdraw, note, undo, nominate,
    /// decide, notify-disposal, bid-request, remove.
    public var action: String
    public var field: String
    public var old: String
    public var new: String
    public var reason: String
    /// For undo: the change it compensates.
    public var undoes: Int?

    public init(seq: Int, entity: String, version: Int, change: Int, at: String, by: String, action: String,
                field: String, old: String, new: String, reason: String, undoes: Int? = nil) {
        self.seq = seq
        self.entity = entity
        self.version = version
        self.change = change
        self.at = at
        self.by = by
        self.action = action
        self.field = field
        self.old = old
        self.new = new
        self.reason = reason
        self.undoes = undoes
    }

    /// "stage: screening → business-case", "note: + Visited the site", "rent: (empty) → £1,200"
    public var summary: String {
        if field == "note" {
            return new.isEmpty ? "note retracted: \(old)" : "note: \(new)"
        }
        return "\(field): \(old.isEmpty ? "(empty)" : old) → \(new.isEmpty ? "(empty)" : new)"
    }
}

/// One field's change in a save.
public struct FieldChange: Hashable, Codable, Sendable {
    public var field: String
    public var old: String
    public var new: String
    public init(field: String, old: String, new: String) {
        self.field = field
        self.old = old
        self.new = new
    }
}

/// A save refused because someone else saved the record after it was read. Nothing was written.
public struct ConflictError: Error, Hashable, Sendable, CustomStringConvertible {
    public var entity: String
    /// The version the save was based on.
    public var expectedVersion: Int
    /// The version now stored.
    public var currentVersion: Int
    /// The other saves' events, oldest first.
    public var theirChanges: [AuditEvent]

    public init(entity: String, expectedVersion: Int, currentVersion: Int, theirChanges: [AuditEvent]) {
        self.entity = entity
        self.expectedVersion = expectedVersion
        self.currentVersion = currentVersion
        self.theirChanges = theirChanges
    }

    /// Each changed field once: its value when you read the record → its value now, and who changed it.
    public var changedFields: [(field: String, old: String, new: String, by: [String])] {
        var order: [String] = []
        var first: [String: String] = [:], last: [String: String] = [:], who: [String: [String]] = [:]
        for e in theirChanges {
            if first[e.field] == nil { order.append(e.field); first[e.field] = e.old }
            last[e.field] = e.new
            if !(who[e.field] ?? []).contains(e.by) { who[e.field, default: []].append(e.by) }
        }
        return order.map { ($0, first[$0]!, last[$0]!, who[$0]!) }
    }

    public var description: String {
        guard currentVersion > expectedVersion else {
            return "\(entity) is at version \(currentVersion), not \(expectedVersion); nothing was saved — read it again"
        }
        let fields = changedFields.map { f -> String in
            let change = f.field == "note"
                ? (f.new.isEmpty ? "retracted a note" : "added a note")
                : "\(f.field) \(f.old.isEmpty ? "(empty)" : f.old) → \(f.new.isEmpty ? "(empty)" : f.new)"
            return "\(change) (\(f.by.joined(separator: ", ")))"
        }
        let when = theirChanges.last.map { " at \($0.at)" } ?? ""
        return "\(entity) was changed by someone else since you read it (version \(expectedVersion), now \(currentVersion)\(when)): "
            + fields.joined(separator: "; ") + ". Nothing was saved; read \(entity) again and redo your change."
    }
}

/// What a save will write: the record's values after it, the field changes (one audit event each),
/// and the dated history row that keeps the building's transfer or ACV status in step.
struct RecordPlan: Sendable {
    var action: String
    var values: [String: String]
    var changes: [FieldChange]
    var reason: String
    var undoes: Int? = nil
    var transferEvent: TransferEvent? = nil
    var acvEvent: ACVEvent? = nil
    /// For a record derived from an imported history: the history's latest date and who recorded
    /// it, which its audit events keep instead of now and the officer opening the store.
    var at: LocalDate? = nil
    var by: String? = nil

    func stamp(or now: String) -> String { at.map { "\($0)T00:00:00.000Z" } ?? now }
    func officer(or current: String) -> String { by ?? current }
}

enum AuditRules {
    /// The most recent change that is neither an undo nor already undone, and how to compensate
    /// it against the record's current values. Creation cannot be undone.
    static func compensation(history: [AuditEvent], current: [String: String], notes: [RecordNote],
                             entity: String) throws(WorkflowError) -> (change: Int, action: String, changes: [FieldChange]) {
        let undone = Set(history.compactMap(\.undoes))
        let changes = Dictionary(grouping: history, by: \.change)
        let candidates = changes.keys.sorted(by: >).filter { id in
            let evs = changes[id]!
            return !undone.contains(id) && evs.allSatisfy { $0.undoes == nil && $0.action != "undo" }
        }
        guard let id = candidates.first else {
            throw WorkflowError("nothing to undo on \(entity)")
        }
        let events = changes[id]!.sorted { $0.seq < $1.seq }
        if events.contains(where: { $0.action == "create" || $0.action == "derive" || $0.action == "nominate" }) {
            throw WorkflowError("nothing to undo on \(entity): only its creation is left, which cannot be undone"
                                + " (withdraw or close it instead)")
        }
        var out: [FieldChange] = []
        var values = current
        var noteTexts = notes.map(\.text)
        for e in events.reversed() {
            if e.field == "note" {
                if e.new.isEmpty {
                    noteTexts.append(e.old)
                } else {
                    guard let i = noteTexts.lastIndex(of: e.new) else {
                        throw WorkflowError("cannot undo on \(entity): the note it added is no longer there")
                    }
                    noteTexts.remove(at: i)
                }
                out.append(FieldChange(field: "note", old: e.new, new: e.old))
                continue
            }
            let now = values[e.field] ?? ""
            guard now == e.new else {
                throw WorkflowError("cannot undo on \(entity): \(e.field) is \(now.isEmpty ? "(empty)" : now), not \(e.new) as that change left it")
            }
            values[e.field] = e.old
            out.append(FieldChange(field: e.field, old: e.new, new: e.old))
        }
        return (id, events.first!.action, out)
    }

    /// Applies changes to a value map (notes are not values).
    static func apply(_ changes: [FieldChange], to values: [String: String]) -> [String: String] {
        var v = values
        for c in changes where c.field != "note" { v[c.field] = c.new.isEmpty ? nil : c.new }
        return v
    }

    /// The changes that turn `old` into `new`, in `order`.
    static func diff(_ old: [String: String], _ new: [String: String], order: [String]) -> [FieldChange] {
        order.compactMap { f in
            let a = old[f] ?? "", b = new[f] ?? ""
            return a == b ? nil : FieldChange(field: f, old: a, new: b)
        }
    }
}
