import AssetCatalogue
import Foundation
import Testing

/// The shipped illustrative catalogue meets the coverage the issue asks for.
@Suite struct DefaultCatalogueTests {
    let c = try! DefaultCatalogue.load(from: Fixtures.assets)

    @Test func atLeast500AssetsOfEveryKind() {
        #expect(c.count >= 500)
        let kinds = Dictionary(grouping: c.assets, by: \.kind).mapValues(\.count)
        for k in AssetKind.allCases { #expect((kinds[k] ?? 0) >= 10, "too few \(k)") }
    }

    @Test func everyWardHasAtLeastTenAndEveryClusterIsUsed() {
        for fc in c.facetCounts(.ward) { #expect(fc.count >= 10, "\(fc.label) has \(fc.count)") }
        for fc in c.facetCounts(.cluster) { #expect(fc.count > 0, "\(fc.label) is empty") }
        #expect(c.facetCounts(.ward).count == 20)
    }

    @Test func everyTopLevelCategoryIsUsed() {
        for fc in c.facetCounts(.category) { #expect(fc.count > 0, "\(fc.label) is unused") }
    }

    @Test func clustersAreRecordedConsistentlyWithTheCrosswalk() {
        for a in c.assets {
            #expect(c.geography.clusters(touching: a.ward).map(\.id).contains(a.cluster),
                    "\(a.id): cluster \(a.cluster) does not touch \(c.wardName(a.ward))")
        }
    }

    @Test func denselyLinkedBothWays() {
        let activities = c.assets.filter { $0.kind == .activity }
        #expect(activities.allSatisfy { !$0.targets(.runBy).isEmpty && !$0.targets(.heldAt).isEmpty })
        let anchors = c.assets.filter { $0.kind == .anchor }
        #expect(anchors.allSatisfy { $0.targets(.hosts).count >= 3 })
        // A place used by an activity lists it under "Activities here".
        let act = activities[0]
        let place = act.targets(.heldAt)[0]
        #expect(c.linked(to: place).contains { $0.label == "Activities here" && $0.asset.id == act.id && !$0.outgoing })
    }

    @Test func illustrativeAndFreeOfPersonalContacts() {
        #expect(c.assets.allSatisfy { $0.source == "illustrative" })
        // Organisational contact only: no phone numbers invented, no personal-looking e-mail addresses.
        #expect(c.assets.allSatisfy { $0.phone.isEmpty })
        for a in c.assets where !a.email.isEmpty {
            let local = a.email.split(separator: "@").first.map(String.init) ?? ""
            #expect(!local.contains("."), "\(a.id): \(a.email) looks like a person's address")
        }
    }

    @Test func buildingsCarryTransferAndACVHistories() {
        #expect(c.transferHistory.count >= 10)
        #expect(c.acvHistory.count >= 3)
        for id in c.transferHistory.keys { #expect(c.asset(id: id)?.kind == .place) }
        let states = Set(c.transferHistory.values.compactMap { $0.last?.state })
        #expect(states.contains(.transferred) && states.contains(.inProgress))
    }
}
