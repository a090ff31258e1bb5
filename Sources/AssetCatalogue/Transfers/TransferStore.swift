import Foundation
import GRDB

// Storing transfer cases and ACV listings: one SQLite transaction per save, a version check
// against the version the caller read, one audit event per changed field, and the building's
// dated history kept in step — all or nothing.

/// Which kind of record a table holds.
enum RecordTable: Sendable {
    case cases, listings

    var name: String { self == .cases ? "transfer_case" : "acv_listing" }
    var entityType: String { self == .cases ? "case" : "listing" }
    var prefix: String { self == .cases ? "cat" : "acv" }
    var noun: String { self == .cases ? "transfer case" : "ACV listing" }
}

/// A record as stored: canonical values, notes, version.
struct StoredRecord: Sendable {
    var id: String
    var version: Int
    var values: [String: String]
    var notes: [RecordNote]

    var asCase: TransferCase {
        TransferCase(id: id, version: version, values: TransferWorkflow.typed(values), notes: notes)
    }
    var asListing: ACVListing {
        ACVListing(id: id, version: version, values: ACVWorkflow.typed(values), notes: notes)
    }
}

extension CatalogueStore {
    // MARK: Schema

    static func migrateV3(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE transfer_case (
                number INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                building TEXT NOT NULL REFERENCES asset(id),
                status TEXT NOT NULL,              -- the stage
                version INTEGER NOT NULL CHECK (version >= 1),
                fields TEXT NOT NULL,              -- JSON object: field id → canonical text
                notes TEXT NOT NULL DEFAULT '[]',  -- JSON array of {at, by, text}
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                updated_by TEXT NOT NULL
            );
            CREATE INDEX transfer_case_building ON transfer_case(building);
            CREATE TABLE acv_listing (
                number INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                building TEXT NOT NULL REFERENCES asset(id),
                status TEXT NOT NULL,              -- nominated, listed, not-listed, removed
                version INTEGER NOT NULL CHECK (version >= 1),
                fields TEXT NOT NULL,
                notes TEXT NOT NULL DEFAULT '[]',
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                updated_by TEXT NOT NULL
            );
            CREATE INDEX acv_listing_building ON acv_listing(building);
            CREATE TABLE audit_event (
                seq INTEGER PRIMARY KEY,
                entity_type TEXT NOT NULL CHECK (entity_type IN ('case', 'listing')),
                entity TEXT NOT NULL,
                version INTEGER NOT NULL,
                change INTEGER NOT NULL,
                at TEXT NOT NULL,
                by TEXT NOT NULL,
                action TEXT NOT NULL,
                field TEXT NOT NULL,
                old TEXT NOT NULL,
                new TEXT NOT NULL,
                reason TEXT NOT NULL DEFAULT '',
                undoes INTEGER,
                UNIQUE (entity_type, entity, version)
            );
            CREATE INDEX audit_event_entity ON audit_event(entity, seq);
            CREATE TRIGGER audit_event_is_append_only_update BEFORE UPDATE ON audit_event
                BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
            CREATE TRIGGER audit_event_is_append_only_delete BEFORE DELETE ON audit_event
                BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
            """)
    }

    // MARK: Reading

    /// Every transfer case, oldest first.
    public func transferCases() throws -> [TransferCase] {
        try reader.read { db in try CatalogueStore.records(.cases, db).map(\.asCase) }
    }

    /// Every ACV listing, oldest first.
    public func acvListings() throws -> [ACVListing] {
        try reader.read { db in try CatalogueStore.records(.listings, db).map(\.asListing) }
    }

    /// One case by id (`cat-3`, `3`) or by building id (its open case, else its latest).
    public func transferCase(_ ref: String) throws -> TransferCase {
        try reader.read { db in try CatalogueStore.record(.cases, ref: ref, db).asCase }
    }

    /// One listing by id (`acv-2`, `2`) or by building id (its latest).
    public func acvListing(_ ref: String) throws -> ACVListing {
        try reader.read { db in try CatalogueStore.record(.listings, ref: ref, db).asListing }
    }

    /// The audit trail of one case or listing (by id), oldest first.
    public func auditHistory(of id: String) throws -> [AuditEvent] {
        try reader.read { db in try CatalogueStore.events(db, entity: id.lowercased()) }
    }

    /// The whole audit trail, oldest first (for export and checks).
    public func auditTrail() throws -> [AuditEvent] {
        try reader.read { db in try CatalogueStore.events(db, entity: nil) }
    }

    // MARK: Writing

    /// Opens a transfer case at enquiry. One transaction: the case, its audit events (one per
    /// field given) and the building's "enquiry" history row.
    @discardableResult
    public func createTransferCase(_ set: [CaseField: String], note: String = "", by officer: String,
                                   today: LocalDate, now: Date = Date()) throws -> TransferCase {
        let id = try perform(.cases, id: nil, expectedVersion: nil, officer: officer, now: now) { _, _, lookup in
            try TransferWorkflow.plan(.create(set: set, note: note), on: nil, history: [], lookup: lookup, today: today)
        }
        return try transferCase(id)
    }

    /// Edits, moves, notes or undoes on a case, if it is still at `expectedVersion` (the version
    /// the caller read); otherwise throws `ConflictError` naming what the other save changed.
    @discardableResult
    public func updateTransferCase(_ id: String, _ action: CaseAction, expectedVersion: Int, by officer: String,
                                   today: LocalDate, now: Date = Date()) throws -> TransferCase {
        if case .create = action { throw StoreError("use createTransferCase to open a case") }
        let saved = try perform(.cases, id: id, expectedVersion: expectedVersion, officer: officer, now: now) { cur, history, lookup in
            try TransferWorkflow.plan(action, on: cur!.asCase, history: try history(), lookup: lookup, today: today)
        }
        return try transferCase(saved)
    }

    /// Records a nomination as a new listing.
    @discardableResult
    public func nominateACV(_ set: [ACVField: String], note: String = "", by officer: String,
                            today: LocalDate, now: Date = Date()) throws -> ACVListing {
        let id = try perform(.listings, id: nil, expectedVersion: nil, officer: officer, now: now) { _, _, lookup in
            try ACVWorkflow.plan(.nominate(set: set, note: note), on: nil, history: [], lookup: lookup, today: today)
        }
        return try acvListing(id)
    }

    /// Decides, records notices and requests to bid, removes, edits, notes or undoes on a
    /// listing still at `expectedVersion`.
    @discardableResult
    public func updateACVListing(_ id: String, _ action: ACVAction, expectedVersion: Int, by officer: String,
                                 today: LocalDate, now: Date = Date()) throws -> ACVListing {
        if case .nominate = action { throw StoreError("use nominateACV to record a nomination") }
        let saved = try perform(.listings, id: id, expectedVersion: expectedVersion, officer: officer, now: now) { cur, history, lookup in
            try ACVWorkflow.plan(action, on: cur!.asListing, history: try history(), lookup: lookup, today: today)
        }
        return try acvListing(saved)
    }

    /// The one write path: inside a single IMMEDIATE transaction, reads the record, checks its
    /// version, plans the change with the workflow's rules against the database as it is now, and
    /// writes the record, one audit event per changed field and the history row. Any error rolls
    /// everything back.
    func perform(_ table: RecordTable, id ref: String?, expectedVersion: Int?, officer: String, now: Date,
                 plan: (StoredRecord?, () throws -> [AuditEvent], DBLookup) throws -> RecordPlan) throws -> String {
        let w = try requireWriter()
        let stamp = CatalogueStore.timestamp(now)
        return try w.write { db in
            var current: StoredRecord?
            if let ref {
                let rec = try CatalogueStore.record(table, ref: ref, db)
                if let expectedVersion, rec.version != expectedVersion {
                    let theirs = try CatalogueStore.events(db, entity: rec.id).filter { $0.version > expectedVersion }
                    throw ConflictError(entity: rec.id, expectedVersion: expectedVersion, currentVersion: rec.version,
                                        theirChanges: theirs)
                }
                current = rec
            }
            let id = current?.id
            let p = try plan(current, { try CatalogueStore.events(db, entity: id ?? "") }, DBLookup(db: db))
            return try CatalogueStore.commit(p, table: table, current: current, officer: officer, stamp: stamp, db)
        }
    }

    /// Writes a planned change (inside the caller's transaction).
    /// A record's notes after `changes`: a "note" change adds its new text, or removes its old one.
    static func notes(_ notes: [RecordNote], after changes: [FieldChange], officer: String, stamp: String) -> [RecordNote] {
        var notes = notes
        for c in changes where c.field == "note" {
            if !c.new.isEmpty { notes.append(RecordNote(at: stamp, by: officer, text: c.new)) }
            else if let j = notes.lastIndex(where: { $0.text == c.old }) { notes.remove(at: j) }
        }
        return notes
    }

    static func commit(_ p: RecordPlan, table: RecordTable, current: StoredRecord?, officer: String, stamp: String,
                       _ db: Database) throws -> String {
        guard !p.changes.isEmpty else { throw StoreError("nothing to save") }
        let id: String
        if let current { id = current.id } else {
            let n = (try Int.fetchOne(db, sql: "SELECT max(number) FROM \(table.name)") ?? 0) + 1
            id = "\(table.prefix)-\(n)"
        }
        let base = current?.version ?? 0
        let firstSeq = (try Int.fetchOne(db, sql: "SELECT max(seq) FROM audit_event") ?? 0) + 1
        let insert = try db.makeStatement(sql: """
            INSERT INTO audit_event (seq, entity_type, entity, version, change, at, by, action, field, old, new, reason, undoes)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        for (i, c) in p.changes.enumerated() {
            try insert.execute(arguments: [firstSeq + i, table.entityType, id, base + i + 1, firstSeq, stamp, officer, p.action,
                                           c.field, c.old, c.new, p.reason, p.undoes])
        }
        let notes = CatalogueStore.notes(current?.notes ?? [], after: p.changes, officer: officer, stamp: stamp)
        let version = base + p.changes.count
        let fields = try json(p.values)
        let notesJSON = String(decoding: try JSONEncoder.sorted.encode(notes), as: UTF8.self)
        let building = p.values["building"] ?? ""
        let status = p.values[table == .cases ? "stage" : "status"] ?? ""
        if let current {
            try db.execute(sql: """
                UPDATE \(table.name) SET building = ?, status = ?, version = ?, fields = ?, notes = ?, updated_at = ?, updated_by = ?
                WHERE id = ? AND version = ?
                """, arguments: [building, status, version, fields, notesJSON, stamp, officer, id, current.version])
            guard db.changesCount == 1 else { throw StoreError("\(id) changed during the save; nothing was saved") }
        } else {
            let number = Int(id.split(separator: "-").last!)!
            try db.execute(sql: """
                INSERT INTO \(table.name) (number, id, building, status, version, fields, notes, created_at, created_by, updated_at, updated_by)
                VALUES (?,?,?,?,?,?,?,?,?,?,?)
                """, arguments: [number, id, building, status, version, fields, notesJSON, stamp, officer, stamp, officer])
        }
        if let e = p.transferEvent {
            try db.execute(sql: """
                INSERT INTO transfer_event (asset, date, state, stage, tenure, note, recorded_at, recorded_by) VALUES (?,?,?,?,?,?,?,?)
                """, arguments: [e.assetID, e.date.description, e.state.rawValue, e.stage?.rawValue, e.tenure?.rawValue,
                                 "\(id): \(e.note)", stamp, officer])
        }
        if let e = p.acvEvent {
            try db.execute(sql: """
                INSERT INTO acv_event (asset, date, state, note, recorded_at, recorded_by) VALUES (?,?,?,?,?,?)
                """, arguments: [e.assetID, e.date.description, e.state.rawValue, "\(id): \(e.note)", stamp, officer])
        }
        return id
    }

