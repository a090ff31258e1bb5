import AssetCatalogue
import Foundation
import Testing

/// The hostile-input harness's checks (`make fuzz`), and the inputs it has found, replayed.
@Suite(.serialized) struct HostileInputTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzRegressions")

    func check() throws -> HostileInputCheck {
        try HostileInputCheck(folder: URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("assetmap-hostile-\(UUID().uuidString)"))
    }

    @Test func seedsAreAcceptedAndRoundTrip() throws {
        let c = try check()
        defer { try? FileManager.default.removeItem(at: c.folder) }
        let json = c.jsonSeeds(), geo = c.geojsonSeeds()
        #expect(json.count == 2 && geo.count == 2)
        for d in json { #expect(c.check(.json, d) == .accepted) }
        for d in geo { #expect(c.check(.geojson, d) == .accepted) }
        #expect(c.check(.query, Data("ward:alexandra".utf8)) == .accepted)
    }

    @Test func rejectedInputsLeaveTheStoreAlone() throws {
        let c = try check()
        defer { try? FileManager.default.removeItem(at: c.folder) }
        #expect(c.check(.csv, Data("id,kind,name\nx,nonsense,\n".utf8)) == .rejected)
        #expect(c.check(.json, Data("{\"format\":[]}".utf8)) == .rejected)
        #expect(c.check(.geojson, Data("{\"type\":\"FeatureCollection\",\"features\":[]}".utf8)) == .rejected)
        #expect(c.check(.query, Data("wrd:x".utf8)) == .rejected)
    }

    /// Every input `assetmap-fuzz` ever failed on (Tests/FuzzRegressions, named TARGET-….EXT).
    @Test func regressionFixturesPass() throws {
        let c = try check()
        defer { try? FileManager.default.removeItem(at: c.folder) }
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path).sorted()
            .filter { !$0.hasSuffix(".why") && !$0.hasPrefix(".") && $0 != "README.md" }
        for name in names {
            let target = try #require(HostileTarget(rawValue: String(name.prefix { $0 != "-" })), "\(name): no target prefix")
            let outcome = c.check(target, try Data(contentsOf: Self.fixtures.appendingPathComponent(name)))
            if case .failed(let why) = outcome { Issue.record("\(name): \(why)") }
        }
    }
}
