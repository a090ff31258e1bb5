import Foundation

/// Reads a ward-boundary GeoJSON file and matches its features to Oldham's wards: detects the
/// property holding ONS ward codes and the one holding ward names (or takes them as given),
/// matches by code, else by forgiving name, and reports what matched, which wards got no
/// feature and which features matched no ward. All-or-nothing: any malformed feature, a
/// projected file, or a file matching no ward at all is an error and nothing is produced.
public struct BoundaryImport: Sendable {
    public enum MatchedBy: String, Sendable { case code, name }

    /// A ward and the feature(s) that gave its shape.
    public struct Match: Sendable {
        public var ward: String
        public var features: [Int]
        public var matchedBy: MatchedBy
        /// What the file calls it (name field, else code).
        public var label: String
    }

    /// A feature that gave no ward its shape, and why.
    public struct Unmatched: Sendable {
        public var index: Int
        public var code: String
        public var name: String
        public var reason: String
    }

    public var file: String
    public var featureCount: Int
    public var codeField: String?
    public var nameField: String?
    /// True when the field was found by looking at values rather than given.
    public var codeFieldDetected: Bool
    public var nameFieldDetected: Bool
    /// Ward code → shape (features matching the same ward are merged).
    public var shapes: [String: GeoMultiPolygon]
    public var matches: [Match]
    public var unmatched: [Unmatched]
    /// Ward codes no feature matched.
    public var missingWards: [String]
    /// Things worth saying that do not stop the import.
    public var warnings: [String]

    public var vertexCount: Int { shapes.values.reduce(0) { $0 + $1.vertexCount } }

    /// The boundaries this import would store.
    public func boundaries(importedAt: String? = nil, importedBy: String? = nil) -> WardBoundaries {
        WardBoundaries(shapes: shapes, source: BoundarySource(name: URL(fileURLWithPath: file).lastPathComponent,
                                                              importedAt: importedAt, importedBy: importedBy))
    }

