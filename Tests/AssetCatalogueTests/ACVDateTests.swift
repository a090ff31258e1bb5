import AssetCatalogue
import Foundation
import Testing

func day(_ s: String) -> LocalDate { LocalDate(iso: s)! }

/// The Localism Act's periods, computed from recorded dates: month ends and leap years.
@Suite struct ACVDateTests {
    @Test(arguments: [
        // notice, interim (6 weeks), full (6 months), protected (18 months)
        ("2026-08-31", "2026-10-12", "2027-02-28", "2028-02-29"),
        ("2027-08-31", "2027-10-12", "2028-02-29", "2029-02-28"),
        ("2026-01-31", "2026-03-14", "2026-07-31", "2027-07-31"),
        ("2024-02-29", "2024-04-11", "2024-08-29", "2025-08-29"),
        ("2025-12-31", "2026-02-11", "2026-06-30", "2027-06-30"),
        ("2024-02-19", "2024-04-01", "2024-08-19", "2025-08-19"),
    ])
    func moratoriumsFromTheNotice(notice: String, interim: String, full: String, protected: String) {
        let n = day(notice)
        #expect(ACVRules.interimMoratoriumEnds(notice: n) == day(interim))
        #expect(ACVRules.fullMoratoriumEnds(notice: n) == day(full))
        #expect(ACVRules.protectedPeriodEnds(notice: n) == day(protected))
    }

    @Test(arguments: [
        ("2024-02-29", "2029-02-28"), ("2028-02-29", "2033-02-28"), ("2024-02-28", "2029-02-28"),
        ("2025-01-13", "2030-01-13"), ("2023-12-31", "2028-12-31"),
    ])
    func listingLastsFiveYears(listed: String, ends: String) {
        #expect(ACVRules.listingEnds(listed: day(listed)) == day(ends))
    }

    @Test(arguments: [
        ("2026-09-28", "2026-11-23"), ("2024-01-05", "2024-03-01"), ("2023-01-05", "2023-03-02"), ("2025-12-20", "2026-02-14"),
    ])
    func decisionDueEightWeeksAfterNomination(nominated: String, due: String) {
        #expect(ACVRules.decisionDue(nominated: day(nominated)) == day(due))
    }

    func listing(_ v: [ACVField: String]) -> ACVListing {
        var all: [ACVField: String] = [.building: "pl-x", .nominator: "Friends", .nominationDate: "2024-01-05", .status: "listed",
                                       .decisionDate: "2024-02-29"]
        for (k, x) in v { all[k] = x }
        return ACVListing(id: "acv-1", version: 1, values: all)
    }

    @Test func phasesFollowTheDates() {
        let nominated = listing([.status: "nominated", .decisionDate: ""])
        #expect(nominated.phase(today: day("2024-03-01")) == .awaitingDecision)
        #expect(nominated.phase(today: day("2024-03-02")) == .decisionOverdue)
        let listed = listing([:])
        #expect(listed.timeline.listingEnds == day("2029-02-28"))
        #expect(listed.phase(today: day("2029-02-28")) == .listed)
        #expect(listed.phase(today: day("2029-03-01")) == .expired)
        let notified = listing([.noticeDate: "2026-08-31"])
        #expect(notified.phase(today: day("2026-10-12")) == .interimMoratorium)
        #expect(notified.phase(today: day("2026-10-13")) == .protectedPeriod)
        #expect(notified.phase(today: day("2028-02-29")) == .protectedPeriod)
        #expect(notified.phase(today: day("2028-03-01")) == .listed)
        let bid = listing([.noticeDate: "2026-08-31", .bidRequestDate: "2026-10-01", .bidder: "Community Pub Ltd"])
        #expect(bid.timeline.fullMoratoriumEnds == day("2027-02-28"))
        #expect(bid.phase(today: day("2026-10-13")) == .fullMoratorium)
        #expect(bid.phase(today: day("2027-02-28")) == .fullMoratorium)
        #expect(bid.phase(today: day("2027-03-01")) == .protectedPeriod)
        #expect(listing([.status: "not-listed"]).phase(today: day("2025-01-01")) == .notListed)
        #expect(listing([.status: "removed", .removedDate: "2025-01-01"]).phase(today: day("2025-01-02")) == .removed)
        #expect(bid.statusLine(today: day("2026-11-01")) == "Full moratorium until 2027-02-28")
    }

    @Test func deadlinesWithinAWindow() {
        let nominated = listing([.status: "nominated", .decisionDate: "", .nominationDate: "2026-09-28"])
        #expect(nominated.deadlines(today: day("2026-11-01"), within: 30).map(\.kind) == [.decisionDue])
        #expect(nominated.deadlines(today: day("2026-11-01"), within: 21).isEmpty)
        let missed = nominated.deadlines(today: day("2026-12-01"), within: 0)
        #expect(missed.count == 1 && missed[0].daysLeft == -8 && missed[0].overdue)
        let notified = listing([.noticeDate: "2026-08-31"])
        let soon = notified.deadlines(today: day("2026-10-01"), within: 14)
        #expect(soon.map(\.kind) == [.interimMoratoriumEnds] && soon[0].daysLeft == 11)
        let all = notified.deadlines(today: day("2026-10-01"), within: 1000)
        #expect(all.map(\.kind) == [.listingEnds, .interimMoratoriumEnds, .protectedPeriodEnds])
        let bid = listing([.noticeDate: "2026-08-31", .bidRequestDate: "2026-09-01"])
        #expect(bid.deadlines(today: day("2026-10-01"), within: 1000).map(\.kind) == [.listingEnds, .fullMoratoriumEnds, .protectedPeriodEnds])
        let due = TransferPipeline.acvDue([notified, nominated], today: day("2026-10-01"), within: 60)
        #expect(due.map(\.date) == [day("2026-10-12"), day("2026-11-23")])
    }
}
