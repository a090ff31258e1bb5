import Foundation

/// Interns token bytes to dense ids while the index is built (open addressing, bytes in one arena).
struct TermTable {
    private(set) var arena: [UInt8] = []
    /// Start of each term in `arena`; `count + 1` entries.
    private(set) var starts: [UInt32] = [0]
    private var hashes: [UInt32] = []
    private var slots: [UInt32]
    private var mask: Int

    init(capacity: Int = 1 << 16) {
        var c = 1024
        while c < capacity * 2 { c <<= 1 }
        slots = [UInt32](repeating: 0, count: c)
        mask = c - 1
        arena.reserveCapacity(capacity * 8)
        starts.reserveCapacity(capacity + 1)
        hashes.reserveCapacity(capacity)
    }

    var count: Int { hashes.count }

    @inline(__always)
    static func hash(_ p: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(p.count)
        let raw = UnsafeRawPointer(p.baseAddress!)
        var i = 0
        let n = p.count
        while i + 8 <= n {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(p[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 31
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return h
    }

    mutating func intern(_ p: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let h = TermTable.hash(p)
        let h32 = UInt32(truncatingIfNeeded: h)
        var slot = Int(truncatingIfNeeded: h >> 20) & mask
        let n = p.count
        while true {
            let s = slots[slot]
            if s == 0 { break }
            let id = Int(s - 1)
            if hashes[id] == h32 {
                let a = Int(starts[id]), b = Int(starts[id + 1])
                if b - a == n {
                    let same = arena.withUnsafeBufferPointer { ar in memcmp(ar.baseAddress! + a, p.baseAddress!, n) == 0 }
                    if same { return UInt32(id) }
                }
            }
            slot = (slot + 1) & mask
        }
        let id = UInt32(hashes.count)
        arena.append(contentsOf: p)
        starts.append(UInt32(arena.count))
        hashes.append(h32)
        slots[slot] = id + 1
        if hashes.count * 2 > slots.count { grow() }
        return id
    }

    private mutating func grow() {
        let c = slots.count * 2
        slots = [UInt32](repeating: 0, count: c)
        mask = c - 1
        arena.withUnsafeBufferPointer { ar in
            for id in 0..<hashes.count {
                let a = Int(starts[id]), b = Int(starts[id + 1])
                let h = TermTable.hash(UnsafeBufferPointer(rebasing: ar[a..<b]))
                var slot = Int(truncatingIfNeeded: h >> 20) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = UInt32(id + 1)
            }
        }
    }
}

/// The sorted vocabulary: every distinct folded token, in byte order, so that the terms sharing
/// a prefix form one contiguous range found by binary search.
struct Vocabulary: Sendable {
    let bytes: Flat<UInt8>
    /// `count + 1` offsets into `bytes`.
    let starts: Flat<UInt32>

    var count: Int { starts.count - 1 }

    /// Sorts the interned terms. Returns the vocabulary and old id → new id.
    static func sorted(from table: TermTable) -> (Vocabulary, [UInt32]) {
        let n = table.count
        var order = [UInt32](unsafeUninitializedCapacity: n) { b, c in
            for i in 0..<n { b[i] = UInt32(i) }
            c = n
        }
        table.arena.withUnsafeBufferPointer { ar in
            table.starts.withUnsafeBufferPointer { st in
                let base = ar.baseAddress!
                order.sort { x, y in
                    let a0 = Int(st[Int(x)]), a1 = Int(st[Int(x) + 1])
                    let b0 = Int(st[Int(y)]), b1 = Int(st[Int(y) + 1])
                    let la = a1 - a0, lb = b1 - b0
                    let c = memcmp(base + a0, base + b0, min(la, lb))
                    return c != 0 ? c < 0 : la < lb
                }
            }
        }
        var remap = [UInt32](repeating: 0, count: n)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(table.arena.count)
        var starts: [UInt32] = [0]
        starts.reserveCapacity(n + 1)
        table.arena.withUnsafeBufferPointer { ar in
            for (newID, old) in order.enumerated() {
                remap[Int(old)] = UInt32(newID)
                let a = Int(table.starts[Int(old)]), b = Int(table.starts[Int(old) + 1])
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: ar[a..<b]))
                starts.append(UInt32(bytes.count))
            }
        }
        return (Vocabulary(bytes: Flat(bytes), starts: Flat(starts)), remap)
    }

    func term(_ i: Int) -> Slice<Flat<UInt8>> { bytes[Int(starts[i])..<Int(starts[i + 1])] }
    func termLength(_ i: Int) -> Int { Int(starts[i + 1] - starts[i]) }
    func string(_ i: Int) -> String { String(decoding: term(i), as: UTF8.self) }

    /// Compares term `i` with `p`. With `prefix`, only the term's first `p.count` bytes count,
    /// so every term starting with `p` compares equal.
    @inline(__always)
    private func compare(_ i: Int, _ p: UnsafeBufferPointer<UInt8>, prefix: Bool, _ base: UnsafePointer<UInt8>,
                         _ st: UnsafeBufferPointer<UInt32>) -> Int {
        let a0 = Int(st[i]), la = Int(st[i + 1]) - a0
        let n = min(la, p.count)
        let c = n == 0 ? 0 : Int(memcmp(base + a0, p.baseAddress!, n))
        if c != 0 { return c }
        if prefix && la >= p.count { return 0 }
        return la < p.count ? -1 : (la == p.count ? 0 : 1)
    }

    /// The terms starting with `p`, searched within `within`.
    func prefixRange(_ p: UnsafeBufferPointer<UInt8>, within: Range<Int>? = nil) -> Range<Int> {
        let r = within ?? 0..<count
        if p.isEmpty { return r }
        if bytes.isEmpty { return r.lowerBound..<r.lowerBound }
        return bytes.withUnsafeBufferPointer { bb in
            starts.withUnsafeBufferPointer { st in
                let base = bb.baseAddress!
                var lo = r.lowerBound, hi = r.upperBound
                while lo < hi {
                    let m = (lo + hi) >> 1
                    if compare(m, p, prefix: true, base, st) < 0 { lo = m + 1 } else { hi = m }
                }
                let first = lo
                hi = r.upperBound
                while lo < hi {
                    let m = (lo + hi) >> 1
                    if compare(m, p, prefix: true, base, st) <= 0 { lo = m + 1 } else { hi = m }
                }
                return first..<lo
            }
        }
    }

    func prefixRange(_ p: [UInt8], within: Range<Int>? = nil) -> Range<Int> {
        p.withUnsafeBufferPointer { prefixRange($0, within: within) }
    }

    /// The id of the term equal to `p`, if any.
    func find(_ p: [UInt8]) -> Int? {
        let r = prefixRange(p)
        guard let f = r.first, termLength(f) == p.count else { return nil }
        return f
    }

    /// Term ranges holding the terms that start with a one-edit variant of `word` (substitution,
    /// insertion, deletion or transposition of adjacent scalars) but not with `word` itself.
    /// Works over the vocabulary only: deletions and transpositions are direct look-ups;
    /// substitutions and insertions at position i walk the distinct scalars that follow
    /// `word[..<i]` in the vocabulary, so no alphabet is assumed and every script works.
    func fuzzyRanges(_ word: [UInt8]) -> [Range<Int>] {
        let b = SearchText.scalarBounds(word)
        let n = b.count - 1
        var ranges: [Range<Int>] = []
        func add(_ v: [UInt8], within: Range<Int>? = nil) {
            let r = prefixRange(v, within: within)
            if !r.isEmpty { ranges.append(r) }
        }
        // Deletions.
        for i in 0..<n { add(Array(word[..<b[i]] + word[b[i + 1]...])) }
        // Transpositions.
        if n >= 2 {
            for i in 0..<(n - 1) {
                let x = word[b[i]..<b[i + 1]], y = word[b[i + 1]..<b[i + 2]]
                if x.elementsEqual(y) { continue }
                add(Array(word[..<b[i]] + y + x + word[b[i + 2]...]))
            }
        }
        // Substitutions and insertions (insertion at the end only extends the prefix: skipped).
        for i in 0..<n {
            let p = Array(word[..<b[i]])
            let r = prefixRange(p)
            var idx = r.lowerBound
            if idx < r.upperBound && termLength(idx) == p.count { idx += 1 }
            let own = word[b[i]..<b[i + 1]]
            while idx < r.upperBound {
                let t0 = Int(starts[idx]) + p.count
                let lead = bytes[t0]
                let len = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                let c = bytes[t0..<(t0 + len)]
                let pc = p + c
                let rc = prefixRange(pc, within: idx..<r.upperBound)
                if !c.elementsEqual(own) { add(pc + word[b[i + 1]...], within: rc) }
                add(pc + word[b[i]...], within: rc)
                idx = max(rc.upperBound, idx + 1)
            }
        }
        return Vocabulary.merge(ranges, minus: prefixRange(word))
    }

    /// Sorted, disjoint union of ranges, with `minus` taken out.
    static func merge(_ rs: [Range<Int>], minus: Range<Int>) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        for r in rs {
            if minus.isEmpty || r.upperBound <= minus.lowerBound || r.lowerBound >= minus.upperBound {
                pieces.append(r)
            } else {
                if r.lowerBound < minus.lowerBound { pieces.append(r.lowerBound..<minus.lowerBound) }
                if r.upperBound > minus.upperBound { pieces.append(minus.upperBound..<r.upperBound) }
            }
        }
        pieces.sort { $0.lowerBound < $1.lowerBound }
        var out: [Range<Int>] = []
        for r in pieces {
            if let last = out.last, r.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }
}

/// Token-level matching used for the few strings outside the vocabulary (attribute values,
/// highlighting) and as the definition the index's range look-ups implement.
enum TokenMatch {
    /// 3 exact, 2 prefix, 1 one-edit prefix (query words of `fuzzyMinScalars`+ only), 0 none.
    static func level(word: [UInt8], token: [UInt8], fuzzy: Bool) -> UInt8 {
        if token.count >= word.count && token.starts(with: word) { return token.count == word.count ? 3 : 2 }
        if fuzzy && fuzzyPrefix(word, token) { return 1 }
        return 0
    }

