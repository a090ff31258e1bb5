import AssetCatalogue
import Foundation
import Testing

/// Shared test fixtures: the shipped reference data, and the real public data in ../shared.
enum Fixtures {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let assets = repo.appendingPathComponent("Assets")
    static let shared = repo.deletingLastPathComponent().appendingPathComponent("shared/data")

    static let reference: (Geography, Taxonomy) = try! DefaultCatalogue.reference(from: assets)
    static var geography: Geography { reference.0 }
    static var taxonomy: Taxonomy { reference.1 }
    static var importer: Importer { Importer(geography: geography, taxonomy: taxonomy) }

    /// A file from ../shared/data. Under CI (CI=true) a missing file is a failure; elsewhere the
    /// test is skipped with a message.
    static func sharedFile(_ path: String) throws -> URL? {
        let u = shared.appendingPathComponent(path)
        if FileManager.default.fileExists(atPath: u.path) { return u }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record("missing shared data file \(u.path) (CI needs ../shared beside the repo)")
        } else {
            print("skipping: \(u.path) is not here")
        }
        return nil
    }

    static func tempDir() -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-test-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    static func asset(_ id: String, _ kind: AssetKind = .group, name: String? = nil, ward: String = "E05014661",
                      cluster: String = "north", categories: [String] = ["community.centre"], links: [AssetLink] = []) -> Asset {
        Asset(id: id, kind: kind, name: name ?? id, categories: categories, ward: ward, cluster: cluster, links: links)
    }
}
