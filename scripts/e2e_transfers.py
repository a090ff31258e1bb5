#!/usr/bin/env python3
"""End-to-end tests of transfer cases inside the explorer (collected by scripts/e2e.py;
E2E_ONLY=transfer runs only these). Each run has its own ASSETMAP_HOME, seeded from the default
catalogue, with ASSETMAP_TODAY fixed so derived values do not depend on the day."""
import json, os, re, shutil, subprocess, tempfile, time

from e2e_lib import BIN, Tmux, check, flat, restored

TODAY = "2026-06-01"


def cli(home, *args):
    """Runs a non-interactive assetmap command on the same catalogue as the app."""
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "ASSETMAP_HOME": home, "HOME": home, "ASSETMAP_TODAY": TODAY}
    return subprocess.run([BIN, *args], env=env, capture_output=True, text=True, timeout=60)


def test_transfer_create_advance_twice_and_history_in_the_app():
    with Tmux(120, 36, env={"ASSETMAP_TODAY": TODAY}) as t:
        t.start("--officer e2e-officer")
        t.wait_for("? help")
        t.send("T")
        s = t.wait_for("Pipeline")
        check("transfers: T opens the pipeline with counts per stage", "Heads of terms" in s and "Transfer cases" in s, s)
        # A new case: text fields, a choice list and a date typed as today-14.
        t.send("n")
        t.wait_for("New transfer case")
        t.send_literal("pl-alexandra-park")
        t.send("Tab")
        t.send_literal("Friends of Alexandra Park")
        t.send("Tab", "Tab", "Right", "Right", "Tab")  # owner (default), tenure sought: management agreement
        t.send_literal("Jo Smith")
        t.send("Tab", "C-u")
        t.send_literal("today-14")
        s = t.wait_for("= 2026-05-18")
        check("new case form: the date resolves as it is typed", "today-14" in s and "Management agreement" in s, s)
        t.send("C-s")
        s = t.wait_for("saved cat-")
        m = re.search(r"saved (cat-\d+) \(version (\d+)\) by e2e-officer", s)
        check("new case: saved and shown", m is not None and "Enquiry since 2026-05-18" in s, s)
        case = m.group(1) if m else "cat-0"
        # Advance twice: each opens a form with what the next stage needs, saved with Ctrl-S.
        t.send("a")
        t.wait_for("Advance to Expression of interest")
        t.send("C-s")
        s = t.wait_for("Expression of interest since")
        check("advance 1: enquiry → expression of interest", f"saved {case}" in s, s)
        t.send("a")
        t.wait_for("Advance to Screening")
        t.send("C-s")
        s = t.wait_for("Screening since")
        check("advance 2: → screening", f"saved {case}" in s and "Jo Smith" in s, s)
        # Its history, in the app.
        t.send("h")
        s = t.wait_for(f"History of {case}")
        check("history: creation and both moves, by the officer",
              "create" in s and s.count("advance") >= 2 and "e2e-officer" in s
              and "stage: enquiry → expression-of-interest" in s and "stage: expression-of-interest → screening" in s, s)
        t.send("C-c")
        check("quit after the history", t.wait_exit() == 0)
        check("terminal restored", restored(t.wait_for("AFTER-APP")), t.screen())
        # The command line reads the same record and audit trail from the database.
        r = cli(t.home, "transfer", "history", case, "--json")
        events = json.loads(r.stdout) if r.returncode == 0 else []
        stages = [e["new"] for e in events if e.get("field") == "stage"]
        check("database: the app's three changes are in the audit trail",
              stages == ["enquiry", "expression-of-interest", "screening"] and all(e["by"] == "e2e-officer" for e in events),
              r.stdout + r.stderr)


