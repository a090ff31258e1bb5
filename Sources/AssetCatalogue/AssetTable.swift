import Foundation

/// The compact, in-memory form of a large catalogue: what lists, counts, sorting and the map
/// need, column by column, with no `Asset` value per row. Descriptions, contacts, addresses and
/// the rest of an asset's page stay in SQLite and are read when a page is opened
/// (`CatalogueStore.assets(ids:)`). At 1,000,000 assets a full `Asset` per row costs about
/// 1.7 GB and 7 s to load; these columns about a tenth of both (docs/benchmarks.md).

/// Many strings in one UTF-8 buffer: no allocation per string.
public struct TextColumn: Sendable {
    private(set) var bytes: [UInt8] = []
    private(set) var starts: [UInt32] = [0]

    public init() {}

    public var count: Int { starts.count - 1 }

    /// Rows expected (`reserve`): when the bytes outgrow their room, it grows to what the rows
    /// so far predict for all of them, not to double (a million rows' doubled buffers are a
    /// large part of the peak memory of a load).
    private var expectedRows = 0

    mutating func reserve(_ n: Int, bytes b: Int) {
        starts.reserveCapacity(n + 1)
        bytes.reserveCapacity(b)
        expectedRows = n
    }

    @inline(__always)
    private mutating func makeRoom(_ n: Int) {
        guard bytes.count + n > bytes.capacity, expectedRows > count, count > 0 else { return }
        let perRow = Double(bytes.count + n) / Double(count + 1)
        bytes.reserveCapacity(Int(perRow * Double(expectedRows) * 1.02) + 64)
    }

    mutating func append(_ p: UnsafeBufferPointer<UInt8>) {
        makeRoom(p.count)
        bytes.append(contentsOf: p)
        starts.append(UInt32(bytes.count))
    }

    mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { append($0) }
    }

    /// Appends bytes to the string being built; `close` ends it.
    mutating func extend(_ p: UnsafeBufferPointer<UInt8>) {
        makeRoom(p.count)
        bytes.append(contentsOf: p)
    }
    mutating func extend(_ s: String) {
        var s = s
        s.withUTF8 { extend($0) }
    }
    mutating func extend(byte: UInt8) { bytes.append(byte) }
    mutating func close() { starts.append(UInt32(bytes.count)) }

    public subscript(i: Int) -> String {
        withBytes(i) { String(decoding: $0, as: UTF8.self) }
    }

    func withBytes<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let lo = Int(starts[i]), hi = Int(starts[i + 1])
        return bytes.withUnsafeBufferPointer { b in body(UnsafeBufferPointer(rebasing: b[lo..<hi])) }
    }

    mutating func append(contentsOf other: TextColumn) {
        let base = UInt32(bytes.count)
        if bytes.count + other.bytes.count > bytes.capacity { bytes.reserveCapacity(bytes.count + other.bytes.count) }
        bytes += other.bytes
        starts += other.starts.dropFirst().map { $0 + base }
    }

    func equals(_ i: Int, _ other: UnsafeBufferPointer<UInt8>) -> Bool {
        let lo = Int(starts[i]), hi = Int(starts[i + 1])
        guard hi - lo == other.count else { return false }
        return bytes.withUnsafeBufferPointer { b in
            other.isEmpty || memcmp(b.baseAddress! + lo, other.baseAddress!, other.count) == 0
        }
    }

    func hash(_ i: Int) -> UInt64 { withBytes(i) { ByteHash.hash($0) } }

    var memoryBytes: Int { bytes.capacity + starts.capacity * 4 }
}

/// Open addressing from byte strings to small integers, for the id map and for interning
/// repeated values (wards, clusters, category lists) while loading.
struct ByteHash: Sendable {
    private var slots: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int) {
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        slots = [Int32](repeating: -1, count: n)
        mask = n - 1
    }

    @inline(__always)
    static func hash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for c in b { h = (h ^ UInt64(c)) &* 0x0000_0100_0000_01b3 }
        return h ^ (h >> 29)
    }

    /// The value stored for a key equal to the probe (`equals` compares a stored value's key).
    func find(hash: UInt64, _ equals: (Int32) -> Bool) -> Int32? {
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let v = slots[i]
            if v < 0 { return nil }
            if equals(v) { return v }
            i = (i + 1) & mask
        }
    }

    /// Stores `value` for its key, replacing the value of an equal key (the later one wins, as
    /// with a dictionary). `hashOf` rehashes stored values when the table grows.
    mutating func set(hash: UInt64, value: Int32, _ equals: (Int32) -> Bool, hashOf: (Int32) -> UInt64) {
        if (count + 1) * 2 > slots.count { grow(hashOf) }
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let v = slots[i]
            if v < 0 { slots[i] = value; count += 1; return }
            if equals(v) { slots[i] = value; return }
            i = (i + 1) & mask
        }
    }

    private mutating func grow(_ hashOf: (Int32) -> UInt64) {
        let old = slots
        slots = [Int32](repeating: -1, count: old.count * 2)
        mask = slots.count - 1
        for v in old where v >= 0 {
            var i = Int(truncatingIfNeeded: hashOf(v)) & mask
            while slots[i] >= 0 { i = (i + 1) & mask }
            slots[i] = v
        }
    }

    var memoryBytes: Int { slots.capacity * 4 }
}

