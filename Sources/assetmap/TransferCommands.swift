import ArgumentParser
import AssetCatalogue
import Foundation
import TermUI

// `assetmap transfer …` and `assetmap acv …`: community asset transfer cases and Assets of
// Community Value, with an audit trail. Every write is one transaction, checked against the
// version read; every read command takes --json.

// MARK: Shared plumbing

/// Today's date for derived values: `ASSETMAP_TODAY` (YYYY-MM-DD, for tests and demos) or the clock.
enum Clock {
    static var today: LocalDate {
        if let t = ProcessInfo.processInfo.environment["ASSETMAP_TODAY"], let d = LocalDate(iso: t) { return d }
        return LocalDate.today()
    }
}

/// Who makes a change, and the version it was read at.
struct WriteOptions: ParsableArguments {
    @Option(name: .long, help: "Who is making the change, for the audit trail (default: your login name).")
    var officer: String?

    @Option(name: .customLong("expect-version"),
            help: ArgumentHelp("Save only if the record is still at this version (from show --json); otherwise fail, naming what changed.", valueName: "n"))
    var expectVersion: Int?

    var who: String { officer ?? CatalogueStore.loginName }
}

/// Turns library errors into messages and exit codes: 1 for refusals, 3 for a conflict.
func recordErrors<T>(_ body: () throws -> T) throws -> T {
    do { return try reportingErrors(body) }
    catch let e as ConflictError {
        printError("Error: " + e.description)
        throw ExitCode(3)
    }
    catch let e as WorkflowError { throw CLIError(e.description) }
    catch let e as DateInputError { throw CLIError(e.description) }
}

/// Opens the catalogue and requires a writable store.
func openWritable(_ options: CatalogueOptions) throws -> (CatalogueStore, Catalogue) {
    let (store, cat) = try options.open()
    guard let store else { throw CLIError("no catalogue database yet; run once without --read-only") }
    return (store, cat)
}

/// Parses `field=value` pairs against a field enum.
func parseSets<F: RawRepresentable & CaseIterable & Hashable>(_ items: [String], allowed: [F]) throws -> [F: String] where F.RawValue == String {
    var out: [F: String] = [:]
    for item in items {
        guard let eq = item.firstIndex(of: "=") else {
            throw CLIError("--set \(item): write field=value, e.g. --set rent=1200")
        }
        let key = item[..<eq].trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: "-")
        let value = String(item[item.index(after: eq)...])
        guard let f = F(rawValue: key), allowed.contains(f) else {
            let names = allowed.map(\.rawValue)
            let near = Text.suggestions(for: key, among: names, limit: 2)
            throw CLIError("--set \(item): unknown field \"\(key)\"" + (near.isEmpty ? "" : "; did you mean \(near.joined(separator: " or "))?")
                           + " Fields: " + names.joined(separator: ", "))
        }
        out[f] = value
    }
    return out
}

func keyValues(_ rows: [(String, String)]) {
    let width = (rows.map { TextWidth.width(of: $0.0) }.max() ?? 0) + 2
    for (k, v) in rows {
        let lines = v.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, l) in lines.enumerated() {
            let label = i == 0 ? Sanitize.line(k) : ""
            print(label + String(repeating: " ", count: max(0, width - TextWidth.width(of: label))) + Sanitize.line(String(l)))
        }
    }
}

func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

func printHistory(_ events: [AuditEvent], json: Bool) throws {
    if json { try printJSON(events); return }
    var t = TablePrinter([.init(title: "VER", align: .right), .init(title: "WHEN"), .init(title: "BY"), .init(title: "ACTION"),
                          .init(title: "CHANGE", flexible: true), .init(title: "REASON")])
    for e in events {
        let when = String(e.at.prefix(19)).replacingOccurrences(of: "T", with: " ")
        let action = e.undoes.map { "undo #\($0)" } ?? e.action
        t.add([String(e.version), when, e.by, action, e.summary, e.reason])
    }
    t.print()
}

// MARK: transfer

struct Transfer: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Community asset transfer cases: list, show, open, advance, edit, note, history, undo.",
        discussion: """
            A case moves enquiry → expression-of-interest → screening → business-case → assessment → approval → heads-of-terms → legal-completion → completed; refused, withdrawn or on-hold from any open stage (on hold resumes to the stage it held). Advancing checks the target stage's required fields and cannot skip a stage; going back, holding, refusing and withdrawing need --reason. Every change is recorded in the audit trail (transfer history ID); undo adds a compensating change. See docs/transfers.md.

            Dates: 2026-03-01, 1/3/2026 (day/month/year), today, today+14, today-7, +2w, +3m.
            """,
        subcommands: [TransferList.self, TransferShow.self, TransferNew.self, TransferAdvance.self, TransferEdit.self,
                      TransferNote.self, TransferHistory.self, TransferUndo.self, TransferBatch.self, TransferStages.self,
                      TransferFields.self, TransferVerify.self])
}

/// A case as one row of a list, with the derived values.
struct CaseRow: Encodable {
    var id: String
    var version: Int
    var building: String
    var buildingName: String
    var ward: String
    var cluster: String
    var stage: String
    var heldStage: String?
    var stageSince: String?
    var daysInStage: Int?
    var stageDue: String?
    var daysOverdue: Int
    var nextReview: String?
    var overdue: Bool
    var flags: [String]
    var applicant: String
    var tenure: String?
    var leadOfficer: String

