import AssetCatalogue
import Foundation
import Testing

@Suite struct ACVWorkflowTests {
    func acv(_ desk: TransferDesk, _ l: ACVListing, _ a: ACVAction, today: String? = nil) throws -> ACVListing {
        try desk.store.updateACVListing(l.id, a, expectedVersion: l.version, by: "officer", today: today.map(day) ?? desk.today)
    }

    func refusal(_ desk: TransferDesk, _ l: ACVListing, _ a: ACVAction, today: String? = nil) -> WorkflowError? {
        do {
            _ = try acv(desk, l, a, today: today)
            Issue.record("saved when it should be refused")
        } catch let e as WorkflowError { return e } catch { Issue.record("\(error)") }
        return nil
    }

    @Test func nominationToListingToDisposalWithEveryDate() throws {
        var desk = try TransferDesk()
        desk.today = day("2026-10-20")
        let missing = #expect(throws: WorkflowError.self) { try desk.store.nominateACV([.building: "pl-hall"], by: "o", today: desk.today) }
        #expect(missing?.missing == ["nominator", "nominator-kind"])
        #expect(missing?.description == "cannot record the nomination: nominator and nominator-kind are required")
        var l = try desk.store.nominateACV([.building: "pl-hall", .nominator: "Shaw residents", .nominatorKind: "21 local electors",
                                            .nominationDate: "1/8/2024"], by: "o", today: desk.today)
        #expect(l.status == .nominated && l.nominatorKind == .localElectors && l.timeline.decisionDue == day("2024-09-26"))
        #expect(refusal(desk, l, .notifyDisposal(date: "", reason: ""))?.description.contains("not listed") == true)
        #expect(refusal(desk, l, .decide(listed: true, date: "2024-07-31", reason: ""))?.invalid.first?.field == "decision-date")
        l = try acv(desk, l, .decide(listed: true, date: "2024-09-20", reason: ""))
        #expect(l.status == .listed && l.timeline.listingEnds == day("2029-09-20"))
        #expect(refusal(desk, l, .decide(listed: false, date: "", reason: ""))?.description.contains("already decided") == true)
        #expect(refusal(desk, l, .bidRequest(bidder: "X", date: ""))?.description.contains("no owner's notice") == true)
        l = try acv(desk, l, .notifyDisposal(date: "31/8/2026", reason: "owner selling"))
        #expect(l.timeline.interimMoratoriumEnds == day("2026-10-12") && l.timeline.protectedPeriodEnds == day("2028-02-29"))
        // Too late: the interim moratorium ended on 12 October.
        let late = refusal(desk, l, .bidRequest(bidder: "Friends", date: "13/10/2026"))
        #expect(late?.invalid.first?.message.contains("interim moratorium ended on 2026-10-12") == true)
        #expect(refusal(desk, l, .bidRequest(bidder: " ", date: "12/10/2026"))?.missing == ["bidder"])
        l = try acv(desk, l, .bidRequest(bidder: "Friends of Shaw Hall", date: "12/10/2026"))
        #expect(l.timeline.fullMoratoriumEnds == day("2027-02-28") && l.phase(today: desk.today) == .fullMoratorium)
        #expect(refusal(desk, l, .bidRequest(bidder: "Other", date: ""))?.description.contains("already asked") == true)
        // A new notice only after the protected period.
        #expect(refusal(desk, l, .notifyDisposal(date: "", reason: ""))?.invalid.first?.message.contains("protects the sale until 2028-02-29") == true)
        // The building's ACV history follows the record.
        let h = desk.catalogue.acvHistory["pl-hall"]!
        #expect(h.map(\.state) == [.nominated, .listed, .disposalNotified, .disposalNotified])
        #expect(h.map(\.date) == [day("2024-08-01"), day("2024-09-20"), day("2026-08-31"), day("2026-10-12")])
        #expect(h[3].note.contains("Friends of Shaw Hall") && h[3].note.contains("2027-02-28"))
        #expect(try desk.store.verifyTransferRecords() == [])
    }

    @Test func renominationOnlyNearTheEndAndOneNominationAtATime() throws {
        var desk = try TransferDesk()
        desk.today = day("2026-01-10")
        var l = try desk.store.nominateACV([.building: "pl-hall", .nominator: "Friends", .nominatorKind: "community-group",
                                            .nominationDate: "2021-01-04"], by: "o", today: desk.today)
        #expect(throws: WorkflowError.self) {
            try desk.store.nominateACV([.building: "pl-hall", .nominator: "B", .nominatorKind: "other"], by: "o", today: desk.today)
        }
        l = try acv(desk, l, .decide(listed: true, date: "2021-02-01", reason: ""))   // ends 2026-02-01
        #expect(throws: WorkflowError.self) {
            try desk.store.nominateACV([.building: "pl-hall", .nominator: "B", .nominatorKind: "other", .nominationDate: "2025-07-31"],
                                       by: "o", today: desk.today)
        }
        let again = try desk.store.nominateACV([.building: "pl-hall", .nominator: "Friends", .nominatorKind: "community-group",
                                                .nominationDate: "2025-12-01"], by: "o", today: desk.today)
        #expect(again.id != l.id && desk.catalogue.latestListing(of: "pl-hall")?.id == again.id)
        #expect(throws: WorkflowError.self) {
            try desk.store.nominateACV([.building: "grp-friends", .nominator: "B", .nominatorKind: "other"], by: "o", today: desk.today)
        }
    }

    @Test func removeNeedsAReasonAndUndoRestores() throws {
        var desk = try TransferDesk()
        desk.today = day("2026-05-01")
        var l = try desk.store.nominateACV([.building: "pl-library", .nominator: "Lees parish", .nominatorKind: "parish"],
                                           note: "first", by: "o", today: day("2026-02-01"))
        l = try acv(desk, l, .decide(listed: true, date: "2026-03-01", reason: "meets the test"))
        #expect(refusal(desk, l, .remove(date: "", reason: ""))?.missing == ["reason"])
        l = try acv(desk, l, .remove(date: "", reason: "sold before listing; review upheld"))
        #expect(l.status == .removed && l.phase(today: desk.today) == .removed)
        l = try acv(desk, l, .undo(reason: "recorded on the wrong listing"))
        #expect(l.status == .listed && l.removedDate == nil)
        #expect(desk.catalogue.acvStatus(of: "pl-library")?.state == .listed)
        l = try acv(desk, l, .undo(reason: ""))
        #expect(l.status == .nominated && l.decisionDate == nil)
        let e = refusal(desk, l, .undo(reason: ""))
        #expect(e?.description.contains("only its creation is left") == true)
        let edits = refusal(desk, l, .edit(set: [.noticeDate: "2026-04-01", .nominationDate: "today+2"], reason: ""))
        #expect(Set(edits?.invalid.map(\.field) ?? []) == ["nomination-date", "notice-date"])
        #expect(try desk.store.verifyTransferRecords() == [])
    }
}
