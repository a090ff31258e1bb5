import ArgumentParser
import AssetCatalogue
import Foundation
import TermUI

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Search every field of every asset.",
        discussion: """
            Words match by prefix, case- and accent-insensitively, with one typo allowed in longer words. \
            Filters go in the same query: ward:shaw  cluster:north  district:"oldham west"  cat:food \
            kind:activity  day:tue  transfer:in-progress  anchor:yes  "quoted phrase"  -exclude

            Example: assetmap search walking older ward:shaw day:tue
            """)

    @OptionGroup var catalogue: CatalogueOptions
    @OptionGroup var format: FormatOptions

    @Option(name: .shortAndLong, help: "Show at most this many results (0 for all).")
    var limit = 50

    @Argument(help: "The query (several words are joined).")
    var query: [String]

    @Flag(name: .customLong("no-index-file"), help: .hidden)
    var noIndexFile = false

    func run() throws {
        try reportingErrors {
            let text = query.joined(separator: " ")
            let limit = self.limit > 0 ? self.limit : nil
            let opened = noIndexFile ? nil
                : try catalogue.announcing({ $0.store }) {
                    try CatalogueStore.openStore(path: catalogue.databaseURL, readOnly: catalogue.readOnly, officer: CatalogueStore.loginName)
                }
            var printer: AssetListPrinter
            var count = 0
            if let opened, let store = opened.store {
                // The persisted index: only the hits are read from the database, and only the
                // fields printed, each hit formatted as it is read.
                let q = try SearchQuery.parse(text, geography: opened.geography, taxonomy: opened.taxonomy)
                printer = AssetListPrinter(format: format, catalogue: Catalogue(name: "", geography: opened.geography,
                                                                                taxonomy: opened.taxonomy, assets: []))
                let trace = ProcessInfo.processInfo.environment["ASSETMAP_TRACE_INDEX"] != nil
                if try store.searchHits(q, limit: limit, geography: opened.geography, taxonomy: opened.taxonomy, fields: printer.fields,
                                        start: { n, _ in count = n; printer.reserve(n) }, row: { try printer.add($1, line: $0) }) == nil {
                    if trace { printError("search index: read from \(store.searchIndexPath)") }
                } else {
                    // No current index file: `search` builds it (saving it unless read-only).
                    let r = try store.search(q, limit: limit, geography: opened.geography, taxonomy: opened.taxonomy,
                                             links: format.csv)  // only CSV prints links
                    if trace {
                        switch r.source {
                        case .file: printError("search index: read from \(store.searchIndexPath)")
                        case .built(let reason, let saved): printError("search index: built (\(reason))" + (saved ? ", saved" : ", not saved"))
                        }
                    }
                    for (i, a) in r.assets.enumerated() { printer.add(a, line: i) }
                    count = r.assets.count
                }
            } else {
                // The whole catalogue in memory, indexed here (read-only with no database yet, or --no-index-file).
                let c: Catalogue
                if let mem = opened?.inMemory { c = mem } else { c = try catalogue.open().1 }
                let q = try SearchQuery.parse(text, in: c)
                printer = AssetListPrinter(format: format, catalogue: c)
                for (i, h) in SearchIndex(c).search(q, limit: limit).enumerated() { printer.add(c.assets[h.index], line: i) }
                count = printer.count
            }
            if count == 0 && !format.json && !format.csv {
                printError("no assets match \(text)")
                throw ExitCode(1)
            }
            try printer.print()
        }
    }
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List assets, filtered by ward, cluster, district, category or kind.")

    @OptionGroup var catalogue: CatalogueOptions
    @OptionGroup var format: FormatOptions

    @Option(help: "Ward name or ONS code (forgiving: \"St Marys\").") var ward: [String] = []
    @Option(help: "Cluster: north, east, south, west, central.") var cluster: [String] = []
    @Option(help: "District partnership.") var district: [String] = []
    @Option(help: "Category id or name (a top-level category includes its subcategories).") var category: [String] = []
    @Option(help: "group, activity, place or anchor.") var kind: [String] = []

    func run() throws {
        try reportingErrors {
            let (_, cat) = try catalogue.open()
            let wards = Set(try ward.map { try cat.geography.ward(named: $0).code })
            let clusters = Set(try cluster.map { try cat.geography.cluster(named: $0).id })
            let districts = Set(try district.map { try cat.geography.district(named: $0).id })
            let categories = try category.map { try cat.taxonomy.find($0).id }
            let kinds = Set(try kind.map { k -> AssetKind in
                guard let v = AssetKind(loose: k) else { throw CLIError("unknown kind \"\(k)\"; use group, activity, place or anchor") }
                return v
            })
            let selected = cat.assets.filter { a in
                (wards.isEmpty || wards.contains(a.ward))
                    && (clusters.isEmpty || clusters.contains(a.cluster))
                    && (districts.isEmpty || districts.contains(cat.geography.ward(code: a.ward)?.district ?? ""))
                    && (kinds.isEmpty || kinds.contains(a.kind))
                    && (categories.isEmpty || categories.contains { c in
                        a.categories.contains { $0 == c || cat.taxonomy.topLevelID(of: $0) == c } })
            }.sorted { ($0.name.lowercased(), $0.id) < ($1.name.lowercased(), $1.id) }
            try printAssets(selected, in: cat, format: format)
        }
    }
}

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show one asset with every field and its linked assets.")

    @OptionGroup var catalogue: CatalogueOptions
    @Flag(name: .long, help: "Print JSON.") var json = false
    @Argument(help: "The asset's id.") var id: String

    struct Detail: Encodable {
        var asset: Asset
        var wardName: String
        var district: String
        var clusterName: String
        var links: [Link]
        var transfers: [TransferEvent]
        var acv: [ACVEvent]
        struct Link: Encodable { var relation: String; var id: String; var kind: String; var name: String }
    }

    func run() throws {
        try reportingErrors {
            let (_, cat) = try catalogue.open()
            guard let a = cat.asset(id: id) else {
                let near = Text.suggestions(for: id, among: cat.assets.map(\.id), limit: 3)
                throw CLIError("no asset has id \"\(id)\"" + (near.isEmpty ? "" : "; did you mean " + near.joined(separator: ", ") + "?"))
            }
            let links = cat.linked(to: a.id)
            if json {
                try printJSON(Detail(
                    asset: a, wardName: cat.wardName(a.ward), district: cat.geography.districtName(ofWard: a.ward),
                    clusterName: cat.clusterName(a.cluster),
                    links: links.map { .init(relation: $0.label, id: $0.asset.id, kind: $0.asset.kind.rawValue, name: $0.asset.name) },
                    transfers: cat.transferHistory[a.id] ?? [], acv: cat.acvHistory[a.id] ?? []))
                return
            }
            for (k, v) in AssetDetails.fields(of: a, in: cat) {
                print(Sanitize.line(k).padding(toLength: 14, withPad: " ", startingAt: 0) + Sanitize.line(v))
            }
            if !links.isEmpty {
                print("\nLinked assets")
                var t = TablePrinter([.init(title: "LINK"), .init(title: "ID"), .init(title: "KIND"), .init(title: "NAME", flexible: true)])
                for l in links { t.add([l.label, l.asset.id, l.asset.kind.rawValue, l.asset.name]) }
                t.print()
            }
            if let h = cat.transferHistory[a.id], !h.isEmpty {
                print("\nCommunity asset transfer")
                var t = TablePrinter([.init(title: "DATE"), .init(title: "STATUS"), .init(title: "NOTE", flexible: true)])
                for e in h { t.add([e.date.description, e.summary, e.note]) }
                t.print()
            }
            if let h = cat.acvHistory[a.id], !h.isEmpty {
                print("\nAsset of Community Value")
                var t = TablePrinter([.init(title: "DATE"), .init(title: "STATUS"), .init(title: "NOTE", flexible: true)])
                for e in h { t.add([e.date.description, e.state.label, e.note]) }
                t.print()
            }
        }
    }
}

