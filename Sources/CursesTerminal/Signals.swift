import Glibc
import Synchronization

// Restoring the terminal on every exit path.
//
// Choice (see the brief's "async-signal-safe where possible"):
//
// * SIGINT, SIGTERM, SIGHUP, SIGQUIT: the handler itself restores the terminal and
//   exits with 128+signal (130 for SIGINT, 143 for SIGTERM). It uses only
//   async-signal-safe calls — write(2) of a byte string prepared at open time from
//   terminfo (reset attributes, mouse and bracketed paste off, keypad transmit off,
//   cursor visible, leave the alternate screen), tcsetattr(3) with the terminal
//   modes saved before ncurses started, and _exit(2). Calling endwin() from a
//   handler is what ncurses' own handler does, but endwin is not async-signal-safe
//   (it can deadlock or corrupt ncurses' output buffer if the signal lands inside
//   ncurses); our handler works even when the main thread is stuck, which is exactly
//   when someone sends SIGTERM.
// * Crash signals (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP — Swift runtime
//   traps arrive as SIGILL/SIGTRAP): the same restore, then the signal is re-raised
//   with the default action so the crash still happens (core dump, exit status).
// * SIGTSTP (only from `kill -TSTP`: in raw mode Ctrl-Z arrives as a key) and
//   SIGCONT: the handler only sets a flag and writes a byte to a self-pipe; the run
//   loop then suspends through ncurses (endwin, stop, refresh) or repaints. Stopping
//   can wait for the loop; it needs ncurses to get the modes right.
// * SIGWINCH stays with ncurses, which turns it into KEY_RESIZE.
// * An atexit hook closes the terminal if the program calls exit() while it is open.
// * While the screen is open, standard error (when it is the terminal) goes to an
//   unlinked temporary file, so stray messages (library warnings, Swift's "Fatal
//   error: …") can't scribble over the screen; every restore — close(), a signal, a
//   crash — puts stderr back and replays what was captured, so a crash message is
//   readable after the terminal is restored. Crash handlers then chain to whatever
//   handler was there before (e.g. Swift's backtracer).

/// Async-signal-safe state for the emergency restore. Written only by the main
/// thread while the handlers are not installed or `active` is 0.
struct EmergencyState {
    var active: Int32 = 0
    var outFd: Int32 = 1
    var inFd: Int32 = 0
    var hasTermios: Bool = false
    var termios = Glibc.termios()
    var bytes: UnsafeMutablePointer<UInt8>? = nil
    var count: Int = 0
    var wakeFd: Int32 = -1
    /// The real stderr (a dup) while stderr is captured, else -1.
    var errFd: Int32 = -1
    /// The capture file, else -1.
    var captureFd: Int32 = -1
    /// Scratch buffer for replaying the capture (allocated up front: no malloc in handlers).
    var copyBuffer: UnsafeMutablePointer<UInt8>? = nil
    var copyBufferSize: Int = 0
    /// Actions that were installed for the crash signals before ours (indexed by signal number).
    var previousActions: UnsafeMutablePointer<sigaction>? = nil
}

/// Lives behind a pointer so signal handlers never go through Swift's dynamic
/// exclusivity checks (which are not async-signal-safe and would report a
/// "conflict" if a signal landed while the main thread was updating it).
nonisolated(unsafe) let emergencyState: UnsafeMutablePointer<EmergencyState> = {
    let p = UnsafeMutablePointer<EmergencyState>.allocate(capacity: 1)
    p.initialize(to: EmergencyState())
    return p
}()

/// Flags set by SIGTSTP/SIGCONT handlers, read by the run loop.
let suspendRequested = Atomic<Int>(0)
let continued = Atomic<Int>(0)

/// Restores the terminal using async-signal-safe calls only. Idempotent.
func emergencyRestore() {
    let st = emergencyState
    guard st.pointee.active != 0 else { return }
    st.pointee.active = 0
    let count = st.pointee.count
    let outFd = st.pointee.outFd
    if let p = st.pointee.bytes, count > 0 {
        var done = 0
        while done < count {
            let n = write(outFd, p + done, count - done)
            if n <= 0 { break }
            done += n
        }
    }
    if st.pointee.hasTermios {
        let inFd = st.pointee.inFd
        let termiosPtr = UnsafeMutableRawPointer(st).advanced(by: MemoryLayout<EmergencyState>.offset(of: \EmergencyState.termios)!)
            .assumingMemoryBound(to: Glibc.termios.self)
        _ = tcsetattr(inFd, TCSANOW, termiosPtr)
    }
    releaseStderr()
}

