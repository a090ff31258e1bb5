@testable import AssetCatalogue
import Foundation
import Testing

/// Reference data and small catalogues for the search tests.
enum SearchFixture {
    static let assetsDir: URL = {
        var u = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while u.path != "/" {
            let c = u.appendingPathComponent("Assets")
            if FileManager.default.fileExists(atPath: c.appendingPathComponent("taxonomy.csv").path) { return c }
            u = u.deletingLastPathComponent()
        }
        fatalError("Assets/ not found above \(#filePath)")
    }()
    static let geography = try! Geography.load(from: assetsDir.appendingPathComponent("geography"))
    static let taxonomy = try! Taxonomy.load(from: assetsDir.appendingPathComponent("taxonomy.csv"))

    static func ward(_ name: String) -> String { try! geography.ward(named: name).code }

    static func asset(_ id: String, _ name: String, kind: AssetKind = .group, description: String = "",
                      categories: [String] = ["community.centre"], ward: String = "Shaw", cluster: String = "north",
                      days: [Weekday] = [], links: [AssetLink] = [], facilities: [Facility] = [],
                      owner: OwnerType? = nil, postcode: String = "") -> Asset {
        Asset(id: id, kind: kind, name: name, description: description, categories: categories,
              ward: SearchFixture.ward(ward), cluster: cluster, postcode: postcode, links: links,
              schedule: Schedule(days: days), owner: owner, facilities: facilities)
    }

    static func catalogue(_ assets: [Asset], transfers: [TransferEvent] = []) -> Catalogue {
        Catalogue(name: "test", geography: geography, taxonomy: taxonomy, assets: assets, transfers: transfers)
    }
}

/// A small index plus helpers that answer with asset ids.
struct Searcher {
    let catalogue: Catalogue
    let index: SearchIndex

    init(_ assets: [Asset], transfers: [TransferEvent] = []) {
        catalogue = SearchFixture.catalogue(assets, transfers: transfers)
        index = SearchIndex(catalogue)
    }

    func query(_ text: String) throws(SearchQueryError) -> SearchQuery { try SearchQuery.parse(text, in: catalogue) }

    func ids(_ text: String, limit: Int? = nil) throws -> [String] {
        index.search(try query(text), limit: limit).map { catalogue.assets[$0.index].id }
    }

    func hits(_ text: String) throws -> [SearchHit] { index.search(try query(text)) }
}

@Suite struct SearchTextTests {
    @Test func foldsCaseAccentsApostrophesAndSplitsIdeographs() {
        #expect(SearchText.tokenStrings("St Mary’s Café, ŁÓDŹ — 東京 well-being 10:00") ==
                ["st", "marys", "cafe", "lodz", "東", "京", "well", "being", "10", "00"])
        #expect(SearchText.tokenStrings("বাংলা মহিলা সমিতি") == ["বাংলা", "মহিলা", "সমিতি"])
        #expect(SearchText.tokenStrings("اردو، مسجد") == ["اردو", "مسجد"])
        #expect(SearchText.tokenStrings("ＡＢＣ naïve Straße") == ["abc", "naive", "strasse"])
        #expect(SearchText.tokenStrings("  --  ").isEmpty)
    }

    struct Collect: TokenSink {
        var out: [String] = []
        mutating func token(_ bytes: UnsafeBufferPointer<UInt8>) { out.append(String(decoding: bytes, as: UTF8.self)) }
    }

    @Test func fastTokenizerAgreesWithTheReference() {
        var samples = [
            "St Mary's Church Hall", "Café—Crèche", "O'Neill’s ‘quoted’ text", "Łódź 東京中心 abc", "x\u{301}y e\u{301}",
            "tab\tnew\nline", "UPPER lower MiXeD 123abc", "ঢাকা সিলেট", "'leading trailing'", "a'b'c", "£2.50 per session",
        ]
        let cat = Synthetic.catalogue(count: 400, seed: 3, geography: SearchFixture.geography, taxonomy: SearchFixture.taxonomy)
        samples += cat.assets.flatMap { [$0.name, $0.description, $0.address] }
        var t = FastTokenizer()
        for s in samples {
            var c = Collect()
            t.tokenize(s, into: &c)
            #expect(c.out == SearchText.tokenStrings(s), "\(s)")
        }
    }
}

@Suite struct SearchRankingTests {
    @Test func nameMatchBeatsDescriptionMatch() throws {
        let s = Searcher([
            SearchFixture.asset("a", "Friendship Group", description: "We run a lunch club on Fridays"),
            SearchFixture.asset("b", "Lunch Club"),
            SearchFixture.asset("c", "Knit and Natter"),
        ])
        #expect(try s.ids("lunch") == ["b", "a"])
        #expect(try s.hits("lunch").map(\.nameMatches) == [1, 0])
    }

