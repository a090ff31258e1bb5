import Foundation

/// One category: a top-level theme or a subcategory under it.
public struct Category: Hashable, Sendable, Codable {
    /// Stable id: `food` or `food.lunch-club`.
    public var id: String
    /// Parent id, nil for a top-level category.
    public var parent: String?
    public var name: String
    /// LGA (esd) service-type id used by Open Referral UK, where mapped.
    public var esdServiceType: String?

    public var isTopLevel: Bool { parent == nil }
}

/// The two-level category taxonomy.
public struct Taxonomy: Sendable {
    public let categories: [Category]
    private let byID: [String: Int]

    public init(categories: [Category]) {
        self.categories = categories
        byID = Dictionary(categories.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func category(id: String) -> Category? { byID[id].map { categories[$0] } }

    public var topLevel: [Category] { categories.filter(\.isTopLevel) }

    public func children(of id: String) -> [Category] { categories.filter { $0.parent == id } }

    /// The top-level id of a category id (`food.lunch-club` → `food`).
    public func topLevelID(of id: String) -> String { category(id: id)?.parent ?? id }

    /// "Food › Lunch club"
    public func path(of id: String) -> String {
        guard let c = category(id: id) else { return id }
        guard let p = c.parent, let parent = category(id: p) else { return c.name }
        return "\(parent.name) › \(c.name)"
    }

    /// Short display name: the subcategory's own name, or the top-level name.
    public func name(of id: String) -> String { category(id: id)?.name ?? id }

    /// Finds a category by id, name or unique name prefix, any case: `food.lunch-club`, `lunch club`, `Lunch`.
    public func find(_ input: String) throws(LookupError) -> Category {
        let f = Text.fold(input)
        if let c = category(id: f) { return c }
        let key = Text.nameKey(input)
        if let c = categories.first(where: { Text.nameKey($0.name) == key }) { return c }
        // An id's last part: `lunch-club`.
        if let c = categories.first(where: { $0.id.split(separator: ".").last.map(String.init) == f }) { return c }
        if key.count >= 3 {
            let hits = categories.filter { Text.nameKey($0.name).hasPrefix(key) }
            if hits.count == 1 { return hits[0] }
            let words = categories.filter { Text.nameKey($0.name).split(separator: " ").contains { $0.hasPrefix(key) } }
            if words.count == 1 { return words[0] }
        }
        throw LookupError(what: "category", input: input,
                          suggestions: Text.suggestions(for: input, among: categories.map(\.name)))
    }

    /// Loads `taxonomy.csv`.
    public static func load(from url: URL) throws -> Taxonomy {
        let t = try CSVTable.read(url)
        try t.requireColumns(["id", "parent", "name"], allowed: ["id", "parent", "name", "esd_service_type"])
        var cats: [Category] = []
        var ids = Set<String>()
        for r in t.rows {
            let id = r["id"]
            guard !id.isEmpty, ids.insert(id).inserted else {
                throw ImportError(file: t.file, line: r.line, field: "id", message: id.isEmpty ? "empty id" : "duplicate id \"\(id)\"")
            }
            let parent = r["parent"].isEmpty ? nil : r["parent"]
            if let parent, !ids.contains(parent) {
                throw ImportError(file: t.file, line: r.line, field: "parent", message: "unknown parent \"\(parent)\" (parents come first)")
            }
            cats.append(Category(id: id, parent: parent, name: r["name"],
                                 esdServiceType: r["esd_service_type"].isEmpty ? nil : r["esd_service_type"]))
        }
        return Taxonomy(categories: cats)
    }
}
