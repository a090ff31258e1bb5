#!/usr/bin/env python3
"""End-to-end checks of `assetmap boundaries` and `locate` as a user sees them in a terminal
(collected by scripts/e2e.py; E2E_ONLY=boundaries runs only these)."""
import json, os, shlex

from e2e_lib import BIN, Tmux, check, flat

TITLE, CLEAR, CSI = "\x1b]0;pwned\x07", "\x1b[2J", "\x9b31m"


def square(lon, lat, s=0.003):
    r = [(lon - s, lat - s), (lon - s, lat + s), (lon + s, lat + s), (lon + s, lat - s), (lon - s, lat - s)]
    return {"type": "Polygon", "coordinates": [[list(p) for p in r]]}


def test_boundaries_import_with_escapes_leaves_the_terminal_alone():
    with Tmux(200, 70) as t:
        name = os.path.join(t.dir, f"wards{TITLE}{CLEAR}.geojson")
        doc = {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"code": "E05014661", "name": f"Shaw{TITLE}{CLEAR}{CSI}"},
             "geometry": square(-2.07551, 53.58169)},
            {"type": "Feature", "properties": {"code": f"X{CLEAR}", "name": f"Nowhere{TITLE}"},
             "geometry": square(-2.1, 53.55)}]}
        with open(name, "w") as f:
            json.dump(doc, f, ensure_ascii=False)
        # Typed escapes would reach readline, not the app: the commands go in a script.
        script = os.path.join(t.dir, "run.sh")
        with open(script, "w") as f:
            f.write("".join(f"{shlex.quote(BIN)} {a}\n" for a in
                            [f"boundaries import --verbose {shlex.quote(name)}", "boundaries show", "locate -2.07551 53.58169"]))
        t.send_literal(f"clear; echo BEFORE-IMPORT; bash {script}; echo AFTER-ALL\n")
        s = t.wait_for("AFTER-ALL", timeout=60)
        title = t._tmux("display-message", "-p", "-t", "t", "#{pane_title}").strip()
        check("boundaries: escapes in the file and its name do not clear the screen",
              "BEFORE-IMPORT" in s and "stored 1 ward shape" in s, s)
        check("boundaries: nor set the title", "pwned" not in title, title)
        check("boundaries: they show as ␛ in the report, show and locate",
              "wards␛␛.geojson: 2 features" in flat(s) and "ward boundaries: wards␛␛.geojson" in flat(s)
              and "boundaries  wards␛" in flat(s), s)
