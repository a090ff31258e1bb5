import Foundation

/// How the query's words matched an asset: the weakest match among its words and phrases.
public enum MatchKind: String, Sendable, Hashable {
    /// No words: the asset passed the filters.
    case filter
    /// Every word matched a whole token.
    case exact
    /// Some word matched only the start of a token.
    case prefix
    /// Some word matched only with one typo.
    case fuzzy
}

/// One result.
public struct SearchHit: Hashable, Sendable {
    /// Index into `catalogue.assets` (as when the index was built).
    public var index: Int
    /// Higher is better; only the order is meaningful.
    public var score: Int
    public var kind: MatchKind
    /// How many of the query's words and phrases matched in the name.
    public var nameMatches: Int
}

/// Hits in rank order, and how many assets matched in all.
public struct SearchResults: Sendable {
    public var hits: [SearchHit]
    public var total: Int
}

extension SearchIndex {
    /// Ranked hits. Ranking: fewer words matched only by a typo, then more words matched in the
    /// name, then better name matches (exact token > prefix > typo), then better matches in the
    /// other fields, then name order (folded name, name, id). With no words, all assets passing
    /// the filters, in name order. `limit` keeps the best k without sorting everything.
    public func search(_ query: SearchQuery, limit: Int? = nil) -> [SearchHit] {
        results(query, limit: limit).hits
    }

    /// Parses `text` (see `SearchQuery`) and searches.
    public func search(_ text: String, limit: Int? = nil) throws(SearchQueryError) -> [SearchHit] {
        search(try SearchQuery.parse(text, geography: geography, taxonomy: taxonomy), limit: limit)
    }

    /// Hits and the total number of matches.
    public func results(_ query: SearchQuery, limit: Int? = nil) -> SearchResults {
        results(query, limit: limit, tierThreshold: 20_000)
    }

    /// `tierThreshold`: candidates above which one- and two-term queries rank by tiers (tests vary it).
    func results(_ query: SearchQuery, limit: Int?, tierThreshold: Int) -> SearchResults {
        let (cand, sets) = prepare(query)
        return ranked(cand, sets, total: cand.popcount(), limit: limit, tierThreshold: tierThreshold)
    }

    /// Ranks prepared matches (see `prepare`); `total` is `cand`'s popcount.
    func ranked(_ cand: Bits, _ sets: [TermSets], total: Int, limit: Int?, tierThreshold: Int = 20_000) -> SearchResults {
        let k = min(limit.map { max(0, $0) } ?? Int.max, total)
        if k == 0 { return SearchResults(hits: [], total: total) }
        if sets.isEmpty {
            let hits = collectInNameOrder(cand, count: total, need: k).map {
                SearchHit(index: $0, score: 0, kind: .filter, nameMatches: 0)
            }
            return SearchResults(hits: hits, total: total)
        }
        var ordered: [Int]
        if limit != nil && sets.count <= 2 && total > tierThreshold {
            ordered = tiered(cand, sets, k)
        } else {
            ordered = perCandidate(cand, sets, k, bounded: limit != nil)
        }
        if ordered.count > k { ordered.removeLast(ordered.count - k) }
        return SearchResults(hits: ordered.map { hit($0, sets) }, total: total)
    }

    /// Every matching asset index, ascending, unranked (for facet counts and the map).
    public func matchingIndices(_ query: SearchQuery) -> [Int] {
        let (cand, _) = prepare(query)
        var out: [Int] = []
        out.reserveCapacity(cand.popcount())
        cand.forEach { out.append($0) }
        return out
    }

    /// The number of matching assets.
    public func count(_ query: SearchQuery) -> Int { prepare(query).0.popcount() }

    // MARK: Matching

