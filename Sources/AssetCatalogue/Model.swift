/// The catalogue's model: four kinds of community asset, the links between them, and the
/// dated transfer and Asset of Community Value histories of buildings.

/// What an asset is.
public enum AssetKind: String, Codable, CaseIterable, Sendable, Comparable {
    /// A community, voluntary, faith or social-enterprise organisation.
    case group
    /// Something that happens: a session, club or service with a schedule.
    case activity
    /// A building, room or open space.
    case place
    /// A group or building acting as a hub for social action, hosting others.
    case anchor

    public var label: String {
        switch self {
        case .group: "Group"
        case .activity: "Activity"
        case .place: "Building/place"
        case .anchor: "Community anchor"
        }
    }

    public var plural: String {
        switch self {
        case .group: "Groups"
        case .activity: "Activities"
        case .place: "Buildings & places"
        case .anchor: "Community anchors"
        }
    }

    /// Parses `group`, `groups`, `building`, `place`, `anchor`, `activity`, any case.
    public init?(loose text: String) {
        switch Text.fold(text) {
        case "group", "groups", "organisation", "organization": self = .group
        case "activity", "activities", "session": self = .activity
        case "place", "places", "building", "buildings", "building/place": self = .place
        case "anchor", "anchors", "community anchor": self = .anchor
        default: return nil
        }
    }

    public static func < (a: AssetKind, b: AssetKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A latitude/longitude pair in WGS84 degrees.
public struct Coordinate: Codable, Hashable, Sendable {
    public var lat: Double
    public var lon: Double
    public init(lat: Double, lon: Double) { self.lat = lat; self.lon = lon }
}

/// How two assets are linked. Every relation reads both ways: `inverseLabel` names it from the target's side.
public enum LinkRelation: String, Codable, CaseIterable, Sendable {
    /// activity → group that runs it
    case runBy = "run_by"
    /// activity → place where it happens
    case heldAt = "held_at"
    /// group or anchor → place it is based at
    case basedAt = "based_at"
    /// anchor → group or activity it hosts
    case hosts

    public var label: String {
        switch self {
        case .runBy: "Run by"
        case .heldAt: "Held at"
        case .basedAt: "Based at"
        case .hosts: "Hosts"
        }
    }

    public var inverseLabel: String {
        switch self {
        case .runBy: "Runs"
        case .heldAt: "Activities here"
        case .basedAt: "Based here"
        case .hosts: "Hosted by"
        }
    }
}

/// A directed link from one asset to another.
public struct AssetLink: Codable, Hashable, Sendable {
    public var relation: LinkRelation
    public var target: String
    public init(_ relation: LinkRelation, _ target: String) {
        self.relation = relation
        self.target = target
    }
}

/// Days of the week, Monday first.
public enum Weekday: Int, Codable, CaseIterable, Sendable, Comparable {
    case mon = 1, tue, wed, thu, fri, sat, sun

    public var short: String { ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][rawValue - 1] }
    public var name: String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][rawValue - 1]
    }
    public var code: String { short.lowercased() }

    /// Accepts `mon`, `Monday`, `tues`, `thurs`, `weds`, any case; at least two letters, unambiguous.
    public init?(loose text: String) {
        let t = Text.fold(text)
        if t == "weds" { self = .wed; return }
        guard t.count >= 2 else { return nil }
        let matches = Weekday.allCases.filter { $0.name.lowercased().hasPrefix(t) }
        guard matches.count == 1 else { return nil }
        self = matches[0]
    }

    public static func < (a: Weekday, b: Weekday) -> Bool { a.rawValue < b.rawValue }
}

/// When an activity happens.
public struct Schedule: Codable, Hashable, Sendable {
    public var days: [Weekday]
    /// `10:00-12:00` or empty.
    public var times: String
    /// weekly, fortnightly, monthly, daily, termly, occasional … (free text, lower case).
    public var frequency: String

    public init(days: [Weekday] = [], times: String = "", frequency: String = "") {
        self.days = days
        self.times = times
        self.frequency = frequency
    }

    public var isEmpty: Bool { days.isEmpty && times.isEmpty && frequency.isEmpty }

    /// "Tue, Thu 10:00-12:00 (weekly)"
    public var summary: String {
        var parts: [String] = []
        if !days.isEmpty { parts.append(days.map(\.short).joined(separator: ", ")) }
        if !times.isEmpty { parts.append(times) }
        var s = parts.joined(separator: " ")
        if !frequency.isEmpty { s += s.isEmpty ? frequency : " (\(frequency))" }
        return s
    }
}

/// Who an activity is for.
public struct Audience: Codable, Hashable, Sendable {
    /// Inclusive minimum and maximum ages; nil for no bound.
    public var minAge: Int?
    public var maxAge: Int?
    /// Free text: "older men", "carers", "families".
    public var who: String

