import AssetCatalogue
import Foundation
import Testing

/// Form descriptions and inline validation, as the app will use them.
@Suite struct TransferFormTests {
    @Test func newCaseFormDescribesItsFields() throws {
        let desk = try TransferDesk()
        let cat = desk.catalogue
        let form = TransferForms.newCase(building: "pl-hall", lookup: cat)
        #expect(form.fields.map(\.id) == ["building", "applicant", "owner", "tenure-sought", "lead-officer", "received", "note"])
        #expect(form.fields.map(\.kind) == [.asset, .text, .text, .choice, .text, .date, .multiline])
        #expect(form.fields.filter(\.required).map(\.id) == ["building"])
        #expect(form.field("tenure-sought")?.choices.map(\.value) == Tenure.allCases.map(\.rawValue))
        #expect(form.field("owner")?.initial == "Oldham Council" && form.field("received")?.initial == "today")
        #expect(form.validate(form.initialValues, lookup: cat, today: desk.today) == [])
        var v = form.initialValues
        v["building"] = ""
        v["received"] = "31/2/2026"
        v["tenure-sought"] = "castle"
        let messages = form.validate(v, lookup: cat, today: desk.today)
        #expect(messages.map(\.field) == ["building", "tenure-sought", "received"])
        #expect(messages[0].message == "required to open a case")
        #expect(messages[2].message == "\"31/2/2026\" is not a date: February 2026 has 28 days")
        v = form.initialValues
        v["applicant"] = "grp-friends"
        guard case .transferCase(let c) = try desk.store.submit(form, values: v, by: "app", today: desk.today) else {
            Issue.record("not a case"); return
        }
        #expect(c.stage == .enquiry && c.applicant == "grp-friends" && c.received == desk.today)
        // The same form again: the building now has an open case.
        #expect(form.validate(v, lookup: desk.catalogue, today: desk.today).first?.message.contains("already has an open case") == true)
    }

    /// The advance form's note lands in the case's notes, saved with the move as one change.
    @Test func theMoveFormsNoteLandsInTheCaseNotes() throws {
        let desk = try TransferDesk()
        let c = try desk.open([.applicant: "Friends"])
        let form = TransferForms.move(c, to: .expressionOfInterest)
        #expect(form.fields.last?.id == "note" && form.fields.last?.required == false)
        var v = form.initialValues
        v["note"] = "  Trustees keen; asked for the building's survey  "
        #expect(form.validate(v, lookup: desk.catalogue, today: desk.today) == [])
        _ = try desk.store.submit(form, values: v, by: "alice", today: desk.today)
        let after = try desk.store.transferCase(c.id)
        #expect(after.stage == .expressionOfInterest)
        #expect(after.notes.map(\.text) == ["Trustees keen; asked for the building's survey"] && after.notes[0].by == "alice")
        let new = try desk.store.auditHistory(of: c.id).filter { $0.version > c.version }
        #expect(Set(new.map(\.change)).count == 1 && new.allSatisfy { $0.action == "advance" })
        #expect(new.map(\.field).contains("note"))
        // Undo takes the move and its note back together.
        let undone = try desk.act(after, .undo(reason: ""))
        #expect(undone.stage == .enquiry && undone.notes.isEmpty)
    }

    @Test func moveFormsAskForWhatTheStageNeeds() throws {
        let desk = try TransferDesk()
        var c = try desk.open()
        for t in CaseStage.pipeline[1...5] { c = try desk.move(c, stageValues[t]!) }
        let form = TransferForms.move(c, to: .headsOfTerms)
        #expect(form.title == "\(c.id): Advance to Heads of terms")
        #expect(form.fields.map(\.id) == ["tenure-agreed", "term", "rent", "undervalue", "date", "reason", "note"])
        #expect(form.fields.filter(\.required).map(\.id) == ["tenure-agreed", "term"])
        #expect(form.expectedVersion == c.version && form.recordID == c.id)
        var v = form.initialValues
        let empty = form.validate(v, lookup: desk.catalogue, today: desk.today)
        #expect(empty.map(\.field) == ["tenure-agreed", "term", "rent"])
        v["tenure-agreed"] = "licence"
        v["term"] = "2 years"
        v["rent"] = "£1,000"
        v["date"] = "tomorrow"
        let bad = form.validate(v, lookup: desk.catalogue, today: desk.today)
        #expect(bad.map(\.field) == ["term", "date"])
        #expect(bad[0].message == "a licence to occupy runs for up to 12 months, not 2 years")
        v["term"] = "12m"
        v["date"] = ""
        #expect(form.validate(v, lookup: desk.catalogue, today: desk.today) == [])
        // Someone else saves first: the form's save is refused, naming their change.
        _ = try desk.act(c, .note("meanwhile"), by: "other")
        #expect(throws: ConflictError.self) { try desk.store.submit(form, values: v, by: "app", today: desk.today) }
        let fresh = TransferForms.move(try desk.store.transferCase(c.id), to: .headsOfTerms)
        guard case .transferCase(let saved) = try desk.store.submit(fresh, values: v, by: "app", today: desk.today) else { return }
        #expect(saved.stage == .headsOfTerms && saved.term == Term(months: 12) && saved.rent == Money(pence: 100_000))
        // Going back asks for a reason.
        let back = TransferForms.move(saved, to: .screening)
        #expect(back.fields.map(\.id) == ["date", "reason", "note"] && back.field("reason")?.required == true)
        #expect(back.validate(back.initialValues, lookup: desk.catalogue, today: desk.today).map(\.field) == ["reason"])
        // A skip has no field to blame: one form-level message.
        let skip = TransferForms.move(saved, to: .completed)
        let m = skip.validate(skip.initialValues, lookup: desk.catalogue, today: desk.today)
        #expect(m.count == 1 && m[0].field == "" && m[0].message.contains("stages cannot be skipped"))
    }

