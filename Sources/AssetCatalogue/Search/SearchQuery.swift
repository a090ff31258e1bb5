import Foundation

/// A filter key of the query language.
public enum FilterKey: String, CaseIterable, Sendable {
    case ward, cluster, district
    case category = "cat"
    case kind, day, transfer, anchor

    public var label: String {
        switch self {
        case .ward: "Ward"
        case .cluster: "Cluster"
        case .district: "District"
        case .category: "Category"
        case .kind: "Kind"
        case .day: "Day"
        case .transfer: "Transfer"
        case .anchor: "Anchor"
        }
    }

    /// Spellings accepted before the colon.
    static let spellings: [String: FilterKey] = [
        "ward": .ward, "cluster": .cluster, "district": .district, "cat": .category, "category": .category,
        "kind": .kind, "day": .day, "transfer": .transfer, "anchor": .anchor,
    ]
}

/// `transfer:` values.
public enum TransferFilter: Hashable, Sendable {
    case state(TransferState)
    /// Any state other than `none`.
    case any
}

/// One filter value. Values of one clause are OR-ed.
public enum SearchFilter: Hashable, Sendable {
    /// ONS ward code.
    case ward(String)
    /// Cluster id.
    case cluster(String)
    /// District id.
    case district(String)
    /// Category id; a top-level id matches all its subcategories.
    case category(String)
    case kind(AssetKind)
    /// Activities on that weekday.
    case day(Weekday)
    case transfer(TransferFilter)
    /// Per `Catalogue.isAnchor`.
    case anchor(Bool)

    public var key: FilterKey {
        switch self {
        case .ward: .ward
        case .cluster: .cluster
        case .district: .district
        case .category: .category
        case .kind: .kind
        case .day: .day
        case .transfer: .transfer
        case .anchor: .anchor
        }
    }

    /// "Shaw", "Food › Lunch club", "Activities", "Tuesday", "In progress", "Anchors".
    public func label(geography: Geography, taxonomy: Taxonomy) -> String {
        switch self {
        case .ward(let c): geography.ward(code: c)?.name ?? c
        case .cluster(let c): geography.cluster(id: c)?.name ?? c
        case .district(let d): geography.district(id: d)?.name ?? d
        case .category(let c): taxonomy.path(of: c)
        case .kind(let k): k.plural
        case .day(let d): d.name
        case .transfer(.any): "Any transfer"
        case .transfer(.state(let s)): s.label
        case .anchor(let b): b ? "Anchors" : "Not anchors"
        }
    }
}

/// Filters OR-ed together; a query's clauses are AND-ed. A negated clause excludes its matches.
public struct FilterClause: Hashable, Sendable {
    public var anyOf: [SearchFilter]
    public var negated: Bool

    public init(_ anyOf: [SearchFilter], negated: Bool = false) {
        self.anyOf = anyOf
        self.negated = negated
    }

    /// "Ward: Shaw or Crompton", "not Kind: Groups".
    public func label(geography: Geography, taxonomy: Taxonomy) -> String {
        var keys: [FilterKey] = []
        for f in anyOf where !keys.contains(f.key) { keys.append(f.key) }
        let head = keys.map(\.label).joined(separator: "/")
        let body = anyOf.map { $0.label(geography: geography, taxonomy: taxonomy) }.joined(separator: " or ")
        return (negated ? "not " : "") + (head.isEmpty ? body : "\(head): \(body)")
    }
}

/// A free word or a quoted phrase.
public struct SearchTerm: Hashable, Sendable {
    /// As typed, without quotes or the leading `-`.
    public let text: String
    /// True when it was quoted.
    public let isPhrase: Bool
    /// Folded tokens. A word that folds to several tokens (`step-free`, `東京`) is matched as a phrase.
    public let tokens: [String]

    public init(_ text: String, phrase: Bool = false) {
        self.text = text
        isPhrase = phrase
        tokens = SearchText.tokenStrings(text)
    }

    /// Matched as consecutive tokens rather than as one word.
    public var matchesAsPhrase: Bool { isPhrase || tokens.count > 1 }

    /// `lunch` or `"lunch club"`.
    public var display: String { isPhrase ? "\"\(text)\"" : text }
}

