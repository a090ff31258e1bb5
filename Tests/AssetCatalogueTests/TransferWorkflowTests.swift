import AssetCatalogue
import Foundation
import Testing

/// A small catalogue in a temporary database: two council buildings, a group, an activity.
struct TransferDesk {
    let store: CatalogueStore
    let path: String
    var today = LocalDate(iso: "2026-03-02")!

    init(history: [TransferEvent] = [], acv: [ACVEvent] = []) throws {
        path = Fixtures.tempDir().appendingPathComponent("c.sqlite").path
        store = try CatalogueStore(path: path)
        var hall = Fixtures.asset("pl-hall", .place, name: "Shaw Hall")
        hall.owner = .council
        var b = ImportBatch()
        b.assets = [hall, Fixtures.asset("pl-library", .place, name: "Lees Library", ward: "E05014660", cluster: "east"),
                    Fixtures.asset("pl-chapel", .place, name: "Chapel"),
                    Fixtures.asset("grp-friends", name: "Friends of Shaw Hall"), Fixtures.asset("act-bingo", .activity)]
        b.transfers = history
        b.acv = acv
        try store.apply(b, by: "setup", action: "import", detail: "test")
    }

    var catalogue: Catalogue { try! store.load(geography: Fixtures.geography, taxonomy: Fixtures.taxonomy) }

    func open(_ set: [CaseField: String] = [:], building: String = "pl-hall", note: String = "") throws -> TransferCase {
        var s = set
        s[.building] = building
        return try store.createTransferCase(s, note: note, by: "tester", today: today)
    }

    @discardableResult
    func act(_ c: TransferCase, _ a: CaseAction, by officer: String = "tester") throws -> TransferCase {
        try store.updateTransferCase(c.id, a, expectedVersion: c.version, by: officer, today: today)
    }

    func move(_ c: TransferCase, to: CaseStage? = nil, _ set: [CaseField: String] = [:], reason: String = "", date: String = "") throws -> TransferCase {
        try act(c, .move(to: to, set: set, reason: reason, date: date))
    }

    /// The refusal an action gets (failing the test if it is saved).
    func refusal(_ c: TransferCase, _ a: CaseAction, sourceLocation: SourceLocation = #_sourceLocation) -> WorkflowError? {
        do {
            let saved = try act(c, a)
            Issue.record("saved when it should be refused: \(saved.stage)", sourceLocation: sourceLocation)
            return nil
        } catch let e as WorkflowError {
            return e
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }
}

/// Values that satisfy each stage's own requirements.
let stageValues: [CaseStage: [CaseField: String]] = [
    .expressionOfInterest: [.applicant: "grp-friends"],
    .screening: [.leadOfficer: "Jo Smith"],
    .businessCase: [.tenureSought: "long lease"],
    .assessment: [.documents: "BC-1; survey-2"],
    .approval: [.owner: "Oldham Council"],
    .headsOfTerms: [.tenureAgreed: "long-lease", .term: "25y", .rent: "peppercorn"],
    .legalCompletion: [.targetDate: "today+90"],
    .completed: [.completionDate: "today"],
]

@Suite struct TransferWorkflowTests {
    @Test func everyStageChecksItsRequiredFieldsAndNoneCanBeSkipped() throws {
        let desk = try TransferDesk()
        var c = try desk.open([.owner: ""])   // the owner would default from the catalogue
        #expect(c.stage == .enquiry && c.owner == "Oldham Council")
        c = try desk.act(c, .edit(set: [.owner: ""], reason: "unknown yet"))
        for target in CaseStage.pipeline.dropFirst() {
            // Skipping a stage is refused whatever is filled in.
            if let skip = target.next {
                let e = desk.refusal(c, .move(to: skip, set: [:], reason: "", date: ""))
                #expect(e?.description.contains("stages cannot be skipped") == true, "\(target)")
            }
            let e = desk.refusal(c, .move(to: nil, set: [:], reason: "", date: ""))
            #expect(e?.missing == target.newlyRequired.map(\.rawValue), "\(target): \(e?.description ?? "")")
            #expect(e?.summary == "cannot advance to \(target.rawValue)")
            #expect(try desk.store.transferCase(c.id).stage == c.stage, "a refused move changed the stage")
            c = try desk.move(c, stageValues[target]!)
            #expect(c.stage == target)
        }
        #expect(c.stage == .completed && c.reviewDate == desk.today.adding(months: 12))
    }

