"""The real program in a real terminal (tmux): keys in, screen out, to the summary.

tmux gives the app a genuine pty of a fixed size; ``send-keys`` types and
``capture-pane`` reads the screen as text, and the pane title shows what the app
wrote as the terminal title.
"""

from __future__ import annotations

import re
import shlex
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

SESSION = """\
name = "Tmux check"
[[steps]]
kind = "run"
duration = 3
[[steps]]
kind = "walk"
duration = 2
"""


@pytest.fixture
def tmux(tmux: Tmux, tmp_path: Path) -> Tmux:
    """The app running a short session in the test's tmux; its exit code goes to ``rc``."""
    session = tmp_path / "tmux-check.toml"
    session.write_text(SESSION)
    rc = shlex.quote(str(tmp_path / "rc"))
    # Written under another name, then renamed: the test reads it as soon as it exists,
    # and `>` makes the file before echo writes to it (CI once read it empty).
    part = shlex.quote(str(tmp_path / "rc.part"))
    tmux.start(
        app_command(
            "run", str(session), "--mute", then=f"echo $? > {part}; mv {part} {rc}; sleep 30"
        )
    )
    return tmux


def session_time(screen: str) -> str:
    match = re.search(r"session (\d+:\d\d) of", screen)
    assert match, f"no session time on screen:\n{screen}"
    return match.group(1)


def test_a_short_session_runs_to_the_summary_and_pause_freezes_it(
    tmux: Tmux, tmp_path: Path
) -> None:
    # "starting…" while the audio prepares (space would start at once).
    screen = tmux.wait_for(lambda s: "RUN" in s and "session" in s and "starting" not in s)
    assert "Tmux check" in screen
    assert "Next  Walk 0:02" in screen

    tmux.keys("Space")
    paused = tmux.wait_for(lambda s: "PAUSED" in s)
    assert "(paused)" in tmux.title()
    assert "space Resume" in tmux.wait_for(lambda s: "Resume" in s)  # the footer's key too
    frozen = session_time(paused)
    time.sleep(1.5)
    again = tmux.screen()
    assert "PAUSED" in again
    assert session_time(again) == frozen  # the time stands still while paused

    tmux.keys("Space")
    tmux.wait_for(lambda s: "WALK" in s, timeout=6)
    summary = tmux.wait_for(lambda s: "Session complete" in s, timeout=6)
    assert "Steps done  2 of 2" in summary
    assert re.search(r"Paused\s+0:0[12] \(1 pause\)", summary)

    tmux.keys("Enter")
    rc_file = tmp_path / "rc"
    deadline = time.monotonic() + 5
    while not rc_file.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert rc_file.read_text().strip() == "0"
    final = tmux.screen()
    assert "Traceback" not in final and "ALSA" not in final
