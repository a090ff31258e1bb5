#!/usr/bin/env python3
"""End-to-end tests of files, streams and read-only opens as a user sees them in a shell
(collected by scripts/e2e.py; E2E_ONLY=files runs only these)."""
import os, subprocess

from e2e_lib import BIN, Tmux, check


def cli(home, *args):
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "ASSETMAP_HOME": home, "HOME": home}
    return subprocess.run([BIN, *args], env=env, capture_output=True, text=True, timeout=60)


def test_files_read_only_explorer_writes_nothing():
    with Tmux(100, 30) as t:
        cli(t.home, "wards")   # seeds the catalogue (and closes it: no -wal or -shm left)
        before = sorted(os.listdir(t.home))
        t.start("--read-only")
        t.wait_for("READ-ONLY")
        t.send("/")
        t.send_literal("walk")
        t.wait_for("walk")
        t.send("C-c")
        t.wait_exit()
        after = sorted(os.listdir(t.home))
        check("files: a read-only explorer leaves no -shm, -wal or index file", before == after, f"{before} -> {after}")


def test_files_shell_streams_and_urls():
    with Tmux(100, 30) as t:
        cli(t.home, "wards")
        # S''TATUS as typed is not "STATUS": only the output line matches.
        t.send_literal(f"cd \"$ASSETMAP_HOME\"; clear; {BIN} export --json | (exec <&-; sleep 0.5); echo S''TATUS=${{PIPESTATUS[0]}}\n")
        s = t.wait_for("STATUS=")
        check("files: export into a pipe its reader closed ends quietly (SIGPIPE, as with | head)",
              "STATUS=141" in s and "rror" not in s, s)
        t.send_literal(f"clear; (ulimit -f 100; {BIN} export --json --read-only > big.json); echo S''TATUS=$?\n")
        s = t.wait_for("STATUS=")
        check("files: a file-size limit is reported, not a silent truncated export",
              "cannot write to standard output: the file would be larger than allowed" in s and "STATUS=1" in s, s)
        t.send_literal(f"clear; {BIN} list --db postgres://council.example/assets; echo S''TATUS=$?; ls\n")
        s = t.wait_for("STATUS=")
        check("files: a --db URL is refused and no postgres: folder appears",
              "cannot open a catalogue from a server" in s and "postgres:" not in s.split("STATUS=")[-1], s)
