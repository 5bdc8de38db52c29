"""A real `timer-tui run --plain` killed with SIGKILL mid-session loses no finished step.

Also: the killed run is offered and resumed from the step it stopped in, and
several processes writing the log at once all record fully.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import run_timer_tui, start_timer_tui
from tests.e2e.conftest import integrity, records
from timer_tui.log.records import Outcome

pytestmark = pytest.mark.e2e

STEPS = 5
SESSION = """name = "Kill me"
[cues]
countdown = 0
halfway = false
""" + "".join(
    f'[[steps]]\nkind = "{"run" if i % 2 == 0 else "walk"}"\nduration = 1\n' for i in range(STEPS)
)


@pytest.fixture
def session_file(tmp_path: Path) -> Path:
    path = tmp_path / "kill-me.toml"
    path.write_text(SESSION)
    return path


def read_events(proc: subprocess.Popen[str], stop: int, *, timeout: float = 15) -> list[str]:
    """Read JSON lines until ``stop`` of them were read; kill the process on a hang."""
    watchdog = threading.Timer(timeout, proc.kill)
    watchdog.start()
    events: list[str] = []
    try:
        assert proc.stdout is not None
        while len(events) < stop:
            line = proc.stdout.readline()
            if not line:
                break
            events.append(json.loads(line)["event"])
    finally:
        watchdog.cancel()
    return events


def lines_through_step_ended(n: int, *, and_next: bool) -> int:
    # session_started, step_started, then per step: step_ended, step_started.
    return 2 + 2 * (n - 1) + 1 + (1 if and_next else 0)


@pytest.mark.parametrize("finished", [1, 2, 3])
def test_sigkill_after_a_step_ends_keeps_every_finished_step(
    session_file: Path, subprocess_env: dict[str, str], finished: int
) -> None:
    proc = start_timer_tui(
        "run", str(session_file), "--plain", "--json", "--mute", env=subprocess_env
    )
    # The recorder runs after the printer: once the next line is out, the step's
    # transaction has committed (it is written before the next event is handled).
    wanted = lines_through_step_ended(finished, and_next=True)
    events = read_events(proc, wanted)
    assert events.count("step_ended") == finished, events
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=5)

    assert integrity(subprocess_env) == "ok"
    [record] = records(subprocess_env)
    assert record.outcome is Outcome.INTERRUPTED
    assert [s.index for s in record.steps] == list(range(finished))
    assert all(s.outcome == "completed" for s in record.steps)
    assert record.stopped_step == finished
    assert record.ended_at is None
    assert record.outcome_text == f"interrupted at step {finished + 1}/{STEPS}"


def test_sigkill_at_any_instant_leaves_a_sound_log(
    session_file: Path, subprocess_env: dict[str, str]
) -> None:
    """Killed right as the step_ended line is read: the write may or may not be in."""
    proc = start_timer_tui(
        "run", str(session_file), "--plain", "--json", "--mute", env=subprocess_env
    )
    events = read_events(proc, lines_through_step_ended(2, and_next=False))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=5)
    assert events[-1] == "step_ended"
    assert integrity(subprocess_env) == "ok"
    [record] = records(subprocess_env)
    assert record.outcome is Outcome.INTERRUPTED
    assert [s.index for s in record.steps] in ([0], [0, 1])


def test_a_killed_run_is_offered_and_resumed_where_it_stopped(
    session_file: Path, subprocess_env: dict[str, str]
) -> None:
    proc = start_timer_tui(
        "run", str(session_file), "--plain", "--json", "--mute", env=subprocess_env
    )
    read_events(proc, lines_through_step_ended(2, and_next=True))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=5)

    # The next run of the same session says it can be resumed (on stderr).
    offer = run_timer_tui("resume", "--plain", "--json", "--mute", env=subprocess_env, timeout=20)
    assert offer.returncode == 0, offer.stderr
    assert f"resuming Kill me at step 3/{STEPS}" in offer.stderr
    events = [json.loads(line) for line in offer.stdout.splitlines()]
    assert events[0]["event"] == "session_started" and events[0]["index"] == 2
    assert events[-1]["event"] == "session_finished"

    [record] = records(subprocess_env)
    assert record.outcome is Outcome.COMPLETED
    assert record.resumes == 1
    assert [s.index for s in record.steps] == list(range(STEPS))
    assert integrity(subprocess_env) == "ok"

    again = run_timer_tui("resume", "--plain", env=subprocess_env, timeout=10)
    assert again.returncode == 2
    assert "nothing to resume" in again.stderr


def test_resume_right_after_a_kill_before_the_killed_process_is_reaped(
    session_file: Path, subprocess_env: dict[str, str]
) -> None:
    """A killed process stays a zombie until its parent waits: its pid still exists."""
    proc = start_timer_tui(
        "run", str(session_file), "--plain", "--json", "--mute", env=subprocess_env
    )
    read_events(proc, lines_through_step_ended(2, and_next=True))
    os.kill(proc.pid, signal.SIGKILL)
    try:
        stat = Path(f"/proc/{proc.pid}/stat")
        if stat.exists():  # Linux: make sure it is a zombie, not yet reaped
            deadline = time.monotonic() + 5
            while stat.read_text().rpartition(")")[2].split()[0] != "Z":
                assert time.monotonic() < deadline
                time.sleep(0.01)
        offer = run_timer_tui(
            "resume", "--plain", "--json", "--mute", env=subprocess_env, timeout=20
        )
    finally:
        proc.wait(timeout=5)
    assert offer.returncode == 0, offer.stderr
    assert f"resuming Kill me at step 3/{STEPS}" in offer.stderr
    [record] = records(subprocess_env)
    assert record.outcome is Outcome.COMPLETED
    assert [s.index for s in record.steps] == list(range(STEPS))


def test_several_processes_writing_at_once_all_record_fully(
    session_file: Path, subprocess_env: dict[str, str]
) -> None:
    procs = [
        start_timer_tui("run", str(session_file), "--plain", "--json", "--mute", env=subprocess_env)
        for _ in range(4)
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=20)
        assert proc.returncode == 0, err
        assert "locked" not in err and "not be saved" not in err, err
    found = records(subprocess_env)
    assert len(found) == 4
    assert all(r.outcome is Outcome.COMPLETED for r in found)
    assert all([s.index for s in r.steps] == list(range(STEPS)) for r in found)
    assert integrity(subprocess_env) == "ok"
