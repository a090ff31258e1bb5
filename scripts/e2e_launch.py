#!/usr/bin/env python3
"""End-to-end: launch on a large catalogue (issue 3). The explorer first draws a preview (the real
count and the first page of names, read straight from SQLite, the navigator "loading…"), loads and
indexes the whole catalogue in the background, then draws the full frame.

A generated catalogue (assetmap-bench generate, beside BIN: `swift build --product assetmap-bench`)
of 40,000 assets with ASSETMAP_PREVIEW_THRESHOLD=1000, so a debug build takes the progressive path
and the load lasts long enough (seconds) to be seen and typed into. Run by scripts/e2e.py, or alone:
    python3 scripts/e2e_launch.py .build/debug/assetmap
"""
import os, re, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_lib import BIN, Tmux, check, flat, restored, run

COUNT = 40_000
_db = []


def catalogue():
    """The generated catalogue (made once per run)."""
    if _db:
        return _db[0]
    bench = os.path.join(os.path.dirname(BIN), "assetmap-bench")
    if not os.access(bench, os.X_OK):
        raise AssertionError(f"{bench} is missing: swift build --product assetmap-bench")
    path = os.path.join(tempfile.mkdtemp(prefix="assetmap-e2e-launch-"), "big.sqlite")
    subprocess.run([bench, "generate", "--count", str(COUNT), "--seed", "1", "--db", path], check=True,
                   capture_output=True, env=dict(os.environ, ASSETMAP_ASSETS=os.path.join(os.getcwd(), "Assets")))
    _db.append(path)
    return path


def header_count(screen):
    m = re.search(r"(\d+) (?:of \d+ )?assets", screen.splitlines()[0])
    return int(m.group(1)) if m else None


def test_launch_preview_then_full_frame():
    db = catalogue()
    with Tmux(120, 30) as t:
        t.start(f"--db {db}", env="ASSETMAP_PREVIEW_THRESHOLD=1000")
        s = t.wait_for("loading 40,000 assets", timeout=20)
        first = s.splitlines()
        check("launch preview: header has the real total while loading", f"{COUNT} assets, loading" in first[0], s)
        check("launch preview: key bar drawn", "? help" in s, s)
        if os.path.exists(db + ".search-index"):
            # The index file is current (an earlier launch saved it): the navigator counts from it at once.
            check("launch preview: navigator counts from the index file", re.search(r"│▸ North\s+\d+\s*│", s) is not None, s)
        else:
            check("launch preview: navigator says loading", "loading…" in s, s)
        check("launch preview: status says search waits", "search is ready when loading finishes" in flat(s), s)
        rows = [l for l in first[4:20] if re.match(r"^│.*││\S", l)]
        check("launch preview: results list shows real rows", len(rows) >= 10, s)
        # Type a search while loading: it is kept and runs when the catalogue arrives.
        t.send("/")
        t.send_literal("garden")
        t.send("Enter")
        s = t.wait_for("loading", absent=True, timeout=120)
        check("full frame: loaded (header is 'N of N assets')", re.search(r"\d+ of %d assets" % COUNT, s.splitlines()[0]) is not None, s)
        n = header_count(s)
        check("full frame: the typed search ran", "search: garden" in s and n is not None and 0 < n < COUNT, s)
        check("full frame: navigator counts drawn", re.search(r"│▸ North\s+\d+\s*│", s) is not None, s)
        t.send("q")
        status = t.wait_exit(timeout=10)
        check("full frame: q quits with status 0", status == 0, status)
        check("full frame: terminal restored", restored(t.wait_for("AFTER-APP")), t.screen())


def test_quit_while_loading():
    db = catalogue()
    with Tmux(100, 30) as t:
        t.start(f"--db {db}", env="ASSETMAP_PREVIEW_THRESHOLD=1000")
        t.wait_for("loading 40,000 assets", timeout=20)
        t0 = time.monotonic()
        t.send("q")
        status = t.wait_exit(timeout=10)
        check("quit while loading: status 0", status == 0, status)
        check("quit while loading: does not wait for the load", time.monotonic() - t0 < 5, time.monotonic() - t0)
        check("quit while loading: terminal restored", restored(t.wait_for("AFTER-APP")), t.screen())
    with Tmux(100, 30) as t:
        t.start(f"--db {db}", env="ASSETMAP_PREVIEW_THRESHOLD=1000")
        t.wait_for("loading 40,000 assets", timeout=20)
        t.send("C-c")
        check("Ctrl-C while loading: status 0", t.wait_exit(timeout=10) == 0)
        check("Ctrl-C while loading: terminal restored", restored(t.wait_for("AFTER-APP")), t.screen())


def test_compact_catalogue_reads_pages_when_shown():
    """Once the index file is saved (by the first launch), a launch holds the catalogue as compact
    columns; an asset's description, which only the store holds then, shows when it is opened."""
    db = catalogue()
    if not os.path.exists(db + ".search-index"):  # the first launch saves it; run one if this test runs alone
        with Tmux(120, 30) as t:
            t.start(f"--db {db}", env="ASSETMAP_PREVIEW_THRESHOLD=1000")
            t.wait_for("loading 40,000 assets", timeout=20)
            t.wait_for("loading", absent=True, timeout=120)
            t.send("q")
            t.wait_exit(timeout=10)
    check("compact: the first launch saved the index file", os.path.exists(db + ".search-index"))
    with Tmux(140, 40) as t:
        t.start(f"--db {db}", env="ASSETMAP_PREVIEW_THRESHOLD=1000")
        first = t.wait_for("loading 40,000 assets", timeout=20)
        counted = re.search(r"│▸ North\s+(\d+)\s*│", first)
        check("compact: the first frame's navigator counts from the index file", counted is not None, first)
        s = t.wait_for("loading", absent=True, timeout=60)
        loaded = re.search(r"│▸ North\s+(\d+)\s*│", s)
        check("compact: those counts are the loaded catalogue's", counted is not None and loaded is not None
              and counted.group(1) == loaded.group(1), (counted and counted.group(1), loaded and loaded.group(1)))
        t.send("G")  # the last asset in name order: not on the preview's first page
        t.send("Enter")
        s = t.wait_for("Description")
        m = re.search(r"│Id\s+(\S+)", s)
        check("compact: the detail pane shows the asset's id", m is not None, s)
        if m:
            shown = subprocess.run([BIN, "show", m.group(1), "--db", db, "--read-only", "--json"], capture_output=True, text=True)
            import json
            description = json.loads(shown.stdout)["asset"]["description"] if shown.returncode == 0 else ""
            words = description.split()[:3]
            check("compact: the description read from the store is shown",
                  len(words) == 3 and " ".join(words) in flat(s), (words, s))
        t.send("q")
        t.send("q")
        check("compact: q quits with status 0", t.wait_exit(timeout=10) == 0)


def test_small_catalogue_has_no_preview():
    with Tmux(100, 30) as t:
        t.start()
        s = t.wait_for("? help")
        check("small catalogue: full frame at once, no loading", "loading" not in s and " of " in s.splitlines()[0], s)
        t.send("C-c")
        check("small catalogue: Ctrl-C quits", t.wait_exit() == 0)


if __name__ == "__main__":
    run([test_launch_preview_then_full_frame, test_quit_while_loading, test_compact_catalogue_reads_pages_when_shown,
         test_small_catalogue_has_no_preview])
