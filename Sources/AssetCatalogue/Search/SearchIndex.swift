import Dispatch
import Foundation

/// An in-memory search index over a catalogue's assets.
///
/// - A sorted vocabulary of folded tokens; a query word becomes a binary-searched range of terms
///   (every term it is a prefix of), plus, for words of 5+ characters, the ranges of terms one
///   edit away (found over the vocabulary, never over the records).
/// - Postings (sorted `[UInt32]` asset indices) per term, kept apart for the name and for the
///   asset's other own text (description, postcode, address, audience, cost, how to join).
/// - A compact forward index (each asset's tokens in order, as variable-length codes ranked by
///   frequency) to check phrases.
/// - The filter columns as one bitset per reference value (`ValueBits`): filters cost no string
///   work, and the names of categories, ward, cluster, district, days, owner and facilities are
///   searched by matching the query against those few names once.
/// - A precomputed name order, so ties and filter-only results need no string comparison.
///
/// Immutable once built, so one index can serve searches from any thread. The build uses up to
/// two threads.
public final class SearchIndex: Sendable {
    /// Number of assets indexed; hit indices refer to `catalogue.assets` at build time.
    public let count: Int
    let vocab: Vocabulary
    let name: Stream
    let other: Stream
    /// Term id → forward-index code (1-based, most frequent first; 0 separates fields), and back.
    let codeOf: Flat<UInt32>
    let idOfCode: Flat<UInt32>
    let values: ValueBits
    /// Asset → position in name order, and the inverse.
    let rank: Flat<UInt32>
    let byRank: Flat<UInt32>
    let heavy: HeavyPrefixes
    public let geography: Geography
    public let taxonomy: Taxonomy

    /// Time taken by each build step, in seconds (for benchmarks).
    public let buildTimings: [(step: String, seconds: Double)]

    /// One text stream of every asset: postings per term, and the tokens in order.
    struct Stream: Sendable {
        /// Assets holding term t: `postings[postStarts[t]..<postStarts[t+1]]`, ascending, unique.
        let postings: Flat<UInt32>
        let postStarts: Flat<UInt32>
        /// Asset i's token codes (LEB128) in `forward[starts[i]..<starts[i+1]]`; code 0 separates fields.
        let forward: Flat<UInt8>
        let starts: Flat<UInt32>
        /// Token occurrences.
        let tokenCount: Int

        @inline(__always) func postingCount(_ r: Range<Int>) -> Int {
            r.isEmpty ? 0 : Int(postStarts[r.upperBound] - postStarts[r.lowerBound])
        }

        var bytes: Int { (postings.count + postStarts.count + starts.count) * 4 + forward.count }
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
        vocab.bytes.count + vocab.starts.count * 4 + name.bytes + other.bytes + (codeOf.count + idOfCode.count) * 4
            + values.storage.count * 8 + (rank.count + byRank.count) * 4 + heavy.bytes
    }

    /// `memoryBytes` by part, for benchmarks.
    public var memoryBreakdown: [(part: String, bytes: Int)] {
        [("vocabulary", vocab.bytes.count + vocab.starts.count * 4),
         ("name postings", (name.postings.count + name.postStarts.count) * 4),
         ("other postings", (other.postings.count + other.postStarts.count) * 4),
         ("forward index", name.forward.count + other.forward.count + (name.starts.count + other.starts.count) * 4
            + (codeOf.count + idOfCode.count) * 4),
         ("value bitsets", values.storage.count * 8),
         ("name order", (rank.count + byRank.count) * 4),
         ("heavy prefixes", heavy.bytes)]
    }

    /// Distinct folded tokens in the vocabulary.
    public var vocabularySize: Int { vocab.count }

    /// Token occurrences (name and other text).
    public var tokenCount: Int { name.tokenCount + other.tokenCount }

