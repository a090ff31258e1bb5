import Foundation
import Glibc
import Testing
@testable import TermUI

/// glibc's wcwidth, looked up at run time (Swift's Glibc module doesn't declare it).
private let libcWcwidth: @convention(c) (Int32) -> Int32 = {
    guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "wcwidth") else { fatalError("no wcwidth") }
    return unsafeBitCast(sym, to: (@convention(c) (Int32) -> Int32).self)
}()

/// Sum of glibc wcwidth over the scalars (what ncurses and the terminal use for non-emoji text).
private func wcswidth(_ s: String) -> Int {
    s.unicodeScalars.reduce(0) { $0 + max(0, Int(libcWcwidth(Int32(bitPattern: $1.value)))) }
}

private let utf8Locale: Bool = {
    setlocale(LC_CTYPE, "C.UTF-8") != nil && libcWcwidth(0x4E2D) == 2
}()

@Suite struct TextWidthTests {
    @Test func everyScalarAgreesWithGlibc() throws {
        try #require(utf8Locale, "C.UTF-8 locale is needed to compare with wcwidth")
        var mismatches: [String] = []
        var checked = 0
        for v in UInt32(0)...0x10FFFF {
            guard let s = Unicode.Scalar(v) else { continue }
            let g = Int(libcWcwidth(Int32(bitPattern: v)))
            let ours = TextWidth.width(of: s)
            if g >= 0 {
                checked += 1
                if g != ours, mismatches.count < 20 { mismatches.append(String(format: "U+%04X glibc %d ours %d", v, g, ours)) }
            } else if v < 0x20 || (v >= 0x7F && v < 0xA0) {
                if ours != 0 { mismatches.append(String(format: "control U+%04X ours %d", v, ours)) }
            }
        }
        #expect(checked > 250_000)
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test(arguments: [
        "中文学校", "資産マップ｜地図", "ＡＢＣ", "ｱｲｳ",                          // CJK, fullwidth, halfwidth
        "한국 커뮤니티", "\u{1100}\u{1161}\u{11A8}",                           // Hangul precomposed and jamo
        "বাংলা সম্পদ কেন্দ্র", "ক্ষমা", "কি", "স্ত্রী",                             // Bengali (vowel signs, hasanta)
        "اردو کمیونٹی سینٹر", "\u{0600}\u{0661}",                             // Urdu/Arabic, prepended mark
        "Łódź Gdańsk Żółć", "Cre\u{300}che",                                  // Polish, combining grave
        "⣿⣶⣤⡀ ⠁", "╭─╮│╰╯┏━┓", "█▀▄",                                          // Braille, box drawing, blocks
    ])
    func textAgreesWithWcswidth(_ s: String) throws {
        try #require(utf8Locale)
        #expect(TextWidth.width(of: s) == wcswidth(s), "\(s)")
    }

    @Test func knownWidths() {
        #expect(TextWidth.width(of: "abc") == 3)
        #expect(TextWidth.width(of: "中文") == 4)
        #expect(TextWidth.width(of: "한국어") == 6)
        #expect(TextWidth.width(of: "⣿⣶⣤") == 3)
        #expect(TextWidth.width(of: "╭─╮") == 3)
        #expect(TextWidth.width(of: "Łódź") == 4)
        #expect(TextWidth.width(of: "e\u{301}") == 1)
        #expect(TextWidth.width(of: "\u{7}") == 0)
        #expect(TextWidth.width(of: "\u{200D}") == 0)
        #expect(TextWidth.width(of: "\u{FE0F}") == 0)
        // Bengali: "বাংলা" is two grapheme clusters, 3 + 2 columns.
        let bengali = "বাংলা"
        #expect(bengali.count == 2)
        #expect(bengali.map { TextWidth.width(of: $0) } == [3, 2])
    }

    @Test(arguments: [
        ("👍", 2), ("👍🏽", 2), ("👨‍👩‍👧", 2), ("👩🏽‍💻", 2), ("🇬🇧", 2), ("🇵🇱", 2),
        ("❤️", 2), ("❤", 1), ("1️⃣", 2), ("☺︎", 1), ("🏴󠁧󠁢󠁳󠁣󠁴󠁿", 2), ("😀", 2), ("🫨", 2),
    ])
    func emojiClusters(_ s: String, _ expected: Int) {
        #expect(s.count == 1, "one grapheme: \(s)")
        #expect(TextWidth.width(of: Character(s)) == expected, "\(s)")
        #expect(TextWidth.width(of: s) == expected, "\(s)")
    }

    @Test func truncateBasics() {
        #expect(TextWidth.truncate("abc", to: 3) == "abc")
        #expect(TextWidth.truncate("abcd", to: 3) == "ab…")
        #expect(TextWidth.truncate("abcd", to: 1) == "…")
        #expect(TextWidth.truncate("abcd", to: 0) == "")
        #expect(TextWidth.truncate("中文字", to: 4) == "中 …")   // 文 would straddle: padding before the ellipsis
        #expect(TextWidth.truncate("中文字", to: 5) == "中文…")
        #expect(TextWidth.truncate("中文", to: 3, ellipsis: "") == "中 ")
        #expect(TextWidth.truncate("ab", to: 5) == "ab")          // fits: unchanged, not padded
    }

    static let samples = [
        "Shaw Food Bank", "中文社区食物银行 Food Hub", "한국 음식 나눔터", "বাংলা খাদ্য সহায়তা কেন্দ্র",
        "اردو کمیونٹی فوڈ پینٹری", "Łódź Polish Food Club", "Family 👨‍👩‍👧 Food 🇬🇧 Hub", "Cre\u{300}che Nai\u{308}ve",
        "⣿⣶⣤ Braille", "ক্ষ্ম্য", "",
    ]

    @Test func truncateNeverExceedsWidthNorSplitsGraphemes() {
        for s in Self.samples {
            for w in 0...30 {
                let t = TextWidth.truncate(s, to: w)
                let tw = TextWidth.width(of: t)
                #expect(tw <= w, "'\(s)' to \(w) gave '\(t)' (\(tw))")
                if TextWidth.width(of: s) <= w {
                    #expect(t == s)
                } else {
                    #expect(tw == w, "'\(s)' to \(w) gave '\(t)' (\(tw))")
                    // What precedes the padding and ellipsis is a prefix of whole graphemes.
                    var body = Array(t)
                    if body.last == "…" { body.removeLast() }
                    while body.last == " " { body.removeLast() }
                    #expect(Array(s).starts(with: body), "'\(t)' is not a grapheme prefix of '\(s)'")
                }
            }
        }
    }

    @Test func padAligns() {
        #expect(TextWidth.pad("中", to: 4) == "中  ")
        #expect(TextWidth.pad("中", to: 4, alignment: .right) == "  中")
        #expect(TextWidth.pad("ab", to: 5, alignment: .center) == " ab  ")
        #expect(TextWidth.pad("abcdef", to: 4) == "abc…")
        for s in Self.samples {
            for w in 1...20 { #expect(TextWidth.width(of: TextWidth.pad(s, to: w)) == w) }
        }
    }

    @Test func wrapWords() {
        #expect(TextWidth.wrap("the quick brown fox", width: 10) == ["the quick", "brown fox"])
        #expect(TextWidth.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(TextWidth.wrap("one\ntwo three", width: 20) == ["one", "two three"])
        #expect(TextWidth.wrap("  indented text here", width: 12) == ["  indented", "text here"])
        #expect(TextWidth.wrap("", width: 5) == [""])
        #expect(TextWidth.wrap("abc", width: 0) == [])
        #expect(TextWidth.wrap("中文中文中文", width: 5) == ["中文", "中文", "中文"])
        #expect(TextWidth.wrap("a\tb", width: 5) == ["a b"])
    }

    @Test func wrapNeverExceedsWidth() {
        for s in Self.samples {
            for w in 2...25 {
                let lines = TextWidth.wrap(s + " " + s, width: w)
                // A line is never wider than asked, unless it is one grapheme wider than the line itself.
                for l in lines where l.count > 1 { #expect(TextWidth.width(of: l) <= w, "'\(l)' at \(w)") }
                // Nothing is lost but spaces.
                let joined = lines.joined().filter { $0 != " " }
                #expect(joined == (s + s).filter { $0 != " " })
            }
        }
    }

    @Test func wrapStyledSpans() {
        let bold = Style(bold: true)
        let lines = TextWrap.wrap([Span("plain "), Span("bold words", bold), Span(" tail")], width: 11)
        #expect(lines.map(\.plainText) == ["plain bold", "words tail"])
        #expect(lines[0].last?.style == bold)
        #expect(lines[1].first == Span("words", bold))
    }
}

@Suite struct GroupedTests {
    @Test(arguments: [(0, "0"), (999, "999"), (1000, "1,000"), (1_000_000, "1,000,000"), (12_345, "12,345"),
                      (-100, "-100"), (-1200, "-1,200"), (-1_000_000, "-1,000,000")])
    func thousandsSeparators(n: Int, text: String) { #expect(grouped(n) == text) }
}
