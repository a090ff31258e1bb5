import Foundation

/// One of Oldham's 20 electoral wards (May 2023 boundaries).
public struct Ward: Hashable, Sendable, Codable {
    /// ONS code, e.g. E05014646.
    public var code: String
    public var name: String
    /// District partnership id.
    public var district: String
    /// ONS centroid.
    public var centre: Coordinate
    public var areaKm2: Double
    public var population: Int
    public var populationYear: Int
    public var populationSource: String
}

/// A district partnership: a group of wards.
public struct District: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    /// Ward codes, in name order.
    public var wards: [String]
}

/// A health and social care cluster, drawn around GP practices. Its ward list is an approximate
/// crosswalk: clusters do not follow ward boundaries, and one ward can touch several clusters.
public struct Cluster: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var note: String
    /// Ward codes the cluster touches, with whether it is the cluster's main area or a part.
    public var wards: [ClusterWard]

    public struct ClusterWard: Hashable, Sendable, Codable {
        public var ward: String
        public var main: Bool
    }

    public var wardCodes: [String] { wards.map(\.ward) }
}

/// A look-up that failed, with the closest names for "did you mean …".
public struct LookupError: Error, Equatable, CustomStringConvertible, Sendable {
    public var what: String
    public var input: String
    public var suggestions: [String]

    public var description: String {
        var s = "unknown \(what) \"\(input)\""
        if !suggestions.isEmpty {
            s += "; did you mean " + suggestions.map { "\"\($0)\"" }.joined(separator: " or ") + "?"
        } else if let command = listingCommand {
            s += "; `assetmap \(command)` lists them"
        }
        return s
    }

    /// The command that lists every valid value, for an input with no close match.
    var listingCommand: String? {
        switch what {
        case "ward": "wards"
        case "district": "districts"
        case "cluster": "clusters"
        case "category", "cat": "categories"
        default: nil
        }
    }
}

/// Oldham's reference geography: wards, district partnerships and clusters.
public struct Geography: Sendable {
    public private(set) var wards: [Ward]
    public private(set) var districts: [District]
    public private(set) var clusters: [Cluster]
    private var wardByCode: [String: Int]
    private var wardByKey: [String: Int]
    /// The ward shapes in use: real boundaries imported into the catalogue
    /// (`assetmap boundaries import`) when there are any, else the shipped schematic map
    /// (`boundaries.isSchematic`); nil only when neither is available.
    public var boundaries: WardBoundaries?

    public init(wards: [Ward], districts: [District], clusters: [Cluster]) {
        self.wards = wards.sorted { $0.name < $1.name }
        self.districts = districts
        self.clusters = clusters
        var byCode: [String: Int] = [:], byKey: [String: Int] = [:]
        for (i, w) in self.wards.enumerated() {
            byCode[w.code.uppercased()] = i
            byKey[Text.nameKey(w.name)] = i
        }
        wardByCode = byCode
        wardByKey = byKey
    }

    public func ward(code: String) -> Ward? { wardByCode[code.uppercased()].map { wards[$0] } }

    /// Finds a ward by ONS code or forgiving name ("St Marys", "saddleworth west and lees").
    public func ward(named input: String) throws(LookupError) -> Ward {
        let t = input.trimmingCharacters(in: .whitespaces)
        if let i = wardByCode[t.uppercased()] ?? wardByKey[Text.nameKey(t)] { return wards[i] }
        // A unique prefix ("chadderton c", "saddleworth n") is accepted too.
        let key = Text.nameKey(t)
        if key.count >= 3 {
            let hits = wards.filter { Text.nameKey($0.name).hasPrefix(key) }
            if hits.count == 1 { return hits[0] }
        }
        throw LookupError(what: "ward", input: input,
                          suggestions: Text.suggestions(for: input, among: wards.map(\.name)))
    }

    /// Like `ward(named:)` but without building "did you mean" suggestions: nil when nothing
    /// matches. Cheap enough to try on every value of a file.
    public func ward(matching input: String) -> Ward? {
        let t = input.trimmingCharacters(in: .whitespaces)
        if let i = wardByCode[t.uppercased()] { return wards[i] }
        let key = Text.nameKey(t)
        if let i = wardByKey[key] { return wards[i] }
        guard key.count >= 3 else { return nil }
        var hit: Int?
        for (k, i) in wardByKey where k.hasPrefix(key) {
            if hit != nil { return nil }
            hit = i
        }
        return hit.map { wards[$0] }
    }