    @Test func exactBeatsPrefixBeatsTypo() throws {
        let s = Searcher([
            SearchFixture.asset("fuzzy", "Warden Club"),
            SearchFixture.asset("prefix", "Gardening Club"),
            SearchFixture.asset("exact", "Garden Club"),
            SearchFixture.asset("none", "Book Club"),
        ])
        #expect(try s.ids("garden") == ["exact", "prefix", "fuzzy"])
        #expect(try s.hits("garden").map(\.kind) == [.exact, .prefix, .fuzzy])
        let scores = try s.hits("garden").map(\.score)
        #expect(scores[0] > scores[1] && scores[1] > scores[2])
    }

    @Test func moreWordsInTheNameBeatFewer() throws {
        let s = Searcher([
            SearchFixture.asset("one", "Lunch Hall", description: "a social club"),
            SearchFixture.asset("two", "Lunch Club", description: "at the hall"),
            SearchFixture.asset("zero", "Friendship Group", description: "a lunch club"),
        ])
        #expect(try s.ids("lunch club") == ["two", "one", "zero"])
    }

    @Test func tiesGoByFoldedNameThenId() throws {
        let s = Searcher([
            SearchFixture.asset("b2", "book club"),
            SearchFixture.asset("b1", "Book Club"),
            SearchFixture.asset("a", "Bowls Club"),
            SearchFixture.asset("c", "Ágape Club"),
            SearchFixture.asset("b0", "Book Club"),
        ])
        // "agape" < "book" < "bowls"; equal folded names by name bytes ("B" < "b"), then id.
        #expect(try s.ids("club") == ["c", "b0", "b1", "b2", "a"])
    }

    @Test func emptyTextWithFiltersListsAllInNameOrder() throws {
        let s = Searcher([
            SearchFixture.asset("z", "Zumba", ward: "Shaw"),
            SearchFixture.asset("a", "art club", ward: "Shaw"),
            SearchFixture.asset("m", "Men's Shed", ward: "Crompton"),
            SearchFixture.asset("b", "Bowls", ward: "Shaw"),
        ])
        #expect(try s.ids("ward:shaw") == ["a", "b", "z"])
        #expect(try s.hits("ward:shaw").allSatisfy { $0.kind == .filter })
        #expect(try s.ids("") == ["a", "b", "m", "z"])
        #expect(try s.ids("ward:shaw", limit: 2) == ["a", "b"])
        #expect(s.index.results(try s.query("ward:shaw"), limit: 1).total == 3)
    }

    @Test func limitKeepsTheBestWithoutChangingOrder() throws {
        let assets = (0..<50).map { SearchFixture.asset("g\($0)", $0 % 3 == 0 ? "Garden \($0)" : "Gardening \($0)") }
        let s = Searcher(assets)
        let all = try s.ids("garden")
        #expect(all.count == 50)
        #expect(try s.ids("garden", limit: 7) == Array(all.prefix(7)))
        #expect(Set(all.prefix(17)) == Set((0..<50).filter { $0 % 3 == 0 }.map { "g\($0)" }))
    }
}

@Suite struct SearchMatchingTests {
    @Test func everyWordMustMatchSomewhere() throws {
        let s = Searcher([
            SearchFixture.asset("a", "Lunch Club", description: "for older people"),
            SearchFixture.asset("b", "Lunch Club", description: "for families"),
        ])
        #expect(try s.ids("lunch older") == ["a"])
        #expect(try s.ids("lunch pensioners").isEmpty)
    }

    @Test func wordsMatchByWordPrefixNotInsideWords() throws {
        let s = Searcher([SearchFixture.asset("a", "Community Centre", categories: ["arts.music"]),
                          SearchFixture.asset("b", "Scentre", categories: ["arts.music"])])
        #expect(try s.ids("cent") == ["a"])
        #expect(try s.ids("ntre").isEmpty)
    }

    @Test func accentAndCaseInsensitive() throws {
        let s = Searcher([
            SearchFixture.asset("a", "Café Lunch"), SearchFixture.asset("b", "CAFE Society"),
            SearchFixture.asset("c", "Łódź Polish Club"), SearchFixture.asset("d", "St Mary’s Hall"),
        ])
        #expect(Set(try s.ids("cafe")) == ["a", "b"])
        #expect(Set(try s.ids("CAFÉ")) == ["a", "b"])
        #expect(try s.ids("lodz") == ["c"])
        #expect(try s.ids("marys") == ["d"])
        #expect(try s.ids("mary's") == ["d"])
        #expect(try s.ids("st mary") == ["d"])
    }

    @Test func nonLatinScriptsAreSearchable() throws {
        let s = Searcher([
            SearchFixture.asset("bn", "বাংলা মহিলা সমিতি"), SearchFixture.asset("ur", "مسجد کمیونٹی"),
            SearchFixture.asset("zh", "华人社区中心"), SearchFixture.asset("en", "Community Centre"),
        ])
        #expect(try s.ids("মহিলা") == ["bn"])
        #expect(try s.ids("মহি") == ["bn"])
        #expect(try s.ids("مسجد") == ["ur"])
        #expect(try s.ids("社区") == ["zh"])
        #expect(try s.ids("中心") == ["zh"])
        #expect(try s.ids("心中").isEmpty)
    }