    /// The matching assets (all terms, filters and exclusions applied) and each term's match sets.
    func prepare(_ query: SearchQuery) -> (Bits, [TermSets]) {
        // Cheap parts first, so phrase checks only look at assets still in the running.
        let words = query.terms.filter { !$0.matchesAsPhrase }, phrases = query.terms.filter(\.matchesAsPhrase)
        var sets = words.map { materialize($0) }
        let cand = Bits(count)
        if let first = sets.first {
            cand.copy(first.p)
            if let f = first.f { cand.formUnion(f) }
            for s in sets.dropFirst() { cand.formIntersection(s.p, or: s.f) }
        } else {
            cand.setAll(count)
        }
        for clause in query.filters { cand.formIntersection(clauseBits(clause), or: nil) }
        for t in query.excluded where !t.matchesAsPhrase { cand.subtract(exclusionBits(t, within: cand)) }
        for t in phrases {
            let s = materialize(t, within: cand)
            cand.formIntersection(s.p, or: nil)
            sets.append(s)
        }
        for t in query.excluded where t.matchesAsPhrase { cand.subtract(exclusionBits(t, within: cand)) }
        return (cand, sets)
    }

    func clauseBits(_ clause: FilterClause) -> Bits {
        let b = Bits(count)
        for f in clause.anyOf {
            if case .anchor(false) = f {
                let a = Bits(count)
                values.or(values.anchorValue, into: a)
                a.invert(count)
                b.formUnion(a)
            } else {
                for v in values.values(for: f, geography: geography, taxonomy: taxonomy) { values.or(v, into: b) }
            }
        }
        if clause.negated { b.invert(count) }
        return b
    }

    /// Assets matching an excluded word (by prefix, no typos) or phrase.
    private func exclusionBits(_ t: SearchTerm, within: Bits) -> Bits {
        switch plan(t, fuzzy: false) {
        case .word(let w):
            let x = Bits(count)
            if let h = w.heavy {
                x.copy(heavy.entries[h].any)
            } else {
                x.mark(name, w.prefix)
                x.mark(other, w.prefix)
                for (v, l) in w.levels.enumerated() where l >= 2 { values.or(v, into: x) }
            }
            return x
        case .phrase:
            return materialize(t, within: within).p
        }
    }

    // MARK: Ranking

    /// Per term and asset: 0 name exact, 1 name prefix, 2 name typo (matched without typo
    /// elsewhere), 3 name typo only, 4 other exact, 5 other prefix, 6 typo only.
    private static let stateContribution: [(typo: Int, inName: Int, nameQ: Int, otherQ: Int)] = [
        (0, 1, 3, 0), (0, 1, 2, 0), (0, 1, 1, 0), (1, 1, 1, 0), (0, 0, 0, 3), (0, 0, 0, 2), (1, 0, 0, 1),
    ]

    @inline(__always)
    private func state(_ s: TermSets, _ a: Int) -> Int {
        if s.n.get(a) {
            if s.ne.get(a) { return 0 }
            if s.np.get(a) { return 1 }
            return s.p.get(a) ? 2 : 3
        }
        if s.p.get(a) { return s.e.get(a) ? 4 : 5 }
        return 6
    }

    /// An asset's full ranking key (smaller ranks first), as `perCandidate` and `tiered` order them.
    func rankKey(_ a: Int, _ sets: [TermSets]) -> UInt64 {
        var typos = 0, inName = 0, nameQ = 0, otherQ = 0
        for s in sets {
            let c = SearchIndex.stateContribution[state(s, a)]
            typos += c.typo
            inName += c.inName
            nameQ += c.nameQ
            otherQ += c.otherQ
        }
        return SearchIndex.key(typos, inName, nameQ, otherQ, rank[a])
    }