/// Distinct byte strings, each given a number in order of first sight.
struct Interner: Sendable {
    private(set) var keys = TextColumn()
    private var slots = [Int32](repeating: -1, count: 64)

    mutating func intern(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        let h = Int(truncatingIfNeeded: ByteHash.hash(b))
        var i = h & (slots.count - 1)
        while true {
            let v = slots[i]
            if v < 0 { break }
            if keys.equals(Int(v), b) { return Int(v) }
            i = (i + 1) & (slots.count - 1)
        }
        let n = keys.count
        keys.append(b)
        slots[i] = Int32(n)
        if keys.count * 2 > slots.count { grow() }
        return n
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        for k in 0..<keys.count {
            var i = Int(truncatingIfNeeded: keys.hash(k)) & (slots.count - 1)
            while slots[i] >= 0 { i = (i + 1) & (slots.count - 1) }
            slots[i] = Int32(k)
        }
    }

    var strings: [String] { (0..<keys.count).map { keys[$0] } }
}

/// The columns of a large catalogue, in catalogue (store) order.
public struct AssetTable: Sendable {
    var ids = TextColumn()
    var names = TextColumn()
    /// `AssetDetails.summary` of each asset, computed while loading.
    var summaries = TextColumn()
    var postcodes = TextColumn()
    var kinds: [AssetKind] = []
    /// Indices into `wardCodes`, `clusterIDs` and `categoryLists`.
    var wards: [UInt16] = []
    var wardCodes: [String] = []
    var clusters: [UInt16] = []
    var clusterIDs: [String] = []
    var categories: [UInt32] = []
    var categoryLists: [[String]] = []
    /// NaN when the asset has no coordinates.
    var lat: [Double] = []
    var lon: [Double] = []
    /// `LocalDate.dayNumber`, or `Int32.min` when never verified.
    var verified: [Int32] = []
    /// Weekdays as bits (Monday = bit 0).
    var days: [UInt8] = []

    public var count: Int { kinds.count }

    /// id → index (a later duplicate wins).
    static func idMap(_ ids: TextColumn) -> ByteHash {
        var map = ByteHash(capacity: ids.count)
        addIDs(ids, from: 0, to: &map)
        return map
    }

    /// Adds the ids from index `start` on to `map`.
    static func addIDs(_ ids: TextColumn, from start: Int, to map: inout ByteHash) {
        for i in start..<ids.count {
            ids.withBytes(i) { b in
                map.set(hash: ByteHash.hash(b), value: Int32(i), { ids.equals(Int($0), b) }, hashOf: { ids.hash(Int($0)) })
            }
        }
    }

    func coordinate(_ i: Int) -> Coordinate? {
        lat[i].isNaN || lon[i].isNaN ? nil : Coordinate(lat: lat[i], lon: lon[i])
    }

    func lastVerified(_ i: Int) -> LocalDate? {
        verified[i] == Int32.min ? nil : LocalDate(dayNumber: Int(verified[i]))
    }

    func weekdays(_ i: Int) -> [Weekday] {
        let m = days[i]
        return m == 0 ? [] : Weekday.allCases.filter { m & (1 << ($0.rawValue - 1)) != 0 }
    }

    /// The asset's listing fields as an `Asset`; its page (description, contacts, address,
    /// schedule times, audience, cost, owner, facilities, links …) is left empty and `source` too.
    func asset(_ i: Int) -> Asset {
        Asset(id: ids[i], kind: kinds[i], name: names[i], categories: categoryLists[Int(categories[i])],
              ward: wardCodes[Int(wards[i])], cluster: clusterIDs[Int(clusters[i])], postcode: postcodes[i],
              coordinate: coordinate(i), lastVerified: lastVerified(i), source: "",
              schedule: Schedule(days: weekdays(i)))
    }

    var memoryBytes: Int {
        ids.memoryBytes + names.memoryBytes + summaries.memoryBytes + postcodes.memoryBytes
            + kinds.capacity + (wards.capacity + clusters.capacity) * 2 + categories.capacity * 4
            + (lat.capacity + lon.capacity) * 8 + verified.capacity * 4 + days.capacity
    }
}
