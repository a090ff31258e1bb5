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

/// The assets of a catalogue, in catalogue order: full `Asset` values (a catalogue read from
/// files, or a store loaded whole), or the compact columns of a large store (`AssetTable`), whose
/// elements carry only their listing fields (`Catalogue.hasDetails` is false).
public struct AssetList: RandomAccessCollection, Sendable {
    enum Storage: Sendable {
        case full([Asset])
        case table(AssetTable)
    }
    var storage: Storage

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch storage {
        case .full(let a): a.count
        case .table(let t): t.count
        }
    }

    public subscript(i: Int) -> Asset {
        switch storage {
        case .full(let a): a[i]
        case .table(let t): t.asset(i)
        }
    }

    var full: [Asset]? {
        if case .full(let a) = storage { return a }
        return nil
    }
}

/// The whole catalogue in memory: assets, their links both ways, histories, and the reference
/// data needed to read them.
public struct Catalogue: Sendable {
    public var name: String
    public let geography: Geography
    public let taxonomy: Taxonomy
    public private(set) var assets: AssetList
    public private(set) var transferHistory: [String: [TransferEvent]]
    public private(set) var acvHistory: [String: [ACVEvent]]
    /// Transfer cases and ACV listings (loaded by the store; empty for a catalogue read from files).
    public var transferCases: [TransferCase] = []
    public var acvListings: [ACVListing] = []
    /// id → asset index.
    private var idMap = ByteHash(capacity: 0)
    /// Who links to asset t: `inSources[inStarts[t]..<inStarts[t+1]]` (asset order) with the relation.
    private var inStarts: [UInt32] = [0]
    private var inSources: [UInt32] = []
    private var inRelations: [LinkRelation] = []

    public init(name: String, geography: Geography, taxonomy: Taxonomy, assets: [Asset],
                transfers: [TransferEvent] = [], acv: [ACVEvent] = []) {
        self.init(name: name, geography: geography, taxonomy: taxonomy, list: AssetList(storage: .full(assets)),
                  transfers: transfers, acv: acv)
    }

    /// `idMap`, when given, maps the compact columns' ids to their indices (the load builds it).
    init(name: String, geography: Geography, taxonomy: Taxonomy, list: AssetList,
         transfers: [TransferEvent], acv: [ACVEvent], idMap: ByteHash? = nil) {
        self.init(name: name, geography: geography, taxonomy: taxonomy, list: list,
                  histories: Catalogue.histories(transfers: transfers, acv: acv), idMap: idMap)
    }

    /// `histories`: the events by asset, in date order (`Catalogue.histories`).
    init(name: String, geography: Geography, taxonomy: Taxonomy, list: AssetList,
         histories: (transfers: [String: [TransferEvent]], acv: [String: [ACVEvent]]), idMap: ByteHash? = nil) {
        self.name = name
        self.geography = geography
        self.taxonomy = taxonomy
        self.assets = list
        transferHistory = histories.transfers
        acvHistory = histories.acv
        reindex(idMap)
    }

    /// Events by asset, each asset's in date order.
    static func histories(transfers: [TransferEvent], acv: [ACVEvent]) -> (transfers: [String: [TransferEvent]], acv: [String: [ACVEvent]]) {
        (Dictionary(grouping: transfers, by: \.assetID).mapValues { Catalogue.byDate($0, \.date) },
         Dictionary(grouping: acv, by: \.assetID).mapValues { Catalogue.byDate($0, \.date) })
    }

    /// True when every asset is whole; false for the compact columns of a large store, whose
    /// pages are read from the store when shown (`CatalogueStore.assets(ids:)`).
    public var hasDetails: Bool { assets.full != nil }

    /// Every asset whole, for what reads every field (the index build, exports, seeding). Only on
    /// a catalogue with details: the compact columns would give pages without their text.
    public var wholeAssets: [Asset] {
        guard let a = assets.full else { preconditionFailure("the whole assets of a catalogue without details") }
        return a
    }

