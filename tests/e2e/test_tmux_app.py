"""The real program in a real terminal (tmux): keys in, screen out, to the summary.

tmux gives the app a genuine pty of a fixed size; ``send-keys`` types and
``capture-pane`` reads the screen as text, and the pane title shows what the app
wrote as the terminal title.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import timer_tui_command

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


class Tmux:
    """One tmux server of our own (``-L``), so a developer's sessions are never touched."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def run(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=10
        )
        return done.stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "app")

    def title(self) -> str:
        return self.run("display-message", "-p", "-t", "app", "#{pane_title}").strip()

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "app", *keys)

    def wait_for(self, check: Callable[[str], bool], timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"timed out; the screen was:\n{screen}")


@pytest.fixture
def tmux(tmp_path: Path, isolated_dirs: Path) -> Iterator[Tmux]:
    session = tmp_path / "tmux-check.toml"
    session.write_text(SESSION)
    env = {k: os.environ[k] for k in os.environ if k.startswith("XDG_")}
    env["TERM"] = "xterm-256color"
    rc = tmp_path / "rc"
    command = " ".join(
        [
            "env",
            *(f"{k}={shlex.quote(v)}" for k, v in env.items()),
            *map(shlex.quote, timer_tui_command()),
            "run",
            shlex.quote(str(session)),
            "--mute",
            f"; echo $? > {shlex.quote(str(rc))}; sleep 30",
        ]
    )
    t = Tmux(f"timer-tui-test-{uuid.uuid4().hex[:8]}")
    t.run("new-session", "-d", "-s", "app", "-x", "100", "-y", "30", command)
    t.rc_file = rc  # type: ignore[attr-defined]
    try:
        yield t
    finally:
        t.run("kill-server")


def session_time(screen: str) -> str:
    match = re.search(r"session (\d+:\d\d) of", screen)
    assert match, f"no session time on screen:\n{screen}"
    return match.group(1)


def test_a_short_session_runs_to_the_summary_and_pause_freezes_it(tmux: Tmux) -> None:
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
    rc_file: Path = tmux.rc_file  # type: ignore[attr-defined]
    deadline = time.monotonic() + 5
    while not rc_file.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert rc_file.read_text().strip() == "0"
    final = tmux.screen()
    assert "Traceback" not in final and "ALSA" not in final
