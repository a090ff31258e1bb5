@testable import AssetCatalogue
import CSV
import Foundation
import Testing

/// The very first launch: the store is created and seeded from `Assets/`, and the catalogue
/// parsed for the seed is shown without reading it back. It must be what the store holds.
@Suite struct SeedTests {
    func sameCatalogue(_ a: Catalogue, _ b: Catalogue) {
        #expect(a.name == b.name)
        #expect(a.count == b.count)
        #expect(a.wholeAssets == b.wholeAssets)
        #expect(a.transferHistory == b.transferHistory)
        #expect(a.acvHistory == b.acvHistory)
        #expect(a.transferCases == b.transferCases)
        #expect(a.acvListings == b.acvListings)
        #expect(a.geography.boundaries?.isSchematic == b.geography.boundaries?.isSchematic)
        #expect(a.geography.boundaries?.source.name == b.geography.boundaries?.source.name)
        for asset in a.assets {
            #expect(a.index(of: asset.id) == b.index(of: asset.id))
            #expect(a.linked(to: asset.id) == b.linked(to: asset.id))
        }
    }

    @Test func theFirstLaunchShowsWhatTheSeededStoreLoadsBack() throws {
        let path = Fixtures.tempDir().appendingPathComponent("catalogue.sqlite")
        let (store0, shown) = try CatalogueStore.openCatalogue(path: path, readOnly: false, officer: "seed")
        let store = try #require(store0)
        #expect(try store.meta("seeded") != nil && store.changeLog().map(\.action).contains("seed"))
        #expect(!shown.transferCases.isEmpty && !shown.acvListings.isEmpty && shown.count > 700)
        let loaded = try store.load(geography: shown.geography, taxonomy: shown.taxonomy)
        sameCatalogue(shown, loaded)
        // And the next launch, which loads the seeded store.
        let (_, again) = try CatalogueStore.openCatalogue(path: path, readOnly: false, officer: "other")
        sameCatalogue(shown, again)
        // The launch path the explorer takes does the same.
        let path2 = Fixtures.tempDir().appendingPathComponent("catalogue.sqlite")
        guard case .loaded(let s2, let launched) = try CatalogueStore.openForLaunch(path: path2, readOnly: false, officer: "seed")
        else { Issue.record("the default catalogue is loaded, not previewed"); return }
        let store2 = try #require(s2)
        sameCatalogue(launched, try store2.load(geography: launched.geography, taxonomy: launched.taxonomy))
        #expect(launched.wholeAssets == shown.wholeAssets)
    }

    /// The explorer's first launch: the catalogue comes back at once and the seed is written on a
    /// thread of its own; every use of the store waits for it, and then finds exactly that catalogue.
    @Test func theExplorersFirstLaunchSeedsBehindTheFirstFrame() throws {
        let path = Fixtures.tempDir().appendingPathComponent("catalogue.sqlite")
        guard case .loaded(let s, let shown) = try CatalogueStore.openForLaunch(path: path, readOnly: false, officer: "seed")
        else { Issue.record("the default catalogue is loaded, not previewed"); return }
        let store = try #require(s)
        // The store's first use waits for the seed: it never sees it half written.
        #expect(try store.assetCount() == shown.count)
        #expect(try store.meta("transfer-records-derived") != nil)
        try store.finishSeeding()
        #expect(try store.verifyTransferRecords() == [])
        sameCatalogue(shown, try store.load(geography: shown.geography, taxonomy: shown.taxonomy))
        // As the command line finds it, and as the synchronous seed of the same files makes it.
        let (_, other) = try CatalogueStore.openCatalogue(path: path, readOnly: true, officer: "reader")
        sameCatalogue(shown, other)
        let (_, seededAtOnce) = try CatalogueStore.openCatalogue(
            path: Fixtures.tempDir().appendingPathComponent("catalogue.sqlite"), readOnly: false, officer: "seed")
        #expect(shown.wholeAssets == seededAtOnce.wholeAssets && shown.allTransferEvents == seededAtOnce.allTransferEvents)
        #expect(shown.transferCases.map(\.values) == seededAtOnce.transferCases.map(\.values))
        #expect(shown.acvListings.map(\.values) == seededAtOnce.acvListings.map(\.values))
        #expect(shown.transferCases.map(\.id) == seededAtOnce.transferCases.map(\.id))
        #expect(shown.acvListings.map(\.version) == seededAtOnce.acvListings.map(\.version))
    }

    /// A first launch killed before its seed was written leaves the database migrated and empty:
    /// the next launch seeds it the same way.
    @Test func aDatabaseLeftUnseededIsSeededByTheNextLaunch() throws {
        let path = Fixtures.tempDir().appendingPathComponent("catalogue.sqlite")
        _ = try CatalogueStore(path: path.path)
        guard case .loaded(let s, let shown) = try CatalogueStore.openForLaunch(path: path, readOnly: false, officer: "seed")
        else { Issue.record("the default catalogue is loaded, not previewed"); return }
        let store = try #require(s)
        #expect(shown.count > 700 && !shown.transferCases.isEmpty)
        sameCatalogue(shown, try store.load(geography: shown.geography, taxonomy: shown.taxonomy))
        #expect(try store.changeLog().filter { $0.action == "seed" }.count == 1)
    }