    @Test func oneTypoForWordsOfFiveOrMoreLetters() throws {
        let s = Searcher([SearchFixture.asset("lib", "Central Library"), SearchFixture.asset("club", "Youth Club")])
        #expect(try s.ids("libary") == ["lib"])   // deletion
        #expect(try s.ids("librarry") == ["lib"]) // insertion
        #expect(try s.ids("lidrary") == ["lib"])  // substitution
        #expect(try s.ids("lirbary") == ["lib"])  // transposition
        #expect(try s.ids("libar") == ["lib"])    // transposition of a prefix
        #expect(try s.ids("lbrary") == ["lib"])
        #expect(try s.ids("lbrray").isEmpty)      // two edits
        #expect(try s.ids("clb").isEmpty)         // too short for a typo
        #expect(try s.ids("yuth").isEmpty)
        #expect(try s.ids("yuoth") == ["club"])   // five letters: allowed
        #expect(try s.hits("libary").first?.kind == .fuzzy)
    }

    @Test func phrasesMatchConsecutiveWordsInOneField() throws {
        let s = Searcher([
            SearchFixture.asset("a", "Tuesday Lunch Club"),
            SearchFixture.asset("b", "Club Lunch"),
            SearchFixture.asset("c", "Lunch", description: "Club night on Fridays"),
            SearchFixture.asset("d", "Friendship Group", description: "Our lunch club meets weekly"),
            SearchFixture.asset("e", "Lunch and Club"),
        ])
        #expect(try s.ids("\"lunch club\"") == ["a", "d"])
        #expect(try s.ids("\"lunch cl\"") == ["a", "d"])
        #expect(Set(try s.ids("lunch club")) == ["a", "b", "c", "d", "e"])
        #expect(try s.ids("\"club lunch\"") == ["b"])
        // A word that folds to several tokens is a phrase.
        let t = Searcher([SearchFixture.asset("x", "Step-free access"), SearchFixture.asset("y", "Free step")])
        #expect(try t.ids("step-free") == ["x"])
    }

    @Test func phrasesMatchReferenceNamesToo() throws {
        let s = Searcher([
            SearchFixture.asset("a", "Friendship", categories: ["food.lunch-club"]),
            SearchFixture.asset("b", "Lunch", categories: ["young.youth-club"]),
        ])
        #expect(try s.ids("\"lunch club\"") == ["a"])
        #expect(try s.ids("food") == ["a"])              // parent category name
        #expect(try s.ids("shaw").count == 2)            // ward name
        #expect(try s.ids("north").count == 2)           // cluster name
        #expect(try s.ids("royton").count == 2)          // district "Royton, Shaw & Crompton"
    }

    @Test func exclusions() throws {
        let s = Searcher([
            SearchFixture.asset("a", "Football Club", description: "for women and girls"),
            SearchFixture.asset("b", "Walking Football"),
            SearchFixture.asset("c", "Football Coaching", description: "junior football club"),
        ])
        #expect(try s.ids("football -women") == ["c", "b"])
        #expect(try s.ids("football -wom") == ["c", "b"])
        #expect(try s.ids("football -\"football club\"") == ["b"])
        #expect(try s.ids("-walking") == ["a", "c"])
        #expect(try s.ids("football -womne") == ["a", "c", "b"])  // no typos in exclusions
    }
}

@Suite struct SearchFilterTests {
    static let transfers = [
        TransferEvent(assetID: "p1", date: LocalDate(year: 2023, month: 1, day: 1)!, state: .enquiry),
        TransferEvent(assetID: "p1", date: LocalDate(year: 2024, month: 1, day: 1)!, state: .inProgress, stage: .businessCase),
        TransferEvent(assetID: "p2", date: LocalDate(year: 2024, month: 1, day: 1)!, state: .transferred, tenure: .longLease),
        TransferEvent(assetID: "p3", date: LocalDate(year: 2024, month: 1, day: 1)!, state: .refused),
    ]

    static let searcher = Searcher([
        SearchFixture.asset("g1", "Shaw Lunch Club", kind: .group, categories: ["food.lunch-club"], ward: "Shaw", cluster: "north"),
        SearchFixture.asset("g2", "Crompton Walkers", kind: .group, categories: ["sport.walking"], ward: "Crompton", cluster: "north"),
        SearchFixture.asset("a1", "Tuesday Lunch", kind: .activity, categories: ["food.lunch-club", "older.social"],
                            ward: "St Mary's", cluster: "central", days: [.tue, .thu]),
        SearchFixture.asset("a2", "Saturday Football", kind: .activity, categories: ["sport.football"],
                            ward: "Saddleworth West & Lees", cluster: "east", days: [.sat]),
        SearchFixture.asset("p1", "Old Library", kind: .place, categories: ["community.centre"], ward: "Werneth", cluster: "west"),
        SearchFixture.asset("p2", "Mill Hall", kind: .place, categories: ["community.room-hire"], ward: "Werneth", cluster: "central"),
        SearchFixture.asset("p3", "Chapel", kind: .place, categories: ["faith.worship"], ward: "Coldhurst", cluster: "central"),
        SearchFixture.asset("n1", "Hub Trust", kind: .anchor, categories: ["food"], ward: "Coldhurst", cluster: "central",
                            links: [AssetLink(.basedAt, "p3")]),
    ], transfers: transfers)