    public func district(id: String) -> District? { districts.first { $0.id == id } }

    /// Finds a district by id or forgiving name ("royton shaw and crompton", "Oldham West").
    public func district(named input: String) throws(LookupError) -> District {
        let key = Text.nameKey(input)
        if let d = districts.first(where: { $0.id == Text.fold(input) || Text.nameKey($0.name) == key
            || Text.nameKey($0.id.replacingOccurrences(of: "-", with: " ")) == key }) {
            return d
        }
        let hits = districts.filter { Text.nameKey($0.name).hasPrefix(key) }
        if key.count >= 3, hits.count == 1 { return hits[0] }
        throw LookupError(what: "district", input: input,
                          suggestions: Text.suggestions(for: input, among: districts.map(\.name)))
    }

    public func cluster(id: String) -> Cluster? { clusters.first { $0.id == id } }

    /// Finds a cluster by id or name, any case.
    public func cluster(named input: String) throws(LookupError) -> Cluster {
        let key = Text.nameKey(input)
        if let c = clusters.first(where: { $0.id == key || Text.nameKey($0.name) == key
            || Text.nameKey($0.name) + " cluster" == key }) {
            return c
        }
        throw LookupError(what: "cluster", input: input,
                          suggestions: Text.suggestions(for: input, among: clusters.map(\.name)))
    }

    /// The clusters that touch a ward, per the crosswalk.
    public func clusters(touching wardCode: String) -> [Cluster] {
        clusters.filter { $0.wardCodes.contains(wardCode) }
    }

    public func districtName(ofWard code: String) -> String {
        ward(code: code).flatMap { district(id: $0.district)?.name } ?? ""
    }

    public var totalPopulation: Int { wards.reduce(0) { $0 + $1.population } }
}

extension Geography {
    /// Loads `wards.csv`, `districts.csv`, `clusters.csv` and `cluster_wards.csv` from a folder.
    public static func load(from folder: URL) throws -> Geography {
        let wardRows = try CSVTable.read(folder.appendingPathComponent("wards.csv"))
        var wards: [Ward] = []
        for r in wardRows.rows {
            func num(_ field: String) throws -> Double {
                guard let v = Double(r[field]) else {
                    throw ImportError(file: wardRows.file, line: r.line, field: field, message: "\"\(r[field])\" is not a number")
                }
                return v
            }
            wards.append(Ward(
                code: r["code"], name: r["name"], district: r["district"],
                centre: Coordinate(lat: try num("lat"), lon: try num("lon")),
                areaKm2: try num("area_km2"), population: Int(try num("population")),
                populationYear: Int(try num("population_year")), populationSource: r["population_source"]))
        }
        let districtRows = try CSVTable.read(folder.appendingPathComponent("districts.csv"))
        var districts = districtRows.rows.map { District(id: $0["id"], name: $0["name"], wards: []) }
        for i in districts.indices {
            districts[i].wards = wards.filter { $0.district == districts[i].id }.sorted { $0.name < $1.name }.map(\.code)
        }
        for w in wards where !districts.contains(where: { $0.id == w.district }) {
            throw ImportError(file: wardRows.file, line: 0, field: "district", message: "ward \(w.name) names unknown district \"\(w.district)\"")
        }
        let clusterRows = try CSVTable.read(folder.appendingPathComponent("clusters.csv"))
        var clusters = clusterRows.rows.map { Cluster(id: $0["id"], name: $0["name"], note: $0["note"], wards: []) }
        var geo = Geography(wards: wards, districts: districts, clusters: [])
        let cw = try CSVTable.read(folder.appendingPathComponent("cluster_wards.csv"))
        for r in cw.rows {
            guard let ci = clusters.firstIndex(where: { $0.id == r["cluster"] }) else {
                throw ImportError(file: cw.file, line: r.line, field: "cluster", message: "unknown cluster \"\(r["cluster"])\"")
            }
            let ward: Ward
            do { ward = try geo.ward(named: r["ward"]) } catch {
                throw ImportError(file: cw.file, line: r.line, field: "ward", message: error.description)
            }
            clusters[ci].wards.append(.init(ward: ward.code, main: r["share"] != "part"))
        }
        geo.clusters = clusters
        let schematic = folder.appendingPathComponent(SchematicMap.fileName)
        if FileManager.default.fileExists(atPath: schematic.path) {
            geo.boundaries = try SchematicMap.load(from: schematic, geography: geo)
        }
        return geo
    }
}
