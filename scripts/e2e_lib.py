#!/usr/bin/env python3
"""Shared helpers of the end-to-end tests (scripts/e2e.py and every scripts/e2e_*.py).

BIN is the binary under test: the first argument of scripts/e2e.py.
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


class Counts:
    passed = 0
    failed = 0


def run(tests):
    """Runs `tests` (those whose name contains E2E_ONLY, when set), prints the counts and exits."""
    only = os.environ.get("E2E_ONLY")
    for test in tests:
        if only and only not in test.__name__:
            continue
        try:
            test()
        except AssertionError as e:
            Counts.failed += 1
            print(f"FAIL {test.__name__}: {e}")
    print(f"{Counts.passed} passed, {Counts.failed} failed")
    sys.exit(1 if Counts.failed else 0)


def check(name, cond, detail=""):
    if cond:
        Counts.passed += 1
        print(f"ok   {name}")
    else:
        Counts.failed += 1
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