    func ids(_ q: String) throws -> Set<String> { Set(try SearchFilterTests.searcher.ids(q)) }

    @Test func eachFilter() throws {
        #expect(try ids("ward:shaw") == ["g1"])
        #expect(try ids("cluster:north") == ["g1", "g2"])
        #expect(try ids("district:\"oldham west\"") == ["p1", "p2", "p3", "n1"])
        #expect(try ids("district:chadderton").isEmpty)
        #expect(try ids("cat:food") == ["g1", "a1", "n1"])          // top level: its subcategories too
        #expect(try ids("cat:lunch-club") == ["g1", "a1"])
        #expect(try ids("cat:\"lunch club\"") == ["g1", "a1"])
        #expect(try ids("kind:activity") == ["a1", "a2"])
        #expect(try ids("kind:activities") == ["a1", "a2"])
        #expect(try ids("kind:groups") == ["g1", "g2"])
        #expect(try ids("kind:building") == ["p1", "p2", "p3"])
        #expect(try ids("kind:anchor") == ["n1"])
        #expect(try ids("day:tue") == ["a1"])
        #expect(try ids("day:thursday") == ["a1"])
        #expect(try ids("day:sun").isEmpty)
        #expect(try ids("transfer:in-progress") == ["p1"])
        #expect(try ids("transfer:\"in progress\"") == ["p1"])
        #expect(try ids("transfer:transferred") == ["p2"])
        #expect(try ids("transfer:any") == ["p1", "p2", "p3"])
        #expect(try ids("anchor:yes") == ["n1", "p3"])              // the anchor and the place it is based at
        #expect(try ids("anchor:no").count == 6)
    }

    @Test func repeatedFiltersOrDifferentFiltersAnd() throws {
        #expect(try ids("ward:shaw ward:crompton") == ["g1", "g2"])
        #expect(try ids("ward:shaw ward:crompton cat:walking") == ["g2"])
        #expect(try ids("kind:place kind:anchor cluster:central") == ["p2", "p3", "n1"])
        #expect(try ids("cat:food kind:activity lunch") == ["a1"])
        #expect(try ids("cat:food -kind:group") == ["a1", "n1"])
        #expect(try ids("-ward:werneth kind:place") == ["p3"])
    }

    @Test func forgivingFilterValues() throws {
        #expect(try ids("ward:\"St Marys\"") == ["a1"])
        #expect(try ids("ward:\"saddleworth west and lees\"") == ["a2"])
        #expect(try ids("ward:WERNETH") == ["p1", "p2"])
        #expect(try ids("cluster:Central") == ["a1", "p2", "p3", "n1"])
    }

    @Test func filtersCombineWithStructuredQueries() throws {
        let s = SearchFilterTests.searcher
        let nav = SearchQuery(filters: [.ward(SearchFixture.ward("Werneth")), .kind(.place)])
        #expect(nav.filters.count == 2)
        let typed = try s.query("ward:coldhurst library")
        // Navigator clauses AND with typed ones, even for the same key.
        #expect(s.index.search(nav.and(typed)).isEmpty)
        let typed2 = try s.query("library")
        #expect(s.index.search(nav.and(typed2)).map { s.catalogue.assets[$0.index].id } == ["p1"])
        let orWards = SearchQuery(filters: [.ward(SearchFixture.ward("Shaw")), .ward(SearchFixture.ward("Crompton"))])
        #expect(orWards.filters.count == 1)
        #expect(s.index.count(orWards) == 2)
        #expect(s.index.matchingIndices(orWards) == [0, 1])
    }