    // MARK: Rows

    static func records(_ table: RecordTable, _ db: Database, where clause: String = "", arguments: StatementArguments = []) throws -> [StoredRecord] {
        let decoder = JSONDecoder()  // one for all the rows: making one per row costs more than the decoding
        return try Row.fetchAll(db, sql: "SELECT id, version, fields, notes FROM \(table.name) \(clause) ORDER BY number", arguments: arguments)
            .map { r in
                let notes: String = r[3]
                return StoredRecord(id: r[0], version: r[1], values: try decodeFields(r[2], decoder),
                                    notes: notes == "[]" ? [] : try decoder.decode([RecordNote].self, from: Data(notes.utf8)))
            }
    }

    /// By id (`cat-3`), number (`3`) or building id (open case first, else the latest).
    static func record(_ table: RecordTable, ref: String, _ db: Database) throws -> StoredRecord {
        let t = ref.trimmingCharacters(in: .whitespaces).lowercased()
        let id = t.allSatisfy(\.isASCIIDigitChar) && !t.isEmpty ? "\(table.prefix)-\(t)" : t
        if let r = try records(table, db, where: "WHERE id = ?", arguments: [id]).first { return r }
        let byBuilding = try records(table, db, where: "WHERE building = ?", arguments: [t])
        if table == .cases, let open = byBuilding.last(where: { $0.asCase.stage.isOpen }) { return open }
        if let last = byBuilding.last { return last }
        throw StoreError("no \(table.noun) \"\(ref)\"; give its id (\(table.prefix)-1, or just 1) or its building's id")
    }