    /// Keys for every candidate; a bounded heap keeps the best k.
    private func perCandidate(_ cand: Bits, _ sets: [TermSets], _ k: Int, bounded: Bool) -> [Int] {
        var heap = KeyHeap(capacity: bounded ? k : Int.max)
        var all: [UInt64] = []
        rank.withUnsafeBufferPointer { rk in
            cand.forEach { a in
                var typos = 0, inName = 0, nameQ = 0, otherQ = 0
                for s in sets {
                    let c = SearchIndex.stateContribution[state(s, a)]
                    typos += c.typo
                    inName += c.inName
                    nameQ += c.nameQ
                    otherQ += c.otherQ
                }
                let key = SearchIndex.key(typos, inName, nameQ, otherQ, rk[a])
                if bounded { heap.offer(key) } else { all.append(key) }
            }
        }
        var keys = bounded ? heap.sortedKeys() : all
        if !bounded { keys.sort() }
        return keys.map { Int(byRank[Int($0 & 0xFFFF_FFFF)]) }
    }

    /// For one or two terms over many candidates: the candidates fall into a few tiers (each
    /// term matched exactly in the name, by prefix in the name, …). Tiers are built as bitsets
    /// in rank order, best first, and each is read in name order until k hits are found.
    private func tiered(_ cand: Bits, _ sets: [TermSets], _ k: Int) -> [Int] {
        let t = sets.count
        // Which states occur at all.
        var present = [[Bool]](repeating: [Bool](repeating: false, count: 7), count: t)
        var acc = [[UInt64]](repeating: [UInt64](repeating: 0, count: 7), count: t)
        for w in 0..<cand.words {
            let c = cand.p[w]
            if c == 0 { continue }
            for (i, s) in sets.enumerated() {
                for j in 0..<7 { acc[i][j] |= SearchIndex.stateMask(s, w, j) & c }
            }
        }
        for i in 0..<t { for j in 0..<7 { present[i][j] = acc[i][j] != 0 } }
        // Combinations of states grouped by key, best first.
        var combos: [(key: UInt64, states: [Int])] = []
        func walk(_ i: Int, _ states: [Int]) {
            if i == t {
                var typos = 0, inName = 0, nameQ = 0, otherQ = 0
                for st in states {
                    let c = SearchIndex.stateContribution[st]
                    typos += c.typo
                    inName += c.inName
                    nameQ += c.nameQ
                    otherQ += c.otherQ
                }
                combos.append((SearchIndex.key(typos, inName, nameQ, otherQ, 0), states))
                return
            }
            for j in 0..<7 where present[i][j] { walk(i + 1, states + [j]) }
        }
        walk(0, [])
        combos.sort { $0.key < $1.key }
        var out: [Int] = []
        let tier = Bits(count)
        var g = 0
        while g < combos.count && out.count < k {
            var h = g
            while h < combos.count && combos[h].key == combos[g].key { h += 1 }
            let group = combos[g..<h].map(\.states)
            g = h
            var n = 0
            for w in 0..<cand.words {
                let c = cand.p[w]
                var m: UInt64 = 0
                if c != 0 {
                    for states in group {
                        var x = c
                        for i in 0..<t { x &= SearchIndex.stateMask(sets[i], w, states[i]) }
                        m |= x
                    }
                }
                tier.p[w] = m
                n += m.nonzeroBitCount
            }
            if n > 0 { out += collectInNameOrder(tier, count: n, need: k - out.count) }
        }
        return out
    }

    /// The assets among word `w`'s 64 that are in state `st` for a term (see `state`).
    @inline(__always)
    private static func stateMask(_ s: TermSets, _ w: Int, _ st: Int) -> UInt64 {
        switch st {
        case 0: return s.ne.p[w]
        case 1: return s.np.p[w] & ~s.ne.p[w]
        case 2: return s.n.p[w] & ~s.np.p[w] & s.p.p[w]
        case 3: return s.n.p[w] & ~s.np.p[w] & ~s.p.p[w]
        case 4: return ~s.n.p[w] & s.e.p[w]
        case 5: return ~s.n.p[w] & s.p.p[w] & ~s.e.p[w]
        default: return ~s.n.p[w] & ~s.p.p[w]
        }
    }