    @Test func headsOfTermsMessageNamesWhatIsMissing() throws {
        let desk = try TransferDesk()
        var c = try desk.open()
        for t in CaseStage.pipeline[1...5] { c = try desk.move(c, stageValues[t]!) }
        let e = desk.refusal(c, .move(to: .headsOfTerms, set: [:], reason: "", date: ""))
        #expect(e?.description == "cannot advance to heads-of-terms: tenure-agreed, term and rent are required")
        #expect(e?.messages.map(\.field) == ["tenure-agreed", "term", "rent"])
        #expect(e?.messages.first?.message == "required to reach heads of terms")
        // Rent or undervalue; a term that breaks the tenure's limits is named.
        let bad = desk.refusal(c, .move(to: nil, set: [.tenureAgreed: "licence", .term: "18 months", .undervalue: "£40,000"], reason: "", date: ""))
        #expect(bad?.missing == [] && bad?.invalid == [FieldMessage(field: "term", message: "a licence to occupy runs for up to 12 months, not 1 year 6 months")])
        c = try desk.move(c, [.tenureAgreed: "licence", .term: "12 months", .undervalue: "£40,000"])
        #expect(c.stage == .headsOfTerms && c.rent == nil && c.undervalue == Money(pence: 4_000_000))
    }

    @Test func freeholdNeedsNoTermAndRefusesOne() throws {
        let desk = try TransferDesk()
        var c = try desk.open()
        for t in CaseStage.pipeline[1...5] { c = try desk.move(c, stageValues[t]!) }
        let e = desk.refusal(c, .move(to: nil, set: [.tenureAgreed: "freehold", .term: "10y", .undervalue: "£1"], reason: "", date: ""))
        #expect(e?.invalid.map(\.field) == ["term"])
        c = try desk.move(c, [.tenureAgreed: "freehold", .undervalue: "£150,000"])
        #expect(c.stage == .headsOfTerms && c.term == nil)
    }

    @Test func goingBackNeedsAReason() throws {
        let desk = try TransferDesk()
        var c = try desk.open()
        c = try desk.move(c, stageValues[.expressionOfInterest]!)
        c = try desk.move(c, stageValues[.screening]!)
        let e = desk.refusal(c, .move(to: .enquiry, set: [:], reason: "  ", date: ""))
        #expect(e?.description == "cannot move \(c.id) back to enquiry: reason is required")
        let back = try desk.move(c, to: .enquiry, reason: "applicant changed")
        #expect(back.stage == .enquiry)
        let last = try desk.store.auditHistory(of: c.id).last!
        #expect(last.action == "back" && last.reason == "applicant changed" && last.field == "stage")
        // Forward again from the earlier stage is the normal next stage.
        #expect(try desk.move(back).stage == .expressionOfInterest)
    }

    @Test func holdRemembersTheStageAndResumesToIt() throws {
        let desk = try TransferDesk()
        var c = try desk.open()
        c = try desk.move(c, stageValues[.expressionOfInterest]!)
        c = try desk.move(c, stageValues[.screening]!)
        #expect(desk.refusal(c, .move(to: .onHold, set: [:], reason: "", date: ""))?.missing == ["reason"])
        c = try desk.move(c, to: .onHold, reason: "waiting for the condition survey")
        #expect(c.stage == .onHold && c.heldStage == .screening)
        #expect(TransferWorkflow.moves(for: c).map(\.kind) == [.resume, .refuse, .withdraw])
        let wrong = desk.refusal(c, .move(to: .businessCase, set: [:], reason: "", date: ""))
        #expect(wrong?.description.contains("on hold at screening") == true)
        #expect(desk.refusal(c, .move(to: .onHold, set: [:], reason: "again", date: ""))?.description.contains("already at on-hold") == true)
        // The building's status keeps showing the held stage.
        #expect(desk.catalogue.transferStatus(of: "pl-hall")?.stage == .screening)
        c = try desk.move(c)
        #expect(c.stage == .screening && c.heldStage == nil)
        c = try desk.move(c, to: .onHold, reason: "pause")
        c = try desk.move(c, to: .withdrawn, reason: "group folded")
        #expect(c.stage == .withdrawn)
    }

