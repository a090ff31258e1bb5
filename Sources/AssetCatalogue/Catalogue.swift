import Foundation

/// An asset reached through a link, seen from the asset whose page is open.
public struct LinkedAsset: Hashable, Sendable {
    /// "Run by", "Held at", … for outgoing links; "Runs", "Activities here", … for incoming ones.
    public var label: String
    public var relation: LinkRelation
    /// True when the open asset holds the link; false when the other asset points at it.
    public var outgoing: Bool
    public var asset: Asset
}

/// A way of grouping assets, as in a frequency sheet.
public enum Facet: String, CaseIterable, Sendable {
    case cluster, ward, district, category, subcategory, kind, transfer

    public var label: String {
        switch self {
        case .cluster: "Cluster"
        case .ward: "Ward"
        case .district: "District"
        case .category: "Category"
        case .subcategory: "Subcategory"
        case .kind: "Kind"
        case .transfer: "Transfer"
        }
    }
}

/// One value of a facet with its count, e.g. ward "Shaw": 31.
public struct FacetCount: Hashable, Sendable {
    /// Stable key: ward code, cluster id, district id, category id, kind raw value, transfer state.
    public var key: String
    public var label: String
    public var count: Int
}

/// The whole catalogue in memory: assets, their links both ways, histories, and the reference
/// data needed to read them.
public struct Catalogue: Sendable {
    public var name: String
    public let geography: Geography
    public let taxonomy: Taxonomy
    public private(set) var assets: [Asset]
    public private(set) var transferHistory: [String: [TransferEvent]]
    public private(set) var acvHistory: [String: [ACVEvent]]
    /// Transfer cases and ACV listings (loaded by the store; empty for a catalogue read from files).
    public var transferCases: [TransferCase] = []
    public var acvListings: [ACVListing] = []
    private var indexByID: [String: Int]
    /// target id → (source index, relation)
    private var inbound: [String: [(Int, LinkRelation)]]

    public init(name: String, geography: Geography, taxonomy: Taxonomy, assets: [Asset],
                transfers: [TransferEvent] = [], acv: [ACVEvent] = []) {
        self.init(name: name, geography: geography, taxonomy: taxonomy, assets: assets, transfers: transfers, acv: acv,
                  indexByID: nil)
    }

    /// `indexByID`, when given, must map each asset's id to its index (the store builds it while loading).
    init(name: String, geography: Geography, taxonomy: Taxonomy, assets: [Asset],
         transfers: [TransferEvent], acv: [ACVEvent], indexByID: [String: Int]?) {
        self.name = name
        self.geography = geography
        self.taxonomy = taxonomy
        self.assets = assets
        self.indexByID = [:]
        inbound = [:]
        transferHistory = Dictionary(grouping: transfers, by: \.assetID).mapValues { Catalogue.byDate($0, \.date) }
        acvHistory = Dictionary(grouping: acv, by: \.assetID).mapValues { Catalogue.byDate($0, \.date) }
        reindex(indexByID)
    }

    private mutating func reindex(_ ids: [String: Int]? = nil) {
        if let ids, ids.count == assets.count {
            indexByID = ids
        } else {
            indexByID = Dictionary(minimumCapacity: assets.count)
            for (i, a) in assets.enumerated() { indexByID[a.id] = i }
        }
        inbound = [:]
        for (i, a) in assets.enumerated() {
            for l in a.links { inbound[l.target, default: []].append((i, l.relation)) }
        }
    }

    public var count: Int { assets.count }

    public func index(of id: String) -> Int? { indexByID[id] }

    public func asset(id: String) -> Asset? { indexByID[id].map { assets[$0] } }

    /// Every asset linked to `id`, in either direction, outgoing first, each group in name order.
    public func linked(to id: String) -> [LinkedAsset] {
        guard let a = asset(id: id) else { return [] }
        var out: [LinkedAsset] = []
        for rel in LinkRelation.allCases {
            let targets = a.targets(rel).compactMap { asset(id: $0) }.sorted { $0.name < $1.name }
            out += targets.map { LinkedAsset(label: rel.label, relation: rel, outgoing: true, asset: $0) }
        }
        let incoming = inbound[id] ?? []
        for rel in LinkRelation.allCases {
            let sources = incoming.filter { $0.1 == rel }.map { assets[$0.0] }.sorted { $0.name < $1.name }
            out += sources.map { LinkedAsset(label: rel.inverseLabel, relation: rel, outgoing: false, asset: $0) }
        }
        return out
    }

    /// The latest transfer event of a building, if it has any history.
    public func transferStatus(of id: String) -> TransferEvent? { transferHistory[id]?.last }

    /// The latest ACV event of a building, if it has any history.
    public func acvStatus(of id: String) -> ACVEvent? { acvHistory[id]?.last }