    /// Up to `need` members of a bitset holding `count` assets, in name order.
    private func collectInNameOrder(_ b: Bits, count n: Int, need: Int) -> [Int] {
        if need <= 0 { return [] }
        if n > need && n * 64 >= count {
            // Dense: walk the name order.
            var out: [Int] = []
            out.reserveCapacity(need)
            byRank.withUnsafeBufferPointer { br in
                for r in 0..<count {
                    let a = Int(br[r])
                    if b.get(a) {
                        out.append(a)
                        if out.count == need { break }
                    }
                }
            }
            return out
        }
        var ranks: [UInt32] = []
        ranks.reserveCapacity(n)
        rank.withUnsafeBufferPointer { rk in b.forEach { ranks.append(rk[$0]) } }
        if n > need {
            var heap = KeyHeap(capacity: need)
            for r in ranks { heap.offer(UInt64(r)) }
            ranks = heap.sortedKeys().map { UInt32($0) }
        } else {
            ranks.sort()
        }
        return ranks.map { Int(byRank[Int($0)]) }
    }

    private func hit(_ a: Int, _ sets: [TermSets]) -> SearchHit {
        var typos = 0, inName = 0, nameQ = 0, otherQ = 0, worst = 3
        for s in sets {
            let st = state(s, a)
            let c = SearchIndex.stateContribution[st]
            typos += c.typo
            inName += c.inName
            nameQ += c.nameQ
            otherQ += c.otherQ
            let level = s.p.get(a) ? (s.e.get(a) ? 3 : 2) : 1
            worst = min(worst, level)
        }
        let kind: MatchKind = worst == 3 ? .exact : worst == 2 ? .prefix : .fuzzy
        let key = SearchIndex.key(typos, inName, nameQ, otherQ, 0)
        return SearchHit(index: a, score: SearchIndex.score(key), kind: kind, nameMatches: inName)
    }

    /// Smaller is better: typos ↑, words in name ↓, name quality ↓, other quality ↓, name order ↑.
    @inline(__always)
    static func key(_ typos: Int, _ inName: Int, _ nameQ: Int, _ otherQ: Int, _ rank: UInt32) -> UInt64 {
        UInt64(min(typos, 63)) << 58 | UInt64(63 - min(inName, 63)) << 52
            | UInt64(1023 - min(nameQ, 1023)) << 42 | UInt64(1023 - min(otherQ, 1023)) << 32 | UInt64(rank)
    }

    static func score(_ key: UInt64) -> Int {
        let typos = Int(key >> 58), inName = 63 - Int(key >> 52 & 63)
        let nameQ = 1023 - Int(key >> 42 & 1023), otherQ = 1023 - Int(key >> 32 & 1023)
        return (63 - typos) << 26 | inName << 20 | nameQ << 10 | otherQ
    }

    // MARK: Term plans

    struct WordPlan {
        var bytes: [UInt8]
        var exact: Int?
        var prefix: Range<Int>
        var fuzzy: [Range<Int>]
        /// Level per searchable reference value.
        var levels: [UInt8]
        var heavy: Int?
    }

    struct PhrasePlan {
        var tokens: [[UInt8]]
        /// Ids of all tokens but the last, which must match exactly; nil when one is not in the vocabulary.
        var ids: [Int]?
        var lastExact: Int?
        var lastRange: Range<Int>
        var levels: [UInt8]
    }

    enum Plan {
        case word(WordPlan)
        case phrase(PhrasePlan)
    }

    /// A term's matches. `ne ⊆ np ⊆ n`, `ne ⊆ e ⊆ p`, `np ⊆ p`.
    final class TermSets {
        /// Matched without a typo (level ≥ 2) anywhere.
        let p: Bits
        /// Matched a whole token (level 3) anywhere.
        let e: Bits
        /// Matched with a typo somewhere (may overlap `p`); nil when typos cannot match.
        let f: Bits?
        /// Matched in the name (with or without a typo), without a typo, exactly.
        let n: Bits
        let np: Bits
        let ne: Bits

