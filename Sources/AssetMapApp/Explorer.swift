import AssetCatalogue
import Foundation
import TermUI

/// The three panes.
public enum Pane: Int, CaseIterable, Sendable {
    case navigator, results, detail

    public var title: String {
        switch self {
        case .navigator: "Browse"
        case .results: "Results"
        case .detail: "Detail"
        }
    }
}

/// What has the keyboard besides the panes.
public enum InputMode: Equatable, Sendable {
    case browse, search, filter, palette, help
    /// Transfer cases and ACV listings: their screens, menus and forms (`records`).
    case records
}

/// The detail pane's place: which asset, and which of its links is selected.
public struct DetailView: Equatable, Sendable {
    public var assetID: String
    public var links = ListState()
    public var scroll = 0
}

/// A view on the back stack: what `q`/Esc returns to.
struct Snapshot: Equatable {
    var chips: [FilterChip]
    var query: String
    var focus: Pane
    var results: ListState
    var detail: DetailView?
}

/// The explorer's whole state. `update` is the only place it changes; `view` draws it.
public struct Explorer {
    /// Reloaded from the store after a save to a transfer case or ACV listing.
    public internal(set) var catalogue: Catalogue { didSet { dropDerivedCaches() } }
    public internal(set) var index: SearchIndex { didSet { dropDerivedCaches() } }
    public var readOnly: Bool
    /// Accessible mode (`--accessible`): the real cursor follows the focused row or field, list
    /// rows start with their name, and the map is a table of wards. Fixed at init.
    public let accessible: Bool
    /// The terminal size, from the latest resize event.
    public var size = Size(80, 24)
    /// Hide contact fields (presentation mode).
    public var hideContacts = false
    /// Where transfer cases and ACV listings are saved (nil: nothing can be written).
    public var store: (any RecordStore)?
    /// Where the pages of a compact catalogue are read (see `AssetPages`); nil for a whole one.
    public var pages: (any AssetPages)?
    /// Pages and linked assets read from `pages` for the assets shown (filled before a frame, in `willRender`).
    var pageCache: [String: Asset] = [:]
    var linkCache: [String: [LinkedAsset]] = [:]
    /// Who makes changes, for the audit trail (`--officer`, default the login name).
    public var officer: String
    /// The day derived values (days in stage, overdue, ACV dates due) are computed against.
    public var today: LocalDate
    /// The clock for audit timestamps (tests fix it).
    public var now: @Sendable () -> Date = { Date() }
    /// The records screens, menu and form (transfer cases and ACV listings).
    public internal(set) var records = RecordsState()

    public internal(set) var focus: Pane = .results
    public internal(set) var mode: InputMode = .browse
    public internal(set) var navTab: NavTab = .clusters
    public internal(set) var nav = ListState()
    public internal(set) var expanded: Set<String> = []
    public internal(set) var chips: [FilterChip] = []
    /// The search query in force (also while typing, updated on every keystroke).
    public internal(set) var query = ""
    public internal(set) var parsedQuery: SearchQuery?
    public internal(set) var queryError: String?
    public internal(set) var searchField = TextFieldState()
    public internal(set) var filterField = TextFieldState()
    public internal(set) var paletteField = TextFieldState()
    public internal(set) var palette = ListState()
    public internal(set) var sort: SortKey = .relevance
    public internal(set) var results = ListState()
    public internal(set) var detail: DetailView?
    public internal(set) var helpScroll = 0
    public internal(set) var message: String?
    var stack: [Snapshot] = []
    var beforeSearch: Snapshot?
    /// Set when typing changed the query: the search runs once, before the next frame (or when
    /// a key needs the results), so a burst of keystrokes costs one search and stale ones are dropped.
    var searchPending = false
    /// The map (issue 4): see MapState.swift and MapExplorer.swift.
    public internal(set) var map = MapState()
    var mapCache = MapCache()
    /// Presentation mode (nil when off).
    public internal(set) var presentation: Presentation?
    /// While a large catalogue loads in the background: how many assets it holds. `catalogue` is
    /// then only its first page (see Loading.swift); `finishLoading` hands the full one over.
    public internal(set) var loading: Int?
    /// While loading: the navigator's rows counted over the whole catalogue's index (when its
    /// file was current), drawn instead of "loading…".
    public internal(set) var previewNavRows: [NavRow]?

