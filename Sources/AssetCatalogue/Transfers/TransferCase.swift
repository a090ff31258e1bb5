/// Community asset transfer cases: the stages, the fields, the record and what is derived from it.

/// Where a case stands. The first nine are the pipeline, in order; `onHold` remembers the stage it
/// held; `completed`, `refused` and `withdrawn` are final.
public enum CaseStage: String, Codable, CaseIterable, Sendable, Comparable {
    case enquiry
    case expressionOfInterest = "expression-of-interest"
    case screening
    case businessCase = "business-case"
    case assessment
    case approval
    case headsOfTerms = "heads-of-terms"
    case legalCompletion = "legal-completion"
    case completed
    case onHold = "on-hold"
    case refused
    case withdrawn

    /// The nine pipeline stages in order.
    public static let pipeline: [CaseStage] = [.enquiry, .expressionOfInterest, .screening, .businessCase, .assessment,
                                                .approval, .headsOfTerms, .legalCompletion, .completed]

    public var label: String {
        switch self {
        case .onHold: "On hold"
        case .refused: "Refused"
        case .withdrawn: "Withdrawn"
        default: transferStage!.label
        }
    }

    /// The matching stage of the imported history's vocabulary (nil for on hold, refused, withdrawn).
    public var transferStage: TransferStage? { TransferStage(rawValue: rawValue) }

    /// Position in the pipeline (nil off it).
    public var pipelineIndex: Int? { CaseStage.pipeline.firstIndex(of: self) }

    /// Completed, refused or withdrawn: no further moves (undo still compensates a mistake).
    public var isFinal: Bool { self == .completed || self == .refused || self == .withdrawn }

    /// Still being worked: the pipeline before completion, or on hold.
    public var isOpen: Bool { !isFinal }

    /// The next pipeline stage.
    public var next: CaseStage? {
        guard let i = pipelineIndex, i + 1 < CaseStage.pipeline.count else { return nil }
        return CaseStage.pipeline[i + 1]
    }

    /// Service level: days a case should spend in this stage before it is overdue (nil: no limit).
    /// Completed cases are watched through their review date instead.
    public var slaDays: Int? {
        switch self {
        case .enquiry: 14              // acknowledge and answer an enquiry within two weeks
        case .expressionOfInterest: 28 // decide whether to screen within four weeks
        case .screening: 28            // building survey and screening within four weeks
        case .businessCase: 180        // the group has six months to write its business case
        case .assessment: 56           // the council assesses a business case within eight weeks
        case .approval: 42             // a decision within six weeks of recommendation
        case .headsOfTerms: 90         // heads of terms agreed within three months
        case .legalCompletion: 180     // lease or transfer completed within six months
        case .onHold: 90               // a held case is looked at again every three months
        case .completed, .refused, .withdrawn: nil
        }
    }

    /// Fields that must be filled to *enter* this stage, beyond those of the stages before it.
    public var newlyRequired: [CaseField] {
        switch self {
        case .enquiry: [.building]
        case .expressionOfInterest: [.applicant]
        case .screening: [.leadOfficer]
        case .businessCase: [.tenureSought]
        case .assessment: [.documents]
        case .approval: [.owner]
        case .headsOfTerms: [.tenureAgreed, .term, .rent]
        case .legalCompletion: [.targetDate]
        case .completed: [.completionDate]
        case .onHold, .refused, .withdrawn: []
        }
    }

    /// Every field required to be at this stage: its own and those of every earlier stage.
    public var required: [CaseField] {
        guard let i = pipelineIndex else { return [] }
        return CaseStage.pipeline[...i].flatMap(\.newlyRequired)
    }

    /// Reads `heads-of-terms`, `Heads of terms`, `hot`, `eoi`, `hold`, `refuse`, `withdraw`, any case.
    public init?(loose text: String) {
        let k = looseKey(text)
        if let s = CaseStage(rawValue: k) { self = s; return }
        switch k {
        case "eoi", "expression": self = .expressionOfInterest
        case "business", "bc": self = .businessCase
        case "hot", "heads", "terms": self = .headsOfTerms
        case "legal", "completion", "lease": self = .legalCompletion
        case "complete", "done", "transferred": self = .completed
        case "hold", "onhold", "pause", "paused": self = .onHold
        case "refuse", "rejected", "reject": self = .refused
        case "withdraw", "withdrawal": self = .withdrawn
        default: return nil
        }
    }

    public static func < (a: CaseStage, b: CaseStage) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The fields of a transfer case. Raw values are the ids used by `--set field=value`, forms,
/// JSON and the audit trail.
public enum CaseField: String, Codable, CaseIterable, Sendable, Comparable {
    case building
    case applicant
    case owner
    case tenureSought = "tenure-sought"
    case tenureAgreed = "tenure-agreed"
    case term
    case rent
    case undervalue
    case conditions
    case leadOfficer = "lead-officer"
    case received
    case targetDate = "target-date"
    case completionDate = "completion-date"
    case reviewDate = "review-date"
    case documents
    // Kept by the workflow: changed only by moving the case (`advance`), never by `edit`.
    case stage
    case heldStage = "held-stage"
    case stageSince = "stage-since"
    /// Notes are events of their own (old "" → new text); undoing one retracts it (text → "").
    case note