    init(_ c: TransferCase, _ cat: Catalogue, today: LocalDate) {
        let s = c.status(today: today)
        let b = cat.asset(id: c.building)
        id = c.id
        version = c.version
        building = c.building
        buildingName = b?.name ?? c.building
        ward = b.map { cat.wardName($0.ward) } ?? ""
        cluster = b.map { cat.clusterName($0.cluster) } ?? ""
        stage = c.stage.rawValue
        heldStage = c.heldStage?.rawValue
        stageSince = c.stageSince?.description
        daysInStage = s.daysInStage
        stageDue = s.stageDue?.description
        daysOverdue = s.daysOverdue
        nextReview = s.nextReview?.description
        overdue = s.isOverdue
        flags = s.flags.map(\.rawValue)
        applicant = Applicant.resolve(c.applicant, in: cat).display
        tenure = c.tenure?.rawValue
        leadOfficer = c.leadOfficer
    }
}

/// Everything about one case, for show --json and the write commands' --json.
struct CaseDetail: Encodable {
    var id: String
    var version: Int
    var stage: String
    var fields: [String: String]
    var status: CaseStatus
    var moves: [StageMove]
    var notes: [RecordNote]
    var building: Building
    struct Building: Encodable {
        var id: String
        var name: String
        var ward: String
        var cluster: String
        var transferStatus: String?
    }

    init(_ c: TransferCase, _ cat: Catalogue, today: LocalDate) {
        id = c.id
        version = c.version
        stage = c.stage.rawValue
        fields = Dictionary(uniqueKeysWithValues: c.values.map { ($0.key.rawValue, $0.value) })
        status = c.status(today: today)
        moves = TransferWorkflow.moves(for: c)
        notes = c.notes
        let b = cat.asset(id: c.building)
        building = Building(id: c.building, name: b?.name ?? c.building, ward: b.map { cat.wardName($0.ward) } ?? "",
                            cluster: b.map { cat.clusterName($0.cluster) } ?? "",
                            transferStatus: cat.transferStatus(of: c.building).map { "\($0.summary) (since \($0.date))" })
    }
}

struct TransferList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List transfer cases with days in stage, due dates and overdue flags.")

    @OptionGroup var catalogue: CatalogueOptions
    @OptionGroup var format: FormatOptions
    @Option(help: "Only this stage (repeatable): enquiry, screening, heads-of-terms, on-hold, … or open.") var stage: [String] = []
    @Option(help: "Only buildings in this ward (name or ONS code; repeatable).") var ward: [String] = []
    @Option(help: "Only buildings in this cluster (repeatable).") var cluster: [String] = []
    @Flag(help: "Only cases past a stage's service level, a target date or a review date.") var overdue = false
    @Flag(help: "Only open cases (not completed, refused or withdrawn).") var open = false
    @Option(name: .customLong("due-within"), help: ArgumentHelp("Only cases due for review within this many days (overdue ones too).", valueName: "days"))
    var dueWithin: Int?
    @Flag(help: "Counts per stage (the pipeline) instead of cases.") var pipeline = false

    func run() throws {
        try recordErrors {
            let (_, cat) = try catalogue.open()
            let today = Clock.today
            var filter = TransferPipeline.Filter(overdueOnly: overdue, openOnly: open, dueWithinDays: dueWithin)
            for s in stage {
                if s.lowercased() == "open" { filter.openOnly = true; continue }
                guard let v = CaseStage(loose: s) else {
                    throw CLIError("unknown stage \"\(s)\"; use " + CaseStage.allCases.map(\.rawValue).joined(separator: ", "))
                }
                filter.stages.insert(v)
            }
            filter.wards = Set(try ward.map { try cat.geography.ward(named: $0).code })
            filter.clusters = Set(try cluster.map { try cat.geography.cluster(named: $0).id })
            let cases = TransferPipeline.select(filter, in: cat, today: today)
            if pipeline {
                let counts = TransferPipeline.counts(cases)
                struct Count: Encodable { var stage: String; var label: String; var cases: Int; var overdue: Int }
                let rows = counts.map { s, n in
                    Count(stage: s.rawValue, label: s.label, cases: n,
                          overdue: cases.filter { $0.stage == s && $0.status(today: today).isOverdue }.count)
                }
                if format.json { try printJSON(rows); return }
                if format.csv {
                    var out = CSVWriter.line(["stage", "label", "cases", "overdue"])
                    for r in rows { out += CSVWriter.line([r.stage, r.label, String(r.cases), String(r.overdue)]) }
                    writeStandardOutput(out)
                    return
                }
                var t = TablePrinter([.init(title: "STAGE"), .init(title: "CASES", align: .right), .init(title: "OVERDUE", align: .right)])
                for r in rows { t.add([r.label, String(r.cases), String(r.overdue)]) }
                t.print()
                return
            }
            let rows = cases.map { CaseRow($0, cat, today: today) }
            if format.json { try printJSON(rows); return }
            let cols = ["id", "stage", "since", "days", "due", "flags", "building", "ward", "applicant", "version"]
            func values(_ r: CaseRow) -> [String] {
                [r.id, r.stage + (r.heldStage.map { " (\($0))" } ?? ""), r.stageSince ?? "", r.daysInStage.map(String.init) ?? "",
                 r.stageDue ?? r.nextReview ?? "", r.flags.joined(separator: " "), r.buildingName, r.ward, r.applicant, String(r.version)]
            }
            if format.csv {
                var out = CSVWriter.line(cols)
                for r in rows { out += CSVWriter.line(values(r)) }
                writeStandardOutput(out)
                return
            }
            if rows.isEmpty { printError("no transfer cases match"); return }
            var t = TablePrinter([.init(title: "ID"), .init(title: "STAGE"), .init(title: "SINCE"), .init(title: "DAYS", align: .right),
                                  .init(title: "DUE"), .init(title: "FLAGS"), .init(title: "BUILDING"), .init(title: "WARD"),
                                  .init(title: "APPLICANT", flexible: true)])
            for r in rows { t.add(Array(values(r).dropLast())) }
            t.print()
        }
    }
}

