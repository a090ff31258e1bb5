import CNCursesW
import Glibc
import TermUI

/// The full-screen terminal: the only code that calls curses.
///
/// Use from one thread (normally the main thread). Open it, draw `Buffer`s and read
/// `InputEvent`s — or hand a `TerminalProgram` to `run` — and `close()` it; the
/// terminal is also restored on SIGINT/SIGTERM/SIGHUP/SIGQUIT, on crashes and at
/// exit (see Signals.swift).
public final class CursesTerminal {

    public struct Options: Sendable {
        /// Mouse clicks and wheel.
        public var mouse: Bool = true
        /// Also report pointer movement (drag/move events). Off by default: it floods input.
        public var mouseMotion: Bool = false
        /// nil: honour NO_COLOR (colours off when it is set and not empty).
        public var color: Bool? = nil
        /// Escape delay in ms; nil: the ESCDELAY environment variable, else 25.
        public var escapeDelayMs: Int? = nil
        /// Ask the terminal to mark pastes (bracketed paste → `.paste(String)`).
        public var bracketedPaste: Bool = true
        /// Interval of `.tick` events while the program `needsTick`, in ms.
        public var tickIntervalMs: Int = 100
        /// Append per-frame timings here; nil: the ASSETMAP_TRACE_FRAMES environment variable.
        public var traceFramesPath: String? = nil
        /// The environment to read TERM, NO_COLOR, ESCDELAY and ASSETMAP_TRACE_FRAMES from.
        public var environment: [String: String]

        public init(environment: [String: String]? = nil) {
            self.environment = environment ?? CursesTerminal.processEnvironment()
        }
    }

    // MARK: State

    nonisolated(unsafe) static weak var current: CursesTerminal?

    public let options: Options
    /// Colours available to styles (0 = attributes only, e.g. NO_COLOR).
    public let colorCount: Int
    /// The terminal type (TERM).
    public let termName: String

    private var screen: OpaquePointer?
    private var outFile: UnsafeMutablePointer<FILE>?
    private var inFile: UnsafeMutablePointer<FILE>?
    let inFd: Int32
    private let outFd: Int32
    private var colors: ColorMapper
    private var previous: Buffer?
    private var needsFullRepaint = true
    private(set) public var isOpen = false
    private var pending: [InputEvent] = []
    private var buttonsDown: Set<MouseButton> = []
    private var extendedKeys: [Int32: Key?] = [:]
    private let mouseMask: mmask_t
    let trace: FrameTrace?
    static let pasteStartCode: Int32 = KEY_MAX + 0x1000
    static let pasteEndCode: Int32 = KEY_MAX + 0x1001
    nonisolated(unsafe) static var wakePipe: (read: Int32, write: Int32) = (-1, -1)

    // MARK: Opening

