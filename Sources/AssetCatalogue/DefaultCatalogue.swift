import Foundation

/// Finds and loads the shipped reference data and default catalogue (`Assets/`).
public enum DefaultCatalogue {
    public static let name = "Oldham community assets (illustrative)"

    /// The Assets folder: `$ASSETMAP_ASSETS`; then `../share/assetmap` beside the executable (an
    /// installed copy); then the source tree this was built from.
    public static func assetsFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        let fm = FileManager.default
        func valid(_ u: URL) -> Bool { fm.fileExists(atPath: u.appendingPathComponent("geography/wards.csv").path) }
        if let env = environment["ASSETMAP_ASSETS"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        if let exe = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            let installed = exe.deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("share/assetmap")
            if valid(installed) { return installed }
        }
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Assets")
        return valid(source) ? source : nil
    }

    public struct NotFound: Error, CustomStringConvertible {
        public var description: String {
            "cannot find the assetmap data folder (Assets/ with geography/wards.csv); set ASSETMAP_ASSETS to its path"
        }
    }

    public static func reference(from folder: URL) throws -> (Geography, Taxonomy) {
        let geo = try Geography.load(from: folder.appendingPathComponent("geography"))
        let tax = try Taxonomy.load(from: folder.appendingPathComponent("taxonomy.csv"))
        return (geo, tax)
    }

    /// Loads reference data and the default catalogue from an Assets folder, validating everything.
    public static func load(from folder: URL) throws -> Catalogue {
        let (geo, tax) = try reference(from: folder)
        return try load(from: folder, geography: geo, taxonomy: tax)
    }

    /// `load(from:)` with the folder's reference data already read (`reference(from:)`).
    static func load(from folder: URL, geography geo: Geography, taxonomy tax: Taxonomy) throws -> Catalogue {
        let importer = Importer(geography: geo, taxonomy: tax)
        let dir = folder.appendingPathComponent("catalogue")
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "csv" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        // The files are read side by side, then merged in name order, their errors too.
        let results = Results(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            results[i] = Result { try importer.read(files[i], displayName: "Assets/catalogue/" + files[i].lastPathComponent) }
        }
        var batch = ImportBatch()
        var errors: [ImportError] = []
        for r in results.all {
            do { batch.merge(try r.get()) }
            catch let e as ImportErrors { errors += e.errors }
            catch let e as ImportError { errors.append(e) }
        }
        if !errors.isEmpty { throw ImportErrors(errors) }
        try importer.checkReferences(batch, existing: { _ in nil })
        return Catalogue(name: name, geography: geo, taxonomy: tax, assets: batch.assets,
                         transfers: batch.transfers, acv: batch.acv)
    }

    /// One slot per file, filled from the threads reading them.
    private final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [Result<ImportBatch, any Error>?]
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        subscript(i: Int) -> Result<ImportBatch, any Error>? {
            get { lock.lock(); defer { lock.unlock() }; return slots[i] }
            set { lock.lock(); slots[i] = newValue; lock.unlock() }
        }
        var all: [Result<ImportBatch, any Error>] { (0..<slots.count).map { self[$0]! } }
    }

    public static func load() throws -> Catalogue {
        guard let folder = assetsFolder() else { throw NotFound() }
        return try load(from: folder)
    }
}