/// Why a query could not be parsed. The message reads well on its own in a status line.
public enum SearchQueryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A filter value that is not known (`ward:shw`), with the look-up's suggestions.
    case unknownValue(FilterKey, LookupError)
    /// `wrd:`; suggestions are whole keys with their colon (`ward:`).
    case unknownFilter(String, suggestions: [String])
    /// `ward:` with nothing after it.
    case missingValue(FilterKey)
    /// A quote with no closing quote (`"coffee morning`).
    case unbalancedQuote
    /// `""`: quotes with no words between them.
    case emptyPhrase
    /// `-` with no word, phrase or filter after it.
    case nothingToExclude

    public var suggestions: [String] {
        switch self {
        case .unknownValue(_, let e): e.suggestions
        case .unknownFilter(_, let s): s
        case .missingValue, .unbalancedQuote, .emptyPhrase, .nothingToExclude: []
        }
    }

    public var description: String {
        switch self {
        case .unknownValue(_, let e):
            return e.description
        case .unknownFilter(let k, let s):
            var m = "unknown filter \"\(k):\""
            if !s.isEmpty { m += "; did you mean " + s.map { "\"\($0)\"" }.joined(separator: " or ") + "?" }
            m += " (filters: " + FilterKey.allCases.map { $0.rawValue + ":" }.joined(separator: " ")
                + "; quote text with a colon: \"\(k):…\")"
            return m
        case .missingValue(let k):
            return "\(k.rawValue): needs a value"
        case .unbalancedQuote:
            return "a quote is not closed: end the phrase with another \""
        case .emptyPhrase:
            return "\"\" has no words in it"
        case .nothingToExclude:
            return "- needs a word, \"phrase\" or filter right after it (-church)"
        }
    }
}

/// A parsed search: words and phrases to find, words and phrases to exclude, and filter clauses.
///
/// Text syntax, combinable in one string:
/// - `lunch club` — every word must match (by word prefix; one typo allowed in words of 5+ letters)
/// - `"coffee morning"` — consecutive words; `-word`, `-"a phrase"` — exclude
/// - `ward:shaw`, `ward:"st marys"`, `cluster:north`, `district:"oldham west"`, `cat:food`,
///   `cat:lunch-club`, `kind:activity`, `day:tue`, `transfer:in-progress|transferred|any`,
///   `anchor:yes|no`; `-ward:shaw` excludes. The same key repeated ORs its values
///   (`ward:shaw ward:crompton`); different keys AND.
public struct SearchQuery: Hashable, Sendable {
    public var terms: [SearchTerm]
    public var excluded: [SearchTerm]
    public var filters: [FilterClause]

    public init(terms: [SearchTerm] = [], excluded: [SearchTerm] = [], filters: [FilterClause] = []) {
        // Empty terms ("-", "£") match everything; a repeated term adds nothing.
        func clean(_ ts: [SearchTerm]) -> [SearchTerm] {
            var seen = Set<[String]>(), out: [SearchTerm] = []
            for t in ts where !t.tokens.isEmpty && seen.insert(t.tokens + [t.matchesAsPhrase ? "\"" : ""]).inserted {
                out.append(t)
            }
            return out
        }
        self.terms = clean(terms)
        self.excluded = clean(excluded)
        self.filters = filters.filter { !$0.anyOf.isEmpty }
    }

    /// A query of filters only; filters with the same key are OR-ed into one clause.
    public init(filters: [SearchFilter]) {
        self.init(filters: SearchQuery.group(filters.map { ($0, false) }))
    }

    /// Nothing to match: every asset passes.
    public var isEmpty: Bool { terms.isEmpty && excluded.isEmpty && filters.isEmpty }

    /// True when there are words or phrases to rank by.
    public var hasText: Bool { !terms.isEmpty }

    /// Both queries at once: terms and exclusions added, clauses AND-ed (not merged, so a
    /// navigator's `ward` and a typed `ward:` both apply).
    public func and(_ other: SearchQuery) -> SearchQuery {
        SearchQuery(terms: terms + other.terms, excluded: excluded + other.excluded, filters: filters + other.filters)
    }

    /// This query with one more clause AND-ed.
    public func adding(_ clause: FilterClause) -> SearchQuery {
        SearchQuery(terms: terms, excluded: excluded, filters: filters + [clause])
    }

    /// Parses the query language; filter values use the catalogue's forgiving look-ups.
    public static func parse(_ text: String, in catalogue: Catalogue) throws(SearchQueryError) -> SearchQuery {
        try parse(text, geography: catalogue.geography, taxonomy: catalogue.taxonomy)
    }