    /// Fields an officer may set directly (`edit`, `--set`, the edit form).
    public static let editable: [CaseField] = [.building, .applicant, .owner, .tenureSought, .tenureAgreed, .term, .rent,
                                               .undervalue, .conditions, .leadOfficer, .received, .targetDate,
                                               .completionDate, .reviewDate, .documents]

    public var isWorkflow: Bool { self == .stage || self == .heldStage || self == .stageSince || self == .note }

    public var label: String {
        switch self {
        case .building: "Building"
        case .applicant: "Applicant group"
        case .owner: "Current owner"
        case .tenureSought: "Tenure sought"
        case .tenureAgreed: "Tenure agreed"
        case .term: "Term"
        case .rent: "Rent (£ a year)"
        case .undervalue: "Undervalue (£)"
        case .conditions: "Conditions"
        case .leadOfficer: "Lead officer"
        case .received: "Enquiry received"
        case .targetDate: "Target completion"
        case .completionDate: "Completion date"
        case .reviewDate: "Next review"
        case .documents: "Documents"
        case .stage: "Stage"
        case .heldStage: "Held at stage"
        case .stageSince: "In stage since"
        case .note: "Note"
        }
    }

    public var kind: FieldKind {
        switch self {
        case .building: .asset
        case .applicant, .owner, .leadOfficer: .text
        case .tenureSought, .tenureAgreed, .stage, .heldStage: .choice
        case .term: .term
        case .rent, .undervalue: .money
        case .conditions, .documents, .note: .multiline
        case .received, .targetDate, .completionDate, .reviewDate, .stageSince: .date
        }
    }

    public var help: String {
        switch self {
        case .building: "The building's id (a place in the catalogue), e.g. pl-shaw-community-hall."
        case .applicant: "A group in the catalogue: type part of its name and choose it from the list (the command line takes its id, grp-…, or a name not in the catalogue)."
        case .owner: "Who owns the building now (defaults to the catalogue's owner)."
        case .tenureSought, .tenureAgreed:
            "room-hire, management-agreement or licence (up to 12 months), short-lease (up to 7 years), long-lease (7–35 years), freehold."
        case .term: "Length of the agreed tenure: 25 years, 18 months, 1y6m. Checked against the tenure's limits; none for freehold."
        case .rent: "Rent a year: £1,200, 0 or peppercorn. Heads of terms needs rent or undervalue."
        case .undervalue: "How far below market value the transfer is (£), if disposed of at an undervalue."
        case .conditions: "Conditions of the transfer (use, repairs, community benefit, reporting)."
        case .leadOfficer: "The council officer leading the case."
        case .received: "When the enquiry came in: 2026-03-01, 1/3/2026, today, today-7."
        case .targetDate: "Target date for legal completion."
        case .completionDate: "Date the lease or transfer completed."
        case .reviewDate: "Next monitoring review (set to a year after completion unless given)."
        case .documents: "References to documents (business case, survey, heads of terms), separated by ;."
        case .stage: "The case's stage (change it with advance)."
        case .heldStage: "The stage an on-hold case resumes to."
        case .stageSince: "When the case entered its stage."
        case .note: "A dated note."
        }
    }

    public static func < (a: CaseField, b: CaseField) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// How a form shows a field.
public enum FieldKind: String, Codable, Sendable {
    case text, multiline, date, choice, number, money, term
    /// An asset id (with suggestions from the catalogue).
    case asset
}

/// One community asset transfer case. Field values are kept in their canonical text (dates ISO,
/// money `£1,200`, terms `25 years`) — exactly what the audit trail records — with typed
/// accessors. `version` counts its audit events: a save carries the version it was read at.
public struct TransferCase: Hashable, Sendable, Identifiable {
    public var id: String
    public var version: Int
    public var values: [CaseField: String]
    public var notes: [RecordNote]

    public init(id: String, version: Int = 0, values: [CaseField: String] = [:], notes: [RecordNote] = []) {
        self.id = id
        self.version = version
        self.values = values.filter { !$0.value.isEmpty }
        self.notes = notes
    }

    /// The canonical text of a field ("" when empty).
    public subscript(_ f: CaseField) -> String {
        get { values[f] ?? "" }
        set { values[f] = newValue.isEmpty ? nil : newValue }
    }

