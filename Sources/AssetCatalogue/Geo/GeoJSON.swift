import Foundation

/// Just enough GeoJSON (RFC 7946) for ward boundaries: FeatureCollections (or one Feature) of
/// Polygons and MultiPolygons in WGS84 longitude/latitude, read with every problem located by
/// file, feature index and member path; and a deterministic writer.
public enum GeoJSON {
    /// One feature as read: scalar properties as text, and its shape (nil when the geometry is
    /// not a polygon type — `geometryProblem` says why).
    public struct Feature: Sendable {
        /// Position in the file's `features` array, from 0.
        public var index: Int
        /// Scalar properties as text (numbers in their JSON form, null as "").
        public var properties: [String: String]
        /// Property names in file order.
        public var propertyKeys: [String]
        public var shape: GeoMultiPolygon?
        public var geometryType: String?
    }

    public struct Document: Sendable {
        public var file: String
        public var features: [Feature]
        /// The `crs` member's name, when the file has one (legacy GeoJSON 2008).
        public var crsName: String?
    }

    /// Reads a FeatureCollection (or a single Feature). Every malformed feature is reported;
    /// coordinates that are not degrees (a projected file, e.g. British National Grid) are one
    /// clear error. Features whose geometry is not a Polygon/MultiPolygon are kept with
    /// `shape == nil` so the caller can decide whether that matters.
    /// The largest boundary file read: Oldham's full-resolution ONS ward file is well under
    /// 1 MB; a 2-million-vertex file took minutes and gigabytes. Checked before reading.
    public static let maxBytes = 32 << 20
    /// The most vertices read, counted feature by feature while reading.
    public static let maxVertices = 250_000

    /// "is too large (… ; the limit is …)": the one message for both limits.
    public static func tooLarge(_ what: String, limit: String) -> String {
        "is too large (\(what); the limit is \(limit)); simplify it first, e.g. mapshaper in.geojson -simplify 10% -o out.geojson"
    }

    static func megabytes(_ n: Int) -> String { String(format: "%.1f MB", Double(n) / 1_048_576) }

    /// Refuses a file over `maxBytes` from its size alone, before reading it.
    public static func checkSize(_ bytes: Int, file: String) throws(ImportErrors) {
        guard bytes > maxBytes else { return }
        throw ImportErrors([ImportError(file: file, line: 0, field: "",
                                        message: tooLarge(megabytes(bytes), limit: megabytes(maxBytes)))])
    }

