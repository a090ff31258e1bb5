import Foundation

/// What one import brings: assets and history rows, already validated field by field.
public struct ImportBatch: Sendable {
    public var assets: [Asset] = []
    public var transfers: [TransferEvent] = []
    public var acv: [ACVEvent] = []
    /// Values read with leading or trailing spaces, which were trimmed (the import reports them).
    public var trimmed = CSVTable.Trimmed()
    /// Keys of a JSON document this assetmap does not read ("file: assets[3].colour"), which the import reports.
    public var unknownKeys: [String] = []
    /// Where each asset came from (parallel to `assets`), for cross-file errors.
    var assetOrigins: [(file: String, line: Int)] = []
    /// Where each history row came from, for reference errors.
    var historyOrigins: [(assetID: String, file: String, line: Int)] = []

    public init() {}

    public mutating func merge(_ other: ImportBatch) {
        assets += other.assets
        transfers += other.transfers
        acv += other.acv
        trimmed.merge(other.trimmed)
        unknownKeys += other.unknownKeys
        assetOrigins += other.assetOrigins
        historyOrigins += other.historyOrigins
    }
}

/// Reads the assetmap CSV format (docs/data-format.md) into validated records.
/// Every problem is collected with its file, line and field; nothing is half-accepted.
public struct Importer: Sendable {
    public let geography: Geography
    public let taxonomy: Taxonomy
    /// Ward shapes for rows with `lat`/`lon` but an empty `ward`: used only when they are real
    /// (imported) boundaries, never the schematic map. Defaults to `geography.boundaries`.
    public let boundaries: WardBoundaries?

    public init(geography: Geography, taxonomy: Taxonomy, boundaries: WardBoundaries? = nil) {
        self.geography = geography
        self.taxonomy = taxonomy
        self.boundaries = boundaries ?? geography.boundaries
    }

    public static let assetColumns: Set<String> = [
        "id", "kind", "name", "description", "categories", "ward", "cluster", "postcode", "address", "lat", "lon",
        "email", "phone", "website", "verified", "source", "run_by", "held_at", "based_at", "hosts", "days", "times",
        "frequency", "ages", "audience", "cost", "how_to_join", "owner", "facilities", "capacity",
    ]
    public static let transferColumns: Set<String> = ["asset", "date", "state", "stage", "tenure", "note"]
    public static let acvColumns: Set<String> = ["asset", "date", "state", "note"]

    public enum FileKind: Sendable { case assets, transfers, acv }

    /// Which kind of file a header describes, or nil.
    public static func kind(of header: [String]) -> FileKind? {
        let h = Set(header)
        if h.contains("kind") || (h.contains("id") && h.contains("name")) { return .assets }
        if h.contains("asset") && h.contains("stage") || h.contains("tenure") { return .transfers }
        if h.contains("asset") && h.contains("state") { return .acv }
        return nil
    }

    /// Reads one CSV file of any of the three kinds. Throws `ImportErrors` with every problem found.
    public func read(_ url: URL, displayName: String? = nil) throws -> ImportBatch {
        let table = try CSVTable.read(url, displayName: displayName)
        return try read(table)
    }

    public func read(_ table: CSVTable) throws -> ImportBatch {
        var batch: ImportBatch
        switch Importer.kind(of: table.header) {
        case .assets: batch = try readAssets(table)
        case .transfers: batch = try readTransfers(table)
        case .acv: batch = try readACV(table)
        case nil:
            throw ImportErrors([ImportError(
                file: table.file, line: table.headerLine, field: "",
                message: "not an assetmap file: the header needs id,kind,name (assets), asset,date,state,stage (transfers) or asset,date,state (ACV)")])
        }
        batch.trimmed = table.trimmed
        return batch
    }

