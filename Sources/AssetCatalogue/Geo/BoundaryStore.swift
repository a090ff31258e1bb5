import Foundation
import GRDB

/// Ward boundaries in the catalogue: one row per ward with its GeoJSON geometry (WGS84), the
/// file it came from and who imported it when. No rows means the schematic map is in use.
extension CatalogueStore {
    static func migrateV2(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE ward_boundary (
                code TEXT PRIMARY KEY NOT NULL,
                geometry TEXT NOT NULL,
                feature_label TEXT NOT NULL DEFAULT '',
                source TEXT NOT NULL,
                imported_at TEXT NOT NULL,
                imported_by TEXT NOT NULL
            ) WITHOUT ROWID;
            """)
    }

    /// Replaces every stored shape with `shapes` (ward code → shape) in the open transaction.
    static func writeBoundaries(_ db: Database, shapes: [String: GeoMultiPolygon], labels: [String: String],
                                source: String, at stamp: String, by officer: String) throws {
        try db.execute(sql: "DELETE FROM ward_boundary")
        let insert = try db.makeStatement(sql: """
            INSERT INTO ward_boundary (code, geometry, feature_label, source, imported_at, imported_by) VALUES (?,?,?,?,?,?)
            """)
        for code in shapes.keys.sorted() {
            try insert.execute(arguments: [code, GeoJSON.geometryText(shapes[code]!, rfc7946Winding: false), labels[code] ?? "", source, stamp, officer])
        }
    }

    static func readBoundaries(_ db: Database, path: String) throws -> WardBoundaries? {
        let rows = try Row.fetchAll(db, sql: "SELECT code, geometry, source, imported_at, imported_by FROM ward_boundary ORDER BY code")
        guard let first = rows.first else { return nil }
        var shapes: [String: GeoMultiPolygon] = [:]
        for r in rows {
            let code: String = r[0]
            shapes[code] = try GeoJSON.geometry(fromText: r[1], label: "\(path): ward_boundary \(code)")
        }
        return WardBoundaries(shapes: shapes, source: BoundarySource(name: first[2], importedAt: first[3], importedBy: first[4]))
    }
}