    /// Opens the full-screen terminal, or throws without touching the terminal when
    /// it can't: stdin/stdout not a tty, TERM unset or `dumb`, an unknown TERM, no UTF-8 locale.
    public static func open(_ options: Options = Options()) throws(TerminalError) -> CursesTerminal {
        if let c = current, c.isOpen { throw .alreadyOpen }
        guard isatty(STDIN_FILENO) == 1 else { throw .notATerminal(stream: "input") }
        guard isatty(STDOUT_FILENO) == 1 else { throw .notATerminal(stream: "output") }
        guard let term = options.environment["TERM"], !term.isEmpty else { throw .noTerm }
        if term == "dumb" { throw .dumbTerminal }

        // Locale: the user's, else C.UTF-8 when it doesn't give UTF-8 widths.
        setlocale(LC_ALL, "")
        if wcwidth(0x4E2D) != 2 || !codesetIsUTF8() {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        guard wcwidth(0x4E2D) == 2 else { throw .noUTF8Locale }

        // Shell-mode terminal settings, for the emergency restore.
        var saved = Glibc.termios()
        let haveTermios = tcgetattr(STDIN_FILENO, &saved) == 0

        let inDup = dup(STDIN_FILENO), outDup = dup(STDOUT_FILENO)
        guard inDup >= 0, outDup >= 0, let inF = fdopen(inDup, "r"), let outF = fdopen(outDup, "w") else {
            throw .notATerminal(stream: "input")
        }
        guard let scr = term.withCString({ newterm($0, outF, inF) }) else {
            fclose(inF)
            fclose(outF)
            throw .unknownTerminal(term)
        }
        set_term(scr)

        let t = CursesTerminal(screen: scr, outFile: outF, inFile: inF, inFd: inDup, outFd: outDup,
                               term: term, options: options)
        if haveTermios {
            emergencyState.pointee.termios = saved
            emergencyState.pointee.hasTermios = true
        }
        emergencyState.pointee.inFd = inDup
        emergencyState.pointee.outFd = outDup
        t.prepareEmergencyBytes()
        emergencyState.pointee.wakeFd = wakePipe.write
        emergencyState.pointee.active = 1
        SignalGuard.installAll()
        captureStderr()
        current = t
        return t
    }

    private init(screen: OpaquePointer, outFile: UnsafeMutablePointer<FILE>, inFile: UnsafeMutablePointer<FILE>,
                 inFd: Int32, outFd: Int32, term: String, options: Options) {
        self.screen = screen
        self.outFile = outFile
        self.inFile = inFile
        self.inFd = inFd
        self.outFd = outFd
        self.termName = term
        self.options = options

        raw()                    // Ctrl-C / Ctrl-Z / Ctrl-S arrive as keys
        noecho()
        nonl()
        keypad(cn_stdscr(), true)
        meta(cn_stdscr(), true)
        intrflush(cn_stdscr(), false)
        leaveok(cn_stdscr(), true)
        curs_set(0)

        var delay = 25
        if let d = options.escapeDelayMs { delay = d }
        else if let e = options.environment["ESCDELAY"], let v = Int(e), v >= 0 { delay = v }
        set_escdelay(Int32(min(delay, 10_000)))

        // Colours.
        let noColorEnv = (options.environment["NO_COLOR"].map { !$0.isEmpty }) ?? false
        let wantColor = options.color ?? !noColorEnv
        var count = 0
        var defaults = false
        if wantColor && has_colors() {
            start_color()
            defaults = use_default_colors() == OK
            count = Int(cn_colors())
        }
        self.colorCount = count
        self.colors = ColorMapper(colorCount: count, defaultColors: defaults, maxPairs: Int(cn_color_pairs()))

        // Mouse.
        var mask: mmask_t = 0
        if options.mouse {
            mask = CN_ALL_MOUSE_EVENTS
            if options.mouseMotion { mask |= CN_REPORT_MOUSE_POSITION }
            mousemask(mask, nil)
            mouseinterval(0)   // report presses/releases at once; no click synthesis delay
        }
        self.mouseMask = mask

        // Bracketed paste.
        if options.bracketedPaste {
            define_key("\u{1B}[200~", CursesTerminal.pasteStartCode)
            define_key("\u{1B}[201~", CursesTerminal.pasteEndCode)
        }

        if CursesTerminal.wakePipe.read < 0 {
            var fds: [Int32] = [-1, -1]
            if pipe(&fds) == 0 {
                for fd in fds {
                    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                    _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                }
                CursesTerminal.wakePipe = (fds[0], fds[1])
            }
        }

        self.trace = FrameTrace(path: options.traceFramesPath ?? options.environment["ASSETMAP_TRACE_FRAMES"])
        isOpen = true
        enableTerminalModes()
        wnoutrefresh(cn_stdscr())
        doupdate()
    }

    deinit {
        close()
    }

    static func processEnvironment() -> [String: String] {
        var env: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") {
                env[String(s[..<eq])] = String(s[s.index(after: eq)...])
            }
            p += 1
        }
        return env
    }

    static func codesetIsUTF8() -> Bool {
        guard let cs = nl_langinfo(nl_item(CODESET)) else { return false }
        let s = String(cString: cs).uppercased()
        return s == "UTF-8" || s == "UTF8"
    }

    /// Bytes written by the emergency restore (see Signals.swift), built from terminfo.
    private func prepareEmergencyBytes() {
        var bytes: [UInt8] = [0x18]  // CAN: abort any escape sequence ncurses was in the middle of
        func cap(_ name: String) {
            guard let p = name.withCString({ cn_tigetstr($0) }) else { return }
            bytes.append(contentsOf: CursesTerminal.stripPadding(Array(String(cString: p).utf8)))
        }
        cap("sgr0")
        if mouseMask != 0 { bytes.append(contentsOf: Array("\u{1B}[?1003l\u{1B}[?1002l\u{1B}[?1000l\u{1B}[?1006l".utf8)) }
        if options.bracketedPaste { bytes.append(contentsOf: Array("\u{1B}[?2004l".utf8)) }
        cap("rmkx")
        cap("cnorm")
        cap("rmcup")
        if let old = emergencyState.pointee.bytes { old.deallocate() }
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count)
        p.initialize(from: bytes, count: bytes.count)
        emergencyState.pointee.bytes = p
        emergencyState.pointee.count = bytes.count
    }

    /// Removes terminfo padding ("$<5>", "$<2*/>") from a capability string.
    static func stripPadding(_ s: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < s.count {
            if s[i] == UInt8(ascii: "$"), i + 1 < s.count, s[i + 1] == UInt8(ascii: "<"),
               let close = s[(i + 2)...].firstIndex(of: UInt8(ascii: ">")) {
                i = close + 1
                continue
            }
            out.append(s[i])
            i += 1
        }
        return out
    }

    private func writeRaw(_ s: String) {
        fflush(outFile)
        let bytes = Array(s.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBufferPointer { write(outFd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            done += n
        }
    }

    /// Terminal modes ncurses does not manage itself.
    private func enableTerminalModes() {
        if options.bracketedPaste { writeRaw("\u{1B}[?2004h") }
    }

    private func disableTerminalModes() {
        if options.bracketedPaste { writeRaw("\u{1B}[?2004l") }
    }

    // MARK: Closing

    /// Restores the terminal (endwin). Safe to call more than once.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        emergencyState.pointee.active = 0
        disableTerminalModes()
        endwin()
        releaseStderr()
        if let s = screen { delscreen(s) }
        screen = nil
        if let f = outFile { fclose(f) }
        if let f = inFile { fclose(f) }
        outFile = nil
        inFile = nil
        SignalGuard.restoreAll()
        trace?.close()
        if CursesTerminal.current === self { CursesTerminal.current = nil }
    }

    static func closeCurrentAtExit() {
        current?.close()
    }

    // MARK: Size

    /// The terminal size now.
    public var size: Size {
        guard isOpen else { return .zero }
        var y: Int32 = 0, x: Int32 = 0
        cn_getmaxyx(cn_stdscr(), &y, &x)
        return Size(width: Int(x), height: Int(y))
    }

    /// The theme matching this terminal's colours (`Theme.noColor` when colours are off).
    public var recommendedTheme: Theme {
        Theme.automatic(colorCount: colorCount, noColor: colorCount == 0)
    }

    // MARK: Drawing

    /// Repaint everything on the next `draw` (after a resume, Ctrl-L…).
    public func invalidate() { needsFullRepaint = true }

    /// Statistics of the last `draw`: changed runs and cells written, time to diff
    /// the buffers and time to write the cells and refresh, in milliseconds.
    /// Whether `curs_set(1)` is in force (see `placeCursor`).
    private var cursorShown = false
    public private(set) var lastDrawStats = (runs: 0, cells: 0, diffMs: 0.0, writeMs: 0.0)

    /// Draws a frame: writes only the cells that changed since the previous frame
    /// (everything after a resize, resume or `invalidate()`), then refreshes once.
    public func draw(_ buffer: Buffer) {
        guard isOpen else { return }
        let screenSize = size
        let full = needsFullRepaint || previous == nil || previous?.size != buffer.size
        if full {
            werase(cn_stdscr())
            clearok(cn_curscr(), true)
            needsFullRepaint = false
        }
        let t0 = monotonicMs()
        let runs = buffer.diff(from: full ? nil : previous)
        let t1 = monotonicMs()
        var cells = 0
        for run in runs where run.y < screenSize.height {
            var x = run.x
            for cell in run.cells {
                if x >= screenSize.width { break }
                if !cell.isContinuation {
                    writeCell(cell, x: x, y: run.y, limit: screenSize.width)
                    cells += 1
                }
                x += 1
            }
        }
        placeCursor(buffer.cursor, screen: screenSize)
        wnoutrefresh(cn_stdscr())
        doupdate()
        lastDrawStats = (runs.count, cells, t1 - t0, monotonicMs() - t1)
        previous = buffer
    }

    /// The real cursor: on `point` and visible (no `leaveok`, so ncurses leaves it there after
    /// the refresh), or hidden when the frame has no cursor. Programs set `Buffer.cursor` only
    /// where a reader should follow it (accessible mode, a focused text field).
    private func placeCursor(_ point: Point?, screen: Size) {
        if let p = point, p.x >= 0, p.y >= 0, p.x < screen.width, p.y < screen.height {
            leaveok(cn_stdscr(), false)
            wmove(cn_stdscr(), Int32(p.y), Int32(p.x))
            if !cursorShown { curs_set(1); cursorShown = true }
        } else {
            leaveok(cn_stdscr(), true)
            if cursorShown { curs_set(0); cursorShown = false }
        }
    }

    /// Writes one cell's grapheme. The grapheme is split into ncurses-sized pieces
    /// (a spacing character plus its combining characters); pieces are written while
    /// they fit the cell's width and the rest is padded with spaces, so ncurses'
    /// idea of the line always matches the buffer even when the terminal's C library
    /// would draw an emoji sequence differently.
    private func writeCell(_ cell: Cell, x: Int, y: Int, limit: Int) {
        let (attrs, pair) = colors.resolve(cell.style)
        let text = cell.text
        if text.utf8.count == 1, let b = text.utf8.first, b >= 0x20, b < 0x7F {
            var wc: [wchar_t] = [wchar_t(b)]
            cn_mvadd_cell(Int32(y), Int32(x), &wc, 1, attrs, pair)
            return
        }
        let cellWidth = max(1, TextWidth.width(of: text))
        if x + cellWidth > limit {
            var sp: [wchar_t] = [32]
            for cx in x..<limit { cn_mvadd_cell(Int32(y), Int32(cx), &sp, 1, attrs, pair) }
            return
        }
        var used = 0
        for piece in CursesTerminal.pieces(of: text) {
            if used + piece.width > cellWidth { break }
            var wc = piece.chars
            cn_mvadd_cell(Int32(y), Int32(x + used), &wc, Int32(wc.count), attrs, pair)
            used += piece.width
        }
        var sp: [wchar_t] = [32]
        while used < cellWidth {
            cn_mvadd_cell(Int32(y), Int32(x + used), &sp, 1, attrs, pair)
            used += 1
        }
    }

    /// Splits a grapheme into (spacing char + combining chars) pieces by the C
    /// library's wcwidth. A base the C library doesn't know (wcwidth < 1) becomes U+FFFD;
    /// VS16 after a narrow base and trailing ZWJs are dropped (they would make some
    /// terminals draw the character wider than ncurses thinks).
    static func pieces(of text: String) -> [(chars: [wchar_t], width: Int)] {
        var out: [(chars: [wchar_t], width: Int)] = []
        let maxChars = Int(cn_ccharw_max())
        for s in text.unicodeScalars {
            let wc = wchar_t(bitPattern: s.value)
            let w = Int(wcwidth(wc))
            if w > 0 || out.isEmpty {
                if w < 1 {
                    out.append(([0xFFFD], 1))
                } else {
                    out.append(([wc], w))
                }
            } else if w == 0 {
                let i = out.count - 1
                if s.value == 0xFE0F && out[i].width < 2 { continue }
                if out[i].chars.count < maxChars { out[i].chars.append(wc) }
            }
            // w < 0 after a base (unknown to the C library): dropped.
        }
        for i in out.indices {
            while out[i].chars.count > 1 && out[i].chars.last == 0x200D { out[i].chars.removeLast() }
        }
        return out
    }

    // MARK: Input

    /// Reads one event, waiting up to `timeoutMs` (negative: forever, 0: don't wait).
    /// Returns nil on timeout.
    public func readEvent(timeoutMs: Int) -> InputEvent? {
        guard isOpen else { return nil }
        if !pending.isEmpty { return pending.removeFirst() }
        wtimeout(cn_stdscr(), Int32(max(-1, min(timeoutMs, Int(Int32.max)))))
        var wc: wint_t = 0
        let rc = wget_wch(cn_stdscr(), &wc)
        switch rc {
        case KEY_CODE_YES:
            return decodeKeyCode(Int32(bitPattern: wc))
        case OK:
            return decodeChar(UInt32(wc))
        default:
            return nil
        }
    }

    /// Every event already available, without waiting.
    public func drainEvents(limit: Int = 10_000) -> [InputEvent] {
        var events: [InputEvent] = []
        while events.count < limit, let e = readEvent(timeoutMs: 0) {
            if case .key(.char(let c)) = e, let last = events.last, case .key(.char(let p)) = last,
               c.unicodeScalars.allSatisfy({ TextWidth.width(of: $0) == 0 }) {
                // A combining character typed after its base: keep them together.
                events[events.count - 1] = .key(.char(Character(String(p) + String(c))))
                continue
            }
            events.append(e)
        }
        return events
    }

    private func decodeChar(_ v: UInt32) -> InputEvent? {
        if v == 0x1B {
            // Esc alone, or Alt+key (ncurses already waited ESCDELAY for a sequence).
            wtimeout(cn_stdscr(), 0)
            var wc: wint_t = 0
            let rc = wget_wch(cn_stdscr(), &wc)
            if rc == OK {
                let next = UInt32(wc)
                if let seq = readEscapeSequence(first: next) { return seq }
                switch Key.fromScalar(next) {
                case .char(let c): return .key(.alt(c))
                case .backspace: return .key(.modified(.backspace, .alt))
                case .enter: return .key(.modified(.enter, .alt))
                case .escape: pending.append(.key(.escape)); return .key(.escape)
                case let other: pending.append(.key(other)); return .key(.escape)
                }
            } else if rc == KEY_CODE_YES {
                if let e = decodeKeyCode(Int32(bitPattern: wc)) {
                    if case .key(let k) = e, isSpecialKey(k) { return .key(.modified(k, .alt)) }
                    pending.append(e)
                }
                return .key(.escape)
            }
            return .key(.escape)
        }
        return .key(Key.fromScalar(v))
    }

    /// After ESC then `first`: a CSI/SS3 sequence the terminfo did not describe is decoded
    /// into a key when xterm's, and swallowed (the next event, or nil) when unknown, so it
    /// never reaches a field as text. Returns nil when `first` does not start a sequence.
    private func readEscapeSequence(first: UInt32) -> InputEvent?? {
        guard let f = Unicode.Scalar(first) else { return nil }
        var seq: [Unicode.Scalar] = [f]
        while true {
            switch EscapeSequence.decode(seq) {
            case .notASequence:
                return nil
            case .complete(let key):
                if let key { return .some(.key(key)) }
                return .some(readEvent(timeoutMs: 0))
            case .needMore:
                wtimeout(cn_stdscr(), 10)
                var wc: wint_t = 0
                let rc = wget_wch(cn_stdscr(), &wc)
                guard rc == OK, let s = Unicode.Scalar(UInt32(wc)) else {
                    if rc == KEY_CODE_YES, let e = decodeKeyCode(Int32(bitPattern: wc)) { pending.append(e) }
                    // Alt-[ or Alt-O typed alone; a longer fragment is swallowed.
                    return seq.count == 1 ? .some(.key(.alt(Character(f)))) : .some(pending.isEmpty ? nil : pending.removeFirst())
                }
                seq.append(s)
            }
        }
    }

    private func isSpecialKey(_ k: Key) -> Bool {
        switch k {
        case .up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .delete, .insert: return true
        default: return false
        }
    }

    private func decodeKeyCode(_ code: Int32) -> InputEvent? {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_HOME, KEY_A1: return .key(.home)
        case KEY_END, KEY_C1: return .key(.end)
        case KEY_PPAGE, KEY_A3: return .key(.pageUp)
        case KEY_NPAGE, KEY_C3: return .key(.pageDown)
        case KEY_ENTER: return .key(.enter)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_IC: return .key(.insert)
        case KEY_BTAB: return .key(.backTab)
        case KEY_SR: return .key(.modified(.up, .shift))
        case KEY_SF: return .key(.modified(.down, .shift))
        case KEY_SLEFT: return .key(.modified(.left, .shift))
        case KEY_SRIGHT: return .key(.modified(.right, .shift))
        case KEY_SHOME: return .key(.modified(.home, .shift))
        case KEY_SEND: return .key(.modified(.end, .shift))
        case KEY_SDC: return .key(.modified(.delete, .shift))
        case KEY_SPREVIOUS: return .key(.modified(.pageUp, .shift))
        case KEY_SNEXT: return .key(.modified(.pageDown, .shift))
        case KEY_RESIZE:
            needsFullRepaint = true
            return .resize(size)
        case KEY_MOUSE:
            return decodeMouse()
        case CursesTerminal.pasteStartCode:
            return readPaste()
        case CursesTerminal.pasteEndCode:
            return nil
        default:
            if code >= KEY_F0 && code <= KEY_F0 + 63 { return .key(.function(Int(code - KEY_F0))) }
            if code > KEY_MAX { return extendedKey(code).map { .key($0) } }
            return nil
        }
    }

    /// Keys ncurses reports by terminfo extended names: kUP5 = Ctrl-↑, kLFT3 = Alt-←, …
    private func extendedKey(_ code: Int32) -> Key? {
        if let k = extendedKeys[code] { return k }
        var result: Key? = nil
        if let p = keyname(code) {
            let name = String(cString: p)
            let bases: [(String, Key)] = [("kUP", .up), ("kDN", .down), ("kLFT", .left), ("kRIT", .right),
                                          ("kHOM", .home), ("kEND", .end), ("kPRV", .pageUp), ("kNXT", .pageDown),
                                          ("kDC", .delete), ("kIC", .insert)]
            for (prefix, key) in bases where name.hasPrefix(prefix) {
                let digits = name.dropFirst(prefix.count)
                if let n = Int(digits), n >= 2, n <= 8 {
                    let bits = n - 1
                    var m: KeyModifiers = []
                    if bits & 1 != 0 { m.insert(.shift) }
                    if bits & 2 != 0 { m.insert(.alt) }
                    if bits & 4 != 0 { m.insert(.ctrl) }
                    result = .modified(key, m)
                }
                break
            }
        }
        extendedKeys[code] = result
        return result
    }

    private func decodeMouse() -> InputEvent? {
        var ev = MEVENT()
        guard getmouse(&ev) == OK else { return nil }
        let b = ev.bstate
        let point = Point(x: Int(ev.x), y: Int(ev.y))
        var mods: KeyModifiers = []
        if b & CN_BUTTON_SHIFT != 0 { mods.insert(.shift) }
        if b & CN_BUTTON_CTRL != 0 { mods.insert(.ctrl) }
        if b & CN_BUTTON_ALT != 0 { mods.insert(.alt) }
        func event(_ button: MouseButton, _ action: MouseAction) -> InputEvent {
            .mouse(MouseEvent(point: point, button: button, action: action, modifiers: mods))
        }
        if b & CN_BUTTON4_PRESSED != 0 { return event(.wheelUp, .press) }
        if b & CN_BUTTON5_PRESSED != 0 { return event(.wheelDown, .press) }
        let table: [(mmask_t, MouseButton, MouseAction)] = [
            (CN_BUTTON1_PRESSED, .left, .press), (CN_BUTTON1_RELEASED, .left, .release),
            (CN_BUTTON1_CLICKED, .left, .click), (CN_BUTTON1_DOUBLE_CLICKED, .left, .click),
            (CN_BUTTON2_PRESSED, .middle, .press), (CN_BUTTON2_RELEASED, .middle, .release),
            (CN_BUTTON2_CLICKED, .middle, .click),
            (CN_BUTTON3_PRESSED, .right, .press), (CN_BUTTON3_RELEASED, .right, .release),
            (CN_BUTTON3_CLICKED, .right, .click),
        ]
        for (mask, button, action) in table where b & mask != 0 {
            if action == .press { buttonsDown.insert(button) }
            if action == .release { buttonsDown.remove(button) }
            return event(button, action)
        }
        if b & CN_REPORT_MOUSE_POSITION != 0 {
            if let held = buttonsDown.first { return event(held, .drag) }
            return event(.none, .move)
        }
        return nil
    }

    /// Collects a bracketed paste up to its end marker (or until input pauses for 500 ms).
    private func readPaste() -> InputEvent {
        var text = String.UnicodeScalarView()
        while true {
            wtimeout(cn_stdscr(), 500)
            var wc: wint_t = 0
            let rc = wget_wch(cn_stdscr(), &wc)
            if rc == OK {
                if wc == 0x0D { text.append("\n") }
                else if let s = Unicode.Scalar(UInt32(wc)) { text.append(s) }
            } else if rc == KEY_CODE_YES {
                let code = Int32(bitPattern: wc)
                if code == CursesTerminal.pasteEndCode { break }
                if code == KEY_ENTER { text.append("\n") }
                if code == KEY_RESIZE { pending.append(.resize(size)); needsFullRepaint = true }
            } else {
                break
            }
        }
        return .paste(String(text))
    }

    // MARK: Waking up and suspending

    /// A handle other threads can use to wake the run loop (it then delivers `.tick`),
    /// e.g. when a background search finishes.
    public var waker: TerminalWaker { TerminalWaker(fd: CursesTerminal.wakePipe.write) }

    /// Suspends like Ctrl-Z: restores the terminal, stops the process, and when
    /// continued restores the full-screen modes and repaints everything.
    public func suspend() {
        guard isOpen else { return }
        emergencyState.pointee.active = 0
        disableTerminalModes()
        endwin()
        SignalGuard.stopSelf()
        // Continued (fg).
        emergencyState.pointee.active = 1
        resumeScreen()
    }

    /// After a stop/continue: back to program mode and repaint.
    func resumeScreen() {
        reset_prog_mode()
        if mouseMask != 0 { mousemask(mouseMask, nil) }
        curs_set(0)
        cursorShown = false
        enableTerminalModes()
        needsFullRepaint = true
        clearok(cn_curscr(), true)
        wnoutrefresh(cn_stdscr())
        doupdate()
        pending.append(.resize(size))
    }

    /// Handles SIGTSTP/SIGCONT flags set by the signal handlers. Returns true if it did anything.
    func handleSignalFlags() -> Bool {
        var acted = false
        if suspendRequested.exchange(0, ordering: .sequentiallyConsistent) != 0 {
            suspend()
            _ = continued.exchange(0, ordering: .sequentiallyConsistent)
            acted = true
        }
        if continued.exchange(0, ordering: .sequentiallyConsistent) != 0 {
            // Continued after a stop we didn't arrange (SIGSTOP): the shell may have changed modes.
            resumeScreen()
            acted = true
        }
        return acted
    }
}

/// Wakes a terminal's run loop from any thread (async-signal-safe: one write(2)).
public struct TerminalWaker: Sendable {
    let fd: Int32
    public func wake() {
        guard fd >= 0 else { return }
        var b: UInt8 = 1
        _ = write(fd, &b, 1)
    }
}
