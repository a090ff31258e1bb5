import CNCursesW
import Glibc
import TermUI

extension CursesTerminal {
    /// Runs `program` until it quits; returns its exit status.
    ///
    /// Each turn: `willRender` → `view` → draw (diff) → wait for input, a wake-up or
    /// the next tick → drain every event already queued and `update` with each → …
    /// so a burst of keys costs one frame. Ticks are delivered every
    /// `options.tickIntervalMs` while `program.needsTick`, and whenever a
    /// `TerminalWaker` fires.
    public func run<P: TerminalProgram>(_ program: inout P, theme: Theme) -> Int32 {
        let tick = max(1, options.tickIntervalMs)
        var lastTick = monotonicMs()
        var frame = 0
        var updateMs = 0.0
        var eventCount = 0
        var dirty = true
        while isOpen {
            if dirty {
                let t0 = monotonicMs()
                program.willRender()
                let t1 = monotonicMs()
                let buffer = program.view(size: size, theme: theme)
                let t2 = monotonicMs()
                draw(buffer)
                let t3 = monotonicMs()
                frame += 1
                trace?.record(frame: frame, events: eventCount, updateMs: updateMs + (t1 - t0),
                              viewMs: t2 - t1, diffMs: lastDrawStats.diffMs, writeMs: lastDrawStats.writeMs,
                              drawMs: t3 - t2, runs: lastDrawStats.runs, cells: lastDrawStats.cells, size: buffer.size)
                updateMs = 0
                eventCount = 0
                dirty = false
            }

            // Wait for input, a wake-up, a signal or the next tick.
            var timeout: Int32 = -1
            if program.needsTick {
                timeout = Int32(max(0, Double(tick) - (monotonicMs() - lastTick)))
            }
            let woke = waitForInput(timeoutMs: timeout)

            if handleSignalFlags() { dirty = true }
            var events = drainEvents()
            if woke || (program.needsTick && monotonicMs() - lastTick >= Double(tick)) {
                events.append(.tick)
                lastTick = monotonicMs()
            }
            if events.isEmpty { continue }

            let u0 = monotonicMs()
            for event in events {
                eventCount += 1
                switch program.update(event) {
                case .none: break
                case .quit(let code):
                    return code
                case .suspend:
                    suspend()
                case .redraw:
                    invalidate()
                }
            }
            updateMs += monotonicMs() - u0
            dirty = true
        }
        return 0
    }

    /// Waits until the terminal has input, the wake pipe was poked, or `timeoutMs`
    /// passes (negative: forever). Returns true when the wake pipe fired.
    func waitForInput(timeoutMs: Int32) -> Bool {
        var fds = [pollfd(fd: inFd, events: Int16(POLLIN), revents: 0)]
        let wakeFd = CursesTerminal.wakePipe.read
        if wakeFd >= 0 { fds.append(pollfd(fd: wakeFd, events: Int16(POLLIN), revents: 0)) }
        let n = poll(&fds, nfds_t(fds.count), timeoutMs)
        guard n > 0, fds.count > 1, fds[1].revents & Int16(POLLIN) != 0 else { return false }
        // Drain the pipe.
        var buf = [UInt8](repeating: 0, count: 64)
        while read(wakeFd, &buf, buf.count) > 0 {}
        // The byte may come from the SIGTSTP/SIGCONT handlers rather than a waker; those
        // are handled by handleSignalFlags and don't need a tick, but one is harmless.
        return true
    }
}

func monotonicMs() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1_000_000
}

/// Appends one line per frame to a file (ASSETMAP_TRACE_FRAMES):
/// `frame=12 events=3 update_ms=0.12 view_ms=1.302 diff_ms=0.05 write_ms=0.36 total_ms=1.832 runs=4 cells=37 size=80x24`
/// update = handling the events since the last frame (+ willRender), view = building
/// the Buffer, diff = comparing it with the previous frame, write = curses calls and
/// refresh (the terminal output); total = update + view + diff + write.
final class FrameTrace {
    private var file: UnsafeMutablePointer<FILE>?

    init?(path: String?) {
        guard let path, !path.isEmpty, let f = fopen(path, "a") else { return nil }
        file = f
    }

    func record(frame: Int, events: Int, updateMs: Double, viewMs: Double, diffMs: Double, writeMs: Double,
                drawMs: Double, runs: Int, cells: Int, size: Size) {
        guard let file else { return }
        func f(_ v: Double) -> String {
            let r = (v * 1000).rounded() / 1000
            return String(r)
        }
        let line = "frame=\(frame) events=\(events) update_ms=\(f(updateMs)) view_ms=\(f(viewMs)) diff_ms=\(f(diffMs)) write_ms=\(f(writeMs)) total_ms=\(f(updateMs + viewMs + drawMs)) runs=\(runs) cells=\(cells) size=\(size.width)x\(size.height)\n"
        fputs(line, file)
        fflush(file)
    }

    func close() {
        if let file { fclose(file) }
        file = nil
    }

    deinit { close() }
}