    @Test func breadcrumbs() throws {
        let s = SearchFilterTests.searcher
        let q = try s.query("lunch \"coffee morning\" -church ward:shaw ward:crompton cat:food -kind:group")
        #expect(q.breadcrumbs(in: s.catalogue) == [
            "lunch", "\"coffee morning\"", "not church", "Ward: Shaw or Crompton", "Category: Food", "not Kind: Groups",
        ])
        #expect(q.terms.map(\.text) == ["lunch", "coffee morning"])
        #expect(q.terms.map(\.isPhrase) == [false, true])
        #expect(q.excluded.map(\.text) == ["church"])
    }

    @Test func unknownFilterValueSuggests() {
        let s = SearchFilterTests.searcher
        #expect {
            try s.query("lunch ward:shw")
        } throws: { e in
            guard let e = e as? SearchQueryError, case .unknownValue(.ward, let l) = e else { return false }
            return l.suggestions.contains("Shaw") && e.description.contains("did you mean")
        }
        #expect(throws: SearchQueryError.self) { try s.query("cluster:nowhere") }
        #expect(throws: SearchQueryError.self) { try s.query("kind:widget") }
        #expect(throws: SearchQueryError.self) { try s.query("day:someday") }
        #expect(throws: SearchQueryError.self) { try s.query("transfer:maybe") }
        #expect(throws: SearchQueryError.self) { try s.query("anchor:perhaps") }
        #expect(throws: SearchQueryError.self) { try s.query("cat:zzzzzz") }
    }

    @Test func unknownFilterKeySuggests() {
        let s = SearchFilterTests.searcher
        do {
            _ = try s.query("wrd:shaw")
            Issue.record("no error")
        } catch {
            #expect(error == .unknownFilter("wrd", suggestions: ["ward:"]))
            #expect(error.description.contains("did you mean \"ward:\""))
        }
        do {
            _ = try s.query("ward:")
            Issue.record("no error")
        } catch {
            #expect(error == .missingValue(.ward))
        }
        // Colons after non-letters are plain text.
        #expect((try? s.query("10:00"))?.terms.map(\.tokens) == [["10", "00"]])
    }

    @Test func loneQuoteOrMinusIsAnErrorNotEverything() {
        let s = SearchFilterTests.searcher
        func failure(_ t: String) -> SearchQueryError? {
            do { _ = try s.query(t); return nil } catch { return error }
        }
        #expect(failure("\"") == .unbalancedQuote)
        #expect(failure("lunch \"coffee morning") == .unbalancedQuote)
        #expect(failure("ward:\"st marys") == .unbalancedQuote)
        #expect(failure("-") == .nothingToExclude)
        #expect(failure("lunch - club") == .nothingToExclude)
        #expect(failure("\"\"") == .emptyPhrase)
        #expect(failure("-church \"coffee morning\"") == nil)
        #expect(failure("\"").map(\.description)?.contains("not closed") == true)
    }
}

@Suite struct HighlightTests {
    func marked(_ text: String, _ q: String) throws -> String {
        let query = try SearchQuery.parse(q, geography: SearchFixture.geography, taxonomy: SearchFixture.taxonomy)
        var out = ""
        var i = text.startIndex
        for r in matchedRanges(in: text, for: query) {
            out += text[i..<r.lowerBound] + "[" + text[r] + "]"
            i = r.upperBound
        }
        return out + text[i...]
    }

    @Test func prefixWholeTokenAndPhrase() throws {
        #expect(try marked("Tuesday Lunch Club", "lun") == "Tuesday [Lun]ch Club")
        #expect(try marked("Tuesday Lunch Club", "lunch club") == "Tuesday [Lunch] [Club]")
        #expect(try marked("Tuesday Lunch Club", "\"lunch cl\"") == "Tuesday [Lunch Cl]ub")
        #expect(try marked("Central Library", "libary") == "Central [Library]")
        #expect(try marked("Lunch lunch LUNCH", "lunch -club") == "[Lunch] [lunch] [LUNCH]")
        #expect(try marked("Garden Club", "ward:shaw") == "Garden Club")
        #expect(try marked("Community Centre", "com comm") == "[Comm]unity Centre")
    }

    @Test func accentedAndNonASCII() throws {
        #expect(try marked("Café Crèche", "cafe crech") == "[Café] [Crèch]e")
        #expect(try marked("St Mary’s Hall", "marys") == "St [Mary’s] Hall")
        #expect(try marked("St Mary’s Hall", "mary") == "St [Mary]’s Hall")
        #expect(try marked("Łódź Club", "lo") == "[Łó]dź Club")
        #expect(try marked("বাংলা মহিলা সমিতি", "মহিলা") == "বাংলা [মহিলা] সমিতি")
        #expect(try marked("华人社区中心", "中心") == "华人社区[中心]")
        #expect(try marked("مسجد کمیونٹی", "مسجد") == "[مسجد] کمیونٹی")
        #expect(try marked("Straße", "stras") == "[Straß]e")
    }
}

// MARK: - Equivalence with a brute-force reference matcher

/// The search semantics written out plainly over every asset and field, to check the index.
struct ReferenceSearch {
    let catalogue: Catalogue
    /// Per asset: name tokens, and every other field's tokens (own text and reference-value names).
    let names: [[[UInt8]]]
    let fields: [[[[UInt8]]]]
    let order: [Int]

    init(_ c: Catalogue) {
        catalogue = c
        let geo = c.geography, tax = c.taxonomy
        var names: [[[UInt8]]] = [], fields: [[[[UInt8]]]] = []
        for a in c.assets {
            names.append(SearchText.tokens(a.name))
            var f: [String] = [a.description, a.postcode, a.address, a.audience.who, a.cost, a.howToJoin]
            for id in a.categories {
                guard let cat = tax.category(id: id) else { continue }
                f.append(cat.name)
                if let p = cat.parent, let pc = tax.category(id: p) { f.append(pc.name) }
            }
            if let w = geo.ward(code: a.ward) {
                f.append(w.name)
                if let d = geo.district(id: w.district) { f.append(d.name) }
            }
            if let cl = geo.cluster(id: a.cluster) { f.append(cl.name) }
            f += a.schedule.days.map(\.name)
            if let o = a.owner { f.append(o.label) }
            f += a.facilities.map(\.label)
            fields.append(f.map { SearchText.tokens($0) })
        }
        self.names = names
        self.fields = fields
        let keys = names.map { Array($0.joined(separator: [0x20])) }
        order = c.assets.indices.sorted { i, j in
            if keys[i] != keys[j] { return keys[i].lexicographicallyPrecedes(keys[j]) }
            let a = c.assets[i], b = c.assets[j]
            if a.name != b.name { return a.name.utf8.lexicographicallyPrecedes(b.name.utf8) }
            return a.id.utf8.lexicographicallyPrecedes(b.id.utf8)
        }
    }

