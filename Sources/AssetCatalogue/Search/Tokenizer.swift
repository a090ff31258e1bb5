import Foundation

/// Search folding and tokenizing. One definition serves the index, queries and highlighting:
///
/// - Text is folded per character: lower case, accents and diacritics removed, full-width forms
///   made plain (Foundation folding), plus a few letters Foundation keeps (`ł`→`l`, `ø`→`o`,
///   `æ`→`ae`, `œ`→`oe`, `đ`→`d`, `ı`→`i`).
/// - A token is a run of letters, marks and digits of any script. Apostrophes (`'`, `’`, `‘`, `ʼ`)
///   are dropped without breaking the run ("St Mary’s" → `st`, `marys`); everything else breaks it.
/// - Each CJK ideograph is a token of its own, so Chinese text (written without spaces) is
///   searchable by any of its characters, and a run of them is searched as a phrase.
enum SearchText {
    static func isApostrophe(_ u: Unicode.Scalar) -> Bool {
        u == "'" || u == "\u{2019}" || u == "\u{2018}" || u == "\u{02BC}"
    }

    @inline(__always)
    static func isASCIIWordByte(_ b: UInt8) -> Bool {
        (b &- 0x30) < 10 || ((b | 0x20) &- 0x61) < 26
    }

    static func isWordScalar(_ u: Unicode.Scalar) -> Bool {
        if u.isASCII { return isASCIIWordByte(UInt8(u.value)) }
        switch u.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// Letters Foundation's diacritic folding leaves alone but readers treat as accented.
    private static func extraFold(_ u: Unicode.Scalar) -> String? {
        switch u {
        case "ł": "l"
        case "ø": "o"
        case "đ": "d"
        case "ı": "i"
        case "æ": "ae"
        case "œ": "oe"
        case "ŀ": "l"
        case "ħ": "h"
        default: nil
        }
    }

    /// The folded form of one character.
    static func fold(_ c: Character) -> String {
        if c.isASCII, let a = c.asciiValue {
            return (a >= 65 && a <= 90) ? String(UnicodeScalar(a | 0x20)) : String(c)
        }
        let f = String(c).folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .lowercased()
        guard f.unicodeScalars.contains(where: { extraFold($0) != nil }) else { return f }
        var out = ""
        for u in f.unicodeScalars {
            if let e = extraFold(u) { out += e } else { out.unicodeScalars.append(u) }
        }
        return out
    }

    /// Folded tokens of a string, as UTF-8 bytes. The reference (slow) path: every consumer of
    /// tokens agrees with it, and the index's fast ASCII path produces the same tokens.
    static func tokens(_ s: some StringProtocol) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var cur: [UInt8] = []
        func flush() {
            if !cur.isEmpty { out.append(cur); cur.removeAll(keepingCapacity: true) }
        }
        for ch in s {
            for u in fold(ch).unicodeScalars {
                if isApostrophe(u) { continue }
                if u.properties.isIdeographic {
                    flush()
                    out.append(Array(String(u).utf8))
                } else if isWordScalar(u) {
                    cur.append(contentsOf: String(u).utf8)
                } else {
                    flush()
                }
            }
        }
        flush()
        return out
    }

