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

    /// The whole catalogue in a sort order, built the first time that order is asked for.
    func sortOrder(_ key: SortKey, in c: Catalogue) -> SortOrder {
        if let o = orders[key] { return o }
        let o = SortOrder(key, in: c)
        orders[key] = o
        return o
    }
}

/// Every asset in the order of `Browse.sorted` for one key, ties (equal sort keys) in catalogue
/// order, with where each run of ties starts. The list for a query is then this order walked
/// with the query's matches picked out, each run of tied matches put in rank order, as
/// `Browse.sorted` (a stable sort) leaves them when given the ranked hits.
struct SortOrder {
    let order: [Int32]
    /// `tied[i]`: `order[i]` sorts equal to `order[i - 1]`.
    let tied: [Bool]

    init(_ key: SortKey, in c: Catalogue) {
        let n = c.assets.count
        let names = c.assets.map { $0.name.lowercased() }
        var order = Array(0..<n)
        var tied = [Bool](repeating: false, count: n)
        switch key {
        case .relevance, .name:
            // Name order has no ties: Browse.sorted breaks them by index.
            order.sort { names[$0] != names[$1] ? names[$0] < names[$1] : $0 < $1 }
        case .ward:
            let wards = c.assets.map { c.wardName($0.ward) }
            order.sort { a, b in
                if wards[a] != wards[b] { return wards[a] < wards[b] }
                return names[a] != names[b] ? names[a] < names[b] : a < b
            }
            for i in order.indices.dropFirst() { tied[i] = wards[order[i]] == wards[order[i - 1]] && names[order[i]] == names[order[i - 1]] }
        case .kind:
            let kinds = c.assets.map(\.kind)
            order.sort { a, b in
                if kinds[a] != kinds[b] { return kinds[a] < kinds[b] }
                return names[a] != names[b] ? names[a] < names[b] : a < b
            }
            for i in order.indices.dropFirst() { tied[i] = kinds[order[i]] == kinds[order[i - 1]] && names[order[i]] == names[order[i - 1]] }
        case .verified:
            // Most recently verified first; never-verified last (as Browse.sorted).
            let never = LocalDate(dayNumber: -1_000_000)
            let days = c.assets.map { $0.lastVerified ?? never }
            order.sort { a, b in
                if days[a] != days[b] { return days[a] > days[b] }
                return names[a] != names[b] ? names[a] < names[b] : a < b
            }
            for i in order.indices.dropFirst() { tied[i] = days[order[i]] == days[order[i - 1]] && names[order[i]] == names[order[i - 1]] }
        }
        self.order = order.map { Int32($0) }
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
