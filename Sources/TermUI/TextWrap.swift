// Word wrapping of styled text.

public enum TextWrap {
    /// Wraps styled text to lines of at most `width` columns.
    ///
    /// - Newlines ("\n", "\r\n", "\r") end a line.
    /// - Lines break at spaces; the spaces at a break are dropped. Leading spaces of a
    ///   paragraph (indentation) are kept.
    /// - A word wider than the line is hard-broken between grapheme clusters.
    /// - Text is sanitised first (tabs become spaces, control characters are made visible).
    /// Returns at least one (possibly empty) line for `width` ≥ 1, and no lines for `width` ≤ 0.
    public static func wrap(_ spans: [Span], width: Int) -> [[Span]] {
        guard width > 0 else { return [] }
        // Split into paragraphs of (character, style) pairs.
        var paragraphs: [[(Character, Style)]] = [[]]
        for span in spans {
            let text = Sanitize.text(span.text)
            for c in text {
                if c == "\n" || c == "\r\n" || c == "\r" {
                    paragraphs.append([])
                } else {
                    paragraphs[paragraphs.count - 1].append((c, span.style))
                }
            }
        }
        var lines: [[Span]] = []
        for p in paragraphs {
            lines.append(contentsOf: wrapParagraph(p, width: width))
        }
        return lines
    }

    private static func wrapParagraph(_ chars: [(Character, Style)], width: Int) -> [[Span]] {
        if chars.isEmpty { return [[]] }
        var lines: [[(Character, Style)]] = []
        var current: [(Character, Style)] = []
        var currentWidth = 0
        var pendingSpaces: [(Character, Style)] = []
        var firstLine = true

        // Tokenise into words and space runs.
        var i = 0
        while i < chars.count {
            let isSpace = chars[i].0 == " "
            var j = i
            while j < chars.count && (chars[j].0 == " ") == isSpace { j += 1 }
            let token = Array(chars[i..<j])
            i = j
            if isSpace {
                if current.isEmpty && !(firstLine && lines.isEmpty) {
                    continue  // drop spaces at the start of a wrapped line
                }
                if current.isEmpty {
                    // Indentation of the paragraph's first line: keep what fits.
                    for t in token where currentWidth < width {
                        current.append(t); currentWidth += 1
                    }
                    continue
                }
                pendingSpaces = token
                continue
            }
            let tokenWidth = token.reduce(0) { $0 + TextWidth.width(of: $1.0) }
            let spaces = pendingSpaces
            let spaceWidth = spaces.count
            if currentWidth + spaceWidth + tokenWidth <= width {
                current.append(contentsOf: spaces)
                current.append(contentsOf: token)
                currentWidth += spaceWidth + tokenWidth
                pendingSpaces = []
                continue
            }
            pendingSpaces = []
            if tokenWidth <= width {
                if !current.isEmpty { lines.append(current); firstLine = false }
                current = token
                currentWidth = tokenWidth
                continue
            }
            // Hard-break a long word. Continue on the current line if there is room
            // for a space plus at least a few columns; otherwise start a new line.
            if !current.isEmpty {
                if width - currentWidth - spaceWidth >= 4 {
                    current.append(contentsOf: spaces)
                    currentWidth += spaceWidth
                } else {
                    lines.append(current); firstLine = false
                    current = []
                    currentWidth = 0
                }
            }
            for t in token {
                let w = TextWidth.width(of: t.0)
                if currentWidth + w > width && !current.isEmpty {
                    lines.append(current); firstLine = false
                    current = []
                    currentWidth = 0
                }
                current.append(t)
                currentWidth += w
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines.map(merge)
    }

    /// Merges consecutive characters of the same style into spans.
    static func merge(_ chars: [(Character, Style)]) -> [Span] {
        var out: [Span] = []
        for (c, s) in chars {
            if let last = out.last, last.style == s {
                out[out.count - 1].text.append(c)
            } else {
                out.append(Span(String(c), s))
            }
        }
        return out
    }
}

/// An integer with thousands separators: 1000000 → "1,000,000", -1200 → "-1,200".
public func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, ch) in digits.reversed().enumerated() {
        if i > 0 && i % 3 == 0 { out.append(",") }
        out.append(ch)
    }
    return (n < 0 ? "-" : "") + String(out.reversed())
}
