import Foundation

/// Writes the catalogue back out in the formats `Importer` reads.
public enum Exporter {
    /// Asset CSV columns in a stable, readable order.
    public static let assetColumns = [
        "id", "kind", "name", "description", "categories", "ward", "cluster", "postcode", "address", "lat", "lon",
        "email", "phone", "website", "verified", "source", "run_by", "held_at", "based_at", "hosts", "days", "times",
        "frequency", "ages", "audience", "cost", "how_to_join", "owner", "facilities", "capacity",
    ]

    /// The CSV fields of one asset, keyed by column. Wards are written by name (readable, and
    /// forgiving on the way back in).
    public static func fields(of a: Asset, geography: Geography) -> [String: String] {
        func links(_ r: LinkRelation) -> String { a.targets(r).joined(separator: ";") }
        return [
            "id": a.id, "kind": a.kind.rawValue, "name": a.name, "description": a.description,
            "categories": a.categories.joined(separator: ";"), "ward": geography.ward(code: a.ward)?.name ?? a.ward,
            "cluster": a.cluster, "postcode": a.postcode, "address": a.address,
            "lat": a.coordinate.map { String($0.lat) } ?? "", "lon": a.coordinate.map { String($0.lon) } ?? "",
            "email": a.email, "phone": a.phone, "website": a.website,
            "verified": a.lastVerified?.description ?? "", "source": a.source,
            "run_by": links(.runBy), "held_at": links(.heldAt), "based_at": links(.basedAt), "hosts": links(.hosts),
            "days": a.schedule.days.map(\.code).joined(separator: ";"), "times": a.schedule.times,
            "frequency": a.schedule.frequency, "ages": a.audience.agesText, "audience": a.audience.who,
            "cost": a.cost, "how_to_join": a.howToJoin, "owner": a.owner?.rawValue ?? "",
            "facilities": a.facilities.map(\.rawValue).joined(separator: ";"),
            "capacity": a.capacity.map(String.init) ?? "",
        ]
    }

    public static func assetsCSV(_ assets: [Asset], geography: Geography) -> String {
        var out = CSVWriter.line(assetColumns)
        for a in assets {
            let f = fields(of: a, geography: geography)
            out += CSVWriter.line(assetColumns.map { f[$0] ?? "" })
        }
        return out
    }

    public static func transfersCSV(_ events: [TransferEvent]) -> String {
        var out = CSVWriter.line(["asset", "date", "state", "stage", "tenure", "note"])
        for e in events {
            out += CSVWriter.line([e.assetID, e.date.description, e.state.rawValue, e.stage?.rawValue ?? "",
                                   e.tenure?.rawValue ?? "", e.note])
        }
        return out
    }

    public static func acvCSV(_ events: [ACVEvent]) -> String {
        var out = CSVWriter.line(["asset", "date", "state", "note"])
        for e in events { out += CSVWriter.line([e.assetID, e.date.description, e.state.rawValue, e.note]) }
        return out
    }

    /// The whole catalogue as one JSON document (`assetmap export --json`; `import` reads it back).
    public struct Document: Codable, Sendable {
        /// What `format` says in every document this assetmap writes, and the newest `version` it reads.
        public static let formatName = "assetmap-catalogue"
        public static let currentVersion = 1
        public var format: String = Document.formatName
        public var version: Int = Document.currentVersion
        public var name: String
        public var assets: [Asset]
        public var transfers: [TransferEvent]
        public var acv: [ACVEvent]
    }

    public static func json(_ catalogue: Catalogue) throws -> Data {
        let doc = Document(name: catalogue.name, assets: catalogue.wholeAssets,
                           transfers: catalogue.allTransferEvents, acv: catalogue.allACVEvents)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try enc.encode(doc)
    }
}