    public init(minAge: Int? = nil, maxAge: Int? = nil, who: String = "") {
        self.minAge = minAge
        self.maxAge = maxAge
        self.who = who
    }

    public var isEmpty: Bool { minAge == nil && maxAge == nil && who.isEmpty }

    /// "all", "65+", "0-5", "16-25"
    public var agesText: String {
        switch (minAge, maxAge) {
        case (nil, nil): ""
        case (let lo?, nil): "\(lo)+"
        case (nil, let hi?): "0-\(hi)"
        case (let lo?, let hi?): "\(lo)-\(hi)"
        }
    }

    /// Parses `65+`, `0-5`, `16-25`, `all`, `` (no bound). Nil for anything else.
    public static func parseAges(_ text: String) -> (Int?, Int?)? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t.isEmpty || t == "all" || t == "all ages" { return (nil, nil) }
        if t.hasSuffix("+"), let lo = Int(t.dropLast()) { return (lo, nil) }
        let parts = t.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 2, let lo = Int(parts[0].trimmingCharacters(in: .whitespaces)),
           let hi = Int(parts[1].trimmingCharacters(in: .whitespaces)), lo <= hi {
            return (lo, hi)
        }
        return nil
    }
}

/// Who owns a building.
public enum OwnerType: String, Codable, CaseIterable, Sendable {
    case council
    case firstChoiceHomes = "first-choice-homes"
    case regenda
    case housingAssociation = "housing-association"
    case faith
    case community
    case nhs
    case education
    case privateOwner = "private"
    case other

    public var label: String {
        switch self {
        case .council: "Oldham Council"
        case .firstChoiceHomes: "First Choice Homes Oldham"
        case .regenda: "Regenda"
        case .housingAssociation: "Other housing association"
        case .faith: "Faith body"
        case .community: "Community-owned"
        case .nhs: "NHS"
        case .education: "School or college"
        case .privateOwner: "Private"
        case .other: "Other"
        }
    }
}

/// Facilities a building offers.
public enum Facility: String, Codable, CaseIterable, Sendable {
    case rooms, hall, kitchen, cafe
    case stepFree = "step-free"
    case accessibleToilet = "accessible-toilet"
    case changingPlaces = "changing-places"
    case hearingLoop = "hearing-loop"
    case parking, wifi, computers, garden
    case sportsHall = "sports-hall"
    case pool, toilets, stage

    public var label: String {
        switch self {
        case .rooms: "Meeting rooms"
        case .hall: "Hall"
        case .kitchen: "Kitchen"
        case .cafe: "Café"
        case .stepFree: "Step-free access"
        case .accessibleToilet: "Accessible toilet"
        case .changingPlaces: "Changing Places toilet"
        case .hearingLoop: "Hearing loop"
        case .parking: "Parking"
        case .wifi: "Wi-Fi"
        case .computers: "Public computers"
        case .garden: "Garden"
        case .sportsHall: "Sports hall"
        case .pool: "Swimming pool"
        case .toilets: "Toilets"
        case .stage: "Stage"
        }
    }
}

/// Where a building stands in community asset transfer.
public enum TransferState: String, Codable, CaseIterable, Sendable {
    case none
    case enquiry
    case inProgress = "in-progress"
    case transferred
    case refused
    case withdrawn

    public var label: String {
        switch self {
        case .none: "None"
        case .enquiry: "Enquiry"
        case .inProgress: "In progress"
        case .transferred: "Transferred"
        case .refused: "Refused"
        case .withdrawn: "Withdrawn"
        }
    }
}

/// Stages of a community asset transfer case, in order.
public enum TransferStage: String, Codable, CaseIterable, Sendable, Comparable {
    case enquiry
    case expressionOfInterest = "expression-of-interest"
    case screening
    case businessCase = "business-case"
    case assessment
    case approval
    case headsOfTerms = "heads-of-terms"
    case legalCompletion = "legal-completion"
    case completed

    public var label: String {
        switch self {
        case .enquiry: "Enquiry"
        case .expressionOfInterest: "Expression of interest"
        case .screening: "Screening"
        case .businessCase: "Business case"
        case .assessment: "Assessment"
        case .approval: "Approval"
        case .headsOfTerms: "Heads of terms"
        case .legalCompletion: "Legal completion"
        case .completed: "Completed"
        }
    }

    public static func < (a: TransferStage, b: TransferStage) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Tenure options on Oldham's community-use page, plus freehold.
public enum Tenure: String, Codable, CaseIterable, Sendable {
    case roomHire = "room-hire"
    case managementAgreement = "management-agreement"
    case licence
    case shortLease = "short-lease"
    case longLease = "long-lease"
    case freehold