    /// Restricted Damerau–Levenshtein (optimal string alignment) distance.
    static func osa(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }

    static func level(_ w: [UInt8], _ t: [UInt8], fuzzy: Bool) -> Int {
        if t == w { return 3 }
        if t.starts(with: w) { return 2 }
        guard fuzzy else { return 0 }
        let ws = Array(String(decoding: w, as: UTF8.self).unicodeScalars)
        let ts = Array(String(decoding: t, as: UTF8.self).unicodeScalars)
        guard ws.count >= 5 && ws.count <= 32 else { return 0 }
        for k in (ws.count - 1)...(ws.count + 1) where k <= ts.count {
            if osa(ws, Array(ts[..<k])) <= 1 { return 1 }
        }
        return 0
    }

    static func phraseLevel(_ p: [[UInt8]], _ toks: [[UInt8]]) -> Int {
        let k = p.count
        guard toks.count >= k else { return 0 }
        var best = 0
        for i in 0...(toks.count - k) where Array(toks[i..<(i + k - 1)]) == Array(p.dropLast()) {
            let t = toks[i + k - 1]
            if t == p[k - 1] { return 3 }
            if t.starts(with: p[k - 1]) { best = 2 }
        }
        return best
    }

    /// (name level, best level anywhere) of a term in asset i.
    func levels(_ term: SearchTerm, _ i: Int, fuzzy: Bool, cache: inout [[UInt8]: Int]) -> (Int, Int) {
        let q = term.tokens.map { Array($0.utf8) }
        func inField(_ toks: [[UInt8]]) -> Int {
            if term.matchesAsPhrase { return ReferenceSearch.phraseLevel(q, toks) }
            var best = 0
            for t in toks {
                if let l = cache[t] { best = max(best, l); continue }
                let l = ReferenceSearch.level(q[0], t, fuzzy: fuzzy)
                cache[t] = l
                best = max(best, l)
            }
            return best
        }
        let n = inField(names[i])
        var any = n
        for f in fields[i] { any = max(any, inField(f)) }
        return (n, any)
    }

    func passes(_ f: SearchFilter, _ a: Asset) -> Bool {
        let c = catalogue
        switch f {
        case .ward(let code): return c.geography.ward(code: a.ward)?.code == code
        case .cluster(let id): return a.cluster == id
        case .district(let id): return c.geography.ward(code: a.ward)?.district == id
        case .category(let id): return a.categories.contains { $0 == id || c.taxonomy.category(id: $0)?.parent == id }
        case .kind(let k): return a.kind == k
        case .day(let d): return a.schedule.days.contains(d)
        case .transfer(.any): return c.transferState(of: a.id) != .none
        case .transfer(.state(let s)): return c.transferState(of: a.id) == s
        case .anchor(let b): return c.isAnchor(a) == b
        }
    }

    struct Hit: Equatable { var index: Int; var kind: MatchKind; var nameMatches: Int }

    func search(_ q: SearchQuery) -> [Hit] {
        var hits: [(key: [Int], hit: Hit)] = []
        var caches = [[[UInt8]: Int]](repeating: [:], count: q.terms.count)
        var xcaches = [[[UInt8]: Int]](repeating: [:], count: q.excluded.count)
        var position = [Int](repeating: 0, count: order.count)
        for (r, i) in order.enumerated() { position[i] = r }
        for (i, a) in catalogue.assets.enumerated() {
            guard q.filters.allSatisfy({ cl in cl.anyOf.contains { passes($0, a) } != cl.negated }) else { continue }
            var excluded = false
            for (x, t) in q.excluded.enumerated() where levels(t, i, fuzzy: false, cache: &xcaches[x]).1 >= 2 {
                excluded = true
            }
            if excluded { continue }
            var typos = 0, inName = 0, nameQ = 0, otherQ = 0, worst = 3, ok = true
            for (x, t) in q.terms.enumerated() {
                let (n, any) = levels(t, i, fuzzy: true, cache: &caches[x])
                if any == 0 { ok = false; break }
                if any == 1 { typos += 1 }
                if n > 0 { inName += 1; nameQ += n } else { otherQ += any }
                worst = min(worst, any)
            }
            guard ok else { continue }
            let kind: MatchKind = q.terms.isEmpty ? .filter : worst == 3 ? .exact : worst == 2 ? .prefix : .fuzzy
            hits.append(([typos, -inName, -nameQ, -otherQ, position[i]], Hit(index: i, kind: kind, nameMatches: inName)))
        }
        return hits.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map(\.hit)
    }
}