struct TransferShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a case: every field, derived dates and flags, the moves open to it, notes.")

    @OptionGroup var catalogue: CatalogueOptions
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "Case id (cat-3 or 3) or the building's id.") var id: String

    func run() throws {
        try recordErrors {
            let (store, cat) = try catalogue.open()
            guard let store else { throw CLIError("no transfer case \"\(id)\": there is no catalogue database yet") }
            let c = try store.transferCase(id)
            let today = Clock.today
            if json { try printJSON(CaseDetail(c, cat, today: today)); return }
            printCase(c, cat, today: today)
        }
    }
}

func printCase(_ c: TransferCase, _ cat: Catalogue, today: LocalDate) {
    let s = c.status(today: today)
    let b = cat.asset(id: c.building)
    var rows: [(String, String)] = [("Case", "\(c.id) (version \(c.version))")]
    rows.append(("Building", b.map { "\($0.name) (\($0.id)) · \(cat.wardName($0.ward)) · \(cat.clusterName($0.cluster))" } ?? c.building))
    var stage = c.stage.label
    if c.stage == .onHold, let h = c.heldStage { stage += " (held at \(h.label.lowercased()))" }
    if let since = c.stageSince, let days = s.daysInStage { stage += " since \(since), \(plural(days, "day"))" }
    rows.append(("Stage", stage))
    if let due = s.stageDue, let sla = s.slaDays {
        rows.append(("Stage due", "\(due) (\(sla)-day service level)" + (s.daysOverdue > 0 ? ", \(plural(s.daysOverdue, "day")) overdue" : "")))
    }
    if let r = s.nextReview, c.stage == .completed, c.reviewDate == nil { rows.append(("Next review", r.description)) }
    if !s.flags.isEmpty {
        rows.append(("Flags", s.flags.map(\.label).joined(separator: ", ")
                     + (s.missing.isEmpty ? "" : " (missing: \(s.missing.map(\.rawValue).joined(separator: ", ")))")))
    }
    for f in CaseField.editable where f != .building {
        let v = c[f]
        if v.isEmpty { continue }
        switch f {
        case .applicant: rows.append((f.label, Applicant.resolve(v, in: cat).display))
        case .tenureSought, .tenureAgreed: rows.append((f.label, c[f] == "" ? "" : Tenure(rawValue: v)?.label ?? v))
        default: rows.append((f.label, v))
        }
    }
    let moves = TransferWorkflow.moves(for: c)
    if !moves.isEmpty {
        rows.append(("Moves", moves.map { m in
            m.label + (m.missing.isEmpty ? "" : " (needs \(m.missing.map(\.rawValue).joined(separator: ", ")))")
                + (m.needsReason ? " (with --reason)" : "")
        }.joined(separator: "\n")))
    }
    if let t = cat.transferStatus(of: c.building) { rows.append(("Building's status", "\(t.summary) (since \(t.date))")) }
    keyValues(rows)
    if !c.notes.isEmpty {
        print("\nNotes")
        for n in c.notes {
            print("  " + Sanitize.line(String(n.at.prefix(16)).replacingOccurrences(of: "T", with: " ") + " " + n.by + ": " + n.text))
        }
    }
}

struct TransferNew: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Open a transfer case at enquiry.",
        discussion: "Example: assetmap transfer new --building pl-shaw-community-hall --applicant \"Shaw Men's Shed\" --tenure-sought long-lease")

    @OptionGroup var catalogue: CatalogueOptions
    @OptionGroup var write: WriteOptions
    @Option(help: "The building's id (a place in the catalogue).") var building: String
    @Option(help: "The applicant: a group's id from the catalogue, or its name.") var applicant: String?
    @Option(help: "The current owner (default: the catalogue's owner of the building).") var owner: String?
    @Option(name: .customLong("tenure-sought"), help: "room-hire, management-agreement, licence, short-lease, long-lease or freehold.")
    var tenureSought: String?
    @Option(name: .customLong("lead-officer"), help: "The officer leading the case.") var leadOfficer: String?
    @Option(help: "When the enquiry came in (default today).") var received: String?
    @Option(name: .customLong("set"), help: ArgumentHelp("Any other field, as field=value (repeatable).", valueName: "field=value"))
    var sets: [String] = []
    @Option(help: "A first note.") var note: String?
    @Flag(help: "Print the new case as JSON.") var json = false

    func validate() throws {
        if write.expectVersion != nil { throw ValidationError("--expect-version goes with changes to an existing case") }
    }

    func run() throws {
        try recordErrors {
            let (store, _) = try openWritable(catalogue)
            var set = try parseSets(sets, allowed: CaseField.editable)
            set[.building] = building
            if let applicant { set[.applicant] = applicant }
            if let owner { set[.owner] = owner }
            if let tenureSought { set[.tenureSought] = tenureSought }
            if let leadOfficer { set[.leadOfficer] = leadOfficer }
            if let received { set[.received] = received }
            let today = Clock.today
            let c = try store.createTransferCase(set, note: note ?? "", by: write.who, today: today)
            let (_, cat) = try catalogue.open()
            if json { try printJSON(CaseDetail(c, cat, today: today)); return }
            let name = cat.asset(id: c.building)?.name ?? c.building
            print(Sanitize.line("opened \(c.id): \(c.stage.label.lowercased()) for \(name) (\(c.building)), version \(c.version)"))
        }
    }
}