def test_transfer_read_only_writes_nothing():
    with Tmux(100, 30, env={"ASSETMAP_TODAY": TODAY}) as t:
        before = cli(t.home, "transfer", "list", "--json")   # seeds the catalogue
        audit = cli(t.home, "transfer", "history", "cat-1", "--json").stdout
        t.start("--read-only")
        t.wait_for("READ-ONLY")
        t.send("T")
        t.wait_for("Pipeline")
        t.send("n")
        s = t.wait_for("read-only")
        check("read-only: no new case form", "New transfer case" not in s, s)
        t.send("Enter")
        t.wait_for("version")
        for k in ["e", "N", "u", "o", "C-s", "Enter", "T", "Enter", "a"]:   # Enter on a case shows its building; T comes back
            t.send(k)
        s = t.wait_for("read-only")
        check("read-only: advancing, editing, notes and undo are refused", "Ctrl-S" not in s, s)
        t.send("C-c")
        t.wait_exit()
        after = cli(t.home, "transfer", "list", "--json")
        check("read-only: the cases are unchanged", before.stdout == after.stdout and before.returncode == 0, after.stderr)
        check("read-only: the audit trail is unchanged", audit == cli(t.home, "transfer", "history", "cat-1", "--json").stdout)


def test_transfer_conflict_between_two_terminals():
    home = tempfile.mkdtemp(prefix="assetmap-e2e-shared-")
    cli(home, "transfer", "list")   # seed once
    env = {"ASSETMAP_TODAY": TODAY, "ASSETMAP_HOME": home, "HOME": home}
    with Tmux(110, 34, env=env) as a, Tmux(110, 34, env=env) as b:
        for t, who in ((a, "alice"), (b, "bob")):
            t.start(f"--officer {who}")
            t.wait_for("? help")
            t.send("T")
            t.wait_for("Pipeline")
            t.send("Enter")
            t.wait_for("version")
            t.send("e")
            t.wait_for("Edit cat-")
        a.send("Tab")   # to the applicant field
        a.send_literal("Action Together")   # a group's exact name links it
        b.send("Tab")
        b.send_literal("Age UK Oldham")
        b.send("C-s")
        b.wait_for("saved cat-")
        a.send("C-s")
        s = a.wait_for("Someone else saved")
        check("conflict: the second save is refused and shows what changed",
              "Nothing was saved" in s and "grp-age-uk-oldham (bob)" in s, s)
        a.send("Escape")
        a.send("C-c"); b.send("C-c")
        a.wait_exit(); b.wait_exit()
    first = json.loads(cli(home, "transfer", "list", "--json").stdout)[0]["id"]
    shown = json.loads(cli(home, "transfer", "show", first, "--json").stdout)
    check("conflict: bob's value stands, nothing was overwritten silently",
          json.dumps(shown).find("grp-age-uk-oldham") >= 0 and json.dumps(shown).find("grp-action-together") < 0, json.dumps(shown)[:600])
    shutil.rmtree(home, ignore_errors=True)


def test_transfer_acv_nomination_and_decision_from_a_building():
    with Tmux(120, 36, env={"ASSETMAP_TODAY": TODAY}) as t:
        t.start("--officer e2e-officer")
        t.wait_for("? help")
        t.send(":")
        t.wait_for("Commands")
        t.send_literal("open pl-alexandra-park")
        t.send("Enter")
        s = t.wait_for("t case · v ACV")
        check("acv: the building's detail pane offers its records", "Alexandra Park" in s, s)
        t.send("v")
        t.wait_for("Nomination as an Asset of Community Value")
        t.send("Tab")
        t.send_literal("Friends of Alexandra Park")
        t.send("Tab")
        t.send_literal("c")            # nominator kind: community group
        t.send("C-s")
        s = t.wait_for("Awaiting decision")
        check("acv: nomination saved, decision due in 8 weeks", "2026-07-27" in s and "Community" in s, s)
        t.send("a")
        t.wait_for("Record the decision")
        t.send("Enter")
        t.wait_for("Decision on acv-")
        t.send_literal("l")            # Listed
        t.send("C-s")
        s = t.wait_for("Listed until")
        check("acv: listed for 5 years, the end computed", "Listed until 2031-06-01" in s, s)
        t.send("q")
        s = t.wait_for("ACV now")
        check("acv: the detail pane shows the listing", "Listed until 2031-06-01" in flat(s), s)
        t.send("C-c")
        t.wait_exit()
        r = cli(t.home, "acv", "show", "pl-alexandra-park", "--json")
        check("acv: the database has the listing", r.returncode == 0 and '"listed"' in r.stdout, r.stdout + r.stderr)


