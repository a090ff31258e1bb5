// Sanitising untrusted text before it reaches the screen.
//
// Names and notes come from spreadsheets and other systems; nothing control-ish
// may reach the terminal raw. Every string put into a Buffer goes through
// `Sanitize.line`, so widgets cannot forget.
//
// Rules (for both `line` and `text`):
//   * ESC and everything that forms an escape sequence with it (CSI `ESC [ … final`,
//     OSC `ESC ] … BEL/ST`, DCS/SOS/PM/APC `ESC P|X|^|_ … ST`, two- and three-byte
//     `ESC x` / `ESC ( B`), and the 8-bit C1 forms (U+009B CSI, U+009D OSC, U+0090 DCS …)
//     are replaced by one visible `␛`; the sequence's body is dropped.
//   * Tab becomes a space.
//   * Newlines (LF, CR, CRLF, NEL U+0085, U+2028, U+2029): a space in `line`,
//     "\n" in `text`.
//   * Other C0 controls and DEL become their Control Pictures (U+2400–241F, ␡),
//     so a stray BEL shows as `␇` rather than ringing.
//   * Other C1 controls (U+0080–009F) and noncharacters become `�`.
//   * Bidirectional embedding/override/isolate controls (U+202A–202E, U+2066–2069) and
//     marks (U+200E, U+200F, U+061C) are removed: in a grid of cells they can only
//     reorder what the terminal shows.

public enum Sanitize {
    public static let escapePlaceholder: Character = "␛"
    public static let replacement: Character = "\u{FFFD}"

    /// For single-line contexts (table cells, titles, list rows).
    public static func line(_ s: String) -> String {
        if TextWidth.isPrintableASCII(s) { return s }
        return clean(s, keepNewlines: false)
    }

    /// For multi-line text (paragraphs): like `line`, but newlines are kept as "\n".
    public static func text(_ s: String) -> String {
        if TextWidth.isPrintableASCII(s) { return s }
        return clean(s, keepNewlines: true)
    }

    /// True when `line(s) == s`.
    public static func isClean(_ s: String) -> Bool {
        if TextWidth.isPrintableASCII(s) { return true }
        return !s.unicodeScalars.contains(where: needsAttention)
    }

    @inline(__always)
    static func needsAttention(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return true }
        if v < 0x200E { return v == 0x061C }
        if v == 0x200E || v == 0x200F || (v >= 0x2028 && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069) { return true }
        return isNoncharacter(v)
    }

    @inline(__always)
    static func isNoncharacter(_ v: UInt32) -> Bool {
        (v >= 0xFDD0 && v <= 0xFDEF) || (v & 0xFFFE) == 0xFFFE
    }

    private static func clean(_ s: String, keepNewlines: Bool) -> String {
        if !s.unicodeScalars.contains(where: needsAttention) { return s }
        let scalars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        let newline: Unicode.Scalar = keepNewlines ? "\n" : " "
        var i = 0
        let n = scalars.count
        func isFinal(_ v: UInt32) -> Bool { v >= 0x40 && v <= 0x7E }
        // Skips a control string body (OSC, DCS, …) up to and including its terminator.
        func skipString(from start: Int) -> Int {
            var j = start
            while j < n {
                let v = scalars[j].value
                if v == 0x07 || v == 0x9C { return j + 1 }
                if v == 0x1B {
                    if j + 1 < n && scalars[j + 1].value == 0x5C { return j + 2 }  // ESC \ (ST)
                    return j  // a new ESC starts; let the main loop handle it
                }
                j += 1
            }
            return j
        }
        // Skips CSI parameters/intermediates/final byte.
        func skipCSI(from start: Int) -> Int {
            var j = start
            while j < n {
                let v = scalars[j].value
                if v >= 0x30 && v <= 0x3F { j += 1; continue }   // parameters
                if v >= 0x20 && v <= 0x2F { j += 1; continue }   // intermediates
                if isFinal(v) { return j + 1 }
                return j  // malformed: stop before the offending character
            }
            return j
        }
        while i < n {
            let u = scalars[i]
            let v = u.value
            if !needsAttention(u) { out.append(u); i += 1; continue }
            switch v {
            case 0x1B:
                out.append("␛")
                guard i + 1 < n else { i += 1; continue }
                let next = scalars[i + 1].value
                switch next {
                case 0x5B: i = skipCSI(from: i + 2)                       // ESC [
                case 0x5D, 0x50, 0x58, 0x5E, 0x5F: i = skipString(from: i + 2)  // ESC ] P X ^ _
                case 0x20...0x2F:                                        // ESC intermediate(s) final
                    var j = i + 1
                    while j < n && scalars[j].value >= 0x20 && scalars[j].value <= 0x2F { j += 1 }
                    if j < n && scalars[j].value >= 0x30 && scalars[j].value <= 0x7E { j += 1 }
                    i = j
                case 0x30...0x7E: i += 2                                 // ESC 7, ESC c, ESC M …
                default: i += 1                                          // lone ESC
                }
            case 0x9B: out.append("␛"); i = skipCSI(from: i + 1)
            case 0x9D, 0x90, 0x98, 0x9E, 0x9F: out.append("␛"); i = skipString(from: i + 1)
            case 0x09: out.append(" "); i += 1
            case 0x0D:
                out.append(newline)
                i += (i + 1 < n && scalars[i + 1].value == 0x0A) ? 2 : 1
            case 0x0A, 0x85, 0x2028, 0x2029: out.append(newline); i += 1
            case 0x00..<0x20: out.append(Unicode.Scalar(0x2400 + v)!); i += 1
            case 0x7F: out.append("\u{2421}"); i += 1
            case 0x80...0x9F: out.append("\u{FFFD}"); i += 1
            case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: i += 1
            default:
                out.append(isNoncharacter(v) ? "\u{FFFD}" : u)
                i += 1
            }
        }
        return String(out)
    }
}
