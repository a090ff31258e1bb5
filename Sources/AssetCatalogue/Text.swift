import Foundation

/// Text folding shared by names, search and forgiving look-ups.
public enum Text {
    /// Lower-cases, strips accents and diacritics, turns curly quotes and `&` into plain forms,
    /// collapses white space: "St Mary’s" → "st mary's", "Café" → "cafe".
    public static func fold(_ s: String) -> String {
        var out = s.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .lowercased()
        out = out.replacingOccurrences(of: "\u{2019}", with: "'")
            .replacingOccurrences(of: "\u{2018}", with: "'")
            .replacingOccurrences(of: "`", with: "'")
        return out.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// A key for forgiving name matches: folded, `&` and `and` equal, apostrophes and punctuation dropped.
    /// "Saddleworth West and Lees" == "saddleworth west & lees"; "St Marys" == "St Mary's".
    public static func nameKey(_ s: String) -> String {
        let f = fold(s).replacingOccurrences(of: "&", with: " and ")
        let kept = f.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == " " }
        return String(String.UnicodeScalarView(kept)).split(separator: " ").joined(separator: " ")
    }

    /// Levenshtein distance, for "did you mean".
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count), cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[y.count]
    }

    /// Up to `limit` candidates closest to `input` (by name key), for "did you mean …".
    public static func suggestions(for input: String, among candidates: [String], limit: Int = 3) -> [String] {
        let key = nameKey(input)
        // No name is this long: skip the edit distances, whose cost grows with the input.
        if key.count > 100 { return [] }
        let scored = candidates.map { c -> (String, Int) in
            let ck = nameKey(c)
            var d = editDistance(key, ck)
            if !key.isEmpty, ck.hasPrefix(key) || ck.contains(key) { d = min(d, 1) }
            return (c, d)
        }
        let threshold = max(2, key.count / 2)
        return scored.filter { $0.1 <= threshold }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit).map(\.0)
    }
}