    public var label: String {
        switch self {
        case .roomHire: "Meeting room hire"
        case .managementAgreement: "Management agreement (up to 12 months)"
        case .licence: "Licence to occupy (up to 12 months)"
        case .shortLease: "Short lease (up to 7 years)"
        case .longLease: "Long lease (7–35 years)"
        case .freehold: "Freehold"
        }
    }
}

/// One dated entry in a building's transfer history.
public struct TransferEvent: Codable, Hashable, Sendable {
    public var assetID: String
    public var date: LocalDate
    public var state: TransferState
    public var stage: TransferStage?
    public var tenure: Tenure?
    public var note: String

    public init(assetID: String, date: LocalDate, state: TransferState, stage: TransferStage? = nil,
                tenure: Tenure? = nil, note: String = "") {
        self.assetID = assetID
        self.date = date
        self.state = state
        self.stage = stage
        self.tenure = tenure
        self.note = note
    }

    /// "In progress: Business case", "Transferred: Long lease (7–35 years)"
    public var summary: String {
        var s = state.label
        if let stage, state == .inProgress { s += ": \(stage.label)" }
        if let tenure, state == .transferred { s += ": \(tenure.label)" }
        return s
    }
}

/// Asset of Community Value status (Localism Act 2011).
public enum ACVState: String, Codable, CaseIterable, Sendable {
    case none
    case nominated
    case listed
    case notListed = "not-listed"
    case disposalNotified = "disposal-notified"
    case removed

    public var label: String {
        switch self {
        case .none: "None"
        case .nominated: "Nominated"
        case .listed: "Listed"
        case .notListed: "Not listed"
        case .disposalNotified: "Listed, disposal notified"
        case .removed: "Removed from list"
        }
    }
}

/// One dated entry in a building's Asset of Community Value history.
public struct ACVEvent: Codable, Hashable, Sendable {
    public var assetID: String
    public var date: LocalDate
    public var state: ACVState
    public var note: String

    public init(assetID: String, date: LocalDate, state: ACVState, note: String = "") {
        self.assetID = assetID
        self.date = date
        self.state = state
        self.note = note
    }
}

/// One community asset. Kind-specific fields are empty where they do not apply.
public struct Asset: Codable, Hashable, Sendable, Identifiable {
    public var id: String
    public var kind: AssetKind
    public var name: String
    public var description: String
    /// Category ids from the taxonomy, most important first.
    public var categories: [String]
    /// ONS ward code.
    public var ward: String
    /// Cluster id. Recorded on the asset, never derived from the ward.
    public var cluster: String
    public var postcode: String
    public var address: String
    public var coordinate: Coordinate?
    /// Organisational contact only; never a named person's details.
    public var email: String
    public var phone: String
    public var website: String
    public var lastVerified: LocalDate?
    /// `illustrative` or a named source.
    public var source: String
    public var links: [AssetLink]

    // Activity
    public var schedule: Schedule
    public var audience: Audience
    public var cost: String
    public var howToJoin: String

    // Building / place
    public var owner: OwnerType?
    public var facilities: [Facility]
    public var capacity: Int?

    public init(
        id: String, kind: AssetKind, name: String, description: String = "", categories: [String] = [],
        ward: String, cluster: String, postcode: String = "", address: String = "", coordinate: Coordinate? = nil,
        email: String = "", phone: String = "", website: String = "", lastVerified: LocalDate? = nil,
        source: String = "illustrative", links: [AssetLink] = [], schedule: Schedule = Schedule(),
        audience: Audience = Audience(), cost: String = "", howToJoin: String = "", owner: OwnerType? = nil,
        facilities: [Facility] = [], capacity: Int? = nil
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.description = description
        self.categories = categories
        self.ward = ward
        self.cluster = cluster
        self.postcode = postcode
        self.address = address
        self.coordinate = coordinate
        self.email = email
        self.phone = phone
        self.website = website
        self.lastVerified = lastVerified
        self.source = source
        self.links = links
        self.schedule = schedule
        self.audience = audience
        self.cost = cost
        self.howToJoin = howToJoin
        self.owner = owner
        self.facilities = facilities
        self.capacity = capacity
    }

    /// The first category, the one lists show.
    public var mainCategory: String? { categories.first }

    /// Targets of links of one relation.
    public func targets(_ relation: LinkRelation) -> [String] {
        links.filter { $0.relation == relation }.map(\.target)
    }

    /// True when the record carries any contact detail (hidden in presentation mode).
    public var hasContact: Bool { !email.isEmpty || !phone.isEmpty || !website.isEmpty }
}