    public static func parse(_ text: String, geography: Geography, taxonomy: Taxonomy) throws(SearchQueryError) -> SearchQuery {
        let cs = Array(text)
        var terms: [SearchTerm] = [], excluded: [SearchTerm] = []
        var filters: [(SearchFilter, Bool)] = []
        var i = 0
        func isQuote(_ c: Character) -> Bool { c == "\"" || c == "\u{201C}" || c == "\u{201D}" || c == "\u{201E}" }
        func readQuoted() throws(SearchQueryError) -> String {
            // cs[i] is the opening quote.
            var j = i + 1
            while j < cs.count && !isQuote(cs[j]) { j += 1 }
            if j == cs.count { throw .unbalancedQuote }
            let s = String(cs[(i + 1)..<j])
            i = min(j + 1, cs.count)
            return s
        }
        while i < cs.count {
            if cs[i].isWhitespace { i += 1; continue }
            var negated = false
            if cs[i] == "-" {
                guard i + 1 < cs.count && !cs[i + 1].isWhitespace else { throw .nothingToExclude }
                negated = true
                i += 1
            }
            if isQuote(cs[i]) {
                let text = try readQuoted()
                if text.trimmingCharacters(in: .whitespaces).isEmpty { throw .emptyPhrase }
                let t = SearchTerm(text, phrase: true)
                if negated { excluded.append(t) } else { terms.append(t) }
                continue
            }
            // key: ?
            var k = i
            while k < cs.count, let a = cs[k].asciiValue, (a | 0x20) >= 0x61, (a | 0x20) <= 0x7A { k += 1 }
            if k < cs.count && cs[k] == ":" && k - i >= 2 {
                let keyText = String(cs[i..<k])
                guard let key = FilterKey.spellings[keyText.lowercased()] else {
                    throw .unknownFilter(keyText, suggestions: keySuggestions(keyText))
                }
                i = k + 1
                var value = ""
                if i < cs.count && isQuote(cs[i]) {
                    value = try readQuoted()
                } else {
                    var j = i
                    while j < cs.count && !cs[j].isWhitespace { j += 1 }
                    value = String(cs[i..<j])
                    i = j
                }
                value = value.trimmingCharacters(in: .whitespaces)
                if value.isEmpty { throw .missingValue(key) }
                filters.append((try filter(key, value, geography, taxonomy), negated))
                continue
            }
            var j = i
            while j < cs.count && !cs[j].isWhitespace && !isQuote(cs[j]) { j += 1 }
            let t = SearchTerm(String(cs[i..<j]))
            if negated { excluded.append(t) } else { terms.append(t) }
            i = j
        }
        return SearchQuery(terms: terms, excluded: excluded, filters: group(filters))
    }

    /// Same key and sign → one clause, in order of first appearance.
    private static func group(_ fs: [(SearchFilter, Bool)]) -> [FilterClause] {
        var out: [FilterClause] = []
        for (f, neg) in fs {
            if let i = out.firstIndex(where: { $0.negated == neg && $0.anyOf.first?.key == f.key }) {
                if !out[i].anyOf.contains(f) { out[i].anyOf.append(f) }
            } else {
                out.append(FilterClause([f], negated: neg))
            }
        }
        return out
    }

    private static func keySuggestions(_ k: String) -> [String] {
        let f = k.lowercased()
        let keys = FilterKey.allCases.map(\.rawValue) + ["category"]
        let scored = keys.map { ($0, $0.hasPrefix(f) || f.hasPrefix($0) ? 0 : Text.editDistance(f, $0)) }
        return scored.filter { $0.1 <= 2 }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(2).map { $0.0 + ":" }
    }

    private static func filter(_ key: FilterKey, _ v: String, _ geo: Geography, _ tax: Taxonomy) throws(SearchQueryError) -> SearchFilter {
        func fail(_ what: String, _ among: [String]) -> SearchQueryError {
            .unknownValue(key, LookupError(what: what, input: v, suggestions: Text.suggestions(for: v, among: among)))
        }
        do {
            switch key {
            case .ward: return .ward(try geo.ward(named: v).code)
            case .cluster: return .cluster(try geo.cluster(named: v).id)
            case .district: return .district(try geo.district(named: v).id)
            case .category: return .category(try tax.find(v).id)
            case .kind:
                guard let k = AssetKind(loose: v) else { throw fail("kind", ["group", "activity", "place", "building", "anchor"]) }
                return .kind(k)
            case .day:
                guard let d = Weekday(loose: v) else { throw fail("day", Weekday.allCases.map(\.name)) }
                return .day(d)
            case .transfer:
                let f = Text.fold(v).replacingOccurrences(of: " ", with: "-").replacingOccurrences(of: "_", with: "-")
                if f == "any" || f == "all" { return .transfer(.any) }
                if f == "inprogress" { return .transfer(.state(.inProgress)) }
                guard let s = TransferState(rawValue: f) else {
                    throw fail("transfer state", TransferState.allCases.map(\.rawValue) + ["any"])
                }
                return .transfer(.state(s))
            case .anchor:
                switch Text.fold(v) {
                case "yes", "y", "true", "1": return .anchor(true)
                case "no", "n", "false", "0": return .anchor(false)
                default: throw fail("anchor value", ["yes", "no"])
                }
            }
        } catch let e as LookupError {
            throw .unknownValue(key, e)
        } catch let e as SearchQueryError {
            throw e
        } catch {
            throw .unknownValue(key, LookupError(what: key.rawValue, input: v, suggestions: []))
        }
    }

    /// One breadcrumb per part, for the UI: `lunch`, `"coffee morning"`, `not church`,
    /// `Ward: Shaw or Crompton`, `Category: Food`.
    public func breadcrumbs(geography: Geography, taxonomy: Taxonomy) -> [String] {
        terms.map(\.display) + excluded.map { "not " + $0.display }
            + filters.map { $0.label(geography: geography, taxonomy: taxonomy) }
    }

    public func breadcrumbs(in catalogue: Catalogue) -> [String] {
        breadcrumbs(geography: catalogue.geography, taxonomy: catalogue.taxonomy)
    }
}
