"""The full-screen app in tmux: killed mid-session, then offered the resume at next start."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import sqlite3
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import timer_tui_command
from tests.e2e.test_tmux_app import Tmux
from timer_tui.library.paths import history_path
from timer_tui.log.records import Outcome
from timer_tui.log.store import History

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


def command(*args: str) -> str:
    env = {k: os.environ[k] for k in os.environ if k.startswith("XDG_")}
    env["TERM"] = "xterm-256color"
    return " ".join(
        [
            "env",
            *(f"{k}={shlex.quote(v)}" for k, v in env.items()),
            *map(shlex.quote, timer_tui_command()),
            *map(shlex.quote, args),
            "; sleep 30",
        ]
    )


@pytest.fixture
def tmux(isolated_dirs: Path) -> Iterator[Tmux]:
    t = Tmux(f"timer-tui-log-{uuid.uuid4().hex[:8]}")
    try:
        yield t
    finally:
        t.run("kill-server")


def app_pid(tmux: Tmux) -> int:
    """The timer-tui process: the child of the pane's shell."""
    shell = int(tmux.run("display-message", "-p", "-t", "app", "#{pane_pid}").strip())
    children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
    assert children, "the app is not running"
    return int(children[0])


def test_killed_app_run_is_logged_then_resumed_from_the_picker(tmux: Tmux, tmp_path: Path) -> None:
    session = tmp_path / "log-check.toml"
    session.write_text(SESSION)
    tmux.run(
        "new-session", "-d", "-s", "app", "-x", "100", "-y", "30",
        command("run", str(session), "--mute"),
    )  # fmt: skip
    tmux.wait_for(lambda s: "WALK" in s, timeout=10)  # step 1 ended, step 2 running
    os.kill(app_pid(tmux), signal.SIGKILL)
    time.sleep(0.3)

    conn = sqlite3.connect(history_path())
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with History.open(readonly=True).history as h:  # type: ignore[union-attr]
        [record] = h.sessions(with_steps=True)
    assert record.outcome is Outcome.INTERRUPTED
    assert [s.index for s in record.steps] == [0]
    assert record.stopped_step == 1

    # Next start of the app (the picker), on a tmux server of its own (a server
    # just killed may still hold the socket): the resume offer comes first.
    tmux.run("kill-server")
    again = Tmux(f"timer-tui-log-{uuid.uuid4().hex[:8]}")
    try:
        again.run(
            "new-session", "-d", "-s", "app", "-x", "100", "-y", "30",
            command(),
        )  # fmt: skip
        offer = again.wait_for(lambda s: "Resume Log check?" in s, timeout=10)
        assert "step 2 of 3" in offer
        again.keys("r")
        again.wait_for(lambda s: "WALK" in s, timeout=10)
        again.wait_for(lambda s: "Session complete" in s, timeout=10)
    finally:
        again.run("kill-server")

    with History.open(readonly=True).history as h:  # type: ignore[union-attr]
        [record] = h.sessions(with_steps=True)
    assert record.outcome is Outcome.COMPLETED
    assert record.resumes == 1
    assert [s.index for s in record.steps] == [0, 1, 2]
