import Foundation

/// The per-asset filter columns, bit-sliced: one bitset over all assets per reference value
/// (each ward, cluster, district, category, weekday, owner type, facility, kind, transfer
/// state, and "is an anchor"). About 150 bits per asset with the shipped reference data.
///
/// A filter clause is then the OR of a few bitsets and a query's filters their AND, word by
/// word; matching a query word against the names of these values (a ward name, a category
/// name, …) is decided once per value and applied the same way.
struct ValueBits: Sendable {
    /// 64-bit words per bitset.
    let words: Int
    /// `valueCount` bitsets, one after the other.
    let storage: Flat<UInt64>
    let wardBase: Int, clusterBase: Int, districtBase: Int, categoryBase: Int, dayBase: Int
    let ownerBase: Int, facilityBase: Int, kindBase: Int, transferBase: Int, anchorValue: Int
    let valueCount: Int
    /// Folded tokens of each searchable value's name (wards … facilities: `0..<kindBase`).
    let tokens: [[[UInt8]]]
    /// Searchable value → value whose name also counts as its text (a subcategory's parent).
    let parent: [Int?]

    /// The layout for `count` assets over this reference data, with bitsets read back from a file.
    init(geography geo: Geography, taxonomy tax: Taxonomy, count n: Int, storage: Flat<UInt64>) {
        words = max(1, (n + 63) >> 6)
        wardBase = 0
        clusterBase = wardBase + geo.wards.count
        districtBase = clusterBase + geo.clusters.count
        categoryBase = districtBase + geo.districts.count
        dayBase = categoryBase + tax.categories.count
        ownerBase = dayBase + 7
        facilityBase = ownerBase + OwnerType.allCases.count
        kindBase = facilityBase + Facility.allCases.count
        transferBase = kindBase + AssetKind.allCases.count
        anchorValue = transferBase + TransferState.allCases.count
        valueCount = anchorValue + 1

        var toks: [[[UInt8]]] = []
        toks += geo.wards.map { SearchText.tokens($0.name) }
        toks += geo.clusters.map { SearchText.tokens($0.name) }
        toks += geo.districts.map { SearchText.tokens($0.name) }
        toks += tax.categories.map { SearchText.tokens($0.name) }
        toks += Weekday.allCases.map { SearchText.tokens($0.name) }
        toks += OwnerType.allCases.map { SearchText.tokens($0.label) }
        toks += Facility.allCases.map { SearchText.tokens($0.label) }
        tokens = toks

        var catIndex: [String: Int] = [:]
        for (i, c) in tax.categories.enumerated() { catIndex[c.id] = i }
        var parent = [Int?](repeating: nil, count: toks.count)
        for (i, c) in tax.categories.enumerated() {
            if let p = c.parent, let pi = catIndex[p] { parent[categoryBase + i] = categoryBase + pi }
        }
        self.parent = parent

        self.storage = storage
    }

