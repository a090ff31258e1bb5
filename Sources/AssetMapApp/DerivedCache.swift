import AssetCatalogue

/// What the explorer derives from its inputs, kept so that going back to inputs seen lately (Esc
/// after a search, `q` after a drill, a chip put back) costs no search, and the catalogue in
/// each sort order. Entries are pure functions of their key and the index, so copies of an
/// explorer may share one cache; the explorer replaces it when its catalogue or index changes.
final class DerivedCache {
    /// Every input `recompute` reads besides the catalogue and index.
    struct Key: Hashable {
        var query: SearchQuery?
        var chips: [FilterChip]
        var navTab: NavTab
        var expanded: Set<String>
        var sort: SortKey
        var filterText: String
        var rankedPrefix: Int
    }

    struct Entry {
        var items: [Int]
        var total: Int
        var navRows: [NavRow]
        var listMatches: (query: SearchQuery, matches: SearchMatches)?
    }

    /// Inputs kept, most recent last.
    static let capacity = 8
    /// Lists longer than this (the filter line ranks every match) are not kept.
    static let maxItems = 20_000
    private(set) var entries: [(key: Key, entry: Entry)] = []
    private var orders: [SortKey: SortOrder] = [:]

    func entry(for key: Key) -> Entry? {
        guard let i = entries.firstIndex(where: { $0.key == key }) else { return nil }
        let e = entries.remove(at: i)
        entries.append(e)
        return e.entry
    }

    func store(_ entry: Entry, for key: Key) {
        entries.removeAll { $0.key == key }
        guard entry.items.count <= DerivedCache.maxItems else { return }
        entries.append((key, entry))
        if entries.count > DerivedCache.capacity { entries.removeFirst(entries.count - DerivedCache.capacity) }
    }

    /// The whole catalogue in a sort order, built the first time that order is asked for. Name
    /// order is a sort; the others are name order bucketed by their key (a stable counting sort
    /// over a few distinct wards, kinds or dates), so after the first they cost a pass each.
    func sortOrder(_ key: SortKey, in c: Catalogue) -> SortOrder {
        if let o = orders[key] { return o }
        let names = lowercasedNames ?? c.assets.indices.map { c.name(at: $0).lowercased() }
        lowercasedNames = names
        let o: SortOrder
        switch key {
        case .relevance, .name: o = SortOrder(names: names)
        case .ward:
            o = SortOrder(buckets: c.assets.indices.map { c.wardName(c.ward(at: $0)) }, by: <, nameOrder: sortOrder(.name, in: c), names: names)
        case .kind: o = SortOrder(buckets: c.assets.indices.map { c.kind(at: $0) }, by: <, nameOrder: sortOrder(.name, in: c), names: names)
        case .verified:
            // Most recently verified first; never-verified last (as Browse.sorted).
            let never = LocalDate(dayNumber: -1_000_000)
            o = SortOrder(buckets: c.assets.indices.map { c.lastVerified(at: $0) ?? never }, by: >, nameOrder: sortOrder(.name, in: c), names: names)
        }
        orders[key] = o
        return o
    }

    private var lowercasedNames: [String]?
}

/// Every asset in the order of `Browse.sorted` for one key, ties (equal sort keys) in catalogue
/// order, with where each run of ties starts. The list for a query is then this order walked
/// with the query's matches picked out, each run of tied matches put in rank order, as
/// `Browse.sorted` (a stable sort) leaves them when given the ranked hits.
struct SortOrder {
    let order: [Int32]
    /// `tied[i]`: `order[i]` sorts equal to `order[i - 1]`.
    let tied: [Bool]

    /// Name order: lowercased name, then index (no ties).
    init(names: [String]) {
        var order = Array(0..<names.count)
        order.sort { names[$0] != names[$1] ? names[$0] < names[$1] : $0 < $1 }
        self.order = order.map { Int32($0) }
        tied = [Bool](repeating: false, count: names.count)
    }

    /// Ordered by a key first, then by name and index: name order, stably bucketed by the key.
    /// Tied: same key and same lowercased name.
    init<K: Hashable>(buckets keys: [K], by less: (K, K) -> Bool, nameOrder: SortOrder, names: [String]) {
        let n = keys.count
        let distinct = Array(Set(keys)).sorted(by: less)
        var slotOf: [K: Int] = [:]
        for (i, k) in distinct.enumerated() { slotOf[k] = i }
        let slot = keys.map { slotOf[$0]! }
        var start = [Int](repeating: 0, count: distinct.count + 1)
        for x in slot { start[x + 1] += 1 }
        for i in distinct.indices { start[i + 1] += start[i] }
        var order = [Int32](repeating: 0, count: n)
        for a in nameOrder.order {
            let b = slot[Int(a)]
            order[start[b]] = a
            start[b] += 1
        }
        var tied = [Bool](repeating: false, count: n)
        for i in order.indices.dropFirst() {
            let a = Int(order[i]), p = Int(order[i - 1])
            tied[i] = slot[a] == slot[p] && names[a] == names[p]
        }
        self.order = order
        self.tied = tied
    }

    /// At least the first `n` matches in this order (more when a run of ties crosses `n`), every
    /// match when there are fewer. `tiesInRankOrder`: tied matches in the order `matches` ranks
    /// them (else in catalogue order, as `Browse.sorted` leaves the unranked catalogue).
    func prefix(_ n: Int, of matches: SearchMatches, tiesInRankOrder: Bool) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(min(max(n, 0), matches.total))
        var run: [Int] = []
        func flush() {
            if run.count > 1 && tiesInRankOrder { out += matches.inRankOrder(run) } else { out += run }
            run.removeAll(keepingCapacity: true)
        }
        order.withUnsafeBufferPointer { ob in
            tied.withUnsafeBufferPointer { tb in
                for i in 0..<ob.count {
                    if !tb[i] {
                        flush()
                        if out.count >= n || out.count == matches.total { return }
                    }
                    let a = Int(ob[i])
                    if matches.contains(a) { run.append(a) }
                }
                flush()
            }
        }
        return out
    }
}