    private static let idPattern = try! NSRegularExpression(pattern: "^[a-z0-9][a-z0-9-]*$")
    private static let timesPattern = try! NSRegularExpression(pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-4]):[0-5][0-9]$")

    static func isValidID(_ s: String) -> Bool {
        // The usual id, lower-case letters, digits and -, is checked without the pattern.
        func alnum(_ b: UInt8) -> Bool { (0x61...0x7A).contains(b) || (0x30...0x39).contains(b) }
        if let first = s.utf8.first, alnum(first), s.utf8.allSatisfy({ alnum($0) || $0 == 0x2D }) { return true }
        return idPattern.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
    }

    private static func list(_ s: String) -> [String] {
        s.split(separator: ";").map { $0.trimmedField() }.filter { !$0.isEmpty }
    }

    /// The answers for values a file repeats (ward and cluster names, kinds, days, times…), each
    /// worked out once per file: the lookups are pure functions of the text.
    private final class Memo<Value> {
        private var answers: [String: Value] = [:]
        private let answer: (String) -> Value
        init(_ answer: @escaping (String) -> Value) { self.answer = answer }
        subscript(_ text: String) -> Value {
            if let v = answers[text] { return v }
            let v = answer(text)
            answers[text] = v
            return v
        }
    }

    func readAssets(_ t: CSVTable) throws -> ImportBatch {
        do { try t.requireColumns(["id", "kind", "name", "categories", "ward", "cluster"], allowed: Importer.assetColumns) }
        catch let e as ImportError { throw ImportErrors([e]) }
        var batch = ImportBatch()
        var errors: [ImportError] = []
        var seen: [String: Int] = [:]
        let geography = geography
        let kinds = Memo { AssetKind(loose: $0) }
        let wards = Memo { name in Result { () throws(LookupError) in try geography.ward(named: name).code } }
        let clusters = Memo { name in Result { () throws(LookupError) in try geography.cluster(named: name).id } }
        let dates = Memo { LocalDate(iso: $0) }
        let weekdays = Memo { Weekday(loose: $0) }
        let validTimes = Memo { times in
            Importer.timesPattern.firstMatch(in: times, range: NSRange(times.startIndex..., in: times)) != nil
        }
        let ageRanges = Memo { Audience.parseAges($0) }
        let folded = Memo { Text.fold($0) }
        for r in t.rows {
            var rowErrors: [ImportError] = []
            func fail(_ field: String, _ message: String) {
                rowErrors.append(ImportError(file: t.file, line: r.line, field: field, message: message))
            }
            let id = r["id"]
            if id.isEmpty { fail("id", "is empty") }
            else if !Importer.isValidID(id) { fail("id", "\"\(id)\" must be lower-case letters, digits and -") }
            else if let first = seen[id] { fail("id", "\"\(id)\" is used again (first on line \(first))") }
            else { seen[id] = r.line }

            let kind = kinds[r["kind"]]
            if kind == nil { fail("kind", "\"\(r["kind"])\" is not one of group, activity, place, anchor") }
            if r["name"].isEmpty { fail("name", "is empty") }

            var categories: [String] = []
            let catList = Importer.list(r["categories"])
            if catList.isEmpty { fail("categories", "at least one category is needed") }
            for c in catList {
                if let cat = taxonomy.category(id: c) { categories.append(cat.id) }
                else {
                    let near = Text.suggestions(for: c, among: taxonomy.categories.map(\.id), limit: 1)
                    fail("categories", "unknown category \"\(c)\"" + (near.isEmpty ? "" : "; did you mean \"\(near[0])\"?"))
                }
            }
            var coordinate: Coordinate?
            let lat = r["lat"], lon = r["lon"]
            if !lat.isEmpty || !lon.isEmpty {
                if let la = Double(lat), let lo = Double(lon), (-90...90).contains(la), (-180...180).contains(lo) {
                    coordinate = Coordinate(lat: la, lon: lo)
                } else if lat.isEmpty || lon.isEmpty {
                    fail(lat.isEmpty ? "lat" : "lon", "give both lat and lon, or neither")
                } else {
                    fail(Double(lat).map { (-90...90).contains($0) } == true ? "lon" : "lat",
                         "\"\(Double(lat).map { (-90...90).contains($0) } == true ? lon : lat)\" is not a valid coordinate")
                }
            }
            var wardCode = ""
            if r["ward"].isEmpty, let c = coordinate, let b = boundaries, !b.isSchematic {
                // Ward from coordinates, by point-in-polygon on the imported boundaries.
                if let code = b.ward(containing: c) { wardCode = code }
                else { fail("ward", "is empty, and lat/lon \(lat), \(lon) is outside every ward (boundaries: \(b.source.name))") }
            } else {
                switch wards[r["ward"]] {
                case .success(let code): wardCode = code
                case .failure(let error):
                    fail("ward", r["ward"].isEmpty ? (coordinate != nil && !(boundaries.map { !$0.isSchematic } ?? false)
                        ? "is empty (a row with lat/lon gets its ward from real boundaries once they are imported: assetmap boundaries import)"
                        : "is empty") : error.description)
                }
            }
            var clusterID = ""
            switch clusters[r["cluster"]] {
            case .success(let id): clusterID = id
            case .failure(let error): fail("cluster", r["cluster"].isEmpty ? "is empty" : error.description)
            }
            var verified: LocalDate?
            if !r["verified"].isEmpty {
                verified = dates[r["verified"]]
                if verified == nil { fail("verified", "\"\(r["verified"])\" is not a date (YYYY-MM-DD)") }
            }

            var links: [AssetLink] = []
            for (column, rel) in [("run_by", LinkRelation.runBy), ("held_at", .heldAt), ("based_at", .basedAt), ("hosts", .hosts)] {
                for target in Importer.list(r[column]) {
                    if !Importer.isValidID(target) { fail(column, "\"\(target)\" is not an id") }
                    else { links.append(AssetLink(rel, target)) }
                }
            }

            var days: [Weekday] = []
            for d in Importer.list(r["days"]) {
                if let wd = weekdays[d] { if !days.contains(wd) { days.append(wd) } }
                else { fail("days", "\"\(d)\" is not a weekday (mon, tue, wed, thu, fri, sat, sun)") }
            }
            let times = r["times"]
            if !times.isEmpty, !validTimes[times] {
                fail("times", "\"\(times)\" is not HH:MM-HH:MM")
            }
            var audience = Audience(who: r["audience"])
            if let ages = ageRanges[r["ages"]] { (audience.minAge, audience.maxAge) = ages }
            else { fail("ages", "\"\(r["ages"])\" is not an age range (all, 65+, 0-5, 16-25)") }

            var owner: OwnerType?
            if !r["owner"].isEmpty {
                owner = OwnerType(rawValue: folded[r["owner"]])
                if owner == nil {
                    fail("owner", "\"\(r["owner"])\" is not one of " + OwnerType.allCases.map(\.rawValue).joined(separator: ", "))
                }
            }
            var facilities: [Facility] = []
            for f in Importer.list(r["facilities"]) {
                if let fac = Facility(rawValue: folded[f]) { facilities.append(fac) }
                else {
                    let near = Text.suggestions(for: f, among: Facility.allCases.map(\.rawValue), limit: 1)
                    fail("facilities", "unknown facility \"\(f)\"" + (near.isEmpty ? "" : "; did you mean \"\(near[0])\"?"))
                }
            }
            var capacity: Int?
            if !r["capacity"].isEmpty {
                capacity = Int(r["capacity"])
                if capacity == nil || capacity! < 0 { fail("capacity", "\"\(r["capacity"])\" is not a whole number of people") }
            }
            if let kind {
                if kind != .activity {
                    for c in ["run_by", "held_at", "days", "times", "frequency"] where !r[c].isEmpty {
                        fail(c, "only activities have \(c)")
                    }
                }
                if kind != .place {
                    for c in ["owner", "facilities", "capacity"] where !r[c].isEmpty { fail(c, "only buildings/places have \(c)") }
                }
                if kind != .anchor && !r["hosts"].isEmpty { fail("hosts", "only community anchors host others") }
                if kind == .activity || kind == .place {
                    if !r["based_at"].isEmpty { fail("based_at", "only groups and anchors are based at a place") }
                }
            }
            if !rowErrors.isEmpty { errors += rowErrors; continue }
            let source = r["source"].isEmpty ? "unspecified" : r["source"]
            batch.assets.append(Asset(
                id: id, kind: kind!, name: r["name"], description: r["description"], categories: categories,
                ward: wardCode, cluster: clusterID, postcode: r["postcode"].uppercased(), address: r["address"],
                coordinate: coordinate, email: r["email"], phone: r["phone"], website: r["website"],
                lastVerified: verified, source: source, links: links,
                schedule: Schedule(days: days.sorted(), times: times, frequency: folded[r["frequency"]]),
                audience: audience, cost: r["cost"], howToJoin: r["how_to_join"], owner: owner,
                facilities: facilities, capacity: capacity))
            batch.assetOrigins.append((t.file, r.line))
        }
        if !errors.isEmpty { throw ImportErrors(errors) }
        return batch
    }

    func readTransfers(_ t: CSVTable) throws -> ImportBatch {
        do { try t.requireColumns(["asset", "date", "state"], allowed: Importer.transferColumns) }
        catch let e as ImportError { throw ImportErrors([e]) }
        var batch = ImportBatch()
        var errors: [ImportError] = []
        for r in t.rows {
            let before = errors.count
            func fail(_ field: String, _ message: String) {
                errors.append(ImportError(file: t.file, line: r.line, field: field, message: message))
            }
            if !Importer.isValidID(r["asset"]) { fail("asset", "\"\(r["asset"])\" is not an id") }
            let date = LocalDate(iso: r["date"])
            if date == nil { fail("date", "\"\(r["date"])\" is not a date (YYYY-MM-DD)") }
            let state = TransferState(rawValue: Text.fold(r["state"]))
            if state == nil { fail("state", "\"\(r["state"])\" is not one of " + TransferState.allCases.map(\.rawValue).joined(separator: ", ")) }
            var stage: TransferStage?
            if !r["stage"].isEmpty {
                stage = TransferStage(rawValue: Text.fold(r["stage"]))
                if stage == nil { fail("stage", "\"\(r["stage"])\" is not one of " + TransferStage.allCases.map(\.rawValue).joined(separator: ", ")) }
            } else if state == .inProgress {
                fail("stage", "an in-progress transfer needs its stage")
            }
            var tenure: Tenure?
            if !r["tenure"].isEmpty {
                tenure = Tenure(rawValue: Text.fold(r["tenure"]))
                if tenure == nil { fail("tenure", "\"\(r["tenure"])\" is not one of " + Tenure.allCases.map(\.rawValue).joined(separator: ", ")) }
            }
            if errors.count > before { continue }
            batch.transfers.append(TransferEvent(assetID: r["asset"], date: date!, state: state!, stage: stage, tenure: tenure, note: r["note"]))
            batch.historyOrigins.append((r["asset"], t.file, r.line))
        }
        if !errors.isEmpty { throw ImportErrors(errors) }
        return batch
    }

    func readACV(_ t: CSVTable) throws -> ImportBatch {
        do { try t.requireColumns(["asset", "date", "state"], allowed: Importer.acvColumns) }
        catch let e as ImportError { throw ImportErrors([e]) }
        var batch = ImportBatch()
        var errors: [ImportError] = []
        for r in t.rows {
            let before = errors.count
            func fail(_ field: String, _ message: String) {
                errors.append(ImportError(file: t.file, line: r.line, field: field, message: message))
            }
            if !Importer.isValidID(r["asset"]) { fail("asset", "\"\(r["asset"])\" is not an id") }
            let date = LocalDate(iso: r["date"])
            if date == nil { fail("date", "\"\(r["date"])\" is not a date (YYYY-MM-DD)") }
            let state = ACVState(rawValue: Text.fold(r["state"]))
            if state == nil || state == ACVState.none {
                fail("state", "\"\(r["state"])\" is not one of nominated, listed, not-listed, disposal-notified, removed")
            }
            if errors.count > before { continue }
            batch.acv.append(ACVEvent(assetID: r["asset"], date: date!, state: state!, note: r["note"]))
            batch.historyOrigins.append((r["asset"], t.file, r.line))
        }
        if !errors.isEmpty { throw ImportErrors(errors) }
        return batch
    }

    /// Checks references across a batch and what is already stored: link targets exist and are of
    /// the right kind, and history rows name buildings. `existing` resolves ids not in the batch.
    ///
    /// The rules hold for the merged result: `stored` (the assets already stored) and
    /// `storedHistory` (the ids with a stored transfer or ACV history) are checked against the
    /// kinds the batch gives, so re-importing a place as a group that stored activities are held
    /// at is refused at the row (and `kind`) that changes it.
    public func checkReferences(_ batch: ImportBatch, existing: (String) -> AssetKind?,
                                stored: [Asset] = [], storedHistory: Set<String> = []) throws {
        var kinds: [String: AssetKind] = [:]
        var firstSeen: [String: (file: String, line: Int)] = [:]
        var errors: [ImportError] = []
        for (a, origin) in zip(batch.assets, batch.assetOrigins) {
            if let first = firstSeen[a.id] {
                errors.append(ImportError(file: origin.file, line: origin.line, field: "id",
                                          message: "\"\(a.id)\" is used again (first at \(first.file):\(first.line))"))
            }
            firstSeen[a.id] = firstSeen[a.id] ?? origin
            kinds[a.id] = a.kind
        }
        func kind(_ id: String) -> AssetKind? { kinds[id] ?? existing(id) }
        func fits(_ relation: LinkRelation, _ k: AssetKind) -> Bool {
            switch relation {
            case .runBy: k == .group || k == .anchor
            case .heldAt, .basedAt: k == .place
            case .hosts: k == .group || k == .activity
            }
        }
        for (a, origin) in zip(batch.assets, batch.assetOrigins) {
            let (file, line) = origin
            for l in a.links {
                let column = l.relation.rawValue
                guard let k = kind(l.target) else {
                    errors.append(ImportError(file: file, line: line, field: column, message: "no asset has id \"\(l.target)\""))
                    continue
                }
                if !fits(l.relation, k) {
                    errors.append(ImportError(file: file, line: line, field: column,
                                              message: "\"\(l.target)\" is a \(k.label.lowercased()), which cannot be \(l.relation.label.lowercased()) here"))
                }
            }
        }
        // Stored assets the batch does not replace, linking to an asset whose kind the batch changes.
        for s in stored where firstSeen[s.id] == nil {
            for l in s.links {
                guard let k = kinds[l.target], let origin = firstSeen[l.target], !fits(l.relation, k) else { continue }
                errors.append(ImportError(file: origin.file, line: origin.line, field: "kind",
                                          message: "\"\(l.target)\" cannot become a \(k.label.lowercased()): the stored \"\(s.id)\" has it as \(l.relation.label.lowercased())"))
            }
        }
        for id in storedHistory.sorted() {
            guard let k = kinds[id], k != .place, let origin = firstSeen[id] else { continue }
            errors.append(ImportError(file: origin.file, line: origin.line, field: "kind",
                                      message: "\"\(id)\" cannot become a \(k.label.lowercased()): it has a stored transfer or ACV history, which only buildings/places have"))
        }
        for h in batch.historyOrigins {
            guard let k = kind(h.assetID) else {
                errors.append(ImportError(file: h.file, line: h.line, field: "asset", message: "no asset has id \"\(h.assetID)\""))
                continue
            }
            if k != .place {
                errors.append(ImportError(file: h.file, line: h.line, field: "asset",
                                          message: "\"\(h.assetID)\" is a \(k.label.lowercased()); only buildings/places have transfer and ACV histories"))
            }
        }
        if !errors.isEmpty { throw ImportErrors(errors) }
    }
}