/// Shared by advance, edit, note and undo: read, save at the expected version, report.
func saveCase(_ catalogue: CatalogueOptions, _ write: WriteOptions, id: String, json: Bool,
              _ action: (TransferCase) throws -> CaseAction, describe: (TransferCase, TransferCase) -> String) throws {
    try recordErrors {
        let (store, _) = try openWritable(catalogue)
        let before = try store.transferCase(id)
        let today = Clock.today
        let after = try store.updateTransferCase(before.id, try action(before), expectedVersion: write.expectVersion ?? before.version,
                                                 by: write.who, today: today)
        if json {
            let (_, cat) = try catalogue.open()
            try printJSON(CaseDetail(after, cat, today: today))
            return
        }
        print(Sanitize.line(describe(before, after)))
    }
}

struct TransferAdvance: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advance", abstract: "Move a case: to the next stage (default), back, on hold, resumed, refused or withdrawn.",
        discussion: """
            --to takes a stage (heads-of-terms, screening, …), or hold, refuse, withdraw. With no --to: the next stage, or for a case on hold, the stage it held. Fields the target stage requires can be given with --set.

            Examples:
              assetmap transfer advance cat-3 --set lead-officer="Jo Smith"
              assetmap transfer advance cat-3 --to heads-of-terms \\
                --set tenure-agreed=long-lease --set term=25y --set rent=peppercorn
              assetmap transfer advance cat-3 --to screening --reason "no survey"
              assetmap transfer advance cat-3 --to hold --reason "awaiting survey"
              assetmap transfer advance cat-3 --note "Met the trustees on site"
            """)

    @OptionGroup var catalogue: CatalogueOptions
    @OptionGroup var write: WriteOptions
    @Argument(help: "Case id (cat-3 or 3) or the building's id.") var id: String
    @Option(help: "Target stage, or hold, refuse, withdraw (default: the next stage).") var to: String?
    @Option(name: .customLong("set"), help: ArgumentHelp("A field to save with the move, as field=value (repeatable).", valueName: "field=value"))
    var sets: [String] = []
    @Option(help: "Why (required to go back, hold, refuse or withdraw).") var reason: String?
    @Option(help: "When the move took effect (default today).") var date: String?
    @Option(help: "A note to add to the case's notes with the move.") var note: String?
    @Flag(help: "Print the case as JSON afterwards.") var json = false

    func run() throws {
        let target: CaseStage?
        if let to {
            guard let t = CaseStage(loose: to) else {
                throw CLIError("unknown stage \"\(to)\"; use " + CaseStage.allCases.map(\.rawValue).joined(separator: ", "))
            }
            target = t
        } else { target = nil }
        let set = try parseSets(sets, allowed: CaseField.editable)
        try saveCase(catalogue, write, id: id, json: json, { _ in
            .move(to: target, set: set, reason: reason ?? "", date: date ?? "", note: note ?? "")
        }, describe: { b, a in
            var s = "\(a.id): \(b.stage.rawValue) → \(a.stage.rawValue)"
            if a.stage == .onHold, let h = a.heldStage { s += " (held at \(h.rawValue))" }
            return s + " on \(a.stageSince.map(\.description) ?? "?"), version \(a.version)"
        })
    }
}

struct TransferEdit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Change fields of a case (not its stage: use advance).",
        discussion: """
            Fields: \(CaseField.editable.map(\.rawValue).joined(separator: ", ")).

            An empty value clears a field (--set conditions=), unless the case's stage requires it.

            Example: assetmap transfer edit cat-3 --set rent="£1,200" --set term="25 years" --reason "valuation"
            """)

    @OptionGroup var catalogue: CatalogueOptions
    @OptionGroup var write: WriteOptions
    @Argument(help: "Case id (cat-3 or 3) or the building's id.") var id: String
    @Option(name: .customLong("set"), help: ArgumentHelp("field=value (repeatable).", valueName: "field=value"))
    var sets: [String] = []
    @Option(help: "Why (recorded in the audit trail).") var reason: String?
    @Flag(help: "Print the case as JSON afterwards.") var json = false

    func run() throws {
        let set = try parseSets(sets, allowed: CaseField.editable)
        if set.isEmpty { throw CLIError("nothing to change; give --set field=value (fields: \(CaseField.editable.map(\.rawValue).joined(separator: ", ")))") }
        try saveCase(catalogue, write, id: id, json: json, { _ in .edit(set: set, reason: reason ?? "") }, describe: { b, a in
            let changed = CaseField.editable.filter { b[$0] != a[$0] }.map { "\($0.rawValue) \(b[$0].isEmpty ? "(empty)" : b[$0]) → \(a[$0].isEmpty ? "(empty)" : a[$0])" }
            return "\(a.id): " + changed.joined(separator: "; ") + ", version \(a.version)"
        })
    }
}

struct TransferNote: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "note", abstract: "Add a dated note to a case.")

    @OptionGroup var catalogue: CatalogueOptions
    @OptionGroup var write: WriteOptions
    @Argument(help: "Case id (cat-3 or 3) or the building's id.") var id: String
    @Argument(help: "The note (several words are joined).") var text: [String]
    @Flag(help: "Print the case as JSON afterwards.") var json = false

    func run() throws {
        let t = text.joined(separator: " ")
        try saveCase(catalogue, write, id: id, json: json, { _ in .note(t) }, describe: { _, a in
            "\(a.id): note added, version \(a.version)"
        })
    }
}

struct TransferHistory: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "The audit trail of a case: every change, who, when, old → new, why.")

    @OptionGroup var catalogue: CatalogueOptions
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "Case id (cat-3 or 3) or the building's id.") var id: String

    func run() throws {
        try recordErrors {
            let (store, _) = try catalogue.open()
            guard let store else { throw CLIError("no transfer case \"\(id)\": there is no catalogue database yet") }
            let c = try store.transferCase(id)
            try printHistory(try store.auditHistory(of: c.id), json: json)
        }
    }
}