        init(p: Bits, e: Bits, f: Bits?, n: Bits, np: Bits, ne: Bits) {
            self.p = p
            self.e = e
            self.f = f
            self.n = n
            self.np = np
            self.ne = ne
        }
    }

    func plan(_ term: SearchTerm, fuzzy allowFuzzy: Bool) -> Plan {
        let toks = term.tokens.map { Array($0.utf8) }
        if term.matchesAsPhrase {
            let last = toks[toks.count - 1]
            var ids: [Int]? = []
            for t in toks.dropLast() {
                if let id = vocab.find(t) { ids!.append(id) } else { ids = nil; break }
            }
            let range = vocab.prefixRange(last)
            let lastExact = range.first.flatMap { vocab.termLength($0) == last.count ? $0 : nil }
            let levels = values.levels { SearchIndex.phraseLevel(value: $0, phrase: toks) }
            return .phrase(PhrasePlan(tokens: toks, ids: ids, lastExact: lastExact, lastRange: range, levels: levels))
        }
        let w = toks[0]
        let fuzzy = allowFuzzy && TokenMatch.allowsTypo(w)
        let prefix = vocab.prefixRange(w)
        let exact = prefix.first.flatMap { vocab.termLength($0) == w.count ? $0 : nil }
        let fuzzyRanges = fuzzy ? vocab.fuzzyRanges(w) : []
        let levels = values.levels { value in
            var best: UInt8 = 0
            for t in value { best = max(best, TokenMatch.level(word: w, token: t, fuzzy: fuzzy)) }
            return best
        }
        return .word(WordPlan(bytes: w, exact: exact, prefix: prefix, fuzzy: fuzzyRanges, levels: levels,
                              heavy: fuzzy ? nil : heavy.byPrefix[w]))
    }

    /// 3: the value holds the phrase with its last word whole; 2: with the last word as a prefix.
    static func phraseLevel(value: [[UInt8]], phrase: [[UInt8]]) -> UInt8 {
        let k = phrase.count
        guard value.count >= k else { return 0 }
        var best: UInt8 = 0
        for i in 0...(value.count - k) {
            var ok = true
            for j in 0..<(k - 1) where value[i + j] != phrase[j] { ok = false; break }
            if !ok { continue }
            let t = value[i + k - 1], p = phrase[k - 1]
            if t == p { return 3 }
            if t.count > p.count && t.starts(with: p) { best = 2 }
        }
        return best
    }