    @Test func editFormStartsFromTheCaseAndSavesOnlyWhatChanged() throws {
        let desk = try TransferDesk()
        var c = try desk.open([.applicant: "Friends"])
        c = try desk.move(c)
        let form = TransferForms.edit(c)
        #expect(form.fields.map(\.id) == CaseField.editable.map(\.rawValue) + ["reason"])
        #expect(form.field("applicant")?.initial == "Friends" && form.field("applicant")?.required == true)
        #expect(form.field("term")?.kind == .term && form.field("rent")?.kind == .money)
        let unchanged = form.validate(form.initialValues, lookup: desk.catalogue, today: desk.today)
        #expect(unchanged.count == 1 && unchanged[0].message.contains("nothing to change"))
        var v = form.initialValues
        v["applicant"] = ""
        #expect(form.validate(v, lookup: desk.catalogue, today: desk.today).map(\.field) == ["applicant"])
        v = form.initialValues
        v["conditions"] = "Open to all residents"
        v["reason"] = "from the EOI"
        guard case .transferCase(let saved) = try desk.store.submit(form, values: v, by: "app", today: desk.today) else { return }
        let new = try desk.store.auditHistory(of: c.id).filter { $0.version > c.version }
        #expect(new.map(\.field) == ["conditions"] && new[0].reason == "from the EOI" && saved.conditions == "Open to all residents")
    }

    @Test func acvFormsValidateWithTheSameRules() throws {
        let desk = try TransferDesk()
        let nominate = ACVForms.nominate(building: "pl-hall")
        #expect(nominate.fields.filter(\.required).map(\.id) == ["building", "nominator", "nominator-kind"])
        #expect(nominate.field("nominator-kind")?.choices.count == NominatorKind.allCases.count)
        #expect(nominate.validate(nominate.initialValues, lookup: desk.catalogue, today: desk.today).map(\.field) == ["nominator", "nominator-kind"])
        var v = nominate.initialValues
        v["nominator"] = "Shaw residents"
        v["nominator-kind"] = "local-electors"
        guard case .listing(let l) = try desk.store.submit(nominate, values: v, by: "app", today: desk.today) else { return }
        let decide = ACVForms.decide(l)
        #expect(decide.validate(decide.initialValues, lookup: desk.catalogue, today: desk.today).map(\.field) == ["decision"])
        #expect(throws: WorkflowError.self) { try desk.store.submit(decide, values: decide.initialValues, by: "app", today: desk.today) }
        var d = decide.initialValues
        d["decision"] = "not-listed"
        guard case .listing(let decided) = try desk.store.submit(decide, values: d, by: "app", today: desk.today) else { return }
        #expect(decided.status == .notListed && decided.decisionDate == desk.today)
    }

    /// What undo reverses depends on the audit trail, which the form cannot see: it validates
    /// clean and the store decides inside the save.
    @Test func undoFormsLeaveTheDecisionToTheStore() throws {
        let desk = try TransferDesk()
        var c = try desk.open([.applicant: "Friends"])
        let fresh = TransferForms.undo(c)
        #expect(fresh.validate(fresh.initialValues, lookup: desk.catalogue, today: desk.today) == [])
        #expect(throws: WorkflowError.self) { try desk.store.submit(fresh, values: fresh.initialValues, by: "app", today: desk.today) }
        c = try desk.act(c, .edit(set: [.rent: "900"], reason: ""))
        let undo = TransferForms.undo(c)
        #expect(undo.validate(undo.initialValues, lookup: desk.catalogue, today: desk.today) == [])
        guard case .transferCase(let undone) = try desk.store.submit(undo, values: ["reason": "typo"], by: "app", today: desk.today) else { return }
        let last = try desk.store.auditHistory(of: c.id).last
        #expect(undone.rent == nil && last?.action == "undo" && last?.reason == "typo")
    }
}
