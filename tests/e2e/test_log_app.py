"""The full-screen app in tmux: killed mid-session, then offered the resume at next start."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tests.conftest import logged_sessions
from tests.e2e.conftest import Tmux, app_command
from timer_tui.library.paths import history_path
from timer_tui.log.records import Outcome

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

SESSION = """\
name = "Log check"
[cues]
countdown = 0
halfway = false
[[steps]]
kind = "run"
duration = 2
[[steps]]
kind = "walk"
duration = 2
[[steps]]
kind = "run"
duration = 2
"""


def app_pid(tmux: Tmux) -> int:
    """The timer-tui process: the child of the pane's shell."""
    shell = int(tmux.run("display-message", "-p", "-t", "app", "#{pane_pid}").strip())
    children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
    assert children, "the app is not running"
    return int(children[0])


def test_killed_app_run_is_logged_then_resumed_from_the_picker(tmux: Tmux, tmp_path: Path) -> None:
    session = tmp_path / "log-check.toml"
    session.write_text(SESSION)
    tmux.start(app_command("run", str(session), "--mute"))
    tmux.wait_for(lambda s: "WALK" in s, timeout=10)  # step 1 ended, step 2 running
    os.kill(app_pid(tmux), signal.SIGKILL)
    time.sleep(0.3)

    conn = sqlite3.connect(history_path())
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    [record] = logged_sessions(with_steps=True)
    assert record.outcome is Outcome.INTERRUPTED
    assert [s.index for s in record.steps] == [0]
    assert record.stopped_step == 1

    # Next start of the app (the picker), on a tmux server of its own (a server
    # just killed may still hold the socket): the resume offer comes first.
    tmux.run("kill-server")
    again = Tmux.fresh("timer-tui-log")
    try:
        again.start(app_command())
        offer = again.wait_for(lambda s: "Resume Log check?" in s, timeout=10)
        assert "step 2 of 3" in offer
        again.keys("r")
        again.wait_for(lambda s: "WALK" in s, timeout=10)
        again.wait_for(lambda s: "Session complete" in s, timeout=10)
    finally:
        again.run("kill-server")

    [record] = logged_sessions(with_steps=True)
    assert record.outcome is Outcome.COMPLETED
    assert record.resumes == 1
    assert [s.index for s in record.steps] == [0, 1, 2]