    init(_ catalogue: Catalogue) {
        let geo = catalogue.geography, tax = catalogue.taxonomy
        let n = catalogue.count
        self.init(geography: geo, taxonomy: tax, count: n, storage: Flat([]))
        var catIndex: [String: Int] = [:]
        for (i, c) in tax.categories.enumerated() { catIndex[c.id] = i }
        var wardIndex: [String: Int] = [:]
        for (i, w) in geo.wards.enumerated() { wardIndex[w.code] = i }
        var clusterIndex: [String: Int] = [:]
        for (i, c) in geo.clusters.enumerated() { clusterIndex[c.id] = i }
        var districtIndex: [String: Int] = [:]
        for (i, d) in geo.districts.enumerated() { districtIndex[d.id] = i }
        let wardDistrict: [Int?] = geo.wards.map { districtIndex[$0.district] }
        let owners = OwnerType.allCases, facilities = Facility.allCases, kinds = AssetKind.allCases

        var storage = [UInt64](repeating: 0, count: valueCount * words)
        let assets = catalogue.wholeAssets
        let (words, wardBase, clusterBase, districtBase, categoryBase, dayBase, ownerBase, facilityBase, kindBase, transferBase, anchorValue) =
            (self.words, self.wardBase, self.clusterBase, self.districtBase, self.categoryBase, self.dayBase, self.ownerBase,
             self.facilityBase, self.kindBase, self.transferBase, self.anchorValue)
        storage.withUnsafeMutableBufferPointer { st in
            func set(_ v: Int, _ i: Int) { st[v * words + i >> 6] |= 1 << UInt64(i & 63) }
            var lastWard = "", lastWardValue: Int? = nil
            var lastCluster = "", lastClusterValue: Int? = nil
            var lastCats: [String] = [], lastCatValues: [Int] = []
            assets.withUnsafeBufferPointer { ab in
                for i in 0..<n {
                    let kind = ab[i].kind
                    set(kindBase + kinds.firstIndex(of: kind)!, i)
                    if ab[i].ward != lastWard {
                        lastWard = ab[i].ward
                        lastWardValue = wardIndex[lastWard] ?? geo.ward(code: lastWard).flatMap { wardIndex[$0.code] }
                    }
                    if let w = lastWardValue {
                        set(wardBase + w, i)
                        if let d = wardDistrict[w] { set(districtBase + d, i) }
                    }
                    if ab[i].cluster != lastCluster {
                        lastCluster = ab[i].cluster
                        lastClusterValue = clusterIndex[lastCluster]
                    }
                    if let c = lastClusterValue { set(clusterBase + c, i) }
                    if ab[i].categories != lastCats {
                        lastCats = ab[i].categories
                        lastCatValues = lastCats.compactMap { catIndex[$0] }
                    }
                    for c in lastCatValues { set(categoryBase + c, i) }
                    if kind == .activity || !ab[i].schedule.days.isEmpty {
                        for d in ab[i].schedule.days { set(dayBase + d.rawValue - 1, i) }
                    }
                    if let o = ab[i].owner { set(ownerBase + owners.firstIndex(of: o)!, i) }
                    if !ab[i].facilities.isEmpty {
                        for f in ab[i].facilities { set(facilityBase + facilities.firstIndex(of: f)!, i) }
                    }
                    if kind == .anchor { set(anchorValue, i) }
                }
                // Same rules as Catalogue.isAnchor and Catalogue.transferState, without per-asset look-ups.
                for i in 0..<n where ab[i].kind == .anchor {
                    for l in ab[i].links where l.relation == .basedAt {
                        if let j = catalogue.index(of: l.target) { set(anchorValue, j) }
                    }
                }
            }
            var hasHistory = [Bool](repeating: false, count: n)
            let states = TransferState.allCases
            for (id, events) in catalogue.transferHistory {
                if let i = catalogue.index(of: id), let last = events.last {
                    set(transferBase + states.firstIndex(of: last.state)!, i)
                    hasHistory[i] = true
                }
            }
            let noneValue = transferBase + states.firstIndex(of: TransferState.none)!
            for i in 0..<n where !hasHistory[i] { set(noneValue, i) }
        }
        self = ValueBits(geography: geo, taxonomy: tax, count: n, storage: Flat(storage))
    }

    var searchableCount: Int { kindBase }

    /// Value indices for a filter (several for a top-level category, `transfer:any`).
    func values(for f: SearchFilter, geography geo: Geography, taxonomy tax: Taxonomy) -> [Int] {
        switch f {
        case .ward(let code):
            return geo.wards.firstIndex { $0.code == code }.map { [wardBase + $0] } ?? []
        case .cluster(let id):
            return geo.clusters.firstIndex { $0.id == id }.map { [clusterBase + $0] } ?? []
        case .district(let id):
            return geo.districts.firstIndex { $0.id == id }.map { [districtBase + $0] } ?? []
        case .category(let id):
            return tax.categories.indices.filter { tax.categories[$0].id == id || tax.categories[$0].parent == id }
                .map { categoryBase + $0 }
        case .kind(let k):
            return [kindBase + AssetKind.allCases.firstIndex(of: k)!]
        case .day(let d):
            return [dayBase + d.rawValue - 1]
        case .transfer(.any):
            return TransferState.allCases.indices.filter { TransferState.allCases[$0] != .none }.map { transferBase + $0 }
        case .transfer(.state(let s)):
            return [transferBase + TransferState.allCases.firstIndex(of: s)!]
        case .anchor(true):
            return [anchorValue]
        case .anchor(false):
            return []
        }
    }

    /// ORs value `v`'s bitset into `b`.
    func or(_ v: Int, into b: Bits) {
        storage.withUnsafeBufferPointer { st in
            let src = st.baseAddress! + v * words
            for i in 0..<words { b.p[i] |= src[i] }
        }
    }

    /// Level (0–3) of every searchable value for a matcher over a value's tokens; a
    /// subcategory takes the better of its own and its parent's level.
    func levels(_ level: ([[UInt8]]) -> UInt8) -> [UInt8] {
        var own = tokens.map(level)
        for v in own.indices {
            if let p = parent[v] { own[v] = max(own[v], own[p]) }
        }
        return own
    }
}