    /// A term's match sets; `within` limits the (costly) phrase checks to those assets.
    private func materialize(_ term: SearchTerm, within: Bits? = nil) -> TermSets {
        switch plan(term, fuzzy: true) {
        case .word(let w):
            let p = Bits(count), e = Bits(count), np = Bits(count), ne = Bits(count)
            let exact = w.exact.map { $0..<($0 + 1) } ?? 0..<0
            if let h = w.heavy {
                let entry = heavy.entries[h]
                p.copy(entry.any)
                np.copy(entry.name)
                if let x = entry.nameExact { ne.copy(x) } else { ne.mark(name, exact) }
                if let x = entry.anyExact {
                    e.copy(x)
                } else {
                    e.copy(ne)
                    e.mark(other, exact)
                    for (v, l) in w.levels.enumerated() where l == 3 { values.or(v, into: e) }
                }
            } else {
                np.mark(name, w.prefix)
                ne.mark(name, exact)
                p.copy(np)
                p.mark(other, w.prefix)
                e.copy(ne)
                e.mark(other, exact)
                for (v, l) in w.levels.enumerated() where l >= 2 {
                    values.or(v, into: p)
                    if l == 3 { values.or(v, into: e) }
                }
            }
            var n = np
            var f: Bits? = nil
            if !w.fuzzy.isEmpty || w.levels.contains(1) {
                let fb = Bits(count)
                n = Bits(count)
                n.copy(np)
                for r in w.fuzzy {
                    fb.mark(name, r)
                    fb.mark(other, r)
                    n.mark(name, r)
                }
                for (v, l) in w.levels.enumerated() where l == 1 { values.or(v, into: fb) }
                f = fb
            }
            return TermSets(p: p, e: e, f: f, n: n, np: np, ne: ne)
        case .phrase(let ph):
            let p = Bits(count), e = Bits(count), np = Bits(count), ne = Bits(count)
            if let ids = ph.ids, !ph.lastRange.isEmpty {
                // Candidates: assets holding every token in one field; then check adjacency there.
                let parts: [Range<Int>] = ids.map { $0..<($0 + 1) } + [ph.lastRange]
                let cn = Bits(count), co = Bits(count), tmp = Bits(count)
                cn.mark(name, parts[0])
                co.mark(other, parts[0])
                for r in parts.dropFirst() {
                    tmp.clear()
                    tmp.mark(name, r)
                    cn.formIntersection(tmp, or: nil)
                    tmp.clear()
                    tmp.mark(other, r)
                    co.formIntersection(tmp, or: nil)
                }
                if let w = within {
                    cn.formIntersection(w, or: nil)
                    co.formIntersection(w, or: nil)
                }
                let c = Bits(count)
                c.copy(cn)
                c.formUnion(co)
                // The codes of all tokens but the last, as bytes: found with memchr + memcmp at code boundaries.
                var pattern: [UInt8] = []
                for id in ids { SearchIndex.appendCode(codeOf[id], to: &pattern) }
                let lastCode = ph.lastExact.map { codeOf[$0] } ?? UInt32.max
                name.forward.withUnsafeBufferPointer { nf in
                    other.forward.withUnsafeBufferPointer { of in
                        name.starts.withUnsafeBufferPointer { ns in
                            other.starts.withUnsafeBufferPointer { os in
                                idOfCode.withUnsafeBufferPointer { idc in
                                    pattern.withUnsafeBufferPointer { pat in
                                        // Batches of 16: touch each run first so the memory loads overlap.
                                        var batch = [Int](repeating: 0, count: 16)
                                        var filled = 0
                                        var touched: UInt8 = 0
                                        func verify(_ a: Int) {
                                            let nl = cn.get(a) ? SearchIndex.phraseLevel(nf, Int(ns[a]), Int(ns[a + 1]), pat, lastCode, ph.lastRange, idc) : 0
                                            var level = nl
                                            if nl < 3 && co.get(a) {
                                                level = max(level, SearchIndex.phraseLevel(of, Int(os[a]), Int(os[a + 1]), pat, lastCode, ph.lastRange, idc))
                                            }
                                            if nl > 0 { np.set(a) }
                                            if nl == 3 { ne.set(a) }
                                            if level >= 2 { p.set(a) }
                                            if level == 3 { e.set(a) }
                                        }
                                        func flush() {
                                            for j in 0..<filled {
                                                let a = batch[j]
                                                let o = Int(os[a]), o2 = Int(os[a + 1])
                                                if o < o2 { touched &+= of[o] &+ of[o2 - 1] }
                                            }
                                            for j in 0..<filled { verify(batch[j]) }
                                            filled = 0
                                        }
                                        c.forEach { a in
                                            batch[filled] = a
                                            filled += 1
                                            if filled == 16 { flush() }
                                        }
                                        flush()
                                        if touched == 0x5A { np.p[0] |= 0 }  // keeps the touches
                                    }
                                }
                            }
                        }
                    }
                }
            }
            for (v, l) in ph.levels.enumerated() where l >= 2 {
                values.or(v, into: p)
                if l == 3 { values.or(v, into: e) }
            }
            return TermSets(p: p, e: e, f: nil, n: np, np: np, ne: ne)
        }
    }