    /// Tokens as strings (for display and tests).
    static func tokenStrings(_ s: some StringProtocol) -> [String] {
        tokens(s).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A token of a displayed string, with where each folded byte came from.
    struct PositionedToken {
        var folded: [UInt8] = []
        var start: String.Index
        /// After each contributing character: folded length so far and the character's end.
        var ends: [(folded: Int, end: String.Index)] = []

        /// The original range covering the first `n` folded bytes (whole characters).
        func range(coveringFolded n: Int) -> Range<String.Index> {
            for e in ends where e.folded >= n { return start..<e.end }
            return start..<(ends.last?.end ?? start)
        }

        var whole: Range<String.Index> { start..<(ends.last?.end ?? start) }
    }

    /// Tokens of a displayed string with their positions, for highlighting.
    static func positionedTokens(_ s: String) -> [PositionedToken] {
        var out: [PositionedToken] = []
        var cur: PositionedToken? = nil
        var i = s.startIndex
        while i < s.endIndex {
            let next = s.index(after: i)
            for u in fold(s[i]).unicodeScalars {
                if isApostrophe(u) { continue }
                if u.properties.isIdeographic {
                    if let c = cur { out.append(c); cur = nil }
                    let bytes = Array(String(u).utf8)
                    out.append(PositionedToken(folded: bytes, start: i, ends: [(bytes.count, next)]))
                } else if isWordScalar(u) {
                    if cur == nil { cur = PositionedToken(start: i) }
                    cur!.folded.append(contentsOf: String(u).utf8)
                    if let last = cur!.ends.last, last.end == next {
                        cur!.ends[cur!.ends.count - 1].folded = cur!.folded.count
                    } else {
                        cur!.ends.append((cur!.folded.count, next))
                    }
                } else if let c = cur {
                    out.append(c)
                    cur = nil
                }
            }
            i = next
        }
        if let c = cur { out.append(c) }
        return out
    }

    /// Unicode scalar boundaries (byte offsets) of UTF-8 bytes, including the end.
    static func scalarBounds(_ b: [UInt8]) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(b.count + 1)
        for (i, x) in b.enumerated() where x & 0xC0 != 0x80 { out.append(i) }
        out.append(b.count)
        return out
    }

    /// Number of Unicode scalars in UTF-8 bytes.
    static func scalarCount(_ b: some Collection<UInt8>) -> Int {
        var n = 0
        for x in b where x & 0xC0 != 0x80 { n += 1 }
        return n
    }
}

/// Receives tokens from `FastTokenizer`.
protocol TokenSink {
    mutating func token(_ bytes: UnsafeBufferPointer<UInt8>)
}

/// The index's tokenizer: a byte loop for ASCII runs; runs holding any non-ASCII byte go through
/// `SearchText.tokens` (cached), so both paths give identical tokens.
struct FastTokenizer {
    private var scratch = [UInt8](repeating: 0, count: 256)
    private var slowCache: [String: [[UInt8]]] = [:]

    mutating func tokenize<S: TokenSink>(_ text: String, into sink: inout S) {
        if text.isEmpty { return }
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { tokenize($0, into: &sink) }
        if done == nil {
            var t = text
            t.makeContiguousUTF8()
            t.utf8.withContiguousStorageIfAvailable { tokenize($0, into: &sink) }
        }
    }

    mutating func tokenize<S: TokenSink>(_ src: UnsafeBufferPointer<UInt8>, into sink: inout S) {
        let n = src.count
        if scratch.count < n { scratch = [UInt8](repeating: 0, count: max(n, scratch.count * 2)) }
        var i = 0
        while i < n {
            let b = src[i]
            if b < 0x80 && !SearchText.isASCIIWordByte(b) { i += 1; continue }
            var j = i
            var nonASCII = false
            while j < n {
                let c = src[j]
                if c >= 0x80 { nonASCII = true } else if !SearchText.isASCIIWordByte(c) && c != 0x27 { break }
                j += 1
            }
            if !nonASCII {
                scratch.withUnsafeMutableBufferPointer { dst in
                    var k = 0
                    for q in i..<j {
                        let c = src[q]
                        if c == 0x27 { continue }
                        dst[k] = (c &- 65) < 26 ? c | 0x20 : c
                        k += 1
                    }
                    if k > 0 { sink.token(UnsafeBufferPointer(rebasing: dst[0..<k])) }
                }
            } else {
                let seg = String(decoding: UnsafeBufferPointer(rebasing: src[i..<j]), as: UTF8.self)
                let toks: [[UInt8]]
                if let cached = slowCache[seg] {
                    toks = cached
                } else {
                    toks = SearchText.tokens(seg)
                    if slowCache.count > 200_000 { slowCache.removeAll(keepingCapacity: true) }
                    slowCache[seg] = toks
                }
                for t in toks { t.withUnsafeBufferPointer { sink.token($0) } }
            }
            i = j
        }
    }
}
