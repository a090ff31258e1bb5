/// Assets of Community Value (Localism Act 2011): nominations, listings, owners' notices of
/// intended disposal and the moratoriums that follow, with every date computed.

/// The statutory periods, and the date arithmetic behind them. Each period's end is the
/// *corresponding date*: weeks are 7 days; months are calendar months, clamped to the end of a
/// shorter month (31 August + 6 months = 28 or 29 February). The period runs up to and including
/// that date.
public enum ACVRules {
    /// The council decides within 8 weeks of the nomination.
    public static let decisionWeeks = 8
    /// A listing lasts 5 years.
    public static let listingYears = 5
    /// Interim moratorium: 6 weeks from the owner's notice.
    public static let interimWeeks = 6
    /// Full moratorium: 6 months from the notice, when a community interest group asks to bid.
    public static let fullMonths = 6
    /// Protected period: 18 months from the notice.
    public static let protectedMonths = 18
    /// A listed building may be renominated in the last 6 months of its listing.
    public static let renominationWindowMonths = 6

    public static func decisionDue(nominated: LocalDate) -> LocalDate { nominated.adding(days: 7 * decisionWeeks) }
    public static func listingEnds(listed: LocalDate) -> LocalDate { listed.adding(months: 12 * listingYears) }
    public static func interimMoratoriumEnds(notice: LocalDate) -> LocalDate { notice.adding(days: 7 * interimWeeks) }
    public static func fullMoratoriumEnds(notice: LocalDate) -> LocalDate { notice.adding(months: fullMonths) }
    public static func protectedPeriodEnds(notice: LocalDate) -> LocalDate { notice.adding(months: protectedMonths) }
}

/// Who nominated (the Localism Act's eligible nominators).
public enum NominatorKind: String, Codable, CaseIterable, Sendable {
    case parishCouncil = "parish-council"
    case neighbourhoodForum = "neighbourhood-forum"
    /// An unincorporated body of at least 21 people on the local electoral roll.
    case localElectors = "local-electors"
    /// A charity, community interest company, company limited by guarantee or co-operative.
    case communityGroup = "community-group"
    case other

    public var label: String {
        switch self {
        case .parishCouncil: "Parish council"
        case .neighbourhoodForum: "Neighbourhood forum"
        case .localElectors: "21 local electors"
        case .communityGroup: "Community interest group"
        case .other: "Other"
        }
    }

    public init?(loose text: String) {
        let k = looseKey(text)
        if let v = NominatorKind(rawValue: k) { self = v; return }
        switch k {
        case "parish", "town-council": self = .parishCouncil
        case "forum": self = .neighbourhoodForum
        case "electors", "21-local-electors", "21-electors", "local-people": self = .localElectors
        case "community", "group", "charity", "community-interest-group", "cic", "voluntary-group": self = .communityGroup
        default: return nil
        }
    }
}

/// Where a listing stands in its record (dates decide the phase).
public enum ACVStatus: String, Codable, CaseIterable, Sendable {
    case nominated
    case listed
    case notListed = "not-listed"
    case removed

    public var label: String {
        switch self {
        case .nominated: "Nominated"
        case .listed: "Listed"
        case .notListed: "Not listed"
        case .removed: "Removed"
        }
    }
}

/// The fields of an ACV listing; raw values are the ids of `--set`, forms, JSON and the audit trail.
public enum ACVField: String, Codable, CaseIterable, Sendable, Comparable {
    case building
    case nominator
    case nominatorKind = "nominator-kind"
    case nominationDate = "nomination-date"
    case decisionDate = "decision-date"
    case noticeDate = "notice-date"
    case bidRequestDate = "bid-request-date"
    case bidder
    case removedDate = "removed-date"
    /// Kept by the workflow (nominate, decide, remove).
    case status
    case note

    /// Fields an officer may correct with `edit`.
    public static let editable: [ACVField] = [.nominator, .nominatorKind, .nominationDate, .decisionDate, .noticeDate,
                                              .bidRequestDate, .bidder, .removedDate]

    public var label: String {
        switch self {
        case .building: "Building"
        case .nominator: "Nominated by"
        case .nominatorKind: "Nominator is a"
        case .nominationDate: "Nomination date"
        case .decisionDate: "Decision date"
        case .noticeDate: "Owner's notice of disposal"
        case .bidRequestDate: "Request to bid"
        case .bidder: "Bidding group"
        case .removedDate: "Removed from the list"
        case .status: "Status"
        case .note: "Note"
        }
    }

    public var kind: FieldKind {
        switch self {
        case .building: .asset
        case .nominator, .bidder: .text
        case .nominatorKind, .status: .choice
        case .nominationDate, .decisionDate, .noticeDate, .bidRequestDate, .removedDate: .date
        case .note: .multiline
        }
    }

