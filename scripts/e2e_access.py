#!/usr/bin/env python3
"""End-to-end tests of accessible mode (collected by scripts/e2e.py; E2E_ONLY=access): where the
terminal's real cursor is, read from tmux."""
from e2e_lib import Tmux, check


def cursor(t):
    """(x, y, visible) of the pane's real cursor."""
    x, y, flag = t._tmux("display", "-p", "-t", "t", "#{cursor_x},#{cursor_y},#{cursor_flag}").strip().split(",")
    return int(x), int(y), flag == "1"


def test_access_cursor_on_selected_row_and_search_caret():
    with Tmux(80, 24) as t:
        t.start("--accessible")
        s = t.wait_for("? help")
        x, y, shown = cursor(t)
        lines = s.splitlines()
        check("access: the real cursor is shown", shown, (x, y, shown))
        check("access: the cursor is on the results list's first row", "2 Results" in lines[y - 2] or "Name" in lines[y - 1],
              f"{(x, y)}\n{s}")
        first = lines[y][x:].strip()
        t.send("Down")
        t.wait_for(first, settle=0.2)
        x2, y2, _ = cursor(t)
        s2 = t.screen()
        check("access: Down moves the cursor to the next row", (x2, y2) == (x, y + 1), f"{(x, y)} -> {(x2, y2)}\n{s2}")
        check("access: the row under the cursor starts with a name", s2.splitlines()[y2][x2:x2 + 1].strip() != "", s2)
        t.send("/")
        t.send_literal("walk")
        s3 = t.wait_for("search: walk", settle=0.2)
        x3, y3, shown3 = cursor(t)
        line = s3.splitlines()[y3]
        check("access: while typing the cursor sits on the search caret",
              shown3 and "search:" in line and line[:x3].endswith("walk"), f"{(x3, y3)} {line!r}")
        t.send("Escape")
        t.wait_for("search: walk", absent=True)
        t.send("q")
        t.wait_exit()


def test_access_environment_and_default():
    with Tmux(80, 24) as t:
        t.start(env="ASSETMAP_ACCESSIBLE=1")
        t.wait_for("? help", settle=0.2)
        check("access: ASSETMAP_ACCESSIBLE=1 shows the cursor", cursor(t)[2], cursor(t))
        t.send("q")
        t.wait_exit()
    with Tmux(80, 24) as t:
        t.start()
        t.wait_for("? help", settle=0.2)
        check("access: without accessible mode the cursor is hidden", not cursor(t)[2], cursor(t))
        t.send("q")
        t.wait_exit()
