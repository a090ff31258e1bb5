#!/usr/bin/env python3
"""End-to-end tests of the map and presentation mode (collected by scripts/e2e.py; E2E_ONLY=map)."""
import hashlib, json, os, re, subprocess, time

from e2e_lib import BIN, Tmux, check, flat, restored

# "Shaw: 33 matching assets · 21,684 residents · North cluster" — the map's status line.
STATUS = re.compile(r"([A-Z][A-Za-z' &]+): (\d+) matching assets? · ([\d,]+) residents")


def focused(screen):
    m = STATUS.search(screen)
    return (m.group(1).strip(), int(m.group(2))) if m else (None, None)


def wait_for_change(t, old, timeout=5.0):
    """Waits until the map's focused ward differs from `old`; returns the new (ward, count)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        s = t.wait_for("matching asset", timeout=timeout)
        ward, n = focused(s)
        if ward and ward != old:
            return ward, n, s
        time.sleep(0.02)
    return None, None, t.screen()


def test_map_open_move_between_wards_filter_quit():
    with Tmux(160, 45) as t:
        t.start()
        t.wait_for("? help")
        t.send("m")
        s = t.wait_for("4 Map · schematic")
        check("map: opens beside the list", "2 Results" in s and "4 Map" in s, s)
        check("map: legend says schematic and credits the data",
              "Schematic ward map" in s and "Crown copyright" in flat(s), s)
        check("map: braille dots drawn", any(0x2801 <= ord(c) <= 0x28FF for c in s), s[:500])
        check("map: key bar shows map keys", "ward" in s.splitlines()[-1] and "shade" in s.splitlines()[-1], s.splitlines()[-1])
        start, _ = focused(s)
        check("map: a ward is focused", start is not None, s)
        # Move to neighbouring wards with the arrow keys.
        seen = [start]
        for key in ["Right", "Up", "Left", "Down", "Right"]:
            t.send(key)
            time.sleep(0.05)
            ward, _ = focused(t.wait_for("matching asset"))
            if ward and ward != seen[-1]:
                seen.append(ward)
        check("map: arrow keys move between wards", len(seen) >= 3, seen)
        ward, n = focused(t.screen())
        # Enter filters the lists to the focused ward: the crumbs name it, the header counts its assets.
        t.send("Enter")
        s = t.wait_for(f"{n} results for {ward}")
        lines = s.splitlines()
        check("map: Enter filters the lists to the ward", ward in lines[1] and f"{n} of " in lines[0], "\n".join(lines[:3]))
        check("map: the list shows that many results", f"{n} · by name" in s, s)
        # Shading cycles and the legend explains it.
        t.send("s")
        s = t.wait_for("per 1,000 residents")
        check("map: s cycles the shading (legend explains it)", "Shade: matching assets per 1,000 residents" in s, s)
        # q closes the map, then backs out of the filter, then quits.
        t.send("q")
        s = t.wait_for("4 Map", absent=True)
        check("map: q closes the map", "2 Results" in s, s)
        for _ in range(4):
            t.send("q")
            time.sleep(0.05)
        status = t.wait_exit()
        check("map: quit exits 0", status == 0, status)
        check("map: terminal restored", restored(t.wait_for("AFTER-APP")), t.screen())


def test_map_drawing_mode_is_remembered():
    with Tmux(120, 40) as t:
        t.start()
        t.wait_for("? help")
        t.send("m")
        t.wait_for("4 Map")
        t.send("c")
        s = t.wait_for("half blocks (remembered)")
        check("map: c switches to half blocks", "▀" in s or "▄" in s or "█" in s, s[:400])
        t.send("C-c")
        t.wait_exit()
        path = os.path.join(t.home, "config", "map.json")
        saved = json.load(open(path)) if os.path.exists(path) else {}
        check("map: the choice is saved under ASSETMAP_HOME/config", saved.get("raster") == "half-block", saved)
        t.start()
        t.wait_for("? help")
        t.send("m")
        s = t.wait_for("4 Map")
        check("map: remembered on the next run", "Dots by kind: █" in s, s)
        t.send("C-c")
        t.wait_exit()


def fingerprint(home):
    """The catalogue's bytes, and whether its write-ahead log holds anything (a reader may create an
    empty -wal and the -shm index; a write would put pages in the -wal or change the file)."""
    p = os.path.join(home, "catalogue.sqlite")
    wal = p + "-wal"
    return (hashlib.sha256(open(p, "rb").read()).hexdigest(), os.path.getsize(wal) if os.path.exists(wal) else 0)


def test_map_presentation_mode_hides_contacts_and_writes_nothing():
    with Tmux(160, 45) as t:
        csv = os.path.join(t.dir, "contacts.csv")
        with open(csv, "w") as f:
            f.write("id,kind,name,description,categories,ward,cluster,website,email,phone,verified,source\n"
                    "grp-e2e-contact,group,Aardvark Contact Club,Has every contact detail.,community.culture,Shaw,north,"
                    "https://aardvark.example.org,hello@aardvark.example.org,0161 496 0123,2025-04-01,e2e\n")
        env = {**os.environ, "ASSETMAP_HOME": t.home, "LANG": "C.UTF-8"}
        r = subprocess.run([BIN, "import", csv], env=env, capture_output=True, text=True)
        check("present: fixture with contact details imported", r.returncode == 0, r.stderr)
        # Without presentation mode the detail pane shows the contacts (so the check below can fail).
        t.start()
        t.wait_for("? help")
        t.send("Enter")
        s = t.wait_for("Linked")
        check("explorer: contacts visible normally", "hello@aardvark.example.org" in s, s)
        t.send("C-c")
        t.wait_exit()
        before = fingerprint(t.home)
        check("present: nothing pending in the log before", before[1] == 0, before)
        t.start("present")
        s = t.wait_for("PRESENTATION")
        check("present: read-only and says so", "READ-ONLY" in s, s.splitlines()[0])
        check("present: the map is open", "4 Map" in s, s)
        t.send("2")
        t.send("Enter")
        s = t.wait_for("Aardvark Contact Club")
        t.wait_for("Linked")
        s = t.screen()
        check("present: last key shown", "key: Enter" in s, s.splitlines()[0])
        contacts = ["hello@aardvark.example.org", "0161 496 0123", "https://aardvark.example.org", "aardvark.example"]
        check("present: no contact detail on screen", not any(c in s for c in contacts), s)
        t.send("/")
        t.send_literal("aardvark")
        t.send("Enter")
        s = t.wait_for("key: Enter")
        check("present: not even in a search", not any(c in s for c in contacts), s)
        t.send("P")
        s = t.wait_for("quit to leave it")
        check("present: P cannot leave presentation mode", "PRESENTATION" in s, s)
        t.send("C-c")
        check("present: exits 0", t.wait_exit() == 0)
        check("present: terminal restored", restored(t.wait_for("AFTER-APP")), t.screen())
        check("present: the catalogue file is untouched", fingerprint(t.home) == before, (before, fingerprint(t.home)))


def test_map_presentation_tour_moves_on_its_own():
    with Tmux(160, 45) as t:
        t.start("present --tour 0.5")
        s = t.wait_for("matching asset")
        first, _ = focused(s)
        second, _, s = wait_for_change(t, first, timeout=6)
        check("tour: moves to another ward without a key", second is not None, s)
        third, _, s = wait_for_change(t, second, timeout=6)
        check("tour: and on again", third is not None and third != second, s)
        t.send("C-c")
        t.wait_exit()


def written_files(home):
    """Every file under ASSETMAP_HOME with its size and mtime (what a run wrote)."""
    out = {}
    for d, _, fs in os.walk(home):
        for f in fs:
            p = os.path.join(d, f)
            st = os.stat(p)
            out[os.path.relpath(p, home)] = (st.st_size, st.st_mtime_ns)
    return out


def test_map_facilitator_journey_in_present():
    with Tmux(160, 45) as t:
        env = {**os.environ, "ASSETMAP_HOME": t.home, "LANG": "C.UTF-8"}
        r = subprocess.run([BIN, "wards"], env=env, capture_output=True, text=True)  # seeds the catalogue
        check("facilitator: catalogue seeded", r.returncode == 0, r.stderr)
        before = written_files(t.home)
        t.start("present")
        s = t.wait_for("PRESENTATION")
        # The gap map in 3 keys (s cycles assets → per-1000 → gap), its category keys in the key bar.
        t.send("s")
        t.send("s")
        s = t.wait_for("key: s")
        t.send("s")
        s = t.wait_for("[/] category")
        check("facilitator: the gap map's [/] keys in the key bar", "[/] category" in s.splitlines()[-1], s.splitlines()[-1])
        t.send("c")  # the drawing: must not be saved while presenting
        t.wait_for("key: c")
        # A search, then Enter opens the top result (not a filter to the map's ward).
        t.send("/")
        t.send_literal("lunch")
        t.send("Enter")
        t.wait_for("key: Enter")
        t.send("Enter")
        s = t.wait_for("Linked")
        check("facilitator: Enter after a search opens the top result", "0 results" not in s and "Linked" in s, s)
        # A write key on a read-only screen names presentation mode.
        t.send("T")
        t.wait_for("key: T")
        t.send("n")
        s = t.wait_for("read-only (presentation)")
        check("facilitator: no write keys advertised", "new case" not in s.splitlines()[-1], s.splitlines()[-1])
        check("facilitator: not 'no catalogue store'", "no catalogue store" not in s, s)
        t.send("C-c")
        check("facilitator: exits 0", t.wait_exit() == 0)
        after = written_files(t.home)
        check("facilitator: present saved no map settings (no config/map.json)",
              not os.path.exists(os.path.join(t.home, "config", "map.json")), sorted(after))
        # The -shm/-wal files are the read-only open's (issue 10, files/streams): this passes once that lands.
        check("facilitator: present wrote nothing at all", after == before,
              sorted(set(after.items()) ^ set(before.items())))
    with Tmux(160, 45) as t:
        # P inside a normal session: nothing written while presenting.
        env = {**os.environ, "ASSETMAP_HOME": t.home, "LANG": "C.UTF-8"}
        subprocess.run([BIN, "wards"], env=env, capture_output=True, text=True)
        t.start()
        t.wait_for("? help")
        t.send("m")
        t.wait_for("4 Map")
        t.send("P")
        t.wait_for("PRESENTATION")
        t.send("c")
        t.wait_for("key: c")
        t.send("C-c")
        t.wait_exit()
        check("facilitator: P then c saves no map settings", not os.path.exists(os.path.join(t.home, "config", "map.json")),
              written_files(t.home))


def test_map_tour_by_clusters_names_the_cluster_and_says_paused():
    with Tmux(160, 45) as t:
        t.start("present --tour 0.5 --tour-by clusters")
        s = t.wait_for("cluster (tour)")
        check("tour: a tour by clusters names the cluster", "cluster (tour)" in s, s)
        t.send("h")
        s = t.wait_for("tour paused")
        check("tour: pausing says so", "tour paused" in s, s)
        t.send("C-c")
        t.wait_exit()


def test_map_with_real_boundaries():
    wards = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data", "boundaries",
                         "oldham_wards_2023.geojson")
    if not os.path.exists(wards):
        check("real boundaries: ../shared/data is here", os.environ.get("CI") != "true", wards)
        print(f"skipping: {wards} is not here")
        return
    with Tmux(160, 45) as t:
        env = {**os.environ, "ASSETMAP_HOME": t.home, "LANG": "C.UTF-8"}
        r = subprocess.run([BIN, "boundaries", "import", wards], env=env, capture_output=True, text=True)
        check("real boundaries: imported", r.returncode == 0, r.stderr)
        t.start()
        t.wait_for("? help")
        t.send("m")
        s = t.wait_for("4 Map · ONS boundaries")
        check("real boundaries: the map draws them and names the file", "Ward boundaries: oldham_wards_2023.geojson" in s, s)
        check("real boundaries: OS attribution", "OS data" in flat(s) and "Crown copyright" in flat(s), s)
        check("real boundaries: not called schematic", "Schematic" not in s, s)
        start, _ = focused(s)
        t.send("Left")
        ward, _, s = wait_for_change(t, start)
        check("real boundaries: arrow keys move between wards", ward is not None, s)
        t.send("C-c")
        check("real boundaries: exits 0", t.wait_exit() == 0)