    private mutating func reindex(_ given: ByteHash? = nil) {
        let n = assets.count
        // Links as (target index, relation) per source, in catalogue order.
        var targets: [(Int32, LinkRelation)] = []
        var sourceStarts: [Int] = [0]
        sourceStarts.reserveCapacity(n + 1)
        switch assets.storage {
        case .full(let a):
            var map = ByteHash(capacity: n)
            for i in 0..<n {
                var id = a[i].id
                id.withUTF8 { b in
                    map.set(hash: ByteHash.hash(b), value: Int32(i), { a[Int($0)].id.utf8.elementsEqual(b) },
                            hashOf: { v in var s = a[Int(v)].id; return s.withUTF8 { ByteHash.hash($0) } })
                }
            }
            idMap = map
            for x in a {
                for l in x.links { targets.append((index(of: l.target).map(Int32.init) ?? -1, l.relation)) }
                sourceStarts.append(targets.count)
            }
        case .table(let t):
            idMap = given.flatMap { $0.count <= n ? $0 : nil } ?? AssetTable.idMap(t.ids)
            // No links: a compact catalogue's pages, links included, are read from the store.
            inStarts = [UInt32](repeating: 0, count: n + 1)
            inSources = []
            inRelations = []
            return
        }
        // Counting sort by target: sources stay in catalogue order within each target.
        var starts = [UInt32](repeating: 0, count: n + 1)
        for (t, _) in targets where t >= 0 { starts[Int(t) + 1] += 1 }
        for i in 0..<n { starts[i + 1] += starts[i] }
        var fill = starts
        var sources = [UInt32](repeating: 0, count: Int(starts[n]))
        var relations = [LinkRelation](repeating: .runBy, count: Int(starts[n]))
        for s in 0..<n {
            for k in sourceStarts[s]..<sourceStarts[s + 1] {
                let (t, rel) = targets[k]
                guard t >= 0 else { continue }
                let at = Int(fill[Int(t)])
                sources[at] = UInt32(s)
                relations[at] = rel
                fill[Int(t)] += 1
            }
        }
        inStarts = starts
        inSources = sources
        inRelations = relations
    }

    /// Who links to asset `t`, in catalogue order.
    private func inbound(_ t: Int) -> [(Int, LinkRelation)] {
        (Int(inStarts[t])..<Int(inStarts[t + 1])).map { (Int(inSources[$0]), inRelations[$0]) }
    }

    /// Memory held by the compact columns and the id and link maps (benchmarks).
    public var indexMemoryBytes: Int {
        var n = idMap.memoryBytes + inStarts.capacity * 4 + inSources.capacity * 4 + inRelations.capacity
        if case .table(let t) = assets.storage { n += t.memoryBytes }
        return n
    }

    public var count: Int { assets.count }

    public func index(of id: String) -> Int? {
        var id = id
        return id.withUTF8 { b -> Int? in
            let h = ByteHash.hash(b)
            let found: Int32?
            switch assets.storage {
            case .full(let a): found = idMap.find(hash: h) { a[Int($0)].id.utf8.elementsEqual(b) }
            case .table(let t): found = idMap.find(hash: h) { t.ids.equals(Int($0), b) }
            }
            return found.map(Int.init)
        }
    }

    public func asset(id: String) -> Asset? { index(of: id).map { assets[$0] } }

    // MARK: One field of the asset at an index (no `Asset` is built for the compact columns)

    public func id(at i: Int) -> String {
        switch assets.storage {
        case .full(let a): a[i].id
        case .table(let t): t.ids[i]
        }
    }

    public func name(at i: Int) -> String {
        switch assets.storage {
        case .full(let a): a[i].name
        case .table(let t): t.names[i]
        }
    }

    public func kind(at i: Int) -> AssetKind {
        switch assets.storage {
        case .full(let a): a[i].kind
        case .table(let t): t.kinds[i]
        }
    }

    /// Ward code.
    public func ward(at i: Int) -> String {
        switch assets.storage {
        case .full(let a): a[i].ward
        case .table(let t): t.wardCodes[Int(t.wards[i])]
        }
    }

    /// Cluster id.
    public func cluster(at i: Int) -> String {
        switch assets.storage {
        case .full(let a): a[i].cluster
        case .table(let t): t.clusterIDs[Int(t.clusters[i])]
        }
    }

    public func categories(at i: Int) -> [String] {
        switch assets.storage {
        case .full(let a): a[i].categories
        case .table(let t): t.categoryLists[Int(t.categories[i])]
        }
    }

