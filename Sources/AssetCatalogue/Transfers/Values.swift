import Foundation

// Values shared by transfer cases, ACV listings and their forms: money, terms, field messages,
// workflow errors and the look-ups validation needs.

/// An amount in pounds, held in pence. Reads `£1,200`, `1200`, `1200.50`, `peppercorn` (£0).
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var pence: Int
    public init(pence: Int) { self.pence = pence }

    public static func parse(_ text: String) -> Money? {
        var t = Text.fold(text).replacingOccurrences(of: ",", with: "").replacingOccurrences(of: " ", with: "")
        if ["peppercorn", "nil", "none", "free"].contains(t) { return Money(pence: 0) }
        if t.hasPrefix("£") { t.removeFirst() }
        if t.hasSuffix("pa") { t.removeLast(2) }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 12,
              parts[0].allSatisfy(\.isASCIIDigitChar), let pounds = Int(parts[0]) else { return nil }
        var pence = pounds * 100
        if parts.count == 2 {
            let p = parts[1]
            guard (1...2).contains(p.count), p.allSatisfy(\.isASCIIDigitChar), let v = Int(p) else { return nil }
            pence += p.count == 1 ? v * 10 : v
        }
        return Money(pence: pence)
    }

    /// `£1,200` or `£1,200.50`: the canonical form, which `parse` reads back.
    public var description: String {
        let pounds = pence / 100, p = pence % 100
        var digits = String(pounds)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        grouped = digits + grouped
        return "£" + grouped + (p == 0 ? "" : String(format: ".%02d", p))
    }

    public static func < (a: Money, b: Money) -> Bool { a.pence < b.pence }
}

/// A length of tenure in whole months. Reads `25 years`, `25y`, `18 months`, `18m`, `1 year 6 months`, `1y6m`.
public struct Term: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var months: Int
    public init(months: Int) { self.months = months }
    public init(years: Int) { self.months = years * 12 }

    public static func parse(_ text: String) -> Term? {
        let t = Text.fold(text).replacingOccurrences(of: " ", with: "")
        guard !t.isEmpty else { return nil }
        var total = 0, number = "", rest = Substring(t), sawUnit = false
        while let c = rest.first {
            if c.isASCIIDigitChar {
                number.append(c)
                rest = rest.dropFirst()
                continue
            }
            guard !number.isEmpty, number.count <= 4, let n = Int(number) else { return nil }
            let units: [(String, Int)] = [("years", 12), ("year", 12), ("yrs", 12), ("yr", 12), ("y", 12),
                                          ("months", 1), ("month", 1), ("mths", 1), ("mth", 1), ("mo", 1), ("m", 1)]
            guard let (u, factor) = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            total += n * factor
            rest = rest.dropFirst(u.count)
            number = ""
            sawUnit = true
            if rest.hasPrefix("and") { rest = rest.dropFirst(3) }
        }
        guard number.isEmpty, sawUnit else { return nil }
        return Term(months: total)
    }

    /// `25 years`, `18 months`, `1 year 6 months`: canonical, and read back by `parse`.
    public var description: String {
        func plural(_ n: Int, _ unit: String) -> String { "\(n) \(unit)\(n == 1 ? "" : "s")" }
        let y = months / 12, m = months % 12
        if y == 0 { return plural(m, "month") }
        if m == 0 { return plural(y, "year") }
        return plural(y, "year") + " " + plural(m, "month")
    }

    public static func < (a: Term, b: Term) -> Bool { a.months < b.months }
}

extension Tenure {
    /// The longest term the tenure allows, in months; nil for freehold (no term).
    public var maximumTerm: Term? {
        switch self {
        case .roomHire, .managementAgreement, .licence: Term(months: 12)
        case .shortLease: Term(years: 7)
        case .longLease: Term(years: 35)
        case .freehold: nil
        }
    }

    /// The shortest term the tenure allows (a long lease is at least 7 years).
    public var minimumTerm: Term? {
        switch self {
        case .longLease: Term(years: 7)
        case .freehold: nil
        default: Term(months: 1)
        }
    }

    /// Whether an agreed tenure of this kind needs a term (everything but freehold).
    public var hasTerm: Bool { self != .freehold }

    /// Nil when `term` fits the tenure; otherwise why not.
    public func check(_ term: Term) -> String? {
        guard let max = maximumTerm, let min = minimumTerm else {
            return "a freehold has no term; leave the term empty"
        }
        if term.months < min.months || term.months > max.months {
            let name = label.components(separatedBy: " (").first ?? label
            let limit = max.months <= 12 ? "\(max.months) months" : max.description
            let range = self == .longLease ? "runs for 7 to 35 years" : "runs for up to \(limit)"
            return "a \(name.lowercased()) \(range), not \(term)"
        }
        return nil
    }