    /// An index from its parts (read back from an index file).
    init(count: Int, vocab: Vocabulary, name: Stream, other: Stream, codeOf: Flat<UInt32>, idOfCode: Flat<UInt32>, values: ValueBits,
         rank: Flat<UInt32>, byRank: Flat<UInt32>, heavy: HeavyPrefixes, geography: Geography, taxonomy: Taxonomy,
         buildTimings: [(step: String, seconds: Double)]) {
        self.count = count
        self.vocab = vocab
        self.name = name
        self.other = other
        self.codeOf = codeOf
        self.idOfCode = idOfCode
        self.values = values
        self.rank = rank
        self.byRank = byRank
        self.heavy = heavy
        self.geography = geography
        self.taxonomy = taxonomy
        self.buildTimings = buildTimings
    }

    /// Builds the index; linear in the catalogue's text.
    public init(_ catalogue: Catalogue) {
        var timings: [(String, Double)] = []
        var clock = Date()
        func lap(_ step: String) {
            let now = Date()
            timings.append((step, now.timeIntervalSince(clock)))
            clock = now
        }
        let assets = catalogue.wholeAssets
        let n = assets.count
        count = n
        geography = catalogue.geography
        taxonomy = catalogue.taxonomy

        // 1. Tokenize own text into provisional ids, in parallel chunks; merge the chunks.
        let chunkCount = n >= 20_000 ? min(2, max(1, ProcessInfo.processInfo.activeProcessorCount)) : 1
        let chunks = SearchIndex.parallelMap(chunkCount) { c in
            SearchIndex.tokenize(assets, (n * c / chunkCount)..<(n * (c + 1) / chunkCount))
        }
        var merged = SearchIndex.merge(chunks, count: n)
        lap("tokenize")

        // 2. Sort the vocabulary.
        let (vocab, remap) = Vocabulary.sorted(from: merged.table)
        self.vocab = vocab
        merged.table = TermTable(capacity: 16)
        lap("sort vocabulary")

        // 3. Postings for the two streams; value bitsets and name order alongside.
        let terms = vocab.count
        let nameRaw = SharedBox(merged.nameTokens), otherRaw = SharedBox(merged.otherTokens)
        let nameStarts = merged.nameStarts, otherStarts = merged.otherStarts
        let keys = merged.keys, keyStarts = merged.keyStarts
        merged = Chunk()
        let otherBox = ResultBox<([UInt32], [UInt32])>()
        let nameBox = ResultBox<([UInt32], [UInt32])>()
        let valuesBox = ResultBox<ValueBits>()
        let orderBox = ResultBox<[UInt32]>()
        SearchIndex.parallel({
            otherBox.value = SearchIndex.postings(&otherRaw.value, otherStarts, remap: remap, terms: terms)
        }, {
            nameBox.value = SearchIndex.postings(&nameRaw.value, nameStarts, remap: remap, terms: terms)
            valuesBox.value = ValueBits(catalogue)
            orderBox.value = SearchIndex.nameOrder(assets, keys, keyStarts)
        })
        let (namePostings, namePostStarts) = nameBox.value!
        let (otherPostings, otherPostStarts) = otherBox.value!
        values = valuesBox.value!
        let order = orderBox.value!
        var rank = [UInt32](repeating: 0, count: n)
        for (r, i) in order.enumerated() { rank[Int(i)] = UInt32(r) }
        self.rank = Flat(rank)
        byRank = Flat(order)
        lap("postings, value bitsets, name order")

        // 4. Forward index codes: most frequent terms get the shortest codes.
        var freq = [(UInt32, UInt32)](repeating: (0, 0), count: terms)
        for t in 0..<terms {
            freq[t] = (namePostStarts[t + 1] - namePostStarts[t] + otherPostStarts[t + 1] - otherPostStarts[t], UInt32(t))
        }
        freq.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
        var codeOf = [UInt32](repeating: 0, count: terms)
        var idOfCode = [UInt32](repeating: UInt32.max, count: terms + 1)
        for (r, f) in freq.enumerated() {
            codeOf[Int(f.1)] = UInt32(r + 1)
            idOfCode[r + 1] = f.1
        }
        self.codeOf = Flat(codeOf)
        self.idOfCode = Flat(idOfCode)
        let codes = codeOf
        let otherFwd = ResultBox<([UInt8], [UInt32], Int)>()
        let nameFwd = ResultBox<([UInt8], [UInt32], Int)>()
        SearchIndex.parallel({
            otherFwd.value = SearchIndex.encode(otherRaw.value, otherStarts, codes)
            otherRaw.value = []
        }, {
            nameFwd.value = SearchIndex.encode(nameRaw.value, nameStarts, codes)
            nameRaw.value = []
        })
        name = Stream(postings: Flat(namePostings), postStarts: Flat(namePostStarts), forward: Flat(nameFwd.value!.0),
                      starts: Flat(nameFwd.value!.1), tokenCount: Int(nameStarts[n]))
        other = Stream(postings: Flat(otherPostings), postStarts: Flat(otherPostStarts), forward: Flat(otherFwd.value!.0),
                       starts: Flat(otherFwd.value!.1), tokenCount: Int(otherStarts[n]))
        lap("forward index")

        // 5. Heavy prefixes.
        heavy = SearchIndex.heavyPrefixes(vocab: vocab, name: name, other: other, values: values, count: n)
        lap("heavy prefixes")
        buildTimings = timings
    }

