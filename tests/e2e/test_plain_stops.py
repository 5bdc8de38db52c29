"""A real `run --plain --json` stopped (SIGSTOP or SIGTSTP) for 3 s then continued.

The stopped time is a pause: no step ends while stopped, no burst of events comes
out at SIGCONT, the step's paused time in the log is the stopped time and its
active time is not. Plain mode says so in one line and waits for the user, or
resumes by itself when the config says ``[run] resume_after_stop = true``.
"""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import start_timer_tui
from tests.e2e.conftest import records
from tests.e2e.test_plain_realtime import LineReader

pytestmark = pytest.mark.e2e

STOPPED = 3.0
SESSION = """name = "Stop me"
[cues]
countdown = 0
halfway = false
[[steps]]
kind = "run"
duration = 4
[[steps]]
kind = "walk"
duration = 1
"""


@pytest.mark.parametrize(
    ("signum", "resume_by_itself"),
    [(signal.SIGSTOP, False), (signal.SIGTSTP, False), (signal.SIGSTOP, True)],
)
def test_a_stopped_run_pauses_for_the_stopped_time(
    tmp_path: Path, subprocess_env: dict[str, str], signum: int, resume_by_itself: bool
) -> None:
    path = tmp_path / "stop.toml"
    path.write_text(SESSION)
    if resume_by_itself:
        config = Path(subprocess_env["XDG_CONFIG_HOME"]) / "timer-tui" / "config.toml"
        config.parent.mkdir(parents=True)
        config.write_text("[run]\nresume_after_stop = true\n")
    proc = start_timer_tui(
        "run",
        str(path),
        "--plain",
        "--json",
        "--mute",
        env=subprocess_env,
        stdin=subprocess.PIPE,
        own_job=True,
    )
    reader = LineReader(proc)
    try:
        reader.until("step_started", 10)
        # The stop falls 1 s into a 4 s step: under load the test's own thread may
        # be late by a second or two, and the step must not end before the stop.
        time.sleep(1.0)
        stopped_from = time.monotonic()
        proc.send_signal(signum)
        time.sleep(STOPPED)
        assert reader.lines.empty(), (
            f"a line came out while the process was stopped: {list(reader.lines.queue)}"
        )
        proc.send_signal(signal.SIGCONT)
        stopped_for = time.monotonic() - stopped_from
        paused = reader.until("paused", 5)
        assert [e["event"] for _, e in paused] == ["paused"], "a burst of events at SIGCONT"
        notice = paused[-1][1]
        # The process dates its own stop (SIGTSTP's handler) a moment after we sent
        # it, and a VM woken from idle takes milliseconds to run the handler: CI saw
        # 2.999 s for a 3 s stop. The bound stays within 2% of the stop's length.
        assert STOPPED - 0.05 <= float(str(notice["stopped"])) < STOPPED + 1.0
        if resume_by_itself:
            assert [e["event"] for _, e in reader.until("resumed", 2)] == ["resumed"]
        else:
            time.sleep(0.5)
            assert reader.lines.empty(), "plain mode must wait for the user"
            assert proc.stdin is not None
            proc.stdin.write(" \n")  # space: resume
            proc.stdin.flush()
        rest = reader.until("session_finished", 10)
        assert proc.wait(timeout=5) == 0
    finally:
        proc.kill()
    ended = [e for _, e in rest if e["event"] == "step_ended"]
    assert [e["outcome"] for e in ended] == ["completed", "completed"]
    first = ended[0]
    assert 3.9 < float(str(first["active"])) < 4.1  # the stopped time is not active
    [record] = records(subprocess_env)
    logged = record.steps[0]
    assert logged.outcome == "completed"
    assert stopped_for - 0.3 < logged.paused_seconds < stopped_for + 1.5
    assert 3.9 < logged.actual_seconds < 4.1
    print(
        f"stopped {stopped_for:.2f} s, notice {float(str(notice['stopped'])):.2f} s, "
        f"paused logged {logged.paused_seconds:.2f} s, "
        f"active {logged.actual_seconds:.2f} s, steps skipped "
        f"{sum(s.outcome != 'completed' for s in record.steps)}"
    )