    // Derived, recomputed when inputs change (never per frame).
    /// The first matches in list order: what the list shows. Ranking a million hits costs far more
    /// than a frame, so only a prefix is ranked and it grows as the list is scrolled towards its end.
    public private(set) var items: [Int] = []
    /// How many assets match in all (`items` may hold fewer).
    public private(set) var total = 0
    public internal(set) var navRows: [NavRow] = []
    /// Matches ranked at a time while the list has only been looked at near its top.
    public static let defaultRankedPrefix = 500
    /// This explorer's prefix (tests use a small one to see the list grow).
    let rankedPrefix: Int
    /// The list's matches and the query they are for: ranking more of the list, or the navigator,
    /// reuses them instead of matching the words again.
    var listMatches: (query: SearchQuery, matches: SearchMatches)?
    /// Derived state for recent inputs and the sort orders (see `DerivedCache`).
    var derived = DerivedCache()

    public init(catalogue: Catalogue, index: SearchIndex? = nil, readOnly: Bool = false,
                rankedPrefix: Int = Explorer.defaultRankedPrefix, store: (any RecordStore)? = nil,
                officer: String = CatalogueStore.loginName, today: LocalDate = .today(), accessible: Bool = false) {
        self.catalogue = catalogue
        self.accessible = accessible
        self.store = store
        self.officer = officer
        self.today = today
        expanded = Explorer.transferSectionsOpen
        self.rankedPrefix = max(1, rankedPrefix)
        self.index = index ?? SearchIndex(catalogue)
        self.readOnly = readOnly
        recompute()
    }

    // MARK: Derived state

    /// The search filter a chip stands for.
    public static func filter(for chip: FilterChip) -> SearchFilter? {
        switch chip.facet {
        case .cluster: .cluster(chip.key)
        case .ward: .ward(chip.key)
        case .district: .district(chip.key)
        case .category, .subcategory: .category(chip.key)
        case .kind: AssetKind(rawValue: chip.key).map { .kind($0) }
        case .transfer: TransferState(rawValue: chip.key).map { .transfer(.state($0)) }
        }
    }

    /// The typed query with chips added as filter clauses (chips of one facet OR together).
    func combinedQuery(chips: [FilterChip]) -> SearchQuery {
        var q = parsedQuery ?? SearchQuery()
        for clause in Explorer.clauses(for: chips) { q = q.adding(clause) }
        return q
    }

    /// The chips as filter clauses (chips of one facet OR together), in the order `combinedQuery` adds them.
    static func clauses(for chips: [FilterChip]) -> [FilterClause] {
        var groups: [(Facet, [SearchFilter])] = []
        for chip in chips {
            guard let f = Explorer.filter(for: chip) else { continue }
            let facet = chip.facet == .subcategory ? Facet.category : chip.facet
            if let i = groups.firstIndex(where: { $0.0 == facet }) { groups[i].1.append(f) } else { groups.append((facet, [f])) }
        }
        return groups.map { FilterClause($0.1) }
    }

    /// What `recompute` derives from, as a cache key.
    var derivedKey: DerivedCache.Key {
        DerivedCache.Key(query: parsedQuery, chips: chips, navTab: navTab, expanded: expanded, sort: sort,
                         filterText: filterField.text, rankedPrefix: rankedPrefix)
    }