    // MARK: Build steps

    /// Token ids (chunk-local until merged), per-asset starts, and the folded name keys.
    struct Chunk {
        var table = TermTable(capacity: 16)
        var nameTokens: [UInt32] = []
        var otherTokens: [UInt32] = []
        var keys: [UInt8] = []
        /// `count + 1` entries each.
        var nameStarts: [UInt32] = [0]
        var otherStarts: [UInt32] = [0]
        var keyStarts: [UInt32] = [0]
    }

    private struct Sink: TokenSink {
        var chunk: Chunk
        var inName = true
        var keyStarted = false

        mutating func token(_ bytes: UnsafeBufferPointer<UInt8>) {
            let id = chunk.table.intern(bytes)
            if inName {
                chunk.nameTokens.append(id)
                if keyStarted { chunk.keys.append(0x20) }
                chunk.keys.append(contentsOf: bytes)
                keyStarted = true
            } else {
                chunk.otherTokens.append(id)
            }
        }

        mutating func field(_ s: String, _ t: inout FastTokenizer) {
            if s.isEmpty { return }
            let before = chunk.otherTokens.count
            t.tokenize(s, into: &self)
            if chunk.otherTokens.count > before { chunk.otherTokens.append(UInt32.max) }
        }
    }

    private static func tokenize(_ assets: [Asset], _ range: Range<Int>) -> Chunk {
        let m = range.count
        var sink = Sink(chunk: Chunk(table: TermTable(capacity: max(1024, m / 4))))
        sink.chunk.nameTokens.reserveCapacity(m * 6)
        sink.chunk.otherTokens.reserveCapacity(m * 40)
        sink.chunk.keys.reserveCapacity(m * 32)
        sink.chunk.nameStarts.reserveCapacity(m + 1)
        sink.chunk.otherStarts.reserveCapacity(m + 1)
        sink.chunk.keyStarts.reserveCapacity(m + 1)
        var tokenizer = FastTokenizer()
        assets.withUnsafeBufferPointer { ab in
            for i in range {
                sink.inName = true
                sink.keyStarted = false
                tokenizer.tokenize(ab[i].name, into: &sink)
                sink.chunk.nameStarts.append(UInt32(sink.chunk.nameTokens.count))
                sink.chunk.keyStarts.append(UInt32(sink.chunk.keys.count))
                sink.inName = false
                let before = sink.chunk.otherTokens.count
                sink.field(ab[i].description, &tokenizer)
                sink.field(ab[i].postcode, &tokenizer)
                sink.field(ab[i].address, &tokenizer)
                sink.field(ab[i].audience.who, &tokenizer)
                sink.field(ab[i].cost, &tokenizer)
                sink.field(ab[i].howToJoin, &tokenizer)
                if sink.chunk.otherTokens.count > before && sink.chunk.otherTokens.last == UInt32.max {
                    sink.chunk.otherTokens.removeLast()
                }
                sink.chunk.otherStarts.append(UInt32(sink.chunk.otherTokens.count))
            }
        }
        return sink.chunk
    }