    /// Reads `long-lease`, `long lease`, `Long lease (7–35 years)`, `lease`-less shorthands like `licence`.
    public init?(loose text: String) {
        let k = looseKey(text)
        if let t = Tenure(rawValue: k) { self = t; return }
        switch k {
        case "meeting-room-hire", "room": self = .roomHire
        case "management", "management-agreement-up-to-12-months": self = .managementAgreement
        case "licence-to-occupy", "license", "license-to-occupy", "licence-to-occupy-up-to-12-months": self = .licence
        case "short-lease-up-to-7-years": self = .shortLease
        case "long-lease-735-years", "long-lease-7-35-years": self = .longLease
        case "sale", "freehold-sale": self = .freehold
        default: return nil
        }
    }
}

/// `Heads of terms` → `heads-of-terms`, `long_lease` → `long-lease`: folded, words joined by `-`,
/// other punctuation dropped.
func looseKey(_ text: String) -> String {
    let f = Text.fold(text).replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
    let kept = f.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == " " }
    return String(String.UnicodeScalarView(kept)).split(separator: " ").joined(separator: "-")
}

/// A message about one field of a form, for inline validation.
public struct FieldMessage: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The field's id (`term`, `applicant`, `reason`, `date`, …).
    public var field: String
    public var message: String
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
    public var description: String { "\(field): \(message)" }
}

/// A change the workflow refuses: the action it was, the required fields that are missing, and
/// what is wrong with the others. `description` is the one-line message the command line prints,
/// e.g. "cannot advance to heads-of-terms: tenure-agreed, term and rent are required".
public struct WorkflowError: Error, Hashable, Sendable, CustomStringConvertible {
    /// "cannot advance to heads-of-terms"
    public var summary: String
    /// Ids of required fields that are empty.
    public var missing: [String]
    /// Values that were given but are wrong, and rules broken.
    public var invalid: [FieldMessage]
    /// "required to reach Heads of terms": what a missing field's inline message says.
    public var missingReason: String

    public init(_ summary: String, missing: [String] = [], invalid: [FieldMessage] = [], missingReason: String = "required") {
        self.summary = summary
        self.missing = missing
        self.invalid = invalid
        self.missingReason = missingReason
    }

    /// Every message, per field, for a form. A refusal about the record as a whole (no field to
    /// blame, e.g. "stages cannot be skipped") is one message with the empty field id `""`.
    public var messages: [FieldMessage] {
        let m = missing.map { FieldMessage(field: $0, message: missingReason) } + invalid
        return m.isEmpty ? [FieldMessage(field: "", message: description)] : m
    }

    public var description: String {
        var parts: [String] = []
        if !missing.isEmpty {
            parts.append(WorkflowError.list(missing) + (missing.count == 1 ? " is required" : " are required"))
        }
        parts += invalid.map(\.description)
        return parts.isEmpty ? summary : summary + ": " + parts.joined(separator: "; ")
    }

    /// "a", "a and b", "a, b and c"
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }
}

/// What validation needs to know beyond the record itself. The catalogue implements it for
/// forms (`Catalogue` conforms); the store implements it inside each write transaction.
public protocol RecordLookup {
    /// Kind, name and owner of an asset, or nil when no asset has this id.
    func assetRef(_ id: String) -> AssetRef?
    /// The date of the building's latest transfer history event.
    func latestTransferDate(of building: String) -> LocalDate?
    /// The date of the building's latest ACV history event.
    func latestACVDate(of building: String) -> LocalDate?
    /// The building's open transfer case (not completed, refused or withdrawn), if any.
    func openCase(of building: String) -> TransferCase?
    /// The building's most recent ACV listing, if any.
    func latestListing(of building: String) -> ACVListing?
}

/// The little of an asset that transfer and ACV records need.
public struct AssetRef: Hashable, Sendable {
    public var id: String
    public var kind: AssetKind
    public var name: String
    public var owner: OwnerType?
    public init(id: String, kind: AssetKind, name: String, owner: OwnerType? = nil) {
        self.id = id
        self.kind = kind
        self.name = name
        self.owner = owner
    }
}

/// A dated note on a case or listing (every note is also an audit event).
public struct RecordNote: Hashable, Codable, Sendable {
    /// ISO 8601 timestamp.
    public var at: String
    public var by: String
    public var text: String
    public init(at: String, by: String, text: String) {
        self.at = at
        self.by = by
        self.text = text
    }
}