    @Test func finalStagesAllowNoMoveButKeepEditsNotesAndUndo() throws {
        let desk = try TransferDesk()
        for final in [CaseStage.refused, .withdrawn, .completed] {
            var c = try desk.open(building: final == .completed ? "pl-library" : final == .refused ? "pl-hall" : "pl-chapel")
            if final == .completed {
                for t in CaseStage.pipeline.dropFirst() { c = try desk.move(c, stageValues[t]!) }
            } else {
                #expect(desk.refusal(c, .move(to: final, set: [:], reason: "", date: ""))?.missing == ["reason"])
                c = try desk.move(c, to: final, reason: "no")
            }
            #expect(c.stage == final && TransferWorkflow.moves(for: c).isEmpty)
            for to in [CaseStage?.none, .enquiry, .onHold, .refused] {
                let e = desk.refusal(c, .move(to: to, set: [:], reason: "r", date: ""))
                #expect(e?.description.contains("a final stage") == true)
            }
            c = try desk.act(c, .note("closed"))
            c = try desk.act(c, .edit(set: [.conditions: "annual report"], reason: ""))
            c = try desk.act(c, .undo(reason: ""))
            c = try desk.act(c, .undo(reason: ""))
            c = try desk.act(c, .undo(reason: "reopen: recorded by mistake"))
            #expect(c.stage.isOpen, "undo reopens \(final)")
        }
    }

    @Test func editsAreValidatedAndCannotClearWhatTheStageNeeds() throws {
        let desk = try TransferDesk()
        var c = try desk.open()
        c = try desk.move(c, stageValues[.expressionOfInterest]!)
        let clear = desk.refusal(c, .edit(set: [.applicant: ""], reason: ""))
        #expect(clear?.invalid == [FieldMessage(field: "applicant", message: "required at expression of interest; it cannot be cleared")])
        let bad = desk.refusal(c, .edit(set: [.building: "grp-friends", .applicant: "grp-nobody", .rent: "lots", .received: "31/2/2026",
                                              .tenureSought: "castle", .stage: "approval"], reason: ""))
        #expect(bad?.invalid.map(\.field) == ["building", "applicant", "tenure-sought", "rent", "received", "stage"])
        #expect(bad?.invalid[0].message == "\"grp-friends\" is a group, not a building")
        #expect(bad?.invalid[1].message.contains("no group has id \"grp-nobody\"") == true)
        #expect(desk.refusal(c, .edit(set: [.received: "today+1"], reason: ""))?.invalid.first?.field == "received")
        #expect(desk.refusal(c, .edit(set: [.applicant: "grp-friends"], reason: ""))?.description.contains("nothing to change") == true)
        // A free-text applicant is fine; a catalogue group is resolved.
        c = try desk.act(c, .edit(set: [.applicant: "Shaw Residents' Association"], reason: ""))
        #expect(Applicant.resolve(c.applicant, in: desk.catalogue) == .name("Shaw Residents' Association"))
        c = try desk.act(c, .edit(set: [.applicant: "grp-friends"], reason: ""))
        if case .group(let g) = Applicant.resolve(c.applicant, in: desk.catalogue) { #expect(g.name == "Friends of Shaw Hall") }
        else { Issue.record("applicant not resolved") }
    }

    @Test func moveDatesAreCheckedAndRecorded() throws {
        var desk = try TransferDesk(history: [TransferEvent(assetID: "pl-hall", date: LocalDate(iso: "2020-01-01")!, state: .refused)])
        desk.today = LocalDate(iso: "2026-03-02")!
        var c = try desk.open([.received: "1/2/2026"])
        #expect(c.stageSince == LocalDate(iso: "2026-02-01"))
        #expect(desk.refusal(c, .move(to: nil, set: stageValues[.expressionOfInterest]!, reason: "", date: "today+1"))?.invalid.first?.field == "date")
        #expect(desk.refusal(c, .move(to: nil, set: stageValues[.expressionOfInterest]!, reason: "", date: "2026-01-31"))?
            .invalid.first?.message.contains("entered enquiry on 2026-02-01") == true)
        c = try desk.move(c, stageValues[.expressionOfInterest]!, date: "15/2/2026")
        #expect(c.stageSince == LocalDate(iso: "2026-02-15"))
        let h = desk.catalogue.transferHistory["pl-hall"]!
        #expect(h.map(\.state) == [.refused, .enquiry, .inProgress])
        #expect(h.last?.date == LocalDate(iso: "2026-02-15") && h.last?.note.hasPrefix("\(c.id): ") == true)
        // A new case cannot start before the building's recorded history.
        let other = try TransferDesk(history: [TransferEvent(assetID: "pl-hall", date: LocalDate(iso: "2026-02-20")!, state: .withdrawn)])
        #expect(throws: WorkflowError.self) { try other.open([.received: "2026-02-01"]) }
        #expect(throws: WorkflowError.self) { try desk.open(building: "pl-hall") }   // one open case per building
    }