    public var help: String {
        switch self {
        case .building: "The building's id (a place in the catalogue)."
        case .nominator: "Who nominated: the organisation's name, or \"21 local electors\" and a contact group."
        case .nominatorKind: NominatorKind.allCases.map(\.rawValue).joined(separator: ", ")
        case .nominationDate: "When the nomination was received; the decision is due 8 weeks later."
        case .decisionDate: "When the council decided; a listing lasts 5 years from it."
        case .noticeDate: "When the owner notified an intended disposal: interim moratorium 6 weeks, protected period 18 months."
        case .bidRequestDate: "When a community interest group asked to be treated as a bidder (within the interim moratorium)."
        case .bidder: "The community interest group that asked to bid."
        case .removedDate: "When the listing was removed early (e.g. on review or appeal)."
        case .status: "nominated, listed, not-listed or removed (changed by nominate, decide and remove)."
        case .note: "A dated note."
        }
    }

    var isWorkflow: Bool { self == .status || self == .note || self == .building }

    public static func < (a: ACVField, b: ACVField) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Every date of a listing that the law fixes, computed from what is recorded.
public struct ACVTimeline: Hashable, Codable, Sendable {
    public var nominated: LocalDate?
    public var decisionDue: LocalDate?
    public var decided: LocalDate?
    public var listingEnds: LocalDate?
    public var notice: LocalDate?
    public var interimMoratoriumEnds: LocalDate?
    public var bidRequest: LocalDate?
    public var fullMoratoriumEnds: LocalDate?
    public var protectedPeriodEnds: LocalDate?
    public var removed: LocalDate?
}

/// What a listing means on a given day.
public enum ACVPhase: String, Codable, Sendable, CaseIterable {
    /// Nominated; decision not yet due.
    case awaitingDecision = "awaiting-decision"
    /// Nominated; more than 8 weeks ago and undecided.
    case decisionOverdue = "decision-overdue"
    case notListed = "not-listed"
    case listed
    /// Owner has notified a disposal; no sale for 6 weeks.
    case interimMoratorium = "interim-moratorium"
    /// A community interest group asked to bid: no sale (except to a community group) until 6 months from the notice.
    case fullMoratorium = "full-moratorium"
    /// The moratorium is over; the owner may sell to anyone until 18 months from the notice.
    case protectedPeriod = "protected-period"
    /// The 5 years are over.
    case expired
    case removed

    public var label: String {
        switch self {
        case .awaitingDecision: "Awaiting decision"
        case .decisionOverdue: "Decision overdue"
        case .notListed: "Not listed"
        case .listed: "Listed"
        case .interimMoratorium: "Interim moratorium"
        case .fullMoratorium: "Full moratorium"
        case .protectedPeriod: "Protected period"
        case .expired: "Listing ended"
        case .removed: "Removed"
        }
    }
}

/// A date coming up (or missed) on a listing.
public struct ACVDeadline: Hashable, Codable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case decisionDue = "decision-due"
        case listingEnds = "listing-ends"
        case interimMoratoriumEnds = "interim-moratorium-ends"
        case fullMoratoriumEnds = "full-moratorium-ends"
        case protectedPeriodEnds = "protected-period-ends"

        public var label: String {
            switch self {
            case .decisionDue: "Decision due"
            case .listingEnds: "Listing ends"
            case .interimMoratoriumEnds: "Interim moratorium ends"
            case .fullMoratoriumEnds: "Full moratorium ends"
            case .protectedPeriodEnds: "Protected period ends"
            }
        }
    }
    public var listing: String
    public var building: String
    public var kind: Kind
    public var date: LocalDate
    /// Negative when missed (only undecided nominations are listed once missed).
    public var daysLeft: Int
    public var overdue: Bool { daysLeft < 0 }
}

/// One nomination and what followed it. Values are canonical text, as in the audit trail.
public struct ACVListing: Hashable, Sendable, Identifiable {
    public var id: String
    public var version: Int
    public var values: [ACVField: String]
    public var notes: [RecordNote]

    public init(id: String, version: Int = 0, values: [ACVField: String] = [:], notes: [RecordNote] = []) {
        self.id = id
        self.version = version
        self.values = values.filter { !$0.value.isEmpty }
        self.notes = notes
    }

    public subscript(_ f: ACVField) -> String {
        get { values[f] ?? "" }
        set { values[f] = newValue.isEmpty ? nil : newValue }
    }

