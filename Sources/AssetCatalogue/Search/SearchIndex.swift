import Foundation

/// An in-memory search index over a catalogue's assets.
///
/// - A sorted vocabulary of folded tokens; a query word becomes a binary-searched range of terms
///   (every term it is a prefix of), plus, for words of 5+ characters, the ranges of terms one
///   edit away (found over the vocabulary, never over the records).
/// - Postings (sorted `[UInt32]` asset indices) per term, kept apart for the name and for the
///   asset's other own text (description, postcode, address, audience, cost, how to join).
/// - A forward index (each asset's token ids in order) for phrases and for ranking by name.
/// - Compact per-asset columns (kind, ward, cluster, district, category bitset, day mask,
///   transfer state, anchor flag, owner, facilities): filters cost no string work, and the
///   names of categories, ward, cluster, district, days, owner and facilities are searched by
///   matching the query against those few names once and then reading the columns.
/// - A precomputed name order, so ties and filter-only results need no string comparison.
///
/// Immutable once built, so one index can serve searches from any thread.
public final class SearchIndex: Sendable {
    /// Number of assets indexed; hit indices refer to `catalogue.assets` at build time.
    public let count: Int
    let vocab: Vocabulary
    let name: Stream
    let other: Stream
    /// One bitset per reference value (ward, cluster, district, category, day, owner, facility,
    /// kind, transfer state, anchor): the filter columns, bit-sliced.
    let values: ValueBits
    /// Asset → position in name order, and the inverse.
    let rank: [UInt32]
    let byRank: [UInt32]
    let heavy: HeavyPrefixes
    public let geography: Geography
    public let taxonomy: Taxonomy

    /// Time taken by each build step, in seconds (for benchmarks).
    public let buildTimings: [(step: String, seconds: Double)]

    /// One text stream of every asset: token ids in order, and postings per term.
    struct Stream: Sendable {
        /// Token ids of asset i: `tokens[starts[i]..<starts[i+1]]`; `UInt32.max` separates fields.
        let tokens: [UInt32]
        let starts: [UInt32]
        /// Assets holding term t: `postings[postStarts[t]..<postStarts[t+1]]`, ascending, unique.
        let postings: [UInt32]
        let postStarts: [UInt32]

        @inline(__always) func postingCount(_ r: Range<Int>) -> Int {
            r.isEmpty ? 0 : Int(postStarts[r.upperBound] - postStarts[r.lowerBound])
        }

        var bytes: Int { (tokens.count + starts.count + postings.count + postStarts.count) * 4 }
    }

    /// Ready-made match bitsets for very common short prefixes (`s`, `co`, `the`), whose
    /// postings would otherwise cost the most per query.
    struct HeavyPrefixes: Sendable {
        struct Entry: Sendable {
            /// Prefix anywhere (attributes included), prefix in the name, exact anywhere, exact in the name.
            var any: [UInt64]
            var name: [UInt64]
            var anyExact: [UInt64]?
            var nameExact: [UInt64]?
        }
        var byPrefix: [[UInt8]: Int] = [:]
        var entries: [Entry] = []
        var bytes: Int {
            entries.reduce(0) { $0 + ($1.any.count + $1.name.count + ($1.anyExact?.count ?? 0) + ($1.nameExact?.count ?? 0)) * 8 }
        }
    }

    /// Bytes held by the index's arrays (excluding the catalogue itself).
    public var memoryBytes: Int {
        vocab.bytes.count + vocab.starts.count * 4 + name.bytes + other.bytes
            + values.storage.count * 8 + (rank.count + byRank.count) * 4 + heavy.bytes
    }

    /// Distinct folded tokens in the vocabulary.
    public var vocabularySize: Int { vocab.count }

    /// Total token occurrences (name + other text) in the forward index.
    public var tokenCount: Int { name.tokens.count + other.tokens.count }

