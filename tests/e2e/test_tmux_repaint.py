"""After resizes, quick ones too, and after a stop (``fg``) during which the window
changed size and the shell drew over it, every part of the screen is drawn at the
window's size (issue 12, item 9: the title, the band, the side panel and the
footer stayed blank until a key was pressed). The real program in tmux."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Callable
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
name = "Repaint check"
[[steps]]
kind = "run"
duration = 120
note = "Short steps, steady breathing"
[[steps]]
kind = "walk"
duration = 60
"""


def app_pid(tmux: Tmux) -> int:
    shell = int(tmux.run("display-message", "-p", "-t", "app", "#{pane_pid}").strip())
    children = subprocess.run(
        ["pgrep", "-P", str(shell)], capture_output=True, text=True, check=False
    ).stdout.split()
    return int(children[0])


def whole(width: int, height: int) -> Callable[[str], bool]:
    """The check that every part is on screen, drawn for a ``width`` x ``height`` window."""

    def check(screen: str) -> bool:
        lines = screen.splitlines()
        return (
            len(lines) == height
            and lines[0].rstrip().endswith("step 1 of 2")  # the name, or a notice in its place
            and len(lines[0].rstrip()) == width - 1  # the position ends at the right edge
            and "RUN" in lines[1]
            and any("to go" in line for line in lines)
            and "Next  Walk 1:00" in screen
            and "Quit" in lines[-1]
        )

    return check


def test_every_part_is_drawn_at_the_new_size_after_resizes_and_a_stop(
    tmux: Tmux, tmp_path: Path
) -> None:
    session = tmp_path / "repaint.toml"
    session.write_text(SESSION)
    tmux.start(app_command("run", str(session), "--mute"))
    tmux.wait_for(whole(100, 30), timeout=10)
    for width, height in [(80, 24), (100, 30), (100, 26), (60, 20), (90, 28)]:
        tmux.run("resize-window", "-t", "app", "-x", str(width), "-y", str(height))
        tmux.wait_for(whole(width, height), timeout=4)
    for width in (81, 83, 85, 87, 89, 91, 93, 95):  # a window dragged: quick resizes
        tmux.run("resize-window", "-t", "app", "-x", str(width), "-y", "27")
    tmux.wait_for(whole(95, 27), timeout=4)

    pid = app_pid(tmux)
    os.kill(pid, signal.SIGSTOP)  # stopped; meanwhile the window changes and is drawn over
    tmux.run("resize-window", "-t", "app", "-x", "100", "-y", "30")
    tty = tmux.run("display-message", "-p", "-t", "app", "#{pane_tty}").strip()
    with Path(tty).open("w") as terminal:
        terminal.write("\033[2J\033[Hbash$ fg\r\n")
    os.kill(pid, signal.SIGCONT)
    tmux.wait_for(whole(100, 30), timeout=4)
