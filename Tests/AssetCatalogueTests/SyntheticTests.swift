@testable import AssetCatalogue
import Foundation
import Testing

@Suite struct SyntheticTests {
    static let geo = SearchFixture.geography
    static let tax = SearchFixture.taxonomy
    static let cat = Synthetic.catalogue(count: 3000, seed: 5, geography: geo, taxonomy: tax)

    @Test func splitMixIsTheReferenceSequence() {
        // First outputs of SplitMix64 seeded with 0 (Vigna's reference implementation).
        var g = Synthetic.RNG(seed: 0)
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
        #expect(g.next() == 0x6E78_9E6A_A1B9_65F4)
        var h = Synthetic.RNG(seed: 1)
        for _ in 0..<1000 { #expect(h.below(7) < 7) }
    }

    @Test func deterministicPerSeed() {
        let a = Synthetic.catalogue(count: 500, seed: 5, geography: SyntheticTests.geo, taxonomy: SyntheticTests.tax)
        let b = Synthetic.catalogue(count: 500, seed: 5, geography: SyntheticTests.geo, taxonomy: SyntheticTests.tax)
        let c = Synthetic.catalogue(count: 500, seed: 6, geography: SyntheticTests.geo, taxonomy: SyntheticTests.tax)
        #expect(a.wholeAssets == b.wholeAssets)
        #expect(a.allTransferEvents == b.allTransferEvents)
        #expect(a.assets.map(\.name) != c.assets.map(\.name))
    }

    @Test func allKindsWithValidReferencesAndLinks() {
        let c = SyntheticTests.cat
        #expect(Set(c.assets.map(\.kind)) == Set(AssetKind.allCases))
        #expect(Set(c.assets.map(\.id)).count == c.count)
        for a in c.assets {
            #expect(c.geography.ward(code: a.ward) != nil)
            #expect(c.geography.clusters(touching: a.ward).contains { $0.id == a.cluster }, "\(a.id) cluster")
            #expect(!a.categories.isEmpty && a.categories.allSatisfy { c.taxonomy.category(id: $0) != nil })
            for l in a.links {
                guard let t = c.asset(id: l.target) else { Issue.record("\(a.id) → missing \(l.target)"); continue }
                switch l.relation {
                case .runBy: #expect(a.kind == .activity && t.kind == .group)
                case .heldAt: #expect(a.kind == .activity && t.kind == .place)
                case .basedAt: #expect((a.kind == .group || a.kind == .anchor) && t.kind == .place)
                case .hosts: #expect(a.kind == .anchor && (t.kind == .group || t.kind == .activity))
                }
            }
            if a.kind == .activity { #expect(!a.schedule.days.isEmpty) }
        }
        #expect(c.assets.contains { c.isAnchor($0) && $0.kind == .place })
        #expect(TransferState.allCases.filter { s in c.assets.contains { c.transferState(of: $0.id) == s } }.count >= 4)
    }

    @Test func textHasNonASCIIAndALongTail() {
        let c = SyntheticTests.cat
        let text = c.assets.map { $0.name + " " + $0.description }
        for words in [Synthetic.bengali, Synthetic.urdu, Synthetic.polish, Synthetic.chinese] {
            #expect(text.contains { t in words.contains { t.contains($0) } })
        }
        let index = SearchIndex(c)
        // A long tail: many more distinct tokens than assets / 2 even at this size.
        #expect(index.vocabularySize > c.count)
    }

    @Test func benchmarkQueriesParseAndMostFindSomething() throws {
        let index = SearchIndex(SyntheticTests.cat)
        var found = 0
        for q in Synthetic.benchmarkQueries {
            let query = try SearchQuery.parse(q, in: SyntheticTests.cat)
            if index.count(query) > 0 { found += 1 }
        }
        #expect(found >= Synthetic.benchmarkQueries.count - 4)
        #expect(Synthetic.benchmarkQueries.contains { $0.contains("\"") })
        #expect(Synthetic.benchmarkQueries.contains { $0.contains(" -") })
        #expect(Synthetic.benchmarkQueries.contains { $0.contains(":") })
    }
}