    /// Builds the index. Linear in the catalogue's text.
    public init(_ catalogue: Catalogue) {
        var timings: [(String, Double)] = []
        var clock = Date()
        func lap(_ step: String) {
            let now = Date()
            timings.append((step, now.timeIntervalSince(clock)))
            clock = now
        }
        let assets = catalogue.assets
        let n = assets.count
        count = n
        geography = catalogue.geography
        taxonomy = catalogue.taxonomy

        // 1. Tokenize own text into provisional ids.
        var sink = Sink(table: TermTable(capacity: max(1024, n / 4)))
        sink.nameTokens.reserveCapacity(n * 6)
        sink.otherTokens.reserveCapacity(n * 40)
        sink.keys.reserveCapacity(n * 32)
        var nameStarts = [UInt32](repeating: 0, count: n + 1)
        var otherStarts = [UInt32](repeating: 0, count: n + 1)
        var keyStarts = [UInt32](repeating: 0, count: n + 1)
        var tokenizer = FastTokenizer()
        assets.withUnsafeBufferPointer { ab in
            for i in 0..<n {
                sink.mode = .name
                sink.keyStarted = false
                tokenizer.tokenize(ab[i].name, into: &sink)
                nameStarts[i + 1] = UInt32(sink.nameTokens.count)
                keyStarts[i + 1] = UInt32(sink.keys.count)
                sink.mode = .other
                sink.field(ab[i].description, &tokenizer)
                sink.field(ab[i].postcode, &tokenizer)
                sink.field(ab[i].address, &tokenizer)
                sink.field(ab[i].audience.who, &tokenizer)
                sink.field(ab[i].cost, &tokenizer)
                sink.field(ab[i].howToJoin, &tokenizer)
                if sink.otherTokens.count > Int(otherStarts[i]) && sink.otherTokens.last == UInt32.max {
                    sink.otherTokens.removeLast()
                }
                otherStarts[i + 1] = UInt32(sink.otherTokens.count)
            }
        }
        lap("tokenize")

        // 2. Sort the vocabulary; renumber; build postings.
        let (vocab, remap) = Vocabulary.sorted(from: sink.table)
        self.vocab = vocab
        lap("sort vocabulary")
        var nameTokens = sink.nameTokens
        var otherTokens = sink.otherTokens
        let keys = sink.keys
        sink = Sink(table: TermTable(capacity: 16))
        name = SearchIndex.stream(&nameTokens, nameStarts, remap: remap, terms: vocab.count)
        other = SearchIndex.stream(&otherTokens, otherStarts, remap: remap, terms: vocab.count)
        lap("postings")

        // 3. Value bitsets (filters and attribute text).
        values = ValueBits(catalogue)
        lap("value bitsets")

        // 4. Name order: folded name, then name, then id.
        let order = SearchIndex.nameOrder(assets, keys, keyStarts)
        var rank = [UInt32](repeating: 0, count: n)
        for (r, i) in order.enumerated() { rank[Int(i)] = UInt32(r) }
        self.rank = rank
        byRank = order
        lap("name order")

        // 5. Heavy prefixes.
        heavy = SearchIndex.heavyPrefixes(vocab: vocab, name: name, other: other, values: values, count: n)
        lap("heavy prefixes")
        buildTimings = timings
    }

    private static func nameOrder(_ assets: [Asset], _ keys: [UInt8], _ keyStarts: [UInt32]) -> [UInt32] {
        let n = assets.count
        // Sort by the first 16 folded bytes (big-endian words), then break ties fully.
        struct Item { var hi: UInt64; var lo: UInt64; var index: UInt32 }
        var items = [Item](repeating: Item(hi: 0, lo: 0, index: 0), count: n)
        keys.withUnsafeBufferPointer { kb in
            for i in 0..<n {
                let a = Int(keyStarts[i]), b = Int(keyStarts[i + 1])
                var hi: UInt64 = 0, lo: UInt64 = 0
                for j in 0..<16 {
                    let byte: UInt64 = a + j < b ? UInt64(kb[a + j]) + 1 : 0
                    if j < 8 { hi = hi << 8 | byte } else { lo = lo << 8 | byte }
                }
                items[i] = Item(hi: hi, lo: lo, index: UInt32(i))
            }
        }
        // The byte +1 above keeps "ab" < "ab " < "aba"; values above 255 cannot occur, so shift by 9 bits is not needed:
        // 0 marks the end, 1...256 would overflow 8 bits for 0xFF — folded UTF-8 never holds 0xFF.
        keys.withUnsafeBufferPointer { kb in
            let base = kb.baseAddress
            items.sort { x, y in
                if x.hi != y.hi { return x.hi < y.hi }
                if x.lo != y.lo { return x.lo < y.lo }
                let i = Int(x.index), j = Int(y.index)
                let a0 = Int(keyStarts[i]), a1 = Int(keyStarts[i + 1])
                let b0 = Int(keyStarts[j]), b1 = Int(keyStarts[j + 1])
                let la = a1 - a0, lb = b1 - b0
                let m = min(la, lb)
                let c = m == 0 ? 0 : memcmp(base! + a0, base! + b0, m)
                if c != 0 { return c < 0 }
                if la != lb { return la < lb }
                let ax = assets[i], ay = assets[j]
                if ax.name != ay.name { return ax.name.utf8.lexicographicallyPrecedes(ay.name.utf8) }
                if ax.id != ay.id { return ax.id.utf8.lexicographicallyPrecedes(ay.id.utf8) }
                return i < j
            }
        }
        return items.map(\.index)
    }