    static func appendCode(_ code: UInt32, to out: inout [UInt8]) {
        var c = code
        while c >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: c) | 0x80)
            c >>= 7
        }
        out.append(UInt8(c))
    }

    /// Best level of a phrase in one asset's encoded token run (fields separated by code 0):
    /// `pattern` holds the codes of all tokens but the last; the code after it must be
    /// `lastCode` (3) or a term in `lastRange` (2).
    @inline(__always)
    static func phraseLevel(_ fw: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, _ pattern: UnsafeBufferPointer<UInt8>,
                            _ lastCode: UInt32, _ lastRange: Range<Int>, _ idOfCode: UnsafeBufferPointer<UInt32>) -> Int {
        let base = fw.baseAddress!
        let plen = pattern.count
        var best = 0
        var i = from
        while i < to {
            var pos = i
            if plen > 0 {
                guard let hit = memchr(base + i, Int32(pattern[0]), to - i) else { return best }
                pos = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                i = pos + 1
                // A code starts where the previous byte ends a code.
                if pos > from && base[pos - 1] & 0x80 != 0 { continue }
                if pos + plen >= to || memcmp(base + pos, pattern.baseAddress!, plen) != 0 { continue }
            }
            // The code after the pattern.
            var k = pos + plen
            var c = UInt32(base[k] & 0x7F), shift: UInt32 = 7
            while base[k] & 0x80 != 0 {
                k += 1
                c |= UInt32(base[k] & 0x7F) << shift
                shift += 7
            }
            if plen == 0 { i = k + 1 }
            if c == 0 { continue }
            if c == lastCode { return 3 }
            if lastRange.contains(Int(idOfCode[Int(c)])) { best = 2 }
        }
        return best
    }

    // MARK: Heavy prefixes

    static func heavyPrefixes(vocab: Vocabulary, name: Stream, other: Stream, values: ValueBits, count n: Int) -> HeavyPrefixes {
        var out = HeavyPrefixes()
        guard n >= 4096 else { return out }
        let threshold = n / 2
        var found: [([UInt8], Range<Int>, Int)] = []
        // Prefixes of 1–3 scalars whose postings outnumber half the assets.
        for scalars in 1...3 {
            var i = 0
            while i < vocab.count {
                let t = Array(vocab.term(i))
                let b = SearchText.scalarBounds(t)
                if b.count - 1 < scalars { i += 1; continue }
                let p = Array(t[..<b[scalars]])
                let r = vocab.prefixRange(p, within: i..<vocab.count)
                let c = name.postingCount(r) + other.postingCount(r)
                if c >= threshold { found.append((p, r, c)) }
                i = max(r.upperBound, i + 1)
            }
        }
        found.sort { $0.2 > $1.2 }
        let words = (n + 63) >> 6
        for (p, r, _) in found.prefix(40) {
            let any = Bits(n), nm = Bits(n)
            nm.mark(name, r)
            any.copy(nm)
            any.mark(other, r)
            let levels = values.levels { value in
                var best: UInt8 = 0
                for t in value { best = max(best, TokenMatch.level(word: p, token: t, fuzzy: false)) }
                return best
            }
            for (v, l) in levels.enumerated() where l >= 2 { values.or(v, into: any) }
            var entry = HeavyPrefixes.Entry(any: any.array(words), name: nm.array(words))
            if let x = r.first, vocab.termLength(x) == p.count,
               name.postingCount(x..<(x + 1)) + other.postingCount(x..<(x + 1)) >= threshold {
                let ne = Bits(n), e = Bits(n)
                ne.mark(name, x..<(x + 1))
                e.copy(ne)
                e.mark(other, x..<(x + 1))
                for (v, l) in levels.enumerated() where l == 3 { values.or(v, into: e) }
                entry.nameExact = ne.array(words)
                entry.anyExact = e.array(words)
            }
            out.byPrefix[p] = out.entries.count
            out.entries.append(entry)
        }
        return out
    }
}

/// A fixed-size bitset over asset indices, for one query.
final class Bits {
    let words: Int
    let p: UnsafeMutablePointer<UInt64>

