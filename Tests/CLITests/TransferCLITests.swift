import AssetCatalogue
import Foundation
import Testing

/// `assetmap transfer …` and `assetmap acv …` run as real processes on a private home, with a
/// fixed "today" (ASSETMAP_TODAY).
@Suite(.serialized) struct TransferCLITests {
    static let today = ["ASSETMAP_TODAY": "2026-03-02"]

    func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    @discardableResult
    func ok(_ cli: CLI, _ args: String..., env: [String: String] = TransferCLITests.today,
            sourceLocation: SourceLocation = #_sourceLocation) throws -> CLI.Result {
        try ok(cli, args, env: env, sourceLocation: sourceLocation)
    }

    @discardableResult
    func ok(_ cli: CLI, _ args: [String], env: [String: String] = TransferCLITests.today,
            sourceLocation: SourceLocation = #_sourceLocation) throws -> CLI.Result {
        let r = try cli.run(args, env: env)
        #expect(r.status == 0, "\(args.joined(separator: " ")): \(r.err)", sourceLocation: sourceLocation)
        return r
    }

    /// Opens a case on Shaw Community Hall (whose imported history is finished) and returns its id.
    func openCase(_ cli: CLI) throws -> String {
        let r = try ok(cli, "transfer", "new", "--building", "pl-shaw-community-hall", "--applicant", "Shaw Men's Shed",
                       "--officer", "alice", "--json")
        return try #require((try json(r.out) as? [String: Any])?["id"] as? String)
    }