    /// Recomputes the result set and navigator rows, keeping selections in range. Called when
    /// the query, chips, filter line, sort or navigator tab change; never per frame. The words are
    /// matched once for both (`SearchMatches`), and inputs seen lately (the view before a search,
    /// what `q` goes back to) are taken from `derived` without matching anything.
    mutating func recompute(keepSelection id: String? = nil) {
        // A query that does not parse matches nothing (its error is shown), never the last good one.
        if queryError != nil {
            searchPending = false
            items = []; total = 0; listMatches = nil
            results.clamp(count: 0)
            refreshMap()
            return
        }
        // On the preview a search would see only its first page: it waits for the whole catalogue.
        if loading != nil, let q = parsedQuery, !q.isEmpty { searchPending = true; return }
        searchPending = false
        let selectedNav = nav.selected < navRows.count ? navRows[nav.selected].id : nil
        let key = derivedKey
        if let hit = derived.entry(for: key) {
            items = hit.items
            total = hit.total
            listMatches = hit.listMatches
            navRows = navTab == .transfers ? transferNavRows() : hit.navRows
        } else {
            // Navigator counts: what the search matches within the chips of the other tabs' facets.
            let tabFacets = Set(navTab.levels.map { $0 == .subcategory ? Facet.category : $0 })
            let otherChips = chips.filter { !tabFacets.contains($0.facet) }
            let tabChips = chips.filter { tabFacets.contains($0.facet) }
            let base = navTab == .transfers ? nil : index.matches(combinedQuery(chips: otherChips))
            if let base {
                // The list's matches are the navigator's within the tab's own chips (clauses AND, in any order).
                listMatches = (combinedQuery(chips: chips), base.narrowed(by: Explorer.clauses(for: tabChips)))
            }
            rank(atLeast: rankedPrefix)
            if let base {
                navRows = Browse.navRows(tab: navTab, expanded: expanded, in: catalogue, matches: base) { Explorer.clauses(for: $0) }
            } else {
                navRows = transferNavRows()
            }
            derived.store(DerivedCache.Entry(items: items, total: total, navRows: navRows, listMatches: listMatches), for: key)
        }
        if let selectedNav, let i = navRows.firstIndex(where: { $0.id == selectedNav }) { nav.selected = i }
        nav.clamp(count: navRows.count)
        if let id {
            if let i = position(of: id) {
                results.selected = i
            } else if let i = matchPosition(of: id) {
                results.selected = i
            }
        }
        results.clamp(count: items.count)
        refreshMap()
    }

    /// Where an asset stands in the ranked part of the list (compares indices, not id strings).
    func position(of id: String) -> Int? {
        guard let a = catalogue.index(of: id) else { return nil }
        return items.firstIndex(of: a)
    }

    /// The list's matches for `query`, matched now unless `recompute` already did.
    mutating func matches(for query: SearchQuery) -> SearchMatches {
        if let m = listMatches, m.query == query { return m.matches }
        let m = index.matches(query)
        listMatches = (query, m)
        return m
    }

    /// Fills `items` with at least the first `n` matches in list order (all of them when the filter
    /// line is in use, since it needs every match anyway). Other orders than relevance walk the
    /// catalogue in that order once built (`DerivedCache.sortOrder`), so they too rank a prefix.
    mutating func rank(atLeast n: Int) {
        let c = catalogue
        let full = combinedQuery(chips: chips)
        let narrow = Text.fold(filterField.text).trimmingCharacters(in: .whitespaces)
        if narrow.isEmpty {
            let m = matches(for: full)
            if sort == .relevance {
                let r = m.results(limit: n)
                items = r.hits.map(\.index)
                total = r.total
            } else {
                items = derived.sortOrder(sort, in: c).prefix(n, of: m, tiesInRankOrder: !full.isEmpty)
                total = m.total
            }
            return
        }
        if full.isEmpty {
            items = Array(c.assets.indices)
            total = items.count
        } else {
            let r = matches(for: full).results(limit: nil)
            items = r.hits.map(\.index)
            total = r.total
        }
        items = items.filter { i in
            Text.fold(c.name(at: i)).contains(narrow) || Text.fold(c.summary(at: i)).contains(narrow)
                || Text.fold(c.wardName(c.ward(at: i))).contains(narrow)
        }
        total = items.count
        // With no words typed, relevance is name order (that is what the index returns).
        items = Browse.sorted(items, by: sort, in: c)
    }

    mutating func dropDerivedCaches() {
        derived = DerivedCache()
        listMatches = nil
    }

    /// Ranks more of the list when a move is about to reach the end of the ranked prefix.
    mutating func rankThrough(_ position: Int) {
        guard position >= items.count - 1, items.count < total else { return }
        rank(atLeast: max(position + 1, items.count * 4))
    }

