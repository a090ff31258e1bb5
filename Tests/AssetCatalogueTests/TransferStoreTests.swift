import AssetCatalogue
import Foundation
import Testing

/// The record to trust: one audit event per changed field, undo by compensation, version
/// checks between store handles, read-only refusal, all-or-nothing saves.
@Suite struct TransferStoreTests {
    /// Every event of every save against the values before and after it.
    @Test func everyFieldChangeHasItsEventWithOldAndNewValues() throws {
        let desk = try TransferDesk()
        var c = try desk.open([.applicant: "Friends", .leadOfficer: "Jo"], note: "phoned in")
        var before = c
        var events = try desk.store.auditHistory(of: c.id)
        #expect(events.count == c.version && c.version == 8)
        #expect(events.map(\.field) == ["building", "applicant", "owner", "lead-officer", "received", "stage", "stage-since", "note"])
        #expect(events.map(\.new) == ["pl-hall", "Friends", "Oldham Council", "Jo", "2026-03-02", "enquiry", "2026-03-02", "phoned in"])
        #expect(events.allSatisfy { $0.old == "" && $0.action == "create" && $0.by == "tester" && $0.change == events[0].seq })
        let steps: [CaseAction] = [
            .edit(set: [.rent: "1200", .conditions: "Open to all", .leadOfficer: "Sam"], reason: "valuation"),
            .move(to: nil, set: [:], reason: "", date: ""),
            .move(to: nil, set: [:], reason: "", date: ""),
            .edit(set: [.conditions: "", .tenureSought: "short lease"], reason: "tidy"),
            .note("site visit booked"),
            .move(to: .enquiry, set: [:], reason: "start again", date: ""),
        ]
        for step in steps {
            before = c
            c = try desk.act(c, step, by: "alice")
            events = try desk.store.auditHistory(of: c.id)
            let new = events.filter { $0.version > before.version }
            #expect(c.version == events.count, "version counts events")
            #expect(new.map(\.version) == Array((before.version + 1)...c.version))
            #expect(Set(new.map(\.change)).count == 1 && new.allSatisfy { $0.by == "alice" })
            // Exactly the fields that differ, each with its old and new value.
            let changed = CaseField.allCases.filter { $0 != .note && before[$0] != c[$0] }
            #expect(new.filter { $0.field != "note" }.map(\.field).sorted() == changed.map(\.rawValue).sorted(), "\(step)")
            for e in new where e.field != "note" {
                let f = CaseField(rawValue: e.field)!
                #expect(e.old == before[f] && e.new == c[f], "\(e.summary)")
            }
            if case .edit(_, let reason) = step { #expect(new.allSatisfy { $0.reason == reason }) }
        }
        #expect(c.notes.map(\.text) == ["phoned in", "site visit booked"] && c.notes[1].by == "alice")
        #expect(try desk.store.verifyTransferRecords() == [])
    }

    @Test func undoAddsCompensatingEventsAndRestoresValues() throws {
        let desk = try TransferDesk()
        var c = try desk.open([.applicant: "Friends", .leadOfficer: "Jo"])
        var snapshots = [c]
        c = try desk.act(c, .edit(set: [.rent: "£500", .conditions: "x"], reason: "")); snapshots.append(c)
        c = try desk.move(c); snapshots.append(c)
        c = try desk.act(c, .note("remember the keys")); snapshots.append(c)
        c = try desk.move(c, to: .onHold, reason: "survey"); snapshots.append(c)
        let eventsBefore = try desk.store.auditHistory(of: c.id)
        // Walk all the way back: each undo restores the values before the change it compensates.
        for expected in snapshots.dropLast().reversed() {
            let lastChange = try desk.store.auditHistory(of: c.id).filter { $0.undoes == nil }.map(\.change)
            let undone = Set(try desk.store.auditHistory(of: c.id).compactMap(\.undoes))
            let target = lastChange.filter { !undone.contains($0) }.max()!
            let v = c.version
            c = try desk.act(c, .undo(reason: ""), by: "bob")
            #expect(c.values == expected.values, "undo of change \(target)")
            #expect(c.notes.map(\.text) == expected.notes.map(\.text))
            let comp = try desk.store.auditHistory(of: c.id).filter { $0.version > v }
            #expect(!comp.isEmpty && comp.allSatisfy { $0.undoes == target && $0.action == "undo" && $0.by == "bob" })
            let original = eventsBefore.filter { $0.change == target }
            #expect(Set(comp.map { "\($0.field)|\($0.old)|\($0.new)" }) == Set(original.map { "\($0.field)|\($0.new)|\($0.old)" }))
        }
        #expect(throws: WorkflowError.self) { try desk.act(c, .undo(reason: "")) }
        // Nothing was rewritten: the original events are all still there, unchanged.
        let after = try desk.store.auditHistory(of: c.id)
        #expect(Array(after.prefix(eventsBefore.count)) == eventsBefore)
        #expect(c.version == after.count)
        // Undoing stage moves put the building's history back too.
        let history = desk.catalogue.transferHistory["pl-hall"]!
        #expect(history.map(\.state) == [.enquiry, .inProgress, .inProgress, .inProgress, .enquiry])
        #expect(history.last?.note.contains("undo") == true)
        #expect(desk.catalogue.transferState(of: "pl-hall") == .enquiry)
        #expect(try desk.store.verifyTransferRecords() == [])
    }

    @Test func twoStoreHandlesSavingFromTheSameVersionConflict() throws {
        let desk = try TransferDesk()
        let c = try desk.open([.applicant: "Friends"])
        let other = try CatalogueStore(path: desk.path)   // a second officer, another connection pool
        let mine = try desk.store.transferCase(c.id), theirs = try other.transferCase(c.id)
        #expect(mine.version == theirs.version)
        _ = try other.updateTransferCase(c.id, .edit(set: [.rent: "£900", .leadOfficer: "Priya"], reason: "agreed"),
                                         expectedVersion: theirs.version, by: "priya", today: desk.today)
        do {
            _ = try desk.store.updateTransferCase(c.id, .edit(set: [.rent: "£100"], reason: ""), expectedVersion: mine.version,
                                                  by: "me", today: desk.today)
            Issue.record("a stale save went through")
        } catch let e as ConflictError {
            #expect(e.expectedVersion == mine.version && e.currentVersion == mine.version + 2)
            #expect(e.changedFields.map(\.field) == ["rent", "lead-officer"])
            #expect(e.changedFields[0].old == "" && e.changedFields[0].new == "£900" && e.changedFields[0].by == ["priya"])
            #expect(e.description.contains("rent (empty) → £900 (priya)") && e.description.contains("Nothing was saved"))
        }
        let now = try desk.store.transferCase(c.id)
        #expect(now.rent == Money(pence: 90_000) && now.version == mine.version + 2)
        // Stale moves, notes and undos are refused the same way.
        for a in [CaseAction.note("x"), .undo(reason: ""), .move(to: .refused, set: [:], reason: "r", date: "")] {
            #expect(throws: ConflictError.self) {
                try desk.store.updateTransferCase(c.id, a, expectedVersion: mine.version, by: "me", today: desk.today)
            }
        }
        #expect(try desk.store.auditHistory(of: c.id).count == now.version)
        // Read again, save again: fine.
        let ok = try desk.store.updateTransferCase(c.id, .edit(set: [.rent: "£100"], reason: ""), expectedVersion: now.version,
                                                   by: "me", today: desk.today)
        #expect(ok.rent == Money(pence: 10_000))
    }