    init(_ n: Int) {
        words = max(1, (n + 63) >> 6)
        p = .allocate(capacity: words)
        p.initialize(repeating: 0, count: words)
    }

    deinit { p.deallocate() }

    @inline(__always) func set(_ i: Int) { p[i >> 6] |= 1 << UInt64(i & 63) }
    @inline(__always) func get(_ i: Int) -> Bool { p[i >> 6] >> UInt64(i & 63) & 1 != 0 }

    func clear() { p.update(repeating: 0, count: words) }

    func setAll(_ n: Int) {
        p.update(repeating: ~0, count: words)
        let extra = words * 64 - n
        if extra > 0 { p[words - 1] = ~0 >> UInt64(extra) }
        if n == 0 { p[0] = 0 }
    }

    func copy(_ o: Bits) { p.update(from: o.p, count: words) }
    func copy(_ a: [UInt64]) { a.withUnsafeBufferPointer { p.update(from: $0.baseAddress!, count: words) } }

    func formUnion(_ o: Bits) { for i in 0..<words { p[i] |= o.p[i] } }
    func formUnion(words a: [UInt64]) { a.withUnsafeBufferPointer { b in for i in 0..<words { p[i] |= b[i] } } }

    /// self &= (a | b)
    func formIntersection(_ a: Bits, or b: Bits?) {
        if let b {
            for i in 0..<words { p[i] &= a.p[i] | b.p[i] }
        } else {
            for i in 0..<words { p[i] &= a.p[i] }
        }
    }

    func subtract(_ o: Bits) { for i in 0..<words { p[i] &= ~o.p[i] } }

    /// Complements the first `n` bits (the rest stay clear).
    func invert(_ n: Int) {
        for i in 0..<words { p[i] = ~p[i] }
        let extra = words * 64 - n
        if extra > 0 { p[words - 1] &= ~0 >> UInt64(extra) }
        if n == 0 { p[0] = 0 }
    }

    func popcount() -> Int {
        var c = 0
        for i in 0..<words { c += p[i].nonzeroBitCount }
        return c
    }

    /// Sets the bits of every asset in the postings of a term range.
    func mark(_ s: SearchIndex.Stream, _ r: Range<Int>) {
        guard !r.isEmpty else { return }
        let from = Int(s.postStarts[r.lowerBound]), to = Int(s.postStarts[r.upperBound])
        guard from < to else { return }
        s.postings.withUnsafeBufferPointer { pb in
            for k in from..<to {
                let a = Int(pb[k])
                p[a >> 6] |= 1 << UInt64(a & 63)
            }
        }
    }

    @inline(__always)
    func forEach(_ body: (Int) -> Void) {
        for w in 0..<words {
            var x = p[w]
            while x != 0 {
                let b = x.trailingZeroBitCount
                body(w << 6 | b)
                x &= x &- 1
            }
        }
    }

    func array(_ n: Int) -> [UInt64] { Array(UnsafeBufferPointer(start: p, count: min(n, words))) }
}

/// A bounded max-heap of keys: keeps the k smallest.
struct KeyHeap {
    private var h: [UInt64] = []
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        if capacity != Int.max { h.reserveCapacity(min(capacity, 1 << 16)) }
    }

    var isFull: Bool { h.count >= capacity }
    var max: UInt64 { h[0] }

    mutating func offer(_ k: UInt64) {
        if h.count < capacity {
            h.append(k)
            var i = h.count - 1
            while i > 0 {
                let parent = (i - 1) >> 1
                if h[parent] >= h[i] { break }
                h.swapAt(parent, i)
                i = parent
            }
        } else if capacity > 0 && k < h[0] {
            h[0] = k
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < h.count && h[l] > h[m] { m = l }
                if r < h.count && h[r] > h[m] { m = r }
                if m == i { break }
                h.swapAt(m, i)
                i = m
            }
        }
    }

    func sortedKeys() -> [UInt64] { h.sorted() }
}
