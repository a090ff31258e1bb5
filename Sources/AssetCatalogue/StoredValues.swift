/// Decoders for the values the store writes itself (`CatalogueStore.apply`): days as `mon;tue`,
/// dates as `YYYY-MM-DD`, lists joined with `;`. They read UTF-8 bytes and never call Foundation,
/// because loading a million rows spends most of its time here otherwise. Anything not in the
/// store's own form goes to the forgiving parsers used for imports, so the results are always
/// the same as theirs.
enum StoredValues {
    /// `split(separator: ";")` (empty parts dropped), on bytes for ASCII text.
    static func list(_ s: String) -> [String] {
        if s.isEmpty { return [] }
        var s = s
        return s.withUTF8 { b -> [String]? in
            var out: [String] = []
            var start = 0
            for i in 0..<b.count {
                let c = b[i]
                if c >= 0x80 { return nil }  // a `;` may begin a grapheme with a combining mark: use Character splitting
                if c == 0x3B {
                    if i > start { out.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)) }
                    start = i + 1
                }
            }
            if b.count > start { out.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<b.count]), as: UTF8.self)) }
            return out
        } ?? s.split(separator: ";").map(String.init)
    }

    /// The stored day codes; anything else through `Weekday(loose:)`, as before.
    static func days(_ s: String) -> [Weekday] {
        if s.isEmpty { return [] }
        var s = s
        return s.withUTF8 { days(bytes: $0) } ?? list(s).compactMap { Weekday(loose: $0) }
    }

    /// The store's own `mon;tue` on bytes; nil for anything else.
    static func days(bytes b: UnsafeBufferPointer<UInt8>) -> [Weekday]? {
        var out: [Weekday] = []
        var i = 0
        let n = b.count
        while i < n {
            guard i + 3 <= n, i + 3 == n || b[i + 3] == 0x3B,
                  let d = code(b[i], b[i + 1], b[i + 2]) else { return nil }
            out.append(d)
            i += 4
        }
        return out
    }

    @inline(__always)
    private static func code(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Weekday? {
        switch (a, b, c) {
        case (0x6D, 0x6F, 0x6E): .mon  // mon
        case (0x74, 0x75, 0x65): .tue  // tue
        case (0x77, 0x65, 0x64): .wed  // wed
        case (0x74, 0x68, 0x75): .thu  // thu
        case (0x66, 0x72, 0x69): .fri  // fri
        case (0x73, 0x61, 0x74): .sat  // sat
        case (0x73, 0x75, 0x6E): .sun  // sun
        default: nil
        }
    }

    /// `YYYY-MM-DD` from its 10 bytes; anything else through `LocalDate(iso:)`, as before.
    static func date(_ s: String) -> LocalDate? {
        var s = s
        if let p = s.withUTF8({ date(bytes: $0) }) { return p }
        return LocalDate(iso: s)
    }

    /// `date` on bytes: `.some(date or nil)` for ten bytes shaped `YYYY-MM-DD`, nil for anything
    /// else (which `LocalDate(iso:)` then reads).
    static func date(bytes b: UnsafeBufferPointer<UInt8>) -> LocalDate?? {
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D,
              let y = digits(b, 0, 4), let m = digits(b, 5, 7), let d = digits(b, 8, 10) else { return .none }
        return .some(LocalDate(year: y, month: m, day: d))
    }

    @inline(__always)
    private static func digits(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Int? {
        var v = 0
        for i in from..<to {
            let d = b[i] &- 0x30
            guard d < 10 else { return nil }
            v = v * 10 + Int(d)
        }
        return v
    }
}
