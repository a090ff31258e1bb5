import Foundation

/// The assets a query matches, worked out once. Ranking them, counting them per facet value and
/// testing membership then cost bit operations, without matching the query's words again: the
/// explorer's list and navigator counts share one match per keystroke.
///
/// Everything here gives the same answers as the query-taking calls: `results(limit:)` is
/// `SearchIndex.results(query, limit:)`, `narrowed(by:)` then `results` is the query with the
/// clauses added, and `facetCounts` is `SearchIndex.facetCounts(_:for:)` of that query.
public struct SearchMatches {
    let index: SearchIndex
    let bits: Bits
    let sets: [SearchIndex.TermSets]
    /// The query these are the matches of (clauses added by `narrowed(by:)` included).
    public let query: SearchQuery
    /// How many assets match.
    public let total: Int

    /// True when the query has words or phrases to rank by (otherwise the order is name order).
    public var hasText: Bool { !sets.isEmpty }

    /// Whether the asset at this index (into `catalogue.assets`) matches.
    @inline(__always)
    public func contains(_ asset: Int) -> Bool { asset >= 0 && asset < index.count && bits.get(asset) }

    /// The matches that also pass every clause (AND), as if the clauses were part of the query.
    public func narrowed(by clauses: [FilterClause]) -> SearchMatches {
        let clauses = clauses.filter { !$0.anyOf.isEmpty }
        if clauses.isEmpty { return self }
        let b = Bits(index.count)
        b.copy(bits)
        for c in clauses { b.formIntersection(index.clauseBits(c), or: nil) }
        var q = query
        for c in clauses { q = q.adding(c) }
        return SearchMatches(index: index, bits: b, sets: sets, query: q, total: b.popcount())
    }

    /// Ranked hits and the total, as `SearchIndex.results(query, limit:)`.
    public func results(limit: Int? = nil) -> SearchResults {
        index.ranked(bits, sets, total: total, limit: limit)
    }

    /// Counts per facet value over these matches, narrowed by `clauses` (see `SearchIndex.facetCounts`).
    public func facetCounts(_ facet: Facet, narrowedBy clauses: [FilterClause] = []) -> [FacetCount] {
        let m = narrowed(by: clauses)
        return index.facetCounts(facet, over: m.bits)
    }

    /// Orders matching assets as `results` ranks them (a stable order: the rank key ends in name order).
    public func inRankOrder(_ assets: [Int]) -> [Int] {
        if assets.count < 2 { return assets }
        return assets.map { (index.rankKey($0, sets), $0) }.sorted { $0 < $1 }.map(\.1)
    }
}

extension SearchIndex {
    /// Matches a query once (see `SearchMatches`).
    public func matches(_ query: SearchQuery) -> SearchMatches {
        let (cand, sets) = prepare(query)
        return SearchMatches(index: self, bits: cand, sets: sets, query: query, total: cand.popcount())
    }
}