struct TransferUndo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo", abstract: "Undo the last change to a case by recording a compensating change.",
        discussion: "Nothing is deleted: the undo is a new change in the history. Repeating undo walks further back; the case's creation cannot be undone.")

    @OptionGroup var catalogue: CatalogueOptions
    @OptionGroup var write: WriteOptions
    @Argument(help: "Case id (cat-3 or 3) or the building's id.") var id: String
    @Option(help: "Why (recorded in the audit trail).") var reason: String?
    @Flag(help: "Print the case as JSON afterwards.") var json = false

    func run() throws {
        try saveCase(catalogue, write, id: id, json: json, { _ in .undo(reason: reason ?? "") }, describe: { b, a in
            var changed = CaseField.allCases.filter { !$0.isWorkflow || $0 == .stage }.filter { b[$0] != a[$0] }
                .map { "\($0.rawValue) \(b[$0].isEmpty ? "(empty)" : b[$0]) → \(a[$0].isEmpty ? "(empty)" : a[$0])" }
            if b.notes.count != a.notes.count { changed.append(a.notes.count < b.notes.count ? "note retracted" : "note restored") }
            return "\(a.id): undone (\(changed.joined(separator: "; "))), version \(a.version)"
        })
    }
}

struct TransferBatch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch", abstract: "Apply many case changes from JSON lines, each saved as its own transaction.",
        discussion: """
            One JSON object a line (blank lines and lines starting with # are skipped):
              {"action": "new", "set": {"building": "pl-x", "applicant": "Friends"}}
              {"action": "edit", "case": "cat-3", "set": {"rent": "£1,200"}, "reason": "valuation"}
              {"action": "advance", "case": "cat-3", "to": "screening", "reason": "…", "date": "today"}
              {"action": "note", "case": "cat-3", "text": "Site visit done"}
              {"action": "undo", "case": "cat-3"}

            "version" saves only if the case is still at that version. Stops at the first failure (earlier lines stay saved) unless --keep-going. Prints one line per save.
            """)

    @OptionGroup var catalogue: CatalogueOptions
    @OptionGroup var write: WriteOptions
    @Flag(name: .customLong("keep-going"), help: "Report a failing line and carry on with the next.") var keepGoing = false
    @Argument(help: "The file of JSON lines (default: standard input).") var file: String?

    struct Line: Decodable {
        var action: String
        var `case`: String?
        var set: [String: String]?
        var to: String?
        var reason: String?
        var date: String?
        var text: String?
        var version: Int?
    }

    func run() throws {
        try recordErrors {
            let (store, _) = try openWritable(catalogue)
            let data: Data
            if let file, file != "-" {
                guard let d = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read \(file)") }
                data = d
            } else {
                data = FileHandle.standardInput.readDataToEndOfFile()
            }
            var saved = 0, failed = 0
            for (i, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let text = raw.trimmingCharacters(in: .whitespaces)
                if text.isEmpty || text.hasPrefix("#") { continue }
                let n = i + 1
                do {
                    let line: Line
                    do { line = try JSONDecoder().decode(Line.self, from: Data(text.utf8)) } catch {
                        throw CLIError("not a JSON object with an \"action\"")
                    }
                    let set = try parseSets((line.set ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" },
                                            allowed: CaseField.editable)
                    let today = Clock.today
                    let result: TransferCase
                    if line.action == "new" {
                        result = try store.createTransferCase(set, note: line.text ?? "", by: write.who, today: today)
                    } else {
                        guard let ref = line.case else { throw CLIError("\"case\" is missing") }
                        let action: CaseAction
                        switch line.action {
                        case "edit": action = .edit(set: set, reason: line.reason ?? "")
                        case "advance", "move":
                            var target: CaseStage?
                            if let to = line.to, !to.isEmpty {
                                guard let t = CaseStage(loose: to) else { throw CLIError("unknown stage \"\(to)\"") }
                                target = t
                            }
                            action = .move(to: target, set: set, reason: line.reason ?? "", date: line.date ?? "")
                        case "note": action = .note(line.text ?? "")
                        case "undo": action = .undo(reason: line.reason ?? "")
                        default: throw CLIError("unknown action \"\(line.action)\"; use new, edit, advance, note or undo")
                        }
                        let current = try store.transferCase(ref)
                        result = try store.updateTransferCase(current.id, action, expectedVersion: line.version ?? current.version,
                                                              by: write.who, today: today)
                    }
                    saved += 1
                    print("line \(n): \(result.id) \(line.action), version \(result.version)")
                } catch {
                    failed += 1
                    let message: String = switch error {
                    case let e as ConflictError: e.description
                    case let e as WorkflowError: e.description
                    case let e as StoreError: e.description
                    case let e as CLIError: e.description
                    default: "\(error)"
                    }
                    printError("line \(n): \(message)")
                    if !keepGoing {
                        throw CLIError("stopped at line \(n); \(plural(saved, "earlier save")) kept, nothing after line \(n) was tried")
                    }
                }
            }
            if failed > 0 { throw CLIError("\(plural(failed, "line")) failed; \(plural(saved, "save")) kept") }
        }
    }
}

struct TransferStages: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages", abstract: "The stages with their service levels and required fields.")
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        struct Row: Encodable { var stage: String; var label: String; var slaDays: Int?; var newlyRequired: [String]; var required: [String] }
        let rows = CaseStage.allCases.map {
            Row(stage: $0.rawValue, label: $0.label, slaDays: $0.slaDays, newlyRequired: $0.newlyRequired.map(\.rawValue),
                required: $0.required.map(\.rawValue))
        }
        if json { try printJSON(rows); return }
        var t = TablePrinter([.init(title: "STAGE"), .init(title: "SLA DAYS", align: .right), .init(title: "NEEDS (in addition to earlier stages)", flexible: true)])
        for r in rows { t.add([r.stage, r.slaDays.map(String.init) ?? "", r.newlyRequired.joined(separator: ", ")]) }
        t.print()
    }
}