    /// With no --officer and no USER or LOGNAME (a service, `env -i`), changes are recorded as
    /// the account's name, never as "unknown".
    @Test func theOfficerDefaultsToTheAccountName() throws {
        let cli = CLI()
        let noLogin = TransferCLITests.today.merging(["USER": "", "LOGNAME": ""]) { $1 }
        let r = try ok(cli, ["transfer", "new", "--building", "pl-shaw-community-hall", "--json"], env: noLogin)
        let id = try #require((try json(r.out) as? [String: Any])?["id"] as? String)
        let events = try #require(try json(try ok(cli, "transfer", "history", id, "--json").out) as? [[String: Any]])
        let account = String(cString: try #require(getpwuid(geteuid())).pointee.pw_name)
        #expect(!events.isEmpty && events.allSatisfy { $0["by"] as? String == account }, "\(events.map { $0["by"] ?? "" })")
        let named = try ok(cli, ["transfer", "note", id, "checked"], env: TransferCLITests.today.merging(["USER": "carol"]) { $1 })
        #expect(named.status == 0)
        let last = try #require(try json(try ok(cli, "transfer", "history", id, "--json").out) as? [[String: Any]])
        #expect(last.last?["by"] as? String == "carol")
    }

    @Test func helpEverywhere() throws {
        let cli = CLI()
        let top = try cli.run("--help")
        #expect(top.out.contains("transfer") && top.out.contains("acv"))
        let groups = ["transfer": ["list", "show", "new", "advance", "edit", "note", "history", "undo", "batch", "stages", "fields", "verify"],
                      "acv": ["list", "show", "nominate", "decide", "notify-disposal", "bid-request", "remove", "edit", "note",
                              "history", "undo", "due"]]
        for (group, subs) in groups {
            let g = try cli.run(group, "--help")
            #expect(g.status == 0 && g.out.contains("USAGE"))
            for s in subs {
                #expect(g.out.contains(s), "\(group) --help lists \(s)")
                let h = try cli.run(group, s, "--help")
                #expect(h.status == 0 && h.out.contains("USAGE"), "\(group) \(s) --help")
            }
        }
    }

    @Test func newThenAdvanceTwiceThenHistory() throws {
        let cli = CLI()
        let id = try openCase(cli)
        let a1 = try ok(cli, "transfer", "advance", id, "--officer", "alice")
        #expect(a1.out == "\(id): enquiry → expression-of-interest on 2026-03-02, version 7\n")
        let a2 = try ok(cli, "transfer", "advance", id, "--set", "lead-officer=Jo Smith", "--officer", "bob")
        #expect(a2.out.contains("expression-of-interest → screening"))
        let h = try ok(cli, "transfer", "history", id, "--json")
        let events = try #require(try json(h.out) as? [[String: Any]])
        #expect(events.count == 9)
        #expect(events.map { $0["version"] as? Int } == Array(1...9))
        let stages = events.filter { $0["field"] as? String == "stage" }.map { "\($0["old"]!)→\($0["new"]!)" }
        #expect(stages == ["→enquiry", "enquiry→expression-of-interest", "expression-of-interest→screening"])
        #expect(events.last?["by"] as? String == "bob" && events.first?["by"] as? String == "alice")
        #expect(events.contains { $0["field"] as? String == "lead-officer" && $0["new"] as? String == "Jo Smith" && $0["action"] as? String == "advance" })
        let text = try ok(cli, "transfer", "history", id)
        #expect(text.out.contains("stage: enquiry → expression-of-interest") && text.out.contains("lead-officer: (empty) → Jo Smith"))
        // Shown, listed, and the building's status follows the case.
        let show = try #require(try json(try ok(cli, "transfer", "show", id, "--json").out) as? [String: Any])
        #expect(show["stage"] as? String == "screening" && show["version"] as? Int == 9)
        #expect((show["moves"] as? [[String: Any]])?.first?["to"] as? String == "business-case")
        let list = try #require(try json(try ok(cli, "transfer", "list", "--stage", "screening", "--ward", "shaw", "--json").out) as? [[String: Any]])
        #expect(list.map { $0["id"] as? String } == [id])
        #expect(try ok(cli, "show", "pl-shaw-community-hall").out.contains("In progress: Screening"))
        let found = try #require(try json(try ok(cli, "search", "transfer:in-progress", "ward:shaw", "--json").out) as? [[String: Any]])
        #expect(found.contains { $0["id"] as? String == "pl-shaw-community-hall" })
        // Undo puts the last change back, as a new change.
        let u = try ok(cli, "transfer", "undo", id, "--officer", "carol")
        #expect(u.out.contains("stage screening → expression-of-interest"))
        let after = try #require(try json(try ok(cli, "transfer", "history", id, "--json").out) as? [[String: Any]])
        #expect(after.count == 11 && after.suffix(2).allSatisfy { $0["action"] as? String == "undo" && $0["by"] as? String == "carol" })
        #expect(try ok(cli, "transfer", "verify").out.contains("ok"))
    }

    /// `advance --note` adds the note to the case's notes with the move, in the same change.
    @Test func advanceWithANoteAddsItToTheCaseNotes() throws {
        let cli = CLI()
        let id = try openCase(cli)
        let a = try ok(cli, "transfer", "advance", id, "--note", "Met the trustees on site; survey booked for May", "--officer", "alice")
        #expect(a.out.contains("enquiry → expression-of-interest"))
        let show = try #require(try json(try ok(cli, "transfer", "show", id, "--json").out) as? [String: Any])
        let notes = try #require(show["notes"] as? [[String: Any]])
        #expect(notes.map { $0["text"] as? String } == ["Met the trustees on site; survey booked for May"])
        #expect(try ok(cli, "transfer", "show", id).out.contains("Met the trustees on site; survey booked for May"))
        let events = try #require(try json(try ok(cli, "transfer", "history", id, "--json").out) as? [[String: Any]])
        let advance = events.filter { $0["action"] as? String == "advance" }
        #expect(Set(advance.map { $0["change"] as? Int }).count == 1)
        #expect(advance.contains { $0["field"] as? String == "note" && $0["new"] as? String == "Met the trustees on site; survey booked for May" })
    }

    @Test func refusalsGoToStderrWithClearMessages() throws {
        let cli = CLI()
        let id = try openCase(cli)
        for args in [["--set", "lead-officer=Jo"], ["--set", "tenure-sought=long lease"], ["--set", "documents=BC-1"], [], []] {
            try ok(cli, ["transfer", "advance", id] + args)
        }
        func refused(_ args: [String], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let r = try cli.run(args, env: TransferCLITests.today)
            #expect(r.status != 0 && r.out.isEmpty, sourceLocation: sourceLocation)
            #expect(r.err.contains(message), "\(r.err)", sourceLocation: sourceLocation)
        }
        try refused(["transfer", "advance", id], "Error: cannot advance to heads-of-terms: tenure-agreed, term and rent are required")
        try refused(["transfer", "advance", id, "--to", "completed"], "stages cannot be skipped")
        try refused(["transfer", "advance", id, "--to", "screening"], "cannot move \(id) back to screening: reason is required")
        try refused(["transfer", "advance", id, "--set", "tenure-agreed=licence", "--set", "term=2y", "--set", "rent=0"],
                    "term: a licence to occupy runs for up to 12 months, not 2 years")
        try refused(["transfer", "edit", id, "--set", "target-date=31/2/2026"], "\"31/2/2026\" is not a date: February 2026 has 28 days")
        try refused(["transfer", "edit", id, "--set", "rentt=5"], "unknown field \"rentt\"; did you mean rent?")
        try refused(["transfer", "edit", id, "--set", "stage=completed"], "unknown field \"stage\"")
        try refused(["transfer", "show", "cat-999"], "no transfer case \"cat-999\"")
        try refused(["transfer", "new", "--building", "grp-action-together"], "is a group, not a building")
        try refused(["transfer", "new", "--building", "pl-shaw-community-hall"], "already has an open case, \(id)")
        try refused(["acv", "decide", "pl-boundary-park", "--listed"], "already decided")
        let saved = try ok(cli, "transfer", "advance", id, "--set", "tenure-agreed=long-lease", "--set", "term=25y", "--set", "rent=peppercorn")
        #expect(saved.out.contains("approval → heads-of-terms"))
    }

    @Test func listDueWithinDays() throws {
        let cli = CLI()
        let id = try openCase(cli)   // enquiry today: due in 14 days
        func ids(_ extra: String...) throws -> [String] {
            let r = try ok(cli, ["transfer", "list", "--json"] + extra)
            return ((try json(r.out) as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
        }
        let all = try ids(), overdue = try ids("--overdue")
        #expect(try ids("--due-within", "13") == overdue && !overdue.contains(id))
        #expect(try ids("--due-within", "14") == all.filter { overdue.contains($0) || $0 == id }.sorted { all.firstIndex(of: $0)! < all.firstIndex(of: $1)! })
    }

    @Test func readOnlyRefusesWritesAndStillReads() throws {
        let cli = CLI()
        let id = try openCase(cli)
        let before = try ok(cli, "transfer", "show", id, "--json", "--read-only").out
        for args in [["transfer", "note", id, "hello"], ["transfer", "advance", id], ["transfer", "undo", id],
                     ["transfer", "new", "--building", "pl-lees-library"], ["acv", "notify-disposal", "pl-boundary-park"]] {
            let r = try cli.run(args + ["--read-only"], env: TransferCLITests.today)
            #expect(r.status != 0 && r.err.contains("read-only"), "\(args): \(r.err)")
        }
        #expect(try ok(cli, "transfer", "show", id, "--json").out == before)
    }

    @Test func twoProcessesSavingFromTheSameVersion() throws {
        let cli = CLI()
        let id = try openCase(cli)
        let v = try #require((try json(try ok(cli, "transfer", "show", id, "--json").out) as? [String: Any])?["version"] as? Int)
        // Both start together from version v; exactly one may win.
        func spawn(_ officer: String, _ rent: String) throws -> (Process, Pipe) {
            let p = Process()
            p.executableURL = CLI.binary
            p.arguments = ["transfer", "edit", id, "--set", "rent=\(rent)", "--set", "conditions=by \(officer)",
                           "--expect-version", String(v), "--officer", officer]
            var env = ProcessInfo.processInfo.environment
            env["ASSETMAP_HOME"] = cli.home.path
            env["ASSETMAP_TODAY"] = "2026-03-02"
            p.environment = env
            let err = Pipe()
            p.standardError = err
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            return (p, err)
        }
        let (a, ea) = try spawn("alice", "£100")
        let (b, eb) = try spawn("bob", "£200")
        a.waitUntilExit()
        b.waitUntilExit()
        let errs = [String(decoding: ea.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
                    String(decoding: eb.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)]
        let statuses = [a.terminationStatus, b.terminationStatus]
        #expect(statuses.sorted() == [0, 3], "\(statuses) \(errs)")
        let winner = statuses[0] == 0 ? ("alice", "£100") : ("bob", "£200")
        let loserErr = statuses[0] == 0 ? errs[1] : errs[0]
        #expect(loserErr.contains("was changed by someone else") && loserErr.contains("rent (empty) → \(winner.1) (\(winner.0))"),
                "\(loserErr)")
        #expect(loserErr.contains("conditions (empty) → by \(winner.0)") && loserErr.contains("Nothing was saved"))
        let now = try #require(try json(try ok(cli, "transfer", "show", id, "--json").out) as? [String: Any])
        #expect((now["fields"] as? [String: String])?["rent"] == winner.1 && now["version"] as? Int == v + 2)
        // The same stale version later is refused too; the current one is accepted.
        let stale = try cli.run(["transfer", "note", id, "late", "--expect-version", String(v)], env: TransferCLITests.today)
        #expect(stale.status == 3 && stale.err.contains("version \(v), now \(v + 2)"))
        try ok(cli, "transfer", "note", id, "in time", "--expect-version", String(v + 2))
    }

    @Test func killDuringManySavesLeavesTheDatabaseConsistent() throws {
        let cli = CLI()
        let id = try openCase(cli)
        let db = cli.home.appendingPathComponent("catalogue.sqlite").path
        let baseline = try CatalogueStore(path: db, readOnly: true).transferCase(id).version
        let filler = String(repeating: "community use, repairs and reporting; ", count: 40)
        var lines: [String] = []
        for i in 0..<20_000 {
            if i % 10 == 9 {
                lines.append("{\"action\": \"note\", \"case\": \"\(id)\", \"text\": \"note \(i)\"}")
            } else {
                lines.append("{\"action\": \"edit\", \"case\": \"\(id)\", \"set\": {\"rent\": \"\(i + 1)\", \"conditions\": \"\(i) \(filler)\"}}")
            }
        }
        let file = cli.write("batch.jsonl", lines.joined(separator: "\n"))
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["transfer", "batch", file, "--officer", "batch"]
        var env = ProcessInfo.processInfo.environment
        env["ASSETMAP_HOME"] = cli.home.path
        env["ASSETMAP_TODAY"] = "2026-03-02"
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Let it save a few hundred changes, then kill it without warning. The watcher reads the
        // live log through a writing connection: a read-only open is a snapshot (immutable while
        // no write-ahead log exists) and would never see the batch's saves.
        let reader = try CatalogueStore(path: db)
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline, p.isRunning {
            if let n = try? reader.auditHistory(of: id).count, n > baseline + 400 { break }
            usleep(20_000)
        }
        #expect(p.isRunning, "the batch finished or died before it could be killed")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGKILL)
        // Reopen for writing (recovers the WAL) and check everything.
        let store = try CatalogueStore(path: db)
        #expect(try store.integrityCheck() == ["ok"])
        #expect(try store.verifyTransferRecords() == [])
        let c = try store.transferCase(id)
        let events = try store.auditHistory(of: id)
        #expect(c.version == events.count && c.version > baseline + 400 && c.version < baseline + 36_000)
        // Every save is whole: an edit wrote both its fields, a note its one event.
        let saves = Dictionary(grouping: events.filter { $0.version > baseline }, by: \.change)
        for (_, evs) in saves {
            let fields = evs.map(\.field).sorted()
            #expect(fields == ["conditions", "rent"] || fields == ["note"], "half-written change: \(fields)")
        }
        let lastEdit = events.last { $0.field == "rent" }!
        #expect(c[.rent] == lastEdit.new && c[.conditions].hasPrefix("\(Int(lastEdit.new.dropFirst())! - 1) "))
        // The command line agrees, and the case can still be changed.
        #expect(try ok(cli, "transfer", "verify").out.contains("ok"))
        try ok(cli, "transfer", "note", id, "after the crash")
    }

    @Test func acvFromTheCommandLine() throws {
        let cli = CLI()
        let env = ["ASSETMAP_TODAY": "2026-11-23"]
        let due = try #require(try json(try ok(cli, "acv", "due", "--within", "0", "--json", env: env).out) as? [[String: Any]])
        #expect(due.contains { $0["building"] as? String == "pl-diggle-village-hall" && $0["kind"] as? String == "decision-due" && $0["daysLeft"] as? Int == 0 })
        let n = try ok(cli, "acv", "nominate", "--building", "pl-shaw-community-hall", "--by", "Shaw residents", "--by-kind",
                       "21 local electors", "--date", "1/8/2024", "--json", env: env)
        let id = try #require((try json(n.out) as? [String: Any])?["id"] as? String)
        try ok(cli, "acv", "decide", id, "--listed", "--date", "2024-09-20", env: env)
        try ok(cli, "acv", "notify-disposal", id, "--date", "31/8/2026", env: env)
        let late = try cli.run(["acv", "bid-request", id, "--group", "Friends", "--date", "13/10/2026"], env: env)
        #expect(late.status != 0 && late.err.contains("the interim moratorium ended on 2026-10-12"))
        try ok(cli, "acv", "bid-request", id, "--group", "Friends of Shaw Hall", "--date", "12/10/2026", env: env)
        let show = try #require(try json(try ok(cli, "acv", "show", id, "--json", env: env).out) as? [String: Any])
        let t = try #require(show["timeline"] as? [String: String])
        #expect(t["decisionDue"] == "2024-09-26" && t["listingEnds"] == "2029-09-20" && t["interimMoratoriumEnds"] == "2026-10-12")
        #expect(t["fullMoratoriumEnds"] == "2027-02-28" && t["protectedPeriodEnds"] == "2028-02-29")
        #expect(show["phase"] as? String == "full-moratorium")
        let soon = try ok(cli, "acv", "due", "--within", "100", env: env)
        #expect(soon.out.contains("Full moratorium ends") && soon.out.contains("2027-02-28"))
        let hist = try #require(try json(try ok(cli, "acv", "history", id, "--json", env: env).out) as? [[String: Any]])
        #expect(hist.map { $0["action"] as? String }.contains("bid-request"))
        let list = try #require(try json(try ok(cli, "acv", "list", "--phase", "full-moratorium", "--json", env: env).out) as? [[String: Any]])
        #expect(list.map { $0["id"] as? String } == [id])
        #expect(try ok(cli, "show", "pl-shaw-community-hall", env: env).out.contains("ACV listing"))
    }
}