    @Test func derivedStatusAgainstAnInjectedToday() throws {
        var c = TransferCase(id: "cat-1", version: 1, values: [.building: "pl-hall", .stage: "screening", .stageSince: "2026-01-01",
                                                               .applicant: "x", .leadOfficer: "y", .targetDate: "2026-03-01"])
        let fresh = c.status(today: LocalDate(iso: "2026-01-20")!)
        #expect(fresh.daysInStage == 19 && fresh.stageDue == LocalDate(iso: "2026-01-29") && fresh.daysOverdue == 0 && fresh.flags == [])
        #expect(fresh.nextReview == LocalDate(iso: "2026-01-29"))
        let late = c.status(today: LocalDate(iso: "2026-03-05")!)
        #expect(late.daysInStage == 63 && late.daysOverdue == 35 && late.flags == [.stageOverdue, .targetPassed] && late.isOverdue)
        c[.leadOfficer] = ""
        #expect(c.status(today: LocalDate(iso: "2026-01-02")!).flags == [.incomplete])
        #expect(c.status(today: LocalDate(iso: "2026-01-02")!).missing == [.leadOfficer])
        // Completed: reviewed a year after completion (29 February → 28 February), overdue once passed.
        let done = TransferCase(id: "cat-2", values: [.stage: "completed", .stageSince: "2024-02-29", .completionDate: "2024-02-29",
                                                      .building: "b", .applicant: "a", .leadOfficer: "l", .tenureSought: "licence",
                                                      .documents: "d", .owner: "o", .tenureAgreed: "licence", .term: "1 year",
                                                      .rent: "£0", .targetDate: "2024-02-01"])
        #expect(done.status(today: LocalDate(iso: "2025-01-01")!).nextReview == LocalDate(iso: "2025-02-28"))
        #expect(done.status(today: LocalDate(iso: "2025-01-01")!).flags == [])
        #expect(done.status(today: LocalDate(iso: "2025-03-01")!).flags == [.reviewOverdue])
        // On hold: reviewed every 90 days; requirements are those of the stage it holds.
        let held = TransferCase(id: "cat-3", values: [.stage: "on-hold", .heldStage: "screening", .stageSince: "2026-01-01", .building: "b"])
        let s = held.status(today: LocalDate(iso: "2026-04-02")!)
        #expect(s.slaDays == 90 && s.daysOverdue == 1 && s.missing == [.applicant, .leadOfficer])
    }

    @Test func dueWithinSelectsCasesDueSoonAndOverdue() throws {
        func make(_ id: String, _ since: String) -> TransferCase {
            TransferCase(id: id, version: 1, values: [.building: "pl-\(id)", .stage: "screening", .stageSince: since,
                                                      .applicant: "x", .leadOfficer: "y"])
        }
        var cat = Catalogue(name: "x", geography: Fixtures.geography, taxonomy: Fixtures.taxonomy, assets: [])
        // Screening is due 28 days after it starts: cat-1 is overdue, cat-2 due in 10 days, cat-3 in 40.
        cat.transferCases = [make("cat-1", "2026-01-01"), make("cat-2", "2026-02-10"), make("cat-3", "2026-03-12")]
        let today = LocalDate(iso: "2026-02-28")!
        #expect(TransferPipeline.select(.init(dueWithinDays: 14), in: cat, today: today).map(\.id) == ["cat-1", "cat-2"])
        #expect(TransferPipeline.select(.init(dueWithinDays: 60), in: cat, today: today).count == 3)
        #expect(TransferPipeline.select(.init(dueWithinDays: 5), in: cat, today: today).map(\.id) == ["cat-1"])
    }

    @Test func movesOpenToACase() throws {
        let c = TransferCase(id: "cat-1", values: [.building: "b", .stage: "screening", .applicant: "a", .leadOfficer: "l"])
        let m = TransferWorkflow.moves(for: c)
        #expect(m.map(\.kind) == [.forward, .back, .back, .hold, .refuse, .withdraw])
        #expect(m[0].to == .businessCase && m[0].missing == [.tenureSought] && !m[0].needsReason)
        #expect(m[0].label == "Advance to Business case")
        #expect(m[1].to == .expressionOfInterest && m[1].needsReason && m[1].label == "Back to Expression of interest")
        #expect(CaseStage.headsOfTerms.required == [.building, .applicant, .leadOfficer, .tenureSought, .documents, .owner,
                                                      .tenureAgreed, .term, .rent])
        #expect(CaseStage(loose: "Heads of terms") == .headsOfTerms && CaseStage(loose: "hold") == .onHold && CaseStage(loose: "EOI") == .expressionOfInterest)
    }
}
