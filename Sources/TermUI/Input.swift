// Input events: keys, mouse, resize, paste, ticks. Terminal-independent; the
// terminal layer decodes its input into these.

/// Modifier keys (used with special keys, e.g. Ctrl-← = `.modified(.left, .ctrl)`).
public struct KeyModifiers: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let shift = KeyModifiers(rawValue: 1)
    public static let alt = KeyModifiers(rawValue: 2)
    public static let ctrl = KeyModifiers(rawValue: 4)
}

public indirect enum Key: Hashable, Sendable, CustomStringConvertible {
    /// A printable character (letters keep their case: `G` is `.char("G")`).
    case char(Character)
    /// Ctrl plus a letter or symbol, lower-case: Ctrl-C is `.ctrl("c")`.
    case ctrl(Character)
    /// Alt (Meta) plus a character: Alt-x is `.alt("x")`.
    case alt(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case enter, escape, tab, backTab, backspace, delete, insert
    case function(Int)
    /// A special key with modifiers, e.g. `.modified(.right, .ctrl)`.
    case modified(Key, KeyModifiers)

    /// The key for a character typed as-is: control characters map to their keys
    /// (CR/LF → Enter, TAB → Tab, DEL/BS → Backspace, ESC → Escape, 0x01–0x1A → Ctrl-a…z).
    public static func fromScalar(_ v: UInt32) -> Key {
        switch v {
        case 0x0D, 0x0A: return .enter
        case 0x09: return .tab
        case 0x7F, 0x08: return .backspace
        case 0x1B: return .escape
        case 0x00: return .ctrl(" ")
        case 0x01...0x1A: return .ctrl(Character(Unicode.Scalar(v + 0x60)!))
        case 0x1C: return .ctrl("\\")
        case 0x1D: return .ctrl("]")
        case 0x1E: return .ctrl("^")
        case 0x1F: return .ctrl("_")
        default:
            guard let s = Unicode.Scalar(v) else { return .char("\u{FFFD}") }
            return .char(Character(s))
        }
    }

    /// The human name used in key bars, help and docs: `j`, `G`, `↑`, `PgDn`,
    /// `Ctrl-C`, `Alt-x`, `Enter`, `Esc`, `Tab`, `S-Tab`, `Space`, `F5`, `Ctrl-←`.
    public var name: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return Sanitize.line(String(c))
        case .ctrl(" "): return "Ctrl-Space"
        case .ctrl(let c): return "Ctrl-" + String(c).uppercased()
        case .alt(" "): return "Alt-Space"
        case .alt(let c): return "Alt-" + Sanitize.line(String(c))
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "S-Tab"
        case .backspace: return "Bksp"
        case .delete: return "Del"
        case .insert: return "Ins"
        case .function(let n): return "F\(n)"
        case .modified(let k, let m):
            var p = ""
            if m.contains(.ctrl) { p += "Ctrl-" }
            if m.contains(.alt) { p += "Alt-" }
            if m.contains(.shift) { p += "S-" }
            return p + k.name
        }
    }

    public var description: String { name }
}

public enum MouseButton: Hashable, Sendable {
    case left, middle, right, wheelUp, wheelDown, none
}

public enum MouseAction: Hashable, Sendable {
    /// Button pressed (wheel notches arrive as presses of `.wheelUp`/`.wheelDown`).
    case press
    case release
    /// A press and release reported as one event (only when the terminal layer is set to synthesise clicks).
    case click
    /// Movement with a button held.
    case drag
    /// Movement with no button held.
    case move
}

public struct MouseEvent: Hashable, Sendable {
    /// The cell under the pointer.
    public var point: Point
    public var button: MouseButton
    public var action: MouseAction
    public var modifiers: KeyModifiers

    public init(point: Point, button: MouseButton, action: MouseAction, modifiers: KeyModifiers = []) {
        self.point = point
        self.button = button
        self.action = action
        self.modifiers = modifiers
    }

    /// A left press or click: what should select/activate the thing under the pointer.
    public var isPrimaryActivation: Bool { button == .left && (action == .press || action == .click) }

    /// -1 for a wheel-up notch, +1 for wheel-down, 0 otherwise.
    public var wheelDelta: Int {
        switch button {
        case .wheelUp: return -1
        case .wheelDown: return 1
        default: return 0
        }
    }
}

public enum InputEvent: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    /// The terminal now has this size.
    case resize(Size)
    /// Text pasted by the user (bracketed paste), newlines included.
    case paste(String)
    /// Periodic wake-up (when the program asks for ticks) or a background-work wake-up.
    case tick
}