    /// True when some prefix of `token` is within one edit (substitution, insertion, deletion,
    /// adjacent transposition) of `word`, compared by Unicode scalars.
    static func fuzzyPrefix(_ word: [UInt8], _ token: [UInt8]) -> Bool {
        let w = Array(String(decoding: word, as: UTF8.self).unicodeScalars)
        let t = Array(String(decoding: token, as: UTF8.self).unicodeScalars)
        for k in [w.count - 1, w.count, w.count + 1] where k >= 0 && k <= t.count {
            if withinOneEdit(w[...], t[..<k]) { return true }
        }
        return false
    }

    static func withinOneEdit<T: Equatable>(_ a: ArraySlice<T>, _ b: ArraySlice<T>) -> Bool {
        let a = Array(a), b = Array(b)
        if a == b { return true }
        if abs(a.count - b.count) > 1 { return false }
        var i = 0
        while i < a.count && i < b.count && a[i] == b[i] { i += 1 }
        if a.count == b.count {
            if a[(i + 1)...] == b[(i + 1)...] { return true }
            return i + 1 < a.count && a[i] == b[i + 1] && a[i + 1] == b[i] && a[(i + 2)...] == b[(i + 2)...]
        }
        if a.count == b.count + 1 { return a[(i + 1)...] == b[i...] }
        return a[i...] == b[(i + 1)...]
    }

    /// Query-word lengths, in scalars, with typo tolerance (the upper bound caps the cost).
    static let fuzzyMinScalars = 5
    static let fuzzyMaxScalars = 32

    static func allowsTypo(_ word: [UInt8]) -> Bool {
        let n = SearchText.scalarCount(word)
        return n >= fuzzyMinScalars && n <= fuzzyMaxScalars
    }
}
