#!/usr/bin/env python3
"""End-to-end tests: the real assetmap binary driven through a private tmux server.

Usage:  python3 scripts/e2e.py [.build/debug/assetmap]     (E2E_ONLY=word runs the tests named so)
Each app runs on a temporary ASSETMAP_HOME, so no real catalogue is touched. Tests live here and
in scripts/e2e_*.py (helpers in scripts/e2e_lib.py). The last line is 'N passed, N failed'; the
exit status is 0 only if nothing failed.
"""
import importlib, os, re, shlex, shutil, signal, subprocess, sys, tempfile, time

from e2e_lib import BIN, Tmux, check, colour_params, flat, restored, run


def test_session():
    with Tmux(100, 30) as t:
        t.start()
        s = t.wait_for("? help")
        first = s.splitlines()
        check("launch: header names the catalogue", "Oldham community assets" in first[0], s)
        check("launch: three panes at 100 columns or two", "Browse" in s and "Results" in s, s)
        check("launch: 30 rows drawn", len(first) == 30, len(first))
        # Search as you type: results change on each keystroke, before Enter.
        t.send("/")
        t.wait_for("search:")
        t.send_literal("walk")
        s = t.wait_for("walk")
        check("search: results update while typing", "Walk" in s or "walk" in s.split("\n", 3)[-1], s)
        t.send("Enter")
        t.wait_for("? help")
        # Drill into the selected asset and follow a link.
        t.send("Enter")
        s = t.wait_for("Linked")
        check("drill: detail pane shows the asset and its links", "Ward" in s and "Linked" in s, s)
        # Resize to 40x12 and back: the app keeps working and the selection survives.
        t.resize(40, 12)
        s = t.wait_for("help", timeout=5)
        check("resize 40x12: redrawn at the new size", len(s.splitlines()) == 12, s)
        t.resize(30, 8)
        s = t.wait_for("too small")
        check("too small: clear message with sizes", "need 40×12, have 30×8" in flat(s), s)
        t.resize(100, 30)
        s = t.wait_for("Linked")
        check("recovered after enlarging", "Linked" in s, s)
        # Back out to the top and quit.
        for _ in range(6):
            t.send("q")
            time.sleep(0.05)
        status = t.wait_exit()
        check("quit: exit status 0", status == 0, status)
        s = t.wait_for("AFTER-APP")
        check("quit: terminal restored", restored(s), s)


def test_ctrl_c_and_sigterm():
    with Tmux(80, 24) as t:
        t.start()
        t.wait_for("? help")
        t.send("C-c")
        check("Ctrl-C quits", t.wait_exit() == 0)
        check("Ctrl-C: terminal restored", restored(t.wait_for("AFTER-APP")), t.screen())
    with Tmux(80, 24) as t:
        t.start()
        t.wait_for("? help")
        os.kill(t.app_pid(), signal.SIGTERM)
        status = t.wait_exit()
        check("SIGTERM: exits 143", status == 143, status)
        check("SIGTERM: terminal restored", restored(t.wait_for("AFTER-APP")), t.screen())


def test_suspend_resume():
    with Tmux(80, 24) as t:
        t.send_literal(f"clear; {shlex.quote(BIN)}\n")
        t.wait_for("? help")
        t.send("C-z")
        s = t.wait_for("Stopped")
        check("Ctrl-Z suspends to the shell", "Results" not in s, s)
        t.send_literal("fg\n")
        s = t.wait_for("? help")
        check("fg resumes with a full redraw", "Results" in s and "Browse" in s, s)
        t.send("C-c")


def test_refusals():
    env = {**os.environ, "LANG": "C.UTF-8", "ASSETMAP_HOME": tempfile.mkdtemp(prefix="assetmap-e2e-")}
    r = subprocess.run([BIN], env={**env, "TERM": "dumb"}, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    check("no tty: refuses with a pointer to subcommands", r.returncode != 0 and "assetmap search" in r.stderr, r.stderr)
    check("no tty: nothing written to stdout", r.stdout == "", r.stdout)
    with Tmux(80, 24) as t:
        t.start(env="TERM=dumb")
        status = t.wait_exit()
        s = t.wait_for("AFTER-APP")
        check("TERM=dumb: non-zero exit and a clear message", status != 0 and "assetmap search" in s, s)
    with Tmux(80, 24) as t:
        t.start(env="TERM=no-such-terminal")
        status = t.wait_exit()
        s = t.wait_for("AFTER-APP")
        check("unknown TERM: non-zero exit and a clear message",
              status != 0 and "TERM=no-such-terminal" in "".join(s.splitlines()) and "assetmap search" in flat(s), s)


def test_no_color():
    with Tmux(100, 30, env={"NO_COLOR": "1"}) as t:
        t.start()
        t.wait_for("? help")
        s = t.screen(colors=True)
        check("NO_COLOR: no colour escapes", colour_params(s) == [], colour_params(s)[:10])
        check("NO_COLOR: selection still visible (reverse video)", "\x1b[7m" in s, repr(s[:400]))
        t.send("C-c")


def test_eight_colours():
    """On an 8-colour terminal (TERM=xterm) only the 8 basic colours are used, and the selection shows."""
    with Tmux(100, 30) as t:
        t.start(env="TERM=xterm")
        t.wait_for("? help")
        s = t.screen(colors=True)
        params = colour_params(s)
        check("8 colours: something is coloured", len(params) > 0, repr(s[:300]))
        bad = [p for p in params if p.startswith(("38", "48")) or int(p.split(";")[0]) >= 90]
        check("8 colours: no 256-colour or bright escapes", bad == [], bad[:10])
        check("8 colours: selection visible", "\x1b[7m" in s or "\x1b[4" in s, repr(s[:300]))
        t.send("C-c")
        t.wait_exit()


def all_tests():
    """This file's tests, then those of every scripts/e2e_*.py module, in file order."""
    found = [test_session, test_ctrl_c_and_sigterm, test_suspend_resume, test_refusals, test_no_color, test_eight_colours]
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    for name in sorted(f[:-3] for f in os.listdir(here) if f.startswith("e2e_") and f.endswith(".py") and f != "e2e_lib.py"):
        module = importlib.import_module(name)
        found += [getattr(module, t) for t in dir(module) if t.startswith("test_") and callable(getattr(module, t))]
    return found


if __name__ == "__main__":
    if not os.access(BIN, os.X_OK):
        print(f"FAIL binary not found: {BIN}")
        print("0 passed, 1 failed")
        sys.exit(1)
    run(all_tests())