    // MARK: Build helpers

    private struct Sink: TokenSink {
        enum Mode { case name, other }
        var table: TermTable
        var mode: Mode = .name
        var nameTokens: [UInt32] = []
        var otherTokens: [UInt32] = []
        var keys: [UInt8] = []
        var keyStarted = false

        mutating func token(_ bytes: UnsafeBufferPointer<UInt8>) {
            let id = table.intern(bytes)
            switch mode {
            case .name:
                nameTokens.append(id)
                if keyStarted { keys.append(0x20) }
                keys.append(contentsOf: bytes)
                keyStarted = true
            case .other:
                otherTokens.append(id)
            }
        }

        mutating func field(_ s: String, _ t: inout FastTokenizer) {
            if s.isEmpty { return }
            let before = otherTokens.count
            t.tokenize(s, into: &self)
            if otherTokens.count > before { otherTokens.append(UInt32.max) }
        }
    }

    private static func stream(_ tokens: inout [UInt32], _ starts: [UInt32], remap: [UInt32], terms: Int) -> Stream {
        let n = starts.count - 1
        var postStarts = [UInt32](repeating: 0, count: terms + 1)
        var last = [UInt32](repeating: UInt32.max, count: terms)
        tokens.withUnsafeMutableBufferPointer { tb in
            remap.withUnsafeBufferPointer { rm in
                starts.withUnsafeBufferPointer { st in
                    last.withUnsafeMutableBufferPointer { ls in
                        postStarts.withUnsafeMutableBufferPointer { counts in
                            for a in 0..<n {
                                let a32 = UInt32(a)
                                for k in Int(st[a])..<Int(st[a + 1]) {
                                    let t = tb[k]
                                    if t == UInt32.max { continue }
                                    let nt = Int(rm[Int(t)])
                                    tb[k] = UInt32(nt)
                                    if ls[nt] != a32 {
                                        ls[nt] = a32
                                        counts[nt + 1] += 1
                                    }
                                }
                            }
                            for t in 0..<terms { counts[t + 1] += counts[t] }
                        }
                    }
                }
            }
        }
        let total = Int(postStarts[terms])
        var postings = [UInt32](repeating: 0, count: total)
        var fill = postStarts
        tokens.withUnsafeBufferPointer { tb in
            starts.withUnsafeBufferPointer { st in
                last.withUnsafeMutableBufferPointer { ls in
                    for i in 0..<terms { ls[i] = UInt32.max }
                    fill.withUnsafeMutableBufferPointer { fl in
                        postings.withUnsafeMutableBufferPointer { pb in
                            for a in 0..<n {
                                let a32 = UInt32(a)
                                for k in Int(st[a])..<Int(st[a + 1]) {
                                    let t = Int(tb[k])
                                    if tb[k] == UInt32.max { continue }
                                    if ls[t] != a32 {
                                        ls[t] = a32
                                        pb[Int(fl[t])] = a32
                                        fl[t] += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Stream(tokens: tokens, starts: starts, postings: postings, postStarts: postStarts)
    }
}