def test_transfer_officer_journey_advance_with_a_note_and_read_it():
    """The officer's path: open the transfers screen, start a case choosing the building and the
    applicant by typing part of their names (Tab / Enter take), advance it with a note, then
    read the note in the case and, opened in full, in its history. `T` also works from the map."""
    note = "Met the trustees on site; they will send the survey and the last two years of accounts before the board meets"
    with Tmux(120, 36, env={"ASSETMAP_TODAY": TODAY}) as t:
        t.start("--officer e2e-officer")
        t.wait_for("? help")
        t.send("m")
        t.wait_for("4 Map")
        keys = [0]  # the officer's keys from T on: each key pressed, each character typed

        def press(*k):
            keys[0] += len(k)
            t.send(*k)

        def type_(text):
            keys[0] += len(text)
            t.send_literal(text)

        press("T")
        s = t.wait_for("Pipeline")
        check("officer: T opens the pipeline from the map", "Transfer cases" in s, s)
        press("n")
        t.wait_for("New transfer case")
        # The building and the applicant are chosen from the catalogue by typing part of a name.
        type_("alexandra park")
        s = t.wait_for("Alexandra Park · building")
        press("Tab")
        s = t.wait_for("= pl-alexandra-park")
        type_("ghazali")
        s = t.wait_for("Ghazali Trust · group")
        check("officer: typing part of a group's name lists it under the applicant", "› Ghazali Trust" in s, s)
        press("Enter")
        s = t.wait_for("= grp-ghazali-trust")
        check("officer: Enter takes the group: the field names it, linked to its id",
              "[Ghazali Trust" in s and "no group named" not in s, s)
        press("C-s")
        s = t.wait_for("saved cat-")
        m = re.search(r"saved (cat-\d+)", s)
        case = m.group(1) if m else "cat-0"
        press("a")
        t.wait_for("Advance to Expression of interest")
        press("BTab")  # from the first field back to the last: the note
        type_(note)
        s = t.wait_for("before the board")
        check("officer: the advance form has a note field", "Note" in s, s)
        press("C-s")
        s = t.wait_for("Expression of interest since")
        def unboxed(screen):
            """The screen's text inside the panel borders, its wrapped lines joined."""
            return " ".join(" ".join(l.strip(" │").split()) for l in screen.splitlines() if l.strip(" │"))
        check("officer: the note is shown in full in the case", note in unboxed(s), s)
        press("h")
        t.wait_for(f"History of {case}")
        press("G", "Enter")
        s = t.wait_for(f"{case} · change")
        check("officer: Enter on the history entry opens the change with its note in full",
              "enquiry → expression-of-interest" in s and note in unboxed(s), s)
        typed = len("alexandra park") + len("ghazali") + len(note)
        print(f"    officer journey: {keys[0]} keys from T to the note read in the history "
              f"({keys[0] - typed} keys besides the {typed} characters typed: names in part, and the note)")
        t.send("C-c")
        check("quit after the change", t.wait_exit() == 0)
        r = cli(t.home, "transfer", "show", case, "--json")
        shown = json.loads(r.stdout) if r.returncode == 0 else {}
        notes = [n["text"] for n in shown.get("notes", [])]
        check("database: the note is in the case's notes", notes == [note], r.stdout + r.stderr)
        check("database: the applicant is the group's id", "grp-ghazali-trust" in r.stdout, r.stdout)
        r = cli(t.home, "transfer", "advance", case, "--note", "Screening booked", "--set", "lead-officer=Jo Smith", "--officer", "e2e")
        r2 = cli(t.home, "transfer", "show", case)
        check("cli: advance --note adds the note", r.returncode == 0 and "Screening booked" in r2.stdout, r.stderr + r2.stdout)