    public func coordinate(at i: Int) -> Coordinate? {
        switch assets.storage {
        case .full(let a): a[i].coordinate
        case .table(let t): t.coordinate(i)
        }
    }

    public func lastVerified(at i: Int) -> LocalDate? {
        switch assets.storage {
        case .full(let a): a[i].lastVerified
        case .table(let t): t.lastVerified(i)
        }
    }

    /// `AssetDetails.summary` of the asset (computed while loading for the compact columns).
    public func summary(at i: Int) -> String {
        switch assets.storage {
        case .full(let a): AssetDetails.summary(a[i])
        case .table(let t): t.summaries[i]
        }
    }

    /// Every asset linked to `id`, in either direction, outgoing first, each group in name order.
    /// A compact catalogue holds no links: its pages' links come from the store
    /// (`CatalogueStore.links(of:)`, then `linked(to:outgoing:incoming:)`).
    public func linked(to id: String) -> [LinkedAsset] {
        guard let i = index(of: id) else { return [] }
        assert(hasDetails, "a compact catalogue's links are read from the store")
        return linked(to: id, outgoing: assets[i].links, incoming: inbound(i).map { (self.id(at: $0.0), $0.1) })
    }

    /// The linked assets of `id` from its links (`incoming`: who links to it, by source id), as
    /// `linked(to:)` orders them; links to assets not in the catalogue are left out.
    public func linked(to id: String, outgoing: [AssetLink], incoming: [(source: String, relation: LinkRelation)]) -> [LinkedAsset] {
        guard index(of: id) != nil else { return [] }
        func ordered(_ ids: [String]) -> [Asset] {
            ids.compactMap { index(of: $0) }.sorted { (name(at: $0), $0) < (name(at: $1), $1) }.map { assets[$0] }
        }
        var out: [LinkedAsset] = []
        for rel in LinkRelation.allCases {
            let targets = ordered(outgoing.filter { $0.relation == rel }.map(\.target))
            out += targets.map { LinkedAsset(label: rel.label, relation: rel, outgoing: true, asset: $0) }
        }
        for rel in LinkRelation.allCases {
            let sources = ordered(incoming.filter { $0.relation == rel }.map(\.source))
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
        return index(of: a.id).map { isAnchor(at: $0) } ?? false
    }

    public func isAnchor(at i: Int) -> Bool {
        if kind(at: i) == .anchor { return true }
        assert(hasDetails, "a compact catalogue holds no links")
        for k in Int(inStarts[i])..<Int(inStarts[i + 1]) where inRelations[k] == .basedAt {
            if kind(at: Int(inSources[k])) == .anchor { return true }
        }
        return false
    }

    public func wardName(_ code: String) -> String { geography.ward(code: code)?.name ?? code }
    public func clusterName(_ id: String) -> String { geography.cluster(id: id)?.name ?? id }

    /// The keys the asset at an index has for a facet (several for categories).
    public func keys(at i: Int, for facet: Facet) -> [String] {
        switch facet {
        case .cluster: [cluster(at: i)]
        case .ward: [ward(at: i)]
        case .district: [geography.ward(code: ward(at: i))?.district ?? ""]
        case .category: Array(Set(categories(at: i).map { taxonomy.topLevelID(of: $0) })).sorted()
        case .subcategory: categories(at: i)
        case .kind: [kind(at: i).rawValue]
        case .transfer: kind(at: i) == .place ? [transferState(of: id(at: i)).rawValue] : []
        }
    }

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
        let visit: (Int) -> Void = { i in
            for k in self.keys(at: i, for: facet) { counts[k, default: 0] += 1 }
        }
        if let subset { subset.forEach(visit) } else { assets.indices.forEach(visit) }
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
        for i in subset { c[kind(at: i), default: 0] += 1 }
        return c
    }

    // MARK: Changes (used by the store and importer; each keeps the link index true)

    /// Adds or replaces assets by id. Only on a catalogue with details (a compact one would
    /// lose every page it has not read).
    public mutating func upsert(_ new: [Asset]) {
        guard var all = assets.full else { preconditionFailure("upsert on a catalogue without details") }
        var added: [String: Int] = [:]
        for a in new {
            if let i = added[a.id] ?? index(of: a.id) { all[i] = a } else { added[a.id] = all.count; all.append(a) }
        }
        assets = AssetList(storage: .full(all))
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
