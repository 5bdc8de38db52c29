"""The countdown's buttons clicked with a mouse in a real terminal (tmux, held upright).

tmux passes the mouse report a terminal sends for a click (SGR: ``ESC [ < 0 ; x ;
y M`` and ``m``) to the app in its pty, as a terminal emulator would.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import Tmux, app_command

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"
    ),
]

SESSION = Path(__file__).resolve().parent.parent / "app" / "sessions" / "test-program"


def click(tmux: Tmux, word: str, screen: str) -> None:
    """A left click on the middle of ``word`` where the screen shows it."""
    for row, line in enumerate(screen.splitlines()):
        column = line.find(word)
        if column >= 0:
            x, y = column + len(word) // 2 + 1, row + 1  # the report counts from 1
            tmux.run("send-keys", "-t", "app", "-l", f"\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m")
            return
    raise AssertionError(f"{word!r} is not on the screen:\n{screen}")


def test_a_click_on_pause_pauses_and_on_resume_resumes(tmux: Tmux) -> None:
    command = app_command("run", str(SESSION / "intervals.toml"), "--mute")
    tmux.run("new-session", "-d", "-s", "app", "-x", "45", "-y", "50", command)
    screen = tmux.wait_for(lambda s: "Pause" in s and "Next ▶" in s)
    time.sleep(0.5)  # the session under way
    click(tmux, "Pause", screen)
    screen = tmux.wait_for(lambda s: "Resume" in s and "PAUSED" in s)
    time.sleep(0.3)  # a button takes no second press within 0.2 s
    click(tmux, "Resume", screen)
    screen = tmux.wait_for(lambda s: "PAUSED" not in s and "Pause" in s)
    click(tmux, "Next ▶", screen)
    tmux.wait_for(lambda s: "RUN" in s and "step 2 of 6" in s)


def test_a_click_on_the_key_bar_presses_its_key(tmux: Tmux) -> None:
    """At 100x30 there are no buttons: the keys on the bottom line are what a mouse hits
    (``ui/widgets/keybar.py``, one widget, finds the key by column)."""
    command = app_command("run", str(SESSION / "intervals.toml"), "--mute")
    tmux.run("new-session", "-d", "-s", "app", "-x", "100", "-y", "30", command)
    screen = tmux.wait_for(lambda s: "space Pause" in s and "n Next" in s)
    assert "Next ▶" not in screen  # the keys, not a button
    time.sleep(0.5)  # the session under way
    click(tmux, "space Pause", screen)
    screen = tmux.wait_for(lambda s: "PAUSED" in s and "space Resume" in s)
    click(tmux, "n Next", screen)
    tmux.wait_for(lambda s: "step 2 of 6" in s)
