/// The catalogue's view of transfer cases and ACV listings: look-ups for forms, and the
/// groupings the Transfers tab shows (pipeline counts, by ward and cluster, due or overdue).
extension Catalogue: RecordLookup {
    public func assetRef(_ id: String) -> AssetRef? {
        asset(id: id).map { AssetRef(id: $0.id, kind: $0.kind, name: $0.name, owner: $0.owner) }
    }

    public func latestTransferDate(of building: String) -> LocalDate? { transferHistory[building]?.map(\.date).max() }

    public func latestACVDate(of building: String) -> LocalDate? { acvHistory[building]?.map(\.date).max() }

    public func openCase(of building: String) -> TransferCase? {
        transferCases.last { $0.building == building && $0.stage.isOpen }
    }

    public func latestListing(of building: String) -> ACVListing? { acvListings.last { $0.building == building } }

    /// The case a building's page shows: its open case, else its latest.
    public func transferCase(ofBuilding id: String) -> TransferCase? {
        openCase(of: id) ?? transferCases.last { $0.building == id }
    }

    public func transferCase(id: String) -> TransferCase? { transferCases.first { $0.id == id } }

    public func acvListing(id: String) -> ACVListing? { acvListings.first { $0.id == id } }
}

/// Groupings of cases for lists and the pipeline view.
public enum TransferPipeline {
    /// Cases per stage, every stage present (pipeline order, then on hold, refused, withdrawn).
    public static func counts(_ cases: [TransferCase]) -> [(stage: CaseStage, count: Int)] {
        var c: [CaseStage: Int] = [:]
        for x in cases { c[x.stage, default: 0] += 1 }
        return CaseStage.allCases.map { ($0, c[$0] ?? 0) }
    }

    /// Filters used by `transfer list` and the Transfers tab.
    public struct Filter: Sendable, Hashable {
        public var stages: Set<CaseStage> = []
        /// Ward codes.
        public var wards: Set<String> = []
        /// Cluster ids.
        public var clusters: Set<String> = []
        public var overdueOnly = false
        public var openOnly = false
        /// Only cases whose next review (stage due date, or a completed case's review date) falls
        /// within this many days of today — overdue ones included.
        public var dueWithinDays: Int? = nil
        public init(stages: Set<CaseStage> = [], wards: Set<String> = [], clusters: Set<String> = [],
                    overdueOnly: Bool = false, openOnly: Bool = false, dueWithinDays: Int? = nil) {
            self.stages = stages
            self.wards = wards
            self.clusters = clusters
            self.overdueOnly = overdueOnly
            self.openOnly = openOnly
            self.dueWithinDays = dueWithinDays
        }
    }

    /// The cases passing `filter` on `today`, in pipeline order (most overdue first within a stage).
    public static func select(_ filter: Filter, in catalogue: Catalogue, today: LocalDate) -> [TransferCase] {
        catalogue.transferCases.filter { c in
            let building = catalogue.asset(id: c.building)
            return (filter.stages.isEmpty || filter.stages.contains(c.stage))
                && (filter.wards.isEmpty || filter.wards.contains(building?.ward ?? ""))
                && (filter.clusters.isEmpty || filter.clusters.contains(building?.cluster ?? ""))
                && (!filter.openOnly || c.stage.isOpen)
                && (!filter.overdueOnly || c.status(today: today).isOverdue)
                && (filter.dueWithinDays.map { days in
                    let s = c.status(today: today)
                    return s.isOverdue || s.nextReview.map { today.days(until: $0) <= days } == true
                } ?? true)
        }.sorted { a, b in
            let sa = a.status(today: today), sb = b.status(today: today)
            return (a.stage, -sa.daysOverdue, a.id.count, a.id) < (b.stage, -sb.daysOverdue, b.id.count, b.id)
        }
    }

    /// Every ACV date due within `days` of `today` across listings, soonest first (missed
    /// decisions first of all).
    public static func acvDue(_ listings: [ACVListing], today: LocalDate, within days: Int) -> [ACVDeadline] {
        listings.flatMap { $0.deadlines(today: today, within: days) }
            .sorted { ($0.date, $0.listing.count, $0.listing) < ($1.date, $1.listing.count, $1.listing) }
    }
}

extension TransferCase {
    /// "cat-3 · Assessment since 2025-02-17 · lead Jo Bloggs" — for a building's detail pane.
    public var detailLine: String { detailLine(hidingPeople: false) }

    /// The case on one line; `hidingPeople` (presentation mode) leaves out the lead officer.
    public func detailLine(hidingPeople: Bool) -> String {
        var s = "\(id) · \(stage.label)"
        if stage == .onHold, let h = heldStage { s += " (at \(h.label.lowercased()))" }
        if let d = stageSince { s += " since \(d)" }
        if !applicant.isEmpty { s += " · \(applicant)" }
        if !leadOfficer.isEmpty, !hidingPeople { s += " · lead \(leadOfficer)" }
        return s
    }
}

extension ACVListing {
    /// "acv-2 · Listed 2025-01-13, ends 2030-01-13; notice 2024-02-19 …" — dated facts only, so a
    /// detail pane reads the same on any day.
    public var detailLine: String {
        let t = timeline
        var parts = ["\(id) · \(status.label)"]
        switch status {
        case .nominated:
            if let n = t.nominated, let due = t.decisionDue { parts.append("nominated \(n), decision due \(due)") }
        case .listed, .removed:
            if let d = t.decided, let end = t.listingEnds { parts.append("listed \(d), ends \(end)") }
            if let r = t.removed { parts.append("removed \(r)") }
        case .notListed:
            if let d = t.decided { parts.append("decided \(d)") }
        }
        if let n = t.notice, let i = t.interimMoratoriumEnds, let p = t.protectedPeriodEnds {
            var s = "disposal notice \(n): interim moratorium to \(i)"
            if let f = t.fullMoratoriumEnds { s += ", full moratorium to \(f)" }
            parts.append(s + ", protected to \(p)")
        }
        return parts.joined(separator: " · ")
    }
}
