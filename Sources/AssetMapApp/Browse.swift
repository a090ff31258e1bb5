import AssetCatalogue

/// One active filter, shown as a breadcrumb (`North › Shaw › Food`). Filters of different
/// facets combine (AND); choosing a new value of a facet replaces the old one.
public struct FilterChip: Hashable, Sendable {
    public var facet: Facet
    public var key: String
    public var label: String
}

/// The navigator's tabs.
public enum NavTab: Int, CaseIterable, Sendable {
    case clusters, wards, districts, categories, kinds
    /// Transfer cases: due or overdue, by stage, by cluster and ward (rows from the cases, not the index).
    case transfers

    public var title: String {
        switch self {
        case .clusters: "Clusters"
        case .wards: "Wards"
        case .districts: "Districts"
        case .categories: "Categories"
        case .kinds: "Kinds"
        case .transfers: "Transfers"
        }
    }

    /// The facets a row's depth stands for, outermost first: cluster → wards it touches → categories.
    var levels: [Facet] {
        switch self {
        case .clusters: [.cluster, .ward, .category]
        case .wards: [.ward, .category]
        case .districts: [.district, .ward, .category]
        case .categories: [.category, .subcategory]
        case .kinds: [.kind]
        case .transfers: []
        }
    }
}

/// A row of the navigator tree.
public struct NavRow: Hashable, Sendable {
    /// The filters this row stands for, outermost first (its path in the tree).
    public var path: [FilterChip]
    public var count: Int
    public var expandable: Bool
    public var depth: Int { path.count - 1 }
    public var id: String { path.map { "\($0.facet.rawValue)=\($0.key)" }.joined(separator: "/") }
    public var label: String { path.last?.label ?? "" }
}

/// How the results list is ordered.
public enum SortKey: Int, CaseIterable, Sendable {
    case relevance, name, ward, kind, verified

    public var label: String {
        switch self {
        case .relevance: "relevance"
        case .name: "name"
        case .ward: "ward"
        case .kind: "kind"
        case .verified: "last verified"
        }
    }
}

/// Filtering, counting and ordering over the catalogue: pure functions the app state calls when
/// its inputs change, never per frame.
public enum Browse {
    /// Navigator rows for a tab; children of expanded rows follow their parent. A row's count is
    /// the number of assets matching `query(path)`: the search and the chips of other tabs, within
    /// the row's path. Counted from the index's bitsets, so a frame over a million assets stays cheap.
    public static func navRows(tab: NavTab, expanded: Set<String>, index: SearchIndex, in c: Catalogue,
                               query: ([FilterChip]) -> SearchQuery) -> [NavRow] {
        navRows(tab: tab, expanded: expanded, in: c) { facet, path in index.facetCounts(facet, for: query(path)) }
    }

    /// The same rows counted from matches made once: a row's count is the number of `matches`
    /// that also pass `clauses(path)`. With `matches` = the search and the other tabs' chips, and
    /// `clauses` = the path's chips as clauses, these are the rows of `navRows(…query:)`.
    public static func navRows(tab: NavTab, expanded: Set<String>, in c: Catalogue, matches: SearchMatches,
                               clauses: ([FilterChip]) -> [FilterClause]) -> [NavRow] {
        navRows(tab: tab, expanded: expanded, in: c) { facet, path in matches.facetCounts(facet, narrowedBy: clauses(path)) }
    }

    static func navRows(tab: NavTab, expanded: Set<String>, in c: Catalogue,
                        counts countsFor: (Facet, [FilterChip]) -> [FacetCount]) -> [NavRow] {
        var out: [NavRow] = []
        func build(level: Int, path: [FilterChip]) {
            let facet = tab.levels[level]
            var counts = countsFor(facet, path)
            if level > 0 {
                // Children: only values that occur, plus for a cluster the wards it touches.
                if facet == .ward, let parent = path.last, parent.facet == .cluster, let cl = c.geography.cluster(id: parent.key) {
                    let touched = Set(cl.wardCodes)
                    counts = counts.filter { touched.contains($0.key) || $0.count > 0 }
                } else if facet == .ward, let parent = path.last, parent.facet == .district, let d = c.geography.district(id: parent.key) {
                    counts = counts.filter { d.wards.contains($0.key) }
                } else if facet == .subcategory, let parent = path.last {
                    counts = counts.filter { c.taxonomy.category(id: $0.key)?.parent == parent.key }
                } else {
                    counts = counts.filter { $0.count > 0 }
                }
            }
            for fc in counts {
                let chip = FilterChip(facet: facet == .subcategory ? .category : facet, key: fc.key, label: fc.label)
                let rowPath = path + [chip]
                let row = NavRow(path: rowPath, count: fc.count, expandable: level + 1 < tab.levels.count)
                out.append(row)
                if row.expandable && expanded.contains(row.id) { build(level: level + 1, path: rowPath) }
            }
        }
        build(level: 0, path: [])
        return out
    }

    /// Orders result indices. Relevance keeps the search's order.
    public static func sorted(_ items: [Int], by key: SortKey, in c: Catalogue) -> [Int] {
        func nameKey(_ i: Int) -> String { c.name(at: i).lowercased() }
        switch key {
        case .relevance: return items
        case .name: return items.sorted { (nameKey($0), $0) < (nameKey($1), $1) }
        case .ward:
            return items.sorted { (c.wardName(c.ward(at: $0)), nameKey($0)) < (c.wardName(c.ward(at: $1)), nameKey($1)) }
        case .kind:
            return items.sorted { a, b in
                let ka = c.kind(at: a), kb = c.kind(at: b)
                return ka != kb ? ka < kb : nameKey(a) < nameKey(b)
            }
        case .verified:
            // Most recently verified first; never-verified last.
            return items.sorted { a, b in
                let va = c.lastVerified(at: a), vb = c.lastVerified(at: b)
                if va != vb { return (va ?? LocalDate(dayNumber: -1_000_000)) > (vb ?? LocalDate(dayNumber: -1_000_000)) }
                return nameKey(a) < nameKey(b)
            }
        }
    }
}