    /// Joins chunks: the first chunk's table becomes the global one; the others' ids are mapped.
    private static func merge(_ chunks: [Chunk], count n: Int) -> Chunk {
        if chunks.count == 1 { return chunks[0] }
        var out = chunks[0]
        out.nameStarts.reserveCapacity(n + 1)
        out.otherStarts.reserveCapacity(n + 1)
        out.keyStarts.reserveCapacity(n + 1)
        for c in chunks.dropFirst() {
            var map = [UInt32](repeating: 0, count: c.table.count)
            c.table.arena.withUnsafeBufferPointer { ar in
                for id in 0..<c.table.count {
                    let a = Int(c.table.starts[id]), b = Int(c.table.starts[id + 1])
                    map[id] = out.table.intern(UnsafeBufferPointer(rebasing: ar[a..<b]))
                }
            }
            let nameBase = UInt32(out.nameTokens.count), otherBase = UInt32(out.otherTokens.count)
            let keyBase = UInt32(out.keys.count)
            out.nameTokens.reserveCapacity(out.nameTokens.count + c.nameTokens.count)
            for t in c.nameTokens { out.nameTokens.append(map[Int(t)]) }
            out.otherTokens.reserveCapacity(out.otherTokens.count + c.otherTokens.count)
            for t in c.otherTokens { out.otherTokens.append(t == UInt32.max ? t : map[Int(t)]) }
            out.keys += c.keys
            for s in c.nameStarts.dropFirst() { out.nameStarts.append(nameBase + s) }
            for s in c.otherStarts.dropFirst() { out.otherStarts.append(otherBase + s) }
            for s in c.keyStarts.dropFirst() { out.keyStarts.append(keyBase + s) }
        }
        return out
    }

    /// Renumbers a stream's tokens to sorted ids (in place) and builds its postings.
    private static func postings(_ tokens: inout [UInt32], _ starts: [UInt32], remap: [UInt32],
                                 terms: Int) -> ([UInt32], [UInt32]) {
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
        var postings = [UInt32](repeating: 0, count: Int(postStarts[terms]))
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
                                    let raw = tb[k]
                                    if raw == UInt32.max { continue }
                                    let t = Int(raw)
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
        return (postings, postStarts)
    }

    /// LEB128 codes of a stream's (sorted-id) tokens; also the longest run.
    private static func encode(_ tokens: [UInt32], _ starts: [UInt32], _ codeOf: [UInt32]) -> ([UInt8], [UInt32], Int) {
        let n = starts.count - 1
        var out: [UInt8] = []
        out.reserveCapacity(tokens.count * 2)
        var offs = [UInt32](repeating: 0, count: n + 1)
        var longest = 0
        tokens.withUnsafeBufferPointer { tb in
            codeOf.withUnsafeBufferPointer { cb in
                for a in 0..<n {
                    let from = Int(starts[a]), to = Int(starts[a + 1])
                    longest = max(longest, to - from)
                    for k in from..<to {
                        var c = tb[k] == UInt32.max ? 0 : cb[Int(tb[k])]
                        while c >= 0x80 {
                            out.append(UInt8(truncatingIfNeeded: c) | 0x80)
                            c >>= 7
                        }
                        out.append(UInt8(c))
                    }
                    offs[a + 1] = UInt32(out.count)
                }
            }
        }
        return (out, offs, longest)
    }

