"""A log locked by another program never makes a real `timer-tui run --plain` late.

The recorder writes in the timer's thread only when the log is free; while another
connection holds it (``BEGIN EXCLUSIVE``), the writes wait in a background thread
and go in, in order, once it is released. Every step still ends up in the log.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import start_timer_tui
from tests.e2e.conftest import db_path, records
from timer_tui.log.records import Outcome

pytestmark = pytest.mark.e2e

STEPS = 4
SESSION = """name = "Locked"
[cues]
countdown = 0
halfway = false
""" + "".join('[[steps]]\nkind = "run"\nduration = 1\n' for _ in range(STEPS))

MAX_LATE_MS = 150
"""A write that waited for the lock would make the line about 500 ms late (the lock is
held half a second past the boundary at 1 s). A free log's commit is in the line's
lateness (its row is in before the line is out), and a virtual machine woken from a
second's idle takes several milliseconds to run anything: 13-25 ms on CI's machine.
Precise figures are benchmarks/cue_latency.py's, not a test's."""


def start(session: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return start_timer_tui("run", str(session), "--plain", "--json", "--mute", env=env)


def next_event(proc: subprocess.Popen[str]) -> dict[str, Any]:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line, "the run ended early"
    event: dict[str, Any] = json.loads(line)
    return event


def lock(env: dict[str, str]) -> sqlite3.Connection:
    conn = sqlite3.connect(db_path(env), isolation_level=None, timeout=5)
    conn.execute("BEGIN EXCLUSIVE")
    return conn


@pytest.fixture
def session_file(tmp_path: Path) -> Path:
    path = tmp_path / "locked.toml"
    path.write_text(SESSION)
    return path


def test_a_log_locked_for_1_5_s_mid_run_makes_no_event_late(
    session_file: Path, subprocess_env: dict[str, str]
) -> None:
    proc = start(session_file, subprocess_env)
    events = [next_event(proc), next_event(proc)]  # session_started, step_started 0
    blocker = lock(subprocess_env)  # held over the boundaries at 1 s and 2 s
    time.sleep(1.5)
    blocker.execute("COMMIT")
    blocker.close()
    out, err = proc.communicate(timeout=20)
    events += [json.loads(line) for line in out.splitlines()]
    assert proc.returncode == 0, err
    assert events[-1]["event"] == "session_finished"
    late = [(e["event"], e["index"], e["late_ms"]) for e in events]
    assert all(ms < MAX_LATE_MS for _, _, ms in late), late
    assert "not be saved" not in err, err
    [record] = records(subprocess_env)
    assert record.outcome is Outcome.COMPLETED
    assert [s.index for s in record.steps] == list(range(STEPS))
    assert all(s.outcome == "completed" for s in record.steps)


def test_a_log_locked_over_the_end_is_still_written_before_the_process_exits(
    session_file: Path, subprocess_env: dict[str, str]
) -> None:
    proc = start(session_file, subprocess_env)
    events = [next_event(proc), next_event(proc)]
    blocker = lock(subprocess_env)  # from step 1 until after the session is over
    while events[-1]["event"] != "session_finished":
        events.append(next_event(proc))
    time.sleep(0.5)
    assert proc.poll() is None  # waiting (bounded) for the log at exit
    blocker.execute("COMMIT")
    blocker.close()
    _, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    late = [(e["event"], e["index"], e["late_ms"]) for e in events]
    assert all(ms < MAX_LATE_MS for _, _, ms in late), late
    [record] = records(subprocess_env)
    assert record.outcome is Outcome.COMPLETED
    assert [s.index for s in record.steps] == list(range(STEPS))
