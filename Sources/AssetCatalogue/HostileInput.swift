import Foundation

/// One hostile input and the checks run on it (`assetmap-fuzz`, and the regression fixtures
/// replayed by the unit tests): the importers and the query parser must not crash; a rejected
/// import leaves the store's files byte-identical; an accepted one leaves `integrity_check` ok
/// and an export that re-imports to the same catalogue.
public enum HostileTarget: String, CaseIterable, Sendable {
    case csv, json, geojson, query
    /// The extension the input is written with, so it goes through the same reader as on the CLI.
    public var fileExtension: String {
        switch self { case .csv: "csv"; case .json: "json"; case .geojson: "geojson"; case .query: "txt" }
    }
}

public enum HostileOutcome: Equatable, Sendable {
    case accepted, rejected
    case failed(String)
}

/// A small store in a temporary folder, seeded once from the default catalogue and restored from
/// its bytes after every accepted import.
public final class HostileInputCheck {
    public let folder: URL
    let dbURL: URL
    let baseBytes: Data
    var store: CatalogueStore!
    var catalogue: Catalogue
    let baseCatalogue: Catalogue
    let importer: Importer
    var serial = 0

    public init(folder: URL) throws {
        self.folder = folder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        dbURL = folder.appendingPathComponent("base.sqlite")
        do {
            let (s, c) = try CatalogueStore.openCatalogue(path: dbURL, readOnly: false, officer: "fuzz")
            guard s != nil else { throw StoreError("no writable store in \(folder.path)") }
            _ = c
        }
        // Closed: the WAL is checkpointed into the one file copied back after each accepted import.
        baseBytes = try Data(contentsOf: dbURL)
        let (s, c) = try CatalogueStore.openCatalogue(path: dbURL, readOnly: false, officer: "fuzz")
        store = s
        catalogue = c
        baseCatalogue = c
        importer = Importer(geography: c.geography, taxonomy: c.taxonomy)
    }

    /// The store's files: the database and its write-ahead log.
    func storeBytes() -> [Data?] {
        [dbURL.path, dbURL.path + "-wal"].map { FileManager.default.contents(atPath: $0) }
    }

    func restore() throws {
        store = nil  // closed before its files are replaced
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: dbURL.path + suffix) }
        try baseBytes.write(to: dbURL)
        store = try CatalogueStore(path: dbURL.path, readOnly: false)
        catalogue = baseCatalogue
    }

    /// Runs one input through `target` and its oracles.
    public func check(_ target: HostileTarget, _ input: Data) -> HostileOutcome {
        if target == .query {
            let text = String(decoding: input, as: UTF8.self)
            do {
                let q = try SearchQuery.parse(text, geography: catalogue.geography, taxonomy: catalogue.taxonomy)
                _ = q.breadcrumbs(geography: catalogue.geography, taxonomy: catalogue.taxonomy)
                return .accepted
            } catch { _ = error.suggestions; return .rejected }
        }
        serial += 1
        let file = folder.appendingPathComponent("input-\(serial % 2).\(target.fileExtension)")
        do { try input.write(to: file) } catch { return .failed("cannot write the input: \(error)") }
        let before = storeBytes()
        let accepted: Bool
        do {
            accepted = try importInput(target, file)
        } catch {
            return .failed("store error on import: \(error)")
        }
        if !accepted {
            return storeBytes() == before ? .rejected : .failed("rejected import changed the store's files")
        }
        defer { try? restore() }
        do {
            let integrity = try store.integrityCheck()
            guard integrity == ["ok"] else { return .failed("integrity_check: \(integrity.joined(separator: "; "))") }
            if target == .geojson { return .accepted }
            let loaded = try store.load(geography: catalogue.geography, taxonomy: catalogue.taxonomy)
            let export = try Exporter.json(loaded)
            try restore()
            let again = folder.appendingPathComponent("export.json")
            try export.write(to: again)
            guard try importInput(.json, again) else { return .failed("the export of an accepted import was rejected") }
            let reloaded = try store.load(geography: catalogue.geography, taxonomy: catalogue.taxonomy)
            guard try Exporter.json(reloaded) == export else {
                return .failed("the export of an accepted import re-imports to a different catalogue")
            }
            return .accepted
        } catch {
            return .failed("accepted import: \(error)")
        }
    }

    /// The import as the CLI does it (`import`, `boundaries import`): false when the input is
    /// rejected with import errors; a store error is thrown.
    func importInput(_ target: HostileTarget, _ file: URL) throws -> Bool {
        if target == .geojson {
            let imp: BoundaryImport
            do { imp = try BoundaryImport.read(file, geography: catalogue.geography) } catch { return false }
            let labels = Dictionary(imp.matches.map { ($0.ward, $0.label) }, uniquingKeysWith: { a, _ in a })
            try store.saveBoundaries(imp.boundaries(), labels: labels, by: "fuzz", detail: "fuzz")
            return true
        }
        var batch: ImportBatch
        do {
            batch = target == .json ? try JSONImport.read(file, displayName: file.lastPathComponent, importer: importer)
                : try importer.read(file)
            try importer.checkReferences(batch, existing: { self.catalogue.asset(id: $0)?.kind })
        } catch is ImportErrors { return false } catch is ImportError { return false }
        try store.apply(batch, by: "fuzz", action: "import", detail: "fuzz")
        return true
    }

    // MARK: Seeds

    /// Small assetmap-JSON documents cut from the export of the base catalogue: a few assets with
    /// their histories (small inputs keep the rate high).
    public func jsonSeeds() -> [Data] {
        guard let whole = try? Exporter.json(baseCatalogue),
              let doc = try? JSONDecoder().decode(Exporter.Document.self, from: whole) else { return [] }
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let withHistory = Set(doc.transfers.map(\.assetID) + doc.acv.map(\.assetID))
        return [Array(doc.assets.prefix(4)), doc.assets.filter { withHistory.contains($0.id) }.prefix(3).map { $0 }]
            .compactMap { assets in
                let ids = Set(assets.map(\.id))
                var d = doc
                d.assets = assets
                d.transfers = doc.transfers.filter { ids.contains($0.assetID) }
                d.acv = doc.acv.filter { ids.contains($0.assetID) }
                return try? enc.encode(d)
            }
    }

    /// GeoJSON boundary files generated from the wards: a small square around each ward's centre,
    /// named by code, by name, and as a MultiPolygon.
    public func geojsonSeeds() -> [Data] {
        let wards = baseCatalogue.geography.wards
        func ring(_ w: Ward) -> String {
            let (x, y, r) = (w.centre.lon, w.centre.lat, 0.004)
            return "[[\(x - r),\(y - r)],[\(x + r),\(y - r)],[\(x + r),\(y + r)],[\(x - r),\(y + r)],[\(x - r),\(y - r)]]"
        }
        func collection(_ features: [String]) -> Data {
            Data(("{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "\n]}\n").utf8)
        }
        return [
            collection(wards.map { "{\"type\":\"Feature\",\"properties\":{\"WD23CD\":\"\($0.code)\",\"WD23NM\":\"\($0.name)\"},"
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[\(ring($0))]}}" }),
            collection(wards.prefix(3).map { "{\"type\":\"Feature\",\"properties\":{\"name\":\"\($0.name)\"},"
                + "\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[[\(ring($0))]]}}" }),
        ]
    }
}