struct TransferFields: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fields", abstract: "The fields of a case, for --set.")
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        struct Row: Encodable { var field: String; var label: String; var kind: String; var help: String }
        let rows = CaseField.editable.map { Row(field: $0.rawValue, label: $0.label, kind: $0.kind.rawValue, help: $0.help) }
        if json { try printJSON(rows); return }
        var t = TablePrinter([.init(title: "FIELD"), .init(title: "KIND"), .init(title: "MEANING", flexible: true)])
        for r in rows { t.add([r.field, r.kind, r.help]) }
        t.print()
    }
}

struct TransferVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check every case and listing against its audit trail and the database's integrity.")
    @OptionGroup var catalogue: CatalogueOptions

    func run() throws {
        try recordErrors {
            let (store, _) = try catalogue.open()
            guard let store else { print("no catalogue database yet"); return }
            let problems = try store.verifyTransferRecords()
            for p in problems { printError(p) }
            if !problems.isEmpty { throw CLIError("\(plural(problems.count, "problem")) found") }
            print("ok: every case and listing matches its audit trail")
        }
    }
}

// MARK: acv

struct ACV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acv",
        abstract: "Assets of Community Value: nominations, listings, disposal notices and moratoriums.",
        discussion: """
            Decision due 8 weeks after nomination; a listing lasts 5 years; an owner's notice of intended disposal starts a 6-week interim moratorium; if a community interest group asks to be treated as a bidder within it, the full moratorium runs 6 months from the notice; the protected period ends 18 months from the notice. `acv due --within 30` lists what falls due. See docs/transfers.md.
            """,
        subcommands: [ACVList.self, ACVShow.self, ACVNominate.self, ACVDecide.self, ACVNotifyDisposal.self, ACVBidRequest.self,
                      ACVRemove.self, ACVEdit.self, ACVNote.self, ACVHistory.self, ACVUndo.self, ACVDue.self])
}

struct ListingRow: Encodable {
    var id: String
    var version: Int
    var building: String
    var buildingName: String
    var ward: String
    var status: String
    var phase: String
    var statusLine: String
    var nominator: String
    var timeline: ACVTimeline
    var notes: [RecordNote]?
    var actions: [String]?

    init(_ l: ACVListing, _ cat: Catalogue, today: LocalDate, detail: Bool = false) {
        let b = cat.asset(id: l.building)
        id = l.id
        version = l.version
        building = l.building
        buildingName = b?.name ?? l.building
        ward = b.map { cat.wardName($0.ward) } ?? ""
        status = l.status.rawValue
        phase = l.phase(today: today).rawValue
        statusLine = l.statusLine(today: today)
        nominator = l.nominator
        timeline = l.timeline
        if detail {
            notes = l.notes
            actions = ACVWorkflow.actions(for: l, today: today)
        }
    }
}

struct ACVList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List ACV nominations and listings with their status today.")
    @OptionGroup var catalogue: CatalogueOptions
    @OptionGroup var format: FormatOptions
    @Option(help: "Only this phase: awaiting-decision, decision-overdue, listed, interim-moratorium, full-moratorium, protected-period, expired, not-listed, removed (repeatable).")
    var phase: [String] = []
    @Option(help: "Only buildings in this ward (repeatable).") var ward: [String] = []

    func run() throws {
        try recordErrors {
            let (_, cat) = try catalogue.open()
            let today = Clock.today
            let phases = Set(try phase.map { p -> ACVPhase in
                guard let v = ACVPhase(rawValue: p.lowercased()) else {
                    throw CLIError("unknown phase \"\(p)\"; use " + ACVPhase.allCases.map(\.rawValue).joined(separator: ", "))
                }
                return v
            })
            let wards = Set(try ward.map { try cat.geography.ward(named: $0).code })
            let rows = cat.acvListings.filter { l in
                (phases.isEmpty || phases.contains(l.phase(today: today)))
                    && (wards.isEmpty || wards.contains(cat.asset(id: l.building)?.ward ?? ""))
            }.map { ListingRow($0, cat, today: today) }
            if format.json { try printJSON(rows); return }
            let cols = ["id", "phase", "status", "building", "ward", "nominator", "nominated", "decided", "listing_ends", "notice"]
            func values(_ r: ListingRow) -> [String] {
                [r.id, r.phase, r.statusLine, r.buildingName, r.ward, r.nominator, r.timeline.nominated?.description ?? "",
                 r.timeline.decided?.description ?? "", r.timeline.listingEnds?.description ?? "", r.timeline.notice?.description ?? ""]
            }
            if format.csv {
                var out = CSVWriter.line(cols)
                for r in rows { out += CSVWriter.line(values(r)) }
                writeStandardOutput(out)
                return
            }
            if rows.isEmpty { printError("no ACV listings match"); return }
            var t = TablePrinter([.init(title: "ID"), .init(title: "STATUS"), .init(title: "BUILDING"), .init(title: "WARD"),
                                  .init(title: "NOMINATED BY", flexible: true)])
            for r in rows { t.add([r.id, r.statusLine, r.buildingName, r.ward, r.nominator]) }
            t.print()
        }
    }
}

