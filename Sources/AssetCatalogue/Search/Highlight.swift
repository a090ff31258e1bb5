import Foundation

/// Ranges of `text` (for example a displayed name) that match the query's words and phrases:
/// the matched prefix of a token for a prefix match, the whole token for an exact or typo
/// match, the run of tokens for a phrase. Sorted and merged. Computed from the text alone, so
/// call it for the visible rows only. Exclusions and filters are not highlighted.
public func matchedRanges(in text: String, for query: SearchQuery) -> [Range<String.Index>] {
    guard !query.terms.isEmpty, !text.isEmpty else { return [] }
    let toks = SearchText.positionedTokens(text)
    guard !toks.isEmpty else { return [] }
    var out: [Range<String.Index>] = []
    for term in query.terms {
        let q = term.tokens.map { Array($0.utf8) }
        guard !q.isEmpty else { continue }
        if !term.matchesAsPhrase {
            let w = q[0]
            let fuzzy = TokenMatch.allowsTypo(w)
            for t in toks {
                switch TokenMatch.level(word: w, token: t.folded, fuzzy: fuzzy) {
                case 3, 1: out.append(t.whole)
                case 2: out.append(t.range(coveringFolded: w.count))
                default: break
                }
            }
        } else {
            let k = q.count
            guard toks.count >= k else { continue }
            for i in 0...(toks.count - k) {
                var ok = true
                for j in 0..<(k - 1) where toks[i + j].folded != q[j] { ok = false; break }
                if !ok { continue }
                let last = toks[i + k - 1], p = q[k - 1]
                if last.folded == p {
                    out.append(toks[i].start..<last.whole.upperBound)
                } else if last.folded.count > p.count && last.folded.starts(with: p) {
                    out.append(toks[i].start..<last.range(coveringFolded: p.count).upperBound)
                }
            }
        }
    }
    out.sort { $0.lowerBound < $1.lowerBound }
    var merged: [Range<String.Index>] = []
    for r in out {
        if let last = merged.last, r.lowerBound <= last.upperBound {
            merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
        } else {
            merged.append(r)
        }
    }
    return merged
}

extension SearchQuery {
    /// See `matchedRanges(in:for:)`.
    public func matchedRanges(in text: String) -> [Range<String.Index>] {
        AssetCatalogue.matchedRanges(in: text, for: self)
    }
}
