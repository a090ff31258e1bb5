import AssetCatalogue
import TermUI

/// The `:` command palette: a handful of commands with completion of their names and values.
enum Palette {
    struct Suggestion: Equatable {
        var completion: String
        var label: String
        var hint: String
    }

    static let commands: [(name: String, hint: String)] = [
        ("ward", "filter to a ward"), ("cluster", "filter to a cluster"), ("district", "filter to a district partnership"),
        ("category", "filter to a category"), ("kind", "filter to a kind of asset"), ("search", "search for a query"),
        ("sort", "order the results"), ("open", "open an asset by id"), ("tab", "switch the navigator tab"),
        ("clear", "clear every filter and the search"), ("help", "show every key"), ("quit", "leave assetmap"),
    ] + MapPalette.commands

    /// Values a command takes, for completion.
    static func values(for command: String, in e: Explorer) -> [String] {
        if let v = MapPalette.values(for: command, in: e) { return v }
        let c = e.catalogue
        switch command {
        case "ward": return c.geography.wards.map(\.name)
        case "cluster": return c.geography.clusters.map(\.name)
        case "district": return c.geography.districts.map(\.name)
        case "category": return c.taxonomy.categories.map(\.name)
        case "kind": return AssetKind.allCases.map(\.rawValue)
        case "sort": return SortKey.allCases.map { $0 == .verified ? "verified" : $0.label }
        case "tab": return NavTab.allCases.map { $0.title.lowercased() }
        default: return []
        }
    }

    static func suggestions(for text: String, in e: Explorer) -> [Suggestion] {
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let cmd = Text.fold(parts.first ?? "")
        if parts.count < 2 {
            return commands.filter { $0.name.hasPrefix(cmd) }.map { Suggestion(completion: $0.name + " ", label: $0.name, hint: $0.hint) }
        }
        let arg = Text.nameKey(parts[1])
        if cmd == "open" {
            let c = e.catalogue, prefix = Text.fold(parts[1])
            return c.assets.indices.lazy.filter { c.id(at: $0).hasPrefix(prefix) }.prefix(20)
                .map { Suggestion(completion: "open \(c.id(at: $0))", label: c.id(at: $0), hint: c.name(at: $0)) }
        }
        return values(for: cmd, in: e).filter { v in
            arg.isEmpty || Text.nameKey(v).hasPrefix(arg) || Text.nameKey(v).split(separator: " ").contains { $0.hasPrefix(arg) }
        }.map { Suggestion(completion: "\(cmd) \($0)", label: $0, hint: "") }
    }

    /// True when the text is not yet a whole command (Enter then takes the highlighted suggestion).
    static func isIncomplete(_ text: String, in e: Explorer) -> Bool {
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        guard let first = parts.first else { return true }
        if !commands.contains(where: { $0.name == Text.fold(first) }) { return true }
        let vals = values(for: Text.fold(first), in: e)
        if parts.count < 2 { return !vals.isEmpty }
        return !vals.isEmpty && !vals.contains { Text.nameKey($0) == Text.nameKey(parts[1]) }
    }

    /// Runs a command line; problems become the status message.
    static func run(_ line: String, on e: inout Explorer) -> ProgramCommand {
        let parts = line.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1).map(String.init)
        guard let first = parts.first else { return .none }
        let cmd = Text.fold(first)
        let arg = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        if let done = MapPalette.run(cmd, arg, on: &e) { return done }
        let c = e.catalogue
        func chip(_ facet: Facet, _ key: String, _ label: String) {
            e.applyRow(NavRow(path: [FilterChip(facet: facet, key: key, label: label)], count: 0, expandable: false))
        }
        do {
            switch cmd {
            case "ward": let w = try c.geography.ward(named: arg); chip(.ward, w.code, w.name)
            case "cluster": let cl = try c.geography.cluster(named: arg); chip(.cluster, cl.id, cl.name)
            case "district": let d = try c.geography.district(named: arg); chip(.district, d.id, d.name)
            case "category": let cat = try c.taxonomy.find(arg); chip(.category, cat.id, cat.name)
            case "kind":
                guard let k = AssetKind(loose: arg) else { e.message = "unknown kind \"\(arg)\": group, activity, place or anchor"; return .none }
                chip(.kind, k.rawValue, k.plural)
            case "search":
                e.pushView()
                e.setQuery(arg)
                if let err = e.queryError { e.message = err } else { e.recompute(); e.results = ListState() }
            case "sort":
                let key = Text.fold(arg)
                guard let s = SortKey.allCases.first(where: { $0.label.hasPrefix(key) || (key == "verified" && $0 == .verified) }), !key.isEmpty else {
                    e.message = "sort by relevance, name, ward, kind or verified"
                    return .none
                }
                e.sort = s
                e.recompute(keepSelection: e.selectedAsset?.id)
                e.message = "sorted by \(s.label)"
            case "open":
                guard c.asset(id: arg) != nil else {
                    let near = Text.suggestions(for: arg, among: c.assets.indices.map { c.id(at: $0) }, limit: 1)
                    e.message = "no asset has id \"\(arg)\"" + (near.isEmpty ? "" : "; did you mean \(near[0])?")
                    return .none
                }
                e.pushView()
                e.detail = DetailView(assetID: arg)
                e.focus = .detail
            case "tab":
                guard let t = NavTab.allCases.first(where: { $0.title.lowercased().hasPrefix(Text.fold(arg)) }), !arg.isEmpty else {
                    e.message = "tabs: clusters, wards, districts, categories, kinds"
                    return .none
                }
                e.navTab = t
                e.nav = ListState()
                e.focus = .navigator
                e.recompute()
            case "clear": e.clearAll()
            case "help": e.mode = .help
            case "quit", "q": return .quit(0)
            default:
                let near = Text.suggestions(for: cmd, among: commands.map(\.name), limit: 1)
                e.message = "unknown command \"\(cmd)\"" + (near.isEmpty ? "" : "; did you mean \(near[0])?")
            }
        } catch let err as LookupError {
            e.message = err.description
        } catch {
            e.message = "\(error)"
        }
        return .none
    }
}