/// Counts per kind for each value of a facet: `wards`, `clusters`, `districts`, `categories`.
struct FacetReport {
    struct Row: Encodable {
        var key: String
        var name: String
        var groups: Int
        var activities: Int
        var places: Int
        var anchors: Int
        var total: Int
        var extra: [String: String]
    }

    static func rows(_ facet: Facet, in cat: Catalogue) -> [Row] {
        var perKind: [String: [AssetKind: Int]] = [:]
        for a in cat.assets {
            for k in cat.keys(of: a, for: facet) { perKind[k, default: [:]][a.kind, default: 0] += 1 }
        }
        return cat.facetCounts(facet).map { fc in
            let k = perKind[fc.key] ?? [:]
            return Row(key: fc.key, name: fc.label, groups: k[.group] ?? 0, activities: k[.activity] ?? 0,
                       places: k[.place] ?? 0, anchors: k[.anchor] ?? 0, total: fc.count, extra: [:])
        }
    }

    static func print(_ rows: [Row], extraColumns: [String], format: FormatOptions) throws {
        if format.json { try printJSON(rows); return }
        let cols = ["key", "name"] + extraColumns + ["groups", "activities", "places", "anchors", "total"]
        func values(_ r: Row) -> [String] {
            [r.key, r.name] + extraColumns.map { r.extra[$0] ?? "" }
                + [r.groups, r.activities, r.places, r.anchors, r.total].map(String.init)
        }
        if format.csv {
            var out = CSVWriter.line(cols)
            for r in rows { out += CSVWriter.line(values(r)) }
            writeStandardOutput(out)
            return
        }
        var t = TablePrinter(cols.enumerated().map { i, c in
            TablePrinter.Column(title: c.uppercased(), align: i < 2 || extraColumns.contains(c) && !["population", "per_1000"].contains(c) ? .left : .right)
        })
        for r in rows { t.add(values(r)) }
        t.print()
    }
}