@Suite struct SearchEquivalenceTests {
    static let catalogue = Synthetic.catalogue(count: 5000, seed: 11, geography: SearchFixture.geography,
                                               taxonomy: SearchFixture.taxonomy)
    static let index = SearchIndex(catalogue)
    static let reference = ReferenceSearch(catalogue)

    /// Fixed queries plus queries sampled from the catalogue's own text: prefixes, typos, phrases,
    /// exclusions and filters.
    static func queries() -> [String] {
        var out = Synthetic.benchmarkQueries + [
            "community", "centre", "centr", "cent", "café crèche", "\"community centre\" -shaw", "zażółć", "świętego",
            "sylhet", "সিলেট", "کمیونٹی", "中心", "kind:place transfer:any", "anchor:no kind:anchor", "\"st mary\"",
            "day:sat day:sun sport", "-kind:activity -kind:group garden", "ward:werneth -cat:food club",
            "friends of", "\"friends of\"", "ol1", "£2", "free", "just turn up", "\"pay as you feel\" -monthly",
        ]
        var rng = Synthetic.RNG(seed: 99)
        let c = catalogue
        let wards = c.geography.wards.map(\.name)
        for _ in 0..<70 {
            let a = c.assets[rng.below(c.count)]
            let texts = [a.name, a.description, a.address]
            let toks = SearchText.tokenStrings(texts[rng.below(texts.count)])
            guard !toks.isEmpty else { continue }
            let j = rng.below(toks.count)
            var parts: [String] = []
            switch rng.below(5) {
            case 0:  // a prefix
                let t = toks[j]
                parts.append(String(t.prefix(1 + rng.below(t.count))))
            case 1:  // a typo
                var s = Array(toks[j].unicodeScalars)
                if s.count >= 5 {
                    let p = rng.below(s.count - 1)
                    switch rng.below(4) {
                    case 0: s.remove(at: p)
                    case 1: s.insert("x", at: p)
                    case 2: s[p] = "q"
                    default: s.swapAt(p, p + 1)
                    }
                }
                parts.append(String(String.UnicodeScalarView(s)))
            case 2:  // a phrase
                let k = min(toks.count - j, 2 + rng.below(2))
                var words = Array(toks[j..<(j + k)])
                if let last = words.last, last.count > 2 && rng.chance(0.5) { words[words.count - 1] = String(last.prefix(last.count - 1)) }
                parts.append("\"" + words.joined(separator: " ") + "\"")
            case 3:  // two words, upper-cased
                parts.append(toks[j].uppercased())
                parts.append(toks[rng.below(toks.count)])
            default:  // a word and an exclusion
                parts.append(toks[j])
                let other = SearchText.tokenStrings(c.assets[rng.below(c.count)].description)
                if let x = other.first { parts.append("-" + x) }
            }
            if rng.chance(0.3) {
                switch rng.below(4) {
                case 0: parts.append("ward:\"\(rng.pick(wards))\"")
                case 1: parts.append("kind:\(rng.pick(["group", "activity", "place", "anchor"]))")
                case 2: parts.append("cat:\(rng.pick(c.taxonomy.categories).id)")
                default: parts.append("day:\(rng.pick(Weekday.allCases).code)")
                }
            }
            out.append(parts.joined(separator: " "))
        }
        return out
    }

    @Test func indexEqualsBruteForceReference() throws {
        let c = SearchEquivalenceTests.catalogue, idx = SearchEquivalenceTests.index, ref = SearchEquivalenceTests.reference
        var nonEmpty = 0
        for text in SearchEquivalenceTests.queries() {
            let q = try SearchQuery.parse(text, in: c)
            let expected = ref.search(q)
            if !expected.isEmpty { nonEmpty += 1 }
            let got = idx.search(q).map { ReferenceSearch.Hit(index: $0.index, kind: $0.kind, nameMatches: $0.nameMatches) }
            #expect(got.map(\.index) == expected.map(\.index), "order for \(text)")
            #expect(got == expected, "hits for \(text)")
            // Both top-k strategies agree with the full order.
            for threshold in [0, Int.max] {
                let top = idx.results(q, limit: 10, tierThreshold: threshold)
                #expect(top.hits.map(\.index) == Array(expected.prefix(10)).map(\.index), "top 10 (\(threshold)) for \(text)")
                #expect(top.total == expected.count)
            }
            #expect(idx.matchingIndices(q) == expected.map(\.index).sorted())
        }
        #expect(nonEmpty > 60)
    }