    public static func read(_ data: Data, file: String) throws(ImportErrors) -> Document {
        func fail(_ field: String, _ message: String) -> ImportErrors {
            ImportErrors([ImportError(file: file, line: 0, field: field, message: message)])
        }
        try checkSize(data.count, file: file)
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            throw fail("", "not valid JSON" + (detail.map { " (\($0))" } ?? ""))
        }
        guard let obj = root as? [String: Any] else { throw fail("", "not a GeoJSON object") }
        let type = obj["type"] as? String
        var rawFeatures: [Any]
        var prefix = "features"
        switch type {
        case "FeatureCollection":
            guard let f = obj["features"] as? [Any] else { throw fail("features", "is missing or not an array") }
            rawFeatures = f
        case "Feature":
            rawFeatures = [obj]
            prefix = "feature"
        case "Polygon", "MultiPolygon", "GeometryCollection":
            throw fail("type", "\"\(type!)\" is a bare geometry: ward boundaries need Features with properties naming the ward")
        default:
            throw fail("type", "\(type.map { "\"\($0)\"" } ?? "is missing"); expected a GeoJSON FeatureCollection")
        }
        var crsName: String?
        if let crs = obj["crs"] as? [String: Any], let props = crs["properties"] as? [String: Any] {
            crsName = props["name"] as? String
        }
        if let crsName, let epsg = GeoJSON.projectedCRS(crsName) {
            throw fail("crs", "the file is in \(epsg), not longitude/latitude; re-export it in WGS84 (EPSG:4326), "
                       + "e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson")
        }
        var errors: [ImportError] = []
        var features: [Feature] = []
        var outOfRange: (path: String, lon: Double, lat: Double)?
        var vertices = 0
        for (i, raw) in rawFeatures.enumerated() {
            let here = prefix == "feature" ? "feature" : "\(prefix)[\(i)]"
            guard let f = raw as? [String: Any], (f["type"] as? String) == "Feature" else {
                errors.append(ImportError(file: file, line: 0, field: here, message: "is not a GeoJSON Feature"))
                continue
            }
            var props: [String: String] = [:], keys: [String] = []
            if let p = f["properties"] as? [String: Any] {
                keys = p.keys.sorted()
                for (k, v) in p { if let s = scalarText(v) { props[k] = s } }
            } else if !(f["properties"] is NSNull) && f["properties"] != nil {
                errors.append(ImportError(file: file, line: 0, field: "\(here).properties", message: "is not an object"))
            }
            var feature = Feature(index: i, properties: props, propertyKeys: keys, shape: nil, geometryType: nil)
            guard let g = f["geometry"] as? [String: Any] else {
                if f["geometry"] == nil || f["geometry"] is NSNull {
                    feature.geometryType = nil
                    features.append(feature)
                } else {
                    errors.append(ImportError(file: file, line: 0, field: "\(here).geometry", message: "is not an object"))
                }
                continue
            }
            feature.geometryType = g["type"] as? String
            switch feature.geometryType {
            case "Polygon", "MultiPolygon":
                do {
                    let shape = try parseGeometry(g, path: "\(here).geometry")
                    if outOfRange == nil, let bad = shape.polygons.lazy.flatMap(\.rings).joined()
                        .first(where: { abs($0.lon) > 180 || abs($0.lat) > 90 }) {
                        outOfRange = ("\(here).geometry.coordinates", bad.lon, bad.lat)
                    }
                    feature.shape = shape
                    vertices += shape.vertexCount
                } catch let e as GeometryError {
                    errors.append(ImportError(file: file, line: 0, field: e.path, message: e.message))
                    continue
                } catch {
                    continue
                }
            default:
                break
            }
            if vertices > maxVertices {
                throw fail("", tooLarge("more than \(maxVertices) vertices by \(here)", limit: "\(maxVertices) vertices"))
            }
            features.append(feature)
        }
        if let bad = outOfRange {
            throw fail(bad.path, "has [\(number(bad.lon)), \(number(bad.lat))], which is not longitude/latitude: the file "
                       + "looks projected (British National Grid eastings and northings?); re-export it in WGS84 "
                       + "(EPSG:4326), e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson")
        }
        if !errors.isEmpty { throw ImportErrors(errors) }
        return Document(file: file, features: features, crsName: crsName)
    }

    /// "EPSG:27700 (British National Grid)" for a CRS name that is projected; nil for WGS84/CRS84.
    static func projectedCRS(_ name: String) -> String? {
        let n = name.uppercased()
        if n.contains("CRS84") || n.hasSuffix(":4326") || n.hasSuffix("::4326") || n.hasSuffix(":4258") { return nil }
        if n.contains("27700") { return "EPSG:27700 (British National Grid)" }
        if n.contains("3857") || n.contains("900913") { return "EPSG:3857 (Web Mercator)" }
        if let r = n.range(of: "EPSG::") ?? n.range(of: "EPSG:") { return "EPSG:\(n[r.upperBound...])" }
        return nil
    }

    static func scalarText(_ v: Any) -> String? {
        switch v {
        case let s as String: return s
        case is NSNull: return ""
        case let n as NSNumber:
            let d = n.doubleValue
            if d.rounded() == d, abs(d) < 1e15 { return String(Int64(d)) }
            return "\(d)"
        default: return nil
        }
    }

    struct GeometryError: Error {
        var path: String
        var message: String
    }

    /// Parses a Polygon or MultiPolygon geometry object.
    static func parseGeometry(_ g: [String: Any], path: String) throws -> GeoMultiPolygon {
        let type = g["type"] as? String
        guard let coords = g["coordinates"] as? [Any] else {
            throw GeometryError(path: "\(path).coordinates", message: "is missing or not an array")
        }
        func position(_ v: Any, _ p: String) throws -> Coordinate {
            guard let a = v as? [Any], a.count >= 2, let lon = (a[0] as? NSNumber)?.doubleValue,
                  let lat = (a[1] as? NSNumber)?.doubleValue, !(a[0] is String), !(a[1] is String),
                  lon.isFinite, lat.isFinite else {
                throw GeometryError(path: p, message: "is not a [longitude, latitude] pair of numbers")
            }
            return Coordinate(lat: lat, lon: lon)
        }
        func ring(_ v: Any, _ p: String) throws -> [Coordinate] {
            guard let a = v as? [Any] else { throw GeometryError(path: p, message: "is not an array of positions") }
            let pts = try a.enumerated().map { try position($0.element, "\(p)[\($0.offset)]") }
            let open = GeoPolygon.open(pts)
            guard open.count >= 3 else {
                throw GeometryError(path: p, message: "a ring needs at least 3 distinct positions (has \(open.count))")
            }
            return open
        }
        func polygon(_ v: Any, _ p: String) throws -> GeoPolygon {
            guard let rings = v as? [Any], !rings.isEmpty else {
                throw GeometryError(path: p, message: "is not a non-empty array of rings")
            }
            let parsed = try rings.enumerated().map { try ring($0.element, "\(p)[\($0.offset)]") }
            return GeoPolygon(exterior: parsed[0], holes: Array(parsed.dropFirst()))
        }
        switch type {
        case "Polygon":
            return GeoMultiPolygon([try polygon(coords, "\(path).coordinates")])
        case "MultiPolygon":
            guard !coords.isEmpty else { throw GeometryError(path: "\(path).coordinates", message: "has no polygons") }
            return GeoMultiPolygon(try coords.enumerated().map { try polygon($0.element, "\(path).coordinates[\($0.offset)]") })
        default:
            throw GeometryError(path: "\(path).type", message: "\"\(type ?? "")\" is not Polygon or MultiPolygon")
        }
    }

    /// Parses a stored geometry (as written by `geometryText`).
    public static func geometry(fromText text: String, label: String) throws -> GeoMultiPolygon {
        guard let obj = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw ImportError(file: label, line: 0, field: "geometry", message: "is not a JSON object")
        }
        do { return try parseGeometry(obj, path: "geometry") } catch let e as GeometryError {
            throw ImportError(file: label, line: 0, field: e.path, message: e.message)
        }
    }

    // MARK: Writing

    /// A geometry member: Polygon for one part, MultiPolygon for several, rings closed.
    /// `rfc7946Winding` turns exteriors counter-clockwise and holes clockwise; otherwise rings
    /// keep their direction (so a stored shape reads back exactly). `decimals` rounds
    /// coordinates; nil keeps every digit.
    public static func geometryText(_ shape: GeoMultiPolygon, decimals: Int? = nil, rfc7946Winding: Bool = true) -> String {
        func ring(_ r: [Coordinate], ccw: Bool) -> String {
            var pts = r
            if rfc7946Winding, (signedArea(pts) > 0) != ccw { pts.reverse() }
            if let first = pts.first { pts.append(first) }
            return "[" + pts.map { "[\(number($0.lon, decimals)),\(number($0.lat, decimals))]" }.joined(separator: ",") + "]"
        }
        func polygon(_ p: GeoPolygon) -> String {
            "[" + ([ring(p.exterior, ccw: true)] + p.holes.map { ring($0, ccw: false) }).joined(separator: ",") + "]"
        }
        if shape.polygons.count == 1 {
            return "{\"type\":\"Polygon\",\"coordinates\":\(polygon(shape.polygons[0]))}"
        }
        return "{\"type\":\"MultiPolygon\",\"coordinates\":[" + shape.polygons.map(polygon).joined(separator: ",") + "]}"
    }

    /// A FeatureCollection, one feature per line. `properties` values are strings or booleans.
    public static func featureCollection(name: String, members: [(String, String)] = [],
                                         features: [(properties: [(String, Any)], shape: GeoMultiPolygon)],
                                         decimals: Int? = nil) -> String {
        var out = "{\n\"type\": \"FeatureCollection\",\n\"name\": \(quote(name)),\n"
        for (k, v) in members { out += "\(quote(k)): \(v),\n" }
        out += "\"features\": [\n"
        out += features.map { f in
            let props = f.properties.map { k, v -> String in
                let value: String
                switch v {
                case let b as Bool: value = b ? "true" : "false"
                case let d as Double: value = number(d, nil)
                case let i as Int: value = String(i)
                default: value = quote("\(v)")
                }
                return "\(quote(k)): \(value)"
            }.joined(separator: ", ")
            return "{\"type\": \"Feature\", \"properties\": {\(props)}, \"geometry\": \(geometryText(f.shape, decimals: decimals))}"
        }.joined(separator: ",\n")
        out += "\n]\n}\n"
        return out
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    static func number(_ d: Double, _ decimals: Int? = nil) -> String {
        guard let decimals else {
            if d.rounded() == d, abs(d) < 1e15 { return String(Int64(d)) }
            return "\(d)"
        }
        var s = String(format: "%.\(decimals)f", d)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s == "-0" ? "0" : s
    }

    /// Shoelace on longitude/latitude: positive for counter-clockwise.
    static func signedArea(_ r: [Coordinate]) -> Double {
        guard r.count >= 3 else { return 0 }
        var s = 0.0
        var j = r.count - 1
        for i in r.indices {
            s += r[j].lon * r[i].lat - r[i].lon * r[j].lat
            j = i
        }
        return s / 2
    }
}