struct Wards: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Oldham's 20 wards with their district, population and assets per kind.")
    @OptionGroup var catalogue: CatalogueOptions
    @OptionGroup var format: FormatOptions

    func run() throws {
        try reportingErrors {
            let (_, cat) = try catalogue.open()
            var rows = FacetReport.rows(.ward, in: cat)
            for i in rows.indices {
                guard let w = cat.geography.ward(code: rows[i].key) else { continue }
                rows[i].extra = [
                    "district": cat.geography.district(id: w.district)?.name ?? w.district,
                    "clusters": cat.geography.clusters(touching: w.code).map(\.name).joined(separator: ", "),
                    "population": String(w.population),
                    "per_1000": String(format: "%.1f", Double(rows[i].total) * 1000 / Double(max(1, w.population))),
                ]
            }
            try FacetReport.print(rows, extraColumns: ["district", "clusters", "population", "per_1000"], format: format)
        }
    }
}

struct Clusters: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The five health and care clusters with the wards they touch and assets per kind.",
        discussion: "Clusters are drawn around GP practices, not ward boundaries; the ward list is an approximate crosswalk.")
    @OptionGroup var catalogue: CatalogueOptions
    @OptionGroup var format: FormatOptions

    func run() throws {
        try reportingErrors {
            let (_, cat) = try catalogue.open()
            var rows = FacetReport.rows(.cluster, in: cat)
            for i in rows.indices {
                guard let c = cat.geography.cluster(id: rows[i].key) else { continue }
                rows[i].extra = ["wards": c.wards.map { cat.wardName($0.ward) + ($0.main ? "" : " (part)") }.joined(separator: ", ")]
            }
            try FacetReport.print(rows, extraColumns: ["wards"], format: format)
        }
    }
}

struct Districts: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The six district partnerships with their wards and assets per kind.")
    @OptionGroup var catalogue: CatalogueOptions
    @OptionGroup var format: FormatOptions

    func run() throws {
        try reportingErrors {
            let (_, cat) = try catalogue.open()
            var rows = FacetReport.rows(.district, in: cat)
            for i in rows.indices {
                guard let d = cat.geography.district(id: rows[i].key) else { continue }
                rows[i].extra = ["wards": d.wards.map(cat.wardName).joined(separator: ", ")]
            }
            try FacetReport.print(rows, extraColumns: ["wards"], format: format)
        }
    }
}

struct Categories: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The category taxonomy with assets per kind.")
    @OptionGroup var catalogue: CatalogueOptions
    @OptionGroup var format: FormatOptions

    func run() throws {
        try reportingErrors {
            let (_, cat) = try catalogue.open()
            let top = Dictionary(uniqueKeysWithValues: FacetReport.rows(.category, in: cat).map { ($0.key, $0) })
            let sub = Dictionary(uniqueKeysWithValues: FacetReport.rows(.subcategory, in: cat).map { ($0.key, $0) })
            var rows: [FacetReport.Row] = []
            for t in cat.taxonomy.topLevel {
                if var r = top[t.id] { r.extra = ["parent": ""]; rows.append(r) }
                for c in cat.taxonomy.children(of: t.id) {
                    if var r = sub[c.id] {
                        r.extra = ["parent": t.id]
                        if !format.json && !format.csv { r.name = "  " + r.name }
                        rows.append(r)
                    }
                }
            }
            try FacetReport.print(rows, extraColumns: format.json || format.csv ? ["parent"] : [], format: format)
        }
    }
}