/// Puts stderr back and replays what was captured (async-signal-safe: dup2, lseek, read, write).
func releaseStderr() {
    let st = emergencyState
    let errFd = st.pointee.errFd
    let capFd = st.pointee.captureFd
    guard errFd >= 0, capFd >= 0 else { return }
    st.pointee.errFd = -1
    st.pointee.captureFd = -1
    _ = dup2(errFd, STDERR_FILENO)
    if let buf = st.pointee.copyBuffer, st.pointee.copyBufferSize > 0 {
        _ = lseek(capFd, 0, SEEK_SET)
        while true {
            let n = read(capFd, buf, st.pointee.copyBufferSize)
            if n <= 0 { break }
            var done = 0
            while done < n {
                let w = write(STDERR_FILENO, buf + done, n - done)
                if w <= 0 { break }
                done += w
            }
        }
    }
    _ = close(capFd)
    _ = close(errFd)
}

/// Sends stderr to an unlinked temporary file while the screen is open (if stderr is the terminal).
func captureStderr() {
    let st = emergencyState
    guard st.pointee.captureFd < 0, isatty(STDERR_FILENO) == 1 else { return }
    var template = Array("/tmp/assetmap-stderr-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else { return }
    template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    let saved = dup(STDERR_FILENO)
    guard saved >= 0 else { _ = close(fd); return }
    _ = fcntl(saved, F_SETFD, FD_CLOEXEC)
    _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    fflush(nil)
    guard dup2(fd, STDERR_FILENO) >= 0 else { _ = close(fd); _ = close(saved); return }
    if st.pointee.copyBuffer == nil {
        st.pointee.copyBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 4096)
        st.pointee.copyBufferSize = 4096
    }
    st.pointee.errFd = saved
    st.pointee.captureFd = fd
}

private func terminateHandler(_ sig: Int32) {
    emergencyRestore()
    _exit(128 + sig)
}

private func crashHandler(_ sig: Int32) {
    emergencyRestore()
    // Put back the handler that was there before (Swift's backtracer, or the default
    // action) and re-raise: the signal is delivered to it when we return.
    if let prev = emergencyState.pointee.previousActions, sig > 0, sig < 65 {
        _ = sigaction(sig, prev + Int(sig), nil)
    }
    raise(sig)
}

private func stopHandler(_ sig: Int32) {
    suspendRequested.store(1, ordering: .sequentiallyConsistent)
    pokeWakePipe()
}

private func continueHandler(_ sig: Int32) {
    continued.store(1, ordering: .sequentiallyConsistent)
    pokeWakePipe()
}

func pokeWakePipe() {
    let fd = emergencyState.pointee.wakeFd
    guard fd >= 0 else { return }
    var b: UInt8 = 1
    _ = write(fd, &b, 1)
}

enum SignalGuard {
    static let terminating: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
    static let crashing: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]
    nonisolated(unsafe) static var saved: [Int32: sigaction] = [:]
    nonisolated(unsafe) static var atexitRegistered = false

    static func install(_ sig: Int32, flags: Int32, _ handler: @convention(c) (Int32) -> Void) {
        var sa = sigaction()
        sa.__sigaction_handler.sa_handler = handler
        sigemptyset(&sa.sa_mask)
        sa.sa_flags = flags
        var old = sigaction()
        if sigaction(sig, &sa, &old) == 0, saved[sig] == nil {
            saved[sig] = old
            if let prev = emergencyState.pointee.previousActions, sig > 0, sig < 65 { prev[Int(sig)] = old }
        }
    }

    static func installAll() {
        // Make sure the globals the handlers touch are initialised before any handler can run.
        _ = emergencyState.pointee.active
        if emergencyState.pointee.previousActions == nil {
            let p = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
            p.initialize(repeating: sigaction(), count: 65)
            emergencyState.pointee.previousActions = p
        }
        _ = suspendRequested.load(ordering: .relaxed)
        _ = continued.load(ordering: .relaxed)
        for s in terminating { install(s, flags: 0, terminateHandler) }
        for s in crashing { install(s, flags: Int32(truncatingIfNeeded: SA_RESETHAND), crashHandler) }
        install(SIGTSTP, flags: Int32(truncatingIfNeeded: SA_RESTART), stopHandler)
        install(SIGCONT, flags: Int32(truncatingIfNeeded: SA_RESTART), continueHandler)
        if !atexitRegistered {
            atexitRegistered = true
            atexit { CursesTerminal.closeCurrentAtExit() }
        }
    }

    static func restoreAll() {
        for (sig, var old) in saved { sigaction(sig, &old, nil) }
        saved.removeAll()
    }

    /// Stops the process with the default SIGTSTP action and returns when continued.
    static func stopSelf() {
        var dfl = sigaction()
        dfl.__sigaction_handler.sa_handler = SIG_DFL
        sigemptyset(&dfl.sa_mask)
        var ours = sigaction()
        sigaction(SIGTSTP, &dfl, &ours)
        // Make sure SIGTSTP is not blocked, then stop.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTSTP)
        sigprocmask(SIG_UNBLOCK, &set, nil)
        raise(SIGTSTP)
        // Continued.
        sigaction(SIGTSTP, &ours, nil)
    }
}