    public var building: String { self[.building] }
    public var stage: CaseStage { CaseStage(rawValue: self[.stage]) ?? .enquiry }
    public var heldStage: CaseStage? { CaseStage(rawValue: self[.heldStage]) }
    public var stageSince: LocalDate? { LocalDate(iso: self[.stageSince]) }
    public var applicant: String { self[.applicant] }
    public var owner: String { self[.owner] }
    public var tenureSought: Tenure? { Tenure(rawValue: self[.tenureSought]) }
    public var tenureAgreed: Tenure? { Tenure(rawValue: self[.tenureAgreed]) }
    public var term: Term? { Term.parse(self[.term]) }
    public var rent: Money? { Money.parse(self[.rent]) }
    public var undervalue: Money? { Money.parse(self[.undervalue]) }
    public var conditions: String { self[.conditions] }
    public var leadOfficer: String { self[.leadOfficer] }
    public var received: LocalDate? { LocalDate(iso: self[.received]) }
    public var targetDate: LocalDate? { LocalDate(iso: self[.targetDate]) }
    public var completionDate: LocalDate? { LocalDate(iso: self[.completionDate]) }
    public var reviewDate: LocalDate? { LocalDate(iso: self[.reviewDate]) }
    public var documents: [String] { CaseValues.documents(self[.documents]) }

    /// The tenure the case is about: agreed, else sought.
    public var tenure: Tenure? { tenureAgreed ?? tenureSought }

    /// Whether a field counts as filled for a stage requirement. Rent is satisfied by an undervalue
    /// ("rent or undervalue"); a term is not needed for a freehold.
    public func satisfies(_ f: CaseField) -> Bool {
        switch f {
        case .rent: !self[.rent].isEmpty || !self[.undervalue].isEmpty
        case .term: !self[.term].isEmpty || tenure == .freehold
        default: !self[f].isEmpty
        }
    }

    /// Required fields of `stage` that are empty.
    public func missing(for stage: CaseStage) -> [CaseField] {
        stage.required.filter { !satisfies($0) }
    }

    /// Days in the current stage, when it started, what is due and what is overdue, on `today`.
    public func status(today: LocalDate) -> CaseStatus {
        CaseStatus(self, today: today)
    }
}

/// Whether an applicant is a catalogue group or a name.
public enum Applicant: Hashable, Sendable {
    case group(AssetRef)
    case name(String)
    case none

    public static func resolve(_ text: String, in lookup: any RecordLookup) -> Applicant {
        if text.isEmpty { return .none }
        if let a = lookup.assetRef(text), a.kind == .group || a.kind == .anchor { return .group(a) }
        return .name(text)
    }

    public var display: String {
        switch self {
        case .group(let a): "\(a.name) (\(a.id))"
        case .name(let n): n
        case .none: ""
        }
    }
}

/// What is derived from a case on a given day.
public struct CaseStatus: Hashable, Codable, Sendable {
    /// Warnings a list shows next to a case.
    public enum Flag: String, Codable, Sendable, CaseIterable {
        /// Longer in its stage than the stage's service level.
        case stageOverdue = "stage-overdue"
        /// A completed case's review date has passed.
        case reviewOverdue = "review-overdue"
        /// The target completion date has passed and the case is still open.
        case targetPassed = "target-passed"
        /// Fields its current stage requires are empty (cases derived from imported history).
        case incomplete

        public var label: String {
            switch self {
            case .stageOverdue: "stage overdue"
            case .reviewOverdue: "review overdue"
            case .targetPassed: "target date passed"
            case .incomplete: "incomplete"
            }
        }
    }

    public var stage: CaseStage
    /// Days since the case entered its stage (nil without a stage date).
    public var daysInStage: Int?
    /// The stage's service level in days.
    public var slaDays: Int?
    /// When the stage should be finished (entered + service level).
    public var stageDue: LocalDate?
    /// Days past `stageDue` (0 when not overdue).
    public var daysOverdue: Int
    /// Open cases: the stage's due date; completed cases: the review date.
    public var nextReview: LocalDate?
    public var flags: [Flag]
    /// Required fields of the current stage that are empty.
    public var missing: [CaseField]

    /// True when any date-based flag is raised.
    public var isOverdue: Bool { flags.contains { $0 != .incomplete } }

    public init(_ c: TransferCase, today: LocalDate) {
        stage = c.stage
        let since = c.stageSince
        daysInStage = since.map { $0.days(until: today) }
        slaDays = c.stage.slaDays
        stageDue = since.flatMap { s in c.stage.slaDays.map { s.adding(days: $0) } }
        daysOverdue = stageDue.map { max(0, $0.days(until: today)) } ?? 0
        var flags: [Flag] = []
        if daysOverdue > 0 { flags.append(.stageOverdue) }
        if c.stage == .completed {
            nextReview = c.reviewDate ?? c.completionDate?.adding(months: 12)
            if let r = nextReview, r < today { flags.append(.reviewOverdue) }
        } else {
            nextReview = c.stage.isOpen ? stageDue : nil
        }
        if c.stage.isOpen, let t = c.targetDate, t < today { flags.append(.targetPassed) }
        let stageForRequirements = c.stage == .onHold ? (c.heldStage ?? .enquiry) : c.stage
        missing = c.missing(for: stageForRequirements)
        if !missing.isEmpty { flags.append(.incomplete) }
        self.flags = flags
    }
}

/// Helpers for canonical values.
enum CaseValues {
    static func documents(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == ";" || $0 == "\n" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
