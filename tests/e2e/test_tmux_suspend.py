"""Ctrl+Z in the full-screen app: suspended to the shell, paused, and whole again after `fg`.

The app runs as a job of an interactive shell in tmux, as a user runs it: Ctrl+Z
must hand the terminal back to the shell (SIGTSTP), the stopped time must be a
pause (the screen says so and waits), and `fg` must repaint the whole screen.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import Tmux, app_command, records

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

SESSION = """\
name = "Suspend check"
[[steps]]
kind = "run"
duration = 3
[[steps]]
kind = "walk"
duration = 1
"""
STOPPED = 2.5


def test_ctrl_z_suspends_pauses_and_fg_repaints(tmux: Tmux, tmp_path: Path) -> None:
    session = tmp_path / "suspend.toml"
    session.write_text(SESSION)
    tmux.start("bash --norc --noprofile -i")
    tmux.wait_for(lambda s: "$" in s or "#" in s)
    tmux.keys(app_command("run", str(session), "--mute", then=":"), "Enter")
    tmux.wait_for(lambda s: "RUN" in s and "session" in s and "starting" not in s)
    time.sleep(1.0)
    tmux.keys("C-z")
    stopped_from = time.monotonic()
    shell = tmux.wait_for(lambda s: "Stopped" in s, timeout=5)
    assert "Suspend check" not in shell.split("Stopped")[-1]  # the shell has the terminal
    time.sleep(STOPPED)
    tmux.keys("fg", "Enter")
    screen = tmux.wait_for(lambda s: "paused while stopped for" in s, timeout=5)
    stopped_for = time.monotonic() - stopped_from
    # Whole: the header, the big clock's state, what comes next, the footer's keys.
    whole = ("step 1 of 2", "RUN", "PAUSED", "Next  Walk", "space Resume")
    screen = tmux.wait_for(lambda s: all(part in s for part in whole))
    assert re.search(r"paused while stopped for 0:0[2-4]", screen), screen
    time.sleep(1.0)
    assert "PAUSED" in tmux.screen()  # it waits for the user
    tmux.keys("Space")
    summary = tmux.wait_for(lambda s: "Session complete" in s, timeout=8)
    match = re.search(r"Paused\s+0:0(\d)", summary)
    assert match and int(match.group(1)) >= 3, summary
    assert "Steps done  2 of 2" in summary
    [record] = records(dict(os.environ))
    first = record.steps[0]
    assert first.outcome == "completed"
    assert 2.9 < first.actual_seconds < 3.2
    assert first.paused_seconds > stopped_for - 0.5
    print(
        f"stopped {stopped_for:.2f} s, paused logged {first.paused_seconds:.2f} s, "
        f"active {first.actual_seconds:.2f} s"
    )
