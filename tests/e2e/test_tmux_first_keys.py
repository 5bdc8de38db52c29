"""Keys typed as the screen appears act: a space right after the first frame pauses.

The first frame comes before the countdown is ready for keys (the audio is still
preparing, Textual's key thread starting): a key in that gap was lost.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import Tmux, app_command

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

SESSION = """\
name = "First keys"
[[steps]]
kind = "run"
duration = 30
"""


@pytest.mark.parametrize("mute", [True, False], ids=["muted", "with-audio"])
def test_a_space_sent_at_the_first_frame_pauses(tmux: Tmux, tmp_path: Path, mute: bool) -> None:
    session = tmp_path / "first.toml"
    session.write_text(SESSION)
    args = ["run", str(session), *(["--mute"] if mute else [])]
    tmux.start(app_command(*args))
    deadline = time.monotonic() + 15
    while "First keys" not in tmux.screen():  # the first frame: the session's name is drawn
        assert time.monotonic() < deadline, tmux.screen()
    tmux.keys("Space")
    screen = tmux.wait_for(lambda s: "PAUSED" in s or "0:2" in s, timeout=10)
    time.sleep(1.5)
    screen = tmux.screen()
    assert "PAUSED" in screen, screen