func printListing(_ l: ACVListing, _ cat: Catalogue, today: LocalDate) {
    let t = l.timeline
    let b = cat.asset(id: l.building)
    var rows: [(String, String)] = [("Listing", "\(l.id) (version \(l.version))")]
    rows.append(("Building", b.map { "\($0.name) (\($0.id)) · \(cat.wardName($0.ward))" } ?? l.building))
    rows.append(("Status", l.statusLine(today: today)))
    rows.append(("Nominated by", l.nominator + (l.nominatorKind.map { " (\($0.label))" } ?? "")))
    func date(_ label: String, _ d: LocalDate?, _ extra: String = "") {
        guard let d else { return }
        let left = today.days(until: d)
        let rel = left == 0 ? "today" : left > 0 ? "in \(plural(left, "day"))" : "\(plural(-left, "day")) ago"
        rows.append((label, "\(d) (\(rel))\(extra)"))
    }
    date("Nominated", t.nominated)
    if l.status == .nominated { date("Decision due", t.decisionDue) }
    date("Decided", t.decided, l.status == .notListed ? ": not listed" : "")
    date("Listing ends", t.listingEnds)
    date("Disposal notice", t.notice)
    date("Interim ends", t.interimMoratoriumEnds)
    date("Bid request", t.bidRequest, l.bidder.isEmpty ? "" : " by \(l.bidder)")
    date("Full ends", t.fullMoratoriumEnds)
    date("Protected to", t.protectedPeriodEnds)
    date("Removed", t.removed)
    let actions = ACVWorkflow.actions(for: l, today: today)
    rows.append(("Actions", actions.joined(separator: ", ")))
    keyValues(rows)
    if !l.notes.isEmpty {
        print("\nNotes")
        for n in l.notes {
            print("  " + Sanitize.line(String(n.at.prefix(16)).replacingOccurrences(of: "T", with: " ") + " " + n.by + ": " + n.text))
        }
    }
}

struct ACVShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a listing with every computed date.")
    @OptionGroup var catalogue: CatalogueOptions
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "Listing id (acv-2 or 2) or the building's id.") var id: String

    func run() throws {
        try recordErrors {
            let (store, cat) = try catalogue.open()
            guard let store else { throw CLIError("no ACV listing \"\(id)\": there is no catalogue database yet") }
            let l = try store.acvListing(id)
            let today = Clock.today
            if json { try printJSON(ListingRow(l, cat, today: today, detail: true)); return }
            printListing(l, cat, today: today)
        }
    }
}

/// Shared by the listing write commands.
func saveListing(_ catalogue: CatalogueOptions, _ write: WriteOptions, id: String, json: Bool, _ action: ACVAction) throws {
    try recordErrors {
        let (store, _) = try openWritable(catalogue)
        let before = try store.acvListing(id)
        let today = Clock.today
        let after = try store.updateACVListing(before.id, action, expectedVersion: write.expectVersion ?? before.version, by: write.who, today: today)
        let (_, cat) = try catalogue.open()
        if json { try printJSON(ListingRow(after, cat, today: today, detail: true)); return }
        print(Sanitize.line("\(after.id): \(after.statusLine(today: today)), version \(after.version)"))
    }
}

struct ACVNominate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nominate", abstract: "Record a nomination (the decision is due 8 weeks later).",
        discussion: "Example: assetmap acv nominate --building pl-daisyfield-inn --by \"Bardsley residents\" --by-kind local-electors --date 1/3/2026")
    @OptionGroup var catalogue: CatalogueOptions
    @OptionGroup var write: WriteOptions
    @Option(help: "The building's id.") var building: String
    @Option(name: .customLong("by"), help: "Who nominated (organisation, or \"21 local electors\").") var nominator: String
    @Option(name: .customLong("by-kind"), help: "parish-council, neighbourhood-forum, local-electors, community-group or other.")
    var kind: String
    @Option(help: "Nomination date (default today).") var date: String?
    @Option(help: "A first note.") var note: String?
    @Flag(help: "Print the listing as JSON.") var json = false

    func validate() throws {
        if write.expectVersion != nil { throw ValidationError("--expect-version goes with changes to an existing listing") }
    }

    func run() throws {
        try recordErrors {
            let (store, _) = try openWritable(catalogue)
            let today = Clock.today
            let l = try store.nominateACV([.building: building, .nominator: nominator, .nominatorKind: kind, .nominationDate: date ?? ""],
                                          note: note ?? "", by: write.who, today: today)
            let (_, cat) = try catalogue.open()
            if json { try printJSON(ListingRow(l, cat, today: today, detail: true)); return }
            print(Sanitize.line("nominated \(l.building) as \(l.id): decision due \(l.timeline.decisionDue!), version \(l.version)"))
        }
    }
}

struct ACVDecide: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "decide", abstract: "Record the council's decision: --listed or --not-listed.")
    @OptionGroup var catalogue: CatalogueOptions
    @OptionGroup var write: WriteOptions
    @Argument(help: "Listing id or the building's id.") var id: String
    @Flag(help: "Listed (for 5 years).") var listed = false
    @Flag(name: .customLong("not-listed"), help: "Not listed.") var notListed = false
    @Option(help: "Decision date (default today).") var date: String?
    @Option(help: "Why (recorded in the audit trail).") var reason: String?
    @Flag(help: "Print the listing as JSON afterwards.") var json = false

    func validate() throws {
        if listed == notListed { throw ValidationError("give one of --listed and --not-listed") }
    }

    func run() throws {
        try saveListing(catalogue, write, id: id, json: json, .decide(listed: listed, date: date ?? "", reason: reason ?? ""))
    }
}

struct ACVNotifyDisposal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify-disposal", abstract: "Record the owner's notice of intended disposal (interim moratorium 6 weeks, protected period 18 months).")
    @OptionGroup var catalogue: CatalogueOptions
    @OptionGroup var write: WriteOptions
    @Argument(help: "Listing id or the building's id.") var id: String
    @Option(help: "When the notice was received (default today).") var date: String?
    @Option(help: "Note for the audit trail.") var reason: String?
    @Flag(help: "Print the listing as JSON afterwards.") var json = false

    func run() throws {
        try saveListing(catalogue, write, id: id, json: json, .notifyDisposal(date: date ?? "", reason: reason ?? ""))
    }
}

