import Foundation

/// Reads an `assetmap export --json` document, validating it like CSV.
public enum JSONImport {
    public static func read(_ url: URL, displayName: String, importer: Importer) throws -> ImportBatch {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw ImportError(file: displayName, line: 0, field: "", message: "cannot read the file") }
        return try read(data, displayName: displayName, importer: importer)
    }

    /// The document's bytes, already read (the hostile-input harness feeds them in memory).
    public static func read(_ data: Data, displayName: String, importer: Importer) throws -> ImportBatch {
        let doc: Exporter.Document
        do { doc = try JSONDecoder().decode(Exporter.Document.self, from: data) } catch let e as DecodingError {
            throw ImportError(file: displayName, line: 0, field: JSONImport.path(of: e), message: JSONImport.message(of: e))
        }
        if doc.format != Exporter.Document.formatName {
            throw ImportError(file: displayName, line: 0, field: "format",
                              message: "\"\(doc.format.prefix(60))\" is not an assetmap catalogue (expected \"\(Exporter.Document.formatName)\")")
        }
        if doc.version > Exporter.Document.currentVersion {
            throw ImportError(file: displayName, line: 0, field: "version",
                              message: "version \(doc.version) is newer than this assetmap reads (up to \(Exporter.Document.currentVersion))")
        }
        // Round-trip through the CSV validator so JSON gets exactly the same checks and messages.
        let csv = Exporter.assetsCSV(doc.assets, geography: importer.geography)
        var batch = try importer.read(try CSVTable.parse(csv, file: displayName + " (assets)"))
        batch.merge(try importer.read(try CSVTable.parse(Exporter.transfersCSV(doc.transfers), file: displayName + " (transfers)")))
        batch.merge(try importer.read(try CSVTable.parse(Exporter.acvCSV(doc.acv), file: displayName + " (acv)")))
        batch.unknownKeys = unknownKeys(in: data, known: doc).map { "\(displayName): \($0)" }
        return batch
    }

    /// Keys the document carries that decoding did not read: those absent from the same values
    /// encoded again (a key whose value is null is not counted), at most one place per key.
    static func unknownKeys(in data: Data, known doc: Exporter.Document) -> [String] {
        guard let given = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let again = try? JSONSerialization.jsonObject(with: JSONEncoder().encode(doc)) as? [String: Any] else { return [] }
        var found: [String] = [], seen = Set<String>()
        func compare(_ g: [String: Any], _ k: [String: Any], at path: String, as group: String) {
            for key in g.keys.sorted() where k[key] == nil && !(g[key] is NSNull) && seen.insert(group + "." + key).inserted {
                found.append(path.isEmpty ? key : "\(path).\(key)")
            }
        }
        compare(given, again, at: "", as: "")
        for list in ["assets", "transfers", "acv"] {
            guard let g = given[list] as? [Any], let k = again[list] as? [Any] else { continue }
            for (i, (gi, ki)) in zip(g, k).enumerated() {
                if let gd = gi as? [String: Any], let kd = ki as? [String: Any] { compare(gd, kd, at: "\(list)[\(i)]", as: list) }
            }
        }
        return found
    }

    static func path(of e: DecodingError) -> String {
        let ctx: DecodingError.Context
        switch e {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): ctx = c
        case .keyNotFound(let k, let c): return (c.codingPath + [k]).map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        @unknown default: return ""
        }
        return ctx.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    static func message(of e: DecodingError) -> String {
        switch e {
        case .keyNotFound: "is missing"
        case .typeMismatch(let t, _): "is not a \(t)"
        case .valueNotFound: "is null"
        case .dataCorrupted(let c): c.codingPath.isEmpty ? "not valid JSON" : c.debugDescription
        @unknown default: "is not valid"
        }
    }
}
