#!/usr/bin/env python3
"""End-to-end checks of issue 10's "everywhere" items: raw escape sequences and query errors
on the search line. Collected by scripts/e2e.py (E2E_ONLY=everywhere runs only these)."""
from e2e_lib import Tmux, check, flat


def search_line(screen):
    return next((l for l in screen.splitlines() if "search:" in l), "")


def test_everywhere_raw_escape_sequences_are_never_typed():
    with Tmux(100, 30) as t:
        t.start()
        t.wait_for("? help")
        t.send("/")
        t.wait_for("search:")
        t.send_literal("walk")
        t.wait_for("walk")
        # End as xterm sends it (CSI F, SS3 F, Ctrl-End), which tmux-256color's terminfo does not
        # describe, then unknown complete CSI and SS3 sequences: none may reach the field.
        for seq in ["\x1b[F", "\x1bOF", "\x1b[1;5F", "\x1b[99~", "\x1b[1;5X", "\x1bOx", "\x1b[?25h"]:
            t.send_literal(seq)
        t.send_literal("ing")
        s = t.wait_for("walking")
        line = search_line(s)
        check("escape: search line holds only what was typed", "search: walking" in line and "[" not in line.split("search:")[1]
              and "~" not in line and "F" not in line.split("search:")[1], s)
        # Home (CSI H) decodes to a key: typing then goes to the front of the field.
        t.send_literal("\x1b[H")
        t.send_literal("x")
        s = t.wait_for("xwalking")
        check("escape: CSI H moves to the start of the field", "search: xwalking" in search_line(s), s)


def test_everywhere_an_invalid_filter_shows_the_error_and_no_results():
    with Tmux(100, 30) as t:
        t.start()
        t.wait_for("? help")
        t.send("/")
        t.wait_for("search:")
        t.send_literal("cat:nonsense")
        s = t.wait_for("The query has a problem")
        check("query error: no results, the error shown", "0 of" in s and "cat" in flat(s), s)