    /// Name order: folded name, then name bytes, then id bytes.
    private static func nameOrder(_ assets: [Asset], _ keys: [UInt8], _ keyStarts: [UInt32]) -> [UInt32] {
        let n = assets.count
        // Sort by the first 16 folded bytes (end of key sorts first), then by the whole key.
        struct Item { var hi: UInt64; var lo: UInt64; var index: UInt32 }
        var items = [Item](repeating: Item(hi: 0, lo: 0, index: 0), count: n)
        keys.withUnsafeBufferPointer { kb in
            for i in 0..<n {
                let a = Int(keyStarts[i]), b = Int(keyStarts[i + 1])
                var hi: UInt64 = 0, lo: UInt64 = 0
                for j in 0..<8 { hi = hi << 8 | (a + j < b ? UInt64(kb[a + j]) : 0) }
                for j in 8..<16 { lo = lo << 8 | (a + j < b ? UInt64(kb[a + j]) : 0) }
                items[i] = Item(hi: hi, lo: lo, index: UInt32(i))
            }
        }
        // Keys never hold a 0 byte, so 0 padding sorts a shorter key first.
        keys.withUnsafeBufferPointer { kb in
            keyStarts.withUnsafeBufferPointer { ks in
                let base = kb.baseAddress
                items.sort { x, y in
                    if x.hi != y.hi { return x.hi < y.hi }
                    if x.lo != y.lo { return x.lo < y.lo }
                    let a0 = Int(ks[Int(x.index)]) + 16, a1 = Int(ks[Int(x.index) + 1])
                    let b0 = Int(ks[Int(y.index)]) + 16, b1 = Int(ks[Int(y.index) + 1])
                    let la = max(0, a1 - a0), lb = max(0, b1 - b0)
                    let m = min(la, lb)
                    let c = m == 0 ? 0 : memcmp(base! + a0, base! + b0, m)
                    if c != 0 { return c < 0 }
                    if la != lb { return la < lb }
                    return x.index < y.index
                }
            }
        }
        // Equal folded names: by name, then id.
        var order = items.map(\.index)
        keys.withUnsafeBufferPointer { kb in
            assets.withUnsafeBufferPointer { ab in
                func same(_ x: UInt32, _ y: UInt32) -> Bool {
                    let a0 = Int(keyStarts[Int(x)]), a1 = Int(keyStarts[Int(x) + 1])
                    let b0 = Int(keyStarts[Int(y)]), b1 = Int(keyStarts[Int(y) + 1])
                    return a1 - a0 == b1 - b0 && (a1 == a0 || memcmp(kb.baseAddress! + a0, kb.baseAddress! + b0, a1 - a0) == 0)
                }
                var i = 0
                while i < n {
                    var j = i + 1
                    while j < n && same(order[i], order[j]) { j += 1 }
                    if j - i > 1 {
                        order[i..<j].sort { x, y in
                            let nx = ab[Int(x)].name, ny = ab[Int(y)].name
                            if nx != ny { return nx.utf8.lexicographicallyPrecedes(ny.utf8) }
                            let ix = ab[Int(x)].id, iy = ab[Int(y)].id
                            if ix != iy { return ix.utf8.lexicographicallyPrecedes(iy.utf8) }
                            return x < y
                        }
                    }
                    i = j
                }
            }
        }
        return order
    }

    // MARK: Threads

    /// Runs two closures at once.
    static func parallel(_ a: @Sendable () -> Void, _ b: @Sendable () -> Void) {
        DispatchQueue.concurrentPerform(iterations: 2) { i in if i == 0 { a() } else { b() } }
    }

    static func parallelMap<T>(_ n: Int, _ body: @Sendable (Int) -> T) -> [T] {
        if n == 1 { return [body(0)] }
        let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: n)
        slots.initialize(repeating: nil)
        let shared = UnsafeSendable(slots)
        DispatchQueue.concurrentPerform(iterations: n) { i in shared.value[i] = body(i) }
        let out = slots.map { $0! }
        _ = slots.deinitialize()
        slots.deallocate()
        return out
    }
}

/// A result written by one build thread and read after it joins.
final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

/// A value handed to one build thread at a time.
final class SharedBox<T>: @unchecked Sendable {
    var value: T
    init(_ v: T) { value = v }
}

struct UnsafeSendable<T>: @unchecked Sendable {
    let value: UnsafeMutableBufferPointer<T>
    init(_ v: UnsafeMutableBufferPointer<T>) { value = v }
}
