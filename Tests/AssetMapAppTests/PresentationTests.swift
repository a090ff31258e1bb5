import AssetCatalogue
@testable import AssetMapApp
import Foundation
import TermUI
import Testing

/// The facilitator's path in presentation mode (issue 10).
@Suite struct FacilitatorPathTests {
    static func presenting(tour: MapTour? = nil) -> Explorer {
        var e = Explorer(catalogue: AppFixture.catalogue, readOnly: true)
        _ = e.update(.resize(Size(132, 43)))
        e.startPresentation(tour: tour)
        return e
    }

    @Test func afterASearchEnterOpensTheTopResultNotTheMapsWard() {
        var e = Self.presenting()
        e.send("/", "lunch", Key.enter)
        let top = e.selectedAsset
        #expect(top != nil && !e.map.focused)
        e.send(Key.enter)
        #expect(e.detailAsset?.id == top?.id)
        #expect(!e.chips.contains { $0.facet == .ward }, "Enter filtered to the map's ward")
    }

    @Test func pausingTheTourSaysTourPaused() {
        var e = Self.presenting(tour: MapTour(stops: .wards, seconds: 1))
        e.send("h")
        #expect(e.map.tour?.paused == true)
        #expect(e.screenText.contains("tour paused"))
    }

    @Test func aTourByClustersNamesTheCluster() {
        var e = Self.presenting(tour: MapTour(stops: .clusters, seconds: 1))
        for _ in 0..<10 { _ = e.update(.tick) }  // the second stop
        let cluster = e.catalogue.geography.clusters[1 % e.catalogue.geography.clusters.count].name
        #expect(e.screenText.contains("\(cluster) cluster (tour)"), "\(e.screenText)")
    }

    @Test func aWriteKeyWhilePresentingSaysReadOnlyPresentation() {
        var e = Self.presenting()
        e.send("2", "T")
        #expect(e.context == .cases)
        e.send("n")
        #expect(e.message?.contains("read-only (presentation)") == true, "\(e.message ?? "no message")")
        #expect(e.message?.contains("no catalogue store") == false)
        #expect(e.screenText.contains("read-only (presentation)"))
    }

    /// The key bar: the screen's last line.
    static func keyBar(_ e: Explorer) -> String { e.screenText.components(separatedBy: "\n").last ?? "" }

    @Test func readOnlyScreensDoNotAdvertiseWriteKeys() {
        var e = Self.presenting()
        e.send("2", "T")
        let bar = Self.keyBar(e)
        #expect(bar.contains("back") && !bar.contains("new case") && !bar.contains("note"), "\(bar)")
        e.send(Key.enter)  // a case
        let caseBar = Self.keyBar(e)
        #expect(!caseBar.contains("advance") && !caseBar.contains("edit") && !caseBar.contains("undo"), "\(caseBar)")
    }

    @Test func theGapMapsCategoryKeysAreInTheKeyBar() {
        for size in [Size(100, 30), Size(132, 43)] {
            var e = Explorer(catalogue: AppFixture.catalogue, readOnly: true)
            _ = e.update(.resize(size))
            e.startPresentation()
            while e.map.shade != .gap { e.send("s") }
            #expect(Self.keyBar(e).contains("[/] category"), "\(size): \(Self.keyBar(e))")
        }
    }

    @Test func hintsNameOnlyWhatIsOnTheScreen() {
        var e = Self.presenting()
        e.send("z")  // the map full screen: no navigator
        #expect(e.map.fullScreen && !e.screenText.contains("navigator"), "\(e.screenText)")
        #expect(e.screenText.contains("Enter on the map filters"))
    }

    @Test func presentingWritesNoMapSettings() {
        var e = Explorer(catalogue: AppFixture.catalogue, readOnly: false)
        _ = e.update(.resize(Size(132, 43)))
        #expect(e.mayWriteSettings)
        e.send("P")
        #expect(!e.mayWriteSettings)
        e.send("P")
        #expect(e.mayWriteSettings)
        #expect(!Self.presenting().mayWriteSettings)
    }
}

/// No free text that officers write reaches any screen in presentation mode (issue 10): every
/// officer-written field of cases, their history, ACV listings and their events is filled with a
/// marker, and a walk presses every key of the key table on every screen it reaches.
@Suite struct PresentationShowsNoOfficerTextTests {
    static let markers = ["MKOWNER", "MKCONDITIONS", "MKDOCUMENTS", "MKLEADOFFICER", "MKEDITREASON", "MKUNDOREASON",
                          "MKCASENOTE", "MKUNDONENOTE", "MKNOMINATOR", "MKACVREASON", "MKACVNOTE"]