    @Test func concurrentSavesFromManyThreadsNeverLoseAChange() async throws {
        let desk = try TransferDesk()
        let c = try desk.open()
        let path = desk.path, today = desk.today, id = c.id
        // Eight handles each add notes, re-reading and retrying on conflict.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<8 {
                group.addTask {
                    let s = try CatalogueStore(path: path)
                    for i in 0..<10 {
                        while true {
                            let cur = try s.transferCase(id)
                            do {
                                _ = try s.updateTransferCase(id, .note("w\(w)-\(i)"), expectedVersion: cur.version, by: "w\(w)", today: today)
                                break
                            } catch is ConflictError { continue }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let end = try desk.store.transferCase(id)
        #expect(end.notes.count == 80 && end.version == c.version + 80)
        #expect(try desk.store.verifyTransferRecords() == [])
    }

    @Test func readOnlyStoresRefuseEveryWrite() throws {
        let desk = try TransferDesk()
        let c = try desk.open()
        var l = try desk.store.nominateACV([.building: "pl-hall", .nominator: "n", .nominatorKind: "other"], by: "o", today: desk.today)
        l = try desk.store.updateACVListing(l.id, .decide(listed: true, date: "", reason: ""), expectedVersion: l.version, by: "o", today: desk.today)
        let ro = try CatalogueStore(path: desk.path, readOnly: true)
        let before = try ro.auditTrail().count
        let attempts: [() throws -> Void] = [
            { _ = try ro.createTransferCase([.building: "pl-library"], by: "x", today: desk.today) },
            { _ = try ro.updateTransferCase(c.id, .note("x"), expectedVersion: c.version, by: "x", today: desk.today) },
            { _ = try ro.updateTransferCase(c.id, .undo(reason: ""), expectedVersion: c.version, by: "x", today: desk.today) },
            { _ = try ro.nominateACV([.building: "pl-library", .nominator: "n", .nominatorKind: "other"], by: "x", today: desk.today) },
            { _ = try ro.updateACVListing(l.id, .notifyDisposal(date: "", reason: ""), expectedVersion: l.version, by: "x", today: desk.today) },
            { _ = try ro.deriveTransferRecordsIfNeeded(by: "x") },
            { _ = try ro.submit(TransferForms.note(c), values: ["text": "x"], by: "x", today: desk.today) },
        ]
        for a in attempts {
            #expect(throws: StoreError.self) { try a() }
        }
        #expect(try ro.auditTrail().count == before)
        #expect(try ro.transferCase(c.id) == c)
    }

    @Test func aRefusedOrFailingSaveWritesNothing() throws {
        let desk = try TransferDesk()
        let c = try desk.open()
        let trail = try desk.store.auditTrail(), history = desk.catalogue.allTransferEvents
        #expect(throws: WorkflowError.self) {
            try desk.act(c, .move(to: nil, set: [.applicant: "Friends", .rent: "nonsense"], reason: "", date: ""))
        }
        #expect(throws: StoreError.self) { try desk.store.updateTransferCase("cat-99", .note("x"), expectedVersion: 1, by: "x", today: desk.today) }
        #expect(try desk.store.auditTrail() == trail)
        #expect(desk.catalogue.allTransferEvents == history)
        #expect(try desk.store.transferCase(c.id) == c)
    }

    @Test func auditEventsCannotBeRewrittenInTheDatabase() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") else {
            print("skipping: /usr/bin/sqlite3 is not installed")
            return
        }
        let desk = try TransferDesk()
        let c = try desk.open()
        for sql in ["UPDATE audit_event SET new = 'forged' WHERE seq = 1;", "DELETE FROM audit_event;"] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            p.arguments = [desk.path, sql]
            let err = Pipe()
            p.standardError = err
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            let msg = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(p.terminationStatus != 0 && msg.contains("append-only"), "\(sql): \(msg)")
        }
        #expect(try desk.store.auditHistory(of: c.id).count == c.version)
    }

    @Test func migrationRunsAfterTheEarlierOnesAndCasesLoadWithTheCatalogue() throws {
        let desk = try TransferDesk()
        let applied = try desk.store.appliedMigrations()
        #expect(applied.first == "v1: assets, links, histories, change log")
        let v3 = applied.firstIndex(of: "v3: transfer cases, ACV listings and audit events")
        #expect(v3 != nil && v3 == applied.firstIndex(of: "v2: ward boundaries").map { $0 + 1 })
        let c = try desk.open()
        let cat = desk.catalogue
        #expect(cat.transferCases == [c] && cat.transferCase(ofBuilding: "pl-hall") == c)
        let fields = AssetDetails.fields(of: cat.asset(id: "pl-hall")!, in: cat)
        #expect(fields.contains { $0.0 == "Case" && $0.1.hasPrefix("\(c.id) · Enquiry since ") })
        // The case's stage is the building's transfer status, so search filters follow it.
        let q = try SearchQuery.parse("transfer:enquiry", in: cat)
        #expect(SearchIndex(cat).search(q, limit: nil).map { cat.assets[$0.index].id } == ["pl-hall"])
    }

    @Test func theDefaultCatalogueSeedsCasesAndListingsOnce() throws {
        let home = Fixtures.tempDir()
        let path = home.appendingPathComponent("catalogue.sqlite")
        let (store0, cat) = try CatalogueStore.openCatalogue(path: path, readOnly: false, officer: "seed")
        let store = try #require(store0)
        // Open cases for buildings whose imported history is still open; finished ones stay history.
        let open = Set(cat.transferCases.map(\.building))
        let expected = Set(cat.transferHistory.filter { [.enquiry, .inProgress].contains($0.value.last!.state) }.keys)
        #expect(open == expected && !open.isEmpty)
        let coppice = try store.transferCase("pl-coppice-community-centre")
        #expect(coppice.stage == .assessment && coppice.stageSince == day("2025-02-17") && coppice.received == day("2023-01-09"))
        #expect(coppice.tenureSought == .longLease && coppice.status(today: day("2025-03-01")).flags == [.incomplete])
        let delph = try store.transferCase("pl-delph-library")
        #expect(delph.stage == .headsOfTerms && delph.received == day("2023-03-20"))
        #expect(try store.auditHistory(of: coppice.id).allSatisfy { $0.action == "derive" && $0.by == "seed" })
        // Dated as the history is (its latest entry), not with the day the store was opened.
        #expect(try store.auditHistory(of: coppice.id).allSatisfy { $0.at.hasPrefix("2025-02-17") })
        // ACV: the latest nomination of every building with ACV history.
        #expect(Set(cat.acvListings.map(\.building)) == Set(cat.acvHistory.keys))
        let waterhead = try store.acvListing("pl-waterhead-social-club")
        #expect(waterhead.noticeDate == day("2024-02-19") && waterhead.bidRequestDate == day("2024-03-22"))
        #expect(waterhead.timeline.fullMoratoriumEnds == day("2024-08-19") && waterhead.nominatorKind == .localElectors)
        #expect(waterhead.phase(today: day("2026-11-23")) == .expired)
        let boundary = try store.acvListing("pl-boundary-park")
        #expect(boundary.nominationDate == day("2024-11-25") && boundary.timeline.listingEnds == day("2030-01-13"))
        #expect(try store.acvListing("pl-diggle-village-hall").timeline.decisionDue == day("2026-11-23"))
        #expect(try store.acvListing("pl-limeside-tenants-hall").status == .removed)
        // The histories themselves were not touched, and a second open derives nothing more.
        #expect(store.historiesMatchTheDefaultCatalogue(cat))
        let (_, again) = try CatalogueStore.openCatalogue(path: path, readOnly: false, officer: "other")
        #expect(again.transferCases == cat.transferCases && again.acvListings == cat.acvListings)
        #expect(again.allTransferEvents == cat.allTransferEvents && again.allACVEvents == cat.allACVEvents)
        #expect(try store.verifyTransferRecords() == [])
    }
}

extension CatalogueStore {
    /// The seeded histories equal the default catalogue's files.
    func historiesMatchTheDefaultCatalogue(_ cat: Catalogue) -> Bool {
        guard let def = try? DefaultCatalogue.load(from: Fixtures.assets) else { return false }
        return def.allTransferEvents == cat.allTransferEvents && def.allACVEvents == cat.allACVEvents
    }
}