    /// Matching once (`SearchMatches`) and then ranking, narrowing by clauses or counting gives
    /// what the query-taking calls give for the same query.
    @Test func matchesMadeOnceAgreeWithTheQueryCalls() throws {
        let c = SearchEquivalenceTests.catalogue, idx = SearchEquivalenceTests.index
        let clauseSets: [[FilterClause]] = [
            [],
            [FilterClause([.ward(c.geography.wards[0].code)])],
            [FilterClause([.cluster(c.geography.clusters[0].id), .cluster(c.geography.clusters[1].id)]),
             FilterClause([.kind(.group)], negated: true)],
            [FilterClause([.category(c.taxonomy.topLevel[0].id)]), FilterClause([.anchor(false)])],
        ]
        var rng = Synthetic.RNG(seed: 5)
        var narrowedNonEmpty = 0
        for text in SearchEquivalenceTests.queries() {
            let q = try SearchQuery.parse(text, in: c)
            let m = idx.matches(q)
            let all = idx.results(q)
            #expect(m.total == all.total, "total for \(text)")
            #expect(m.results().hits == all.hits, "hits for \(text)")
            #expect(m.results(limit: 7).hits == idx.results(q, limit: 7).hits, "top 7 for \(text)")
            #expect(m.hasText == q.hasText)
            let members = Set(all.hits.map(\.index))
            #expect(c.assets.indices.filter { m.contains($0) }.count == members.count)
            #expect(members.allSatisfy { m.contains($0) })
            #expect(!m.contains(-1) && !m.contains(c.count))
            // Any subset of the hits, shuffled, comes back in rank order.
            var some = all.hits.map(\.index).filter { _ in rng.below(3) == 0 }
            let expectedOrder = some
            for i in some.indices.reversed() where i > 0 { some.swapAt(i, rng.below(i + 1)) }
            #expect(m.inRankOrder(some) == expectedOrder, "rank order for \(text)")
            for clauses in clauseSets {
                let q2 = clauses.reduce(q) { $0.adding($1) }
                let n = m.narrowed(by: clauses)
                let expected = idx.results(q2)
                #expect(n.total == expected.total, "narrowed total for \(text) \(clauses)")
                #expect(n.results().hits == expected.hits, "narrowed hits for \(text) \(clauses)")
                if expected.total > 0 && !clauses.isEmpty { narrowedNonEmpty += 1 }
                for facet in [Facet.cluster, .ward, .category, .subcategory, .kind, .transfer] {
                    #expect(m.facetCounts(facet, narrowedBy: clauses) == idx.facetCounts(facet, for: q2), "\(facet) for \(text)")
                }
            }
        }
        #expect(narrowedNonEmpty > 50)
    }

    @Test func anchorAndTransferColumnsMatchTheCatalogue() throws {
        let c = SearchEquivalenceTests.catalogue, idx = SearchEquivalenceTests.index
        let anchors = idx.matchingIndices(SearchQuery(filters: [.anchor(true)]))
        #expect(anchors == c.assets.indices.filter { c.isAnchor(c.assets[$0]) })
        #expect(anchors.contains { c.assets[$0].kind == .place })
        for s in TransferState.allCases {
            let got = idx.matchingIndices(SearchQuery(filters: [.transfer(.state(s))]))
            #expect(got == c.assets.indices.filter { c.transferState(of: c.assets[$0].id) == s }, "\(s)")
        }
    }

    @Test func facetCountsEqualTheCatalogues() throws {
        let c = SearchEquivalenceTests.catalogue, idx = SearchEquivalenceTests.index
        for text in ["", "lunch", "cat:food -kind:group", "transfer:any"] {
            let q = try SearchQuery.parse(text, in: c)
            let subset = idx.matchingIndices(q)
            for facet in Facet.allCases {
                let mine = idx.facetCounts(facet, for: q), theirs = c.facetCounts(facet, over: subset)
                // The catalogue appends values outside its list (top-level ids under .subcategory) in hash order.
                let fixed = facet == .subcategory ? c.taxonomy.categories.filter { !$0.isTopLevel }.count : theirs.count
                #expect(Array(mine.prefix(fixed)) == Array(theirs.prefix(fixed)), "\(facet) for \(text)")
                #expect(Set(mine.map(\.key)) == Set(theirs.map(\.key)) && mine.count == theirs.count, "\(facet) for \(text)")
                #expect(Set(mine.map { "\($0.key)=\($0.count)" }) == Set(theirs.map { "\($0.key)=\($0.count)" }))
            }
        }
    }

    @Test func repeatedAndEmptyTermsAreDropped() throws {
        let q = try SearchQuery.parse("Lunch lunch £ \"lunch\" -club -CLUB", in: SearchEquivalenceTests.catalogue)
        #expect(q.terms.map(\.display) == ["Lunch", "\"lunch\""])
        #expect(q.excluded.map(\.text) == ["club"])
    }

    @Test func fuzzyRangesEqualAScanOfTheVocabulary() {
        let v = SearchEquivalenceTests.index.vocab
        let words = ["libary", "comunity", "centr", "gardn", "saddlewoth", "qxzvw", "ঢাকাা", "মহিলো", "friedns", "lunch"]
        for w in words {
            let wb = Array(w.utf8)
            let ranges = v.fuzzyRanges(wb)
            let got = Set(ranges.flatMap { Array($0) })
            let want = Set((0..<v.count).filter { ReferenceSearch.level(wb, Array(v.term($0)), fuzzy: true) == 1 })
            #expect(got == want, "\(w)")
        }
    }
}