    /// The current transfer state, `.none` without history.
    public func transferState(of id: String) -> TransferState { transferStatus(of: id)?.state ?? .none }

    /// True for community anchors and for places an anchor is based at.
    public func isAnchor(_ a: Asset) -> Bool {
        if a.kind == .anchor { return true }
        return (inbound[a.id] ?? []).contains { assets[$0.0].kind == .anchor && $0.1 == .basedAt }
    }

    public func wardName(_ code: String) -> String { geography.ward(code: code)?.name ?? code }
    public func clusterName(_ id: String) -> String { geography.cluster(id: id)?.name ?? id }

    /// The keys an asset has for a facet (several for categories).
    public func keys(of a: Asset, for facet: Facet) -> [String] {
        switch facet {
        case .cluster: [a.cluster]
        case .ward: [a.ward]
        case .district: [geography.ward(code: a.ward)?.district ?? ""]
        case .category: Array(Set(a.categories.map { taxonomy.topLevelID(of: $0) })).sorted()
        case .subcategory: a.categories
        case .kind: [a.kind.rawValue]
        case .transfer: a.kind == .place ? [transferState(of: a.id).rawValue] : []
        }
    }

    public func label(forKey key: String, facet: Facet) -> String {
        switch facet {
        case .cluster: clusterName(key)
        case .ward: wardName(key)
        case .district: geography.district(id: key)?.name ?? key
        case .category, .subcategory: taxonomy.name(of: key)
        case .kind: AssetKind(rawValue: key)?.plural ?? key
        case .transfer: TransferState(rawValue: key)?.label ?? key
        }
    }

    /// Counts per facet value over a subset (all assets when nil). Every value of the reference
    /// data appears, with 0 when nothing has it, so gaps show.
    public func facetCounts(_ facet: Facet, over subset: [Int]? = nil) -> [FacetCount] {
        var counts: [String: Int] = [:]
        let visit: (Asset) -> Void = { a in
            for k in self.keys(of: a, for: facet) { counts[k, default: 0] += 1 }
        }
        if let subset { for i in subset { visit(assets[i]) } } else { assets.forEach(visit) }
        let all: [String]
        switch facet {
        case .cluster: all = geography.clusters.map(\.id)
        case .ward: all = geography.wards.map(\.code)
        case .district: all = geography.districts.map(\.id)
        case .category: all = taxonomy.topLevel.map(\.id)
        case .subcategory: all = taxonomy.categories.filter { !$0.isTopLevel }.map(\.id)
        case .kind: all = AssetKind.allCases.map(\.rawValue)
        case .transfer: all = TransferState.allCases.map(\.rawValue)
        }
        var out = all.map { FacetCount(key: $0, label: label(forKey: $0, facet: facet), count: counts[$0] ?? 0) }
        // Keys outside the reference data (kept so nothing is silently uncounted), in key order.
        let known = Set(all)
        for (k, c) in counts.sorted(by: { $0.key < $1.key }) where !known.contains(k) {
            out.append(FacetCount(key: k, label: label(forKey: k, facet: facet), count: c))
        }
        return out
    }

    /// Counts per kind over a subset, for "groups 12 · activities 30 …" lines.
    public func kindCounts(over subset: [Int]) -> [AssetKind: Int] {
        var c: [AssetKind: Int] = [:]
        for i in subset { c[assets[i].kind, default: 0] += 1 }
        return c
    }

    // MARK: Changes (used by the store and importer; each keeps the link index true)

    /// Adds or replaces assets by id.
    public mutating func upsert(_ new: [Asset]) {
        for a in new {
            if let i = indexByID[a.id] { assets[i] = a } else { indexByID[a.id] = assets.count; assets.append(a) }
        }
        reindex()
    }

    public mutating func addTransferEvents(_ events: [TransferEvent]) {
        for e in events { transferHistory[e.assetID, default: []].append(e) }
        for k in Set(events.map(\.assetID)) { transferHistory[k] = transferHistory[k].map { Catalogue.byDate($0, \.date) } }
    }

    public mutating func addACVEvents(_ events: [ACVEvent]) {
        for e in events { acvHistory[e.assetID, default: []].append(e) }
        for k in Set(events.map(\.assetID)) { acvHistory[k] = acvHistory[k].map { Catalogue.byDate($0, \.date) } }
    }

    public var allTransferEvents: [TransferEvent] {
        transferHistory.keys.sorted().flatMap { transferHistory[$0]! }
    }

    /// Sorted by date, keeping the recorded order of events on the same day (the latest recorded is current).
    static func byDate<T>(_ events: [T], _ date: (T) -> LocalDate) -> [T] {
        events.enumerated().sorted { (date($0.element), $0.offset) < (date($1.element), $1.offset) }.map(\.element)
    }

    public var allACVEvents: [ACVEvent] { acvHistory.keys.sorted().flatMap { acvHistory[$0]! } }
}
