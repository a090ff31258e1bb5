#!/usr/bin/env python3
"""End-to-end tests: the real assetmap binary driven through a private tmux server.

Usage:  python3 scripts/e2e.py [.build/debug/assetmap]
Each app runs on a temporary ASSETMAP_HOME, so no real catalogue is touched. The last line is
'N passed, N failed'; the exit status is 0 only if nothing failed.
"""
import os, re, shlex, shutil, signal, subprocess, sys, tempfile, time

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/assetmap")


class Tmux:
    """One shell in its own tmux server (-S private socket, -f /dev/null: no user config).
    The app is started by typing into an interactive shell, so Ctrl-Z/fg and the screen after
    exit can be checked; its exit status is written to a file (tmux 3.3 can lose it)."""

    def __init__(self, width=100, height=30, env=None):
        self.dir = tempfile.mkdtemp(prefix="assetmap-e2e-")
        self.home = os.path.join(self.dir, "home")
        os.makedirs(self.home)
        self.sock = os.path.join(self.dir, "tmux.sock")
        self.status_file = os.path.join(self.dir, "status")
        self.pid_file = os.path.join(self.dir, "pid")
        self.env = {"LANG": "C.UTF-8", "ASSETMAP_HOME": self.home, "HOME": self.home, "PS1": "$ ", **(env or {})}
        envs = " ".join(f"{k}={shlex.quote(v)}" for k, v in self.env.items())
        self._tmux("-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", str(width), "-y", str(height),
                   f"env -i PATH=/usr/bin:/bin TERM=tmux-256color {envs} bash --norc --noprofile -i")
        self._tmux("set-option", "-t", "t", "status", "off")
        self.wait_for("$", settle=0.05)

    def start(self, args="", env=""):
        """Types the command line into the shell; records pid and exit status."""
        self.send_literal(f"clear; echo BEFORE-APP; {env} {shlex.quote(BIN)} {args} & echo $! > {self.pid_file}; "
                          f"fg >/dev/null; echo $? > {self.status_file}; echo AFTER-APP\n")

    def _tmux(self, *args):
        return subprocess.run(["tmux", "-S", self.sock, *args], check=True, capture_output=True, text=True).stdout

    def screen(self, colors=False):
        return self._tmux("capture-pane", "-p", *(["-e"] if colors else []), "-t", "t")

    def wait_for(self, text, timeout=10.0, settle=0.03, absent=False):
        """Waits until `text` is (or with absent=True, is not) on screen and the screen has been
        unchanged for `settle` seconds: a capture can catch a half-drawn frame."""
        end = time.monotonic() + timeout
        last, since = None, 0.0
        while time.monotonic() < end:
            s = self.screen()
            if (text not in s) if absent else (text in s):
                if s != last:
                    last, since = s, time.monotonic()
                if time.monotonic() - since >= settle:
                    return s
            else:
                last = None
            time.sleep(0.01)
        raise AssertionError(f"timed out waiting for {'absence of ' if absent else ''}{text!r}; screen was:\n{self.screen()}")

    def send(self, *keys):
        self._tmux("send-keys", "-t", "t", *keys)

    def send_literal(self, text):
        self._tmux("send-keys", "-t", "t", "-l", text)

    def resize(self, w, h):
        self._tmux("resize-window", "-t", "t", "-x", str(w), "-y", str(h))

    def app_pid(self):
        end = time.monotonic() + 5
        while time.monotonic() < end:
            try:
                with open(self.pid_file) as f:
                    return int(f.read().strip())
            except (FileNotFoundError, ValueError):
                time.sleep(0.01)
        raise AssertionError("no pid recorded")

    def wait_exit(self, timeout=10.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                with open(self.status_file) as f:
                    s = f.read().strip()
                if s:
                    return int(s)
            except FileNotFoundError:
                pass
            time.sleep(0.01)
        raise AssertionError("app did not exit; screen was:\n" + self.screen())

    def close(self):
        subprocess.run(["tmux", "-S", self.sock, "kill-server"], capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


passed = failed = 0


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name}\n{detail}")


def flat(screen):
    """The screen as one line: messages may wrap at the pane's width."""
    return " ".join(l.strip() for l in screen.splitlines() if l.strip())


def colour_params(screen_with_escapes):
    """SGR parameters that set a colour (default-colour resets 39/49 excluded)."""
    found = []
    for params in re.findall(r"\x1b\[([0-9;]*)m", screen_with_escapes):
        parts = params.split(";")
        i = 0
        while i < len(parts):
            p = parts[i]
            if p in ("38", "48"):
                found.append(";".join(parts[i:i + 3]))
                i += 3
                continue
            if p.isdigit() and (30 <= int(p) <= 37 or 40 <= int(p) <= 47 or 90 <= int(p) <= 97 or 100 <= int(p) <= 107):
                found.append(p)
            i += 1
    return found


def restored(screen):
    """After exit the shell's own screen is back: the app's frame is gone, our markers remain."""
    return "BEFORE-APP" in screen and "AFTER-APP" in screen and "Results" not in screen


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


if __name__ == "__main__":
    if not os.access(BIN, os.X_OK):
        print(f"FAIL binary not found: {BIN}")
        print("0 passed, 1 failed")
        sys.exit(1)
    for test in [test_session, test_ctrl_c_and_sigterm, test_suspend_resume, test_refusals, test_no_color, test_eight_colours]:
        try:
            test()
        except AssertionError as e:
            failed += 1
            print(f"FAIL {test.__name__}: {e}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
