// Decoding of raw xterm escape sequences that the terminal layer's own key
// database (terminfo) did not recognise. Pure: the terminal layer feeds it the
// scalars that followed an ESC, one at a time, until it says the sequence is complete.

public enum EscapeSequence {
    /// What the scalars read so far after an ESC amount to.
    public enum Step: Hashable, Sendable {
        /// Not a CSI (`ESC [`) or SS3 (`ESC O`) sequence: the caller handles it (Alt+key, Esc).
        case notASequence
        /// A sequence has started but is not finished: read another scalar.
        case needMore
        /// A complete sequence: the key it names, or nil for one we do not know
        /// (the caller swallows it; it must never become typed text).
        case complete(Key?)
    }

    /// Longest sequence accepted; anything longer is swallowed as unknown.
    public static let maxLength = 32

    /// Decodes the scalars that followed an ESC.
    public static func decode(_ s: [Unicode.Scalar]) -> Step {
        guard let first = s.first else { return .needMore }
        switch first {
        case "[":
            // CSI: parameter bytes 0x30–0x3F, intermediate bytes 0x20–0x2F, then a final byte 0x40–0x7E.
            for (i, c) in s.enumerated().dropFirst() {
                switch c.value {
                case 0x20...0x3F:
                    continue
                case 0x40...0x7E:
                    return .complete(csiKey(params: String(String.UnicodeScalarView(s[1..<i])), final: c))
                default:
                    return .complete(nil)   // malformed: swallow what was read
                }
            }
            return s.count >= maxLength ? .complete(nil) : .needMore
        case "O":
            // SS3: exactly one more scalar.
            guard s.count >= 2 else { return .needMore }
            return .complete(ss3Key(s[1]))
        default:
            return .notASequence
        }
    }

    /// xterm's modifier parameter: 1 + (shift 1 | alt 2 | ctrl 4 | meta 8).
    static func modifiers(_ param: Int?) -> KeyModifiers? {
        guard let p = param, p >= 2, p <= 16 else { return param == nil || param == 1 ? [] : nil }
        let bits = p - 1
        var m: KeyModifiers = []
        if bits & 1 != 0 { m.insert(.shift) }
        if bits & 2 != 0 || bits & 8 != 0 { m.insert(.alt) }
        if bits & 4 != 0 { m.insert(.ctrl) }
        return m
    }

    private static func with(_ key: Key, _ m: KeyModifiers) -> Key { m.isEmpty ? key : .modified(key, m) }

    private static func csiKey(params: String, final: Unicode.Scalar) -> Key? {
        // Private parameter forms (`<`, `=`, `>`, `?`: mouse reports, device replies) and
        // intermediate bytes are not keys.
        guard params.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || $0 == ";" }) else { return nil }
        let fields = params.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        guard fields.allSatisfy({ $0 != nil }) || params.isEmpty else { return nil }
        let nums = params.isEmpty ? [] : fields.map { $0! }
        switch final {
        case "~":
            guard let n = nums.first, nums.count <= 2,
                  let m = modifiers(nums.count == 2 ? nums[1] : nil) else { return nil }
            let table: [Int: Key] = [
                1: .home, 7: .home, 4: .end, 8: .end, 2: .insert, 3: .delete, 5: .pageUp, 6: .pageDown,
                11: .function(1), 12: .function(2), 13: .function(3), 14: .function(4), 15: .function(5),
                17: .function(6), 18: .function(7), 19: .function(8), 20: .function(9), 21: .function(10),
                23: .function(11), 24: .function(12),
            ]
            return table[n].map { with($0, m) }
        case "Z":
            return nums.isEmpty ? .backTab : nil
        default:
            // `ESC [ A` or `ESC [ 1 ; m A`.
            guard nums.isEmpty || (nums.count == 2 && nums[0] == 1),
                  let m = modifiers(nums.count == 2 ? nums[1] : nil),
                  let key = letterKey(final) else { return nil }
            return with(key, m)
        }
    }

    private static func ss3Key(_ c: Unicode.Scalar) -> Key? {
        if c == "M" { return .enter }
        return letterKey(c)
    }

    /// The keys xterm sends as a final letter (after CSI or SS3).
    private static func letterKey(_ c: Unicode.Scalar) -> Key? {
        switch c {
        case "A": return .up
        case "B": return .down
        case "C": return .right
        case "D": return .left
        case "H": return .home
        case "F": return .end
        case "P": return .function(1)
        case "Q": return .function(2)
        case "R": return .function(3)
        case "S": return .function(4)
        default: return nil
        }
    }
}
