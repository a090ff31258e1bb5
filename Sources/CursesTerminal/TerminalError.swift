/// Why the full-screen terminal could not be opened. Opening fails before the
/// terminal is touched, so the caller can print `message` and exit.
public enum TerminalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Standard input or output is not a terminal (piped, redirected, run from cron…).
    case notATerminal(stream: String)
    /// TERM is not set.
    case noTerm
    /// TERM=dumb (e.g. inside an editor's shell buffer).
    case dumbTerminal
    /// ncurses has no terminfo entry for TERM.
    case unknownTerminal(String)
    /// No UTF-8 locale could be set (not even C.UTF-8).
    case noUTF8Locale
    /// A terminal is already open in this process.
    case alreadyOpen

    /// One line for the user, without the program name.
    public var reason: String {
        switch self {
        case .notATerminal(let stream):
            return "the full-screen explorer needs an interactive terminal (standard \(stream) is not a terminal)"
        case .noTerm:
            return "the full-screen explorer needs an interactive terminal (TERM is not set)"
        case .dumbTerminal:
            return "the full-screen explorer needs an interactive terminal (TERM=dumb)"
        case .unknownTerminal(let t):
            return "the full-screen explorer cannot drive this terminal (no terminfo entry for TERM=\(t); TERM=xterm-256color may work)"
        case .noUTF8Locale:
            return "the full-screen explorer needs a UTF-8 locale and none is available; try LANG=C.UTF-8"
        case .alreadyOpen:
            return "the terminal is already in use by this program"
        }
    }

    /// The full message, e.g. "assetmap: the full-screen explorer needs an interactive
    /// terminal (TERM=dumb). Try 'assetmap search …' or 'assetmap list'."
    public func message(program: String = "assetmap",
                        hint: String? = "Try 'assetmap search …' or 'assetmap list'.") -> String {
        var m = "\(program): \(reason)."
        if let hint, !hint.isEmpty, self != .alreadyOpen { m += " " + hint }
        return m
    }

    public var description: String { message() }
}