    @Test func theSeedGateWaitsForItsWorkExceptOnItsOwnThread() throws {
        let gate = SeedGate()
        let log = Log()
        gate.start {
            try gate.wait()   // its own thread: no wait (this would never return otherwise)
            Thread.sleep(forTimeInterval: 0.05)
            log.add("written")
        }
        try gate.wait()
        log.add("after")
        #expect(log.entries == ["written", "after"])
        let failing = SeedGate()
        failing.start { throw StoreError("disk full") }
        #expect(throws: StoreError.self) { try failing.wait() }
        #expect(throws: StoreError.self) { try failing.wait() }
    }

    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [String] = []
        func add(_ s: String) { lock.lock(); list.append(s); lock.unlock() }
        var entries: [String] { lock.lock(); defer { lock.unlock() }; return list }
    }

    /// Only a catalogue the store holds exactly is used as it is; one with a link or event the
    /// store merged as a duplicate is loaded instead.
    @Test func aCatalogueTheStoreDoesNotHoldExactlyIsNotUsed() throws {
        let path = Fixtures.tempDir().appendingPathComponent("catalogue.sqlite")
        let (store0, shown) = try CatalogueStore.openCatalogue(path: path, readOnly: false, officer: "seed")
        let store = try #require(store0)
        let added = (transfers: shown.allTransferEvents.count, acv: shown.allACVEvents.count)
        #expect(try store.seeded(shown, added: added) != nil)
        #expect(try store.seeded(shown, added: (added.transfers - 1, added.acv)) == nil)
        #expect(try store.seeded(shown, added: (added.transfers, added.acv - 1)) == nil)
        var assets = shown.wholeAssets
        let i = try #require(assets.firstIndex { !$0.links.isEmpty })
        assets[i].links.append(assets[i].links[0])
        let doubled = Catalogue(name: shown.name, geography: shown.geography, taxonomy: shown.taxonomy, assets: assets,
                                transfers: shown.allTransferEvents, acv: shown.allACVEvents)
        #expect(try store.seeded(doubled, added: added) == nil)
        let fewer = Catalogue(name: shown.name, geography: shown.geography, taxonomy: shown.taxonomy,
                              assets: Array(shown.wholeAssets.dropLast()), transfers: shown.allTransferEvents, acv: shown.allACVEvents)
        #expect(try store.seeded(fewer, added: added) == nil)
        let renamed = Catalogue(name: "another", geography: shown.geography, taxonomy: shown.taxonomy, assets: shown.wholeAssets,
                                transfers: shown.allTransferEvents, acv: shown.allACVEvents)
        #expect(try store.seeded(renamed, added: added) == nil)
    }

    /// The fast paths of CSV reading give exactly what Foundation's trimming and splitting give.
    @Test func fieldTrimmingAndLineSplittingMatchFoundation() {
        let samples = ["", " ", "a", " a", "a ", "\ta\t", "\u{00A0}x\u{00A0}", "\u{3000}x", "x\u{2028}", "\n\nx\r\n",
                       "#comment", "  # c", "café ", "é", "a b", "\r", "x\u{0085}", "\u{FEFF}x", "\"q\"", "~", "!"]
        for s in samples {
            #expect(s.trimmedField() == s.trimmingCharacters(in: .whitespaces), "\(Array(s.unicodeScalars))")
            #expect(s.trimmedField(newlines: true) == s.trimmingCharacters(in: .whitespacesAndNewlines), "\(Array(s.unicodeScalars))")
            let sub = ("<" + s + ">").dropFirst().dropLast()
            #expect(sub.trimmedField() == sub.trimmingCharacters(in: .whitespaces))
        }
        for text in ["", "\n", "a", "a\nb", "a\r\nb\nc", "a\n\n", "\r\n\r\n", "x\r\ny\r", "é\nü\r\n\n", "a\u{0301}\nb"] {
            // LF, CRLF and a lone CR each end a line (none of these texts has another line separator).
            #expect(CSVTable.lines(text) == text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline), "\(text.debugDescription)")
        }
    }

    /// CSV rows as the CSV package reads them, on every string of up to 5 characters from an
    /// alphabet of the characters that matter (and a non-ASCII one), and on the shipped files.
    @Test func rowsAreReadAsTheCSVPackageReadsThem() throws {
        let alphabet: [String] = ["a", ",", "\"", "\r", "\n", "é"]
        var texts: [String] = [""]
        var level: [String] = [""]
        for _ in 0..<5 {
            level = level.flatMap { t in alphabet.map { t + $0 } }
            texts += level
        }
        let assets = try #require(DefaultCatalogue.assetsFolder())
        for name in ["catalogue/activities.csv", "catalogue/transfers.csv", "geography/wards.csv", "taxonomy.csv"] {
            texts.append(try String(contentsOf: assets.appendingPathComponent(name), encoding: .utf8))
        }
        for text in texts {
            let reference = try CSVReader(string: text, hasHeaderRow: false)
            var expected: [[String]] = []
            while let r = reference.next() { expected.append(r) }
            var rows = CSVRows(text)
            var got: [[String]] = []
            while let r = rows.next() { got.append(r) }
            #expect(got == expected, "\(text.debugDescription)")
        }
    }

    @Test func datesAreWrittenAsStringFormatWritesThem() {
        for n in stride(from: -800_000, through: 3_700_000, by: 997) + [0, 1, -1, 719_162, 2_932_896, 2_932_897] {
            let d = LocalDate(dayNumber: n)
            #expect(d.description == String(format: "%04d-%02d-%02d", d.year, d.month, d.day), "\(n)")
        }
    }

    @Test func idsAreCheckedAsThePatternChecksThem() {
        for id in ["a", "pl-hall", "0-x", "a--b", "x-", "-a", "A", "a_b", "", "a b", "é", "a\n", "ab\n", "9"] {
            let pattern = try! NSRegularExpression(pattern: "^[a-z0-9][a-z0-9-]*$")
            let expected = pattern.firstMatch(in: id, range: NSRange(id.startIndex..., in: id)) != nil
            #expect(Importer.isValidID(id) == expected, "\(id.debugDescription)")
        }
    }
}
