import Testing
@testable import TermUI

@Suite struct SanitizeTests {
    @Test func cleanTextIsUnchanged() {
        for s in ["plain", "中文 বাংলা اردو Łódź ⣿ ╭─╮ 👨‍👩‍👧 🇬🇧", "e\u{301}", ""] {
            #expect(Sanitize.line(s) == s)
            #expect(Sanitize.isClean(s))
        }
    }

    @Test func escapeSequences() {
        #expect(Sanitize.line("\u{1B}[2Jhello") == "␛hello")                     // CSI clear screen
        #expect(Sanitize.line("\u{1B}[1;31mred\u{1B}[0m") == "␛red␛")            // SGR colours
        #expect(Sanitize.line("a\u{1B}]52;c;ZXZpbA==\u{7}b") == "a␛b")          // OSC 52 clipboard, BEL-terminated
        #expect(Sanitize.line("a\u{1B}]52;c;ZXZpbA==\u{1B}\\b") == "a␛b")       // OSC 52, ST-terminated
        #expect(Sanitize.line("a\u{1B}]8;;http://x\u{1B}\\link\u{1B}]8;;\u{1B}\\b") == "a␛link␛b")  // hyperlink
        #expect(Sanitize.line("x\u{1B}P1$r\u{1B}\\y") == "x␛y")                  // DCS
        #expect(Sanitize.line("x\u{1B}(By") == "x␛y")                            // charset designation
        #expect(Sanitize.line("x\u{1B}cy") == "x␛y")                             // RIS
        #expect(Sanitize.line("abc\u{1B}") == "abc␛")                            // trailing ESC
        #expect(Sanitize.line("\u{9B}31mred") == "␛red")                          // 8-bit CSI
        #expect(Sanitize.line("\u{9D}0;title\u{9C}ok") == "␛ok")                  // 8-bit OSC + ST
    }

    @Test func controlCharacters() {
        #expect(Sanitize.line("a\tb") == "a b")
        #expect(Sanitize.line("a\nb\r\nc\rd") == "a b c d")
        #expect(Sanitize.text("a\nb\r\nc") == "a\nb\nc")
        #expect(Sanitize.line("bell\u{7}") == "bell␇")
        #expect(Sanitize.line("nul\u{0}") == "nul␀")
        #expect(Sanitize.line("del\u{7F}") == "del␡")
        #expect(Sanitize.line("x\u{85}y") == "x y")                                // NEL
        #expect(Sanitize.line("x\u{80}y\u{81}z") == "x\u{FFFD}y\u{FFFD}z")           // other C1
        #expect(Sanitize.line("x\u{9F}hidden\u{9C}z") == "x␛z")                    // 8-bit APC string
        #expect(Sanitize.line("x\u{2028}y") == "x y")
        #expect(Sanitize.line("x\u{FFFF}y") == "x\u{FFFD}y")
    }

    @Test func bidiControlsRemoved() {
        #expect(Sanitize.line("abc\u{202E}fed\u{202C}") == "abcfed")
        #expect(Sanitize.line("a\u{2066}b\u{2067}c\u{2068}d\u{2069}") == "abcd")
        #expect(Sanitize.line("\u{202A}\u{202B}\u{202D}x") == "x")
        #expect(Sanitize.line("اردو\u{200F}") == "اردو")
    }

    @Test func nothingControlSurvives() {
        var nasty = ""
        for v in UInt32(0)..<0xA0 { nasty.unicodeScalars.append(Unicode.Scalar(v)!) }
        nasty += "\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}\u{1B}[?1049h\u{1B}]0;x\u{7}"
        func isBad(_ v: UInt32, allowNewline: Bool) -> Bool {
            if allowNewline && v == 0x0A { return false }
            return v < 0x20 || (v >= 0x7F && v < 0xA0) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
        }
        for s in [nasty, String(nasty.reversed()), nasty + "中" + nasty] {
            let line = Sanitize.line(s).unicodeScalars.filter { isBad($0.value, allowNewline: false) }
            let text = Sanitize.text(s).unicodeScalars.filter { isBad($0.value, allowNewline: true) }
            #expect(line.isEmpty, "line kept \(line.map { String($0.value, radix: 16) })")
            #expect(text.isEmpty, "text kept \(text.map { String($0.value, radix: 16) })")
        }
    }

    @Test func bufferSanitisesEverything() {
        var b = Buffer(width: 20, height: 1)
        b.put("\u{1B}[31mred\u{7}", x: 0, y: 0)
        #expect(b.textLines() == ["␛red␇               "])
    }
}