    /// The fixture store with every officer-written field set to a marker.
    static func store() throws -> CatalogueStore {
        let store = try CatalogueStore(path: RecordsFixture.database())
        let today = RecordsFixture.today, now = RecordsFixture.clock
        var c = try store.transferCase("cat-1")
        c = try store.updateTransferCase(c.id, .edit(set: [.owner: "MKOWNER", .conditions: "MKCONDITIONS", .documents: "MKDOCUMENTS",
                                                           .leadOfficer: "MKLEADOFFICER"], reason: "MKEDITREASON"),
                                         expectedVersion: c.version, by: "alice", today: today, now: now)
        c = try store.updateTransferCase(c.id, .note("MKUNDONENOTE"), expectedVersion: c.version, by: "alice", today: today, now: now)
        c = try store.updateTransferCase(c.id, .undo(reason: "MKUNDOREASON"), expectedVersion: c.version, by: "alice", today: today, now: now)
        c = try store.updateTransferCase(c.id, .note("MKCASENOTE"), expectedVersion: c.version, by: "alice", today: today, now: now)
        var l = try store.acvListing("acv-1")
        l = try store.updateACVListing(l.id, .edit(set: [.nominator: "MKNOMINATOR"], reason: "MKACVREASON"),
                                       expectedVersion: l.version, by: "alice", today: today, now: now)
        l = try store.updateACVListing(l.id, .note("MKACVNOTE"), expectedVersion: l.version, by: "alice", today: today, now: now)
        return store
    }

    /// Where the explorer is, for the walk: screens that differ only in a selection count once.
    static func place(_ e: Explorer) -> String {
        let screen: String = switch e.records.screens.last {
        case .cases?: "cases"
        case .listings?: "listings"
        case .caseView(let id, _)?: "case \(id)"
        case .listingView(let id, _)?: "listing \(id)"
        case .history(let id, _, _)?: "history \(id)"
        case .change(let id, _, _)?: "change \(id)"
        case nil: "-"
        }
        return "\(e.mode) \(e.context) \(screen) \(e.focus) \(e.detail != nil) \(e.map.isOpen) \(e.map.fullScreen) \(e.records.menu != nil)"
    }

    /// Breadth-first from `start`: every key of the key table from every place reached (up to
    /// `bound` places); every frame is handed to `frame`.
    static func walk(_ start: Explorer, bound: Int, frame: (String) -> Void) -> Int {
        var keys: [Key] = []
        for b in ExplorerKeys.table.bindings { for k in b.keys where !keys.contains(k) { keys.append(k) } }
        var seen: Set<String> = [place(start)], queue = [start], i = 0
        frame(start.screenText)
        while i < queue.count && seen.count < bound {
            let s = queue[i]
            i += 1
            for k in keys {
                var e = s
                _ = e.update(.key(k))
                frame(e.screenText)
                if seen.insert(place(e)).inserted { queue.append(e) }
            }
        }
        return seen.count
    }

    @Test func noMarkerOnAnyScreenReachedByKeys() throws {
        let store = try Self.store()
        // Without presentation mode the same walk shows every marker (so the check below can fail).
        var shown = Set<String>()
        let plain = try RecordsFixture.explorer(store, size: Size(120, 36), readOnly: true)
        _ = Self.walk(plain, bound: 80) { f in for m in Self.markers where f.contains(m) { shown.insert(m) } }
        #expect(shown == Set(Self.markers), "not reached: \(Set(Self.markers).subtracting(shown).sorted())")
        for size in [Size(100, 30), Size(160, 45)] {
            var e = try RecordsFixture.explorer(store, size: size, readOnly: true)
            e.startPresentation()
            var leaked = Set<String>()
            let places = Self.walk(e, bound: 80) { f in for m in Self.markers where f.contains(m) { leaked.insert(m) } }
            #expect(places >= 10)
            #expect(leaked.isEmpty, "\(size): \(leaked.sorted()) on screen in presentation mode")
        }
        // What is hidden is said to exist.
        var e = try RecordsFixture.explorer(store, size: Size(120, 36), readOnly: true)
        e.startPresentation()
        e.send("2", "T", Key.enter)
        #expect(e.screenText.contains("note, hidden") || e.screenText.contains("notes, hidden"), "\(e.screenText)")
    }
}