    /// Where an asset stands in the full list order, if it matches (ranks everything: rare, on demand).
    mutating func matchPosition(of id: String) -> Int? {
        guard items.count < total else { return nil }
        rank(atLeast: total)
        return position(of: id)
    }

    /// Runs a search that typing left pending.
    public mutating func flushPendingSearch() {
        guard searchPending, loading == nil else { return }
        recompute()
        results.selected = 0
        results.offset = 0
    }

    public var selectedAsset: Asset? {
        results.selected < items.count ? catalogue.assets[items[results.selected]] : nil
    }

    /// The asset the detail pane shows: whole, from `pageCache` when the catalogue is compact
    /// (until its page is read, its listing fields).
    public var detailAsset: Asset? { detail.flatMap { pageCache[$0.assetID] ?? catalogue.asset(id: $0.assetID) } }

    /// Reads the page of the asset the detail pane shows, when the catalogue is compact and it
    /// is not read yet (before a frame: `view` stays a function of the state).
    mutating func readShownPage() {
        guard !catalogue.hasDetails, let pages, let id = detail?.assetID, pageCache[id] == nil,
              catalogue.index(of: id) != nil else { return }
        if pageCache.count >= 256 { pageCache = [:]; linkCache = [:] }
        do {
            // An asset gone from the store keeps its listing fields, so it is not asked for on every frame.
            pageCache[id] = try pages.assets(ids: [id]).first ?? catalogue.asset(id: id)
            let links = try pages.links(of: id)
            linkCache[id] = catalogue.linked(to: id, outgoing: links.outgoing, incoming: links.incoming)
        } catch {
            message = "could not read \(id): \(error)"
        }
    }

    public var detailLinks: [LinkedAsset] {
        guard let id = detail?.assetID else { return [] }
        return catalogue.hasDetails ? catalogue.linked(to: id) : linkCache[id] ?? []
    }

    var snapshot: Snapshot {
        Snapshot(chips: chips, query: query, focus: focus, results: results, detail: detail)
    }

    mutating func restore(_ s: Snapshot) {
        chips = s.chips
        setQuery(s.query)
        focus = s.focus
        detail = s.detail
        recompute()
        results = s.results
        results.clamp(count: items.count)
    }

    /// Parses and applies a query; a query that does not parse says why (and `recompute` then
    /// shows no results).
    mutating func setQuery(_ text: String) {
        query = text
        if text.trimmingCharacters(in: .whitespaces).isEmpty {
            parsedQuery = nil
            queryError = nil
            return
        }
        do {
            parsedQuery = try SearchQuery.parse(text, in: catalogue)
            queryError = nil
        } catch {
            queryError = error.description
        }
    }

    /// The key context for the focused pane or input line.
    public var context: ExplorerContext {
        if mode == .browse && map.isOpen && map.focused { return .map }
        return switch mode {
        case .search: .search
        case .filter: .filter
        case .palette: .palette
        case .help: .help
        case .records: records.context ?? .results
        case .browse:
            switch focus {
            case .navigator: .navigator
            case .results: .results
            case .detail: .detail
            }
        }
    }

    // MARK: Filters

    /// Applies a navigator row: its whole path replaces chips of the same facets.
    mutating func applyRow(_ row: NavRow) {
        pushView()
        let facets = Set(row.path.map(\.facet))
        chips = chips.filter { !facets.contains($0.facet) } + row.path
        results = ListState()
        recompute()
        message = "\(items.count) result\(items.count == 1 ? "" : "s") for \(chips.map(\.label).joined(separator: " › "))"
    }

    public mutating func removeChip(at i: Int) {
        guard chips.indices.contains(i) else { return }
        let id = selectedAsset?.id
        chips.remove(at: i)
        recompute(keepSelection: id)
    }

    mutating func pushView() {
        stack.append(snapshot)
        if stack.count > 200 { stack.removeFirst() }
    }

    // MARK: Detail

    mutating func openDetail(_ id: String, push: Bool) {
        if push, detail != nil { pushView() }
        detail = DetailView(assetID: id)
        if let i = position(of: id) { results.selected = i }
    }
}
