"""SIGTERM, SIGHUP and SIGINT to the full-screen app: the terminal is given back whole.

The app runs as a job of an interactive shell in tmux, as a user runs it. A signal
from outside (a supervisor's SIGTERM, a closed terminal's SIGHUP, ``kill -INT``)
must leave the shell as it was before the app: the main screen, the cursor shown,
mouse reporting off. The status is the shell's for a process that signal ended
(128 + its number), and the run stays in the log as interrupted, for ``resume``.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import Tmux, app_command, records
from timer_tui.log.records import Outcome

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

SESSION = """\
name = "Signal check"
[[steps]]
kind = "run"
duration = 60
"""


def _terminal_modes(tmux: Tmux) -> str:
    """alternate screen, mouse reporting (any, SGR) and cursor shown, as tmux keeps them."""
    return tmux.run(
        "display-message",
        "-p",
        "-t",
        "app",
        "alt=#{alternate_on} mouse=#{mouse_any_flag}#{mouse_sgr_flag} cursor=#{cursor_flag}",
    ).strip()


def _app_pid(tmux: Tmux) -> int:
    """The app's process: the pane's shell's child running timer-tui."""
    shell = tmux.run("display-message", "-p", "-t", "app", "#{pane_pid}").strip()
    found = subprocess.run(
        ["pgrep", "-P", shell, "-f", "timer.tui"], capture_output=True, text=True, check=False
    )
    return int(found.stdout.split()[0])


@pytest.mark.parametrize(
    ("signum", "status"),
    [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)],
    ids=["SIGTERM", "SIGHUP", "SIGINT"],
)
def test_a_signal_gives_the_terminal_back_and_keeps_the_run_resumable(
    tmux: Tmux, tmp_path: Path, signum: int, status: int
) -> None:
    session = tmp_path / "signal.toml"
    session.write_text(SESSION)
    tmux.start("bash --norc --noprofile -i")
    tmux.wait_for(lambda s: "$" in s or "#" in s)
    before = _terminal_modes(tmux)
    tmux.keys(app_command("run", str(session), "--mute", then="echo status=$?"), "Enter")
    tmux.wait_for(lambda s: "RUN" in s and "Signal check" in s and "starting" not in s)
    time.sleep(1.0)  # the run has started: its row is in the log
    assert _terminal_modes(tmux) != before  # the app has the alternate screen
    os.kill(_app_pid(tmux), signum)
    screen = tmux.wait_for(lambda s: re.search(r"^status=\d+", s, re.M) is not None, timeout=10)
    assert re.search(rf"^status={status}$", screen, re.M), screen
    assert _terminal_modes(tmux) == before
    assert "Traceback" not in screen
    [record] = records(dict(os.environ))
    assert record.outcome is Outcome.INTERRUPTED


def test_a_closed_terminal_ends_the_app(tmux: Tmux, tmp_path: Path) -> None:
    """The terminal goes away (its window closed: the pty's other end is gone, and the
    kernel sends SIGHUP). Nothing can be given back to it, and the app must still end:
    it hung writing to the dead terminal, the log held open, until killed (found
    after a80de0b, in side_by_side's leftovers)."""
    session = tmp_path / "signal.toml"
    session.write_text(SESSION)
    tmux.start(app_command("run", str(session), "--mute"))
    tmux.wait_for(lambda s: "RUN" in s and "Signal check" in s and "starting" not in s)
    time.sleep(1.0)
    shell = tmux.run("display-message", "-p", "-t", "app", "#{pane_pid}").strip()
    app = int(
        subprocess.run(
            ["pgrep", "-P", shell, "-f", "timer.tui"], capture_output=True, text=True
        ).stdout.split()[0]
        or shell
    )
    tmux.run("kill-server")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and Path(f"/proc/{app}").exists():
        time.sleep(0.1)
    alive = Path(f"/proc/{app}").exists()
    if alive:
        os.kill(app, signal.SIGKILL)
    assert not alive, "the app was still running 10 s after its terminal closed"
    [record] = records(dict(os.environ))
    assert record.outcome is Outcome.INTERRUPTED