    public static func read(_ url: URL, displayName: String? = nil, geography: Geography,
                            codeField: String? = nil, nameField: String? = nil) throws(ImportErrors) -> BoundaryImport {
        let name = displayName ?? url.lastPathComponent
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        try GeoJSON.checkSize(size, file: name)
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ImportErrors([ImportError(file: name, line: 0, field: "", message: "cannot read file (\(error.localizedDescription))")])
        }
        return try read(data, file: name, geography: geography, codeField: codeField, nameField: nameField)
    }

    public static func read(_ data: Data, file: String, geography: Geography,
                            codeField: String? = nil, nameField: String? = nil) throws(ImportErrors) -> BoundaryImport {
        let doc = try GeoJSON.read(data, file: file)
        func fail(_ field: String, _ message: String) -> ImportErrors {
            ImportErrors([ImportError(file: file, line: 0, field: field, message: message)])
        }
        guard !doc.features.isEmpty else { throw fail("features", "is empty: no ward boundaries in the file") }
        let allKeys = Set(doc.features.flatMap(\.propertyKeys))
        func checkGiven(_ f: String?, _ option: String) throws(ImportErrors) {
            guard let f, !allKeys.contains(f) else { return }
            let near = Text.suggestions(for: f, among: allKeys.sorted(), limit: 1)
            throw fail("", "--\(option) \"\(f)\": no feature has that property"
                       + (near.isEmpty ? "" : "; did you mean \"\(near[0])\"?")
                       + " (properties: \(allKeys.sorted().joined(separator: ", ")))")
        }
        try checkGiven(codeField, "code-field")
        try checkGiven(nameField, "name-field")
        let codeKey = codeField ?? detectCodeField(doc.features, geography: geography)
        let nameKey = nameField ?? detectNameField(doc.features, geography: geography, excluding: codeKey)
        if codeKey == nil && nameKey == nil {
            throw fail("", "no property holds Oldham ward codes (E05014646…) or ward names (properties: "
                       + "\(allKeys.sorted().joined(separator: ", "))); name them with --code-field or --name-field")
        }

        var byWard: [String: [Int]] = [:]
        var how: [String: MatchedBy] = [:]
        var label: [String: String] = [:]
        var unmatched: [Unmatched] = []
        var errors: [ImportError] = []
        let codePattern = try! NSRegularExpression(pattern: "^[EWSN]\\d{8}$")
        for f in doc.features {
            let code = codeKey.flatMap { f.properties[$0] }?.trimmingCharacters(in: .whitespaces) ?? ""
            let name = nameKey.flatMap { f.properties[$0] }?.trimmingCharacters(in: .whitespaces) ?? ""
            var ward: Ward?, by = MatchedBy.code
            var reason = ""
            if !code.isEmpty {
                if let w = geography.ward(code: code) { ward = w } else {
                    let looksLikeCode = codePattern.firstMatch(in: code.uppercased(), range: NSRange(code.startIndex..., in: code)) != nil
                    reason = looksLikeCode ? "code \(code) is not one of Oldham's current (May 2023) wards"
                        : "\"\(code)\" is not a ward code"
                    // Same name, different code: an older vintage. Never join across vintages by name.
                    if !name.isEmpty, let w = geography.ward(matching: name) {
                        reason += "; its name matches \(w.name) (\(w.code)), so the file may predate the May 2023 ward review"
                    }
                }
            } else if !name.isEmpty {
                do throws(LookupError) { ward = try geography.ward(named: name); by = .name } catch {
                    reason = error.description
                }
            } else {
                reason = "no " + [codeKey, nameKey].compactMap { $0 }.map { "\"\($0)\"" }.joined(separator: " or ") + " value"
            }
            guard let w = ward else {
                unmatched.append(Unmatched(index: f.index, code: code, name: name, reason: reason))
                continue
            }
            guard f.shape != nil else {
                let field = "features[\(f.index)].geometry" + (f.geometryType == nil ? "" : ".type")
                errors.append(ImportError(file: file, line: 0, field: field,
                                          message: f.geometryType.map { "\"\($0)\" is not Polygon or MultiPolygon (ward \(w.name))" }
                                              ?? "is missing (ward \(w.name))"))
                continue
            }
            // An invalid shape would fill, locate and measure wrongly: refuse it, naming feature and ward.
            let polygons = f.shape!.polygons
            let invalid = polygons.indices.flatMap { k in
                polygons[k].problems().map { problem in
                    ImportError(file: file, line: 0,
                                field: "features[\(f.index)].geometry" + (polygons.count > 1 ? ".coordinates[\(k)]" : ""),
                                message: "\(problem) (ward \(w.name)); repair it, e.g. mapshaper in.geojson -clean -o out.geojson")
                }
            }
            errors += invalid
            if !invalid.isEmpty { continue }
            byWard[w.code, default: []].append(f.index)
            how[w.code] = by
            label[w.code] = name.isEmpty ? code : name
        }
        if !errors.isEmpty { throw ImportErrors(errors) }
        guard !byWard.isEmpty else {
            let sample = unmatched.prefix(3).map { "features[\($0.index)]: \($0.reason)" }.joined(separator: "; ")
            throw fail("", "no feature matched an Oldham ward (\(sample))")
        }
        var shapes: [String: GeoMultiPolygon] = [:]
        var matches: [Match] = []
        var warnings: [String] = []
        let featuresByIndex = Dictionary(uniqueKeysWithValues: doc.features.map { ($0.index, $0) })
        for (code, idx) in byWard.sorted(by: { $0.key < $1.key }) {
            let polys = idx.flatMap { featuresByIndex[$0]!.shape!.polygons }
            let shape = GeoMultiPolygon(polys)
            shapes[code] = shape
            let w = geography.ward(code: code)!
            matches.append(Match(ward: code, features: idx, matchedBy: how[code]!, label: label[code]!))
            if idx.count > 1 {
                warnings.append("\(w.name): \(idx.count) features (\(idx.map { "#\($0)" }.joined(separator: ", "))) merged into one shape")
            }
            // The ONS centre should fall inside (or very near) the ward it belongs to.
            if !shape.contains(w.centre) {
                let p = MapProjection.oldham
                let d = -shape.projected(p).signedDistance(to: p.project(w.centre))
                if d > 500 {
                    warnings.append(String(format: "%@: its ONS centre is %.1f km outside the imported shape; is this the right ward?",
                                           w.name, d / 1000))
                }
            }
        }
        // Shapes that sit nowhere near Oldham (swapped lat/lon, another place) are an error.
        let oldham = GeoBounds(coordinates: geography.wards.map(\.centre))
        let near = GeoBounds(minLat: oldham.minLat - 0.1, minLon: oldham.minLon - 0.15,
                             maxLat: oldham.maxLat + 0.1, maxLon: oldham.maxLon + 0.15)
        let far = shapes.filter { !near.contains($0.value.bounds.centre) }
        if far.count == shapes.count {
            let b = shapes.values.reduce(GeoBounds.empty) { $0.union($1.bounds) }
            let swapped = near.contains(Coordinate(lat: b.centre.lon, lon: b.centre.lat))
            throw fail("", String(format: "the matched shapes lie around %.4f, %.4f (lat, lon), not in Oldham", b.centre.lat, b.centre.lon)
                       + (swapped ? "; the positions look like [latitude, longitude] but GeoJSON needs [longitude, latitude]" : ""))
        }
        for code in far.keys.sorted() {
            warnings.append("\(geography.ward(code: code)!.name): the shape lies outside Oldham")
        }
        let missing = geography.wards.map(\.code).filter { shapes[$0] == nil }
        return BoundaryImport(
            file: file, featureCount: doc.features.count, codeField: codeKey, nameField: nameKey,
            codeFieldDetected: codeField == nil && codeKey != nil, nameFieldDetected: nameField == nil && nameKey != nil,
            shapes: shapes, matches: matches, unmatched: unmatched, missingWards: missing, warnings: warnings)
    }

    /// The property whose values are most often current Oldham ward codes (at least one); else
    /// the one most often holding a ward code of any vintage or authority (WD13CD, WD22CD, …), so a
    /// file that carries codes is never matched by name.
    static func detectCodeField(_ features: [GeoJSON.Feature], geography: Geography) -> String? {
        var current: [String: Int] = [:], any: [String: Int] = [:]
        for f in features {
            for (k, v) in f.properties {
                let t = v.trimmingCharacters(in: .whitespaces)
                if geography.ward(code: t) != nil { current[k, default: 0] += 1 }
                if isWardCode(t) { any[k, default: 0] += 1 }
            }
        }
        return best(current, hint: "code") ?? best(any, hint: "code")
    }

    /// An ONS electoral ward code of any vintage: E05 (England), W05 (Wales), S13 (Scotland),
    /// N08 (Northern Ireland), then six digits. (E08…, the authority codes, are not wards.)
    static func isWardCode(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 9, ["E05", "W05", "S13", "N08"].contains(String(decoding: u[0..<3], as: UTF8.self)) else { return false }
        return u[3...].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// The property whose values most often name a ward (forgivingly), ignoring code values.
    static func detectNameField(_ features: [GeoJSON.Feature], geography: Geography, excluding: String?) -> String? {
        var counts: [String: Int] = [:]
        for f in features {
            for (k, v) in f.properties where k != excluding {
                let t = v.trimmingCharacters(in: .whitespaces)
                guard t.count >= 3, t.rangeOfCharacter(from: .letters) != nil, geography.ward(code: t) == nil,
                      geography.ward(matching: t) != nil else { continue }
                counts[k, default: 0] += 1
            }
        }
        return best(counts, hint: "name")
    }

    /// Highest count; ties go to a key containing `hint`, then the first alphabetically.
    private static func best(_ counts: [String: Int], hint: String) -> String? {
        counts.max { a, b in
            if a.value != b.value { return a.value < b.value }
            let ha = a.key.lowercased().contains(hint), hb = b.key.lowercased().contains(hint)
            if ha != hb { return hb }
            return a.key > b.key
        }?.key
    }

    /// A human report: fields used, what matched, what did not.
    public func report(geography: Geography, verbose: Bool = false) -> String {
        var lines: [String] = []
        func field(_ f: String?, _ detected: Bool, _ what: String) -> String {
            guard let f else { return "no \(what) property" }
            return "\(what) property \"\(f)\"" + (detected ? " (detected)" : "")
        }
        lines.append("\(file): \(featureCount) feature\(featureCount == 1 ? "" : "s"); "
                     + field(codeField, codeFieldDetected, "code") + ", " + field(nameField, nameFieldDetected, "name"))
        let byCode = matches.filter { $0.matchedBy == .code }.count
        let byName = matches.count - byCode
        lines.append("matched \(matches.count) of \(geography.wards.count) wards"
                     + (byName > 0 ? " (\(byCode) by code, \(byName) by name)" : byCode > 0 ? " by code" : "")
                     + "; \(vertexCount) vertices")
        if verbose {
            for m in matches {
                let w = geography.ward(code: m.ward)!
                let fs = m.features.map { "#\($0)" }.joined(separator: ", ")
                lines.append("  \(w.name) (\(w.code)) ← feature \(fs) \"\(m.label)\" by \(m.matchedBy.rawValue)")
            }
        }
        if !missingWards.isEmpty {
            lines.append("\(missingWards.count) ward\(missingWards.count == 1 ? "" : "s") got no feature (no shape on the map): "
                         + missingWards.compactMap { geography.ward(code: $0)?.name }.joined(separator: ", "))
        }
        if !unmatched.isEmpty {
            lines.append("\(unmatched.count) feature\(unmatched.count == 1 ? "" : "s") matched no ward:")
            let shown = verbose ? unmatched[...] : unmatched.prefix(10)
            for u in shown {
                let what = [u.name, u.code].filter { !$0.isEmpty }.joined(separator: " ")
                lines.append("  #\(u.index) \(what.isEmpty ? "" : "\"\(what)\": ")\(u.reason)")
            }
            if shown.count < unmatched.count { lines.append("  … and \(unmatched.count - shown.count) more (--verbose lists them)") }
        }
        for w in warnings { lines.append("warning: \(w)") }
        return lines.joined(separator: "\n")
    }
}
