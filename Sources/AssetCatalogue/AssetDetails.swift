/// The labelled fields of an asset, in reading order, as the detail pane and `assetmap show`
/// print them. One definition so both always agree.
public enum AssetDetails {
    /// Labels of fields that carry contact details, hidden in presentation mode (with a
    /// transfer case's lead officer, a named person).
    public static let contactLabels: Set<String> = ["Email", "Phone", "Website"]

    /// The one-line summary lists show: an activity's schedule and cost, otherwise the first
    /// sentence of the description.
    public static func summary(_ a: Asset) -> String {
        summary(kind: a.kind, schedule: a.schedule, cost: a.cost, description: a.description)
    }

    static func summary(kind: AssetKind, schedule: Schedule, cost: String, description: String) -> String {
        if kind == .activity, !schedule.isEmpty {
            return schedule.summary + (cost.isEmpty ? "" : " · \(cost)")
        }
        var d = description
        switch d.withUTF8({ firstSentence(ascii: $0) }) {
        case .whole: return description
        case .cut(let i): return String(decoding: description.utf8.prefix(i), as: UTF8.self) + "."
        case .notASCII: break
        }
        guard let r = description.range(of: ". ") else { return description }
        return String(description[..<r.lowerBound]) + "."
    }

    /// Where a description's first sentence ends, found on bytes.
    enum FirstSentence: Equatable {
        /// The summary is the whole text.
        case whole
        /// The summary is the first `n` bytes and a full stop.
        case cut(Int)
        /// Not decidable on bytes (non-ASCII text around the first ". "): use Foundation.
        case notASCII
    }

    /// `summary`'s first sentence on bytes, when the text up to and just past the first ". "
    /// (or all of it) is ASCII, where a Foundation search would find the same.
    static func firstSentence(ascii b: UnsafeBufferPointer<UInt8>) -> FirstSentence {
        let n = b.count
        var i = 0
        while i < n {
            let c = b[i]
            if c >= 0x80 { return .notASCII }
            if c == 0x2E && i + 1 < n && b[i + 1] == 0x20 {
                if i + 2 < n && b[i + 2] >= 0x80 { return .notASCII }  // a mark after the space changes the match
                return .cut(i)
            }
            i += 1
        }
        return .whole
    }

    /// `anchor`: whether an anchor is based at it, when the caller knows (a compact catalogue
    /// holds no links: the explorer knows from the links it read); otherwise `c.isAnchor(a)`.
    public static func fields(of a: Asset, in c: Catalogue, hideContacts: Bool = false, anchor: Bool? = nil) -> [(String, String)] {
        var f: [(String, String)] = [("Name", a.name), ("Kind", a.kind.label), ("Id", a.id)]
        if !a.description.isEmpty { f.append(("Description", a.description)) }
        f.append(("Categories", a.categories.map { c.taxonomy.path(of: $0) }.joined(separator: "; ")))
        f.append(("Ward", c.wardName(a.ward)))
        f.append(("District", c.geography.districtName(ofWard: a.ward)))
        f.append(("Cluster", c.clusterName(a.cluster)))
        if a.kind != .anchor && (anchor ?? c.isAnchor(a)) { f.append(("Anchor", "Home of a community anchor")) }
        if !a.address.isEmpty { f.append(("Address", a.address)) }
        if !a.postcode.isEmpty { f.append(("Postcode", a.postcode)) }
        if let co = a.coordinate { f.append(("Location", String(format: "%.5f, %.5f", co.lat, co.lon))) }
        if a.kind == .activity {
            if !a.schedule.isEmpty { f.append(("When", a.schedule.summary)) }
            let ages = a.audience.agesText
            if !ages.isEmpty || !a.audience.who.isEmpty {
                f.append(("For", [a.audience.who, ages.isEmpty ? "" : "ages \(ages)"].filter { !$0.isEmpty }.joined(separator: ", ")))
            }
            if !a.cost.isEmpty { f.append(("Cost", a.cost)) }
            if !a.howToJoin.isEmpty { f.append(("How to join", a.howToJoin)) }
        }
        if a.kind == .place {
            if let o = a.owner { f.append(("Owner", o.label)) }
            if !a.facilities.isEmpty { f.append(("Facilities", a.facilities.map(\.label).joined(separator: ", "))) }
            if let cap = a.capacity { f.append(("Capacity", "\(cap) people")) }
            if let t = c.transferStatus(of: a.id) { f.append(("Transfer", "\(t.summary) (since \(t.date))")) }
            if let v = c.acvStatus(of: a.id) { f.append(("ACV", "\(v.state.label) (since \(v.date))")) }
            if let k = c.transferCase(ofBuilding: a.id) {
                // A lead officer is a named person: hidden with the contact details (presentation mode).
                let line = k.detailLine(hidingPeople: hideContacts)
                f.append(("Case", line))
            }
            if let l = c.latestListing(of: a.id) { f.append(("ACV listing", l.detailLine)) }
        }
        if !hideContacts {
            if !a.email.isEmpty { f.append(("Email", a.email)) }
            if !a.phone.isEmpty { f.append(("Phone", a.phone)) }
            if !a.website.isEmpty { f.append(("Website", a.website)) }
        }
        if let v = a.lastVerified { f.append(("Verified", v.description)) }
        f.append(("Source", a.source))
        return f
    }
}