struct ACVBidRequest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bid-request", abstract: "Record a community interest group asking to be treated as a bidder (full moratorium: 6 months from the notice).")
    @OptionGroup var catalogue: CatalogueOptions
    @OptionGroup var write: WriteOptions
    @Argument(help: "Listing id or the building's id.") var id: String
    @Option(help: "The group asking to bid.") var group: String
    @Option(help: "When the request was received (default today; must be within the interim moratorium).") var date: String?
    @Flag(help: "Print the listing as JSON afterwards.") var json = false

    func run() throws {
        try saveListing(catalogue, write, id: id, json: json, .bidRequest(bidder: group, date: date ?? ""))
    }
}

struct ACVRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Record a listing removed before its 5 years end.")
    @OptionGroup var catalogue: CatalogueOptions
    @OptionGroup var write: WriteOptions
    @Argument(help: "Listing id or the building's id.") var id: String
    @Option(help: "When (default today).") var date: String?
    @Option(help: "Why (required).") var reason: String?
    @Flag(help: "Print the listing as JSON afterwards.") var json = false

    func run() throws {
        try saveListing(catalogue, write, id: id, json: json, .remove(date: date ?? "", reason: reason ?? ""))
    }
}

struct ACVEdit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Correct recorded fields of a listing.",
        discussion: "Fields: \(ACVField.editable.map(\.rawValue).joined(separator: ", ")).")
    @OptionGroup var catalogue: CatalogueOptions
    @OptionGroup var write: WriteOptions
    @Argument(help: "Listing id or the building's id.") var id: String
    @Option(name: .customLong("set"), help: ArgumentHelp("field=value (repeatable).", valueName: "field=value")) var sets: [String] = []
    @Option(help: "Why (recorded in the audit trail).") var reason: String?
    @Flag(help: "Print the listing as JSON afterwards.") var json = false

    func run() throws {
        let set = try parseSets(sets, allowed: ACVField.editable)
        if set.isEmpty { throw CLIError("nothing to change; give --set field=value") }
        try saveListing(catalogue, write, id: id, json: json, .edit(set: set, reason: reason ?? ""))
    }
}

struct ACVNote: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "note", abstract: "Add a dated note to a listing.")
    @OptionGroup var catalogue: CatalogueOptions
    @OptionGroup var write: WriteOptions
    @Argument(help: "Listing id or the building's id.") var id: String
    @Argument(help: "The note.") var text: [String]
    @Flag(help: "Print the listing as JSON afterwards.") var json = false

    func run() throws {
        try saveListing(catalogue, write, id: id, json: json, .note(text.joined(separator: " ")))
    }
}

struct ACVHistory: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "The audit trail of a listing.")
    @OptionGroup var catalogue: CatalogueOptions
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "Listing id or the building's id.") var id: String

    func run() throws {
        try recordErrors {
            let (store, _) = try catalogue.open()
            guard let store else { throw CLIError("no ACV listing \"\(id)\": there is no catalogue database yet") }
            let l = try store.acvListing(id)
            try printHistory(try store.auditHistory(of: l.id), json: json)
        }
    }
}

struct ACVUndo: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "undo", abstract: "Undo the last change to a listing with a compensating change.")
    @OptionGroup var catalogue: CatalogueOptions
    @OptionGroup var write: WriteOptions
    @Argument(help: "Listing id or the building's id.") var id: String
    @Option(help: "Why (recorded in the audit trail).") var reason: String?
    @Flag(help: "Print the listing as JSON afterwards.") var json = false

    func run() throws {
        try saveListing(catalogue, write, id: id, json: json, .undo(reason: reason ?? ""))
    }
}

struct ACVDue: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due", abstract: "ACV dates due or ending soon: decisions, listing ends, moratorium and protected-period ends.",
        discussion: "Missed decisions are always listed (with negative days left).")
    @OptionGroup var catalogue: CatalogueOptions
    @OptionGroup var format: FormatOptions
    @Option(help: "Look this many days ahead.") var within = 30

    func run() throws {
        try recordErrors {
            let (_, cat) = try catalogue.open()
            let today = Clock.today
            let due = TransferPipeline.acvDue(cat.acvListings, today: today, within: within)
            struct Row: Encodable {
                var listing: String; var building: String; var buildingName: String; var kind: String; var label: String
                var date: String; var daysLeft: Int; var overdue: Bool
            }
            let rows = due.map { d in
                Row(listing: d.listing, building: d.building, buildingName: cat.asset(id: d.building)?.name ?? d.building,
                    kind: d.kind.rawValue, label: d.kind.label, date: d.date.description, daysLeft: d.daysLeft, overdue: d.overdue)
            }
            if format.json { try printJSON(rows); return }
            if format.csv {
                var out = CSVWriter.line(["listing", "building", "kind", "date", "days_left"])
                for r in rows { out += CSVWriter.line([r.listing, r.building, r.kind, r.date, String(r.daysLeft)]) }
                writeStandardOutput(out)
                return
            }
            if rows.isEmpty { printError("nothing due within \(plural(within, "day")) of \(today)"); return }
            var t = TablePrinter([.init(title: "DATE"), .init(title: "DAYS", align: .right), .init(title: "WHAT"),
                                  .init(title: "LISTING"), .init(title: "BUILDING", flexible: true)])
            for r in rows { t.add([r.date, String(r.daysLeft), r.label + (r.overdue ? " (missed)" : ""), r.listing, r.buildingName]) }
            t.print()
        }
    }
}
