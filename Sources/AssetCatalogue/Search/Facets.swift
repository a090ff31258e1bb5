import Foundation

extension SearchIndex {
    /// Counts per facet value over the assets matching `query` (all assets for an empty query),
    /// like `Catalogue.facetCounts(_:over:)` but from the index's bitsets: a popcount per value,
    /// so a frequency sheet over a million matches costs milliseconds. Every value of the
    /// reference data appears, with 0 when nothing has it. (Assets pointing at values missing
    /// from the reference data are not counted; for `.subcategory`, top-level categories named
    /// directly by assets follow the subcategories, in taxonomy order.)
    public func facetCounts(_ facet: Facet, for query: SearchQuery = SearchQuery()) -> [FacetCount] {
        facetCounts(facet, over: prepare(query).0)
    }

    /// Counts per facet value over the assets in `cand`.
    func facetCounts(_ facet: Facet, over cand: Bits) -> [FacetCount] {
        let tmp = Bits(count)
        func countOf(_ vs: [Int], placesOnly: Bool = false) -> Int {
            tmp.clear()
            for v in vs { values.or(v, into: tmp) }
            tmp.formIntersection(cand, or: nil)
            if placesOnly {
                let places = Bits(count)
                values.or(values.kindBase + AssetKind.allCases.firstIndex(of: .place)!, into: places)
                tmp.formIntersection(places, or: nil)
            }
            return tmp.popcount()
        }
        let geo = geography, tax = taxonomy
        switch facet {
        case .cluster:
            return geo.clusters.enumerated().map { FacetCount(key: $1.id, label: $1.name, count: countOf([values.clusterBase + $0])) }
        case .ward:
            return geo.wards.enumerated().map { FacetCount(key: $1.code, label: $1.name, count: countOf([values.wardBase + $0])) }
        case .district:
            return geo.districts.enumerated().map { FacetCount(key: $1.id, label: $1.name, count: countOf([values.districtBase + $0])) }
        case .category:
            return tax.topLevel.map { top in
                let vs = tax.categories.indices.filter { tax.categories[$0].id == top.id || tax.categories[$0].parent == top.id }
                return FacetCount(key: top.id, label: top.name, count: countOf(vs.map { values.categoryBase + $0 }))
            }
        case .subcategory:
            // Subcategories, then top-level categories that assets name directly (if any).
            let subs = tax.categories.enumerated().filter { !$1.isTopLevel }.map {
                FacetCount(key: $1.id, label: $1.name, count: countOf([values.categoryBase + $0]))
            }
            let tops = tax.categories.enumerated().filter(\.element.isTopLevel).map {
                FacetCount(key: $1.id, label: $1.name, count: countOf([values.categoryBase + $0]))
            }
            return subs + tops.filter { $0.count > 0 }
        case .kind:
            return AssetKind.allCases.enumerated().map {
                FacetCount(key: $1.rawValue, label: $1.plural, count: countOf([values.kindBase + $0]))
            }
        case .transfer:
            return TransferState.allCases.enumerated().map {
                FacetCount(key: $1.rawValue, label: $1.label, count: countOf([values.transferBase + $0], placesOnly: true))
            }
        }
    }
}