    public var building: String { self[.building] }
    public var status: ACVStatus { ACVStatus(rawValue: self[.status]) ?? .nominated }
    public var nominator: String { self[.nominator] }
    public var nominatorKind: NominatorKind? { NominatorKind(rawValue: self[.nominatorKind]) }
    public var nominationDate: LocalDate? { LocalDate(iso: self[.nominationDate]) }
    public var decisionDate: LocalDate? { LocalDate(iso: self[.decisionDate]) }
    public var noticeDate: LocalDate? { LocalDate(iso: self[.noticeDate]) }
    public var bidRequestDate: LocalDate? { LocalDate(iso: self[.bidRequestDate]) }
    public var bidder: String { self[.bidder] }
    public var removedDate: LocalDate? { LocalDate(iso: self[.removedDate]) }

    /// Whether the council listed it (listed, or listed and later removed).
    public var wasListed: Bool { status == .listed || (status == .removed && decisionDate != nil) }

    public var timeline: ACVTimeline {
        var t = ACVTimeline()
        t.nominated = nominationDate
        t.decisionDue = nominationDate.map(ACVRules.decisionDue(nominated:))
        t.decided = decisionDate
        if wasListed { t.listingEnds = decisionDate.map(ACVRules.listingEnds(listed:)) }
        if let n = noticeDate {
            t.notice = n
            t.interimMoratoriumEnds = ACVRules.interimMoratoriumEnds(notice: n)
            t.protectedPeriodEnds = ACVRules.protectedPeriodEnds(notice: n)
            if let b = bidRequestDate {
                t.bidRequest = b
                t.fullMoratoriumEnds = ACVRules.fullMoratoriumEnds(notice: n)
            }
        }
        t.removed = removedDate
        return t
    }

    /// What the listing means on `today`.
    public func phase(today: LocalDate) -> ACVPhase {
        let t = timeline
        switch status {
        case .removed: return .removed
        case .notListed: return .notListed
        case .nominated:
            if let due = t.decisionDue, today > due { return .decisionOverdue }
            return .awaitingDecision
        case .listed:
            if let end = t.listingEnds, today > end { return .expired }
            if t.notice != nil {
                if let full = t.fullMoratoriumEnds, today <= full { return .fullMoratorium }
                if let interim = t.interimMoratoriumEnds, today <= interim { return .interimMoratorium }
                if let prot = t.protectedPeriodEnds, today <= prot { return .protectedPeriod }
            }
            return .listed
        }
    }

    /// "Listed until 2030-01-13", "Full moratorium until 2027-02-28", …
    public func statusLine(today: LocalDate) -> String {
        let t = timeline
        let p = phase(today: today)
        switch p {
        case .awaitingDecision, .decisionOverdue: return "\(p.label) (due \(t.decisionDue.map(\.description) ?? "?"))"
        case .notListed: return "Not listed (\(t.decided.map(\.description) ?? "?"))"
        case .listed: return "Listed until \(t.listingEnds.map(\.description) ?? "?")"
        case .interimMoratorium: return "Interim moratorium until \(t.interimMoratoriumEnds!)"
        case .fullMoratorium: return "Full moratorium until \(t.fullMoratoriumEnds!)"
        case .protectedPeriod: return "Protected period until \(t.protectedPeriodEnds!) (sale allowed)"
        case .expired: return "Listing ended \(t.listingEnds.map(\.description) ?? "?")"
        case .removed: return "Removed \(t.removed.map(\.description) ?? "")"
        }
    }

    /// The listing's dates that fall within `days` of `today` (and an undecided nomination's
    /// missed decision date, however late).
    public func deadlines(today: LocalDate, within days: Int) -> [ACVDeadline] {
        let t = timeline
        var out: [ACVDeadline] = []
        func add(_ k: ACVDeadline.Kind, _ d: LocalDate?, overdueToo: Bool = false) {
            guard let d else { return }
            let left = today.days(until: d)
            if left <= days && (left >= 0 || overdueToo) {
                out.append(ACVDeadline(listing: id, building: building, kind: k, date: d, daysLeft: left))
            }
        }
        switch status {
        case .nominated: add(.decisionDue, t.decisionDue, overdueToo: true)
        case .listed:
            add(.listingEnds, t.listingEnds)
            if t.notice != nil {
                if t.bidRequest == nil { add(.interimMoratoriumEnds, t.interimMoratoriumEnds) }
                add(.fullMoratoriumEnds, t.fullMoratoriumEnds)
                add(.protectedPeriodEnds, t.protectedPeriodEnds)
            }
        case .notListed, .removed: break
        }
        return out
    }

    /// The one-line history state the building's ACV history shows for this listing.
    var historyState: ACVState {
        switch status {
        case .nominated: .nominated
        case .notListed: .notListed
        case .removed: .removed
        case .listed: noticeDate == nil ? .listed : .disposalNotified
        }
    }
}