    static func events(_ db: Database, entity: String?) throws -> [AuditEvent] {
        let sql = """
            SELECT seq, entity, version, change, at, by, action, field, old, new, reason, undoes FROM audit_event
            \(entity == nil ? "" : "WHERE entity = ?") ORDER BY seq
            """
        return try Row.fetchAll(db, sql: sql, arguments: entity.map { [$0] } ?? []).map { r in
            AuditEvent(seq: r[0], entity: r[1], version: r[2], change: r[3], at: r[4], by: r[5], action: r[6],
                       field: r[7], old: r[8], new: r[9], reason: r[10], undoes: r[11])
        }
    }

    static func decodeFields(_ text: String, _ decoder: JSONDecoder = JSONDecoder()) throws -> [String: String] {
        try decoder.decode([String: String].self, from: Data(text.utf8))
    }

    static func json(_ values: [String: String]) throws -> String {
        String(decoding: try JSONEncoder.sorted.encode(values), as: UTF8.self)
    }

    static func timestamp(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: d)
    }

    // MARK: Checks

    /// SQLite's `PRAGMA integrity_check`: `["ok"]` for a sound file.
    public func integrityCheck() throws -> [String] {
        try reader.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// Checks every case and listing against its audit trail: its version equals its number of
    /// events (numbered 1…n), and replaying the events gives exactly its stored values and notes.
    /// Returns one line per problem (empty when all is well).
    public func verifyTransferRecords() throws -> [String] {
        try reader.read { db in
            var problems: [String] = []
            let all = Dictionary(grouping: try CatalogueStore.events(db, entity: nil), by: \.entity)
            var seen = Set<String>()
            for table in [RecordTable.cases, .listings] {
                for r in try CatalogueStore.records(table, db) {
                    seen.insert(r.id)
                    let evs = (all[r.id] ?? []).sorted { $0.version < $1.version }
                    if r.version != evs.count { problems.append("\(r.id): version \(r.version) but \(evs.count) audit events") }
                    if evs.map(\.version) != Array(stride(from: 1, through: evs.count, by: 1)) {
                        problems.append("\(r.id): audit versions are not 1…\(evs.count)")
                    }
                    var values: [String: String] = [:], notes: [String] = []
                    for e in evs {
                        if e.field == "note" {
                            if !e.new.isEmpty { notes.append(e.new) } else if let i = notes.lastIndex(of: e.old) { notes.remove(at: i) }
                        } else {
                            if (values[e.field] ?? "") != e.old {
                                problems.append("\(r.id) v\(e.version): \(e.field) was \(values[e.field] ?? "(empty)"), event says \(e.old)")
                            }
                            values[e.field] = e.new.isEmpty ? nil : e.new
                        }
                    }
                    if values != r.values { problems.append("\(r.id): stored values differ from its audit trail") }
                    if notes != r.notes.map(\.text) { problems.append("\(r.id): stored notes differ from its audit trail") }
                }
            }
            for id in all.keys where !seen.contains(id) { problems.append("\(id): audit events for a record that does not exist") }
            return problems.sorted()
        }
    }

    // MARK: Records from the imported histories

    /// Once per database (after the default catalogue is seeded, or when an older database is
    /// first opened with this version): turns each building's imported history into records —
    /// an open transfer case for every building whose latest transfer event is an enquiry or in
    /// progress, and an ACV listing for the latest nomination of every building with ACV history.
    /// Finished transfers stay history only. Nothing is added to the histories themselves.
    @discardableResult
    public func deriveTransferRecordsIfNeeded(by officer: String, now: Date = Date()) throws -> (cases: Int, listings: Int) {
        let w = try requireWriter()
        if try meta("transfer-records-derived") != nil { return (0, 0) }   // the usual case: no write lock taken
        let stamp = CatalogueStore.timestamp(now)
        return try w.write { db in
            if try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'transfer-records-derived'") != nil { return (0, 0) }
            var transfers: [String: [TransferEvent]] = [:]
            var recordedBy = (transfers: [String: String](), acv: [String: String]())
            for r in try Row.fetchAll(db, sql: "SELECT asset, date, state, stage, tenure, note, recorded_by FROM transfer_event ORDER BY seq") {
                guard let d = LocalDate(iso: r[1]), let s = TransferState(rawValue: r[2]) else { continue }
                if let by: String = r[6], !by.isEmpty { recordedBy.transfers[r[0]] = by }
                let stage: String? = r[3], tenure: String? = r[4]
                transfers[r[0], default: []].append(TransferEvent(assetID: r[0], date: d, state: s, stage: stage.flatMap(TransferStage.init(rawValue:)),
                                                                  tenure: tenure.flatMap(Tenure.init(rawValue:)), note: r[5]))
            }
            var acv: [String: [ACVEvent]] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT asset, date, state, note, recorded_by FROM acv_event ORDER BY seq") {
                guard let d = LocalDate(iso: r[1]), let s = ACVState(rawValue: r[2]) else { continue }
                if let by: String = r[4], !by.isEmpty { recordedBy.acv[r[0]] = by }
                acv[r[0], default: []].append(ACVEvent(assetID: r[0], date: d, state: s, note: r[3]))
            }
            let plans = CatalogueStore.derivedRecordPlans(transfers: transfers, acv: acv, lookup: DBLookup(db: db), recordedBy: recordedBy)
            for p in plans.cases {
                _ = try CatalogueStore.commit(p, table: .cases, current: nil, officer: p.officer(or: officer), stamp: p.stamp(or: stamp), db)
            }
            for p in plans.listings {
                _ = try CatalogueStore.commit(p, table: .listings, current: nil, officer: p.officer(or: officer), stamp: p.stamp(or: stamp), db)
            }
            let made = (cases: plans.cases.count, listings: plans.listings.count)
            try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('transfer-records-derived', ?)",
                           arguments: ["\(stamp): \(made.cases) cases, \(made.listings) listings"])
            return made
        }
    }

    /// What `deriveTransferRecordsIfNeeded` saves, from the buildings' histories: a plan per case,
    /// then per listing, each for a building that has none yet (per `lookup`). A pure function,
    /// so a first launch can show the records while they are being saved.
    static func derivedRecordPlans(transfers: [String: [TransferEvent]], acv: [String: [ACVEvent]],
                                   lookup: any RecordLookup,
                                   recordedBy: (transfers: [String: String], acv: [String: String]) = ([:], [:]))
        -> (cases: [RecordPlan], listings: [RecordPlan]) {
        var plans = (cases: [RecordPlan](), listings: [RecordPlan]())
        let reason = "derived from the imported history"
        for building in transfers.keys.sorted() {
            let events = Catalogue.byDate(transfers[building]!, \.date)
            guard let last = events.last, last.state == .enquiry || last.state == .inProgress,
                  lookup.openCase(of: building) == nil else { continue }
            let episode = Array(events.reversed().prefix { $0.state == .enquiry || $0.state == .inProgress }.reversed())
            var values: [String: String] = [
                "building": building,
                "stage": last.state == .enquiry ? CaseStage.enquiry.rawValue : (last.stage?.rawValue ?? CaseStage.enquiry.rawValue),
                "stage-since": last.date.description,
                "received": episode.first!.date.description,
            ]
            if let o = lookup.assetRef(building)?.owner { values["owner"] = o.label }
            if let t = episode.compactMap(\.tenure).last { values["tenure-sought"] = t.rawValue }
            var changes = AuditRules.diff([:], values, order: TransferWorkflow.fieldOrder)
            changes.append(FieldChange(field: "note", old: "", new:
                "Derived from the imported transfer history (\(episode.count) \(episode.count == 1 ? "entry" : "entries") since \(episode.first!.date)); latest, \(last.date): \(last.note)"))
            plans.cases.append(RecordPlan(action: "derive", values: values, changes: changes, reason: reason,
                                          at: last.date, by: recordedBy.transfers[building]))
        }
        for building in acv.keys.sorted() where lookup.latestListing(of: building) == nil {
            let events = Catalogue.byDate(acv[building]!, \.date)
            let start = events.lastIndex { $0.state == .nominated } ?? 0
            let episode = Array(events[start...])
            var l = ACVListing(id: "")
            l[.building] = building
            l[.status] = ACVStatus.nominated.rawValue
            l[.nominationDate] = episode[0].date.description
            let first = episode[0]
            l[.nominator] = first.state == .nominated ? CatalogueStore.nominator(in: first.note) : "not recorded"
            if first.note.lowercased().contains("21 local electors") { l[.nominatorKind] = NominatorKind.localElectors.rawValue }
            for e in episode.dropFirst(first.state == .nominated ? 1 : 0) {
                switch e.state {
                case .listed, .notListed:
                    l[.status] = e.state == .listed ? ACVStatus.listed.rawValue : ACVStatus.notListed.rawValue
                    l[.decisionDate] = e.date.description
                case .disposalNotified:
                    if let n = l.noticeDate, e.date <= ACVRules.protectedPeriodEnds(notice: n) {
                        if l.bidRequestDate == nil, e.date <= ACVRules.interimMoratoriumEnds(notice: n) {
                            l[.bidRequestDate] = e.date.description
                            l[.bidder] = CatalogueStore.bidder(in: e.note)
                        }
                    } else {
                        l[.noticeDate] = e.date.description
                        l[.bidRequestDate] = ""
                        l[.bidder] = ""
                    }
                case .removed:
                    l[.status] = ACVStatus.removed.rawValue
                    l[.removedDate] = e.date.description
                case .nominated, .none: break
                }
            }
            let values = ACVWorkflow.raw(l)
            var changes = AuditRules.diff([:], values, order: ACVWorkflow.fieldOrder)
            changes.append(FieldChange(field: "note", old: "", new:
                "Derived from the imported ACV history (\(episode.count) \(episode.count == 1 ? "entry" : "entries") since \(episode[0].date))."))
            plans.listings.append(RecordPlan(action: "derive", values: values, changes: changes, reason: reason,
                                             at: episode.last!.date, by: recordedBy.acv[building]))
        }
        return plans
    }

    /// The records `commit` makes of `plans` in a table that holds none yet, numbered from 1.
    static func newRecords(_ plans: [RecordPlan], table: RecordTable, officer: String, stamp: String) -> [StoredRecord] {
        plans.enumerated().map { k, p in
            StoredRecord(id: "\(table.prefix)-\(k + 1)", version: p.changes.count, values: p.values,
                         notes: notes([], after: p.changes, officer: p.officer(or: officer), stamp: p.stamp(or: stamp)))
        }
    }

    /// "Nominated by a supporters' group." → "a supporters' group"
    static func nominator(in note: String) -> String {
        guard let r = note.range(of: " by ") else { return "not recorded" }
        let rest = note[r.upperBound...]
        let text = rest.split(separator: ".").first.map(String.init) ?? String(rest)
        return text.trimmingCharacters(in: .whitespaces).isEmpty ? "not recorded" : text.trimmingCharacters(in: .whitespaces)
    }

    /// "Residents' group asks to be treated as a bidder; …" → "Residents' group"
    static func bidder(in note: String) -> String {
        guard let r = note.range(of: " asks") else { return "not recorded" }
        return String(note[..<r.lowerBound])
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }
}

