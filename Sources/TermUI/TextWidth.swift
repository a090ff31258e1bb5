// Display width of text in terminal columns, per grapheme cluster.
//
// Per scalar the rules agree with glibc's wcwidth (2.36, the C library ncurses and
// the terminal use on this platform); a test checks every code point glibc knows:
//   * C0/C1 controls and DEL: 0 (they never reach the screen; see Sanitize)
//   * nonspacing and enclosing marks (Mn, Me): 0
//   * format characters (Cf): 0, except soft hyphen and the prepended
//     concatenation marks (U+0600–0605 …), which glibc shows with width 1
//   * Hangul medial vowels and final consonants (U+1160–11FF, U+D7B0–D7FF): 0
//   * East Asian Wide and Fullwidth (table below) and planes 2–3: 2
//   * other emoji presentation characters (Unicode data newer than glibc's): 2
//   * regional indicators: 1 each (a flag, two of them, is then 2)
//   * everything else: 1
// Per grapheme cluster: emoji sequences (emoji + VS16, ZWJ sequences, skin-tone
// modifiers, keycaps, tag flags) are 2; otherwise the sum of the scalars, which is
// what ncurses and the terminal draw (a Bengali consonant + vowel sign is 2).

public enum TextWidth {

    /// Columns one Unicode scalar takes (0, 1 or 2).
    public static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x7F { return v >= 0x20 ? 1 : 0 }
        if v < 0xA0 { return 0 }                       // DEL and C1 controls
        if v < 0x300 { return 1 }                      // Latin-1 and Latin Extended: fast path (incl. U+00AD)
        if v >= 0x1160 && v <= 0x11FF { return 0 }     // Hangul Jungseong/Jongseong
        if v >= 0xD7B0 && v <= 0xD7FF { return 0 }     // Hangul Jamo Extended-B
        if v == 0x1171E { return 0 }                   // AHOM CONSONANT SIGN MEDIAL RA (0 in glibc)
        if v >= 0x1F1E6 && v <= 0x1F1FF { return 1 }   // regional indicators
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark:
            return 0
        case .format:
            return prependedConcatenationMarks.contains(v) ? 1 : 0
        case .control:
            return 0
        default:
            break
        }
        if isWide(v) { return 2 }
        if v >= 0x20000 && v <= 0x3FFFD { return 2 }   // CJK Ext. planes: Wide by default (UAX #11)
        if scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// Columns one grapheme cluster takes.
    public static func width(of character: Character) -> Int {
        if let a = character.asciiValue { return (a >= 0x20 && a < 0x7F) ? 1 : 0 }
        let scalars = character.unicodeScalars
        var iterator = scalars.makeIterator()
        guard let first = iterator.next() else { return 0 }
        guard let second = iterator.next() else { return width(of: first) }
        // Multi-scalar cluster: is it an emoji sequence?
        let fp = first.properties
        if fp.isEmoji {
            if fp.isEmojiPresentation && !(first.value >= 0x1F1E6 && first.value <= 0x1F1FF) { return 2 }
            var s: Unicode.Scalar? = second
            while let c = s {
                if c.value == 0xFE0F || c.value == 0x200D || c.properties.isEmojiModifier { return 2 }
                s = iterator.next()
            }
        }
        var total = 0
        for s in scalars { total += width(of: s) }
        return total
    }

    /// Columns a string takes when drawn on one line.
    public static func width(of string: String) -> Int {
        if isPrintableASCII(string) { return string.utf8.count }
        var total = 0
        for c in string { total += width(of: c) }
        return total
    }

    public static func width(of sub: Substring) -> Int {
        var total = 0
        for c in sub { total += width(of: c) }
        return total
    }

    /// True when every byte is printable ASCII (the fast path everywhere).
    @inline(__always)
    public static func isPrintableASCII(_ s: String) -> Bool {
        var ok = true
        var copy = s
        copy.withUTF8 { buf in
            for b in buf where b < 0x20 || b >= 0x7F { ok = false; break }
        }
        return ok
    }

    /// The longest prefix of whole grapheme clusters that fits in `maxWidth` columns, and its width.
    public static func prefix(_ s: String, fitting maxWidth: Int) -> (text: Substring, width: Int) {
        guard maxWidth > 0 else { return (s[s.startIndex..<s.startIndex], 0) }
        var w = 0
        var end = s.startIndex
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            let cw = width(of: c)
            if w + cw > maxWidth { break }
            w += cw
            i = s.index(after: i)
            end = i
        }
        return (s[s.startIndex..<end], w)
    }

    /// `s` if it fits in `maxWidth` columns; otherwise a prefix of whole grapheme
    /// clusters followed by `ellipsis`, exactly `maxWidth` columns wide. A wide
    /// character that would straddle the limit is replaced by padding (placed before
    /// the ellipsis, so ellipses line up at the column edge).
    public static func truncate(_ s: String, to maxWidth: Int, ellipsis: String = "…") -> String {
        guard maxWidth > 0 else { return "" }
        let total = width(of: s)
        if total <= maxWidth { return s }
        let ew = width(of: ellipsis)
        if ew > maxWidth {
            let (p, pw) = prefix(ellipsis, fitting: maxWidth)
            return String(p) + String(repeating: " ", count: maxWidth - pw)
        }
        let (p, pw) = prefix(s, fitting: maxWidth - ew)
        return String(p) + String(repeating: " ", count: maxWidth - ew - pw) + ellipsis
    }

    public enum Alignment: Hashable, Sendable { case left, center, right }

    /// Exactly `width` columns: truncated with `ellipsis` when longer, padded with spaces when shorter.
    public static func pad(_ s: String, to width: Int, alignment: Alignment = .left, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        let t = truncate(s, to: width, ellipsis: ellipsis)
        let gap = width - self.width(of: t)
        if gap <= 0 { return t }
        switch alignment {
        case .left: return t + String(repeating: " ", count: gap)
        case .right: return String(repeating: " ", count: gap) + t
        case .center:
            let l = gap / 2
            return String(repeating: " ", count: l) + t + String(repeating: " ", count: gap - l)
        }
    }

    /// Word-wraps `s` to lines of at most `width` columns. Existing newlines start new
    /// lines; words longer than a line are hard-broken between grapheme clusters.
    public static func wrap(_ s: String, width: Int) -> [String] {
        TextWrap.wrap([Span(s)], width: width).map { $0.plainText }
    }

    static let prependedConcatenationMarks: Set<UInt32> = [
        0x00AD, 0x0600, 0x0601, 0x0602, 0x0603, 0x0604, 0x0605, 0x06DD, 0x070F,
        0x0890, 0x0891, 0x08E2, 0x110BD, 0x110CD,
    ]

    static func isWide(_ v: UInt32) -> Bool {
        if v < 0x1100 { return false }
        var lo = 0
        var hi = wideRanges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = wideRanges[mid]
            if v < r.0 { hi = mid - 1 } else if v > r.1 { lo = mid + 1 } else { return true }
        }
        return false
    }

    /// East Asian Wide (W) and Fullwidth (F) ranges, as glibc 2.36 assigns width 2
    /// (generated from wcwidth() over every code point in the C.UTF-8 locale).
    static let wideRanges: [(UInt32, UInt32)] = [
    (0x01100, 0x0115F), (0x0231A, 0x0231B), (0x02329, 0x0232A), (0x023E9, 0x023EC), (0x023F0, 0x023F0),
    (0x023F3, 0x023F3), (0x025FD, 0x025FE), (0x02614, 0x02615), (0x02648, 0x02653), (0x0267F, 0x0267F),
    (0x02693, 0x02693), (0x026A1, 0x026A1), (0x026AA, 0x026AB), (0x026BD, 0x026BE), (0x026C4, 0x026C5),
    (0x026CE, 0x026CE), (0x026D4, 0x026D4), (0x026EA, 0x026EA), (0x026F2, 0x026F3), (0x026F5, 0x026F5),
    (0x026FA, 0x026FA), (0x026FD, 0x026FD), (0x02705, 0x02705), (0x0270A, 0x0270B), (0x02728, 0x02728),
    (0x0274C, 0x0274C), (0x0274E, 0x0274E), (0x02753, 0x02755), (0x02757, 0x02757), (0x02795, 0x02797),
    (0x027B0, 0x027B0), (0x027BF, 0x027BF), (0x02B1B, 0x02B1C), (0x02B50, 0x02B50), (0x02B55, 0x02B55),
    (0x02E80, 0x02E99), (0x02E9B, 0x02EF3), (0x02F00, 0x02FD5), (0x02FF0, 0x02FFB), (0x03000, 0x03029),
    (0x0302E, 0x0303E), (0x03041, 0x03096), (0x0309B, 0x030FF), (0x03105, 0x0312F), (0x03131, 0x0318E),
    (0x03190, 0x031E3), (0x031F0, 0x0321E), (0x03220, 0x0A48C), (0x0A490, 0x0A4C6), (0x0A960, 0x0A97C),
    (0x0AC00, 0x0D7A3), (0x0F900, 0x0FA6D), (0x0FA70, 0x0FAD9), (0x0FE10, 0x0FE19), (0x0FE30, 0x0FE52),
    (0x0FE54, 0x0FE66), (0x0FE68, 0x0FE6B), (0x0FF01, 0x0FF60), (0x0FFE0, 0x0FFE6), (0x16FE0, 0x16FE3),
    (0x16FF0, 0x16FF1), (0x17000, 0x187F7), (0x18800, 0x18CD5), (0x18D00, 0x18D08), (0x1AFF0, 0x1AFF3),
    (0x1AFF5, 0x1AFFB), (0x1AFFD, 0x1AFFE), (0x1B000, 0x1B122), (0x1B150, 0x1B152), (0x1B164, 0x1B167),
    (0x1B170, 0x1B2FB), (0x1F004, 0x1F004), (0x1F0CF, 0x1F0CF), (0x1F18E, 0x1F18E), (0x1F191, 0x1F19A),
    (0x1F200, 0x1F202), (0x1F210, 0x1F23B), (0x1F240, 0x1F248), (0x1F250, 0x1F251), (0x1F260, 0x1F265),
    (0x1F300, 0x1F320), (0x1F32D, 0x1F335), (0x1F337, 0x1F37C), (0x1F37E, 0x1F393), (0x1F3A0, 0x1F3CA),
    (0x1F3CF, 0x1F3D3), (0x1F3E0, 0x1F3F0), (0x1F3F4, 0x1F3F4), (0x1F3F8, 0x1F43E), (0x1F440, 0x1F440),
    (0x1F442, 0x1F4FC), (0x1F4FF, 0x1F53D), (0x1F54B, 0x1F54E), (0x1F550, 0x1F567), (0x1F57A, 0x1F57A),
    (0x1F595, 0x1F596), (0x1F5A4, 0x1F5A4), (0x1F5FB, 0x1F64F), (0x1F680, 0x1F6C5), (0x1F6CC, 0x1F6CC),
    (0x1F6D0, 0x1F6D2), (0x1F6D5, 0x1F6D7), (0x1F6DD, 0x1F6DF), (0x1F6EB, 0x1F6EC), (0x1F6F4, 0x1F6FC),
    (0x1F7E0, 0x1F7EB), (0x1F7F0, 0x1F7F0), (0x1F90C, 0x1F93A), (0x1F93C, 0x1F945), (0x1F947, 0x1F9FF),
    (0x1FA70, 0x1FA74), (0x1FA78, 0x1FA7C), (0x1FA80, 0x1FA86), (0x1FA90, 0x1FAAC), (0x1FAB0, 0x1FABA),
    (0x1FAC0, 0x1FAC5), (0x1FAD0, 0x1FAD9), (0x1FAE0, 0x1FAE7), (0x1FAF0, 0x1FAF6), (0x20000, 0x2A6DF),
    (0x2A700, 0x2B738), (0x2B740, 0x2B81D), (0x2B820, 0x2CEA1), (0x2CEB0, 0x2EBE0), (0x2F800, 0x2FA1D),
    (0x30000, 0x3134A),
    ]
}
