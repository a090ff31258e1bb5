// The Elm-style program the terminal runtime drives.
//
// The runtime (CursesTerminal.run) loops: view → draw → wait for input (or a
// tick) → drain every event already queued → update each → willRender → view …
// so a burst of keystrokes produces one frame.

public enum ProgramCommand: Hashable, Sendable {
    case none
    /// Leave the loop; the runtime returns this exit status.
    case quit(Int32)
    /// Suspend like Ctrl-Z (restore the terminal, stop; redraw on resume).
    case suspend
    /// Repaint the whole screen on the next frame (e.g. Ctrl-L).
    case redraw
}

public protocol TerminalProgram {
    /// The only place state changes.
    mutating func update(_ event: InputEvent) -> ProgramCommand
    /// The whole frame, a pure function of the state, `size` and `theme`.
    func view(size: Size, theme: Theme) -> Buffer
    /// True while the program wants periodic `.tick` events (e.g. background work in flight).
    var needsTick: Bool { get }
    /// Called once after a burst of events has been handled and before `view`:
    /// the place for debounced work (e.g. run the search once for the final query).
    mutating func willRender()
}

extension TerminalProgram {
    public var needsTick: Bool { false }
    public mutating func willRender() {}
}