/// Look-ups against the database, inside a write transaction.
struct DBLookup: RecordLookup {
    let db: Database

    func assetRef(_ id: String) -> AssetRef? {
        guard let r = try? Row.fetchOne(db, sql: "SELECT id, kind, name, owner FROM asset WHERE id = ?", arguments: [id]) else { return nil }
        let owner: String? = r[3]
        return AssetRef(id: r[0], kind: AssetKind(rawValue: r[1]) ?? .group, name: r[2], owner: owner.flatMap(OwnerType.init(rawValue:)))
    }

    func latestTransferDate(of building: String) -> LocalDate? {
        (try? String.fetchOne(db, sql: "SELECT max(date) FROM transfer_event WHERE asset = ?", arguments: [building]))
            .flatMap { $0 }.flatMap(LocalDate.init(iso:))
    }

    func latestACVDate(of building: String) -> LocalDate? {
        (try? String.fetchOne(db, sql: "SELECT max(date) FROM acv_event WHERE asset = ?", arguments: [building]))
            .flatMap { $0 }.flatMap(LocalDate.init(iso:))
    }

    func openCase(of building: String) -> TransferCase? {
        let rows = (try? CatalogueStore.records(.cases, db, where: "WHERE building = ? AND status NOT IN ('completed', 'refused', 'withdrawn')",
                                                arguments: [building])) ?? []
        return rows.last?.asCase
    }

    func latestListing(of building: String) -> ACVListing? {
        ((try? CatalogueStore.records(.listings, db, where: "WHERE building = ?", arguments: [building])) ?? []).last?.asListing
    }
}
